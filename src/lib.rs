//! nianbao (年报检查): checks Chinese government information-disclosure annual reports
//! (政府信息公开工作年度报告) against the national template, its arithmetic and the law.
//!
//! Data flows one way:
//! input bytes → [`read`] → normalised [`doc::Document`] → [`extract`] → [`model::Report`]
//! (the report as read) → [`rules`] → [`diag::Finding`]s → [`pipeline`] (sorted, capped,
//! placed; cross-year rules over a batch) → [`result`] (the contract of `rules.md`:
//! [`InputResult`] per input, [`BatchResult`], their JSON).
//!
//! Layers, lowest first: a module imports only from layers below its own (unit tests
//! aside, which may check through the whole pipeline).
//! 1. `span`, `keywords`, [`json`] (the pretty JSON printer), [`rules::catalog`] (the
//!    rule table and `Severity`: plain data that imports nothing; it lives with the rules
//!    it describes)
//! 2. [`doc`] (the normalised document)
//! 3. `text_util` (text helpers), [`numbers`]
//! 4. [`dates`]
//! 5. [`model`] (the report model, the template's labels)
//! 6. `heading` (the section headings as written), [`diag`] (findings, diagnostics)
//! 7. [`limits`]
//! 8. [`read`] (bytes → document)
//! 9. [`extract`] (document → model)
//! 10. [`rules`] (model → findings)
//! 11. [`result`] (the contract's types and their JSON)
//! 12. [`pipeline`] (one input: read → extract → rules → result; a batch: cross-year)
//! 13. [`export`] (CSV, HTML), [`draft`] (the table assistant: a drafter's tables
//!     checked by the rules, laid out and written out)
//! 14. `batch` (files and threads, native only), [`api`] (what every front end asks)
//!
//! This crate is plain Rust. The command line is `main.rs`; the WebAssembly binding is
//! the crate `crates/wasm`, which only converts values to and from [`api`]; the readers
//! that the page loads on demand (PDF, legacy Word) are crates of their own that hand
//! the core [`nianbao_items::Items`].

pub mod api;
#[cfg(not(target_arch = "wasm32"))]
pub mod batch;
pub mod diag;
pub mod doc;
pub mod draft;
pub mod export;
pub mod extract;
mod heading;
pub mod json;
pub mod keywords;
pub mod limits;
pub mod model;
pub mod numbers;
pub mod pipeline;
pub mod read;
pub mod result;
pub mod rules;
mod sort;
pub mod span;
#[cfg(test)]
mod test_rng;
mod text_util;

pub use pipeline::{check_all, check_bytes, check_text, Input};
pub use result::{BatchResult, InputResult, Verdict};
pub mod dates;

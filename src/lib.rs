//! nianbao (年报检查): checks Chinese government information-disclosure annual reports
//! (政府信息公开工作年度报告) against the national template, its arithmetic and the law.
//!
//! Data flows one way:
//! input bytes → [`read`] → normalised [`doc::Document`] → [`extract`] → [`model::Report`]
//! → [`rules`] → [`diag::Diagnostic`]s → [`output`] (the JSON contract of `rules.md`).
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
pub mod keywords;
pub mod limits;
pub mod model;
pub mod numbers;
pub mod output;
pub mod read;
pub mod rules;
pub mod span;
#[cfg(test)]
mod test_rng;
mod text_util;

pub use output::{check_all, check_bytes, check_text, FileReport, Input, Output, Verdict};
pub mod dates;

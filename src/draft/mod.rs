//! The table assistant (填写表格, issue 14): tables 二, 三 and 四 as the drafter fills
//! them, checked by the checker's own rules while they are filled, and written out for
//! the report.
//!
//! - [`tables`]: the values under the contract's keys ([`Tables`], [`Draft`]), read from
//!   and written to JSON, and turned into the report model's tables;
//! - [`layout`]: the template's tables as grids with their merged headers;
//! - [`check`](mod@check): the table rules on a draft, its totals and standard sentences
//!   ([`sentences`]);
//! - [`carry`]: a new draft from last year's tables;
//! - [`export`]: HTML, tab-separated text and reader items (for the .docx writer).
//!
//! The page reaches all of it through [`crate::api`], in the on-demand module
//! `crates/tables-wasm`.

pub mod carry;
pub mod check;
pub mod export;
pub mod layout;
pub mod sentences;
pub mod tables;

pub use carry::carry_forward;
pub use check::{check, DraftCheck, Total};
pub use export::{to_html, to_items, to_tsv};
pub use layout::{layout, layout_each, Cell, Grid, Layout};
pub use sentences::Sentence;
pub use tables::{Draft, Table, Tables};

#[cfg(test)]
mod tests;

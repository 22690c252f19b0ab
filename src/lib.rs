//! crossfoot: a rule language and checker for published Chinese government final-accounts
//! reports (部门决算公开).
//!
//! The pipeline: a report YAML is loaded into [`report::Report`] (exact decimals, spans); a
//! rule pack is parsed into an AST ([`rules::ast`]), checked once, bound against each report
//! and evaluated into [`rules::Finding`]s; [`render`] turns them into text or JSON and [`cli`]
//! prints them.

#![forbid(unsafe_code)]

pub mod batch;
pub mod cli;
pub mod diagnostic;
pub mod fsio;
pub mod hash;
pub mod import;
pub mod junit;
pub mod lang;
pub mod packtest;
pub mod pdf;
pub mod render;
pub mod report;
pub mod review;
pub mod rules;
pub mod sarif;
pub mod suggest;
pub mod terminal;

//! footing: a local progress tracker for a home exercise program for foot neuropathy.
//!
//! The library holds everything; `main.rs` only parses, runs and maps errors to exit codes.

pub mod adherence;
pub mod advice;
pub mod assess;
pub mod cli;
pub mod cmd;
pub mod daily;
pub mod demo;
pub mod domain;
pub mod error;
pub mod files;
pub mod formats;
pub mod heat;
pub mod home;
pub mod json_frame;
pub mod norms;
pub mod program;
pub mod record;
pub mod render;
pub mod round;
pub mod status;
pub mod store;
pub mod suggest;
pub mod trend;

pub use cmd::run;

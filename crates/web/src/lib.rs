//! Fairwatch's publication layer: the findings as a static HTML report and as a live
//! web UI with a JSON API.
//!
//! - [`publication`]: the classified record, the answers and page indexes, built once.
//! - [`pages`]: every page as data ([`page::Page`]: body and tables), shared by both
//!   outputs, so the report and the UI cannot drift apart.
//! - [`chart`] and [`map`]: SVG charts and the world choropleth, each with a data
//!   table as its text alternative.
//! - [`site`]: writes the static report; [`server`]: serves it live with search,
//!   filters, the API ([`openapi`]) and the editor's review queue.
//! - [`search`]: the in-memory index behind search.
//!
//! Every string from the data is escaped by maud on its way into HTML and guarded
//! against formula injection on its way into CSV.

#![forbid(unsafe_code)]
// The OpenAPI document is one `json!` literal, deeper than the default limit allows.
#![recursion_limit = "256"]

pub mod chart;
pub mod map;
pub mod openapi;
pub mod page;
pub mod pages;
pub mod publication;
pub mod search;
pub mod server;
pub mod site;

pub use publication::{Filter, Publication};
pub use site::{write_report, ReportSummary};

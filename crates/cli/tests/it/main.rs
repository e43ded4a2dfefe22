//! End-to-end tests of the `fairwatch` binary on the real CAAT record in
//! `../shared/data/caat` (CI provides it beside the checkout) and on hand-made fixtures.
//! One test binary (modules below) keeps link time down.

mod browser;
mod common;
mod companies;
mod doctor;
mod explore;
mod import;
mod ingest;
mod screening;
mod study;
mod web;

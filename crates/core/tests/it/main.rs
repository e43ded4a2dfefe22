//! Integration tests of the core on the real CAAT record (one test binary, to keep link
//! time down): the countries gazetteer and the name normaliser.

mod common;
mod countries;
mod names;

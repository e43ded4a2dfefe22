//! The default dataset, compiled into the binary so that `fairwatch` works on a fresh
//! machine with no network and no files beside it: the CAAT / Omega arms-fair record and
//! two surveillance-vendor reference lists. Provenance: `data/PROVENANCE.md` and
//! `data/vendors/PROVENANCE.md`.

use fairwatch_sources::caat::{CaatImporter, CaatProvenance};
use fairwatch_sources::input::Input;
use fairwatch_sources::vendors::{
    MispGalaxyImporter, VendorCsvImporter, VendorInput, VendorProvenance,
};
use fairwatch_sources::Importer;

/// The CAAT / Omega arms-fair record (gzipped tar of `data/*.json` and `ignore.csv`).
const CAAT_TAR_GZ: &[u8] = include_bytes!("../../../data/caat.tar.gz");
/// The MISP surveillance-vendor galaxy cluster, without its prose descriptions.
const MISP_VENDORS: &[u8] =
    include_bytes!("../../../data/vendors/misp-surveillance-vendor.json.gz");
/// Vendor facts (HQ, capabilities, lineage, URL) for the same vendors.
const VENDOR_FACTS: &[u8] = include_bytes!("../../../data/vendors/vendor-facts.csv");

/// An importer for the bundled CAAT record.
pub fn caat() -> CaatImporter {
    CaatImporter {
        input: Input::TarGzBytes {
            name: "bundled:caat.tar.gz".into(),
            bytes: CAAT_TAR_GZ,
        },
        provenance: CaatProvenance::bundled(),
    }
}

/// Every bundled source, in the order they are loaded.
pub fn all() -> Vec<Box<dyn Importer>> {
    vec![
        Box::new(caat()),
        Box::new(MispGalaxyImporter {
            input: VendorInput::Bytes {
                name: "bundled:data/vendors/misp-surveillance-vendor.json.gz".into(),
                bytes: MISP_VENDORS,
            },
            provenance: VendorProvenance::bundled_misp(),
        }),
        Box::new(VendorCsvImporter {
            input: VendorInput::Bytes {
                name: "bundled:data/vendors/vendor-facts.csv".into(),
                bytes: VENDOR_FACTS,
            },
            provenance: VendorProvenance::bundled_facts(),
        }),
    ]
}

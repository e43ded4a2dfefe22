//! The default dataset, compiled into the binary so that `fairwatch` works on a fresh
//! machine with no network and no files beside it. Provenance: `data/PROVENANCE.md`.

use fairwatch_sources::caat::{CaatImporter, CaatProvenance};
use fairwatch_sources::input::Input;

/// The CAAT / Omega arms-fair record (gzipped tar of `data/*.json` and `ignore.csv`).
const CAAT_TAR_GZ: &[u8] = include_bytes!("../../../data/caat.tar.gz");

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

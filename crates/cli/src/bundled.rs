//! The default dataset, compiled into the binary so that `fairwatch` works on a fresh
//! machine with no network and no files beside it: the CAAT / Omega arms-fair record and
//! two surveillance-vendor reference lists. Provenance: `data/PROVENANCE.md` and
//! `data/vendors/PROVENANCE.md`.

use fairwatch_sources::caat::{CaatImporter, CaatProvenance};
use fairwatch_sources::input::Input;
use fairwatch_sources::lists::{ListFormat, ReadList};
use fairwatch_sources::vendors::{
    MispGalaxyImporter, VendorCsvImporter, VendorInput, VendorProvenance,
};
use fairwatch_sources::Importer;

use crate::screening::ListSpec;

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

/// The screening lists of `../shared/data/lists`, unmodified (`data/LISTS-PROVENANCE.md`).
const LISTS_TAR_GZ: &[u8] = include_bytes!("../../../data/lists.tar.gz");

/// One bundled list publication: its key and provenance, its directory or file in the
/// archive, and its format. Publications of one list are in date order, so importing
/// them in turn builds the list's history.
struct BundledList {
    key: &'static str,
    name: &'static str,
    path: &'static str,
    format: ListFormat,
    published: &'static str,
    publisher: &'static str,
    url: &'static str,
    licence: &'static str,
}

const OFAC: &str = "US Treasury, Office of Foreign Assets Control";
const OFAC_URL: &str = "https://ofac.treasury.gov/sanctions-list-service";
const PUBLIC_DOMAIN: &str = "US government work, public domain";
const CSL_URL: &str = "https://www.trade.gov/consolidated-screening-list";

const BUNDLED_LISTS: &[BundledList] = &[
    BundledList {
        key: "ofac-sdn",
        name: "OFAC Specially Designated Nationals and Blocked Persons",
        path: "lists/ofac-sdn-2021/",
        format: ListFormat::OfacSdn,
        published: "2021-07",
        publisher: OFAC,
        url: OFAC_URL,
        licence: PUBLIC_DOMAIN,
    },
    BundledList {
        key: "ofac-sdn",
        name: "OFAC Specially Designated Nationals and Blocked Persons",
        path: "lists/ofac-sdn-2024/",
        format: ListFormat::OfacSdn,
        published: "2024-05-03",
        publisher: OFAC,
        url: OFAC_URL,
        licence: PUBLIC_DOMAIN,
    },
    BundledList {
        key: "ofac-cons",
        name: "OFAC consolidated non-SDN lists",
        path: "lists/ofac-cons-2025/",
        format: ListFormat::OfacCons,
        published: "2025-12",
        publisher: OFAC,
        url: OFAC_URL,
        licence: PUBLIC_DOMAIN,
    },
    BundledList {
        key: "un",
        name: "UN Security Council consolidated sanctions list",
        path: "lists/un-2026/consolidated.xml",
        format: ListFormat::UnXml,
        published: "2026-02-27",
        publisher: "United Nations Security Council",
        url: "https://main.un.org/securitycouncil/en/content/un-sc-consolidated-list",
        licence: "public",
    },
    BundledList {
        key: "bis-dpl",
        name: "BIS Denied Persons List",
        path: "lists/bis-dpl-2022/dpl.txt",
        format: ListFormat::BisDpl,
        published: "2022-09",
        publisher: "US Commerce, Bureau of Industry and Security",
        url: "https://www.bis.gov/dpl",
        licence: PUBLIC_DOMAIN,
    },
    BundledList {
        key: "csl-2019-sample",
        name: "US Consolidated Screening List (sample, 2019 layout)",
        path: "lists/csl-samples/csl-2019-format.csv",
        format: ListFormat::CslCsv,
        published: "2019",
        publisher: "US Commerce, International Trade Administration",
        url: CSL_URL,
        licence: PUBLIC_DOMAIN,
    },
    BundledList {
        key: "csl-2023-sample",
        name: "US Consolidated Screening List (sample, 2023 layout)",
        path: "lists/csl-samples/csl-2023-format.csv",
        format: ListFormat::CslCsv,
        published: "2023",
        publisher: "US Commerce, International Trade Administration",
        url: CSL_URL,
        licence: PUBLIC_DOMAIN,
    },
    BundledList {
        key: "bis-entity-list-spyware",
        name: "BIS Entity List: spyware firms (compiled from the 2021 and 2023 announcements)",
        path: "lists/csl-samples/entity-list-spyware-compiled.csv",
        format: ListFormat::CslCsv,
        published: "2026-11",
        publisher: "compiled for Fairwatch from BIS announcements",
        url: "https://www.bis.gov/entity-list",
        licence: "CC0",
    },
];

/// The bundled list publications, read, in import order.
pub fn lists() -> anyhow::Result<Vec<(ListSpec, ReadList)>> {
    let files = Input::TarGzBytes {
        name: "bundled:data/lists.tar.gz".into(),
        bytes: LISTS_TAR_GZ,
    }
    .read(&|_| true)?;
    let mut out = Vec::new();
    for b in BUNDLED_LISTS {
        let mine: Vec<(String, &[u8])> = files
            .iter()
            .filter(|f| f.path == b.path || (b.path.ends_with('/') && f.path.starts_with(b.path)))
            .map(|f| (f.path.clone(), f.bytes.as_slice()))
            .collect();
        anyhow::ensure!(!mine.is_empty(), "the bundled archive lacks {}", b.path);
        let read =
            fairwatch_sources::lists::read_files(&format!("bundled:{}", b.path), b.format, &mine)?;
        let spec = ListSpec {
            key: b.key.into(),
            name: b.name.into(),
            published: Some(b.published.into()),
            publisher: Some(b.publisher.into()),
            url: Some(b.url.into()),
            licence: Some(b.licence.into()),
        };
        out.push((spec, read));
    }
    Ok(out)
}

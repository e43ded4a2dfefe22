//! Shared plumbing: running the binary, locating the shared data, and one database
//! with the real record ingested once per test run.

use std::path::{Path, PathBuf};
use std::process::Output;
use std::sync::OnceLock;

/// `../shared/data/caat` relative to the workspace root.
pub fn caat_dir() -> PathBuf {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/data/caat");
    assert!(
        dir.join("data").is_dir(),
        "the real CAAT record is expected at {} (CI checks out ../shared beside the project)",
        dir.display()
    );
    dir
}

pub fn run(db: &Path, args: &[&str]) -> Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_fairwatch"))
        .arg("--db")
        .arg(db)
        .args(args)
        .env_remove("FAIRWATCH_DB")
        .output()
        .expect("the fairwatch binary runs")
}

pub fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// Runs and insists on success, returning stdout.
pub fn ok(db: &Path, args: &[&str]) -> String {
    let o = run(db, args);
    assert!(
        o.status.success(),
        "fairwatch {args:?} failed ({}):\n{}",
        o.status,
        stderr(&o)
    );
    stdout(&o)
}

pub fn json(db: &Path, args: &[&str]) -> serde_json::Value {
    let out = ok(db, args);
    serde_json::from_str(&out)
        .unwrap_or_else(|e| panic!("fairwatch {args:?}: not JSON ({e}):\n{out}"))
}

/// A database with the real record from `../shared/data/caat` and the vendor lists from
/// `../shared/data/vendors` ingested and resolved, shared read-only by the tests of one
/// run. Tests that write copy it with [`copy_of_real_db`].
pub fn real_db() -> &'static Path {
    static DB: OnceLock<(tempfile::TempDir, PathBuf)> = OnceLock::new();
    let (_, path) = DB.get_or_init(|| {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("real.db");
        ok(&db, &["--quiet", "ingest", caat_dir().to_str().unwrap()]);
        let vendors = caat_dir().join("../vendors");
        for file in ["misp-surveillance-vendor.json", "vendor-facts.csv"] {
            ok(
                &db,
                &[
                    "--quiet",
                    "vendors",
                    "import",
                    vendors.join(file).to_str().unwrap(),
                ],
            );
        }
        ok(&db, &["--quiet", "resolve"]);
        // Classified once here, so that the tests reading it (company show, analyze with
        // the default methodology) never write.
        ok(&db, &["--quiet", "classify"]);
        (dir, db)
    });
    path
}

/// A private copy of [`real_db`] that a test may change.
pub fn copy_of_real_db(dir: &Path) -> PathBuf {
    let to = dir.join("copy.db");
    std::fs::copy(real_db(), &to).unwrap();
    to
}

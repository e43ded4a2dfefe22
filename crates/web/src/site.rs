//! The static report: every page of the publication written as plain files that work
//! from `file://` or any static host (relative links only, no scripts, no network).
//!
//! The site is written into a fresh sibling directory and swapped into place at the
//! end, so an interrupted run never leaves a half-written report where the last good
//! one was. A marker file identifies a directory Fairwatch wrote, and only such a
//! directory (or an empty one) is ever replaced.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use crate::page::{layout, Page, STYLE_CSS};
use crate::pages::{self, View};
use crate::publication::Publication;

/// The file that marks a directory as a Fairwatch report.
pub const MARKER: &str = ".fairwatch-report";

/// What was written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReportSummary {
    pub dir: PathBuf,
    pub pages: usize,
    pub downloads: usize,
    pub bytes: u64,
}

/// Every page of the static report, in a stable order.
pub fn report_pages(p: &Publication) -> Vec<Page> {
    let v = View::report(p);
    let mut out = vec![
        pages::index(&v),
        pages::q1(&v),
        pages::q2(&v),
        pages::q3(&v),
        pages::q4(&v),
        pages::fairs(&v),
        pages::methodology(&v),
        pages::provenance(&v),
    ];
    out.extend(p.series.values().map(|s| pages::fair(&v, s)));
    out.extend(p.flagged.iter().map(|&c| pages::company(&v, c)));
    out
}

fn io_err(path: &Path, e: io::Error) -> io::Error {
    io::Error::new(e.kind(), format!("{}: {e}", path.display()))
}

fn write(root: &Path, rel: &str, bytes: &[u8], total: &mut u64) -> io::Result<()> {
    let path = root.join(rel);
    if let Some(dir) = path.parent() {
        fs::create_dir_all(dir).map_err(|e| io_err(dir, e))?;
    }
    fs::write(&path, bytes).map_err(|e| io_err(&path, e))?;
    *total += bytes.len() as u64;
    Ok(())
}

/// Writes the report into `dir`, replacing a previous report there. `progress` is
/// called with (pages done, pages in all).
pub fn write_report(
    p: &Publication,
    dir: &Path,
    progress: &mut dyn FnMut(usize, usize),
) -> io::Result<ReportSummary> {
    if dir.exists() {
        let is_report = dir.join(MARKER).exists();
        let is_empty = fs::read_dir(dir)
            .map_err(|e| io_err(dir, e))?
            .next()
            .is_none();
        if !is_report && !is_empty {
            return Err(io::Error::new(
                io::ErrorKind::AlreadyExists,
                format!(
                    "{} exists and is not a Fairwatch report; choose another --out directory or empty it",
                    dir.display()
                ),
            ));
        }
    }
    let parent = dir
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    fs::create_dir_all(parent).map_err(|e| io_err(parent, e))?;
    let name = dir
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "report".into());
    let staging = parent.join(format!(".{name}.partial-{}", std::process::id()));
    if staging.exists() {
        fs::remove_dir_all(&staging).map_err(|e| io_err(&staging, e))?;
    }
    let result = write_into(p, &staging, progress);
    let (pages, downloads, bytes) = match result {
        Ok(n) => n,
        Err(e) => {
            let _ = fs::remove_dir_all(&staging);
            return Err(e);
        }
    };
    if dir.exists() {
        fs::remove_dir_all(dir).map_err(|e| io_err(dir, e))?;
    }
    fs::rename(&staging, dir).map_err(|e| io_err(dir, e))?;
    Ok(ReportSummary {
        dir: dir.to_path_buf(),
        pages,
        downloads,
        bytes,
    })
}

fn write_into(
    p: &Publication,
    root: &Path,
    progress: &mut dyn FnMut(usize, usize),
) -> io::Result<(usize, usize, u64)> {
    let mut bytes = 0;
    write(
        root,
        MARKER,
        b"Written by fairwatch report; replaced by the next run.\n",
        &mut bytes,
    )?;
    write(root, "style.css", STYLE_CSS.as_bytes(), &mut bytes)?;
    let v = View::report(p);
    let ctx = v.ctx();
    let meta = serde_json::to_value(&p.answers.finding).expect("plain values");
    let answers = serde_json::to_string_pretty(&p.answers).expect("plain values") + "\n";
    write(root, "answers.json", answers.as_bytes(), &mut bytes)?;
    let spec = serde_json::to_string_pretty(&p.methodology.spec).expect("plain values") + "\n";
    write(root, "methodology.json", spec.as_bytes(), &mut bytes)?;
    let mut downloads = 2;
    let pages = report_pages(p);
    let total = pages.len();
    for (i, page) in pages.iter().enumerate() {
        let html = layout(page, &ctx).into_string();
        write(root, &page.path, html.as_bytes(), &mut bytes)?;
        for t in &page.tables {
            write(
                root,
                &page.table_path(t.id, "csv"),
                t.to_csv().as_bytes(),
                &mut bytes,
            )?;
            write(
                root,
                &page.table_path(t.id, "json"),
                t.to_json(&meta).as_bytes(),
                &mut bytes,
            )?;
            downloads += 2;
        }
        progress(i + 1, total);
    }
    Ok((total, downloads, bytes))
}

//! Reading a dataset from a directory or an archive (`.tar.gz`, `.tgz`, `.tar`,
//! `.zip`, such as GitHub's download of a repository) into memory as named files.
//!
//! The whole CAAT record is ~50 MB of JSON, so holding it in memory is cheaper and
//! simpler than streaming, and lets parsing run on all cores.

use std::io::Read;
use std::path::{Path, PathBuf};

use crate::SourceError;

/// One file of a dataset: its path relative to the dataset's root, and its bytes.
#[derive(Debug, Clone)]
pub struct Entry {
    /// Path with `/` separators, relative to the directory or archive root.
    pub path: String,
    pub bytes: Vec<u8>,
}

/// Where a dataset's files come from.
#[derive(Debug, Clone)]
pub enum Input {
    Dir(PathBuf),
    /// A `.tar.gz`, `.tgz`, `.tar` or `.zip` file.
    Archive(PathBuf),
    /// A gzipped tar held in memory (the dataset bundled into the binary).
    TarGzBytes {
        name: String,
        bytes: &'static [u8],
    },
}

impl Input {
    /// Chooses directory or archive from what is at `path`.
    pub fn from_path(path: &Path) -> Result<Input, SourceError> {
        let meta =
            std::fs::metadata(path).map_err(|e| SourceError::io(path.display().to_string(), e))?;
        Ok(if meta.is_dir() {
            Input::Dir(path.to_path_buf())
        } else {
            Input::Archive(path.to_path_buf())
        })
    }

    /// A name for messages.
    pub fn name(&self) -> String {
        match self {
            Input::Dir(p) | Input::Archive(p) => p.display().to_string(),
            Input::TarGzBytes { name, .. } => name.clone(),
        }
    }

    /// Reads every regular file accepted by `keep` (given the relative path).
    pub fn read(&self, keep: &dyn Fn(&str) -> bool) -> Result<Vec<Entry>, SourceError> {
        let mut entries = match self {
            Input::Dir(root) => read_dir(root, keep)?,
            Input::Archive(path) => {
                let name = path.display().to_string();
                let lower = name.to_ascii_lowercase();
                let file = std::fs::File::open(path).map_err(|e| SourceError::io(&name, e))?;
                let reader = std::io::BufReader::new(file);
                if lower.ends_with(".zip") {
                    read_zip(&name, reader, keep)?
                } else if lower.ends_with(".tar.gz") || lower.ends_with(".tgz") {
                    read_tar(&name, flate2::read::GzDecoder::new(reader), keep)?
                } else if lower.ends_with(".tar") {
                    read_tar(&name, reader, keep)?
                } else {
                    return Err(SourceError::invalid(
                        name,
                        crate::error::Place::File,
                        "not a directory or a known archive type",
                        "give a directory in the CAAT layout, or a .tar.gz, .tgz, .tar or .zip of one",
                    ));
                }
            }
            Input::TarGzBytes { name, bytes } => {
                read_tar(name, flate2::read::GzDecoder::new(*bytes), keep)?
            }
        };
        // Archives list files in any order; a stable order makes hashes and errors
        // reproducible.
        entries.sort_by(|a, b| a.path.cmp(&b.path));
        Ok(entries)
    }
}

fn read_dir(root: &Path, keep: &dyn Fn(&str) -> bool) -> Result<Vec<Entry>, SourceError> {
    let mut out = Vec::new();
    let mut stack = vec![root.to_path_buf()];
    while let Some(dir) = stack.pop() {
        let rd =
            std::fs::read_dir(&dir).map_err(|e| SourceError::io(dir.display().to_string(), e))?;
        for item in rd {
            let item = item.map_err(|e| SourceError::io(dir.display().to_string(), e))?;
            let path = item.path();
            let ft = item
                .file_type()
                .map_err(|e| SourceError::io(path.display().to_string(), e))?;
            if ft.is_dir() {
                stack.push(path);
            } else if ft.is_file() {
                let rel = path
                    .strip_prefix(root)
                    .unwrap_or(&path)
                    .components()
                    .map(|c| c.as_os_str().to_string_lossy())
                    .collect::<Vec<_>>()
                    .join("/");
                if keep(&rel) {
                    let bytes = std::fs::read(&path)
                        .map_err(|e| SourceError::io(path.display().to_string(), e))?;
                    out.push(Entry { path: rel, bytes });
                }
            }
        }
    }
    Ok(out)
}

fn read_tar<R: Read>(
    name: &str,
    reader: R,
    keep: &dyn Fn(&str) -> bool,
) -> Result<Vec<Entry>, SourceError> {
    let bad = |e: std::io::Error| {
        SourceError::invalid(
            name,
            crate::error::Place::File,
            format!("not a readable tar archive: {e}"),
            "check that the download completed; re-create it with `tar -czf`",
        )
    };
    let mut archive = tar::Archive::new(reader);
    let mut out = Vec::new();
    for entry in archive.entries().map_err(bad)? {
        let mut entry = entry.map_err(bad)?;
        if !entry.header().entry_type().is_file() {
            continue;
        }
        let path = entry
            .path()
            .map_err(bad)?
            .to_string_lossy()
            .replace('\\', "/");
        let path = path.trim_start_matches("./").to_string();
        if keep(&path) {
            let mut bytes = Vec::with_capacity(entry.size() as usize);
            entry.read_to_end(&mut bytes).map_err(bad)?;
            out.push(Entry { path, bytes });
        }
    }
    Ok(out)
}

fn read_zip<R: Read + std::io::Seek>(
    name: &str,
    reader: R,
    keep: &dyn Fn(&str) -> bool,
) -> Result<Vec<Entry>, SourceError> {
    let bad = |e: String| {
        SourceError::invalid(
            name,
            crate::error::Place::File,
            format!("not a readable zip archive: {e}"),
            "check that the download completed",
        )
    };
    let mut zip = zip::ZipArchive::new(reader).map_err(|e| bad(e.to_string()))?;
    let mut out = Vec::new();
    for i in 0..zip.len() {
        let mut file = zip.by_index(i).map_err(|e| bad(e.to_string()))?;
        if !file.is_file() {
            continue;
        }
        let path = file.name().replace('\\', "/");
        if keep(&path) {
            let mut bytes = Vec::with_capacity(file.size() as usize);
            file.read_to_end(&mut bytes)
                .map_err(|e| bad(format!("{path}: {e}")))?;
            out.push(Entry { path, bytes });
        }
    }
    Ok(out)
}

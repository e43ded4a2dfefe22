//! Helpers shared by the XML list parsers (UN, EU): entity references, whitespace
//! cleaning and line numbers for errors, from quick-xml's byte offsets.

/// Trimmed, with runs of whitespace as one space.
pub(crate) fn clean(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Byte offset to 1-based line number, counting forward from the last offset asked
/// (offsets come in increasing order, so the whole file is scanned once).
pub(crate) struct Lines<'a> {
    bytes: &'a [u8],
    pos: usize,
    line: u64,
}

impl<'a> Lines<'a> {
    pub(crate) fn new(bytes: &'a [u8]) -> Self {
        Lines {
            bytes,
            pos: 0,
            line: 1,
        }
    }

    pub(crate) fn at(&mut self, offset: u64) -> u64 {
        let offset = usize::try_from(offset)
            .unwrap_or(usize::MAX)
            .min(self.bytes.len());
        if offset < self.pos {
            self.pos = 0;
            self.line = 1;
        }
        let newlines = self
            .bytes
            .get(self.pos..offset)
            .map_or(0, |s| s.iter().filter(|&&b| b == b'\n').count());
        self.line += newlines as u64;
        self.pos = offset;
        self.line
    }
}

/// Appends what an entity or character reference stands for. One the file never
/// defines (or a bad character reference) is kept as written rather than losing the
/// text around it.
pub(crate) fn push_reference(text: &mut String, r: &quick_xml::events::BytesRef) {
    if let Ok(Some(c)) = r.resolve_char_ref() {
        text.push(c);
    } else if let Some(s) = quick_xml::escape::resolve_predefined_entity(r) {
        text.push_str(s);
    } else {
        text.push('&');
        text.push_str(r);
        text.push(';');
    }
}

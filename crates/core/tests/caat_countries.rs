//! Measures the gazetteer on the real CAAT fair record: how many country fields,
//! addresses and delegation names it resolves, and whether it agrees with the ISO codes
//! the record already carries. Skipped (with a note) when the record is not present;
//! point `FAIRWATCH_CAAT_DIR` at its `data/` directory to run it elsewhere.
//!
//! Run with `cargo test -p fairwatch-core --test caat_countries -- --nocapture` to see
//! the figures and every unresolved string.

use std::collections::BTreeMap;
use std::path::PathBuf;

use fairwatch_core::country::{DelegationParty, Gazetteer};

const DEFAULT_DIR: &str = "/work/shared/data/caat/data";

/// A tiny JSON reader, enough for the record (core has no JSON dependency).
mod json {
    #[derive(Debug, Clone, PartialEq)]
    pub enum Value {
        Null,
        Bool(bool),
        Number(f64),
        String(String),
        Array(Vec<Value>),
        Object(Vec<(String, Value)>),
    }

    impl Value {
        pub fn get(&self, k: &str) -> Option<&Value> {
            match self {
                Value::Object(fields) => fields.iter().find(|(n, _)| n == k).map(|(_, v)| v),
                _ => None,
            }
        }

        pub fn as_str(&self) -> Option<&str> {
            match self {
                Value::String(s) => Some(s),
                _ => None,
            }
        }

        /// A value or an array of values, as a list (absent: empty).
        pub fn items(v: Option<&Value>) -> Vec<&Value> {
            match v {
                None | Some(Value::Null) => Vec::new(),
                Some(Value::Array(a)) => a.iter().collect(),
                Some(other) => vec![other],
            }
        }
    }

    pub fn parse(text: &str) -> Result<Value, String> {
        let mut p = Parser {
            s: text.as_bytes(),
            i: 0,
        };
        let v = p.value()?;
        p.ws();
        if p.i != p.s.len() {
            return Err(format!("trailing data at {}", p.i));
        }
        Ok(v)
    }

    struct Parser<'a> {
        s: &'a [u8],
        i: usize,
    }

    impl Parser<'_> {
        fn ws(&mut self) {
            while self.i < self.s.len() && self.s[self.i].is_ascii_whitespace() {
                self.i += 1;
            }
        }

        fn eat(&mut self, b: u8) -> Result<(), String> {
            self.ws();
            if self.s.get(self.i) == Some(&b) {
                self.i += 1;
                Ok(())
            } else {
                Err(format!("expected {:?} at {}", b as char, self.i))
            }
        }

        fn value(&mut self) -> Result<Value, String> {
            self.ws();
            match self.s.get(self.i) {
                Some(b'{') => {
                    self.i += 1;
                    let mut fields = Vec::new();
                    self.ws();
                    if self.s.get(self.i) == Some(&b'}') {
                        self.i += 1;
                        return Ok(Value::Object(fields));
                    }
                    loop {
                        self.ws();
                        let k = self.string()?;
                        self.eat(b':')?;
                        let v = self.value()?;
                        fields.push((k, v));
                        self.ws();
                        match self.s.get(self.i) {
                            Some(b',') => self.i += 1,
                            Some(b'}') => {
                                self.i += 1;
                                return Ok(Value::Object(fields));
                            }
                            _ => return Err(format!("bad object at {}", self.i)),
                        }
                    }
                }
                Some(b'[') => {
                    self.i += 1;
                    let mut items = Vec::new();
                    self.ws();
                    if self.s.get(self.i) == Some(&b']') {
                        self.i += 1;
                        return Ok(Value::Array(items));
                    }
                    loop {
                        items.push(self.value()?);
                        self.ws();
                        match self.s.get(self.i) {
                            Some(b',') => self.i += 1,
                            Some(b']') => {
                                self.i += 1;
                                return Ok(Value::Array(items));
                            }
                            _ => return Err(format!("bad array at {}", self.i)),
                        }
                    }
                }
                Some(b'"') => Ok(Value::String(self.string()?)),
                Some(b't') => self.word("true", Value::Bool(true)),
                Some(b'f') => self.word("false", Value::Bool(false)),
                Some(b'n') => self.word("null", Value::Null),
                Some(_) => {
                    let start = self.i;
                    while self.i < self.s.len()
                        && matches!(
                            self.s[self.i],
                            b'-' | b'+' | b'.' | b'e' | b'E' | b'0'..=b'9'
                        )
                    {
                        self.i += 1;
                    }
                    let t = std::str::from_utf8(&self.s[start..self.i]).unwrap();
                    t.parse()
                        .map(Value::Number)
                        .map_err(|_| format!("bad number at {start}"))
                }
                None => Err("unexpected end".into()),
            }
        }

        fn word(&mut self, w: &str, v: Value) -> Result<Value, String> {
            if self.s[self.i..].starts_with(w.as_bytes()) {
                self.i += w.len();
                Ok(v)
            } else {
                Err(format!("bad literal at {}", self.i))
            }
        }

        fn hex4(&mut self) -> Result<u32, String> {
            let h = self.s.get(self.i..self.i + 4).ok_or("short \\u escape")?;
            self.i += 4;
            u32::from_str_radix(std::str::from_utf8(h).unwrap(), 16).map_err(|e| e.to_string())
        }

        fn string(&mut self) -> Result<String, String> {
            self.eat(b'"')?;
            let mut out = Vec::new();
            loop {
                let b = *self.s.get(self.i).ok_or("unterminated string")?;
                self.i += 1;
                match b {
                    b'"' => break,
                    b'\\' => {
                        let e = *self.s.get(self.i).ok_or("bad escape")?;
                        self.i += 1;
                        let c = match e {
                            b'"' => '"',
                            b'\\' => '\\',
                            b'/' => '/',
                            b'b' => '\u{8}',
                            b'f' => '\u{c}',
                            b'n' => '\n',
                            b'r' => '\r',
                            b't' => '\t',
                            b'u' => {
                                let hi = self.hex4()?;
                                let code = if (0xD800..0xDC00).contains(&hi)
                                    && self.s[self.i..].starts_with(b"\\u")
                                {
                                    self.i += 2;
                                    let lo = self.hex4()?;
                                    0x10000
                                        + ((hi - 0xD800) << 10)
                                        + (lo.wrapping_sub(0xDC00) & 0x3FF)
                                } else {
                                    hi
                                };
                                char::from_u32(code).unwrap_or('\u{FFFD}')
                            }
                            _ => return Err(format!("bad escape at {}", self.i)),
                        };
                        let mut buf = [0; 4];
                        out.extend_from_slice(c.encode_utf8(&mut buf).as_bytes());
                    }
                    _ => out.push(b),
                }
            }
            String::from_utf8(out).map_err(|e| e.to_string())
        }
    }
}

use json::Value;

/// Counts of distinct strings, for the report.
#[derive(Default)]
struct Tally {
    rows: usize,
    resolved: usize,
    unresolved: BTreeMap<String, usize>,
}

impl Tally {
    fn add(&mut self, text: &str, ok: bool) {
        self.rows += 1;
        if ok {
            self.resolved += 1;
        } else {
            *self.unresolved.entry(text.to_string()).or_default() += 1;
        }
    }

    fn report(&self, what: &str) {
        println!(
            "{what}: {}/{} rows resolved ({:.2}%), {} distinct unresolved",
            self.resolved,
            self.rows,
            pct(self.resolved, self.rows),
            self.unresolved.len()
        );
        let mut v: Vec<_> = self.unresolved.iter().collect();
        v.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
        for (s, n) in v {
            println!("    {n:>5}  {s:?}");
        }
    }
}

fn pct(a: usize, b: usize) -> f64 {
    if b == 0 {
        100.0
    } else {
        100.0 * a as f64 / b as f64
    }
}

#[test]
fn resolution_on_the_caat_record() {
    let dir = std::env::var_os("FAIRWATCH_CAAT_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(DEFAULT_DIR));
    let Ok(entries) = std::fs::read_dir(&dir) else {
        eprintln!("skipped: CAAT record not found at {}", dir.display());
        return;
    };
    let mut files: Vec<PathBuf> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    files.sort();

    let g = Gazetteer::builtin();
    let mut ex_country = Tally::default();
    let mut ex_address = Tally::default();
    let mut ev_country = Tally::default();
    let mut ev_address = Tally::default();
    let mut delegation = Tally::default();
    let mut organisations: BTreeMap<&'static str, usize> = BTreeMap::new();
    // Rows carrying any country or address, and how many end up with a country.
    let (mut rows_with_any, mut rows_resolved) = (0usize, 0usize);
    // Rows whose only location data is text (no ISO code anywhere): the gazetteer's part.
    let (mut text_only_rows, mut text_only_resolved) = (0usize, 0usize);
    let mut unresolved_rows = Tally::default();
    // Precision: our reading of texts the record already codes.
    let mut disagreements: BTreeMap<String, usize> = BTreeMap::new();
    // Per kind ("country", "address"): texts, texts read, texts read differently.
    let mut coded: BTreeMap<&'static str, [usize; 3]> = BTreeMap::new();

    // Coded country texts the gazetteer does not read (a recall check on names).
    let mut unread_coded_countries = Tally::default();
    let mut check_coded = |kind: &'static str, text: &str, iso2: &str, got: Option<&str>| {
        if kind == "country" {
            unread_coded_countries.add(&format!("{text} [{iso2}]"), got.is_some());
        }
        let c = coded.entry(kind).or_default();
        c[0] += 1;
        if let Some(got) = got {
            c[1] += 1;
            if got != iso2 {
                c[2] += 1;
                *disagreements
                    .entry(format!("{kind} {text:?}: record {iso2}, gazetteer {got}"))
                    .or_default() += 1;
            }
        }
    };

    for f in &files {
        let text = std::fs::read_to_string(f).unwrap();
        let fair = json::parse(&text).unwrap_or_else(|e| panic!("{}: {e}", f.display()));

        for c in Value::items(fair.get("country")) {
            match c {
                Value::String(s) => ev_country.add(s, g.lookup(s).is_some()),
                obj => {
                    let (t, iso) = (obj.get("text"), obj.get("iso2"));
                    if let (Some(t), Some(iso)) =
                        (t.and_then(Value::as_str), iso.and_then(Value::as_str))
                    {
                        check_coded("country", t, iso, g.lookup(t).map(|c| c.iso2));
                    }
                }
            }
        }
        for a in Value::items(fair.get("address")) {
            match a {
                Value::String(s) => ev_address.add(s, g.find_in_address(s).is_some()),
                obj => {
                    let (t, iso) = (obj.get("text"), obj.get("iso2"));
                    if let (Some(t), Some(iso)) =
                        (t.and_then(Value::as_str), iso.and_then(Value::as_str))
                    {
                        check_coded("address", t, iso, g.find_in_address(t).map(|c| c.iso2));
                    }
                }
            }
        }
        for d in Value::items(fair.get("delegation")) {
            let Some(name) = d.get("name").and_then(Value::as_str) else {
                continue;
            };
            match g.delegation(name) {
                DelegationParty::Countries(_) => delegation.add(name, true),
                DelegationParty::Organisation(o) => {
                    *organisations.entry(o).or_default() += 1;
                    delegation.rows += 1;
                }
                DelegationParty::Unknown => delegation.add(name, false),
            }
        }
        for e in Value::items(fair.get("exhibitor")) {
            let countries = Value::items(e.get("country"));
            let addresses = Value::items(e.get("address"));
            if countries.is_empty() && addresses.is_empty() {
                continue;
            }
            rows_with_any += 1;
            let text_only = countries
                .iter()
                .chain(addresses.iter())
                .all(|v| matches!(v, Value::String(_)));
            let mut resolved = false;
            for &c in &countries {
                match c {
                    Value::String(s) => {
                        let ok = g.lookup(s).is_some();
                        ex_country.add(s, ok);
                        resolved |= ok;
                    }
                    obj => {
                        resolved = true;
                        let (t, iso) = (obj.get("text"), obj.get("iso2"));
                        if let (Some(t), Some(iso)) =
                            (t.and_then(Value::as_str), iso.and_then(Value::as_str))
                        {
                            check_coded("country", t, iso, g.lookup(t).map(|c| c.iso2));
                        }
                    }
                }
            }
            for &a in &addresses {
                match a {
                    Value::String(s) => {
                        let ok = g.find_in_address(s).is_some();
                        ex_address.add(s, ok);
                        resolved |= ok;
                    }
                    obj => {
                        resolved = true;
                        let (t, iso) = (obj.get("text"), obj.get("iso2"));
                        if let (Some(t), Some(iso)) =
                            (t.and_then(Value::as_str), iso.and_then(Value::as_str))
                        {
                            check_coded("address", t, iso, g.find_in_address(t).map(|c| c.iso2));
                        }
                    }
                }
            }
            if resolved {
                rows_resolved += 1;
            }
            if text_only {
                text_only_rows += 1;
                text_only_resolved += usize::from(resolved);
            }
            if !resolved {
                let texts: Vec<&str> = countries
                    .iter()
                    .chain(addresses.iter())
                    .filter_map(|v| v.as_str())
                    .collect();
                unresolved_rows.add(&texts.join(" | "), false);
            }
        }
    }

    println!("{} files", files.len());
    println!(
        "exhibitor rows with a country or address: {rows_resolved}/{rows_with_any} get a \
         country ({:.3}%), from the record's ISO codes or strings the gazetteer reads",
        pct(rows_resolved, rows_with_any)
    );
    println!(
        "  of which text only (no ISO code in the record): {text_only_resolved}/{text_only_rows} \
         ({:.2}%)",
        pct(text_only_resolved, text_only_rows)
    );
    unresolved_rows.report("exhibitor rows left without a country (country | address texts)");
    ex_country.report("exhibitor country strings");
    ex_address.report("exhibitor address strings");
    ev_country.report("event country strings");
    ev_address.report("event address strings");
    let orgs: usize = organisations.values().sum();
    println!(
        "delegation rows: {} = {} to countries ({:.2}% of the non-organisation rows) \
         + {orgs} to organisations {organisations:?} + {} unknown",
        delegation.rows,
        delegation.resolved,
        pct(delegation.resolved, delegation.rows - orgs),
        delegation.rows - orgs - delegation.resolved
    );
    delegation.report("delegation names (countries)");
    for (kind, [n, read, differ]) in &coded {
        println!(
            "{kind} objects (text + iso2 in the record): {n}; the gazetteer reads {read} \
             ({:.2}%), {differ} of them differently from the record's iso2",
            pct(*read, *n)
        );
    }
    unread_coded_countries.report("country objects' texts (with the record's iso2)");
    println!("disagreements (the record's text against its own iso2):");
    for (d, n) in &disagreements {
        println!("    {n:>5}  {d}");
    }

    assert!(files.len() > 1000, "expected the full record");
    assert!(pct(rows_resolved, rows_with_any) >= 99.0);
    assert!(pct(delegation.resolved, delegation.rows - orgs) >= 99.0);
    assert!(
        ev_country.unresolved.is_empty(),
        "{:?}",
        ev_country.unresolved
    );
}

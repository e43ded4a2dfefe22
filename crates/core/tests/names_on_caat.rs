//! Runs the name normaliser over every distinct exhibitor name in the real CAAT fair
//! record: no name with a letter or digit may get an empty key, and the figures (how far
//! keys reduce the names, which legal forms, qualifiers, annotations and alternates the
//! names carry, throughput) are printed. Skipped (with a note) when the record is not
//! present; point `FAIRWATCH_CAAT_DIR` at its `data/` directory to run it elsewhere.
//!
//! Run with `cargo test -p fairwatch-core --release --test names_on_caat -- --nocapture`
//! for the figures; throughput in a debug build says little.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::PathBuf;
use std::time::Instant;

use fairwatch_core::country::Gazetteer;
use fairwatch_core::names::{AnnotationKind, Name, Normaliser};

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

/// Every exhibitor name in the record, with how many rows carry it.
fn exhibitor_names(dir: &std::path::Path) -> Option<(usize, BTreeMap<String, usize>)> {
    let entries = std::fs::read_dir(dir).ok()?;
    let mut files: Vec<PathBuf> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    files.sort();
    let mut rows = 0;
    let mut names: BTreeMap<String, usize> = BTreeMap::new();
    for f in &files {
        let text = std::fs::read_to_string(f).unwrap();
        let fair = json::parse(&text).unwrap_or_else(|e| panic!("{}: {e}", f.display()));
        for e in Value::items(fair.get("exhibitor")) {
            if let Some(name) = e.get("name").and_then(Value::as_str) {
                rows += 1;
                *names.entry(name.to_string()).or_default() += 1;
            }
        }
    }
    Some((rows, names))
}

fn pct(a: usize, b: usize) -> f64 {
    if b == 0 {
        0.0
    } else {
        100.0 * a as f64 / b as f64
    }
}

fn top<K: Ord + Clone>(counts: &BTreeMap<K, usize>, n: usize) -> Vec<(K, usize)> {
    let mut v: Vec<(K, usize)> = counts.iter().map(|(k, c)| (k.clone(), *c)).collect();
    v.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    v.truncate(n);
    v
}

#[test]
fn names_on_the_caat_record() {
    let dir = std::env::var_os("FAIRWATCH_CAAT_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(DEFAULT_DIR));
    let Some((rows, names)) = exhibitor_names(&dir) else {
        eprintln!("skipped: CAAT record not found at {}", dir.display());
        return;
    };
    assert!(!names.is_empty(), "no exhibitor names in {}", dir.display());

    let gazetteer = Gazetteer::builtin();
    let t = Instant::now();
    let normaliser = Normaliser::new(&gazetteer);
    let build = t.elapsed();

    let raw: Vec<&str> = names.keys().map(String::as_str).collect();
    // Throughput as a pipeline sees it (each name analysed and consumed), timed three
    // times, the fastest reported: the machine is shared. Keeping all 130,000 results
    // alive costs as much again in allocation.
    let mut best = f64::MAX;
    for _ in 0..3 {
        let t = Instant::now();
        let bytes: usize = raw.iter().map(|r| normaliser.analyse(r).key.len()).sum();
        best = best.min(t.elapsed().as_secs_f64());
        assert!(bytes > 0);
    }
    let analysed: Vec<Name> = raw.iter().map(|r| normaliser.analyse(r)).collect();

    let mut empty: Vec<&str> = Vec::new();
    let mut keys: HashMap<&str, usize> = HashMap::new();
    let mut compact: BTreeSet<String> = BTreeSet::new();
    let mut brands: BTreeSet<&str> = BTreeSet::new();
    let mut legal: BTreeMap<String, usize> = BTreeMap::new();
    let (mut with_legal, mut with_qualifier, mut qualifier_country) = (0, 0, 0);
    let mut qualifier_countries: BTreeMap<String, usize> = BTreeMap::new();
    let mut annotations: BTreeMap<String, usize> = BTreeMap::new();
    let (mut with_annotation, mut with_alternates, mut alternates) = (0, 0, 0);
    let mut changed_display = 0;
    for (r, a) in raw.iter().zip(&analysed) {
        if a.key.is_empty() {
            if r.chars().any(char::is_alphanumeric) {
                empty.push(r);
            }
            continue;
        }
        assert_eq!(a.tokens.join(" "), a.key, "{r:?}");
        *keys.entry(a.key.as_str()).or_default() += names[*r];
        compact.insert(a.compact_key());
        brands.insert(a.brand.as_str());
        if !a.legal_forms.is_empty() {
            with_legal += 1;
        }
        for f in &a.legal_forms {
            *legal.entry(f.clone()).or_default() += 1;
        }
        if let Some(q) = &a.qualifier {
            with_qualifier += 1;
            if let Some(c) = &q.iso2 {
                qualifier_country += 1;
                *qualifier_countries.entry(c.clone()).or_default() += 1;
            }
        }
        if !a.annotations.is_empty() {
            with_annotation += 1;
        }
        for x in &a.annotations {
            let kind = match x.kind {
                AnnotationKind::Formerly => "formerly",
                AnnotationKind::NowKnownAs => "now_known_as",
                AnnotationKind::PartOf => "part_of",
                AnnotationKind::FormerlyPartOf => "formerly_part_of",
            };
            *annotations.entry(kind.to_string()).or_default() += 1;
        }
        if !a.alternates.is_empty() {
            with_alternates += 1;
            alternates += a.alternates.len();
        }
        if a.display != *r {
            changed_display += 1;
        }
    }

    let n = raw.len();
    println!("CAAT exhibitor names: {rows} rows, {n} distinct names");
    println!(
        "keys: {} distinct ({:.1}% of names; {} compact keys, {} brands)",
        keys.len(),
        pct(keys.len(), n),
        compact.len(),
        brands.len()
    );
    println!(
        "legal forms: {with_legal} names ({:.1}%); most common: {:?}",
        pct(with_legal, n),
        top(&legal, 25)
    );
    println!(
        "qualifiers: {with_qualifier} names ({:.1}%), {qualifier_country} with a country; most common: {:?}",
        pct(with_qualifier, n),
        top(&qualifier_countries, 15)
    );
    println!("annotations: {with_annotation} names; by kind: {annotations:?}");
    println!("alternates: {with_alternates} names, {alternates} alternates");
    println!("display differs from the raw name: {changed_display} names");
    let mut biggest: Vec<(&str, usize)> = keys.iter().map(|(k, c)| (*k, *c)).collect();
    biggest.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    println!(
        "rows per key, largest: {:?}",
        &biggest[..biggest.len().min(15)]
    );
    println!(
        "Normaliser::new: {:.2} ms; analyse: {:.0} names/s ({} build)",
        build.as_secs_f64() * 1000.0,
        n as f64 / best,
        if cfg!(debug_assertions) {
            "debug"
        } else {
            "release"
        }
    );

    assert!(
        empty.is_empty(),
        "empty keys for {} names: {:?}",
        empty.len(),
        &empty[..empty.len().min(20)]
    );
    // Deterministic: a second reading gives the same result.
    for (r, a) in raw.iter().zip(&analysed).step_by(97) {
        assert_eq!(&normaliser.analyse(r), a, "{r:?}");
    }
}

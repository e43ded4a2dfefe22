use fairwatch_core::country::Gazetteer;
use fairwatch_core::names::Normaliser;
#[test]
fn scratch() {
    let n = Normaliser::new(&Gazetteer::builtin());
    for raw in std::fs::read_to_string("/tmp/names.txt").unwrap().lines() {
        let a = n.analyse(raw);
        println!("{raw:?} -> key {:?} brand {:?} tokens {:?} alts {:?} initials {:?} forms {:?} compact {:?}", a.key, a.brand, a.tokens, a.alternates, a.initials, a.legal_forms, a.compact_key());
    }
}

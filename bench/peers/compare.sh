#!/usr/bin/env bash
# Side-by-side, in one run: Fairwatch vs Splink (bench/peers/splink_er.py) resolving the
# same 222,845 exhibitor appearances, scored on the same labelled pairs by the same rule.
#
#   python3 -m pip install -r bench/peers/requirements.txt   # once
#   bench/peers/compare.sh [extra splink_er.py options, e.g. --unit distinct]
#
# Environment: SKIP_BUILD=1 uses target/release/fairwatch as it is (no cargo build);
# FAIRWATCH_BIN=path uses another binary (implies SKIP_BUILD); PAIRS=file (default
# eval/er-pairs.csv); OUT=dir keeps the JSON results there.
#
# (a) ingests a fresh database, copies it, and times `fairwatch resolve` on the copy with
#     /usr/bin/time (wall seconds, peak RSS), then `fairwatch evaluate --json`;
# (b) runs splink_er.py on that same database (it reads the appearance table only; its
#     own timer covers load + train + predict + cluster);
# (c) cross-checks the Python scorer against `fairwatch evaluate` on Fairwatch's export,
#     and prints the table.
set -euo pipefail
export PYTHONDONTWRITEBYTECODE=1  # leave no __pycache__ in the repo
cd "$(dirname "$0")/../.."
pairs=${PAIRS:-eval/er-pairs.csv}
bin=${FAIRWATCH_BIN:-target/release/fairwatch}
if [[ -z ${FAIRWATCH_BIN:-} && -z ${SKIP_BUILD:-} ]]; then
  cargo build --release -q
fi
[[ -x $bin ]] || { echo "compare.sh: no Fairwatch binary at $bin" >&2; exit 1; }
[[ -x /usr/bin/time ]] || { echo "compare.sh: needs /usr/bin/time (apt-get install time)" >&2; exit 1; }
python3 -c 'import splink' 2>/dev/null || {
  echo "compare.sh: Splink is not installed: python3 -m pip install -r bench/peers/requirements.txt" >&2
  exit 1
}

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
out=${OUT:-$tmp}
mkdir -p "$out"

echo "== ingest (not timed)" >&2
"$bin" --db "$tmp/ingested.db" --quiet ingest
cp "$tmp/ingested.db" "$tmp/fairwatch.db"

echo "== fairwatch resolve" >&2
/usr/bin/time -f "%e %M" -o "$tmp/fairwatch.time" \
  "$bin" --db "$tmp/fairwatch.db" --quiet resolve --json > "$out/fairwatch-resolve.json"
"$bin" --db "$tmp/fairwatch.db" --quiet evaluate "$pairs" --json > "$out/fairwatch-eval.json"
"$bin" --db "$tmp/fairwatch.db" --quiet export appearances > "$tmp/export.csv"

echo "== splink (bench/peers/splink_er.py $*)" >&2
/usr/bin/time -f "%e %M" -o "$tmp/splink.time" \
  python3 bench/peers/splink_er.py "$tmp/fairwatch.db" --pairs "$pairs" \
  --json "$out/splink.json" "$@"

python3 bench/peers/score_export.py "$tmp/export.csv" "$pairs" > "$out/fairwatch-rescored.json"

python3 - "$tmp/fairwatch.time" "$out/fairwatch-eval.json" "$out/fairwatch-rescored.json" \
  "$tmp/splink.time" "$out/splink.json" <<'EOF'
import json, os, platform, sys

fw_time, fw_eval, fw_rescored, sp_time, sp_json = sys.argv[1:]
fw_secs, fw_kib = open(fw_time).read().split()[-2:]
fw = json.load(open(fw_eval))
rescored = json.load(open(fw_rescored))
same = all(abs(fw[k] - rescored[k]) < 1e-9 for k in (
    "precision", "recall", "f1", "bcubed_precision", "bcubed_recall"))
sp = json.load(open(sp_json))
sp_proc_secs, sp_proc_kib = open(sp_time).read().split()[-2:]

rows = [("fairwatch resolve", float(fw_secs), int(fw_kib) / 1024, fw)]
head = next(s for s in sp["sweep"] if s["threshold"] == sp["threshold"])
rows.append((f"splink p>={sp['threshold']:g} (a priori)", sp["seconds"], sp["peak_mib"], head))
best = sp["best"]
if best["threshold"] != sp["threshold"]:
    rows.append((f"splink p>={best['threshold']:g} (best F1 of sweep)", best["seconds"],
                 sp["peak_mib"], best))

print()
print(f"machine: {os.cpu_count()} cores, {platform.python_implementation()} "
      f"{platform.python_version()}, splink {sp['splink_version']}; "
      f"{sp['appearances']:,} appearances, Splink unit = {sp['unit']} "
      f"({sp['records']:,} records)")
print(f"labelled pairs evaluated: {fw['evaluated']} (Fairwatch), {sp['evaluated']} (Splink)")
hdr = ("tool", "wall s", "peak MiB", "precision", "recall", "F1", "B3-P", "B3-R")
w0 = max(len(r[0]) for r in rows)
print(f"{hdr[0]:<{w0}}  " + "  ".join(f"{h:>9}" for h in hdr[1:]))
for name, secs, mib, m in rows:
    print(f"{name:<{w0}}  {secs:9.2f}  {mib:9.0f}  {m['precision']:9.4f}  {m['recall']:9.4f}"
          f"  {m['f1']:9.4f}  {m['bcubed_precision']:9.4f}  {m['bcubed_recall']:9.4f}")
print()
print("Splink sweep (same predictions, re-clustered; threshold = match probability):")
for s in sp["sweep"]:
    print(f"  p>={s['threshold']:<5g} P {s['precision']:.4f}  R {s['recall']:.4f}  "
          f"F1 {s['f1']:.4f}  B3-P {s['bcubed_precision']:.4f}  B3-R {s['bcubed_recall']:.4f}")
st = sp["stages"]
print()
print(f"Splink timed stages: load {st['load']:.1f} s, train {st['train']:.1f} s, predict "
      f"{st['predict']:.1f} s, cluster {st['cluster']:.1f} s; whole process incl. interpreter, "
      f"scoring and sweep: {float(sp_proc_secs):.1f} s, {int(sp_proc_kib) / 1024:.0f} MiB")
print("Fairwatch wall/peak: the whole `fairwatch resolve` process (/usr/bin/time), which also "
      "writes companies, vendor links, lineage and the review queue to the database.")
print("scorer cross-check: the Python scorer on Fairwatch's export "
      + ("gives the same figures as `fairwatch evaluate`" if same else
         f"DIFFERS from `fairwatch evaluate`: {rescored}"))
sys.exit(0 if same else 1)
EOF

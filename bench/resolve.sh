#!/usr/bin/env bash
# Benchmark: resolving the full record (222,845 appearances, both vendor lists) from
# scratch into companies, vendor links, lineage and the review queue, written to the
# database. A fresh database is ingested once; each run is a new process. Prints wall
# time and peak memory (max RSS) per run, then the median, then resolution quality on
# eval/er-pairs.csv. Figures go to docs/PERFORMANCE.md.
#
#   bench/resolve.sh [runs]        (default 5)
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-5}
cargo build --release -q
bin=target/release/fairwatch
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
"$bin" --db "$tmp/bench.db" --quiet ingest
times=()
for i in $(seq 1 "$runs"); do
  /usr/bin/time -f "%e %M" -o "$tmp/time" "$bin" --db "$tmp/bench.db" --quiet resolve --json > "$tmp/summary.json"
  read -r secs kb < "$tmp/time"
  printf 'run %d: %s s, peak RSS %d MiB\n' "$i" "$secs" "$((kb / 1024))"
  times+=("$secs")
done
printf '%s\n' "${times[@]}" | sort -n | awk '{a[NR]=$1} END {print "median: " a[int((NR+1)/2)] " s over " NR " runs"}'
cat "$tmp/summary.json"
"$bin" --db "$tmp/bench.db" --quiet evaluate eval/er-pairs.csv | head -14

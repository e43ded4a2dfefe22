#!/usr/bin/env bash
# Benchmark: full ingest of the bundled CAAT record into a fresh database, cold (a new
# process and an empty database file each run). Prints wall time and peak memory (max
# RSS) per run, then the median. Figures go to docs/PERFORMANCE.md.
#
#   bench/ingest.sh [runs]        (default 5)
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-5}
cargo build --release -q
bin=target/release/fairwatch
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
times=()
for i in $(seq 1 "$runs"); do
  rm -f "$tmp"/bench.db*
  # Drop the page cache when allowed (root on a VM), so "cold" includes reading the binary.
  sync; (echo 3 > /proc/sys/vm/drop_caches) 2>/dev/null || true
  /usr/bin/time -f "%e %M" -o "$tmp/time" "$bin" --db "$tmp/bench.db" --quiet ingest
  read -r secs kb < "$tmp/time"
  printf 'run %d: %s s, peak RSS %d MiB\n' "$i" "$secs" "$((kb / 1024))"
  times+=("$secs")
done
printf '%s\n' "${times[@]}" | sort -n | awk '{a[NR]=$1} END {print "median: " a[int((NR+1)/2)] " s over " NR " runs"}'
echo "database size: $(du -h "$tmp/bench.db" | cut -f1)"

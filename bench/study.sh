#!/usr/bin/env bash
# Benchmark for the study (issue targets: all four questions on the full record, data
# loaded, under 200 ms; the whole pipeline from an empty database, under 30 s):
#
#  1. pipeline: a new, empty database each run; `fairwatch analyze` ingests the
#     bundled record and vendor lists, resolves, classifies and answers the four
#     questions, in one process. Wall time and peak RSS per run, then the median.
#  2. questions: `fairwatch analyze --timings` on a ready database prints the time to
#     load the record into memory, to classify it, and the median of 20 runs of all
#     four questions plus the yearly series (the figure the target is about).
#
#   bench/study.sh [runs]        (default 5)
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-5}
cargo build --release -q
bin=target/release/fairwatch
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
times=()
for i in $(seq 1 "$runs"); do
  rm -f "$tmp"/pipeline.db*
  /usr/bin/time -f "%e %M" -o "$tmp/time" "$bin" --db "$tmp/pipeline.db" --quiet analyze --json > /dev/null
  read -r secs kb < "$tmp/time"
  printf 'pipeline run %d: %s s, peak RSS %d MiB\n' "$i" "$secs" "$((kb / 1024))"
  times+=("$secs")
done
printf '%s\n' "${times[@]}" | sort -n | awk '{a[NR]=$1} END {print "pipeline median: " a[int((NR+1)/2)] " s over " NR " runs"}'
for i in $(seq 1 "$runs"); do
  "$bin" --db "$tmp/pipeline.db" analyze --timings --json 2>&1 >/dev/null | grep '^timings'
done

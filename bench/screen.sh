#!/usr/bin/env bash
# Benchmark for screening (issue targets: the ~130,000 distinct exhibitor names of the
# record against all bundled lists under 10 s on 2 cores; single-query latency p99
# under 5 ms in-process; Fairwatch faster than a peer matcher with equal or better F1):
#
#  1. batch: `fairwatch screen` of every distinct exhibitor name in the record against
#     every bundled list (without the watchlist, then with it), wall time and peak RSS
#     per run, and the median; `--timings` splits index build from the batch and
#     measures single-query latency (one thread, 10,000 names).
#  2. pairs: `fairwatch compare --pairs eval/screen-pairs.csv` against the rapidfuzz
#     peer (bench/peers/screen_rapidfuzz.py) on the same labelled pairs: precision,
#     recall, F1 and time. Install the peer with
#     `pip install -r bench/peers/requirements-screen.txt`.
#
#   bench/screen.sh [runs]        (default 3)
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-3}
cargo build --release -q
bin=target/release/fairwatch
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
db="$tmp/screen.db"
"$bin" --db "$db" --quiet analyze --json > /dev/null     # the record, resolved and classified
"$bin" --db "$db" --quiet lists list > /dev/null         # the bundled lists
sqlite3 "$db" "SELECT DISTINCT name FROM appearance" > "$tmp/names.txt"
echo "names: $(wc -l < "$tmp/names.txt") distinct exhibitor names"
sqlite3 "$db" "SELECT key, entries FROM list ORDER BY key" | tr '\n' ' '; echo

for mode in --no-watchlist ""; do
  times=()
  for i in $(seq 1 "$runs"); do
    /usr/bin/time -f "%e %M" -o "$tmp/time" "$bin" --db "$db" --quiet screen "$tmp/names.txt" $mode \
      --timings --out "$tmp/hits.csv" 2> "$tmp/timings" > /dev/null
    read -r secs kb < "$tmp/time"
    printf 'screen %s run %d: %s s, peak RSS %d MiB, %d hits\n' "${mode:-with watchlist}" "$i" "$secs" \
      "$((kb / 1024))" "$(($(wc -l < "$tmp/hits.csv") - 1))"
    grep '^timings' "$tmp/timings"
    times+=("$secs")
  done
  printf '%s\n' "${times[@]}" | sort -n | awk -v m="${mode:-with watchlist}" '{a[NR]=$1} END {print "screen " m " median: " a[int((NR+1)/2)] " s over " NR " runs"}'
done

echo "== labelled pairs"
"$bin" --db "$db" --quiet compare --pairs eval/screen-pairs.csv
if ! python3 -c 'import rapidfuzz, numpy' 2> /dev/null; then
  echo "(peer skipped: pip install -r bench/peers/requirements-screen.txt)"
  exit 0
fi
python3 bench/peers/screen_rapidfuzz.py --pairs eval/screen-pairs.csv

echo "== side by side on 10,000 exhibitor names against every list name"
# The peer has no index: it compares every query with every list name (an N x M
# matrix), so it runs on a sample; both tools screen the same sample.
shuf -n 10000 --random-source=<(yes) "$tmp/names.txt" > "$tmp/sample.txt"
sqlite3 "$db" "SELECT json_extract(n.value, '$.text') FROM list_entry e, json_each(e.data, '$.names') n WHERE e.key != 'fairwatch-watchlist'" > "$tmp/listnames.txt"
echo "list names: $(wc -l < "$tmp/listnames.txt")"
/usr/bin/time -f "fairwatch screen of the sample: %e s wall, peak RSS %M KiB" \
  "$bin" --db "$db" --quiet screen "$tmp/sample.txt" --no-watchlist --timings --out "$tmp/sample-hits.csv" 2>&1 | grep -v '^Wrote'
python3 bench/peers/screen_rapidfuzz.py --screen-bench "$tmp/sample.txt" "$tmp/listnames.txt" \
  --workers 2 --scorer token_sort_ratio

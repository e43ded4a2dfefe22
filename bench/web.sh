#!/usr/bin/env bash
# Benchmark for the publication layer (issue targets: the report for the full record
# under 10 s; live UI page loads p95 under 50 ms; the search API at least 2,000
# requests/s on 2 cores with no errors):
#
#  1. report: `fairwatch report` on a ready database (ingested, resolved, classified),
#     wall time and peak RSS per run, then the median. Preparing the data (loading and
#     classifying the record) is part of the time.
#  2. pages: `fairwatch serve`, then wrk (Debian package `wrk`) on each main page for
#     10 s with 4 connections: requests/s and p50/p95/p99 latency.
#  3. search: wrk on /api/search for 20 s with 16 connections, every request a
#     different query (1,000 exhibitor names drawn from the record, cut to their first
#     one or two words as people type them).
#
# The load generator runs on the same 2 cores as the server, so the figures are a floor.
#
#   bench/web.sh [runs]        (default 5; needs wrk: apt-get install wrk)
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-5}
command -v wrk >/dev/null || { echo "bench/web.sh needs wrk: apt-get install wrk" >&2; exit 1; }
cargo build --release -q
bin=target/release/fairwatch
tmp=$(mktemp -d)
server=""
trap '[ -n "$server" ] && kill "$server" 2>/dev/null; rm -rf "$tmp"' EXIT
db="$tmp/web.db"
"$bin" --db "$db" --quiet analyze --json > /dev/null   # ingest, resolve, classify once

times=()
for i in $(seq 1 "$runs"); do
  /usr/bin/time -f "%e %M" -o "$tmp/time" "$bin" --db "$db" --quiet report --out "$tmp/site" > /dev/null
  read -r secs kb < "$tmp/time"
  printf 'report run %d: %s s, peak RSS %d MiB\n' "$i" "$secs" "$((kb / 1024))"
  times+=("$secs")
done
printf '%s\n' "${times[@]}" | sort -n | awk '{a[NR]=$1} END {print "report median: " a[int((NR+1)/2)] " s over " NR " runs"}'
echo "report size: $(find "$tmp/site" -type f | wc -l) files, $(du -sh "$tmp/site" | cut -f1)"

port=18080
"$bin" --db "$db" --quiet serve --addr "127.0.0.1:$port" > "$tmp/serve.log" 2>&1 &
server=$!
for _ in $(seq 1 100); do curl -sf "http://127.0.0.1:$port/api/meta" > /dev/null && break; sleep 0.2; done
base="http://127.0.0.1:$port"
company=$(curl -sf "$base/api/companies?tier=high&limit=1" | python3 -c 'import json,sys; print(json.load(sys.stdin)["companies"][0]["company_id"])')
fair=$(curl -sf "$base/api/answers" | python3 -c 'import json,sys; print(json.load(sys.stdin)["q3"]["fairs"][0]["series_key"])')
p95="$(pwd)/bench/wrk/p95.lua"
for path in / /q1.html /q2.html /q3.html /q4.html "/companies/$company.html" "/fairs/$fair.html" \
            /fairs.html "/search?q=gamma" "/q4.html?from=2012&to=2021"; do
  printf '%-40s ' "$path"
  wrk -t 2 -c 4 -d 10s -s "$p95" "$base$path" | grep '^result'
done

sqlite3 "$db" "SELECT name FROM appearance ORDER BY random() LIMIT 1000" \
  | python3 -c '
import sys, urllib.parse
for line in sys.stdin:
    words = line.split()[:2]
    if words:
        print(urllib.parse.quote(" ".join(words)))' > "$tmp/queries.txt"
printf '%-40s ' "/api/search (1,000 different queries)"
QUERIES="$tmp/queries.txt" P95_LUA="$p95" wrk -t 2 -c 16 -d 20s -s bench/wrk/search.lua "$base" | grep '^result'

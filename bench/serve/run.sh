#!/usr/bin/env bash
# The load test of `xueshi serve`: requests/s, records/s, p50 and p99 for 1-record and
# 1,000-record requests, beside `xueshi eval` on the same records. Results go in
# bench/README.md under "Serving over HTTP".
#   bench/serve/run.sh [SECONDS] [CONCURRENCY]
set -euo pipefail
cd "$(dirname "$0")/../.."
seconds=${1:-10}
concurrency=${2:-4}
cargo build --release --quiet
cargo build --release --quiet --example gen --example serve_load
work=$(mktemp -d)
trap 'kill "$server" 2>/dev/null || true; rm -rf "$work"' EXIT
target/release/examples/gen 1000 --seed 1 > "$work/people.jsonl"
target/release/xueshi serve --policy policies/notice-2022.policy --bind 127.0.0.1:0 \
  --max-concurrent 64 --watch-interval 0 2> "$work/server.log" &
server=$!
for _ in $(seq 100); do grep -q 'http://' "$work/server.log" && break; sleep 0.1; done
addr=$(grep -o '127.0.0.1:[0-9]*' "$work/server.log" | head -1)
url="http://$addr/v1/eval?purpose=annual&year=2023"
for n in 1 1000; do
  target/release/examples/serve_load --url "$url" --records "$work/people.jsonl" \
    --per-request "$n" --concurrency "$concurrency" --seconds "$seconds"
done
# The CLI on the same 1,000 records, ten times, best of the runs.
best=
for _ in $(seq 10); do
  start=$(date +%s.%N)
  target/release/xueshi eval --policy policies/notice-2022.policy --purpose annual --year 2023 \
    --format jsonl --quiet "$work/people.jsonl" > /dev/null || true  # exit 1: invalid records
  end=$(date +%s.%N)
  t=$(echo "$end - $start" | bc)
  if [ -z "$best" ] || [ "$(echo "$t < $best" | bc)" = 1 ]; then best=$t; fi
done
echo "eval on the same 1000 records: best of 10 runs $(echo "$best * 1000" | bc) ms (process start and policy load included), $(echo "1000 / $best" | bc) records/s"

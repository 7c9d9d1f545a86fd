#!/usr/bin/env bash
# End-to-end throughput of `xueshi eval` against the hand-written baseline
# (examples/baseline.rs), on N generated records (examples/gen.rs).
#
#   bench/run.sh [N] [--runs K] [--seed S] [--year Y] [--keep]
#
# Builds release, generates N records (default 1,000,000) into a temporary folder, then runs
# K times (default 3), paired and alternating, each of:
#   xueshi eval --policy policies/notice-2022.policy --purpose annual --year Y --format csv -q
#   baseline --year Y --format csv
#   xueshi ... --format jsonl
#   baseline --year Y --format jsonl
# and reports, for each, the best and the median wall time, records/s at the best time, and
# the peak RSS (GNU time's %M), then the ratios xueshi/baseline: of the best times, and paired
# run by run (the median of the runs' ratios, and the throughput it means). Last, it compares
# xueshi's and the baseline's CSV (every column but `errors`, whose wording differs) and says
# whether they agree. Outputs go to files in the temporary folder (removed unless --keep).
set -euo pipefail

N=1000000
RUNS=3
SEED=1
YEAR=2024
KEEP=0
while [[ $# -gt 0 ]]; do
  case "$1" in
    --runs) RUNS="$2"; shift 2 ;;
    --seed) SEED="$2"; shift 2 ;;
    --year) YEAR="$2"; shift 2 ;;
    --keep) KEEP=1; shift ;;
    -h|--help) sed -n '2,17p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) N="${1//_/}"; shift ;;
  esac
done

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
TARGET="${CARGO_TARGET_DIR:-$ROOT/target}"
TIME=/usr/bin/time
if [[ ! -x $TIME ]]; then
  echo "run.sh: GNU time (/usr/bin/time) is needed for peak RSS: apt-get install time" >&2
  exit 2
fi

echo "== building (release)" >&2
cargo build --release --quiet --bin xueshi --example baseline --example gen

XUESHI="$TARGET/release/xueshi"
BASELINE="$TARGET/release/examples/baseline"
GEN="$TARGET/release/examples/gen"
POLICY="policies/notice-2022.policy"

DIR="$(mktemp -d "${TMPDIR:-/tmp}/xueshi-bench.XXXXXX")"
if [[ $KEEP -eq 0 ]]; then
  trap 'rm -rf "$DIR"' EXIT
fi
INPUT="$DIR/people.jsonl"

echo "== generating $N records (seed $SEED) into $INPUT" >&2
"$GEN" "$N" --seed "$SEED" > "$INPUT"
BYTES=$(stat -c %s "$INPUT")
echo "   $(awk -v b="$BYTES" 'BEGIN { printf "%.1f MB", b / 1e6 }')" >&2

# One timed run: NAME FORMAT COMMAND... ; appends "NAME FORMAT seconds kilobytes" to $DIR/times.
timed() {
  local name="$1" format="$2"
  shift 2
  local out="$DIR/$name.$format"
  local status=0
  "$TIME" -f "%e %M" -o "$DIR/time.txt" "$@" > "$out" 2> "$DIR/$name.$format.err" || status=$?
  # Exit 1 means that some records are invalid, which the input has on purpose.
  if [[ $status -gt 1 ]]; then
    echo "run.sh: $name ($format) failed with status $status:" >&2
    cat "$DIR/$name.$format.err" >&2
    exit 1
  fi
  read -r secs kb < <(tail -n 1 "$DIR/time.txt")
  echo "$name $format $secs $kb" >> "$DIR/times"
  printf '   %-8s %-5s %7.2f s %9d KB\n' "$name" "$format" "$secs" "$kb" >&2
}

: > "$DIR/times"
for ((run = 1; run <= RUNS; run++)); do
  echo "== run $run of $RUNS" >&2
  for format in csv jsonl; do
    timed xueshi "$format" "$XUESHI" eval --policy "$POLICY" --purpose annual --year "$YEAR" \
      --format "$format" -q "$INPUT"
    timed baseline "$format" "$BASELINE" --year "$YEAR" --format "$format" -q "$INPUT"
  done
done

echo
echo "$N records ($(awk -v b="$BYTES" 'BEGIN { printf "%.1f MB", b / 1e6 }')), annual $YEAR, $RUNS runs each, $(nproc) CPUs"
awk -v n="$N" '
  { key = $1 " " $2; t[key, ++c[key]] = $3; if ($4 > rss[key]) rss[key] = $4 }
  END {
    printf "%-9s %-6s %9s %9s %13s %10s\n", "program", "format", "best s", "median s", "records/s", "peak RSS"
    split("xueshi baseline", progs, " "); split("csv jsonl", fmts, " ")
    for (f = 1; f <= 2; f++) for (p = 1; p <= 2; p++) {
      key = progs[p] " " fmts[f]; k = c[key]
      for (i = 1; i <= k; i++) v[i] = t[key, i]
      for (i = 1; i <= k; i++) for (j = i + 1; j <= k; j++) if (v[j] < v[i]) { x = v[i]; v[i] = v[j]; v[j] = x }
      best[key] = v[1]; median = (k % 2) ? v[(k + 1) / 2] : (v[k / 2] + v[k / 2 + 1]) / 2
      printf "%-9s %-6s %9.2f %9.2f %13.0f %7.0f MB\n", progs[p], fmts[f], v[1], median, (v[1] > 0 ? n / v[1] : 0), rss[key] / 1024
    }
    printf "\nxueshi/baseline (best times): csv %.2fx, jsonl %.2fx; peak RSS: csv %.2fx, jsonl %.2fx\n",
      best["xueshi csv"] / best["baseline csv"], best["xueshi jsonl"] / best["baseline jsonl"],
      rss["xueshi csv"] / rss["baseline csv"], rss["xueshi jsonl"] / rss["baseline jsonl"]
    # Paired: each run of xueshi against the baseline run right after it, so that a drift
    # of the speed of the machine over the whole measurement cancels out.
    for (f = 1; f <= 2; f++) {
      k = c["xueshi " fmts[f]]
      for (i = 1; i <= k; i++) r[i] = t["xueshi " fmts[f], i] / t["baseline " fmts[f], i]
      for (i = 1; i <= k; i++) for (j = i + 1; j <= k; j++) if (r[j] < r[i]) { x = r[i]; r[i] = r[j]; r[j] = x }
      median = (k % 2) ? r[(k + 1) / 2] : (r[k / 2] + r[k / 2 + 1]) / 2
      list = ""; for (i = 1; i <= k; i++) list = list sprintf(" %.2f", r[i])
      printf "xueshi/baseline paired by run, %s: median %.2fx (throughput %.0f%%); runs:%s\n", fmts[f], median, 100 / median, list
    }
  }' "$DIR/times"

# The CSVs: every column but the last (errors). The generated names and IDs hold no commas
# or quotes, so cutting at commas is exact for the first seven columns.
if cmp -s <(cut -d, -f1-7 "$DIR/xueshi.csv") <(cut -d, -f1-7 "$DIR/baseline.csv"); then
  rows=$(($(wc -l < "$DIR/xueshi.csv") - 1))
  invalid=$(cut -d, -f3 "$DIR/xueshi.csv" | grep -c '^invalid$' || true)
  echo "CSV: xueshi and the baseline agree on all $rows rows ($invalid invalid)"
else
  echo "CSV: xueshi and the baseline DISAGREE; the first differences:"
  diff <(cut -d, -f1-7 "$DIR/xueshi.csv") <(cut -d, -f1-7 "$DIR/baseline.csv") | head -20 || true
  exit 1
fi
if [[ $KEEP -eq 1 ]]; then
  echo "outputs kept in $DIR"
fi

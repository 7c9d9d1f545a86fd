#!/usr/bin/env bash
# Paired throughput and peak memory of `xueshi eval` against the reference: the notice written
# by hand in Rust (../shared/reference/baseline, built into target/reference), and OpenFisca
# (../shared/reference/openfisca) when its venv is in target/openfisca-venv or can be made.
#
#   bench/run.sh [--quick | --records N] [--runs K] [--year Y] [--no-openfisca] [--out FILE]
#
# Records: N = 1,000,000 (--quick: 200,000) from both generators, the reference's gen.py
# (seed 13) and the project's examples/gen.rs (seed 1), kept in target/bench-data between runs.
#   1. Paired runs, K times (default 3), alternating: the reference, then xueshi
#      --format csv, --format jsonl (every credit, rejection and reason), for annual,
#      title_review and promotion; each xueshi run's ratio is taken against the reference run
#      just before it and the table shows the median ratio (the machine's drift cancels).
#      OpenFisca runs once on the gen.py records, annual.
#   2. Threads: records/s of the reference and xueshi --format csv at RAYON_NUM_THREADS=1, 2
#      and every core.
#   3. Peak memory (GNU time's %M) for every output format (table, json, jsonl, csv, xlsx)
#      on JSONL input and every input format (jsonl, json array, csv, xlsx) with --format csv.
#      An .xlsx sheet holds at most 1,048,576 rows, so the xlsx input holds the first people
#      of the CSV that fit in it, and the xlsx output (a row per activity of the year on
#      its second sheet) rules the first 3/5 of the records, or 3/5 of those, until they fit.
#   4. Start-up: `xueshi check` of the policy and `xueshi eval` of one record (median of 21).
# The first xueshi CSV of each purpose and generator is compared with the reference's output
# (id and status; total, specialty, public, shortfall for annual); a disagreement fails the run. The Markdown tables go to
# stdout and to FILE (default target/bench-latest.md).
set -euo pipefail

N=1000000
RUNS=3
YEAR=2023
OPENFISCA=1
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
OUT_MD="$ROOT/target/bench-latest.md"
while [[ $# -gt 0 ]]; do
  case "$1" in
    --quick) N=200000; shift ;;
    --records) N="${2//_/}"; shift 2 ;;
    --runs) RUNS="$2"; shift 2 ;;
    --year) YEAR="$2"; shift 2 ;;
    --no-openfisca) OPENFISCA=0; shift ;;
    --out) OUT_MD="$2"; shift 2 ;;
    -h|--help) sed -n '2,25p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "run.sh: unknown argument $1 (see --help)" >&2; exit 2 ;;
  esac
done

cd "$ROOT"
TARGET="${CARGO_TARGET_DIR:-$ROOT/target}"
REFDIR="$ROOT/../shared/reference"
[[ -d $REFDIR ]] || REFDIR=/work/shared/reference
TIME=/usr/bin/time
[[ -x $TIME ]] || { echo "run.sh: GNU time (/usr/bin/time) is needed: apt-get install time" >&2; exit 2; }
[[ -d $REFDIR/baseline ]] || { echo "run.sh: the reference is not in $REFDIR/baseline" >&2; exit 2; }

echo "== building (release): xueshi, examples gen and people_xlsx, the reference" >&2
cargo build --release --quiet --bin xueshi --example gen --example people_xlsx
cargo build --release --quiet --manifest-path "$REFDIR/baseline/Cargo.toml" \
  --target-dir "$TARGET/reference"
X="$TARGET/release/xueshi"
REF="$TARGET/reference/release/baseline"
P=policies/notice-2022.policy
CORES=$(nproc)

VENV="$TARGET/openfisca-venv"
if [[ $OPENFISCA -eq 1 && ! -x $VENV/bin/python ]]; then
  echo "== making the OpenFisca venv in $VENV" >&2
  if ! { python3 -m venv "$VENV" && "$VENV/bin/pip" install -q -r "$REFDIR/openfisca/requirements.txt"; } >&2; then
    echo "   OpenFisca could not be installed; its row is left out" >&2
    OPENFISCA=0
  fi
fi

DATA="$TARGET/bench-data"
mkdir -p "$DATA"
GENF="$DATA/gen-$N.jsonl"
OWNF="$DATA/own-$N.jsonl"
[[ -s $GENF ]] || { echo "== gen.py $N 13 > $GENF" >&2; python3 "$REFDIR/gen.py" "$N" 13 > "$GENF.tmp" && mv "$GENF.tmp" "$GENF"; }
[[ -s $OWNF ]] || { echo "== examples/gen $N --seed 1 > $OWNF" >&2; "$TARGET/release/examples/gen" "$N" --seed 1 > "$OWNF.tmp" && mv "$OWNF.tmp" "$OWNF"; }
ARRF="$DATA/gen-$N.json"
[[ -s $ARRF ]] || { echo "== JSON array of $GENF" >&2; { echo '['; sed '$!s/$/,/' "$GENF"; echo ']'; } > "$ARRF"; }
CSVF="$DATA/gen-$N.csv"
[[ -s $CSVF ]] || { echo "== CSV records of $GENF" >&2; python3 bench/to_table.py "$GENF" > "$CSVF"; }
XLSXF="$DATA/gen-$N.xlsx"
if [[ ! -s $XLSXF ]]; then
  echo "== xlsx records (first 1,048,575 rows of $CSVF)" >&2
  python3 bench/to_table.py "$GENF" 1048575 > "$DATA/xlsx-rows.csv"
  "$TARGET/release/examples/people_xlsx" "$DATA/xlsx-rows.csv" "$XLSXF"
fi

RUN="$(mktemp -d "${TMPDIR:-/tmp}/xueshi-bench.XXXXXX")"
trap 'rm -rf "$RUN"' EXIT
TIMES="$RUN/times"
: > "$TIMES"

# timed KEY RECORDS COMMAND...: runs COMMAND with stdout to $RUN/KEY.out, appends
# "KEY seconds kilobytes records" to $TIMES. Exit 1 (some records invalid) is expected; a
# failure whose message holds $REFUSAL (when it is set) returns 1 instead of ending the run.
timed() {
  local key="$1" records="$2"
  shift 2
  local status=0
  "$TIME" -f "%e %M" -o "$RUN/time.txt" "$@" > "$RUN/$key.out" 2> "$RUN/$key.err" || status=$?
  if [[ $status -gt 1 && -n ${REFUSAL:-} ]] && grep -q "$REFUSAL" "$RUN/$key.err"; then
    printf '   %-40s refused: %s\n' "$key" "$(tail -n 1 "$RUN/$key.err")" >&2
    return 1
  fi
  if [[ $status -gt 1 ]]; then
    echo "run.sh: $key failed with status $status:" >&2
    tail -5 "$RUN/$key.err" >&2
    exit 1
  fi
  local secs kb
  read -r secs kb < <(tail -n 1 "$RUN/time.txt")
  echo "$key $secs $kb $records" >> "$TIMES"
  printf '   %-40s %7.2f s %8d KB\n' "$key" "$secs" "$kb" >&2
}

# agree CSV REF PURPOSE: xueshi's CSV against the reference's JSONL on the same records: id,
# status and (annual) total, specialty, public, shortfall; a multi-year CSV has no per-year
# figures, tests/eval_reference.rs compares those.
agree() {
  local csv="$RUN/$1.out" ref="$RUN/$2.out" cols=1,3
  [[ $3 == annual ]] && cols=1,3-7
  if ! cmp -s <(tail -n +2 "$csv" | python3 -c '
import csv, sys
cols = [int(c) - 1 for c in sys.argv[1].replace("3-7", "3,4,5,6,7").split(",")]
for row in csv.reader(sys.stdin):
    print(",".join(row[c] for c in cols))
' "$cols") <(python3 -c '
import json, sys
keys = ["status"] + (["total", "specialty", "public", "shortfall"] if sys.argv[1] == "annual" else [])
for line in sys.stdin:
    r = json.loads(line)
    print(",".join(["" if r.get("id") is None else str(r["id"])] + ["" if r.get(k) is None else str(r.get(k)) for k in keys]))
' "$3" < "$ref"); then
    echo "run.sh: $1 disagrees with the reference $2" >&2
    exit 1
  fi
}

for src in gen own; do
  f=$GENF; [[ $src == own ]] && f=$OWNF
  # Into the page cache first, or the first program of the first round reads from the disk.
  cat "$f" > /dev/null
  for purpose in annual title_review promotion; do
    for ((run = 1; run <= RUNS; run++)); do
      echo "== $src $purpose run $run of $RUNS" >&2
      timed "$src.$purpose.reference.$run" "$N" "$REF" --purpose "$purpose" --year "$YEAR" "$f"
      timed "$src.$purpose.csv.$run" "$N" "$X" eval --policy "$P" --purpose "$purpose" --year "$YEAR" --format csv -q "$f"
      if [[ $run -eq 1 ]]; then agree "$src.$purpose.csv.$run" "$src.$purpose.reference.$run" "$purpose"; fi
      timed "$src.$purpose.jsonl.$run" "$N" "$X" eval --policy "$P" --purpose "$purpose" --year "$YEAR" --format jsonl -q "$f"
    done
  done
done
if [[ $OPENFISCA -eq 1 ]]; then
  echo "== OpenFisca (once, gen.py records, annual)" >&2
  timed "gen.annual.openfisca.1" "$N" "$VENV/bin/python" "$REFDIR/openfisca/run.py" "$GENF" "$YEAR"
fi

THREADS="1 2"
[[ $CORES -gt 2 ]] && THREADS="$THREADS $CORES"
for threads in $THREADS; do
  echo "== $threads thread(s)" >&2
  for ((run = 1; run <= RUNS; run++)); do
    RAYON_NUM_THREADS=$threads timed "threads.$threads.reference.$run" "$N" "$REF" --purpose annual --year "$YEAR" "$GENF"
    RAYON_NUM_THREADS=$threads timed "threads.$threads.csv.$run" "$N" "$X" eval --policy "$P" --purpose annual --year "$YEAR" --format csv -q "$GENF"
  done
done

echo "== peak memory, every output format (JSONL input) and input format (--format csv)" >&2
for format in table json jsonl csv; do
  timed "memory.out.$format" "$N" "$X" eval --policy "$P" --purpose annual --year "$YEAR" --format "$format" -q "$GENF"
done
# The xlsx output's activities sheet has a row per activity credited or rejected in the
# year, and a sheet holds at most 1,048,576 rows (xueshi refuses more, exit 2: "write this
# many records as CSV or JSONL"): when N records do not fit, the workbook is written for
# the first 3/5 of them, and so on until they fit (the table says how many).
XLSX_OUT=$N
XLSX_OUT_FILE=$GENF
until REFUSAL="sheet holds at most" timed "memory.out.xlsx" "$XLSX_OUT" "$X" eval --policy "$P" --purpose annual --year "$YEAR" --format xlsx -q --output "$RUN/out.xlsx" "$XLSX_OUT_FILE"; do
  XLSX_OUT=$((XLSX_OUT * 3 / 5))
  XLSX_OUT_FILE="$RUN/xlsx-out-people.jsonl"
  head -n "$XLSX_OUT" "$GENF" > "$XLSX_OUT_FILE"
done
XLSX_PEOPLE=$(awk -F, 'NR > 1 && $1 != last { n++; last = $1 } END { print n }' "$DATA/xlsx-rows.csv")
for input in "jsonl:$GENF:$N" "json array:$ARRF:$N" "csv:$CSVF:$N" "xlsx:$XLSXF:$XLSX_PEOPLE"; do
  IFS=: read -r name file count <<< "$input"
  # Every input format is streamed (issue 16); an xlsx workbook's entries, decompressed, are
  # still bounded by --max-document-size (256 MiB by default, docs/hardening.md), which a
  # sheet of a million rows passes: the bench lifts it.
  timed "memory.in.${name// /_}" "$count" "$X" eval --policy "$P" --purpose annual --year "$YEAR" --format csv -q --max-document-size 16GiB "$file"
done

# start-up: `xueshi check` of the policy and `xueshi eval` of one record, the median of 21
# runs: wall time, and processor time (task-clock) when `perf` is there; on a busy machine
# the wall time is mostly waiting for a core.
startup() {
  local key="$1"
  shift
  local walls=() cpus=() start end
  for ((i = 0; i < 21; i++)); do
    start=$(date +%s%N)
    "$@" > /dev/null 2>&1 || true
    end=$(date +%s%N)
    walls+=($(((end - start) / 1000)))
    if command -v perf > /dev/null; then
      perf stat -x, -e task-clock -o "$RUN/stat.txt" "$@" > /dev/null 2>&1 || true
      cpus+=("$(awk -F, '/task-clock/ { printf "%d", $1 * 1000 }' "$RUN/stat.txt")")
    else
      cpus+=(0)
    fi
  done
  echo "$key $(printf '%s\n' "${walls[@]}" | sort -n | sed -n 11p) $(printf '%s\n' "${cpus[@]}" | sort -n | sed -n 11p)" >> "$RUN/startup"
}
echo "== start-up: check, and eval of one record" >&2
: > "$RUN/startup"
head -n 2 "$GENF" | tail -n 1 > "$RUN/one.jsonl"
startup check "$X" check "$P"
startup eval-one "$X" eval --policy "$P" --purpose annual --year "$YEAR" --format jsonl -q "$RUN/one.jsonl"
startup reference-one "$REF" --purpose annual --year "$YEAR" "$RUN/one.jsonl"

{
  echo "Machine: $CORES CPUs ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'))," \
    "$(awk '/MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo), $(uname -sr);" \
    "load average at the end $(cut -d' ' -f1-3 /proc/loadavg); $(date -u '+%Y-%m-%d %H:%M UTC');" \
    "xueshi $(git rev-parse --short HEAD)$(git diff --quiet || echo '+edits'); $N records, $YEAR, $RUNS paired runs."
  echo
  awk -v runs="$RUNS" -v cores="$CORES" -v xlsxpeople="$XLSX_PEOPLE" '
    function median(list, k,   i, j, x, v) {
      for (i = 1; i <= k; i++) v[i] = list[i]
      for (i = 1; i <= k; i++) for (j = i + 1; j <= k; j++) if (v[j] < v[i]) { x = v[i]; v[i] = v[j]; v[j] = x }
      return (k % 2) ? v[(k + 1) / 2] : (v[k / 2] + v[k / 2 + 1]) / 2
    }
    { secs[$1] = $2; kb[$1] = $3; recs[$1] = $4 }
    END {
      print "| records | purpose | program | wall (median) | time vs reference (paired median) | throughput vs reference | records/s | peak RSS |"
      print "|---|---|---|---:|---:|---:|---:|---:|"
      split("gen own", srcs, " "); split("annual title_review promotion", purposes, " ")
      split("reference csv jsonl", progs, " ")
      name["reference"] = "reference (summary JSONL)"; name["csv"] = "xueshi --format csv"
      name["jsonl"] = "xueshi --format jsonl (full reasons)"
      label["gen"] = "gen.py"; label["own"] = "examples/gen"
      for (s = 1; s <= 2; s++) for (p = 1; p <= 3; p++) for (g = 1; g <= 3; g++) {
        base = srcs[s] "." purposes[p]; peak = 0
        for (r = 1; r <= runs; r++) {
          w[r] = secs[base "." progs[g] "." r]; ratio[r] = w[r] / secs[base ".reference." r]
          if (kb[base "." progs[g] "." r] > peak) peak = kb[base "." progs[g] "." r]
        }
        mw = median(w, runs); mr = median(ratio, runs)
        printf "| %s | %s | %s | %.2f s | %.2f× | %.2f | %.0f | %.0f MiB |\n", label[srcs[s]], purposes[p], name[progs[g]], mw, mr, 1 / mr, recs[base ".reference.1"] / mw, peak / 1024
      }
      if ("gen.annual.openfisca.1" in secs) {
        k = "gen.annual.openfisca.1"; r = secs[k] / median_ref()
        printf "| gen.py | annual | OpenFisca (one run) | %.2f s | %.1f× | %.3f | %.0f | %.0f MiB |\n", secs[k], r, 1 / r, recs[k] / secs[k], kb[k] / 1024
      }
      print ""
      print "| threads | reference records/s | xueshi --format csv records/s | xueshi / reference (paired median) |"
      print "|---:|---:|---:|---:|"
      split("1 2 " cores, ts, " ")
      for (t = 1; t <= 3; t++) {
        if (t == 3 && ts[3] <= 2) continue
        for (r = 1; r <= runs; r++) {
          a[r] = secs["threads." ts[t] ".reference." r]; b[r] = secs["threads." ts[t] ".csv." r]; q[r] = a[r] / b[r]
        }
        n = recs["threads." ts[t] ".csv.1"]
        printf "| %s | %.0f | %.0f | %.2f |\n", ts[t], n / median(a, runs), n / median(b, runs), median(q, runs)
      }
      print ""
      print "| peak memory | records | wall | records/s | peak RSS |"
      print "|---|---:|---:|---:|---:|"
      split("table json jsonl csv xlsx", outs, " ")
      for (o = 1; o <= 5; o++) { k = "memory.out." outs[o]; printf "| output `--format %s` (JSONL in) | %d | %.2f s | %.0f | %.0f MiB |\n", outs[o], recs[k], secs[k], recs[k] / secs[k], kb[k] / 1024 }
      split("jsonl json_array csv xlsx", ins, " ")
      for (i = 1; i <= 4; i++) { k = "memory.in." ins[i]; n = ins[i]; gsub("_", " ", n); printf "| input %s (`--format csv`) | %d | %.2f s | %.0f | %.0f MiB |\n", n, recs[k], secs[k], recs[k] / secs[k], kb[k] / 1024 }
    }
    function median_ref(   r, v) { for (r = 1; r <= runs; r++) v[r] = secs["gen.annual.reference." r]; return median(v, runs) }
  ' "$TIMES"
  echo
  echo "| start-up (median of 21) | wall | processor (task-clock) |"
  echo "|---|---:|---:|"
  awk '{ name["check"] = "`xueshi check` of the policy"; name["eval-one"] = "`xueshi eval` of one record (JSONL out)"; name["reference-one"] = "the reference on one record"
         printf "| %s | %.1f ms | %s |\n", name[$1], $2 / 1000, ($3 > 0 ? sprintf("%.1f ms", $3 / 1000) : "no perf") }' "$RUN/startup"
} | tee "$OUT_MD"
echo "(written to $OUT_MD)" >&2

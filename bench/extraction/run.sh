#!/usr/bin/env bash
# Extraction benchmark: newswatch vs trafilatura 2.3.1 (and dom_smoothie 0.19) in the same run.
#
# Times `newswatch extract --format jsonl html/*.html.gz` and bench/extraction/trafilatura_extract.py
# over the same files on one core, prints pages/s of both, the ratio and the peak RSS of each
# (GNU time -v), then scores both outputs with the benchmark metric.
#
# Environment:
#   NEWSWATCH  newswatch binary (default target/release/newswatch). A scratch `extract-eval`
#              binary is accepted too (it takes `--jsonl FILES`).
#   SCORER     command that scores a JSONL file: "$SCORER DATASET PRED.jsonl" (default: newswatch's
#              `eval extraction --dataset DATASET --predictions PRED.jsonl`).
#   PYTHON     python with trafilatura==2.3.1 (default: .venv-bench/bin/python, else python3)
#   DATASET    default ../shared/datasets/article-extraction-benchmark
#   PEERS=1    also build and run bench/extract-peers (dom_smoothie); PEERS_TARGET sets its
#              cargo target dir (default bench/extract-peers/target)
set -euo pipefail
cd "$(dirname "$0")/../.."
NEWSWATCH=${NEWSWATCH:-target/release/newswatch}
DATASET=${DATASET:-../shared/datasets/article-extraction-benchmark}
# trafilatura: python3 -m venv .venv-bench && .venv-bench/bin/pip install trafilatura==2.3.1 lxml_html_clean
if [[ -z "${PYTHON:-}" ]]; then
  if [[ -x .venv-bench/bin/python ]]; then PYTHON=.venv-bench/bin/python; else PYTHON=python3; fi
fi
OUT=$(mktemp -d)
trap 'rm -rf "$OUT"' EXIT
FILES=("$DATASET"/html/*.html.gz)
N=${#FILES[@]}

if [[ "$(basename "$NEWSWATCH")" == extract-eval ]]; then
  NW_CMD=("$NEWSWATCH" --jsonl)
else
  NW_CMD=("$NEWSWATCH" extract --format jsonl)
fi

run_timed() { # name outfile cmd...
  local name=$1 out=$2; shift 2
  local t0 t1
  t0=$(date +%s.%N)
  taskset -c 0 /usr/bin/time -v -o "$OUT/$name.time" "$@" > "$out" 2> "$OUT/$name.err"
  t1=$(date +%s.%N)
  local secs rss
  secs=$(echo "$t1 - $t0" | bc -l)
  rss=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$OUT/$name.time")
  printf '%s\t%s\t%s\n' "$name" "$secs" "$rss" >> "$OUT/times.tsv"
}

run_timed newswatch "$OUT/newswatch.jsonl" "${NW_CMD[@]}" "${FILES[@]}"
run_timed trafilatura "$OUT/trafilatura.jsonl" "$PYTHON" bench/extraction/trafilatura_extract.py "${FILES[@]}"

echo "pages: $N (wall time incl. process start, one core via taskset)"
awk -F'\t' -v n="$N" '{ pps[$1] = n / $2; printf "%-12s %7.1f pages/s  peak RSS %7.1f MB\n", $1, n / $2, $3 / 1024 }
  END { printf "ratio newswatch / trafilatura: %.1fx\n", pps["newswatch"] / pps["trafilatura"] }' "$OUT/times.tsv"

score() {
  if [[ -n "${SCORER:-}" ]]; then $SCORER "$DATASET" "$1"
  else "$NEWSWATCH" eval extraction --dataset "$DATASET" --predictions "$1"; fi
}
echo "newswatch:";   score "$OUT/newswatch.jsonl"
echo "trafilatura:"; score "$OUT/trafilatura.jsonl"

if [[ "${PEERS:-0}" == 1 ]]; then
  PEERS_TARGET=${PEERS_TARGET:-$PWD/bench/extract-peers/target}
  (cd bench/extract-peers && CARGO_TARGET_DIR="$PEERS_TARGET" cargo build --release -q)
  echo "dom_smoothie (in-process timing: gunzip + decode + extract):"
  taskset -c 0 "$PEERS_TARGET/release/extract-peers" "$DATASET"
fi

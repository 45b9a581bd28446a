#!/usr/bin/env bash
# stage_cost.sh — what each pipeline stage adds, in instructions counted by
# callgrind (repeatable whatever else the machine is doing, unlike seconds).
# Usage: bench/stage_cost.sh [BUILD_DIR] [INPUT.jsonl] [N_DOCS]
# Runs bench_throughput once per phase on the first N_DOCS documents and
# prints instructions per phase and each stage's share of the full analysis.
set -euo pipefail
build=${1:-build}
input=${2:-../shared/data/bench/nkjp-articles.jsonl}
n=${3:-300}
command -v valgrind >/dev/null || { echo "stage_cost: valgrind is not installed"; exit 0; }
[ -f "$input" ] || { echo "stage_cost: SKIPPED — $input not found"; exit 0; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
head -n "$n" "$input" >"$tmp/in.jsonl"
declare -A ir
for p in read tokenize morph tagger timex entities all; do
  valgrind --tool=callgrind --callgrind-out-file="$tmp/cg.$p" "$build/bench_throughput" "$tmp/in.jsonl" "$p" \
    >/dev/null 2>"$tmp/log.$p"
  ir[$p]=$(grep -m1 '^summary:' "$tmp/cg.$p" | awk '{print $2}')
done
base=${ir[read]}
printf '%-9s %16s %16s\n' phase instructions "stage adds"
prev=$base
for p in read tokenize morph tagger timex entities all; do
  v=${ir[$p]}
  printf '%-9s %16d %16d\n' "$p" "$v" "$((v - prev))"
  prev=$v
done
awk -v r="${ir[read]}" -v tg="${ir[tagger]}" -v tx="${ir[timex]}" -v en="${ir[entities]}" -v al="${ir[all]}" 'BEGIN {
  printf "\ntime expressions add %.1f %% to analysis up to the tagger\n", 100 * (tx - tg) / (tg - r)
  printf "entities add %.1f %% to analysis up to time expressions\n", 100 * (en - tx) / (tx - r)
  printf "quotes + events add %.1f %% to analysis up to entities\n", 100 * (al - en) / (en - r)
}'
echo "(resource loading is included in every phase equally; $n documents of $(basename "$input"))"

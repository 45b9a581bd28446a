#!/usr/bin/env bash
# golden.sh — whole-document golden tests: every tests/golden/NAME.txt (our own
# short articles) is analysed and compared with tests/golden/NAME.expected.jsonl.
# UPDATE_GOLDEN=1 rewrites the expectations (review the diff before committing).
# Usage: golden.sh KRONIKA SRCDIR
set -u
K=$1
G=$2/tests/golden
pass=0 fail=0
for in in "$G"/*.txt; do
  [ -e "$in" ] || continue
  exp=${in%.txt}.expected.jsonl
  out=$(mktemp)
  "$K" analyze "$in" >"$out" 2>/dev/null
  if [ "${UPDATE_GOLDEN:-0}" = 1 ]; then
    cp "$out" "$exp"; echo "updated $(basename "$exp")"; pass=$((pass + 1))
  elif [ ! -f "$exp" ]; then
    echo "FAIL: $(basename "$in"): no $(basename "$exp") (run with UPDATE_GOLDEN=1)"; fail=$((fail + 1))
  elif cmp -s "$out" "$exp"; then
    pass=$((pass + 1))
  else
    echo "FAIL: $(basename "$in") differs from $(basename "$exp"):"
    python3 - "$exp" "$out" <<'PY' || diff <(tr ',' '\n' <"$exp") <(tr ',' '\n' <"$out") | head -20
import json, sys
a = json.loads(open(sys.argv[1]).read()); b = json.loads(open(sys.argv[2]).read())
for k in a:
    if a.get(k) != b.get(k):
        print(f"  field {k!r} differs: expected {json.dumps(a.get(k), ensure_ascii=False)[:300]}")
        print(f"  {'':>{len(k)+17}}got      {json.dumps(b.get(k), ensure_ascii=False)[:300]}")
PY
    fail=$((fail + 1))
  fi
  rm -f "$out"
done
echo "golden: $pass passed, $fail failed"
[ "$fail" -eq 0 ]

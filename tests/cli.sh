#!/usr/bin/env bash
# cli.sh — the CLI's behaviour on good and bad input: exit codes and messages
# that name the file, the byte or line, and the reason. Usage: cli.sh KRONIKA SRCDIR
set -u
K=$1
SRC=$2
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
pass=0 fail=0
check() { # name, condition (exit status of a test command)
  if eval "$2"; then pass=$((pass + 1)); else fail=$((fail + 1)); echo "FAIL: $1"; fi
}

"$K" --help >"$T/out" 2>&1; check "--help exits 0" "[ $? -eq 0 ] && grep -q analyze $T/out"
"$K" analyze --help >"$T/out" 2>&1; check "analyze --help" "[ $? -eq 0 ] && grep -q -- --format $T/out"
"$K" tag --help >/dev/null 2>&1; check "tag --help" "[ $? -eq 0 ]"
"$K" eval --help >/dev/null 2>&1; check "eval --help" "[ $? -eq 0 ]"
"$K" frobnicate >/dev/null 2>&1; check "unknown command exits 2" "[ $? -eq 2 ]"
"$K" analyze --bogus >/dev/null 2>&1; check "unknown option exits 2" "[ $? -eq 2 ]"
"$K" analyze --date 2025-13 x >/dev/null 2>&1; check "bad --date exits 2" "[ $? -eq 2 ]"

printf 'Ala ma kota. Kot ma Al\xe9.\n' >"$T/bad.txt"
"$K" analyze "$T/bad.txt" >"$T/out" 2>"$T/err"
check "invalid UTF-8 exits 1" "[ $? -eq 1 ]"
check "invalid UTF-8 names file and byte" "grep -q 'bad.txt' $T/err && grep -q '22' $T/err"
check "invalid UTF-8 prints no document" "[ ! -s $T/out ]"

: >"$T/empty.txt"
"$K" analyze "$T/empty.txt" >"$T/out" 2>"$T/err"
check "empty file exits 1 with a message" "[ $? -eq 1 ] && grep -qi 'empty' $T/err"

printf 'Dzień dobry. To jest test.\n' >"$T/good.txt"
"$K" analyze "$T/bad.txt" "$T/good.txt" >"$T/out" 2>"$T/err"
check "bad file does not stop the run" "[ $? -eq 1 ] && [ \$(wc -l <$T/out) -eq 1 ]"

printf '{"id":"a","text":"Pierwszy tekst."\n{"id":"b","text":"Drugi tekst."}\n' >"$T/docs.jsonl"
"$K" analyze "$T/docs.jsonl" >"$T/out" 2>"$T/err"
check "malformed JSON line is reported with its line" "[ $? -eq 1 ] && grep -q 'line 1' $T/err"
check "the next JSON line is still analysed" "grep -q '\"id\":\"b\"' $T/out"

"$K" analyze "$T/nonexistent.txt" >/dev/null 2>"$T/err"
check "missing file exits 1 and names it" "[ $? -eq 1 ] && grep -q nonexistent $T/err"
"$K" analyze "$T" >/dev/null 2>"$T/err"
check "directory is rejected" "[ $? -eq 1 ] && grep -q directory $T/err"

head -c 3000 /dev/urandom >"$T/junk.bin" 2>/dev/null || dd if=/dev/urandom of="$T/junk.bin" bs=1 count=3000 2>/dev/null
"$K" analyze "$T/junk.bin" >/dev/null 2>"$T/err"
check "binary junk is rejected, not crashed on" "[ $? -eq 1 ]"

printf 'Tekst bez daty.\n' | "$K" analyze --date 2026-01-02 >"$T/out" 2>"$T/err"
check "stdin with --date" "[ $? -eq 0 ] && grep -q '\"date\":\"2026-01-02\"' $T/out"

printf 'date 2026-03-01 Wczoraj padał deszcz. Dziś świeci słońce.\n' >"$T/a.txt"
"$K" analyze --format conllu "$T/a.txt" >"$T/out" 2>"$T/err"
check "conllu output has # text and TokenRange" "[ $? -eq 0 ] && grep -q '^# text = ' $T/out && grep -q 'TokenRange=' $T/out"

printf '# text = Ala ma\n1\tAla\t_\t_\t_\t_\t_\t_\t_\t_\n2\tma\n\n' >"$T/bad.conllu"
"$K" tag --conllu "$T/bad.conllu" >/dev/null 2>"$T/err"
check "malformed CoNLL-U names file and line" "[ $? -ne 0 ] && grep -q 'bad.conllu:3' $T/err"

printf '# text = Zrobiłem to.\n1-2\tZrobiłem\t_\t_\t_\t_\t_\t_\t_\t_\n1\tZrobił\t_\t_\t_\t_\t_\t_\t_\t_\n2\tem\t_\t_\t_\t_\t_\t_\t_\t_\n3\tto\t_\t_\t_\t_\t_\t_\t_\tSpaceAfter=No\n4\t.\t_\t_\t_\t_\t_\t_\t_\t_\n\n' >"$T/ok.conllu"
"$K" tag --conllu "$T/ok.conllu" >"$T/out" 2>"$T/err"
check "tag keeps multiword lines and tags the parts" "[ $? -eq 0 ] && grep -q '^1-2	Zrobiłem' $T/out && [ \$(grep -c '^[0-9]	' $T/out) -eq 4 ]"

echo "cli: $pass passed, $fail failed"
[ "$fail" -eq 0 ]

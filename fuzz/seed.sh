#!/usr/bin/env bash
# Fills fuzz/corpus/<target>/ with seeds from the repository's packs, reports and texts: every
# *.rules, *.yaml and *.txt under rules/, fixtures/ and tests/ (found, not listed, so that a
# moved folder cannot silently leave a target without seeds; each target must get some).
# Usage: fuzz/seed.sh   (from anywhere; CORPUS=DIR to fill another folder than fuzz/corpus)
set -euo pipefail
cd "$(dirname "$0")"
root=..
corpus=${CORPUS:-corpus}
mkdir -p "$corpus"/parse_pack "$corpus"/load_report "$corpus"/check "$corpus"/import_text "$corpus"/yaml_fast
# a seed's name: its path with / as _, so files of one name in two folders both stay
seed() { cp "$1" "$corpus/$2/$(echo "${1#"$root"/}" | tr / _)"; }
find "$root"/rules "$root"/tests -name '*.rules' -type f | sort | while read -r f; do
  seed "$f" parse_pack
done
find "$root"/fixtures "$root"/rules "$root"/tests -name '*.yaml' -type f | sort | while read -r f; do
  seed "$f" load_report
  seed "$f" yaml_fast
done
# check: byte 0 even = standard pack + report; odd = u16 pack length, pack, report.
find "$root"/fixtures "$root"/rules/test-reports "$root"/tests/data "$root"/tests/bad/reports \
     -maxdepth 1 -name '*.yaml' -type f | sort | while read -r f; do
  { printf '\x00'; cat "$f"; } > "$corpus/check/std-$(echo "${f#"$root"/}" | tr / _)"
done
for p in "$root"/tests/packs/*.rules; do
  for r in "$root"/tests/data/*.yaml "$root"/fixtures/hetang-cac-2023.yaml; do
    n=$(wc -c < "$p")
    { printf '\x01'; printf "\\x$(printf %02x $((n % 256)))\\x$(printf %02x $((n / 256)))"; cat "$p" "$r"; } \
      > "$corpus/check/$(basename "$p" .rules)-$(basename "$r")"
  done
done
find "$root"/fixtures "$root"/tests -name '*.txt' -type f | sort | while read -r f; do
  seed "$f" import_text
done
for t in parse_pack load_report check import_text yaml_fast; do
  n=$(find "$corpus/$t" -type f | wc -l)
  if [ "$n" -eq 0 ]; then
    echo "fuzz/seed.sh: no seeds for $t" >&2
    exit 1
  fi
  echo "$t: $n seeds"
done

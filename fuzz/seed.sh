#!/usr/bin/env bash
# Fills fuzz/corpus/<target>/ with seeds from the repository's packs and reports.
# Usage: fuzz/seed.sh   (from anywhere)
set -euo pipefail
cd "$(dirname "$0")"
root=..
mkdir -p corpus/parse_pack corpus/load_report corpus/check corpus/import_text
for f in "$root"/rules/*.rules "$root"/tests/packs/*.rules "$root"/tests/broken_packs/*.rules \
         "$root"/tests/bad/*.rules; do
  [ -f "$f" ] && cp "$f" "corpus/parse_pack/$(basename "$f")"
done
for f in "$root"/fixtures/*.yaml "$root"/tests/data/*.yaml "$root"/tests/bad_reports/*.yaml \
         "$root"/rules/test-reports/*.yaml "$root"/tests/bad/*.yaml; do
  [ -f "$f" ] && cp "$f" "corpus/load_report/$(basename "$f")"
done
# check: byte 0 even = standard pack + report; odd = u16 pack length, pack, report.
for f in "$root"/fixtures/*.yaml "$root"/tests/data/*.yaml "$root"/rules/test-reports/*.yaml; do
  { printf '\x00'; cat "$f"; } > "corpus/check/std-$(basename "$f")"
done
for p in "$root"/tests/packs/*.rules; do
  for r in "$root"/tests/data/*.yaml "$root"/fixtures/hetang-cac-2023.yaml; do
    n=$(wc -c < "$p")
    { printf '\x01'; printf "\\x$(printf %02x $((n % 256)))\\x$(printf %02x $((n / 256)))"; cat "$p" "$r"; } \
      > "corpus/check/$(basename "$p" .rules)-$(basename "$r")"
  done
done
for f in "$root"/fixtures/text/*.txt "$root"/tests/transcription/*.txt "$root"/tests/import/*.txt; do
  [ -f "$f" ] && cp "$f" "corpus/import_text/$(basename "$f")"
done
true

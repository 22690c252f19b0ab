#!/usr/bin/env python3
"""Structural check of the transcribed fixtures.

For every table panel of every fixture: each row has exactly len(keys) + len(columns) cells,
column_numbers (when given) has len(columns) entries, codes are 3/5/7 digits (功能分类) or 3/5
digits (经济分类), lines are positive integers or blank. Within a narrative section, subjects are
unique (compared after a rough normalisation). Exit status 1 on any problem.
"""
import re
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ["hetang-cac-2023.yaml", "putuo-finance-2024.yaml", "consistent-example.yaml"]


class RawLoader(yaml.SafeLoader):
    """Keeps every scalar as its source text (so `2,940.05`, `0.10` and `301` stay text)."""


def _str(loader, node):
    return node.value


for tag in ["tag:yaml.org,2002:int", "tag:yaml.org,2002:float", "tag:yaml.org,2002:bool"]:
    RawLoader.add_constructor(tag, _str)


def norm(s):
    s = str(s)
    s = re.sub(r"[\s\u3000]", "", s)
    s = re.sub(r"^[一二三四五六七八九十]+、", "", s)
    s = re.sub(r"^（[一二三四五六七八九十]+）", "", s)
    s = re.sub(r"^\d+[、.]", "", s)
    s = s.replace("（类）", "").replace("（款）", "").replace("（项）", "")
    return s


def panels(table):
    if "panels" in table:
        return table["panels"]
    return [table]


def check(path):
    errors = []
    doc = yaml.load(path.read_text(encoding="utf-8"), Loader=RawLoader)
    nrows = 0
    for t in doc["tables"]:
        for p in panels(t):
            where = f"{t['title']}/{p.get('name', '-')}"
            keys = p.get("keys", ["name"])
            cols = p["columns"]
            if "column_numbers" in p and len(p["column_numbers"]) != len(cols):
                errors.append(f"{where}: column_numbers has {len(p['column_numbers'])} entries for {len(cols)} columns")
            for i, row in enumerate(p["rows"]):
                nrows += 1
                if len(row) != len(keys) + len(cols):
                    errors.append(f"{where} row {i + 1}: {len(row)} cells, expected {len(keys) + len(cols)}: {row}")
                    continue
                for k, cell in zip(keys, row):
                    if cell is None:
                        continue
                    if k == "code":
                        if not re.fullmatch(r"\d{3}|\d{5}|\d{7}", str(cell)):
                            errors.append(f"{where} row {i + 1}: bad code {cell!r}")
                    elif k == "line":
                        if not re.fullmatch(r"[1-9]\d*", str(cell)):
                            errors.append(f"{where} row {i + 1}: bad line {cell!r}")
                for cell in row[len(keys):]:
                    if cell is None:
                        continue
                    if not re.fullmatch(r"-?(\d{1,3}(,\d{3})+|\d+)(\.\d+)?", str(cell)):
                        errors.append(f"{where} row {i + 1}: bad amount {cell!r}")
    for sec in doc.get("narrative", []):
        seen = {}
        for c in sec.get("claims", []):
            n = norm(c["subject"])
            if n in seen:
                errors.append(f"narrative {sec['key']}: subject {c['subject']!r} repeats {seen[n]!r}")
            seen[n] = c["subject"]
            if "code" in c and not re.fullmatch(r"\d{3}|\d{5}|\d{7}", str(c["code"])):
                errors.append(f"narrative {sec['key']}: bad code {c['code']!r}")
    return nrows, errors


def main():
    bad = 0
    for name in FIXTURES:
        path = ROOT / "fixtures" / name
        if not path.exists():
            print(f"{name}: MISSING")
            bad += 1
            continue
        nrows, errors = check(path)
        print(f"{name}: {nrows} rows, {len(errors)} problems")
        for e in errors:
            print("  " + e)
        bad += len(errors)
    sys.exit(1 if bad else 0)


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""Cross-check the transcribed fixtures against the sample text they come from.

Extracts every number token from the sample .txt (tables and prose; the SOURCE line and the
[第N页] page markers are skipped) and every number token from the fixture's data (table cells,
codes, 行次, claim values and subjects; NOT `text`, `title`, `sentence`, `notes`, `source`,
which are copies of the prose and would make the check trivial). Reports:

  - tokens in the sample that appear nowhere in the fixture data (possible omissions),
  - tokens in the fixture data that appear nowhere in the sample (possible typos),
  - tokens the fixture holds fewer / more times than the sample prints them (possible missed
    or misplaced occurrences; informational: restated counts, list numbers and years differ).

Tokens are compared as printed, thousands separators removed: `6.2` and `6.20` differ.
"""
import re
import sys
from collections import Counter
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]
SAMPLES = ROOT / "fixtures" / "text"  # the samples, copied into the repository
PAIRS = [
    ("hetang-cac-2023.txt", "hetang-cac-2023.yaml"),
    ("putuo-finance-2024.txt", "putuo-finance-2024.yaml"),
]
SKIP_KEYS = {"text", "title", "sentence", "notes", "source"}
NUM = re.compile(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?")


class RawLoader(yaml.SafeLoader):
    pass


for tag in ["tag:yaml.org,2002:int", "tag:yaml.org,2002:float", "tag:yaml.org,2002:bool"]:
    RawLoader.add_constructor(tag, lambda loader, node: node.value)


def tokens(s):
    return [t.replace(",", "") for t in NUM.findall(s)]


def sample_tokens(path):
    out = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("SOURCE:"):
            continue
        line = re.sub(r"\[第\d+页\]", "", line)
        cells = line.split("\t")
        # a 功能分类 code split over cells (201 | 06 | 01) is one code; 经济分类 (301 | 01) too
        if len(cells) >= 2 and re.fullmatch(r"\d{3}", cells[0]):
            code = cells[0]
            i = 1
            while i < len(cells) and re.fullmatch(r"\d{2}", cells[i]):
                code += cells[i]
                i += 1
            rest = cells[i:]
            out.append(code)
            line = "\t".join(rest)
        # the second panel of a Shanghai 06 table has its own split code (302 | 01)
        line2 = re.sub(r"(?<![\d.])(\d{3})\t(\d{2})\t(?=\D)", r"\1\2\t", line)
        line2 = re.sub(r"(?<![\d.])(\d{3})\t\t(?=\D)", r"\1\t", line2)
        out.extend(tokens(line2))
    return out


def walk(node, out, key=None):
    if key in SKIP_KEYS:
        return
    if isinstance(node, dict):
        for k, v in node.items():
            walk(v, out, k)
    elif isinstance(node, list):
        for v in node:
            walk(v, out, key)
    elif node is not None:
        out.extend(tokens(str(node)))


def main():
    for txt, yml in PAIRS:
        s = Counter(sample_tokens(SAMPLES / txt))
        data = yaml.load((ROOT / "fixtures" / yml).read_text(encoding="utf-8"), Loader=RawLoader)
        y = []
        walk(data, y)
        y = Counter(y)
        print(f"== {txt} vs fixtures/{yml}")
        print("  in sample, not in fixture data:", " ".join(sorted(set(s) - set(y), key=lambda t: (float(t), t))) or "-")
        print("  in fixture data, not in sample:", " ".join(sorted(set(y) - set(s), key=lambda t: (float(t), t))) or "-")
        fewer = [f"{t}({y[t]}<{s[t]})" for t in sorted(set(s) & set(y), key=lambda t: (float(t), t)) if y[t] < s[t]]
        print("  held fewer times than printed:", " ".join(fewer) or "-")
        more = [f"{t}({y[t]}>{s[t]})" for t in sorted(set(s) & set(y), key=lambda t: (float(t), t)) if y[t] > s[t]]
        print("  held more times than printed:", " ".join(more) or "-")


if __name__ == "__main__":
    sys.exit(main())

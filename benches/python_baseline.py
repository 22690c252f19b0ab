#!/usr/bin/env python3
"""Baseline checker for crossfoot report YAML, written the plain way.

Implements the table rules of crossfoot's rules/tables.rules that concern tables 01-05:
T01-1..T01-5, T02-1..T02-3, T03-1..T03-3, T04-1, T04-3, T04-4, T04-5, T05-1
(hierarchy: every 类/款 equals the sum of its children in every column, 合计 = sum of 类;
row identities; the 01/04 totals; 02/03 against 01).

Amounts are decimal.Decimal; equality is |a - b| <= 0.01 (a fixed tolerance).
Blank cells (~, '', '-', '—') count as 0. A rule that names a row or column the report
does not have is skipped (not applicable).

usage: python_baseline.py [-j N] [--load-only] [--quiet] FILE_OR_DIR...
Prints one JSON line per report (path, findings) in input order, unless --quiet.
"""
import argparse
import json
import os
import re
import sys
from decimal import Decimal, InvalidOperation
from multiprocessing import Pool

import yaml

LOADER = yaml.CSafeLoader
TOL = Decimal("0.01")
ZERO = Decimal(0)

TITLES = {
    "t01": ["收入支出决算总表"],
    "t02": ["收入决算表"],
    "t03": ["支出决算表"],
    "t04": ["财政拨款收入支出决算总表"],
    "t05": ["一般公共预算财政拨款支出决算表"],
}

# ---- names ---------------------------------------------------------------------------------

_FW = {c: c - 0xFEE0 for c in range(0xFF01, 0xFF5F)}
_FW[0x3000] = 0x20
_ORD_PAREN = re.compile(r"^\([一二三四五六七八九十百零〇0-9]+\)")
_ORD = re.compile(r"^[一二三四五六七八九十百零〇0-9]+(、|\.(?![0-9])|．)(?=.)")
_DROP = re.compile(r"[\s“”‘’\"']")


def norm(s):
    if s is None:
        return ""
    s = str(s).translate(_FW)
    s = _DROP.sub("", s)
    if "(" in s:
        s = s.replace("(类)", "").replace("(款)", "").replace("(项)", "")
    m = _ORD_PAREN.match(s) or _ORD.match(s)
    if m:
        s = s[m.end():]
    return s


# ---- amounts -------------------------------------------------------------------------------

BLANKS = (None, "", "-", "—", "－")


def amount(v):
    """A cell as Decimal; blank is 0."""
    if v in BLANKS:
        return ZERO
    if isinstance(v, bool):
        raise ValueError("not an amount: %r" % v)
    if isinstance(v, int):
        return Decimal(v)
    if isinstance(v, float):
        return Decimal(repr(v))  # the YAML loader made it a float; repr is the shortest exact text
    try:
        return Decimal(str(v).replace(",", "").strip())
    except InvalidOperation:
        raise ValueError("not an amount: %r" % v)


# ---- the model -----------------------------------------------------------------------------


class Panel:
    __slots__ = ("name", "columns", "rows", "by_name", "by_line", "by_code", "children", "colidx")

    def __init__(self, spec):
        keys = spec.get("keys") or ["name"]
        self.name = str(spec.get("name", ""))
        self.columns = [norm(c) for c in spec["columns"]]
        self.colidx = {c: i for i, c in enumerate(self.columns)}
        nk = len(keys)
        self.rows = []
        self.by_name = {}
        self.by_line = {}
        self.by_code = {}
        for cells in spec.get("rows") or []:
            row = {"name": None, "line": None, "code": None}
            for k, v in zip(keys, cells[:nk]):
                row[k] = v
            row["name"] = norm(row["name"])
            code = row["code"]
            row["code"] = None if code is None else str(code)
            row["vals"] = [amount(v) for v in cells[nk:]]
            self.rows.append(row)
            self.by_name.setdefault(row["name"], row)
            if row["line"] is not None:
                self.by_line[int(row["line"])] = row
            if row["code"] is not None:
                self.by_code[row["code"]] = row
        self.children = {}
        for row in self.rows:
            c = row["code"]
            if c and len(c) in (5, 7):
                self.children.setdefault(c[:-2], []).append(row)

    def row(self, name):
        return self.by_name.get(name)

    def cell(self, name, col=0):
        r = self.by_name.get(name)
        if r is None:
            return None
        return r["vals"][col]

    def col(self, name):
        return self.colidx.get(name)

    def index(self, row):
        return self.rows.index(row)


def level(row):
    c = row["code"]
    if not c:
        return 0
    return {3: 1, 5: 2, 7: 3}.get(len(c), 0)


def load_tables(doc):
    tables = {}
    by_title = {}
    for t in doc.get("tables") or []:
        title = norm(t.get("title"))
        by_title[title] = t
        for a in t.get("aliases") or []:
            by_title[norm(a)] = t
    for alias, titles in TITLES.items():
        for title in titles:
            t = by_title.get(norm(title))
            if t is None:
                continue
            if "panels" in t:
                tables[alias] = {str(p.get("name", "")): Panel(p) for p in t["panels"]}
            else:
                tables[alias] = {"": Panel(t)}
            break
    return tables


# ---- checking ------------------------------------------------------------------------------


def eq(a, b):
    return abs(a - b) <= TOL


class Checker:
    def __init__(self, tables):
        self.t = tables
        self.findings = []

    def check(self, rule, left, right, where=""):
        if left is None or right is None:
            return  # not applicable: a row or column the report does not print
        if not eq(left, right):
            self.findings.append(
                {"rule": rule, "where": where, "left": str(left), "right": str(right),
                 "difference": str(left - right)}
            )

    def panel(self, alias, name=""):
        t = self.t.get(alias)
        if t is None:
            return None
        if name in t:
            return t[name]
        return next(iter(t.values())) if name == "" else None

    # -- 01
    def t01(self):
        inc = self.panel("t01", "收入")
        exp = self.panel("t01", "支出")
        if inc is None or exp is None:
            return
        first, last = inc.row("一般公共预算财政拨款收入"), inc.row("其他收入")
        if first is not None and last is not None:
            i, j = sorted((inc.index(first), inc.index(last)))
            self.check("T01-1", inc.cell("本年收入合计"), sum(r["vals"][0] for r in inc.rows[i:j + 1]))
        first, total = exp.row("一般公共服务支出"), exp.row("本年支出合计")
        if first is not None and total is not None:
            i, j = sorted((exp.index(first), exp.index(total)))
            classes = sum(r["vals"][0] for r in exp.rows[i:j + 1]) - total["vals"][0]
            self.check("T01-2", total["vals"][0], classes)
        surplus = inc.cell("使用非财政拨款结余(含专用结余)")
        if surplus is None:
            surplus = inc.cell("使用非财政拨款结余")
        parts = [inc.cell("本年收入合计"), surplus, inc.cell("年初结转和结余")]
        if None not in parts:
            self.check("T01-3", inc.cell("总计"), sum(parts))
        parts = [exp.cell("本年支出合计"), exp.cell("结余分配"), exp.cell("年末结转和结余")]
        if None not in parts:
            self.check("T01-4", exp.cell("总计"), sum(parts))
        self.check("T01-5", inc.cell("总计"), exp.cell("总计"))

    # -- hierarchy, shared by 02, 03, 05
    def hierarchy(self, rule, p):
        ncol = len(p.columns)
        for r in p.rows:
            lv = level(r)
            if lv not in (1, 2):
                continue
            kids = p.children.get(r["code"])
            if not kids:
                continue
            for k in range(ncol):
                self.check(rule, r["vals"][k], sum(c["vals"][k] for c in kids),
                           "%s %s" % (r["code"], p.columns[k]))
        top = [r for r in p.rows if level(r) == 1]
        total = p.row("合计")
        if top and total is not None:
            for k in range(ncol):
                self.check(rule, total["vals"][k], sum(r["vals"][k] for r in top),
                           "合计 %s" % p.columns[k])

    def row_identity(self, rule, p, total_cols, part_cols):
        tc = next((p.col(c) for c in total_cols if p.col(c) is not None), None)
        pcs = [p.col(c) for c in part_cols]
        if tc is None or None in pcs:
            return
        for r in p.rows:
            v = r["vals"]
            self.check(rule, v[tc], sum(v[c] for c in pcs), "%s %s" % (r["code"] or "", r["name"]))

    # -- 02
    def t02(self):
        p = self.panel("t02")
        if p is None:
            return
        self.row_identity("T02-1", p, ["本年收入合计"],
                          ["财政拨款收入", "上级补助收入", "事业收入", "经营收入", "附属单位上缴收入", "其他收入"])
        self.hierarchy("T02-2", p)
        inc = self.panel("t01", "收入")
        tot = p.row("合计")
        if inc is None or tot is None:
            return
        c = lambda col: None if p.col(col) is None else tot["vals"][p.col(col)]
        fiscal = [inc.cell("一般公共预算财政拨款收入"), inc.cell("政府性基金预算财政拨款收入"),
                  inc.cell("国有资本经营预算财政拨款收入")]
        self.check("T02-3", c("本年收入合计"), inc.cell("本年收入合计"), "本年收入合计")
        if None not in fiscal:
            self.check("T02-3", c("财政拨款收入"), sum(fiscal), "财政拨款收入")
        for col in ["上级补助收入", "事业收入", "经营收入", "附属单位上缴收入", "其他收入"]:
            self.check("T02-3", c(col), inc.cell(col), col)

    # -- 03
    def t03(self):
        p = self.panel("t03")
        if p is None:
            return
        self.row_identity("T03-1", p, ["本年支出合计"],
                          ["基本支出", "项目支出", "上缴上级支出", "经营支出", "对附属单位补助支出"])
        self.hierarchy("T03-2", p)
        exp = self.panel("t01", "支出")
        tot = p.row("合计")
        tc = p.col("本年支出合计")
        if exp is None or tot is None or tc is None:
            return
        self.check("T03-3", tot["vals"][tc], exp.cell("本年支出合计"), "合计")
        for r in p.rows:
            if level(r) == 1:
                self.check("T03-3", r["vals"][tc], exp.cell(r["name"]), r["code"])

    # -- 04
    def t04(self):
        inc = self.panel("t04", "收入")
        exp = self.panel("t04", "支出")
        if inc is None or exp is None:
            return
        if 3 in inc.by_line:
            items = sum(inc.by_line[n]["vals"][0] for n in (1, 2, 3) if n in inc.by_line)
        else:
            a, b = inc.row("本年收入合计"), inc.row("总计")
            if a is None or b is None:
                items = None
            else:
                i, j = sorted((inc.index(a), inc.index(b)))
                items = sum(r["vals"][0] for r in inc.rows) - sum(r["vals"][0] for r in inc.rows[i:j + 1])
        self.check("T04-1", inc.cell("本年收入合计"), items)
        self.row_identity("T04-3", exp, ["合计"],
                          ["一般公共预算财政拨款", "政府性基金预算财政拨款", "国有资本经营预算财政拨款"])
        first, total = exp.row("一般公共服务支出"), exp.row("本年支出合计")
        if first is not None and total is not None:
            i, j = sorted((exp.index(first), exp.index(total)))
            for k, col in enumerate(exp.columns):
                classes = sum(r["vals"][k] for r in exp.rows[i:j + 1]) - total["vals"][k]
                self.check("T04-4", total["vals"][k], classes, col)
        # T04-5
        carry, grand = inc.row("年初财政拨款结转和结余"), inc.row("总计")
        if carry is not None and grand is not None:
            i, j = sorted((inc.index(carry), inc.index(grand)))
            sub = sum(r["vals"][0] for r in inc.rows[i:j + 1]) - carry["vals"][0] - grand["vals"][0]
            self.check("T04-5", carry["vals"][0], sub, "年初财政拨款结转和结余")
            income = inc.cell("本年收入合计")
            if income is not None:
                self.check("T04-5", grand["vals"][0], income + carry["vals"][0], "收入总计")
        et, ey, eg = exp.row("本年支出合计"), exp.row("年末财政拨款结转和结余"), exp.row("总计")
        if et is not None and ey is not None and eg is not None:
            for k, col in enumerate(exp.columns):
                self.check("T04-5", eg["vals"][k], et["vals"][k] + ey["vals"][k], "支出总计 " + col)
            c = exp.col("合计")
            if c is not None:
                self.check("T04-5", inc.cell("总计"), eg["vals"][c], "收入总计 = 支出总计")

    # -- 05
    def t05(self):
        p = self.panel("t05")
        if p is None:
            return
        self.row_identity("T05-1", p, ["小计", "合计"], ["基本支出", "项目支出"])
        self.hierarchy("T05-1", p)

    def run(self):
        self.t01()
        self.t02()
        self.t03()
        self.t04()
        self.t05()
        return self.findings


def read(path):
    with open(path, "rb") as f:
        return yaml.load(f, Loader=LOADER)


def check_file(path):
    try:
        doc = read(path)
        findings = Checker(load_tables(doc)).run()
        return json.dumps({"path": path, "unit": doc.get("unit"), "findings": findings},
                          ensure_ascii=False)
    except Exception as e:  # a broken report is reported, not fatal
        return json.dumps({"path": path, "error": "%s: %s" % (type(e).__name__, e)},
                          ensure_ascii=False)


def load_only(path):
    doc = read(path)
    return len(doc["tables"])


def expand(args):
    out = []
    for a in args:
        if os.path.isdir(a):
            out.extend(sorted(os.path.join(a, f) for f in os.listdir(a) if f.endswith(".yaml")))
        else:
            out.append(a)
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("paths", nargs="+")
    ap.add_argument("-j", "--jobs", type=int, default=os.cpu_count())
    ap.add_argument("--load-only", action="store_true")
    ap.add_argument("--quiet", action="store_true", help="print only a summary line")
    a = ap.parse_args()
    files = expand(a.paths)
    fn = load_only if a.load_only else check_file
    n_find = 0
    out = sys.stdout
    with Pool(a.jobs) as pool:
        for res in pool.imap(fn, files, chunksize=16):
            if a.load_only:
                continue
            if a.quiet:
                n_find += res.count('"rule":')
            else:
                out.write(res)
                out.write("\n")
    if a.quiet or a.load_only:
        print("%d reports, %d findings" % (len(files), n_find), file=sys.stderr)


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""Checks that fixtures/consistent-example.yaml satisfies every relation of RELATIONS.md exactly.

All arithmetic is Python `decimal`; every relation must hold with no residue at all (the
example is built that way: stated percentages are exact at 2 decimals). Blank cells count as 0
in sums, but a printed total may not be blank when its parts are not all blank (B-1).
Exit status 1 if any relation fails.
"""
import re
import sys
from decimal import Decimal
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]
args = [a for a in sys.argv[1:] if not a.startswith("-")]
PATH = Path(args[0]) if args else ROOT / "fixtures" / "consistent-example.yaml"
HUNDRED = Decimal(100)


class RawLoader(yaml.SafeLoader):
    """Every scalar stays its source text: amounts are parsed with Decimal, never float."""


for tag in ["tag:yaml.org,2002:int", "tag:yaml.org,2002:float", "tag:yaml.org,2002:bool"]:
    RawLoader.add_constructor(tag, lambda loader, node: node.value)

results = []


def check(rel, ok, detail=""):
    results.append((rel, bool(ok), detail))


def dec(cell):
    """Amount cell -> Decimal, blank -> 0."""
    if cell is None or cell in ("", "-", "—"):
        return Decimal(0)
    return Decimal(str(cell).replace(",", ""))


def blank(cell):
    return cell is None or cell in ("", "-", "—")


def pct(s):
    assert str(s).endswith("%"), s
    return Decimal(str(s)[:-1])


def norm(s):
    s = re.sub(r"[\s\u3000]", "", str(s))
    s = re.sub(r"^[一二三四五六七八九十]+、", "", s)
    s = re.sub(r"^（[一二三四五六七八九十]+）", "", s)
    s = re.sub(r"^\d+[、.]", "", s)
    for m in ("（类）", "（款）", "（项）", "“", "”"):
        s = s.replace(m, "")
    return s


doc = yaml.load(PATH.read_text(encoding="utf-8"), Loader=RawLoader)


class Panel:
    def __init__(self, p):
        self.keys = p.get("keys", ["name"])
        self.cols = p["columns"]
        self.rows = p["rows"]

    def key(self, row, k):
        return row[self.keys.index(k)] if k in self.keys else None

    def vals(self, row):
        return row[len(self.keys):]

    def named(self, name, nth=0):
        hits = [r for r in self.rows if self.key(r, "name") is not None and norm(self.key(r, "name")) == norm(name)]
        return hits[nth]

    def coded(self, code):
        for r in self.rows:
            if str(self.key(r, "code")) == str(code):
                return r
        return None

    def cell(self, row, col):
        return self.vals(row)[self.cols.index(col) if isinstance(col, str) else col]

    def v(self, row, col=0):
        return dec(self.cell(row, col))


def table(title):
    t = next(t for t in doc["tables"] if t["title"] == title)
    return t


def panel(title, name=None):
    t = table(title)
    if "panels" in t:
        return Panel(next(p for p in t["panels"] if str(p["name"]) == name))
    return Panel(t)


def sum_check(rel, total_cell, part_cells):
    """total = Σ parts exactly, and B-1: total not blank unless all parts blank."""
    total = dec(total_cell)
    s = sum((dec(c) for c in part_cells), Decimal(0))
    check(rel, total == s, f"{total} vs Σ {s}")
    if blank(total_cell) and not all(blank(c) for c in part_cells):
        check("B-1", False, f"blank total with non-blank parts ({rel})")
    elif blank(total_cell) is False:
        check("B-1", True)


def hierarchy(rel, p, ncols):
    """合计 = Σ类; 类 = Σ款; 款 = Σ项 (per column), for a code-keyed panel."""
    rows = p.rows
    codes = [str(p.key(r, "code")) if p.key(r, "code") is not None else None for r in rows]
    total = next((r for r, c in zip(rows, codes) if c is None and norm(p.key(r, "name")) == "合计"), None)
    for j in range(ncols):
        if total is not None:
            sum_check(f"{rel} 合计 col{j + 1}", p.vals(total)[j], [p.vals(r)[j] for r, c in zip(rows, codes) if c and len(c) == 3])
        for r, c in zip(rows, codes):
            if c and len(c) in (3, 5):
                kids = [p.vals(k)[j] for k, kc in zip(rows, codes) if kc and len(kc) == len(c) + 2 and kc.startswith(c)]
                if kids:
                    sum_check(f"{rel} {c} col{j + 1}", p.vals(r)[j], kids)


def rate_ok(rel, current, claim):
    """增加/减少 with 增长/下降: signs agree, rate = Δ / (X − Δ) exactly; 持平 means Δ = 0."""
    if "持平" in claim:
        check(rel + " 持平", "增加" not in claim and "减少" not in claim)
        return Decimal(0)
    if "增加" in claim:
        d = dec(claim["增加"])
    elif "减少" in claim:
        d = -dec(claim["减少"])
    else:
        return None
    check(rel + " sign", not ("增加" in claim and "下降" in claim) and not ("减少" in claim and "增长" in claim))
    prior = current - d
    if "增长" in claim or "下降" in claim:
        r = pct(claim.get("增长", claim.get("下降")))
        r = r if "增长" in claim else -r
        check(rel + " rate", prior != 0 and d * HUNDRED / prior == r, f"Δ {d} / prior {prior} vs {r}%")
    else:
        check(rel + " no rate on zero base", prior == 0 or d == 0, f"prior {prior}")
    return d


def share_ok(rel, part, whole, p):
    check(rel, whole != 0 and part * HUNDRED / whole == pct(p), f"{part}/{whole} vs {p}")


def completion_ok(rel, c):
    b, x = dec(c["预算"]), dec(c["决算"])
    if "完成率" in c:
        check(rel + " 完成率", b != 0 and x * HUNDRED / b == pct(c["完成率"]), f"{x}/{b} vs {c['完成率']}")
    else:
        check(rel + " 完成率 omitted only for zero budget", b == 0)
    if "比较" in c:
        want = "大于" if x > b else "小于" if x < b else "等于"
        check(rel + " 比较", c["比较"] == want, f"{c['比较']} vs {want}")


def section(key):
    return next(s for s in doc["narrative"] if s["key"] == key)


def claim(key, subject):
    return next(c for c in section(key)["claims"] if norm(c["subject"]) == norm(subject))


def count(s):
    return Decimal(re.match(r"\d+(\.\d+)?", str(s)).group(0))


# ---------------------------------------------------------------- tables
T01, T02, T03, T04 = "收入支出决算总表", "收入决算表", "支出决算表", "财政拨款收入支出决算总表"
T05, T06, T07, T08, T09 = ("一般公共预算财政拨款支出决算表", "一般公共预算财政拨款基本支出决算明细表",
                           "政府性基金预算财政拨款收入支出决算表", "国有资本经营预算财政拨款支出决算表",
                           "财政拨款“三公”经费支出决算表")
i01, e01 = panel(T01, "收入"), panel(T01, "支出")
line = {int(i01.key(r, "line")): r for r in i01.rows}
inc_lines = [r for r in i01.rows if int(i01.key(r, "line")) <= 8]
sum_check("01-1", i01.cell(i01.named("本年收入合计"), 0), [i01.cell(r, 0) for r in inc_lines])
idx = e01.rows.index(e01.named("本年支出合计"))
lei01 = e01.rows[:idx]
sum_check("01-2", e01.cell(e01.named("本年支出合计"), 0), [e01.cell(r, 0) for r in lei01])
sum_check("01-3", i01.cell(i01.named("总计"), 0), [i01.cell(i01.named(n), 0) for n in ("本年收入合计", "使用非财政拨款结余（含专用结余）", "年初结转和结余")])
sum_check("01-4", e01.cell(e01.named("总计"), 0), [e01.cell(e01.named(n), 0) for n in ("本年支出合计", "结余分配", "年末结转和结余")])
check("01-5", i01.v(i01.named("总计")) == e01.v(e01.named("总计")))

p02 = panel(T02)
for r in p02.rows:
    sum_check(f"02-1 {p02.key(r, 'code') or '合计'}", p02.vals(r)[0], p02.vals(r)[1:])
hierarchy("02-2", p02, len(p02.cols))
t02 = p02.named("合计")
check("02-3 本年收入合计", p02.v(t02, "本年收入合计") == i01.v(i01.named("本年收入合计")))
check("02-3 财政拨款收入", p02.v(t02, "财政拨款收入") == sum(i01.v(line[n]) for n in (1, 2, 3)))
for col, ln in [("上级补助收入", 4), ("事业收入", 5), ("经营收入", 6), ("附属单位上缴收入", 7), ("其他收入", 8)]:
    check(f"02-3 {col}", p02.v(t02, col) == i01.v(line[ln]))

p03 = panel(T03)
for r in p03.rows:
    sum_check(f"03-1 {p03.key(r, 'code') or '合计'}", p03.vals(r)[0], p03.vals(r)[1:])
hierarchy("03-2", p03, len(p03.cols))
check("03-3 合计", p03.v(p03.named("合计"), 0) == e01.v(e01.named("本年支出合计")))
for r in p03.rows:
    c = p03.key(r, "code")
    if c and len(str(c)) == 3:
        check(f"03-3 {c}", p03.v(r, 0) == e01.v(e01.named(p03.key(r, "name"))))

i04, e04 = panel(T04, "收入"), panel(T04, "支出")
l04 = {int(i04.key(r, "line")): r for r in i04.rows}
sum_check("04-1", i04.cell(i04.named("本年收入合计"), 0), [i04.cell(l04[n], 0) for n in (1, 2, 3)])
for n in (1, 2, 3):
    check(f"04-2 line {n}", i04.v(l04[n]) == i01.v(line[n]))
for r in e04.rows:
    sum_check(f"04-3 {e04.key(r, 'name')}", e04.vals(r)[0], e04.vals(r)[1:])
idx = e04.rows.index(e04.named("本年支出合计"))
lei04 = e04.rows[:idx]
for j in range(4):
    sum_check(f"04-4 col{j + 2}", e04.vals(e04.named("本年支出合计"))[j], [e04.vals(r)[j] for r in lei04])
nc = i04.named("年初财政拨款结转和结余")
k = i04.rows.index(nc)
sum_check("04-5 年初", i04.cell(nc, 0), [i04.cell(r, 0) for r in i04.rows[k + 1:k + 4]])
sum_check("04-5 收入总计", i04.cell(i04.named("总计"), 0), [i04.cell(i04.named("本年收入合计"), 0), i04.cell(nc, 0)])
for j in range(4):
    sum_check(f"04-5 支出总计 col{j + 2}", e04.vals(e04.named("总计"))[j],
              [e04.vals(e04.named("本年支出合计"))[j], e04.vals(e04.named("年末财政拨款结转和结余"))[j]])
check("04-5 收入总计 = 支出总计", i04.v(i04.named("总计")) == e04.v(e04.named("总计")))
for r in lei04:
    check(f"04-6 {e04.key(r, 'name')}", e04.v(r) <= e01.v(e01.named(e04.key(r, "name"))))
check("04-6 年初", i04.v(nc) <= i01.v(i01.named("年初结转和结余")))

p05 = panel(T05)
for r in p05.rows:
    sum_check(f"05-1 {p05.key(r, 'code') or '合计'}", p05.vals(r)[0], p05.vals(r)[1:])
hierarchy("05-1", p05, 3)
t05 = p05.named("合计")
check("05-2 合计", p05.v(t05, "小计") == e04.v(e04.named("本年支出合计"), "一般公共预算财政拨款"))
for r in p05.rows:
    c = p05.key(r, "code")
    if c and len(str(c)) == 3:
        check(f"05-2 {c}", p05.v(r, "小计") == e04.v(e04.named(p05.key(r, "name")), "一般公共预算财政拨款"))
for r in p05.rows:
    c = p05.key(r, "code")
    r3 = p03.coded(c) if c else p03.named("合计")
    for c5, c3 in [("小计", "本年支出合计"), ("基本支出", "基本支出"), ("项目支出", "项目支出")]:
        check(f"05-3 {c or '合计'} {c5}", r3 is not None and p05.v(r, c5) <= p03.v(r3, c3))

p06 = [panel(T06, n) for n in ("1", "2", "3")]
rows06 = [(p, r) for p in p06 for r in p.rows]
by06 = {str(p.key(r, "code")): p.cell(r, 0) for p, r in rows06 if p.key(r, "code") is not None}
for c in [c for c in by06 if len(c) == 3]:
    kids = [v for k, v in by06.items() if len(k) == 5 and k.startswith(c)]
    sum_check(f"06-1 {c}", by06[c], kids)
ry = next(p.cell(r, 0) for p, r in rows06 if p.key(r, "name") == "人员经费合计")
gy = next(p.cell(r, 0) for p, r in rows06 if p.key(r, "name") == "公用经费合计")
sum_check("06-2 人员经费合计", ry, [by06.get("301"), by06.get("303")])
sum_check("06-2 公用经费合计", gy, [by06.get(c) for c in ("302", "307", "310", "399")])
check("06-3", dec(ry) + dec(gy) == p05.v(t05, "基本支出"))

p07 = panel(T07)
for r in p07.rows:
    check("07-1 结转", p07.v(r, "年初结转和结余") + p07.v(r, "本年收入") - p07.v(r, "小计") == p07.v(r, "年末结转和结余"))
    sum_check("07-1 本年支出", p07.cell(r, "小计"), [p07.cell(r, "基本支出"), p07.cell(r, "项目支出")])
hierarchy("07-1", p07, len(p07.cols))
t07 = p07.named("合计")
check("07-2 本年收入 = 01 line 2", p07.v(t07, "本年收入") == i01.v(line[2]))
check("07-2 01 line 2 = 04 line 2", i01.v(line[2]) == i04.v(l04[2]))
check("07-2 本年支出", p07.v(t07, "小计") == e04.v(e04.named("本年支出合计"), "政府性基金预算财政拨款"))
p08 = panel(T08)
for r in p08.rows:
    sum_check("08-1", p08.cell(r, "合计"), [p08.cell(r, "基本支出"), p08.cell(r, "项目支出")])
check("08-2 01 line 3 = 04 line 3", i01.v(line[3]) == i04.v(l04[3]))
check("08-2 本年支出", p08.v(p08.named("合计"), "合计") == e04.v(e04.named("本年支出合计"), "国有资本经营预算财政拨款"))

p09 = panel(T09)
r09 = p09.rows[0]
for side in ("预算数", "决算数"):
    car = f"{side}/公务用车购置及运行维护费"
    sum_check(f"09-1 {side} 合计", p09.cell(r09, f"{side}/合计"),
              [p09.cell(r09, f"{side}/因公出国（境）费"), p09.cell(r09, f"{car}/小计"), p09.cell(r09, f"{side}/公务接待费")])
    sum_check(f"09-1 {side} 小计", p09.cell(r09, f"{car}/小计"),
              [p09.cell(r09, f"{car}/公务用车购置费"), p09.cell(r09, f"{car}/公务用车运行维护费")])
car = "决算数/公务用车购置及运行维护费"
for code, col in [("30212", "决算数/因公出国（境）费"), ("30217", "决算数/公务接待费"),
                  ("30231", f"{car}/公务用车运行维护费"), ("31013", f"{car}/公务用车购置费")]:
    check(f"09-2 {code}", dec(by06.get(code)) <= p09.v(r09, col))

for t in (T07, T08):
    check(f"E-1 {t}", any("无数据" in n for n in table(t).get("notes", [])))

# ---------------------------------------------------------------- narrative
s = section("概况")
check("概况 实有人数", count(claim("概况", "实有人数")["数量"]) ==
      sum(count(claim("概况", n)["数量"]) for n in ("在职人员", "政府雇员", "离休", "退休")))

c = claim("总体", "收、支总计")
check("一 收支总计 = 01 总计", dec(c["金额"]) == i01.v(i01.named("总计")) == e01.v(e01.named("总计")))
rate_ok("一 总体", dec(c["金额"]), c)

X = dec(claim("收入", "收入合计")["金额"])
check("二 收入合计 = 02 合计", X == p02.v(t02, "本年收入合计"))
shares = Decimal(0)
for col in p02.cols[1:]:
    cl = claim("收入", col)
    check(f"二 {col} = 02", dec(cl["金额"]) == p02.v(t02, col))
    share_ok(f"二 {col} 占比", dec(cl["金额"]), X, cl["占比"])
    shares += pct(cl["占比"])
check("二 shares sum 100", shares == HUNDRED, shares)

X = dec(claim("支出", "支出合计")["金额"])
t03 = p03.named("合计")
check("三 支出合计 = 03 合计", X == p03.v(t03, 0))
shares = Decimal(0)
for col in p03.cols[1:]:
    cl = claim("支出", col)
    check(f"三 {col} = 03", dec(cl["金额"]) == p03.v(t03, col))
    share_ok(f"三 {col} 占比", dec(cl["金额"]), X, cl["占比"])
    shares += pct(cl["占比"])
check("三 shares sum 100", shares == HUNDRED, shares)

c = claim("财政拨款总体", "财政拨款收、支总计")
check("四 = 04 总计", dec(c["金额"]) == i04.v(i04.named("总计")))
rate_ok("四", dec(c["金额"]), c)

c = claim("一般公共预算总体", "财政拨款支出")
check("五(一) = 05 合计", dec(c["金额"]) == p05.v(t05, "小计"))
share_ok("五(一) 占本年支出合计", dec(c["金额"]), p03.v(t03, 0), c["占比"])
rate_ok("五(一)", dec(c["金额"]), c)

sec = section("一般公共预算结构")
check("五(二) total = 05 合计", dec(claim("一般公共预算结构", "财政拨款支出")["金额"]) == p05.v(t05, "小计"))
shares = Decimal(0)
lei05 = [r for r in p05.rows if p05.key(r, "code") and len(str(p05.key(r, "code"))) == 3]
for r in lei05:
    cl = claim("一般公共预算结构", p05.key(r, "name"))
    check(f"五(二) {p05.key(r, 'name')} = 05", dec(cl["金额"]) == p05.v(r, "小计"))
    share_ok(f"五(二) {p05.key(r, 'name')} 占比", dec(cl["金额"]), p05.v(t05, "小计"), cl["占比"])
    shares += pct(cl["占比"])
check("五(二) every claim is a 05 类", len(sec["claims"]) == len(lei05) + 1)
check("五(二) shares sum 100", shares == HUNDRED, shares)

ct = claim("一般公共预算具体", "财政拨款支出")
check("五(三) 决算 = 05 合计", dec(ct["决算"]) == p05.v(t05, "小计"))
completion_ok("五(三) total", ct)
items = section("一般公共预算具体项")["claims"]
for cl in items:
    r = p05.coded(cl["code"])
    check(f"五(三) {cl['code']} 决算 = 05", r is not None and dec(cl["决算"]) == p05.v(r, "小计"))
    completion_ok(f"五(三) {cl['code']}", cl)
check("五(三) Σ项 决算 = total", sum(dec(c["决算"]) for c in items) == dec(ct["决算"]))
check("五(三) Σ项 预算 = total", sum(dec(c["预算"]) for c in items) == dec(ct["预算"]))
check("五(三) every 项 row of 05 is stated", {str(c["code"]) for c in items} ==
      {str(p05.key(r, "code")) for r in p05.rows if p05.key(r, "code") and len(str(p05.key(r, "code"))) == 7})

X = dec(claim("基本支出", "财政拨款基本支出")["金额"])
check("六 基本支出 = 05 基本支出", X == p05.v(t05, "基本支出"))
for subj, v in (("人员经费", ry), ("公用经费", gy)):
    cl = claim("基本支出", subj)
    check(f"六 {subj} = 06", dec(cl["金额"]) == dec(v))
    share_ok(f"六 {subj} 占比", dec(cl["金额"]), X, cl["占比"])
names06 = {norm(p.key(r, "name")): p.cell(r, 0) for p, r in rows06 if p.key(r, "code") is not None}
for cl in section("基本支出")["claims"]:
    if norm(cl["subject"]) in ("财政拨款基本支出", "人员经费", "公用经费"):
        continue
    v = names06.get(norm(cl["subject"]))
    check(f"六 item {cl['subject']} = 06", v is not None and dec(cl["金额"]) == dec(v))

cols3 = {"“三公”经费财政拨款支出": "合计", "因公出国（境）费": "因公出国（境）费", "公务接待费": "公务接待费",
         "公务用车购置费": "公务用车购置及运行维护费/公务用车购置费",
         "公务用车运行维护费": "公务用车购置及运行维护费/公务用车运行维护费"}
deltas = {}
for subj, col in cols3.items():
    cl = claim("三公", subj)
    check(f"七 {subj} 预算 = 09", dec(cl["预算"]) == p09.v(r09, f"预算数/{col}"))
    check(f"七 {subj} 决算 = 09", dec(cl["决算"]) == p09.v(r09, f"决算数/{col}"))
    completion_ok(f"七 {subj}", cl)
    deltas[subj] = rate_ok(f"七 {subj}", dec(cl["决算"]), cl)
check("七 Σ items' 变动 = total 变动", sum(v for k, v in deltas.items() if k != "“三公”经费财政拨款支出") == deltas["“三公”经费财政拨款支出"])
tot = p09.v(r09, "决算数/合计")
shares = Decimal(0)
for subj, col in [("公务接待费", "决算数/公务接待费"), ("因公出国（境）费", "决算数/因公出国（境）费"),
                  ("公务用车购置费及运行维护费", "决算数/公务用车购置及运行维护费/小计")]:
    cl = claim("三公具体", subj)
    check(f"七(二) {subj} = 09", dec(cl["决算"]) == p09.v(r09, col))
    share_ok(f"七(二) {subj} 占比", dec(cl["决算"]), tot, cl["占比"])
    shares += pct(cl["占比"])
    check(f"七(二) {subj}支出 restated", dec(claim("三公具体", subj + "支出")["决算"]) == dec(cl["决算"]))
check("七(二) shares sum 100", shares == HUNDRED, shares)
for subj, col in [("公务用车购置费", f"{car}/公务用车购置费"), ("公务用车运行维护费", f"{car}/公务用车运行维护费")]:
    check(f"七(二) {subj} = 09", dec(claim("三公具体", subj)["金额"]) == p09.v(r09, col))
check("七(二) 保有量 = 国有资产 车辆", count(claim("三公具体", "公务用车保有量")["数量"]) == count(claim("国有资产", "车辆")["数量"]))

c = claim("机关运行经费", "机关运行经费")
check("机关运行经费 = 06 公用经费合计 (行政 unit)", dec(c["金额"]) == dec(gy))
rate_ok("机关运行经费", dec(c["金额"]), c)

g = lambda n: claim("政府采购", n)
total = dec(g("政府采购支出总额")["金额"])
parts = {k: dec(g(f"政府采购{k}支出")["金额"]) for k in ("货物", "工程", "服务")}
check("政府采购 总额 = 货物 + 工程 + 服务", total == sum(parts.values()))
sme, micro = dec(g("授予中小企业合同金额")["金额"]), dec(g("授予小微企业合同金额")["金额"])
check("政府采购 中小企业 ≤ 总额", sme <= total)
share_ok("政府采购 中小企业 占比", sme, total, g("授予中小企业合同金额")["占比"])
check("政府采购 小微 ≤ 中小企业", micro <= sme)
share_ok("政府采购 小微 占比", micro, sme, g("授予小微企业合同金额")["占比"])
check("政府采购 per-kind shares add up to 中小企业",
      sum(parts[k] * pct(g(f"{k}采购授予中小企业合同金额")["占比"]) / HUNDRED for k in parts) == sme)

cars = section("国有资产")["claims"]
check("国有资产 车辆 = Σ by use", count(claim("国有资产", "车辆")["数量"]) ==
      sum(count(c["数量"]) for c in cars if c["subject"].endswith("用车")))

check("附件 基本 + 项目 年初预算 = 五(三) 预算",
      dec(claim("附件", "基本支出年初预算")["预算"]) + dec(claim("附件", "项目支出年初预算")["预算"]) == dec(ct["预算"]))

failed = [r for r in results if not r[1]]
for rel, ok, detail in results:
    if not ok or "-v" in sys.argv:
        print(("ok   " if ok else "FAIL ") + rel + (f"  ({detail})" if detail else ""))
print(f"{len(results)} checks, {len(failed)} failed")
sys.exit(1 if failed else 0)

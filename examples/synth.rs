//! Synthetic 部门决算 reports for benchmarks and batch tests.
//!
//! Each report is internally consistent in the Hunan layout (the nine tables and a narrative
//! whose figures are derived from the tables and rounded as a publisher would), with full
//! 功能分类 detail (类/款/项). A chosen share of reports gets one injected error (a detail cell
//! off by 1.00 or a stated share off by 1%), and the list of injected errors is written to
//! `injected.txt` so a benchmark can check the checker finds them.
//!
//! ```sh
//! cargo run --release --example synth -- --out target/reports --count 1000 --rows 400 --errors 0.1
//! ```

use std::fmt::Write as _;
use std::path::PathBuf;

/// A tiny deterministic generator (SplitMix64): the same seed gives the same reports.
pub struct Rng(pub u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }
    fn chance(&mut self, p: f64) -> bool {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64 <= p
    }
}

/// Cents to a printed amount: `123456` → `1234.56`; 0 → `0`.
fn amt(c: i64) -> String {
    if c == 0 {
        return "0".into();
    }
    let sign = if c < 0 { "-" } else { "" };
    let c = c.abs();
    format!("{sign}{}.{:02}", c / 100, c % 100)
}

/// A blank for zero, else the amount.
fn cell(c: i64) -> String {
    if c == 0 { "~".into() } else { amt(c) }
}

/// `part / whole` as a percentage rounded half up to 2 decimals, exactly, in integers.
fn pct(part: i64, whole: i64) -> String {
    if whole == 0 {
        return "0%".into();
    }
    // hundredths of a percent, rounded half up
    let num = part as i128 * 20_000;
    let q = (num / whole as i128 + 1) / 2;
    format!("{}.{:02}%", q / 100, q % 100)
}

const CLASSES: &[(&str, &str)] = &[
    ("201", "一般公共服务支出"),
    ("205", "教育支出"),
    ("206", "科学技术支出"),
    ("207", "文化旅游体育与传媒支出"),
    ("208", "社会保障和就业支出"),
    ("210", "卫生健康支出"),
    ("211", "节能环保支出"),
    ("212", "城乡社区支出"),
    ("213", "农林水支出"),
    ("214", "交通运输支出"),
    ("221", "住房保障支出"),
];

const ORDINALS: &[&str] = &[
    "一", "二", "三", "四", "五", "六", "七", "八", "九", "十", "十一", "十二", "十三", "十四",
];

struct Item {
    code: String,
    name: String,
    /// fiscal basic, fiscal project, non-fiscal basic (事业), non-fiscal project (其他)
    fb: i64,
    fp: i64,
    nb: i64,
    np: i64,
}

impl Item {
    fn fiscal(&self) -> i64 {
        self.fb + self.fp
    }
    fn total(&self) -> i64 {
        self.fb + self.fp + self.nb + self.np
    }
}

struct Args {
    out: PathBuf,
    count: usize,
    rows: usize,
    errors: f64,
    seed: u64,
}

fn parse_args() -> Args {
    let mut a = Args {
        out: PathBuf::from("target/synth"),
        count: 100,
        rows: 400,
        errors: 0.1,
        seed: 1,
    };
    let mut it = std::env::args().skip(1);
    while let Some(k) = it.next() {
        let v = it.next().unwrap_or_default();
        match k.as_str() {
            "--out" => a.out = PathBuf::from(v),
            "--count" => a.count = v.parse().unwrap_or(a.count),
            "--rows" => a.rows = v.parse().unwrap_or(a.rows),
            "--errors" => a.errors = v.parse().unwrap_or(a.errors),
            "--seed" => a.seed = v.parse().unwrap_or(a.seed),
            _ => {
                eprintln!("usage: synth --out DIR --count N --rows R --errors SHARE --seed S");
                std::process::exit(2);
            }
        }
    }
    a
}

fn main() {
    let args = parse_args();
    if let Err(e) = std::fs::create_dir_all(&args.out) {
        eprintln!("cannot create {}: {e}", args.out.display());
        std::process::exit(2);
    }
    let mut injected = String::new();
    let mut bytes = 0usize;
    for n in 0..args.count {
        let mut rng = Rng(args.seed.wrapping_mul(1_000_003).wrapping_add(n as u64));
        let inject = rng.chance(args.errors);
        let (yaml, what) = report(&mut rng, n, args.rows, inject);
        bytes += yaml.len();
        let path = args.out.join(format!("report-{n:06}.yaml"));
        if let Err(e) = std::fs::write(&path, yaml) {
            eprintln!("cannot write {}: {e}", path.display());
            std::process::exit(2);
        }
        if let Some(w) = what {
            let _ = writeln!(injected, "{}\t{w}", path.display());
        }
    }
    let _ = std::fs::write(args.out.join("injected.txt"), injected);
    println!(
        "wrote {} reports ({} KB on average) to {}",
        args.count,
        bytes / args.count.max(1) / 1024,
        args.out.display()
    );
}

/// One report's YAML and, when an error was injected, what it was.
pub fn report(rng: &mut Rng, n: usize, rows: usize, inject: bool) -> (String, Option<String>) {
    // --- 功能分类 detail: 类 → 款 → 项, about `rows` printed rows -----------------------------
    let classes = (rows / 40).clamp(1, CLASSES.len());
    let items_wanted = (rows * 10 / 13).max(classes);
    let mut items: Vec<Item> = Vec::new();
    for (ci, (ccode, _)) in CLASSES.iter().take(classes).enumerate() {
        let in_class =
            (items_wanted / classes + usize::from(ci < items_wanted % classes)).min(99 * 99);
        for k in 0..in_class {
            // 3/5/7-digit codes allow 99 款 of 99 项 per 类; real reports have about 10 项 per 款
            let per_kuan = in_class.div_ceil(99).clamp(10, 99);
            let kuan = k / per_kuan + 1;
            let xiang = k % per_kuan + 1;
            let fiscal = rng.chance(0.9);
            items.push(Item {
                code: format!("{ccode}{kuan:02}{xiang:02}"),
                name: format!("项目{kuan}-{xiang}"),
                fb: if fiscal { rng.below(400_000) as i64 } else { 0 },
                fp: if fiscal && rng.chance(0.5) {
                    rng.below(300_000) as i64
                } else {
                    0
                },
                nb: if rng.chance(0.1) {
                    rng.below(50_000) as i64
                } else {
                    0
                },
                np: if rng.chance(0.05) {
                    rng.below(20_000) as i64
                } else {
                    0
                },
            });
        }
    }
    // Totals of every code prefix (all, 类, 款, 项) in one pass: summing by a scan per printed
    // row was quadratic and made the 80k-row report take minutes to generate.
    let mut totals: std::collections::HashMap<&str, Item> = std::collections::HashMap::new();
    for it in &items {
        for k in [0, 3, 5, 7] {
            let Some(prefix) = it.code.get(..k) else {
                continue;
            };
            let t = totals.entry(prefix).or_insert_with(|| Item {
                code: String::new(),
                name: String::new(),
                fb: 0,
                fp: 0,
                nb: 0,
                np: 0,
            });
            t.fb += it.fb;
            t.fp += it.fp;
            t.nb += it.nb;
            t.np += it.np;
        }
    }
    // every `f` below is linear in the four amounts, so f(total) is the sum of f over items
    let sum = |f: &dyn Fn(&Item) -> i64, prefix: &str| -> i64 { totals.get(prefix).map_or(0, f) };
    let fb = sum(&|i| i.fb, "");
    let fp = sum(&|i| i.fp, "");
    let nb = sum(&|i| i.nb, "");
    let np = sum(&|i| i.np, "");
    let fiscal = fb + fp;
    let income = fiscal + nb + np;
    let basic = fb + nb;
    let project = fp + np;
    let carry = rng.below(100_000) as i64;
    let fcarry = carry.min(rng.below(50_000) as i64);

    // hierarchy rows: (code, name) for every 类, 款 and 项 in printed order
    let mut hier: Vec<(String, String)> = Vec::new();
    for (ccode, cname) in CLASSES.iter().take(classes) {
        hier.push((ccode.to_string(), cname.to_string()));
        let mut last_kuan = String::new();
        for it in items.iter().filter(|i| i.code.starts_with(ccode)) {
            let kuan = &it.code[..5];
            if kuan != last_kuan {
                hier.push((kuan.to_string(), format!("款{}", &kuan[3..])));
                last_kuan = kuan.to_string();
            }
            hier.push((it.code.clone(), it.name.clone()));
        }
    }

    let mut y = String::with_capacity(64 * 1024);
    let _ = writeln!(
        y,
        "# synthetic report generated by examples/synth.rs (not a published report)"
    );
    let _ = writeln!(
        y,
        "unit: 合成单位{n:06}\nyear: 2023\ncurrency: 万元\nprecision: 2\ntables:"
    );

    // 01
    let _ = writeln!(
        y,
        "  - title: 收入支出决算总表\n    number: 公开01表\n    panels:"
    );
    let _ = writeln!(
        y,
        "      - name: 收入\n        keys: [name, line]\n        columns: [决算数]\n        column_numbers: [1]\n        rows:"
    );
    let lines_in = [
        ("一、一般公共预算财政拨款收入", fiscal),
        ("二、政府性基金预算财政拨款收入", 0),
        ("三、国有资本经营预算财政拨款收入", 0),
        ("四、上级补助收入", -1),
        ("五、事业收入", nb),
        ("六、经营收入", -1),
        ("七、附属单位上缴收入", -1),
        ("八、其他收入", np),
    ];
    let mut line = 1;
    for (name, v) in lines_in {
        let v = if v < 0 { "~".to_string() } else { amt(v) };
        let _ = writeln!(y, "          - [{name}, {line}, {v}]");
        line += 1;
    }
    for (name, v) in [
        ("本年收入合计", amt(income)),
        ("使用非财政拨款结余（含专用结余）", "~".into()),
        ("年初结转和结余", amt(carry)),
        ("总计", amt(income + carry)),
    ] {
        let _ = writeln!(y, "          - [{name}, {line}, {v}]");
        line += 1;
    }
    let _ = writeln!(
        y,
        "      - name: 支出\n        keys: [name, line]\n        columns: [决算数]\n        column_numbers: [2]\n        rows:"
    );
    for (k, (ccode, cname)) in CLASSES.iter().take(classes).enumerate() {
        let _ = writeln!(
            y,
            "          - [{}、{cname}, {line}, {}]",
            ORDINALS[k],
            amt(sum(&Item::total, ccode))
        );
        line += 1;
    }
    for (name, v) in [
        ("本年支出合计", amt(income)),
        ("结余分配", "~".into()),
        ("年末结转和结余", amt(carry)),
        ("总计", amt(income + carry)),
    ] {
        let _ = writeln!(y, "          - [{name}, {line}, {v}]");
        line += 1;
    }

    // 02, 03, 05: the detail tables
    let _ = writeln!(
        y,
        "  - title: 收入决算表\n    number: 公开02表\n    keys: [code, name]\n    columns: [本年收入合计, 财政拨款收入, 上级补助收入, 事业收入, 经营收入, 附属单位上缴收入, 其他收入]\n    rows:"
    );
    let _ = writeln!(
        y,
        "      - [~, 合计, {}, {}, ~, {}, ~, ~, {}]",
        amt(income),
        amt(fiscal),
        cell(nb),
        cell(np)
    );
    for (code, name) in &hier {
        let _ = writeln!(
            y,
            "      - [{code}, {name}, {}, {}, ~, {}, ~, ~, {}]",
            amt(sum(&Item::total, code)),
            cell(sum(&Item::fiscal, code)),
            cell(sum(&|i| i.nb, code)),
            cell(sum(&|i| i.np, code))
        );
    }
    let _ = writeln!(
        y,
        "  - title: 支出决算表\n    number: 公开03表\n    keys: [code, name]\n    columns: [本年支出合计, 基本支出, 项目支出, 上缴上级支出, 经营支出, 对附属单位补助支出]\n    rows:"
    );
    let _ = writeln!(
        y,
        "      - [~, 合计, {}, {}, {}, ~, ~, ~]",
        amt(income),
        cell(basic),
        cell(project)
    );
    for (code, name) in &hier {
        let _ = writeln!(
            y,
            "      - [{code}, {name}, {}, {}, {}, ~, ~, ~]",
            amt(sum(&Item::total, code)),
            cell(sum(&|i| i.fb + i.nb, code)),
            cell(sum(&|i| i.fp + i.np, code))
        );
    }

    // 04
    let _ = writeln!(
        y,
        "  - title: 财政拨款收入支出决算总表\n    number: 公开04表\n    panels:"
    );
    let _ = writeln!(
        y,
        "      - name: 收入\n        keys: [name, line]\n        columns: [金额]\n        rows:"
    );
    let _ = writeln!(
        y,
        "          - [一、一般公共预算财政拨款, 1, {}]\n          - [二、政府性基金预算财政拨款, 2, 0]\n          - [三、国有资本经营预算财政拨款, 3, 0]",
        amt(fiscal)
    );
    let _ = writeln!(
        y,
        "          - [本年收入合计, 4, {}]\n          - [年初财政拨款结转和结余, 5, {}]\n          - [一般公共预算财政拨款, 6, {}]\n          - [政府性基金预算财政拨款, 7, 0]\n          - [国有资本经营预算财政拨款, 8, 0]\n          - [总计, 9, {}]",
        amt(fiscal),
        amt(fcarry),
        amt(fcarry),
        amt(fiscal + fcarry)
    );
    let _ = writeln!(
        y,
        "      - name: 支出\n        keys: [name, line]\n        columns: [合计, 一般公共预算财政拨款, 政府性基金预算财政拨款, 国有资本经营预算财政拨款]\n        rows:"
    );
    let mut line = 10;
    for (k, (ccode, cname)) in CLASSES.iter().take(classes).enumerate() {
        let v = sum(&Item::fiscal, ccode);
        let _ = writeln!(
            y,
            "          - [{}、{cname}, {line}, {}, {}, ~, ~]",
            ORDINALS[k],
            amt(v),
            amt(v)
        );
        line += 1;
    }
    let _ = writeln!(
        y,
        "          - [本年支出合计, {line}, {}, {}, 0, 0]\n          - [年末财政拨款结转和结余, {}, {}, {}, 0, 0]\n          - [总计, {}, {}, {}, 0, 0]",
        amt(fiscal),
        amt(fiscal),
        line + 1,
        amt(fcarry),
        amt(fcarry),
        line + 2,
        amt(fiscal + fcarry),
        amt(fiscal + fcarry)
    );

    let _ = writeln!(
        y,
        "  - title: 一般公共预算财政拨款支出决算表\n    number: 公开05表\n    keys: [code, name]\n    columns: [小计, 基本支出, 项目支出]\n    rows:"
    );
    let _ = writeln!(
        y,
        "      - [~, 合计, {}, {}, {}]",
        amt(fiscal),
        cell(fb),
        cell(fp)
    );
    let mut injected = None;
    let victim = rng.below(hier.len() as u64) as usize;
    for (k, (code, name)) in hier.iter().enumerate() {
        let mut v = sum(&Item::fiscal, code);
        if inject && k == victim && code.len() == 7 && v > 100 {
            v += 100;
            injected = Some(format!("05 {code} 小计 off by 1.00"));
        }
        if sum(&Item::total, code) == 0 && v == 0 {
            continue;
        }
        let _ = writeln!(
            y,
            "      - [{code}, {name}, {}, {}, {}]",
            cell(v),
            cell(sum(&|i| i.fb, code)),
            cell(sum(&|i| i.fp, code))
        );
    }

    // 06: 人员经费 (301, 303) and 公用经费 (302, 310) split the fiscal basic total
    let personnel = fb * 8 / 10;
    let public = fb - personnel;
    let wages = [
        ("30101", "基本工资", 30),
        ("30102", "津贴补贴", 20),
        ("30108", "机关事业单位基本养老保险缴费", 15),
        ("30109", "职业年金缴费", 10),
        ("30113", "住房公积金", 15),
    ];
    let p301 = personnel * 9 / 10;
    let p303 = personnel - p301;
    let goods = [
        ("30201", "办公费", 40),
        ("30211", "差旅费", 20),
        ("30228", "工会经费", 20),
    ];
    let g302 = public * 9 / 10;
    let g310 = public - g302;
    let split = |total: i64, parts: &[(&str, &str, i64)]| -> Vec<i64> {
        let mut out: Vec<i64> = parts.iter().map(|p| total * p.2 / 100).collect();
        let rest = total - out.iter().sum::<i64>();
        if let Some(last) = out.last_mut() {
            *last += rest;
        }
        out
    };
    let _ = writeln!(
        y,
        "  - title: 一般公共预算财政拨款基本支出决算明细表\n    number: 公开06表\n    panels:"
    );
    let _ = writeln!(
        y,
        "      - name: \"1\"\n        keys: [code, name]\n        columns: [决算数]\n        rows:\n          - [301, 工资福利支出, {}]",
        amt(p301)
    );
    for ((code, name, _), v) in wages.iter().zip(split(p301, &wages)) {
        let _ = writeln!(y, "          - [{code}, {name}, {}]", amt(v));
    }
    let _ = writeln!(
        y,
        "          - [303, 对个人和家庭的补助, {}]\n          - [30302, 退休费, {}]\n          - [~, 人员经费合计, {}]",
        amt(p303),
        amt(p303),
        amt(personnel)
    );
    let _ = writeln!(
        y,
        "      - name: \"2\"\n        keys: [code, name]\n        columns: [决算数]\n        rows:\n          - [302, 商品和服务支出, {}]",
        amt(g302)
    );
    for ((code, name, _), v) in goods.iter().zip(split(g302, &goods)) {
        let _ = writeln!(y, "          - [{code}, {name}, {}]", amt(v));
    }
    let _ = writeln!(
        y,
        "          - [30212, 因公出国（境）费用, 0]\n          - [30217, 公务接待费, 0]\n          - [30231, 公务用车运行维护费, 0]\n          - [~, 公用经费合计, {}]",
        amt(public)
    );
    let _ = writeln!(
        y,
        "      - name: \"3\"\n        keys: [code, name]\n        columns: [决算数]\n        rows:\n          - [307, 债务利息及费用支出, ~]\n          - [310, 资本性支出, {}]\n          - [31002, 办公设备购置, {}]\n          - [31013, 公务用车购置, 0]\n          - [399, 其他支出, ~]",
        amt(g310),
        amt(g310)
    );

    // 07, 08, 09
    let _ = writeln!(
        y,
        "  - title: 政府性基金预算财政拨款收入支出决算表\n    number: 公开07表\n    keys: [code, name]\n    columns: [年初结转和结余, 本年收入, 小计, 基本支出, 项目支出, 年末结转和结余]\n    rows:\n      - [~, 合计, 0, 0, 0, 0, 0, 0]\n    notes:\n      - 说明：本单位没有政府性基金收入，也没有使用政府性基金安排的支出，故本表无数据。"
    );
    let _ = writeln!(
        y,
        "  - title: 国有资本经营预算财政拨款支出决算表\n    number: 公开08表\n    keys: [code, name]\n    columns: [合计, 基本支出, 项目支出]\n    rows:\n      - [~, 合计, 0, 0, 0]\n    notes:\n      - 说明：本单位没有使用国有资本经营预算安排的支出，故本表无数据。"
    );
    let _ = writeln!(
        y,
        "  - title: 财政拨款“三公”经费支出决算表\n    number: 公开09表\n    keys: [name]\n    columns: [预算数/合计, 预算数/因公出国（境）费, 预算数/公务用车购置及运行维护费/小计, 预算数/公务用车购置及运行维护费/公务用车购置费, 预算数/公务用车购置及运行维护费/公务用车运行维护费, 预算数/公务接待费, 决算数/合计, 决算数/因公出国（境）费, 决算数/公务用车购置及运行维护费/小计, 决算数/公务用车购置及运行维护费/公务用车购置费, 决算数/公务用车购置及运行维护费/公务用车运行维护费, 决算数/公务接待费]\n    rows:\n      - [~, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]"
    );

    // --- narrative ------------------------------------------------------------------------
    let change = (income + carry) / 5;
    let fchange = (fiscal + fcarry) / 8;
    let gchange = fiscal / 5;
    let budget = fiscal + fiscal / 4;
    let _ = writeln!(y, "narrative:");
    let _ = writeln!(
        y,
        "  - key: 总体\n    title: 一、收入支出决算总体情况说明\n    text: 收支总计\n    claims:\n      - {{subject: 收、支总计, 金额: {}, 增加: {}, 增长: {}}}",
        amt(income + carry),
        amt(change),
        pct(change, income + carry - change)
    );
    let _ = writeln!(
        y,
        "  - key: 收入\n    title: 二、收入决算情况说明\n    text: 收入合计\n    claims:\n      - {{subject: 收入合计, 金额: {}}}\n      - {{subject: 财政拨款收入, 金额: {}, 占比: {}}}\n      - {{subject: 事业收入, 金额: {}, 占比: {}}}\n      - {{subject: 其他收入, 金额: {}, 占比: {}}}",
        amt(income),
        amt(fiscal),
        pct(fiscal, income),
        amt(nb),
        pct(nb, income),
        amt(np),
        pct(np, income)
    );
    let mut share = pct(basic, income);
    if inject && injected.is_none() {
        share = pct(basic + income / 100 + 1, income);
        injected = Some("支出 基本支出 占比 off by about 1%".into());
    }
    let _ = writeln!(
        y,
        "  - key: 支出\n    title: 三、支出决算情况说明\n    text: 支出合计\n    claims:\n      - {{subject: 支出合计, 金额: {}}}\n      - {{subject: 基本支出, 金额: {}, 占比: {share}}}\n      - {{subject: 项目支出, 金额: {}, 占比: {}}}",
        amt(income),
        amt(basic),
        amt(project),
        pct(project, income)
    );
    let _ = writeln!(
        y,
        "  - key: 财政拨款总体\n    title: 四、财政拨款收入支出决算总体情况说明\n    text: 财政拨款收支总计\n    claims:\n      - {{subject: 财政拨款收、支总计, 金额: {}, 增加: {}, 增长: {}}}",
        amt(fiscal + fcarry),
        amt(fchange),
        pct(fchange, fiscal + fcarry - fchange)
    );
    let _ = writeln!(
        y,
        "  - key: 一般公共预算总体\n    title: （一）一般公共预算财政拨款支出决算总体情况\n    text: 财政拨款支出\n    claims:\n      - {{subject: 财政拨款支出, 金额: {}, 占比: {}, 增加: {}, 增长: {}}}",
        amt(fiscal),
        pct(fiscal, income),
        amt(gchange),
        pct(gchange, fiscal - gchange)
    );
    let _ = writeln!(
        y,
        "  - key: 一般公共预算结构\n    title: （二）一般公共预算财政拨款支出决算结构情况\n    text: 结构\n    claims:\n      - {{subject: 财政拨款支出, 金额: {}}}",
        amt(fiscal)
    );
    for (ccode, cname) in CLASSES.iter().take(classes) {
        let v = sum(&Item::fiscal, ccode);
        let _ = writeln!(
            y,
            "      - {{subject: {cname}, 金额: {}, 占比: {}}}",
            amt(v),
            pct(v, fiscal)
        );
    }
    let _ = writeln!(
        y,
        "  - key: 一般公共预算具体\n    title: （三）一般公共预算财政拨款支出决算具体情况\n    text: 具体\n    claims:\n      - {{subject: 财政拨款支出, 预算: {}, 决算: {}, 完成率: {}, 比较: 小于}}",
        amt(budget),
        amt(fiscal),
        pct(fiscal, budget)
    );
    let _ = writeln!(
        y,
        "  - key: 基本支出\n    title: 六、一般公共预算财政拨款基本支出决算情况说明\n    text: 基本支出\n    claims:\n      - {{subject: 财政拨款基本支出, 金额: {}}}\n      - {{subject: 人员经费, 金额: {}, 占比: {}}}\n      - {{subject: 公用经费, 金额: {}, 占比: {}}}",
        amt(fb),
        amt(personnel),
        pct(personnel, fb),
        amt(public),
        pct(public, fb)
    );
    let _ = writeln!(
        y,
        "  - key: 机关运行经费\n    title: 九、关于机关运行经费支出说明\n    text: 机关运行经费\n    claims:\n      - {{subject: 机关运行经费, 金额: {}}}",
        amt(public)
    );
    (y, injected)
}

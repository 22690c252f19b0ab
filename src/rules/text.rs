//! The words of findings: every sentence the evaluator and the renderer show a reviewer comes
//! from this module, in Chinese (the default) or English (see [`crate::lang`]), so that
//! wording is changed in one place and the two languages stay parallel. Rule titles and
//! messages are the pack's own words and do not pass through here.
//!
//! Terms used throughout (keep them consistent): left 左边 · right 右边 · difference 差额 ·
//! rounding allows 舍入容差 · tolerance 容差 · blank 空白 · does not hold 不成立 ·
//! passed 通过 · not applicable 不适用 · not checked 未检查 · error 错误 · warning 警告 ·
//! info 提示 · rule 规则 · pack 规则包 · report 报告 · table 表 · row 行 · column 列 ·
//! layout 版式.

use std::fmt;
use std::ops::Deref;

use crate::lang;

/// A fixed text in both languages; derefs to the current language's form.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Tr {
    pub zh: &'static str,
    pub en: &'static str,
}

impl Tr {
    /// The form in the current language.
    pub fn get(&self) -> &'static str {
        lang::pick(self.zh, self.en)
    }
}

impl Deref for Tr {
    type Target = str;
    fn deref(&self) -> &str {
        self.get()
    }
}

impl fmt::Display for Tr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.get())
    }
}

impl From<Tr> for String {
    fn from(t: Tr) -> String {
        t.get().to_string()
    }
}

/// Chooses a built sentence by the current language (both are built; they are short).
fn tr(zh: String, en: String) -> String {
    if lang::is_en() { en } else { zh }
}

/// The message of a failing comparison when the rule gives none.
pub fn comparison_fails(
    src: &str,
    left: &str,
    right: &str,
    difference: &str,
    slack: &str,
) -> String {
    tr(
        format!(
            "“{src}”不成立：左边 {left}，右边 {right}，差额 {difference}，超出舍入容差 {slack}"
        ),
        format!(
            "`{src}` does not hold: {left} vs {right}, a difference of {difference} where rounding allows {slack}"
        ),
    )
}

/// The message of a failing condition when the rule gives none.
pub fn condition_fails(src: &str, sides: Option<(&str, &str)>) -> String {
    match sides {
        Some((a, b)) => tr(
            format!("“{src}”不成立：{a} 与 {b}"),
            format!("`{src}` does not hold: {a} vs {b}"),
        ),
        None => tr(format!("“{src}”不成立"), format!("`{src}` does not hold")),
    }
}

pub fn division_by_zero(src: &str) -> String {
    tr(
        format!("“{src}”的除数为零：除数为 0 或空白，无法计算比率或占比"),
        format!(
            "`{src}` divides by zero: the divisor is 0 or blank, so no rate or share can be stated"
        ),
    )
}

pub fn overflow(src: &str) -> String {
    tr(
        format!("“{src}”超出了精确小数的范围"),
        format!("`{src}` is beyond the range of exact decimals"),
    )
}

pub fn truncated(stated: &str, computed: &str, decimals: u32, rounded: &str) -> String {
    tr(
        format!(
            "所列 {stated}% 是 {computed}% 直接截去、保留 {decimals} 位小数的结果；四舍五入应为 {rounded}%"
        ),
        format!(
            "the stated {stated}% is {computed}% truncated to {decimals} decimal(s); rounded it is {rounded}%"
        ),
    )
}

pub fn nudged(stated: &str, rounded: &str, computed: &str) -> String {
    tr(
        format!(
            "所列 {stated}% 与 {rounded}%（{computed}% 四舍五入）末位相差一个单位：可能是为使各项占比合计为 100% 所作的调整，也可能是笔误"
        ),
        format!(
            "the stated {stated}% is one unit in the last place off {rounded}% (= {computed}% rounded): a nudge so that shares add up to 100%, or a typo"
        ),
    )
}

pub const ROUNDING_COULD_EXPLAIN: Tr = Tr {
    zh: "所列金额的四舍五入可能造成这一差额；用未经舍入的金额才能判断",
    en: "the rounding of the printed amounts could explain it; the unrounded amounts would tell",
};

pub const BLANK_COUNTS_AS_ZERO: Tr = Tr {
    zh: "空白单元格按 0 计；合计栏为空白而其组成部分不为空白，这本身就是错误",
    en: "a blank cell counts as 0; a total that is printed blank while its parts are not is itself an error",
};

/// A denominator among the pack's `bases` that makes a stated percentage hold.
pub fn other_base(
    stated: &str,
    part: &str,
    base: &str,
    quotient: &str,
    base_src: &str,
    whole: &str,
) -> String {
    tr(
        format!(
            "{stated}% 是 {part} / {base} = {quotient}%：该百分比是以 {base_src}（{base}）为基数计算的，而不是以 {whole} 为基数"
        ),
        format!(
            "{stated}% is {part} / {base} = {quotient}%: the percentage was taken over {base_src} ({base}), not over {whole}"
        ),
    )
}

/// The help line under a failing comparison.
pub fn values_help(
    left: &str,
    right: &str,
    difference: &str,
    slack: &str,
    tolerance: bool,
) -> String {
    if lang::is_en() {
        let allows = if tolerance {
            "the tolerance allows"
        } else {
            "rounding allows"
        };
        format!("left {left} · right {right} · difference {difference} · {allows} {slack}")
    } else {
        let allows = if tolerance { "容差" } else { "舍入容差" };
        format!("左边 {left} · 右边 {right} · 差额 {difference} · {allows} {slack}")
    }
}

/// The heading of the report snippet of a finding.
pub fn cells_heading(rule: &str, hidden: usize) -> String {
    match (lang::is_en(), hidden > 0) {
        (true, true) => {
            format!("the report cells read by {rule} ({hidden} more that are 0 or blank not shown)")
        }
        (true, false) => format!("the report cells read by {rule}"),
        (false, true) => {
            format!("规则 {rule} 读取的报告单元格（另有 {hidden} 个为 0 或空白，未列出）")
        }
        (false, false) => format!("规则 {rule} 读取的报告单元格"),
    }
}

pub const CELLS_CONTINUED: Tr = Tr {
    zh: "续",
    en: "and",
};
pub const THIS_DOES_NOT_HOLD: Tr = Tr {
    zh: "此处不成立",
    en: "this does not hold",
};
/// A blank cell's value where a value is printed.
pub const BLANK: Tr = Tr {
    zh: "空白",
    en: "blank",
};
/// The label on a pack error's location.
pub const HERE: Tr = Tr {
    zh: "此处",
    en: "here",
};

pub fn rule_label(rule: &str) -> String {
    tr(format!("规则 {rule}"), format!("rule {rule}"))
}

/// The closing line for one report.
#[allow(clippy::too_many_arguments)]
pub fn summary(
    path: &str,
    rules: usize,
    passed: usize,
    not_applicable: usize,
    not_checked: usize,
    errors: usize,
    warnings: usize,
    info: usize,
) -> String {
    tr(
        format!(
            "{path}：规则 {rules} 条，通过 {passed} 条，不适用 {not_applicable} 条，未检查 {not_checked} 条；错误 {errors} 个，警告 {warnings} 个，提示 {info} 个"
        ),
        format!(
            "{path}: {rules} rules, {passed} passed, {not_applicable} not applicable, {not_checked} not checked; {errors} error(s), {warnings} warning(s), {info} info"
        ),
    )
}

pub fn not_checked_heading(n: usize) -> String {
    tr(
        format!("未检查：{n} 条规则需要本报告未列示的部分"),
        format!("not checked: {n} rule(s) need parts this report does not print"),
    )
}

pub fn outside_layout(layout: &str, rules: &str) -> String {
    tr(
        format!("不适用于“{layout}”版式的规则：{rules}"),
        format!("not applicable to the {layout} layout: {rules}"),
    )
}

// ---- binding: parts a report lacks ----------------------------------------------------

/// Between the accepted titles of a table.
pub const OR: Tr = Tr {
    zh: " 或 ",
    en: " or ",
};
pub const NO_ROW_WITH_CODE: Tr = Tr {
    zh: "没有哪一行是这个科目编码；编码为 3、5 或 7 位数字（类、款、项）",
    en: "no row has this code; codes are 3, 5 or 7 digits (类, 款, 项)",
};
pub const NO_ROW_WITH_LINE: Tr = Tr {
    zh: "没有哪一行是这个行次",
    en: "no row has this 行次",
};

pub fn did_you_mean(s: &str) -> String {
    tr(format!("是否应为 `{s}`？"), format!("did you mean `{s}`?"))
}

pub fn the_columns_are(list: &str) -> String {
    tr(
        format!("各列为：{list}"),
        format!("the columns are: {list}"),
    )
}

pub fn name_a_column(list: &str) -> String {
    tr(
        format!("请指明是哪一列：{list}"),
        format!("name one of the columns: {list}"),
    )
}

pub fn table_did_you_mean(title: &str, alias: &str) -> String {
    tr(
        format!(
            "报告中有一张标题为“{title}”的表：如果是同一张表，请把这个标题加入别名：table {alias} = … | \"{title}\""
        ),
        format!(
            "the report has a table titled \"{title}\": if it is the same table, add the title to the alias: table {alias} = … | \"{title}\""
        ),
    )
}

pub fn ambiguous_help(candidates: &str) -> String {
    tr(
        format!("该名称与 {candidates} 都匹配；请指明分栏或科目编码"),
        format!("the label matches {candidates}; name the panel or the code"),
    )
}

/// One part a rule could not find, for a line of output.
pub fn missing_part(m: &crate::rules::MissingPart) -> String {
    use crate::rules::MissingKind::*;
    if lang::is_en() {
        return match m.kind {
            Table => format!("the report has no table {} ({})", m.name, m.table),
            Row => format!("no row `{}` in {}", m.name, m.table),
            Column => format!("no column `{}` in {}", m.name, m.table),
            Ambiguous => format!("`{}` is printed more than once in {}", m.name, m.table),
            WhichColumn => format!(
                "`{}` reads a row of several columns in {} without naming one",
                m.name, m.table
            ),
        };
    }
    match m.kind {
        Table => format!("报告中没有表{}（{}）", m.name, m.table),
        Row => format!("{} 中没有行“{}”", m.table, m.name),
        Column => format!("{} 中没有列“{}”", m.table, m.name),
        Ambiguous => format!("“{}”在 {} 中出现不止一次", m.name, m.table),
        WhichColumn => format!(
            "“{}”读取 {} 中有多列的一行，但没有指明哪一列",
            m.name, m.table
        ),
    }
}

/// `explain`'s verdict for an assertion that could not be checked.
pub fn not_checked_step(m: &crate::rules::MissingPart) -> String {
    tr(
        format!("未检查：{}", missing_part(m)),
        format!("not checked: {}", missing_part(m)),
    )
}

/// A completeness finding: the report does not print a table of its layout.
pub fn table_not_printed(titles: &[&str], alias: &str) -> String {
    let t: Vec<String> = titles.iter().map(|t| format!("“{t}”")).collect();
    tr(
        format!(
            "报告没有列示表{}（{alias}）；没有数据的表也应列示，并注明本单位无此项数据",
            t.join(OR.zh)
        ),
        format!(
            "the report does not print the table {} ({alias}); a table with no data is still printed, with a note that the unit had none",
            t.join(OR.en)
        ),
    )
}

/// Where a row of a table printed without rows was looked for.
pub const PRINTED_EMPTY: Tr = Tr {
    zh: "一张列示但没有行的表",
    en: "a table printed without rows",
};

// ---- values as `explain` and messages show them ---------------------------------------

/// A blank cell's value in `explain`.
pub const BLANK_COUNTS_AS_0: Tr = Tr {
    zh: "空白（按 0 计）",
    en: "blank (counts as 0)",
};
pub const COLUMNS: Tr = Tr {
    zh: "各列",
    en: "columns",
};

/// A condition's value.
pub fn truth(b: bool) -> Tr {
    match b {
        true => Tr {
            zh: "成立",
            en: "true",
        },
        false => Tr {
            zh: "不成立",
            en: "false",
        },
    }
}

pub fn n_rows(n: usize) -> String {
    tr(format!("{n} 行"), format!("{n} rows"))
}

pub fn n_values(n: usize) -> String {
    tr(format!("{n} 个值"), format!("{n} values"))
}

pub fn section(key: &str) -> String {
    tr(format!("说明部分 {key}"), format!("section {key}"))
}

// ---- `explain`: the steps of an evaluation --------------------------------------------

/// Where a quantifier's step is (a row or a claim).
pub fn step_at(at: &str) -> String {
    tr(format!("当前：{at}"), format!("at {at}"))
}

pub const STEP_HOLDS: Tr = Tr {
    zh: "成立",
    en: "holds",
};
pub const STEP_NOT_APPLICABLE: Tr = Tr {
    zh: "不适用（所读取的说明内容未表述）",
    en: "does not apply (a claim it reads is not stated)",
};
pub const STEP_STOPPED: Tr = Tr {
    zh: "已停止（见下文）",
    en: "stopped (see below)",
};

pub fn step_fails(left: &str, right: &str, difference: &str, slack: &str) -> String {
    tr(
        format!("不成立：左边 {left}，右边 {right}，差额 {difference}，舍入容差 {slack}"),
        format!("FAILS: {left} vs {right}, difference {difference}, rounding allows {slack}"),
    )
}

pub fn step_fails_kind(kind: &str) -> String {
    tr(format!("不成立（{kind}）"), format!("FAILS ({kind})"))
}

// ---- fragments of pack errors ---------------------------------------------------------

/// Phrases that the parser and the static checks put into pack errors (what was expected,
/// the type of a value, the verb of an operation, why a reference cannot be used), in Chinese.
/// They are built as English data where the error is found; the Chinese message translates
/// them here so that those modules stay as they are.
const PHRASES: &[(&str, &str)] = &[
    // types (check.rs `Ty::describe`)
    ("an amount", "金额"),
    ("a percentage", "百分比"),
    ("a number", "数值"),
    ("a condition", "条件"),
    ("a list of rows", "行的列表"),
    ("a narrative section", "说明部分"),
    ("a narrative claim", "说明中的表述"),
    ("a list of columns", "列的列表"),
    ("a column", "列"),
    ("a value", "值"),
    ("a word", "词语"),
    ("rows, claims or columns", "行、表述或列"),
    // what the parser expected
    ("an expression", "表达式"),
    ("a name", "名称"),
    ("a quoted string", "带引号的字符串"),
    ("a rule id such as `T01-1`", "规则编号（如 `T01-1`）"),
    (
        "a severity (`error`, `warning` or `info`)",
        "严重程度（`error`、`warning` 或 `info`）",
    ),
    (
        "a declaration (`rule`, `table`, `let`, `include`, …)",
        "声明（`rule`、`table`、`let`、`include` 等）",
    ),
    ("a comparison", "比较运算符"),
    ("an operator", "运算符"),
    ("a statement or `}`", "语句或 `}`"),
    ("a row, column or code", "行、列或编码"),
    ("something else", "其他内容"),
    ("end of file", "文件结尾"),
    // operations
    ("iterate over", "遍历"),
    ("add", "相加"),
    ("subtract", "相减"),
    ("multiply", "相乘"),
    ("divide", "相除"),
    ("add up", "求和"),
    ("calculate with", "计算"),
    ("negate", "取负"),
    ("take a percentage of", "计算百分比"),
    // what a function takes
    ("one or more arguments", "一个或多个参数"),
    (
        "one or two arguments (part, or part and whole)",
        "一个或两个参数（部分，或部分与整体）",
    ),
    (
        "two arguments (current amount, change)",
        "两个参数（本期金额，变动额）",
    ),
    ("one argument", "一个参数"),
    ("one argument (a table alias)", "一个参数（表别名）"),
    ("no arguments", "不带参数"),
    ("one argument (a row)", "一个参数（一行）"),
    (
        "two arguments (a table and a level)",
        "两个参数（表与级次）",
    ),
    ("one argument (a table or row)", "一个参数（表或行）"),
    (
        "two arguments (a table and a claim)",
        "两个参数（表与表述）",
    ),
    (
        "one argument (rows, claims, or `… for x in …`)",
        "一个参数（行、表述或 `… for x in …`）",
    ),
    (
        "two arguments (a table and a quoted word)",
        "两个参数（表与带引号的词语）",
    ),
    (
        "one argument (a table, panel or list of rows)",
        "一个参数（表、分栏或行的列表）",
    ),
    (
        "two arguments (a claim or row, and a classification row)",
        "两个参数（表述或行，以及一个科目行）",
    ),
    // structural limits
    ("the number of problems in a pack", "一个规则包中的问题数"),
    (
        "the number of syntax errors in one file",
        "一个文件中的语法错误数",
    ),
    (
        "the nesting of expressions and blocks",
        "表达式与语句块的嵌套层数",
    ),
    (
        "the number of operators in one statement",
        "一条语句中的运算符数",
    ),
    (
        "the number of `let` definitions in a pack",
        "一个规则包中 `let` 定义的数量",
    ),
    ("the number of rules in a pack", "一个规则包中的规则数"),
    // what a template lacks
    ("row", "行"),
    ("column", "列"),
    // why a reference cannot be used
    ("it takes a table alias", "这里需要表别名"),
    (
        "name a section, e.g. `说明.收入.财政拨款收入.占比`",
        "请指明说明部分，如 `说明.收入.财政拨款收入.占比`",
    ),
    (
        "a claim reference is 说明.<section>.<subject>[.<attribute>]",
        "说明中表述的引用写作 说明.<部分>.<主语>[.<属性>]",
    ),
    (
        "one-argument pct needs a base: write it inside `in ROW base TOTAL { … }`, or give the whole: pct(part, whole)",
        "单参数的 pct 需要基数：写在 `in ROW base TOTAL { … }` 之内，或给出整体：pct(part, whole)",
    ),
    ("exists(…) takes a table alias", "exists(…) 需要一个表别名"),
    (
        "rows(…) takes a table or panel",
        "rows(…) 需要一张表或一个分栏",
    ),
    (
        "columns(…) takes a table or a row",
        "columns(…) 需要一张表或一行",
    ),
    (
        "row(table, x) takes a narrative claim or a row second",
        "row(table, x) 的第二个参数应为说明中的表述或一行",
    ),
    (
        "within(x, r) takes a claim or a row first",
        "within(x, r) 的第一个参数应为表述或一行",
    ),
    (
        "empty(…) takes a table, panel or list of rows",
        "empty(…) 需要一张表、一个分栏或行的列表",
    ),
    ("note(…) takes a table first", "note(…) 的第一个参数应为表"),
    (
        "note(table, \"word\") takes a quoted word second",
        "note(table, \"word\") 的第二个参数应为带引号的词语",
    ),
    ("this takes a table or panel", "这里需要一张表或一个分栏"),
    ("this takes one row", "这里需要一行"),
    (
        "`in` takes one row, e.g. `in t03.合计 { … }`",
        "`in` 需要一行，如 `in t03.合计 { … }`",
    ),
    (
        "a number cannot be compared with a condition or a word",
        "数值不能与条件或词语比较",
    ),
    ("this is not a condition", "这不是条件"),
    ("this is not a number", "这不是数值"),
    (
        "the row has fewer cells than columns",
        "该行的单元格少于列数",
    ),
    (
        "this claim attribute is a word, not a number",
        "该表述的属性是词语，不是数值",
    ),
    ("this value has no parts", "该值没有组成部分"),
    ("name a section", "请指明说明部分"),
    ("nothing comes after a column", "列之后不能再有其他部分"),
    (
        "第N栏 names a column; put a row before it",
        "第N栏 指的是列；请在前面写出行",
    ),
    (
        "a cell reference is table.[panel.]row[.column]; this part is one too many",
        "单元格引用写作 表.[分栏.]行[.列]；这一部分多余",
    ),
    (
        "a range runs from one row to another",
        "范围须从一行到另一行",
    ),
    (
        "this row is not in the same panel as the start of the range, or is ambiguous",
        "该行与范围起点不在同一分栏，或有歧义",
    ),
    (
        "both ends of a range must be in the same table and panel",
        "范围的两端必须在同一张表、同一分栏中",
    ),
    (
        "`for` runs over rows, columns or claims",
        "`for` 只能遍历行、列或表述",
    ),
    // help lines of pack errors
    ("`in`", "`in`"),
    ("`then`", "`then`"),
    ("`else`", "`else`"),
    ("`{`", "`{`"),
    (
        "`for` runs over a table (`t03`), a panel (`t01.支出`), `children(r)`, `rows(t, 1)`, `columns(t)` or a narrative section (`说明.收入`)",
        "`for` 可以遍历一张表（`t03`）、一个分栏（`t01.支出`）、`children(r)`、`rows(t, 1)`、`columns(t)` 或一个说明部分（`说明.收入`）",
    ),
    (
        "a bare name is a variable (`for`, `let`) or, inside `in ROW { … }`, a column of that row",
        "单独的名称是变量（`for`、`let`），或在 `in ROW { … }` 之内指该行的一列",
    ),
    (
        "a definition cannot use itself; define it from table cells or claims",
        "定义不能引用它自身；请用表中单元格或说明中的表述来定义",
    ),
    (
        "a quantifier inside a quantifier over large tables multiplies the work; narrow it with `where`, or raise the limit with --max-eval-steps",
        "在大表上嵌套遍历会成倍增加计算量；请用 `where` 缩小范围，或用 --max-eval-steps 提高上限",
    ),
    (
        "add a `rule ID error \"title\" { … }`",
        "请添加一条 `rule ID error \"标题\" { … }`",
    ),
    (
        "amounts combine with amounts and percentages with percentages; use pct(part, whole) to turn amounts into a percentage",
        "金额只能与金额运算，百分比只能与百分比运算；用 pct(part, whole) 把金额换算为百分比",
    ),
    (
        "a percentage can only be compared with a percentage: wrap the amounts in pct(part, whole)",
        "百分比只能与百分比比较：请用 pct(part, whole) 把金额换算为百分比",
    ),
    ("compare values of the same kind", "请比较同一类的值"),
    (
        "include and extends must name a file in the pack's folder or below it (symbolic links are followed before checking); to combine packs from different folders, give each with --pack",
        "include 和 extends 只能引用规则包文件夹及其子文件夹中的文件（符号链接按其指向的位置检查）；要合用不同文件夹中的规则包，请用多个 --pack 分别给出",
    ),
    (
        "check the path; includes are relative to the file that includes them",
        "请检查路径；include 的路径相对于引用它的文件",
    ),
    (
        "compare it with something, e.g. `… == t03.合计`, or test it with `blank(…)`",
        "请把它与其他值比较，如 `… == t03.合计`，或用 `blank(…)` 检验",
    ),
    (
        "define some of them from table cells or claims directly",
        "请直接用表中单元格或说明中的表述定义其中一些",
    ),
    (
        "give the table another alias, or list all accepted titles in one declaration: table t01 = \"A\" | \"B\"",
        "请给这张表另起别名，或在一条声明中列出所有可接受的标题：table t01 = \"A\" | \"B\"",
    ),
    (
        "if a report prints it under another name, declare the variant: names A | B",
        "如果报告用另一个名称列示它，请声明这一变体：names A | B",
    ),
    (
        "list all tables of a layout in one declaration",
        "请在一条声明中列出一个版式的所有表",
    ),
    (
        "pct(part, whole) divides two amounts",
        "pct(part, whole) 用两个金额相除",
    ),
    (
        "remove one of the includes; a file needs to be included only once",
        "请删除其中一个 include；一个文件只需引用一次",
    ),
    (
        "split the rule, or name parts of the expression with `let`",
        "请拆分这条规则，或用 `let` 给表达式的部分命名",
    ),
    (
        "split the statement, or name parts of it with `let`",
        "请拆分这条语句，或用 `let` 给其中的部分命名",
    ),
    (
        "the problems from here on are not shown; fix the ones above first",
        "此后的问题未列出；请先修正上面的问题",
    ),
    (
        "the rest of the file was not read; fix the errors above first",
        "文件的其余部分未读取；请先修正上面的错误",
    ),
    (
        "the rest were not read; split the checks into several packs",
        "其余部分未读取；请把检查拆分到几个规则包中",
    ),
    ("use sum(…) to add up rows", "请用 sum(…) 对各行求和"),
    (
        "declare it: table t01 = \"收入支出决算总表\"",
        "请声明它：table t01 = \"收入支出决算总表\"",
    ),
];

/// The Chinese of a phrase found in a pack error (see [`PHRASES`]); lists joined with `, `
/// and ` or ` are translated item by item; anything else is returned as it is.
pub fn phrase(en: &str) -> std::borrow::Cow<'_, str> {
    use std::borrow::Cow;
    if let Some(zh) = crate::rules::error::help_zh(en) {
        return Cow::Owned(zh);
    }
    if let Some((_, zh)) = PHRASES.iter().find(|(e, _)| *e == en) {
        return Cow::Borrowed(zh);
    }
    let prefixed: &[(&str, &str, &str)] = &[
        ("did you mean ", "?", "是否应为 "),
        ("the functions are ", "", "函数有："),
        ("the standard section keys are ", "", "标准的说明部分键为："),
        ("while binding against ", "", "绑定报告时："),
    ];
    for (pre, post, zh) in prefixed {
        if let Some(rest) = en.strip_prefix(pre).and_then(|r| r.strip_suffix(post)) {
            let end = if post.is_empty() { "" } else { "？" };
            return Cow::Owned(format!("{zh}{rest}{end}"));
        }
    }
    if let Some(list) = en
        .strip_prefix("available: ")
        .and_then(|r| r.strip_suffix(", and names bound with `let` in the rule"))
    {
        return Cow::Owned(format!("可用的有：{list}，以及规则中用 `let` 定义的名称"));
    }
    if let Some(at) = en
        .strip_prefix("the first definition is at ")
        .and_then(|r| {
            r.strip_suffix(
                "; give this rule another id, or change the first one with `severity`/`disable`",
            )
        })
    {
        return Cow::Owned(format!(
            "第一次定义在 {at}；请给这条规则另起编号，或用 `severity`/`disable` 修改第一条"
        ));
    }
    // `take pct(…) of`
    if let Some(f) = en
        .strip_prefix("take ")
        .and_then(|r| r.strip_suffix("(…) of"))
    {
        return Cow::Owned(format!("用 {f}(…) 计算"));
    }
    // `not UTF-8 text (the first invalid byte is at f:1:2)`
    if let Some(at) = en
        .strip_prefix("not UTF-8 text (the first invalid byte is at ")
        .and_then(|r| r.strip_suffix(')'))
    {
        return Cow::Owned(format!("不是 UTF-8 文本（第一个无效字节位于 {at}）"));
    }
    // `compare (`==`)`
    if let Some(op) = en
        .strip_prefix("compare (")
        .and_then(|r| r.strip_suffix(')'))
    {
        return Cow::Owned(format!("比较（{op}）"));
    }
    // `the chain of definitions that `x` uses`
    if let Some(name) = en
        .strip_prefix("the chain of definitions that ")
        .and_then(|r| r.strip_suffix(" uses"))
    {
        return Cow::Owned(format!("{name} 所用的定义链"));
    }
    // `this is N rows; add them up with sum(…)`
    if let Some(n) = en
        .strip_prefix("this is ")
        .and_then(|r| r.strip_suffix(" rows; add them up with sum(…)"))
    {
        return Cow::Owned(format!("这是 {n} 行；请用 sum(…) 求和"));
    }
    // `` `h` is a … and has no parts ``
    if let Some((name, ty)) = en
        .strip_suffix(" and has no parts")
        .and_then(|r| r.split_once(" is "))
        && let Some((_, zh)) = PHRASES.iter().find(|(e, _)| *e == ty)
    {
        return Cow::Owned(format!("{name} 是{zh}，没有组成部分"));
    }

    // `a name, a number or `}``
    if let Some((items, last)) = en.rsplit_once(" or ") {
        let parts: Vec<&str> = items.split(", ").chain(std::iter::once(last)).collect();
        let known: Vec<&str> = parts
            .iter()
            .filter_map(|p| PHRASES.iter().find(|(e, _)| e == p).map(|(_, z)| *z))
            .collect();
        if known.len() == parts.len() {
            let (init, tail) = known.split_at(known.len() - 1);
            // a space between Chinese and code in backticks
            let or = if tail[0].starts_with('`') {
                "或 "
            } else {
                "或"
            };
            return Cow::Owned(format!("{}{or}{}", init.join("、"), tail[0]));
        }
    }
    Cow::Borrowed(en)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn phrases_translate_whole_lists_or_nothing() {
        assert_eq!(phrase("an expression"), "表达式");
        assert_eq!(
            phrase("a name, a number or a banana"),
            "a name, a number or a banana"
        );
        assert_eq!(
            phrase("a name, a number or an operator"),
            "名称、数值或运算符"
        );
        assert_eq!(phrase("compare (`==`)"), "比较（`==`）");
        assert_eq!(
            phrase("`x` is a condition and has no parts"),
            "`x` 是条件，没有组成部分"
        );
        assert_eq!(phrase("unknown words"), "unknown words");
    }

    #[test]
    fn the_default_language_is_chinese_and_english_is_available() {
        crate::lang::with(crate::lang::Lang::Zh, || {
            assert_eq!(BLANK.get(), "空白");
            assert!(values_help("1", "2", "-1", "0.01", false).starts_with("左边 1 · 右边 2"));
        });
        crate::lang::with(crate::lang::Lang::En, || {
            assert_eq!(BLANK.get(), "blank");
            assert!(values_help("1", "2", "-1", "0.01", false).starts_with("left 1 · right 2"));
        });
    }
}

/// Under a pack error found while binding the pack to a report.
pub fn while_binding(at: &str) -> String {
    tr(
        format!("绑定报告 {at} 时发现"),
        format!("while binding against {at}"),
    )
}

/// miette's `help:` (as wide: the Chinese characters take two columns each).
pub const FRAME_HELP: Tr = Tr {
    zh: "帮助：",
    en: "help: ",
};
/// miette's `Advice:` over the report cells of a finding.
pub const FRAME_SEE: Tr = Tr {
    zh: "参见：",
    en: "Advice: ",
};

/// After a diagnostic whose line is too long to draw.
pub fn line_too_long(at: &str) -> String {
    tr(
        format!("（位于 {at}；该行太长，不予显示）"),
        format!(" (at {at}; the line is too long to show)"),
    )
}

// ---- the command line -----------------------------------------------------------------

/// A line of standard error for a problem that stops a command.
pub fn error_line(message: &str) -> String {
    tr(format!("错误：{message}"), format!("error: {message}"))
}

pub fn pack_unusable(problems: usize) -> String {
    tr(
        format!("错误：规则包有 {problems} 个问题；未进行任何检查"),
        format!("error: the rule pack has {problems} problem(s); nothing was checked"),
    )
}

pub fn report_unusable(path: &str, problems: usize) -> String {
    tr(
        format!("错误：{path} 无法载入（{problems} 个问题）"),
        format!("error: {path} could not be loaded ({problems} problem(s))"),
    )
}

pub fn pack_does_not_fit(path: &str) -> String {
    tr(
        format!("错误：无法用这个规则包检查 {path}（见上文）"),
        format!("error: {path} could not be checked with this pack (see above)"),
    )
}

/// The closing lines of a batch.
pub fn batch_summary(
    checked: usize,
    [errors, warnings, info]: [usize; 3],
    not_checked: usize,
    reports_not_fully_checked: usize,
) -> String {
    tr(
        format!(
            "共检查 {checked} 份报告：错误 {errors} 个，警告 {warnings} 个，提示 {info} 个{}",
            if not_checked > 0 {
                format!("；{reports_not_fully_checked} 份报告中共有 {not_checked} 项规则未检查")
            } else {
                String::new()
            }
        ),
        format!(
            "checked {checked} report(s): {errors} error(s), {warnings} warning(s), {info} info{}",
            if not_checked > 0 {
                format!(
                    "; {not_checked} rule(s) not checked in {reports_not_fully_checked} report(s)"
                )
            } else {
                String::new()
            }
        ),
    )
}

pub fn most_failing(list: &str) -> String {
    tr(
        format!("不通过报告最多的规则：{list}"),
        format!("rules failing in most reports: {list}"),
    )
}

pub fn could_not_be_checked(n: usize, list: &str) -> String {
    tr(
        format!("无法检查：{n} 份（{list}）"),
        format!("could not be checked: {n} ({list})"),
    )
}

pub fn n_rules(n: usize) -> String {
    tr(format!("共 {n} 条规则"), format!("{n} rules"))
}

pub fn disabled(list: &str) -> String {
    tr(format!("已停用：{list}"), format!("disabled: {list}"))
}

pub fn no_such_rule(rule: &str, suggestion: Option<&str>) -> String {
    match (lang::is_en(), suggestion) {
        (true, Some(s)) => format!(
            "error: the pack has no rule `{rule}`; did you mean `{s}`? (`crossfoot rules` lists them)"
        ),
        (true, None) => {
            format!("error: the pack has no rule `{rule}` (`crossfoot rules` lists them)")
        }
        (false, Some(s)) => format!(
            "错误：规则包中没有规则 `{rule}`；是否应为 `{s}`？（`crossfoot rules` 列出全部规则）"
        ),
        (false, None) => {
            format!("错误：规则包中没有规则 `{rule}`（`crossfoot rules` 列出全部规则）")
        }
    }
}

/// `explain`: above the steps.
pub fn evaluation_on(path: &str) -> String {
    tr(
        format!("在 {path} 上的计算："),
        format!("evaluation on {path}:"),
    )
}

/// `explain`: what became of the rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExplainVerdict {
    Fails,
    NotChecked,
    OutsideLayout,
    Holds,
    NotApplicable,
}

pub fn explain_verdict(rule: &str, v: ExplainVerdict) -> String {
    use ExplainVerdict::*;
    if lang::is_en() {
        let verdict = match v {
            Fails => "fails",
            NotChecked => "could not be checked: the report lacks a part it needs",
            OutsideLayout => "does not apply: its tables are not part of the report's layout",
            Holds => "holds",
            NotApplicable => {
                "does not apply (a guard is false or the report does not state the claims it reads)"
            }
        };
        return format!("verdict: {rule} {verdict}");
    }
    let verdict = match v {
        Fails => "不通过",
        NotChecked => "未检查：报告缺少规则所需的部分",
        OutsideLayout => "不适用：规则所用的表不属于本报告的版式",
        Holds => "通过",
        NotApplicable => "不适用（前提条件不成立，或报告没有表述规则所读取的内容）",
    };
    format!("结论：规则 {rule} {verdict}")
}

// ---- `crossfoot test` -----------------------------------------------------------------

/// Before a case that could not run (as wide as [`CASE_FAIL`]).
pub const CASE_ERROR: Tr = Tr {
    zh: "出错",
    en: "ERROR",
};
/// Before a case whose findings differ from its expectations.
pub const CASE_FAIL: Tr = Tr {
    zh: "失败",
    en: "FAIL ",
};
pub const EXPECTED_NOT_FOUND: Tr = Tr {
    zh: "预期有、实际没有：",
    en: "expected, not found: ",
};
pub const FOUND_NOT_EXPECTED: Tr = Tr {
    zh: "实际有、预期没有：",
    en: "found, not expected: ",
};

pub fn no_case_files(dirs: &str) -> String {
    tr(
        format!("错误：在 {dirs} 中没有找到测试用例文件（*.yaml）"),
        format!("error: no case files (*.yaml) found in {dirs}"),
    )
}

pub fn cannot_write(path: &str, why: &str) -> String {
    tr(
        format!("错误：无法写入 {path}：{why}"),
        format!("error: cannot write {path}: {why}"),
    )
}

pub fn cannot_bless(path: &str, why: &str) -> String {
    tr(
        format!("错误：无法更新 {path} 的预期结果：{why}"),
        format!("error: cannot bless {path}: {why}"),
    )
}

pub fn blessed(path: &str) -> String {
    tr(format!("已更新预期结果：{path}"), format!("blessed {path}"))
}

pub fn test_summary(passed: usize, failed: usize, broken: usize, files: usize) -> String {
    tr(
        format!("通过 {passed} 个，失败 {failed} 个，无法运行 {broken} 个（{files} 个用例文件）"),
        format!("{passed} passed, {failed} failed, {broken} could not run ({files} case files)"),
    )
}

// ---- `crossfoot import` (the command's own lines; the importer's notes are its own) -----

pub const INFO: Tr = Tr {
    zh: "提示",
    en: "info",
};
pub const WARNING: Tr = Tr {
    zh: "警告",
    en: "warning",
};

pub fn not_utf8(path: &str) -> String {
    tr(
        format!("错误：{path} 不是 UTF-8 文本"),
        format!("error: {path} is not UTF-8 text"),
    )
}

pub fn cannot_write_output(why: &str) -> String {
    tr(
        format!("错误：无法写入标准输出：{why}；输出不完整"),
        format!("error: cannot write to standard output: {why}; the output is incomplete"),
    )
}

pub fn notes_not_shown(n: usize) -> String {
    tr(
        format!("……另有 {n} 条提示未显示"),
        format!("… {n} more notes not shown"),
    )
}

pub fn input_note(what: &str) -> String {
    tr(format!("提示：{what}"), format!("note: {what}"))
}

pub fn cannot_read(path: &str, why: &str) -> String {
    tr(
        format!("错误：无法读取 {path}：{why}"),
        format!("error: cannot read {path}: {why}"),
    )
}

pub fn imported(path: &str, tables: usize, rows: usize, claims: usize, warnings: usize) -> String {
    tr(
        format!("{path}：导入了 {tables} 张表、{rows} 行、{claims} 条表述；警告 {warnings} 个"),
        format!(
            "{path}: imported {tables} table(s), {rows} row(s), {claims} claim(s); {warnings} warning(s)"
        ),
    )
}

pub fn nothing_imported(path: &str) -> String {
    tr(
        format!("错误：{path} 中没有识别出任何表；未写出任何内容"),
        format!("error: no table recognised in {path}; nothing written"),
    )
}

pub fn pdf_report_unusable(path: &str, problems: usize) -> String {
    tr(
        format!(
            "错误：{path}：由此 PDF 导入的报告无法读入（{problems} 个问题）；请运行 `crossfoot import {path} -o report.yaml` 查看"
        ),
        format!(
            "error: {path}: the report imported from this PDF could not be loaded ({problems} problem(s)); run `crossfoot import {path} -o report.yaml` to see it"
        ),
    )
}

pub fn pdf_no_table(path: &str) -> String {
    tr(
        format!(
            "错误：{path}：没有识别出任何表格，未检查；请用 `crossfoot import {path}` 查看原因"
        ),
        format!(
            "error: {path}: no table recognised, not checked; run `crossfoot import {path}` to see why"
        ),
    )
}

pub fn import_needs_outdir() -> String {
    tr(
        "错误：导入多个文件需要 `-o 输出文件夹`（存放 YAML 文件的文件夹）".into(),
        "error: importing several files needs `-o OUTDIR` (a folder for the YAML files)".into(),
    )
}

pub fn cannot_create(path: &str, why: &str) -> String {
    tr(
        format!("错误：无法创建 {path}：{why}"),
        format!("error: cannot create {path}: {why}"),
    )
}

pub fn batch_imported(written: usize, outdir: &str, failed: usize) -> String {
    tr(
        format!("已导入 {written} 个文件到 {outdir}，{failed} 个无法导入"),
        format!("{written} file(s) imported into {outdir}, {failed} could not be imported"),
    )
}

/// Between a finding's rule and title and its message.
pub const HEAD_SEP: Tr = Tr {
    zh: "：", en: ": "
};

/// One line of the not-checked block: rule, title, the missing part, where.
pub fn not_checked_line(rule: &str, title: &str, missing: &str, at: &str) -> String {
    tr(
        format!("  {rule} {title}：{missing}（{at}）"),
        format!("  {rule} {title}: {missing} ({at})"),
    )
}

// ---- zero bases ------------------------------------------------------------------------

pub fn growth_from_zero_stated() -> String {
    tr(
        "上年数为零（本年数等于变动额）：从零增长按惯例表述为增长100%，实际无法计算增长率".into(),
        "the prior year is 0 (current amount = change): growth from nothing is stated as 100% by convention; no rate can be computed".into(),
    )
}

pub fn growth_from_zero_wrong(stated: &str) -> String {
    tr(
        format!(
            "上年数为零（本年数等于变动额），无法计算增长率：只能表述为100%（或“不适用”），不能表述为 {stated}"
        ),
        format!(
            "the prior year is 0 (current amount = change), so no rate can be computed: only 100% (or 不适用) may be stated, not {stated}"
        ),
    )
}

pub fn zero_over_zero_wrong(stated: &str) -> String {
    tr(
        format!("两个数均为零，能表述的比率只有0%，不能表述为 {stated}"),
        format!("both amounts are 0, so the only rate that can be stated is 0%, not {stated}"),
    )
}

/// A narrative amount that equals another of the report's totals than the one it is compared with.
pub fn other_total(stated: &str, base_src: &str, expected: &str) -> String {
    tr(
        format!(
            "{stated} 恰为 {base_src}：说明可能把这个合计写成了现在的名称（所称合计应为 {expected}）"
        ),
        format!(
            "{stated} is exactly {base_src}: the narrative may give that total under this name (the total it names is {expected})"
        ),
    )
}

pub fn n_texts(n: usize) -> String {
    tr(format!("{n} 段文字"), format!("{n} texts"))
}

// ---- compact human output (render::render_finding_compact) ----------------------------

/// The severity word at the head of a compact finding.
pub fn severity_word(s: crate::rules::ast::Severity) -> &'static str {
    use crate::rules::ast::Severity;
    match s {
        Severity::Error => lang::pick("错误", "error"),
        Severity::Warning => WARNING.get(),
        Severity::Info => INFO.get(),
    }
}

/// `规则 FILE:LINE:COL · error::mismatch`: where the rule is, and the finding's code.
pub fn compact_rule_line(place: &str, code: &str) -> String {
    tr(
        format!("规则 {place} · {code}"),
        format!("rule {place} · {code}"),
    )
}

/// The heading of a compact finding's cells: the report they are in.
pub fn compact_cells_heading(path: &str) -> String {
    tr(format!("单元格 {path}"), format!("cells {path}"))
}

/// The last line of a compact finding whose cells are not all listed.
pub fn compact_more_cells(hidden: usize) -> String {
    tr(
        format!("……另有 {hidden} 个单元格（--format json 列出全部）"),
        format!("… {hidden} more cell(s) (--format json lists them all)"),
    )
}

// ---- crossfoot review ------------------------------------------------------------------

/// After `crossfoot review` wrote its pages.
pub fn review_written(index: &str, reports: usize, unusable: usize) -> String {
    tr(
        format!("已写出审核页面：{index}（报告 {reports} 份，其中无法检查 {unusable} 份）"),
        format!("review written: {index} ({reports} report(s), {unusable} could not be checked)"),
    )
}

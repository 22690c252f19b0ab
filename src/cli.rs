//! The command line: `check`, `rules`, `explain`. The only module that prints.

use std::io::{IsTerminal, Write};
use std::path::PathBuf;

use clap::{CommandFactory, FromArgMatches, Parser, Subcommand, ValueEnum};

use crate::lang::Lang;
use crate::render::{self, Style};
use crate::report::{Limits, Report, load_report_file};
use crate::rules::ast::Severity;
use crate::rules::text;
use crate::rules::{self, Pack, PackError};
use crate::terminal::Escaping;

/// Exit statuses.
pub const EXIT_OK: i32 = 0;
pub const EXIT_FINDINGS: i32 = 1;
pub const EXIT_UNUSABLE: i32 = 2;

#[derive(Parser, Debug)]
#[command(
    name = "crossfoot",
    version,
    about = "Check published 部门决算 reports against accounting rules"
)]
struct Cli {
    /// colour: auto (on a terminal), always, never
    #[arg(long, global = true, value_enum, default_value_t = Color::Auto)]
    color: Color,
    /// language of messages: zh (default) or en; else the environment variable CROSSFOOT_LANG
    /// (LANG is not read: servers often run with LANG=en_US.UTF-8 whatever their users read)
    #[arg(long, global = true, value_enum)]
    lang: Option<LangArg>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Check reports against a rule pack (the built-in standard pack by default).
    Check(CheckArgs),
    /// List the rules of a pack: id, severity, title.
    Rules {
        #[arg(long = "pack", short = 'p')]
        packs: Vec<PathBuf>,
    },
    /// Run a pack's test cases (or compliance snapshots): reports with the findings they must produce.
    Test {
        /// folders (or files) of case files (*.yaml)
        #[arg(required = true)]
        dirs: Vec<PathBuf>,
        #[arg(long = "pack", short = 'p')]
        packs: Vec<PathBuf>,
        /// rewrite each case's `expect` with the findings produced
        #[arg(long)]
        bless: bool,
        /// human (default), json (one document), junit (JUnit XML)
        #[arg(long, value_enum, default_value_t = TestFormat::Human)]
        format: TestFormat,
        /// also report which rules lack a passing or a failing case and which report cells
        /// no rule reads
        #[arg(long)]
        coverage: bool,
    },
    /// Import a published report (its PDF, or the text extraction of it) as report YAML.
    Import {
        /// a PDF or text file (pdfplumber-style text with `[第N页]` page markers); or, for a
        /// batch, folders (searched for *.pdf) and glob patterns
        #[arg(required = true)]
        files: Vec<PathBuf>,
        /// write the YAML here instead of to standard output (a folder for a batch)
        #[arg(long, short = 'o')]
        output: Option<PathBuf>,
        /// files imported in parallel in a batch (default: all cores)
        #[arg(long, short = 'j')]
        jobs: Option<usize>,
        /// replace an output file that already exists
        #[arg(long)]
        force: bool,
    },
    /// Write a static HTML review of a batch (index.html and one page per report) to a folder.
    Review(ReviewArgs),
    /// Show how one rule evaluates on one report, step by step (`causes` for the rule: why
    /// each candidate correction was or was not reported as a cause).
    Explain {
        rule: String,
        report: PathBuf,
        #[arg(long = "pack", short = 'p')]
        packs: Vec<PathBuf>,
    },
}

#[derive(clap::Args, Debug)]
struct CheckArgs {
    /// a rule file or a pack folder (with pack.rules); repeat to combine
    #[arg(long = "pack", short = 'p')]
    packs: Vec<PathBuf>,
    /// human (diagnostics), json (one document), jsonl (one report per line), sarif (SARIF
    /// 2.1.0), junit (JUnit XML)
    #[arg(long, value_enum, default_value_t = Format::Human)]
    format: Format,
    /// reports to check in parallel (default: all cores)
    #[arg(long, short = 'j')]
    jobs: Option<usize>,
    /// largest report file accepted, in bytes
    #[arg(long, default_value_t = Limits::default().max_bytes)]
    max_report_bytes: usize,
    /// deepest YAML nesting accepted in a report
    #[arg(long, default_value_t = Limits::default().max_depth)]
    max_depth: usize,
    /// expression evaluations allowed per report (bounds nested quantifiers)
    #[arg(long, default_value_t = rules::EvalLimits::default().max_steps)]
    max_eval_steps: u64,
    /// evaluations of the pack on corrected copies of a report when searching the causes of
    /// its findings (0: no search; see docs/limits.md)
    #[arg(long, default_value_t = rules::causes::CauseLimits::default().max_evaluations)]
    max_cause_evaluations: usize,
    /// treat a rule that could not be checked (the report lacks a part it needs) as a failure:
    /// exit status 1
    #[arg(long)]
    require_all: bool,
    /// human output: each finding with miette snippets of the rule and of the report cells
    /// (the default is one compact block per finding)
    #[arg(long, short = 'v', conflicts_with = "summary")]
    verbose: bool,
    /// human output: one line per report (its counts), then the batch summary
    #[arg(long)]
    summary: bool,
    /// report YAML files, folders (searched for *.yaml) or glob patterns
    #[arg(required = true)]
    reports: Vec<PathBuf>,
}

#[derive(clap::Args, Debug)]
struct ReviewArgs {
    /// a rule file or a pack folder (with pack.rules); repeat to combine
    #[arg(long = "pack", short = 'p')]
    packs: Vec<PathBuf>,
    /// the folder to write index.html and the report pages to (created if missing)
    #[arg(long, short = 'o')]
    output: PathBuf,
    /// reports checked in parallel (default: all cores)
    #[arg(long, short = 'j')]
    jobs: Option<usize>,
    /// report YAML files, folders (searched for *.yaml) or glob patterns
    #[arg(required = true)]
    reports: Vec<PathBuf>,
}

#[derive(Clone, Copy, Debug, ValueEnum, PartialEq, Eq)]
enum Format {
    Human,
    Json,
    Jsonl,
    Sarif,
    Junit,
}

#[derive(Clone, Copy, Debug, ValueEnum, PartialEq, Eq)]
enum TestFormat {
    Human,
    Json,
    Junit,
}

#[derive(Clone, Copy, Debug, ValueEnum, PartialEq, Eq)]
enum LangArg {
    Zh,
    En,
}

#[derive(Clone, Copy, Debug, ValueEnum, PartialEq, Eq)]
enum Color {
    Auto,
    Always,
    Never,
}

/// Runs the command line; returns the exit status.
pub fn run<I, T>(args: I, out: &mut dyn Write, err: &mut dyn Write) -> i32
where
    I: IntoIterator<Item = T>,
    T: Into<std::ffi::OsString> + Clone,
{
    let args: Vec<std::ffi::OsString> = args.into_iter().map(Into::into).collect();
    let parsed = command_in(early_lang(&args))
        .try_get_matches_from(&args)
        .and_then(|m| Cli::from_arg_matches(&m));
    let cli = match parsed {
        Ok(c) => c,
        Err(e) => {
            let code = if e.use_stderr() {
                EXIT_UNUSABLE
            } else {
                EXIT_OK
            };
            let text = e.render().to_string();
            if e.use_stderr() {
                let _ = write!(err, "{text}");
            } else {
                let _ = write!(out, "{text}");
            }
            return code;
        }
    };
    let style = Style {
        color: match cli.color {
            Color::Always => true,
            Color::Never => false,
            Color::Auto => {
                std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none()
            }
        },
        width: 100,
    };
    let lang = match cli.lang {
        Some(LangArg::Zh) => Lang::Zh,
        Some(LangArg::En) => Lang::En,
        None => crate::lang::from_env().unwrap_or_default(),
    };
    // Process-wide, before any worker thread starts (threads a library might start read it);
    // and as this thread's override, which `check` also gives its worker threads, so that
    // callers running the CLI in several threads at once each get their own language.
    crate::lang::set_default(lang);
    // Human output is escaped for the terminal (outside text is shown, never obeyed); data
    // (JSON, JSONL, imported YAML) is written as it is, escaped by its own format's rules.
    let data_out = match &cli.command {
        Command::Check(a) => a.format != Format::Human,
        Command::Import { .. } => true,
        _ => false,
    };
    let mut out = Escaping::new(out, !data_out, style.color);
    let mut err = Escaping::new(err, true, style.color);
    let code = crate::lang::with(lang, || {
        run_command(cli.command, lang, style, &mut out, &mut err)
    });
    let _ = out.flush();
    match out.error() {
        None => code,
        // the reader has gone (`… | head`): nothing more to say, and nobody to say it to
        Some(e) if e.kind() == std::io::ErrorKind::BrokenPipe => code,
        Some(e) => {
            let _ = writeln!(err, "{}", text::cannot_write_output(&e.to_string()));
            let _ = err.flush();
            EXIT_UNUSABLE
        }
    }
}

/// The language asked for, read before parsing so that `--help` is in it too: `--lang X` or
/// `--lang=X` anywhere, else `CROSSFOOT_LANG`, else Chinese.
fn early_lang(args: &[std::ffi::OsString]) -> Lang {
    let mut it = args.iter().filter_map(|a| a.to_str());
    while let Some(a) = it.next() {
        let value = match a.strip_prefix("--lang") {
            Some("") => it.next(),
            Some(v) => v.strip_prefix('='),
            None => None,
        };
        if let Some(l) = value.and_then(Lang::parse) {
            return l;
        }
    }
    crate::lang::from_env().unwrap_or_default()
}

/// The command line's definition, its descriptions in `lang` (the doc comments above are the
/// English; clap's own words — `Usage`, `Options` — stay English).
fn command_in(lang: Lang) -> clap::Command {
    let cmd = Cli::command();
    if lang == Lang::En {
        return cmd;
    }
    let pack = "规则文件或规则包文件夹（含 pack.rules）；可重复以组合多个";
    // the same arguments of `check` and `review`
    let jobs = "并行检查的报告数（默认：全部核心）";
    let reports = "报告 YAML 文件、文件夹（查找其中的 *.yaml）或通配模式";
    cmd.about("按会计勾稽规则检查公开的部门决算报告")
        .mut_arg("color", |a| {
            a.help("颜色：auto（终端上才用颜色）、always、never")
        })
        .mut_arg("lang", |a| {
            a.help("消息的语言：zh（默认）或 en；未给出时读环境变量 CROSSFOOT_LANG（不读 LANG）")
        })
        .mut_subcommand("check", |c| {
            c.about("用规则包检查报告（默认用内置的标准规则包）")
                .mut_arg("packs", |a| a.help(pack))
                .mut_arg("format", |a| {
                    a.help("human（诊断文字）、json（一个文档）、jsonl（每份报告一行）、sarif（SARIF 2.1.0）、junit（JUnit XML）")
                })
                .mut_arg("jobs", |a| a.help(jobs))
                .mut_arg("max_report_bytes", |a| a.help("接受的最大报告文件字节数"))
                .mut_arg("max_depth", |a| a.help("报告中接受的最深 YAML 嵌套层数"))
                .mut_arg("max_eval_steps", |a| {
                    a.help("每份报告允许的表达式计算步数（限制嵌套遍历）")
                })
                .mut_arg("max_cause_evaluations", |a| {
                    a.help("寻找发现的原因时，每份报告允许在更正后的副本上重新计算规则包的次数（0：不寻找）")
                })
                .mut_arg("require_all", |a| {
                    a.help("把未能检查的规则（报告缺少所需部分）视为不通过：退出状态 1")
                })
                .mut_arg("verbose", |a| {
                    a.help("人读输出：每个问题附规则和报告单元格的源文片段（默认每个问题一段紧凑文字）")
                })
                .mut_arg("summary", |a| {
                    a.help("人读输出：每份报告一行（各项计数），最后是批量汇总")
                })
                .mut_arg("reports", |a| a.help(reports))
        })
        .mut_subcommand("rules", |c| {
            c.about("列出规则包的规则：编号、严重程度、标题")
                .mut_arg("packs", |a| a.help(pack))
        })
        .mut_subcommand("test", |c| {
            c.about("运行规则包的测试用例（或合规快照）：报告及其必须产生的问题")
                .mut_arg("dirs", |a| a.help("用例文件（*.yaml）所在的文件夹或文件"))
                .mut_arg("packs", |a| a.help(pack))
                .mut_arg("bless", |a| {
                    a.help("用实际产生的问题改写每个用例的 `expect`")
                })
                .mut_arg("format", |a| {
                    a.help("human（默认）、json（一个文档）、junit（JUnit XML）")
                })
                .mut_arg("coverage", |a| {
                    a.help("同时报告哪些规则缺少通过或不通过的用例，以及哪些报告单元格没有任何规则读取")
                })
        })
        .mut_subcommand("import", |c| {
            c.about("把公开报告（PDF，或其文字提取结果）导入为报告 YAML")
                .mut_arg("files", |a| {
                    a.help("PDF 或文字文件（带 `[第N页]` 分页标记的 pdfplumber 式文字）；批量导入时为文件夹（查找 *.pdf）或通配模式")
                })
                .mut_arg("output", |a| {
                    a.help("把 YAML 写到这里，而不是标准输出（批量导入时为文件夹）")
                })
                .mut_arg("jobs", |a| a.help("批量导入时并行处理的文件数（默认：全部核心）"))
                .mut_arg("force", |a| a.help("覆盖已存在的输出文件"))
        })
        .mut_subcommand("review", |c| {
            c.about("把一批报告的检查结果写成静态 HTML 审核页面（index.html 及每份报告一页）")
                .mut_arg("packs", |a| a.help(pack))
                .mut_arg("output", |a| {
                    a.help("写入 index.html 和各报告页面的文件夹（不存在时创建）")
                })
                .mut_arg("jobs", |a| a.help(jobs))
                .mut_arg("reports", |a| a.help(reports))
        })
        .mut_subcommand("explain", |c| {
            c.about("逐步显示一条规则在一份报告上的计算过程（规则编号写 causes：显示每个候选更正为何被采纳或不被采纳）")
                .mut_arg("packs", |a| a.help(pack))
        })
}

fn run_command(
    command: Command,
    lang: Lang,
    style: Style,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> i32 {
    match command {
        Command::Check(args) => check(&args, lang, style, out, err),
        Command::Rules { packs } => list_rules(&packs, style, out, err),
        Command::Review(args) => review(&args, lang, style, out, err),
        Command::Test {
            dirs,
            packs,
            bless,
            format,
            coverage,
        } => test(&dirs, &packs, bless, format, coverage, style, out, err),
        Command::Explain {
            rule,
            report,
            packs,
        } => explain(&rule, &report, &packs, style, out, err),
        Command::Import {
            files,
            output,
            jobs,
            force,
        } => {
            // one file (or one path that names no folder or pattern: "cannot read" says why)
            let single = files.len() == 1
                && !files[0].is_dir()
                && !files[0].to_string_lossy().contains(['*', '?', '[']);
            if single {
                import(&files[0], output.as_deref(), force, out, err)
            } else {
                import_batch(&files, output.as_deref(), jobs, force, err)
            }
        }
    }
}

/// A batch's inputs expanded into files (folders searched for `exts`), with what could not be
/// used and what the walk skipped said on `err`.
fn expand(
    inputs: &[PathBuf],
    exts: &[&str],
    err: &mut dyn Write,
) -> (crate::batch::PathList, Vec<crate::batch::InputError>) {
    let crate::batch::Inputs {
        files,
        errors,
        notes,
    } = crate::batch::expand_inputs_with(inputs, exts);
    for e in &errors {
        let _ = writeln!(err, "{}", text::error_line(&e.to_string()));
    }
    for n in &notes {
        let _ = writeln!(err, "{}", text::input_note(n));
    }
    (files, errors)
}

/// Creates an output folder (and its parents); `false`, said on `err`, when it cannot be.
fn create_folder(dir: &std::path::Path, err: &mut dyn Write) -> bool {
    match std::fs::create_dir_all(dir) {
        Ok(()) => true,
        Err(e) => {
            let _ = writeln!(
                err,
                "{}",
                text::cannot_create(&dir.display().to_string(), &e.to_string())
            );
            false
        }
    }
}

fn load_pack(paths: &[PathBuf], style: Style, err: &mut dyn Write) -> Option<Pack> {
    match rules::load_packs(paths) {
        Ok(p) => Some(p),
        Err(e) => {
            print_pack_errors(&e.errors, &e.files, style, err);
            None
        }
    }
}

fn print_pack_errors(
    errors: &[PackError],
    files: &[rules::PackFile],
    style: Style,
    err: &mut dyn Write,
) {
    for e in errors {
        let _ = write!(err, "{}", render::render_pack_error(e, files, style));
    }
    let _ = writeln!(err, "{}", text::pack_unusable(errors.len()));
}

/// Loads a report, or renders why it could not be loaded.
/// A report that could not be checked: its errors rendered for people, and as data for the
/// machine formats (so that every report given appears in JSON/JSONL).
struct Unusable {
    text: String,
    errors: Vec<serde_json::Value>,
}

impl Unusable {
    /// An error without a place in the report (a PDF that cannot be read).
    fn plain(text: String, code: &str) -> Self {
        let message = text.trim_end().to_string();
        Unusable {
            errors: vec![serde_json::json!({"code": code, "message": message})],
            text,
        }
    }
}

fn load_report(path: &str, limits: &Limits, style: Style) -> Result<Report, Unusable> {
    load_report_file(path, limits).map_err(|errors| {
        let mut text: String = errors
            .iter()
            .map(|e| render::render_diagnostic(e, style))
            .collect();
        text.push_str(&text::report_unusable(path, errors.len()));
        text.push('\n');
        Unusable {
            text,
            errors: errors
                .iter()
                .map(|e| {
                    serde_json::json!({
                        "code": e.code_str(),
                        "message": e.message(),
                        "line": e.span.line,
                        "column": e.span.column,
                    })
                })
                .collect(),
        }
    })
}

/// Renders the errors of a pack that does not fit a report (unknown rows, work limit).
fn binding_errors(errors: &[PackError], pack: &Pack, path: &str, style: Style) -> String {
    let mut text: String = errors
        .iter()
        .map(|e| render::render_pack_error(e, &pack.files, style))
        .collect();
    text.push_str(&text::pack_does_not_fit(path));
    text.push('\n');
    text
}

/// What checking one report produced, rendered in a worker thread.
struct Checked {
    out: String,
    err: String,
    /// `None` when the report could not be loaded or the pack did not fit it
    counts: Option<[usize; 3]>,
    /// rules that could not be checked on the report
    not_checked: usize,
    failing_rules: Vec<String>,
    path: String,
}

fn check_one(
    pack: &Pack,
    plans: &rules::Plans,
    path: &std::path::Path,
    args: &CheckArgs,
    limits: &Limits,
    style: Style,
) -> Checked {
    let mut c = Checked {
        out: String::new(),
        err: String::new(),
        counts: None,
        not_checked: 0,
        failing_rules: Vec::new(),
        path: path.display().to_string(),
    };
    let loaded = if crate::import::is_pdf_path(path) {
        load_pdf_report(&c.path, limits, style).map_err(|t| Unusable::plain(t, "report::pdf"))
    } else {
        load_report(&c.path, limits, style).map(|r| (r, String::new()))
    };
    let report = match loaded {
        Ok((r, notes)) => {
            c.err = notes;
            r
        }
        Err(u) => {
            c.err = u.text;
            c.out = unusable_json(&c.path, u.errors, args.format);
            return c;
        }
    };
    let eval_limits = rules::EvalLimits {
        max_steps: args.max_eval_steps,
    };
    let mut outcome = match rules::evaluate_planned(pack, &report, &eval_limits, plans) {
        Ok(o) => o,
        Err(errors) => {
            c.err = binding_errors(&errors, pack, &c.path, style);
            let data = errors
                .iter()
                .map(|e| {
                    let file = pack.file(e.loc).map_or("", |f| f.path.as_str());
                    serde_json::json!({
                        "code": e.code(),
                        "message": e.kind.to_string(),
                        "pack_location": {"file": file, "line": e.loc.line, "column": e.loc.column},
                    })
                })
                .collect();
            c.out = unusable_json(&c.path, data, args.format);
            return c;
        }
    };
    let cause_limits = rules::causes::CauseLimits {
        max_evaluations: args.max_cause_evaluations,
        ..Default::default()
    };
    // up to --max-cause-evaluations runs of the pack: only for the outputs that show causes
    let shows_causes = match args.format {
        Format::Human => !args.summary,
        Format::Json | Format::Jsonl => true,
        Format::Sarif | Format::Junit => false,
    };
    if shows_causes {
        outcome.causes =
            rules::causes::find_causes(pack, &report, &outcome, plans, &eval_limits, &cause_limits)
                .causes;
    }
    c.counts = Some([
        outcome.count(Severity::Error),
        outcome.count(Severity::Warning),
        outcome.count(Severity::Info),
    ]);
    c.not_checked = outcome.not_checked.len();
    let mut rules: Vec<String> = outcome.findings.iter().map(|f| f.rule.clone()).collect();
    rules.dedup();
    c.failing_rules = rules;
    match args.format {
        Format::Human if args.summary => {
            c.out.push_str(&render::summary_line(&report, &outcome));
            c.out.push('\n');
        }
        Format::Human => {
            // the causes lead; the findings they explain are folded into them
            c.out.push_str(&render::causes_block(&report, &outcome));
            let caused = outcome.causes_of_findings();
            for (f, _) in outcome
                .findings
                .iter()
                .zip(&caused)
                .filter(|(_, c)| c.is_none())
            {
                let block = if args.verbose {
                    render::render_finding(f, pack, &report, style)
                } else {
                    render::render_finding_compact(f, pack, &report, style)
                };
                c.out.push_str(&block);
                c.out.push('\n');
            }
            c.out
                .push_str(&render::not_checked_block(&report, pack, &outcome));
            c.out.push_str(&render::summary_line(&report, &outcome));
            c.out.push('\n');
        }
        Format::Json => {
            let v = render::report_json(&report, pack, &outcome);
            c.out = serde_json::to_string_pretty(&v).unwrap_or_default();
        }
        Format::Jsonl => {
            let v = render::report_json(&report, pack, &outcome);
            c.out = serde_json::to_string(&v).unwrap_or_default();
            c.out.push('\n');
        }
        Format::Sarif => c.out = crate::sarif::results_text(&report, pack, &outcome),
        Format::Junit => c.out = crate::junit::report_suite(&report, pack, &outcome),
    }
    c
}

/// The JSON entry of a report that could not be checked (empty for human output, where the
/// errors went to standard error).
fn unusable_json(path: &str, errors: Vec<serde_json::Value>, format: Format) -> String {
    let v = serde_json::json!({"path": path, "status": "unusable", "errors": errors});
    match format {
        Format::Human => String::new(),
        Format::Json => serde_json::to_string_pretty(&v).unwrap_or_default(),
        Format::Jsonl => serde_json::to_string(&v).unwrap_or_default() + "\n",
        // recorded from the rendered errors: a notification (SARIF), an error suite (JUnit)
        Format::Sarif | Format::Junit => String::new(),
    }
}

fn check(
    args: &CheckArgs,
    lang: Lang,
    style: Style,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> i32 {
    let Some(pack) = load_pack(&args.packs, style, err) else {
        return EXIT_UNUSABLE;
    };
    let mut pending_inputs: Vec<String> = Vec::new();
    let (files, input_errors) = expand(&args.reports, &["yaml", "yml"], err);
    // inputs that gave no report are recorded in the machine output too
    for e in &input_errors {
        let entry = unusable_json(
            &e.path,
            vec![serde_json::json!({"code": "input::unusable", "message": e.message})],
            args.format,
        );
        pending_inputs.push(entry);
    }
    let limits = Limits {
        max_bytes: args.max_report_bytes,
        max_depth: args.max_depth,
        ..Limits::default()
    };
    let jobs = args
        .jobs
        .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()));
    let progress = files.len() >= 200 && std::io::stderr().is_terminal();
    let started = std::time::Instant::now();
    // reports of one layout share what binding the pack to it resolved
    let plans = rules::Plans::new();
    let mut totals = [0usize; 3];
    let mut not_checked = 0usize;
    let mut reports_not_fully_checked = 0usize;
    let mut unusable: Vec<String> = Vec::new();
    let mut rule_counts: std::collections::HashMap<String, usize> = Default::default();
    let mut first_json = true;
    if args.format == Format::Json {
        let _ = write!(out, "{{\n  \"reports\": [");
    }
    let mut sarif = (args.format == Format::Sarif).then(|| crate::sarif::Stream::new(&pack));
    let mut junit = crate::junit::Document::new();
    if let Some(s) = &sarif {
        let _ = write!(out, "{}", s.head());
    }
    let mut write_json = |out: &mut dyn Write, body: &str| {
        // indent the report object to sit inside the `reports` array
        let body = body.replace('\n', "\n    ");
        let sep = if first_json { "" } else { "," };
        first_json = false;
        write!(out, "{sep}\n    {body}")
    };
    for entry in &pending_inputs {
        let _ = match args.format {
            Format::Json => write_json(out, entry),
            _ => out.write_all(entry.as_bytes()),
        };
    }
    let mut stopped = false;
    crate::batch::ordered_parallel_while(
        files.len(),
        jobs,
        jobs * 8,
        |i| {
            crate::lang::with(lang, || {
                check_one(&pack, &plans, &files.get(i), args, &limits, style)
            })
        },
        |i, c| {
            let _ = err.write_all(c.err.as_bytes());
            let written = if args.format == Format::Json {
                write_json(out, &c.out)
            } else if let Some(s) = &mut sarif {
                match c.counts {
                    Some(_) => write!(out, "{}", s.push(&c.out)),
                    None => {
                        s.unusable(&c.path, &c.err);
                        Ok(())
                    }
                }
            } else if args.format == Format::Junit {
                match c.counts {
                    Some(_) => junit.push(&c.out),
                    None => junit.push(&crate::junit::unusable_suite(&c.path, &c.err)),
                }
                Ok(())
            } else {
                out.write_all(c.out.as_bytes())
            };
            match c.counts {
                Some(n) => {
                    for k in 0..3 {
                        totals[k] += n[k];
                    }
                    not_checked += c.not_checked;
                    reports_not_fully_checked += usize::from(c.not_checked > 0);
                    for r in c.failing_rules {
                        *rule_counts.entry(r).or_default() += 1;
                    }
                }
                None => unusable.push(c.path),
            }
            if written.is_err() {
                // the reader has gone or the disk is full: checking more is wasted work
                stopped = true;
                return false;
            }
            if progress && (i + 1) % 50 == 0 {
                // drawn on the terminal itself: these control characters are crossfoot's own,
                // and `err` escapes every control character it is given
                let rate = (i + 1) as f64 / started.elapsed().as_secs_f64().max(1e-9);
                let _ = write!(
                    std::io::stderr(),
                    "\r[{}/{}] {:.0} reports/s",
                    i + 1,
                    files.len(),
                    rate
                );
            }
            true
        },
    );
    if progress {
        let _ = write!(std::io::stderr(), "\r\x1b[2K");
    }
    if stopped {
        // what was checked before the output went decides the status
        return if !unusable.is_empty() || !input_errors.is_empty() {
            EXIT_UNUSABLE
        } else if totals[0] > 0 {
            EXIT_FINDINGS
        } else {
            EXIT_OK
        };
    }
    if args.format == Format::Json {
        let _ = writeln!(out, "{}]\n}}", if first_json { "" } else { "\n  " });
    }
    if let Some(s) = &mut sarif {
        for e in &input_errors {
            s.unusable(&e.path, &text::error_line(&e.to_string()));
        }
        let _ = write!(out, "{}", s.tail());
    }
    if args.format == Format::Junit {
        for e in &input_errors {
            junit.push(&crate::junit::unusable_suite(
                &e.path,
                &text::error_line(&e.to_string()),
            ));
        }
        let _ = write!(out, "{}", junit.finish());
    }
    let checked = files.len() - unusable.len();
    if files.len() + input_errors.len() > 1 {
        let mut top: Vec<(String, usize)> = rule_counts.into_iter().collect();
        top.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        let mut summary =
            text::batch_summary(checked, totals, not_checked, reports_not_fully_checked);
        if !top.is_empty() {
            let list: Vec<String> = top
                .iter()
                .take(5)
                .map(|(r, n)| format!("{r} ({n})"))
                .collect();
            summary.push('\n');
            summary.push_str(&text::most_failing(&list.join(", ")));
        }
        if !unusable.is_empty() || !input_errors.is_empty() {
            summary.push('\n');
            summary.push_str(&text::could_not_be_checked(
                unusable.len() + input_errors.len(),
                &input_errors
                    .iter()
                    .map(|e| &e.path)
                    .chain(&unusable)
                    .take(10)
                    .cloned()
                    .collect::<Vec<_>>()
                    .join(", "),
            ));
        }
        // Machine formats keep stdout clean; the summary goes to stderr.
        if args.format == Format::Human {
            let _ = writeln!(out, "\n{summary}");
        } else {
            let _ = writeln!(err, "{summary}");
        }
    }
    if !unusable.is_empty() || !input_errors.is_empty() {
        EXIT_UNUSABLE
    } else if totals[0] > 0 || (args.require_all && not_checked > 0) {
        EXIT_FINDINGS
    } else {
        EXIT_OK
    }
}

fn list_rules(packs: &[PathBuf], style: Style, out: &mut dyn Write, err: &mut dyn Write) -> i32 {
    let Some(pack) = load_pack(packs, style, err) else {
        return EXIT_UNUSABLE;
    };
    if let Some(name) = &pack.name {
        let _ = writeln!(
            out,
            "{name}{}",
            pack.version
                .as_deref()
                .map(|v| format!(" ({v})"))
                .unwrap_or_default()
        );
    }
    let width = pack
        .rules
        .iter()
        .map(|r| r.id.text.len())
        .max()
        .unwrap_or(0);
    for r in &pack.rules {
        let _ = writeln!(
            out,
            "{:width$}  {:7}  {}",
            r.id.text,
            r.severity.as_str(),
            r.title
        );
    }
    let _ = writeln!(out, "{}", text::n_rules(pack.rules.len()));
    if !pack.disabled.is_empty() {
        let _ = writeln!(out, "{}", text::disabled(&pack.disabled.join(", ")));
    }
    EXIT_OK
}

fn explain(
    rule: &str,
    report: &std::path::Path,
    packs: &[PathBuf],
    style: Style,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> i32 {
    let Some(pack) = load_pack(packs, style, err) else {
        return EXIT_UNUSABLE;
    };
    let report = match load_report(&report.display().to_string(), &Limits::default(), style) {
        Ok(r) => r,
        Err(u) => {
            let _ = write!(err, "{}", u.text);
            return EXIT_UNUSABLE;
        }
    };
    if rule == "causes" && pack.rule(rule).is_none() {
        return explain_causes(&pack, &report, style, out, err);
    }
    let Some(result) = rules::explain(&pack, &report, rule) else {
        let ids = pack.rules.iter().map(|r| r.id.text.as_str());
        let hint = crate::suggest::suggest(rule, ids);
        let _ = writeln!(err, "{}", text::no_such_rule(rule, hint.as_deref()));
        return EXIT_UNUSABLE;
    };
    let (trace, outcome) = match result {
        Ok(x) => x,
        Err(errors) => {
            let _ = write!(
                err,
                "{}",
                binding_errors(&errors, &pack, &report.path, style)
            );
            return EXIT_UNUSABLE;
        }
    };
    let Some(r) = pack.rule(rule) else {
        return EXIT_UNUSABLE;
    };
    let file = pack.file(r.loc).map_or("", |f| f.path.as_str());
    let _ = writeln!(
        out,
        "{} {} \"{}\"  ({}:{}:{})",
        text::rule_label(&r.id.text),
        r.severity.as_str(),
        r.title,
        file,
        r.loc.line,
        r.loc.column
    );
    if let Some(f) = pack.file(r.loc) {
        let text = f
            .text
            .get(r.loc.offset as usize..(r.loc.offset + r.loc.len) as usize)
            .unwrap_or("");
        for line in text.lines() {
            let _ = writeln!(out, "    {line}");
        }
    }
    let _ = writeln!(out, "\n{}", text::evaluation_on(&report.path));
    for step in &trace {
        let indent = "  ".repeat(step.depth.saturating_sub(1) + 1);
        let what = step.what.split_whitespace().collect::<Vec<_>>().join(" ");
        let _ = write!(out, "{indent}{what}  =  {}", step.value);
        if let Some(c) = &step.cell {
            let _ = write!(
                out,
                "    ← {} ({}:{}:{})",
                c.place, report.path, c.span.line, c.span.column
            );
        }
        let _ = writeln!(out);
    }
    let verdict = if !outcome.findings.is_empty() {
        text::ExplainVerdict::Fails
    } else if !outcome.not_checked.is_empty() {
        text::ExplainVerdict::NotChecked
    } else if !outcome.outside_layout.is_empty() {
        text::ExplainVerdict::OutsideLayout
    } else if outcome.passed > 0 {
        text::ExplainVerdict::Holds
    } else {
        text::ExplainVerdict::NotApplicable
    };
    let _ = writeln!(out, "\n{}", text::explain_verdict(rule, verdict));
    for f in &outcome.findings {
        let _ = write!(out, "{}", render::render_finding(f, &pack, &report, style));
    }
    let _ = write!(
        out,
        "{}",
        render::not_checked_block(&report, &pack, &outcome)
    );
    if outcome.count(Severity::Error) > 0 {
        EXIT_FINDINGS
    } else {
        EXIT_OK
    }
}

/// `crossfoot explain causes REPORT`: every candidate correction tried and why it was or was
/// not reported as a cause.
fn explain_causes(
    pack: &Pack,
    report: &Report,
    style: Style,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> i32 {
    let plans = rules::Plans::new();
    let eval = rules::EvalLimits::default();
    let outcome = match rules::evaluate_planned(pack, report, &eval, &plans) {
        Ok(o) => o,
        Err(errors) => {
            let _ = write!(
                err,
                "{}",
                binding_errors(&errors, pack, &report.path, style)
            );
            return EXIT_UNUSABLE;
        }
    };
    let search = rules::causes::find_causes(
        pack,
        report,
        &outcome,
        &plans,
        &eval,
        &rules::causes::CauseLimits::default(),
    );
    let _ = write!(out, "{}", render::cause_trials(report, &search));
    if outcome.count(Severity::Error) > 0 {
        EXIT_FINDINGS
    } else {
        EXIT_OK
    }
}

/// The packs of a `crossfoot test` run: the one given with `--pack` for every file, else the
/// one a case file names (`pack:`), else the standard pack; each loaded once.
struct TestPacks {
    /// (the paths as resolved, the pack, the results run with it)
    loaded: Vec<(Vec<PathBuf>, Pack, Vec<crate::packtest::CaseResult>)>,
}

impl TestPacks {
    /// The index of the pack for `paths`, loading it the first time; `None` (its errors
    /// printed) when it does not load.
    fn index(&mut self, paths: &[PathBuf], style: Style, err: &mut dyn Write) -> Option<usize> {
        if let Some(i) = self.loaded.iter().position(|(p, ..)| p == paths) {
            return Some(i);
        }
        let pack = load_pack(paths, style, err)?;
        self.loaded.push((paths.to_vec(), pack, Vec::new()));
        Some(self.loaded.len() - 1)
    }
}

#[allow(clippy::too_many_arguments)]
fn test(
    dirs: &[PathBuf],
    packs: &[PathBuf],
    bless: bool,
    format: TestFormat,
    coverage: bool,
    style: Style,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> i32 {
    let mut loaded = TestPacks { loaded: Vec::new() };
    if !packs.is_empty() && loaded.index(packs, style, err).is_none() {
        return EXIT_UNUSABLE;
    }
    let mut files = Vec::new();
    for d in dirs {
        match crate::packtest::case_files(d) {
            Ok(f) => files.extend(f),
            Err(e) => {
                let _ = writeln!(err, "{}", text::error_line(&e));
                return EXIT_UNUSABLE;
            }
        }
    }
    if files.is_empty() {
        let _ = writeln!(
            err,
            "{}",
            text::no_case_files(
                &dirs
                    .iter()
                    .map(|d| d.display().to_string())
                    .collect::<Vec<_>>()
                    .join(", ")
            )
        );
        return EXIT_UNUSABLE;
    }
    // human lines go to stdout; in the machine formats stdout holds only the document
    let human = format == TestFormat::Human;
    let (mut passed, mut failed, mut broken) = (0, 0, 0);
    let mut cases_json = Vec::new();
    let mut junit = crate::junit::Document::new();
    for file in &files {
        let which = if packs.is_empty() {
            // a case file that does not read or parse is reported by its run, as a case
            // that could not run
            let named = crate::packtest::pack_of(file).ok().flatten();
            loaded.index(&named.unwrap_or_default(), style, err)
        } else {
            Some(0)
        };
        let Some(which) = which else {
            broken += 1;
            let name = file.display().to_string();
            let msg = crate::lang::pick(
                "用例文件指定的规则包无法使用",
                "the case file's pack is unusable",
            );
            junit.push(&crate::junit::unusable_suite(&name, msg));
            cases_json.push(serde_json::json!({"file": name, "name": "(file)", "status": "error", "error": msg, "missing": [], "unexpected": []}));
            continue;
        };
        let results = crate::packtest::run_file(&loaded.loaded[which].1, file);
        for r in &results {
            cases_json.push(crate::packtest::result_json(r));
            if r.passed() {
                passed += 1;
                continue;
            }
            if let Some(e) = &r.error {
                broken += 1;
                if human {
                    let _ = writeln!(out, "{} {} › {}: {e}", text::CASE_ERROR, r.file, r.name);
                }
                continue;
            }
            failed += 1;
            if human {
                let _ = writeln!(out, "{} {} › {}", text::CASE_FAIL, r.file, r.name);
                for line in crate::packtest::difference_lines(r) {
                    let _ = writeln!(out, "      {line}");
                }
            }
        }
        junit.push(&crate::junit::case_suite(
            &file.display().to_string(),
            &results,
        ));
        if bless && results.iter().any(|r| !r.passed() && r.error.is_none()) {
            let before = crate::packtest::read_case_file(file).unwrap_or_default();
            match crate::packtest::bless(file, &results) {
                Ok(text) => {
                    // replaces the case file atomically: a full disk leaves it as it was
                    if let Err(e) = crate::fsio::write_atomic(file, text.as_bytes(), &[], true) {
                        let _ = writeln!(
                            err,
                            "{}",
                            text::cannot_write(&file.display().to_string(), &e.to_string())
                        );
                        return EXIT_UNUSABLE;
                    }
                    // what was accepted, as a diff of the file
                    let diff =
                        crate::packtest::unified_diff(&before, &text, &file.display().to_string());
                    let shown: &mut dyn Write = if human { out } else { err };
                    let _ = write!(shown, "{diff}");
                    let _ = writeln!(shown, "{}", text::blessed(&file.display().to_string()));
                }
                Err(e) => {
                    let _ = writeln!(
                        err,
                        "{}",
                        text::cannot_bless(&file.display().to_string(), &e)
                    );
                    return EXIT_UNUSABLE;
                }
            }
        }
        loaded.loaded[which].2.extend(results);
    }
    let summary = text::test_summary(passed, failed, broken, files.len());
    let coverages: Vec<(String, crate::packtest::Coverage)> = if coverage {
        loaded
            .loaded
            .iter()
            .filter(|(.., results)| !results.is_empty())
            .map(|(paths, pack, results)| {
                let name = if paths.is_empty() {
                    crate::lang::pick("标准规则包", "the standard pack").to_string()
                } else {
                    paths
                        .iter()
                        .map(|p| p.display().to_string())
                        .collect::<Vec<_>>()
                        .join(", ")
                };
                (name, crate::packtest::coverage(pack, results))
            })
            .collect()
    } else {
        Vec::new()
    };
    match format {
        TestFormat::Human => {
            let _ = writeln!(out, "{summary}");
            for (name, c) in &coverages {
                if coverages.len() > 1 {
                    let _ = writeln!(out, "\n{name}");
                } else {
                    let _ = writeln!(out);
                }
                let _ = write!(out, "{}", c.human());
            }
        }
        TestFormat::Json => {
            let mut doc = serde_json::json!({
                "cases": cases_json,
                "summary": {"passed": passed, "failed": failed, "error": broken, "files": files.len()},
            });
            if coverage {
                doc["coverage"] = coverages
                    .iter()
                    .map(|(name, c)| {
                        let mut v = c.json();
                        v["pack"] = serde_json::json!(name);
                        v
                    })
                    .collect();
            }
            let _ = writeln!(
                out,
                "{}",
                serde_json::to_string_pretty(&doc).unwrap_or_default()
            );
            let _ = writeln!(err, "{summary}");
        }
        TestFormat::Junit => {
            let _ = write!(out, "{}", junit.finish());
            let _ = writeln!(err, "{summary}");
            for (_, c) in &coverages {
                let _ = write!(err, "{}", c.human());
            }
        }
    }
    if broken > 0 {
        EXIT_UNUSABLE
    } else if failed > 0 && !bless {
        EXIT_FINDINGS
    } else {
        EXIT_OK
    }
}

/// Reads a report's PDF and imports it in memory; the pages it could not read fully are
/// rendered as warnings (returned with the report).
fn load_pdf_report(path: &str, limits: &Limits, style: Style) -> Result<(Report, String), String> {
    let max = crate::pdf::Limits::default().max_bytes as u64;
    let bytes = crate::fsio::read_bounded(std::path::Path::new(path), max)
        .map_err(|e| format!("{}\n", text::cannot_read(path, &e.to_string())))?;
    let imported = crate::import::import_pdf(path, &bytes, &crate::pdf::Limits::default())
        .map_err(|e| format!("{}\n", text::error_line(&format!("{path}: {e}"))))?;
    let notes: String = imported
        .page_notes
        .iter()
        .map(|n| {
            format!(
                "{path}: 第{}页: {}: {}\n",
                n.page,
                text::WARNING.get(),
                n.message
            )
        })
        .collect();
    if imported.tables == 0 {
        return Err(format!("{notes}{}\n", text::pdf_no_table(path)));
    }
    let report =
        crate::report::load_report_with(path, imported.yaml, limits).map_err(|errors| {
            let mut text: String = errors
                .iter()
                .map(|e| render::render_diagnostic(e, style))
                .collect();
            text.push_str(&text::pdf_report_unusable(path, errors.len()));
            text.push('\n');
            text
        })?;
    Ok((report, notes))
}

/// The largest text file `import` reads (a PDF may be up to the PDF limit): a report's
/// text is well under 1 MiB (see docs/limits.md).
const MAX_IMPORT_TEXT_BYTES: u64 = 16 << 20;

/// Notes printed for one imported file; the rest are counted (see docs/limits.md).
const MAX_IMPORT_NOTES: usize = 1000;

/// What importing one file produced, rendered for stderr; `yaml` is `None` when the file gave
/// nothing usable.
struct ImportedFile {
    err: String,
    yaml: Option<String>,
}

/// Imports one PDF or text file; every note is rendered, located by page for a PDF and by
/// line for a text file.
fn import_file(file: &std::path::Path) -> ImportedFile {
    let name = file.display().to_string();
    let fail = |err: String| ImportedFile { err, yaml: None };
    // a regular file only, and never more than a PDF may be (a text, less: see below)
    let max = crate::pdf::Limits::default().max_bytes as u64;
    let bytes = match crate::fsio::read_bounded(file, max) {
        Ok(b) => b,
        Err(e) => return fail(format!("{}\n", text::cannot_read(&name, &e.to_string()))),
    };
    let pdf = crate::import::is_pdf_path(file) || bytes.starts_with(b"%PDF-");
    if !pdf && bytes.len() as u64 > MAX_IMPORT_TEXT_BYTES {
        let why = crate::fsio::ReadError::TooLarge {
            size: bytes.len() as u64,
            limit: MAX_IMPORT_TEXT_BYTES,
        };
        return fail(format!("{}\n", text::cannot_read(&name, &why.to_string())));
    }
    let imported = if pdf {
        match crate::import::import_pdf(&name, &bytes, &crate::pdf::Limits::default()) {
            Ok(i) => i,
            Err(e) => return fail(format!("{}\n", text::error_line(&format!("{name}: {e}")))),
        }
    } else {
        match String::from_utf8(bytes) {
            Ok(t) => crate::import::import_text(&name, &t),
            Err(_) => return fail(format!("{}\n", text::not_utf8(&name))),
        }
    };
    let mut err = String::new();
    for n in &imported.page_notes {
        err.push_str(&format!(
            "{name}: 第{}页: {}: {}\n",
            n.page,
            text::WARNING.get(),
            n.message
        ));
    }
    for n in imported.notes.iter().take(MAX_IMPORT_NOTES) {
        let level = match n.level {
            crate::import::NoteLevel::Info => text::INFO.get(),
            crate::import::NoteLevel::Warning => text::WARNING.get(),
        };
        let at = match (pdf, n.line) {
            (_, 0) => String::new(),
            (true, line) => imported
                .page_of_line(line)
                .map_or_else(String::new, |p| format!("第{p}页:")),
            (false, line) => format!("{line}:"),
        };
        err.push_str(&format!("{name}:{at} {level}: {}\n", n.message));
    }
    if imported.notes.len() > MAX_IMPORT_NOTES {
        err.push_str(&text::notes_not_shown(
            imported.notes.len() - MAX_IMPORT_NOTES,
        ));
        err.push('\n');
    }
    let warnings = imported.warnings().count() + imported.page_notes.len();
    err.push_str(&text::imported(
        &name,
        imported.tables,
        imported.rows,
        imported.claims,
        warnings,
    ));
    err.push('\n');
    if imported.tables == 0 {
        err.push_str(&text::nothing_imported(&name));
        err.push('\n');
        return fail(err);
    }
    ImportedFile {
        err,
        yaml: Some(imported.yaml),
    }
}

/// `crossfoot import FILE [-o OUT]`: the YAML to OUT (or stdout), what was recognised and every
/// warning to stderr. Exit 2 when the file cannot be read or no table was recognised.
fn import(
    file: &std::path::Path,
    output: Option<&std::path::Path>,
    force: bool,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> i32 {
    // said before the work: an output that may not be written makes the import pointless
    if let Some(path) = output
        && let Err(e) = crate::fsio::check_target(path, &[file], force)
    {
        let _ = writeln!(
            err,
            "{}",
            text::cannot_write(&path.display().to_string(), &e.to_string())
        );
        return EXIT_UNUSABLE;
    }
    let done = import_file(file);
    let _ = err.write_all(done.err.as_bytes());
    let Some(yaml) = done.yaml else {
        return EXIT_UNUSABLE;
    };
    match output {
        Some(path) => {
            if let Err(e) = crate::fsio::write_atomic(path, yaml.as_bytes(), &[file], force) {
                let _ = writeln!(
                    err,
                    "{}",
                    text::cannot_write(&path.display().to_string(), &e.to_string())
                );
                return EXIT_UNUSABLE;
            }
        }
        None => {
            let _ = write!(out, "{yaml}");
        }
    }
    EXIT_OK
}

/// `crossfoot import DIR|GLOB… -o OUTDIR`: each PDF (or text file named explicitly or by a
/// pattern) to `OUTDIR/<name>.yaml`, in parallel; exit 2 when any file gave nothing usable.
fn import_batch(
    inputs: &[PathBuf],
    output: Option<&std::path::Path>,
    jobs: Option<usize>,
    force: bool,
    err: &mut dyn Write,
) -> i32 {
    let Some(outdir) = output else {
        let _ = writeln!(err, "{}", text::import_needs_outdir());
        return EXIT_UNUSABLE;
    };
    if !create_folder(outdir, err) {
        return EXIT_UNUSABLE;
    }
    let (files, input_errors) = expand(inputs, &["pdf"], err);
    let jobs = jobs
        .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()))
        .max(1);
    let progress = files.len() >= 20 && std::io::stderr().is_terminal();
    let mut failed = input_errors.len();
    let mut written = 0;
    let mut seen = std::collections::HashSet::new();
    crate::batch::ordered_parallel_n(
        files.len(),
        jobs,
        jobs * 4,
        |i| {
            let path = files.get(i);
            (path.clone(), import_file(&path))
        },
        |i, (path, done)| {
            let _ = err.write_all(done.err.as_bytes());
            match done.yaml {
                Some(yaml) => {
                    let stem = path.file_stem().map_or_else(
                        || format!("report-{i}"),
                        |s| s.to_string_lossy().into_owned(),
                    );
                    // two inputs with one name (a/x.pdf, b/x.pdf) do not overwrite each other
                    let mut name = format!("{stem}.yaml");
                    let mut k = 2;
                    while !seen.insert(name.clone()) {
                        name = format!("{stem}-{k}.yaml");
                        k += 1;
                    }
                    let target = outdir.join(&name);
                    match crate::fsio::write_atomic(&target, yaml.as_bytes(), &[&path], force) {
                        Ok(()) => written += 1,
                        Err(e) => {
                            let _ = writeln!(
                                err,
                                "{}",
                                text::cannot_write(&target.display().to_string(), &e.to_string())
                            );
                            failed += 1;
                        }
                    }
                }
                None => failed += 1,
            }
            if progress {
                // drawn on the terminal itself (`err` escapes control characters)
                let _ = write!(std::io::stderr(), "\r[{}/{}]", i + 1, files.len());
            }
        },
    );
    if progress {
        let _ = write!(std::io::stderr(), "\r\x1b[2K");
    }
    let _ = writeln!(
        err,
        "{}",
        text::batch_imported(written, &outdir.display().to_string(), failed)
    );
    if failed > 0 { EXIT_UNUSABLE } else { EXIT_OK }
}

/// `crossfoot review REPORTS… -o DIR`: checks every report and writes `DIR/index.html` and one
/// page per checked report (see docs/output.md). Exit statuses as for `check`.
fn review(
    args: &ReviewArgs,
    lang: Lang,
    style: Style,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> i32 {
    let Some(pack) = load_pack(&args.packs, style, err) else {
        return EXIT_UNUSABLE;
    };
    let dir = &args.output;
    if !create_folder(dir, err) {
        return EXIT_UNUSABLE;
    }
    let (files, input_errors) = expand(&args.reports, &["yaml", "yml"], err);
    let limits = Limits::default();
    let jobs = args
        .jobs
        .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()));
    let plans = rules::Plans::new();
    let mut rows: Vec<crate::review::IndexRow> = Vec::new();
    let mut errors = 0usize;
    let mut failed = input_errors.len();
    // (index row, page file name and HTML, stderr text)
    type Reviewed = (crate::review::IndexRow, Option<(String, String)>, String);
    crate::batch::ordered_parallel_n(
        files.len(),
        jobs,
        jobs * 4,
        |i| -> Reviewed {
            crate::lang::with(lang, || {
                let path = files.get(i).display().to_string();
                let loaded = if crate::import::is_pdf_path(std::path::Path::new(&path)) {
                    load_pdf_report(&path, &limits, Style::plain())
                } else {
                    load_report(&path, &limits, Style::plain())
                        .map(|r| (r, String::new()))
                        .map_err(|u| u.text)
                };
                let (report, notes) = match loaded {
                    Ok(x) => x,
                    Err(text) => {
                        return (crate::review::IndexRow::unusable(&path, &text), None, text);
                    }
                };
                match rules::evaluate_planned(&pack, &report, &rules::EvalLimits::default(), &plans)
                {
                    Ok(mut o) => {
                        // the causes lead the page, as they lead the terminal output
                        o.causes = rules::causes::find_causes(
                            &pack,
                            &report,
                            &o,
                            &plans,
                            &rules::EvalLimits::default(),
                            &rules::causes::CauseLimits::default(),
                        )
                        .causes;
                        let name = crate::review::page_file_name(i, &path);
                        let page = crate::review::report_page(&pack, &report, &o, "index.html");
                        let row = crate::review::IndexRow::checked(&report, &o, name.clone());
                        (row, Some((name, page)), notes)
                    }
                    Err(es) => {
                        let text = binding_errors(&es, &pack, &path, Style::plain());
                        (crate::review::IndexRow::unusable(&path, &text), None, text)
                    }
                }
            })
        },
        |i, (row, page, notes)| {
            let _ = err.write_all(notes.as_bytes());
            if let Some((name, html)) = page {
                let target = dir.join(&name);
                // a page replaces the page of an earlier review, never a report or a non-file
                let input = files.get(i);
                let written =
                    crate::fsio::write_atomic(&target, html.as_bytes(), &[input.as_path()], true);
                if let Err(e) = written {
                    let _ = writeln!(
                        err,
                        "{}",
                        text::cannot_write(&target.display().to_string(), &e.to_string())
                    );
                    failed += 1;
                }
            } else {
                failed += 1;
            }
            errors += row.counts[0];
            rows.push(row);
        },
    );
    // inputs that named no report (a missing file, a pattern that matches nothing)
    for e in &input_errors {
        rows.push(crate::review::IndexRow::unusable(&e.path, &e.message));
    }
    let index = dir.join("index.html");
    let html = crate::review::index_page(&pack, &rows);
    if let Err(e) = crate::fsio::write_atomic(&index, html.as_bytes(), &[], true) {
        let _ = writeln!(
            err,
            "{}",
            text::cannot_write(&index.display().to_string(), &e.to_string())
        );
        return EXIT_UNUSABLE;
    }
    let _ = writeln!(
        out,
        "{}",
        text::review_written(&index.display().to_string(), rows.len(), failed)
    );
    if failed > 0 {
        EXIT_UNUSABLE
    } else if errors > 0 {
        EXIT_FINDINGS
    } else {
        EXIT_OK
    }
}

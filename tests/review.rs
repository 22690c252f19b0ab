//! `crossfoot review`: the HTML review of the hetang and putuo fixtures, opened in a real
//! browser (headless Chromium). The DOM after the page's script ran must show every finding
//! of `check --format json`, every cell and stated number a finding read highlighted and
//! linked both ways, and the index's filters working; screenshots are saved under target/
//! (`review-index.png`, `review-hetang.png`, `review-putuo.png`) for a person to look at.
//!
//! Without a browser the browser part is skipped with a note, unless
//! `CROSSFOOT_REQUIRE_BROWSER` is set (CI sets it): then a missing browser fails the test.
//! `CROSSFOOT_CHROMIUM` names the browser binary when it is not `chromium` on the PATH.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Duration;

use serde_json::Value;

const HETANG: &str = "fixtures/hetang-cac-2023.yaml";
const PUTUO: &str = "fixtures/putuo-finance-2024.yaml";

fn bin() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_crossfoot"));
    c.current_dir(env!("CARGO_MANIFEST_DIR"))
        .env_remove("CROSSFOOT_LANG")
        .env("NO_COLOR", "1");
    c
}

/// A fresh folder under cargo's temporary folder for tests.
fn fresh_dir(name: &str) -> PathBuf {
    let d = Path::new(env!("CARGO_TARGET_TMPDIR")).join(name);
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).expect("create test folder");
    d
}

fn review(dir: &Path, reports: &[&str]) -> std::process::Output {
    bin()
        .arg("review")
        .arg("-o")
        .arg(dir)
        .args(reports)
        .output()
        .expect("run crossfoot review")
}

fn json_findings(report: &str) -> Vec<Value> {
    let o = bin()
        .args(["check", "--format", "json", report])
        .output()
        .expect("run crossfoot check");
    let v: Value = serde_json::from_slice(&o.stdout).expect("json");
    v["reports"][0]["findings"]
        .as_array()
        .expect("findings")
        .clone()
}

/// The byte offset of 1-based `line`, `column` (columns in characters) in `text`.
fn offset_of(text: &str, line: u64, column: u64) -> usize {
    let start: usize = text
        .split_inclusive('\n')
        .take(line as usize - 1)
        .map(str::len)
        .sum();
    let rest = &text[start..];
    start
        + rest
            .char_indices()
            .nth(column as usize - 1)
            .map_or(rest.len(), |(i, _)| i)
}

/// The opening tag of the element with `id`, if the document has one.
fn tag_with_id<'a>(dom: &'a str, id: &str) -> Option<&'a str> {
    let at = dom.find(&format!("id=\"{id}\""))?;
    let open = dom[..at].rfind('<')?;
    let close = at + dom[at..].find('>')?;
    Some(&dom[open..=close])
}

/// The element `<article id="ID" …>…</article>` (articles do not nest).
fn article<'a>(dom: &'a str, id: &str) -> &'a str {
    let at = dom
        .find(&format!("<article id=\"{id}\""))
        .unwrap_or_else(|| panic!("no article {id}"));
    let end = at + dom[at..].find("</article>").expect("closed article");
    &dom[at..end]
}

/// Checks one report's page against the report's JSON findings: each finding is an article
/// with its rule, severity, values and rule text; each cell it read is linked from it and,
/// drawn as an element of its own, highlighted with a link back to the finding.
fn check_report_dom(dom: &str, report: &str, findings: &[Value]) -> usize {
    let yaml = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join(report))
        .expect("read fixture");
    assert!(!findings.is_empty(), "{report}: the fixture has findings");
    assert!(
        tag_with_id(dom, &format!("f{}", findings.len() + 1)).is_none(),
        "{report}: more findings on the page than in the JSON"
    );
    let mut highlighted = 0;
    for (k, f) in findings.iter().enumerate() {
        let n = k + 1;
        let a = article(dom, &format!("f{n}"));
        let rule = f["rule"].as_str().unwrap();
        let sev = f["severity"].as_str().unwrap();
        assert!(
            a.contains(&format!("data-rule=\"{rule}\""))
                && a.contains(&format!("data-severity=\"{sev}\"")),
            "{report}: finding {n} is not {rule} {sev}:\n{a}"
        );
        assert!(
            a.contains("<pre>"),
            "{report}: finding {n} has no rule text"
        );
        if let Some(v) = f["values"].as_object() {
            for key in ["left", "right", "difference", "slack"] {
                let value = v[key].as_str().unwrap().replace("blank", "空白");
                assert!(
                    a.contains(&format!("<td>{value}</td>")),
                    "{report}: finding {n} does not show {key} {value}"
                );
            }
        }
        for c in f["cells"].as_array().unwrap() {
            let off = offset_of(
                &yaml,
                c["line"].as_u64().unwrap(),
                c["column"].as_u64().unwrap(),
            );
            let id = format!("c{off}");
            match tag_with_id(dom, &id) {
                Some(tag) => {
                    // the cell is drawn: highlighted, linked from the finding and back
                    assert!(
                        tag.contains(" hit hit-"),
                        "{report}: cell {} of finding {n} ({rule}) not highlighted: {tag}",
                        c["ref"]
                    );
                    assert!(
                        a.contains(&format!("href=\"#{id}\"")),
                        "{report}: finding {n} does not link to its cell {id}"
                    );
                    // the back links follow the cell's text, before the next element with an id
                    let at = dom.find(&format!("id=\"{id}\"")).unwrap() + 1;
                    let rest = &dom[at..];
                    let after = &rest[..rest.find(" id=\"").unwrap_or(rest.len())];
                    assert!(
                        after.contains(&format!("href=\"#f{n}\"")),
                        "{report}: cell {id} does not link back to finding {n}"
                    );
                    highlighted += 1;
                }
                None => {
                    // a text with no element of its own: the finding links to its table or section
                    assert!(
                        a.contains("href=\"#t") || a.contains("href=\"#s"),
                        "{report}: finding {n} ({rule}) links nowhere for {}",
                        c["ref"]
                    );
                }
            }
        }
    }
    highlighted
}

#[test]
fn the_review_escapes_report_text() {
    let dir = fresh_dir("review-escape");
    let yaml = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join(HETANG))
        .expect("read fixture");
    // a seeded variant: markup in the unit's name and in a table note
    let hostile = yaml
        .replacen(
            "unit: 中共株洲市荷塘区委网络安全和信息化委员会办公室",
            "unit: \"<script>alert(1)</script>&<b>单位\"",
            1,
        )
        .replacen(
            "- 1. 本表反映",
            "- \"<img src=x onerror=alert(2)>\"\n      - 1. 本表反映",
            1,
        );
    assert_ne!(hostile, yaml, "the seeded text went in");
    let report = dir.join("hostile.yaml");
    std::fs::write(&report, hostile).expect("write variant");
    let out = dir.join("out");
    let o = review(&out, &[report.to_str().unwrap()]);
    assert_eq!(
        o.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let index = std::fs::read_to_string(out.join("index.html")).expect("index");
    let page = std::fs::read_to_string(out.join("0001-hostile.html")).expect("page");
    for html in [&index, &page] {
        assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;&amp;&lt;b&gt;单位"));
        assert!(!html.contains("<script>alert(1)"));
        assert!(!html.contains("<b>单位"));
    }
    assert!(
        page.contains("&lt;img src=x onerror=alert(2)&gt;"),
        "the note is drawn"
    );
    assert!(!page.contains("<img"));
    // self-contained: nothing is fetched
    for html in [&index, &page] {
        for needle in ["http://", "https://", "<link", "src=\"", "@import"] {
            assert!(!html.contains(needle), "external reference {needle}");
        }
    }
}

#[test]
fn review_writes_an_index_and_a_page_per_report() {
    let dir = fresh_dir("review-files");
    let o = review(&dir, &[HETANG, PUTUO, "fixtures/no-such-report.yaml"]);
    // a report that cannot be read: exit 2, and the index lists it
    assert_eq!(o.status.code(), Some(2));
    let stdout = String::from_utf8_lossy(&o.stdout);
    assert!(stdout.contains("index.html"), "{stdout}");
    let index = std::fs::read_to_string(dir.join("index.html")).expect("index");
    assert!(index.contains("href=\"0001-hetang-cac-2023.html\""));
    assert!(index.contains("href=\"0002-putuo-finance-2024.html\""));
    assert!(index.contains("fixtures/no-such-report.yaml"));
    assert!(dir.join("0001-hetang-cac-2023.html").is_file());
    assert!(dir.join("0002-putuo-finance-2024.html").is_file());
    // every report checked: exit 1 for the error findings
    let ok = review(&fresh_dir("review-files-ok"), &[PUTUO]);
    assert_eq!(ok.status.code(), Some(1));
}

// ---- in the browser -------------------------------------------------------------------

fn find_browser() -> Option<PathBuf> {
    if let Some(p) = std::env::var_os("CROSSFOOT_CHROMIUM") {
        return Some(PathBuf::from(p));
    }
    let path = std::env::var_os("PATH")?;
    for dir in std::env::split_paths(&path) {
        for name in ["chromium", "chromium-browser", "google-chrome", "chrome"] {
            let p = dir.join(name);
            if p.is_file() {
                return Some(p);
            }
        }
    }
    None
}

/// Runs headless Chromium on `url` with `extra` arguments; returns its standard output. A
/// browser that does not finish within two minutes is killed (the test then fails).
fn chromium(browser: &Path, url: &str, extra: &[&str], profile: &Path) -> String {
    let _ = std::fs::remove_dir_all(profile);
    std::fs::create_dir_all(profile).expect("profile folder");
    let mut child = Command::new(browser)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
        ])
        .arg(format!("--user-data-dir={}", profile.display()))
        .args(extra)
        .arg(url)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("start the browser");
    let mut stdout = child.stdout.take().expect("stdout");
    let reader = std::thread::spawn(move || {
        let mut s = String::new();
        let _ = std::io::Read::read_to_string(&mut stdout, &mut s);
        s
    });
    let mut waited = 0;
    loop {
        if child.try_wait().expect("wait").is_some() {
            break;
        }
        if waited > 1200 {
            let _ = child.kill();
            panic!("the browser did not finish on {url}");
        }
        std::thread::sleep(Duration::from_millis(100));
        waited += 1;
    }
    reader.join().expect("read the browser's output")
}

fn file_url(p: &Path) -> String {
    let abs = std::fs::canonicalize(p).expect("absolute path");
    format!("file://{}", abs.display())
}

#[test]
fn the_review_in_a_browser() {
    let Some(browser) = find_browser() else {
        if std::env::var_os("CROSSFOOT_REQUIRE_BROWSER").is_some() {
            panic!(
                "CROSSFOOT_REQUIRE_BROWSER is set and no chromium was found (install it: apt-get install -y chromium)"
            );
        }
        eprintln!(
            "NOTE: skipping the browser test of `crossfoot review`: no chromium on the PATH \
             (set CROSSFOOT_CHROMIUM, or CROSSFOOT_REQUIRE_BROWSER to make this a failure)"
        );
        return;
    };
    let dir = fresh_dir("review-browser");
    let o = review(&dir, &[HETANG, PUTUO]);
    assert_eq!(
        o.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let profile = Path::new(env!("CARGO_TARGET_TMPDIR")).join("review-chromium-profile");
    let shots = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .parent()
        .expect("target folder")
        .to_path_buf();

    // the index: both reports, the script ran (sorting handles, the count of shown rows)
    let index = dir.join("index.html");
    let dom = chromium(&browser, &file_url(&index), &["--dump-dom"], &profile);
    assert!(dom.contains("部门决算审核报告"), "{dom}");
    assert!(dom.contains("中共株洲市荷塘区委网络安全和信息化委员会办公室"));
    assert!(
        dom.contains("显示 2 / 2"),
        "the index's script did not run:\n{dom}"
    );
    // filtered by the address: T01-1 fails on hetang only; info findings exist on neither
    let dom = chromium(
        &browser,
        &format!("{}#rule=T01-1&sev=error", file_url(&index)),
        &["--dump-dom"],
        &profile,
    );
    assert!(dom.contains("显示 1 / 2"), "rule filter:\n{dom}");
    let hidden_putuo = dom
        .split("<tr")
        .find(|r| r.contains("putuo-finance-2024.html"))
        .expect("putuo row");
    assert!(
        hidden_putuo.contains("hidden"),
        "putuo shown under T01-1: {hidden_putuo}"
    );
    let dom = chromium(
        &browser,
        &format!("{}#sev=info", file_url(&index)),
        &["--dump-dom"],
        &profile,
    );
    assert!(dom.contains("显示 0 / 2"), "severity filter:\n{dom}");
    // sorted by 错误 (column 3): a first click puts the most errors first, a second reverses
    let order = |dom: &str| -> (usize, usize) {
        let body = &dom[dom.find("<tbody>").expect("tbody")..];
        (
            body.find("0001-hetang-cac-2023.html").expect("hetang row"),
            body.find("0002-putuo-finance-2024.html")
                .expect("putuo row"),
        )
    };
    let dom = chromium(
        &browser,
        &format!("{}#sort=3r", file_url(&index)),
        &["--dump-dom"],
        &profile,
    );
    let (hetang, putuo) = order(&dom);
    assert!(putuo < hetang, "fewest errors first");
    assert!(dom.contains("class=\"asc\""), "the sorted column is marked");
    let dom = chromium(
        &browser,
        &format!("{}#sort=3", file_url(&index)),
        &["--dump-dom"],
        &profile,
    );
    let (hetang, putuo) = order(&dom);
    assert!(hetang < putuo, "most errors first");
    chromium(
        &browser,
        &file_url(&index),
        &[
            &format!("--screenshot={}", shots.join("review-index.png").display()),
            "--window-size=1280,700",
        ],
        &profile,
    );

    // each report's page
    for (report, page, shot) in [
        (HETANG, "0001-hetang-cac-2023.html", "review-hetang.png"),
        (PUTUO, "0002-putuo-finance-2024.html", "review-putuo.png"),
    ] {
        let url = file_url(&dir.join(page));
        let dom = chromium(&browser, &url, &["--dump-dom"], &profile);
        let findings = json_findings(report);
        let highlighted = check_report_dom(&dom, report, &findings);
        assert!(highlighted > 0, "{report}: no cell highlighted");
        // tables as printed: 行次 and 栏次 headings, and the narrative with stated numbers
        assert!(
            dom.contains("<th class=\"key\">项目</th>"),
            "{report}: no 项目 heading"
        );
        if report == HETANG {
            assert!(
                dom.contains("<th class=\"key\">行次</th>"),
                "{report}: no 行次"
            );
            assert!(dom.contains("class=\"colno\""), "{report}: no 栏次");
        } else {
            assert!(
                dom.contains("<th class=\"key\">科目编码</th>"),
                "{report}: no 科目编码"
            );
        }
        assert!(
            dom.contains("<mark id=\"c"),
            "{report}: no stated number marked"
        );
        assert!(dom.contains("<section class=\"narrative\">"));
        let png = shots.join(shot);
        let _ = std::fs::remove_file(&png);
        chromium(
            &browser,
            &url,
            &[
                &format!("--screenshot={}", png.display()),
                "--window-size=1280,2000",
            ],
            &profile,
        );
        let size = std::fs::metadata(&png).map(|m| m.len()).unwrap_or(0);
        assert!(
            size > 10_000,
            "{report}: screenshot {} is {size} bytes",
            png.display()
        );
    }
    // hetang: the causes lead the page, linked both ways to the findings they explain (T01-1
    // is explained by the blank 收入总计 or the misplaced 78.01)
    let dom = chromium(
        &browser,
        &file_url(&dir.join("0001-hetang-cac-2023.html")),
        &["--dump-dom"],
        &profile,
    );
    let causes = dom
        .find("<section class=\"causes\">")
        .expect("a causes section");
    assert!(
        causes < dom.find("<section class=\"findings\">").unwrap(),
        "causes first"
    );
    let first = article(&dom, "cause1");
    assert!(first.contains("78.01"), "{first}");
    assert!(first.contains("href=\"#f"), "{first}");
    let t01 = article(&dom, "f1");
    assert!(
        t01.contains("href=\"#cause"),
        "T01-1 links to its cause:\n{t01}"
    );
    // hetang: the blank 本年收入合计 of 收入支出决算总表 (T01-1) is drawn 空白, highlighted as an
    // error, with a link back to finding 1
    let yaml = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join(HETANG)).unwrap();
    let line = yaml
        .lines()
        .position(|l| l.contains("[本年收入合计, 10, ~]"))
        .expect("the row")
        + 1;
    let col = yaml
        .lines()
        .nth(line - 1)
        .unwrap()
        .chars()
        .position(|c| c == '~')
        .unwrap()
        + 1;
    let id = format!("c{}", offset_of(&yaml, line as u64, col as u64));
    let dom = chromium(
        &browser,
        &file_url(&dir.join("0001-hetang-cac-2023.html")),
        &["--dump-dom"],
        &profile,
    );
    let tag = tag_with_id(&dom, &id).expect("the cell is drawn");
    assert!(tag.contains("hit-error"), "{tag}");
    let at = dom.find(&format!("id=\"{id}\"")).unwrap();
    let cell = &dom[at..at + dom[at..].find("</td>").unwrap()];
    assert!(
        cell.contains("空白") && cell.contains("href=\"#f1\""),
        "{cell}"
    );
    // a sentence a text rule read (W-1: template text left in) is marked in the prose, with
    // the numbers it states marked inside it
    let w1 = dom.find("data-rule=\"W-1\"").expect("a W-1 finding");
    let w1 = &dom[w1..w1 + dom[w1..].find("</article>").unwrap()];
    let target = w1
        .split("href=\"#")
        .nth(1)
        .and_then(|r| r.split('"').next())
        .expect("W-1 links to its sentence");
    let tag = tag_with_id(&dom, target).expect("the sentence is drawn");
    assert!(tag.contains("class=\"sentence hit hit-error\""), "{tag}");
    let at = dom.find(&format!("id=\"{target}\"")).unwrap();
    let sentence = &dom[at..at + dom[at..].find("</span>").unwrap()];
    assert!(
        sentence.contains("<mark id=\"c"),
        "no number marked inside: {sentence}"
    );
}

//! Packs: loading rule files (with confined includes), extending another pack, severity
//! overrides and disabled rules. A pack is parsed and checked once, then evaluated against
//! any number of reports.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use rust_decimal::Decimal;

use super::ast::*;
use super::builtin;
use super::check;
use super::error::{PackError, PackErrorKind};
use super::parse::{Item, parse_file};

/// One source file of a pack.
#[derive(Debug, Clone)]
pub struct PackFile {
    /// the path shown in diagnostics (`rules/standard.rules`, `<builtin>/tables.rules`)
    pub path: String,
    pub text: String,
}

/// A parsed, checked pack, ready to evaluate.
#[derive(Debug, Clone, Default)]
pub struct Pack {
    pub name: Option<String>,
    pub version: Option<String>,
    pub files: Vec<PackFile>,
    /// fixed absolute tolerance instead of rounding intervals, when set
    pub tolerance: Option<Decimal>,
    pub tables: Vec<TableDecl>,
    /// declared name variants (`names A | B in t05`)
    pub names: Vec<NamesDecl>,
    /// declared report layouts (`layout 部门 = t01, …`), in declaration order
    pub layouts: Vec<LayoutDecl>,
    pub lets: Vec<LetDecl>,
    pub bases: Vec<Expr>,
    /// the rules in effect, in definition order (disabled rules removed, severities applied)
    pub rules: Vec<Rule>,
    /// ids of rules switched off by `disable`
    pub disabled: Vec<String>,
}

impl Pack {
    pub fn table(&self, alias: &str) -> Option<&TableDecl> {
        self.tables.iter().find(|t| t.alias.text == alias)
    }
    pub fn let_decl(&self, name: &str) -> Option<&LetDecl> {
        self.lets.iter().find(|l| l.name.text == name)
    }
    pub fn rule(&self, id: &str) -> Option<&Rule> {
        self.rules.iter().find(|r| r.id.text == id)
    }
    pub fn file(&self, loc: Loc) -> Option<&PackFile> {
        self.files.get(loc.file as usize)
    }
}

/// A pack that could not be loaded: every error, and the files read so far (to render them).
#[derive(Debug, Clone)]
pub struct PackErrors {
    pub files: Vec<PackFile>,
    pub errors: Vec<PackError>,
}

/// Where pack files come from: the file system (confined to a folder) or the binary.
enum Source {
    Disk { root: PathBuf },
    Builtin,
}

struct Loader {
    pack: Pack,
    errors: Vec<PackError>,
    overrides: Vec<(Name, Severity, Loc)>,
    disables: Vec<Name>,
    /// canonical path or builtin name -> loaded
    seen: HashMap<String, ()>,
}

/// Loads the standard pack compiled into the binary.
pub fn standard_pack() -> Result<Pack, PackErrors> {
    load_packs(&[])
}

/// Loads packs from paths (a `.rules` file or a folder with `pack.rules`). With no path, the
/// built-in standard pack. Several paths are merged in order, as if the later ones extended
/// the earlier.
pub fn load_packs(paths: &[PathBuf]) -> Result<Pack, PackErrors> {
    let mut l = Loader::new();
    if paths.is_empty() {
        l.load_builtin(builtin::ENTRY, &mut Vec::new(), None);
    } else {
        for p in paths {
            l.load_entry(p, None);
        }
    }
    l.finish()
}

/// Loads a pack from in-memory text (tests, `docs/language.md` examples).
pub fn load_pack_str(path: &str, text: &str) -> Result<Pack, PackErrors> {
    let mut l = Loader::new();
    let file = l.add_file(path.to_string(), text.to_string());
    // Includes of an in-memory pack are relative to, and confined to, the working directory.
    let root = std::fs::canonicalize(".").unwrap_or_else(|_| PathBuf::from("."));
    l.process(
        file,
        text.to_string(),
        &Source::Disk { root },
        Path::new(""),
        &mut Vec::new(),
    );
    l.finish()
}

impl Loader {
    fn new() -> Self {
        Loader {
            pack: Pack::default(),
            errors: Vec::new(),
            overrides: Vec::new(),
            disables: Vec::new(),
            seen: HashMap::new(),
        }
    }

    fn add_file(&mut self, path: String, text: String) -> u32 {
        self.pack.files.push(PackFile { path, text });
        (self.pack.files.len() - 1) as u32
    }

    fn load_entry(&mut self, path: &Path, from: Option<Loc>) {
        let entry = if path.is_dir() {
            path.join("pack.rules")
        } else {
            path.to_path_buf()
        };
        let root = entry.parent().map(Path::to_path_buf).unwrap_or_default();
        let root = std::fs::canonicalize(&root).unwrap_or(root);
        self.load_disk(&entry, &root, &mut Vec::new(), from);
    }

    fn load_disk(&mut self, path: &Path, root: &Path, stack: &mut Vec<String>, from: Option<Loc>) {
        let canon = match std::fs::canonicalize(path) {
            Ok(c) => c,
            Err(e) => {
                self.errors.push(io_error(path, &e.to_string(), from));
                return;
            }
        };
        if !canon.starts_with(root) {
            self.errors.push(PackError::new(
                PackErrorKind::IncludeEscapes {
                    path: path.display().to_string(),
                },
                from.unwrap_or_default(),
            )
            .with_help("include and extends must name a file in the pack's folder or below it (symbolic links are followed before checking); to combine packs from different folders, give each with --pack"));
            return;
        }
        let key = canon.display().to_string();
        if let Some(cycle) = cycle_at(stack, &key) {
            self.errors.push(
                PackError::new(
                    PackErrorKind::IncludeCycle {
                        path: path.display().to_string(),
                        chain: cycle,
                    },
                    from.unwrap_or_default(),
                )
                .with_help("remove one of the includes; a file needs to be included only once"),
            );
            return;
        }
        if self.seen.contains_key(&key) {
            return;
        }
        let text = match read_limited(&canon, path) {
            Ok(t) => t,
            Err(msg) => {
                self.errors.push(io_error(path, &msg, from));
                return;
            }
        };
        self.seen.insert(key.clone(), ());
        let file = self.add_file(path.display().to_string(), text.clone());
        stack.push(key);
        // Includes are joined to the path as given (not the canonical one), so diagnostics
        // show paths the way the user wrote them.
        let dir = path.parent().map(Path::to_path_buf).unwrap_or_default();
        self.process(
            file,
            text,
            &Source::Disk {
                root: root.to_path_buf(),
            },
            &dir,
            stack,
        );
        stack.pop();
    }

    fn load_builtin(&mut self, name: &str, stack: &mut Vec<String>, from: Option<Loc>) {
        let key = format!("<builtin>/{name}");
        if let Some(cycle) = cycle_at(stack, &key) {
            self.errors.push(PackError::new(
                PackErrorKind::IncludeCycle {
                    path: key,
                    chain: cycle,
                },
                from.unwrap_or_default(),
            ));
            return;
        }
        if self.seen.contains_key(&key) {
            return;
        }
        let Some(text) = builtin::file(name) else {
            self.errors
                .push(io_error(Path::new(&key), "no such built-in file", from));
            return;
        };
        self.seen.insert(key.clone(), ());
        let file = self.add_file(format!("rules/{name}"), text.to_string());
        stack.push(key);
        self.process(
            file,
            text.to_string(),
            &Source::Builtin,
            Path::new(""),
            stack,
        );
        stack.pop();
    }

    fn process(
        &mut self,
        file: u32,
        text: String,
        source: &Source,
        dir: &Path,
        stack: &mut Vec<String>,
    ) {
        let (parsed, errors) = parse_file(file, &text);
        self.errors.extend(errors);
        for item in parsed.items {
            match item {
                Item::Pack { name, version } => {
                    if self.pack.name.is_none() {
                        self.pack.name = Some(name);
                        self.pack.version = version;
                    }
                }
                Item::Include(path) => match source {
                    Source::Builtin => self.load_builtin(&path.text, stack, Some(path.loc)),
                    Source::Disk { root } => {
                        let root = root.clone();
                        self.load_disk(&dir.join(&path.text), &root, stack, Some(path.loc));
                    }
                },
                Item::Extends(target) => {
                    if target.text == "standard" {
                        self.load_builtin(builtin::ENTRY, &mut Vec::new(), Some(target.loc));
                    } else if let Source::Disk { root } = source {
                        // Confined like an include: a pack names only files in its own folder,
                        // so `extends "/etc/passwd"` never reads (or quotes) a file outside.
                        // Packs from different folders are combined with several --pack.
                        let p = dir.join(&target.text);
                        let entry = if p.is_dir() { p.join("pack.rules") } else { p };
                        let root = root.clone();
                        self.load_disk(&entry, &root, stack, Some(target.loc));
                    }
                }
                Item::Tolerance(t, _) => self.pack.tolerance = Some(t),
                Item::Table(t) => {
                    if let Some(prev) = self.pack.table(&t.alias.text) {
                        // A later pack may re-declare an alias with the same titles (merging is
                        // harmless); different titles are a conflict.
                        let same = prev
                            .titles
                            .iter()
                            .map(|n| &n.text)
                            .eq(t.titles.iter().map(|n| &n.text));
                        if !same {
                            self.errors.push(PackError::new(
                                PackErrorKind::DuplicateTable {
                                    alias: t.alias.text.clone(),
                                },
                                t.alias.loc,
                            ).with_help("give the table another alias, or list all accepted titles in one declaration: table t01 = \"A\" | \"B\""));
                        }
                    } else {
                        self.pack.tables.push(t);
                    }
                }
                Item::Names(n) => self.pack.names.push(n),
                Item::Layout(l) => {
                    if self.pack.layouts.iter().any(|x| x.name.text == l.name.text) {
                        self.errors.push(
                            PackError::new(
                                PackErrorKind::DuplicateLayout {
                                    name: l.name.text.clone(),
                                },
                                l.name.loc,
                            )
                            .with_help("list all tables of a layout in one declaration"),
                        );
                    } else {
                        self.pack.layouts.push(l);
                    }
                }
                Item::Bases(b) => self.pack.bases.extend(b),
                Item::Let(_) if self.pack.lets.len() >= MAX_DECLARATIONS => {
                    self.too_many("`let` definitions in a pack", loc_of(&item));
                }
                Item::Rule(_) if self.pack.rules.len() >= MAX_DECLARATIONS => {
                    self.too_many("rules in a pack", loc_of(&item));
                }
                Item::Let(l) => {
                    if self.pack.let_decl(&l.name.text).is_some() {
                        self.errors.push(PackError::new(
                            PackErrorKind::DuplicateLet {
                                name: l.name.text.clone(),
                            },
                            l.name.loc,
                        ));
                    } else {
                        self.pack.lets.push(l);
                    }
                }
                Item::Severity(id, sev, loc) => self.overrides.push((id, sev, loc)),
                Item::Disable(id) => self.disables.push(id),
                Item::Rule(r) => {
                    if let Some(prev) = self.pack.rule(&r.id.text) {
                        let prev_loc = prev.id.loc;
                        let where_ = self
                            .pack
                            .files
                            .get(prev_loc.file as usize)
                            .map_or(String::new(), |f| {
                                format!("{}:{}:{}", f.path, prev_loc.line, prev_loc.column)
                            });
                        self.errors.push(
                            PackError::new(PackErrorKind::DuplicateRule { id: r.id.text.clone() }, r.id.loc).with_help(
                                format!("the first definition is at {where_}; give this rule another id, or change the first one with `severity`/`disable`"),
                            ),
                        );
                    } else {
                        self.pack.rules.push(r);
                    }
                }
            }
        }
    }

    /// Records, once per kind, that a pack has more declarations than it may.
    fn too_many(&mut self, what: &str, loc: Loc) {
        let what = format!("the number of {what}");
        let known = self
            .errors
            .iter()
            .any(|e| matches!(&e.kind, PackErrorKind::TooComplex { what: w, .. } if *w == what));
        if !known {
            self.errors.push(
                PackError::new(
                    PackErrorKind::TooComplex {
                        what,
                        limit: MAX_DECLARATIONS,
                    },
                    loc,
                )
                .with_help("the rest were not read; split the checks into several packs"),
            );
        }
    }

    fn finish(mut self) -> Result<Pack, PackErrors> {
        for (id, sev, _) in std::mem::take(&mut self.overrides) {
            match self.pack.rules.iter_mut().find(|r| r.id.text == id.text) {
                Some(r) => r.severity = sev,
                None => self.errors.push(unknown_rule(&self.pack, &id)),
            }
        }
        for id in std::mem::take(&mut self.disables) {
            if self.pack.rule(&id.text).is_none() {
                self.errors.push(unknown_rule(&self.pack, &id));
            } else {
                self.pack.rules.retain(|r| r.id.text != id.text);
                self.pack.disabled.push(id.text);
            }
        }
        if self.errors.is_empty() && self.pack.rules.is_empty() && self.pack.disabled.is_empty() {
            self.errors.push(
                PackError::new(PackErrorKind::EmptyPack, Loc::default())
                    .with_help("add a `rule ID error \"title\" { … }`"),
            );
        }
        self.errors.extend(check::check_pack(&self.pack));
        if self.errors.is_empty() {
            // names against the template's layouts only once the pack is sound otherwise
            self.errors
                .extend(super::eval::check_against_template(&self.pack));
        }
        if self.errors.is_empty() {
            Ok(self.pack)
        } else {
            self.errors.sort_by_key(|e| (e.loc.file, e.loc.offset));
            self.errors.dedup();
            if self.errors.len() > MAX_PACK_ERRORS {
                let first_dropped = self.errors[MAX_PACK_ERRORS].loc;
                self.errors.truncate(MAX_PACK_ERRORS);
                self.errors.push(
                    PackError::new(
                        PackErrorKind::TooComplex {
                            what: "the number of problems in a pack".into(),
                            limit: MAX_PACK_ERRORS,
                        },
                        first_dropped,
                    )
                    .with_help("the problems from here on are not shown; fix the ones above first"),
                );
            }
            Err(PackErrors {
                files: self.pack.files,
                errors: self.errors,
            })
        }
    }
}

fn unknown_rule(pack: &Pack, id: &Name) -> PackError {
    let ids = pack.rules.iter().map(|r| r.id.text.as_str());
    PackError::new(
        PackErrorKind::UnknownRuleId {
            id: id.text.clone(),
        },
        id.loc,
    )
    .with_help_opt(crate::suggest::suggest(&id.text, ids).map(|s| format!("did you mean `{s}`?")))
}

fn cycle_at(stack: &[String], key: &str) -> Option<String> {
    let i = stack.iter().position(|s| s == key)?;
    let names: Vec<&str> = stack[i..]
        .iter()
        .map(String::as_str)
        .chain(std::iter::once(key))
        .map(|s| s.rsplit('/').next().unwrap_or(s))
        .collect();
    Some(names.join(" → "))
}

fn io_error(path: &Path, msg: &str, from: Option<Loc>) -> PackError {
    PackError::new(
        PackErrorKind::Io {
            path: path.display().to_string(),
            message: msg.to_string(),
        },
        from.unwrap_or_default(),
    )
    .with_help("check the path; includes are relative to the file that includes them")
}

/// Problems reported for one pack; the rest are dropped (see docs/limits.md).
pub const MAX_PACK_ERRORS: usize = 100;

/// The most rules, and the most `let` definitions, in one pack (see docs/limits.md).
pub const MAX_DECLARATIONS: usize = 10_000;

fn loc_of(item: &Item) -> Loc {
    match item {
        Item::Rule(r) => r.id.loc,
        Item::Let(l) => l.name.loc,
        _ => Loc::default(),
    }
}

/// Default limit on one pack file (see docs/limits.md).
pub const MAX_PACK_FILE_BYTES: u64 = 4 * 1024 * 1024;

/// Reads a pack file of at most [`MAX_PACK_FILE_BYTES`]; `shown` is its path in messages.
fn read_limited(path: &Path, shown: &Path) -> Result<String, String> {
    // A regular file only, through a bounded reader: an include naming a FIFO or a device
    // must not block or read without end.
    let bytes = crate::fsio::read_bounded(path, MAX_PACK_FILE_BYTES).map_err(|e| e.to_string())?;
    String::from_utf8(bytes).map_err(|e| {
        // Say where, as file:line:column, so the byte can be found in an editor.
        let valid = &e.as_bytes()[..e.utf8_error().valid_up_to()];
        let line = valid.iter().filter(|&&b| b == b'\n').count() + 1;
        let line_start = valid.iter().rposition(|&b| b == b'\n').map_or(0, |i| i + 1);
        let column = String::from_utf8_lossy(&valid[line_start..])
            .chars()
            .count()
            + 1;
        format!(
            "not UTF-8 text (the first invalid byte is at {}:{line}:{column})",
            shown.display()
        )
    })
}

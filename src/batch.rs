//! Batches: checking thousands of reports in parallel, with results delivered in input order
//! and memory bounded by a window rather than by the size of the batch.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::sync::{Condvar, Mutex};

/// Runs `work` on every item with `jobs` threads and hands each result to `emit` in input
/// order, as soon as it and all earlier results are ready. At most `window` items are in
/// flight or waiting to be emitted, so memory does not grow with the number of items.
pub fn ordered_parallel<T, R, W, E>(items: &[T], jobs: usize, window: usize, work: W, emit: E)
where
    T: Sync,
    R: Send,
    W: Fn(usize, &T) -> R + Sync,
    E: FnMut(usize, R),
{
    ordered_parallel_n(items.len(), jobs, window, |i| work(i, &items[i]), emit);
}

/// [`ordered_parallel`] over the indexes `0..n`.
pub fn ordered_parallel_n<R, W, E>(n: usize, jobs: usize, window: usize, work: W, mut emit: E)
where
    R: Send,
    W: Fn(usize) -> R + Sync,
    E: FnMut(usize, R),
{
    ordered_parallel_while(n, jobs, window, work, |i, r| {
        emit(i, r);
        true
    });
}

/// [`ordered_parallel_n`] that stops when `emit` returns `false` (the reader of the output has
/// gone): no further item is started, and the results of items in flight are dropped.
pub fn ordered_parallel_while<R, W, E>(n: usize, jobs: usize, window: usize, work: W, mut emit: E)
where
    R: Send,
    W: Fn(usize) -> R + Sync,
    E: FnMut(usize, R) -> bool,
{
    let jobs = jobs.max(1).min(n.max(1));
    if jobs == 1 {
        for i in 0..n {
            if !emit(i, work(i)) {
                return;
            }
        }
        return;
    }
    let window = window.max(jobs);
    // (next index to take, next index to emit)
    let state = Mutex::new((0usize, 0usize));
    let turn = Condvar::new();
    let (tx, rx) = mpsc::channel::<(usize, R)>();
    std::thread::scope(|s| {
        for _ in 0..jobs {
            let tx = tx.clone();
            let (state, turn, work) = (&state, &turn, &work);
            s.spawn(move || {
                loop {
                    let i = {
                        let Ok(mut g) = state.lock() else { return };
                        while g.0 < n && g.0 >= g.1 + window {
                            g = match turn.wait(g) {
                                Ok(g) => g,
                                Err(_) => return,
                            };
                        }
                        if g.0 >= n {
                            return;
                        }
                        g.0 += 1;
                        g.0 - 1
                    };
                    if tx.send((i, work(i))).is_err() {
                        return;
                    }
                }
            });
        }
        drop(tx);
        let mut pending = BTreeMap::new();
        let mut next = 0;
        'receive: for (i, r) in rx {
            pending.insert(i, r);
            while let Some(r) = pending.remove(&next) {
                let go_on = emit(next, r);
                next += 1;
                if let Ok(mut g) = state.lock() {
                    g.1 = next;
                    if !go_on {
                        // take nothing more; the receiver is dropped on leaving the loop,
                        // so workers stop at their next send
                        g.0 = n;
                    }
                }
                turn.notify_all();
                if !go_on {
                    break 'receive;
                }
            }
        }
    });
}

/// The report files of a batch, stored compactly: a folder's files share its path, and the
/// names live in one string, so that ten thousand inputs cost a few hundred kilobytes and the
/// memory of a batch hardly grows with its length.
#[derive(Debug, Default)]
pub struct PathList {
    bases: Vec<PathBuf>,
    names: String,
    /// (index into `bases`, or `u32::MAX` for a path given whole; start and end in `names`)
    items: Vec<(u32, u32, u32)>,
}

impl PathList {
    pub fn len(&self) -> usize {
        self.items.len()
    }
    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }
    /// The `i`-th path.
    pub fn get(&self, i: usize) -> PathBuf {
        let (base, a, b) = self.items[i];
        let name = &self.names[a as usize..b as usize];
        match self.bases.get(base as usize) {
            Some(dir) => dir.join(name),
            None => PathBuf::from(name),
        }
    }
    fn push_name(&mut self, base: u32, name: &str) {
        let a = self.names.len() as u32;
        self.names.push_str(name);
        self.items.push((base, a, self.names.len() as u32));
    }
    fn push_path(&mut self, p: &Path) {
        self.push_name(u32::MAX, &p.to_string_lossy());
    }
}

/// Expands command-line inputs into report files, in a stable order: a file as given; a
/// folder's `*.yaml`/`*.yml` files, recursively, sorted; a glob pattern's matches, sorted.
/// Inputs that match nothing are returned as errors, the rest is still checked.
pub fn expand_inputs(inputs: &[PathBuf]) -> Inputs {
    expand_inputs_with(inputs, &["yaml", "yml"])
}

/// An input that gives no report: the path (or pattern) as given, and why.
#[derive(Debug, Clone)]
pub struct InputError {
    pub path: String,
    pub message: String,
}

impl InputError {
    fn new(path: impl std::fmt::Display, zh: &str, en: &str) -> Self {
        InputError {
            path: path.to_string(),
            message: crate::lang::pick(zh.to_string(), en.to_string()),
        }
    }
}

impl std::fmt::Display for InputError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let sep = if crate::lang::is_en() { ": " } else { "：" };
        write!(f, "{}{sep}{}", self.path, self.message)
    }
}

/// The expanded inputs of a batch.
#[derive(Debug, Default)]
pub struct Inputs {
    pub files: PathList,
    /// inputs that cannot be checked (nothing matched, a FIFO named like a report): each is
    /// an unusable input
    pub errors: Vec<InputError>,
    /// what the walk skipped without losing anything (a symbolic-link loop), said once each
    pub notes: Vec<String>,
}

/// [`expand_inputs`] with the file extensions a folder is searched for (`crossfoot import`
/// searches folders for PDFs).
pub fn expand_inputs_with(inputs: &[PathBuf], exts: &[&str]) -> Inputs {
    let mut list = PathList::default();
    let mut errors = Vec::new();
    let mut notes = Vec::new();
    for input in inputs {
        if input.is_dir() {
            let before = list.len();
            collect_dir(input, exts, &mut list, &mut errors, &mut notes);
            if list.len() == before {
                errors.push(InputError::new(
                    input.display(),
                    &format!("此文件夹中没有 *.{} 文件", exts[0]),
                    &format!("no *.{} files in this folder", exts[0]),
                ));
            }
        } else if input.exists() {
            list.push_path(input);
        } else if let Some(pattern) = input.to_str().filter(|p| p.contains(['*', '?', '['])) {
            match glob::glob(pattern) {
                Ok(paths) => {
                    let mut matched: Vec<PathBuf> =
                        paths.flatten().filter(|p| p.is_file()).collect();
                    matched.sort();
                    if matched.is_empty() {
                        errors.push(InputError::new(
                            pattern,
                            "没有与此模式匹配的文件",
                            "no file matches this pattern",
                        ));
                    }
                    for m in matched {
                        list.push_path(&m);
                    }
                }
                Err(e) => errors.push(InputError::new(
                    pattern,
                    &format!("不是有效的模式（{e}）"),
                    &format!("not a valid pattern ({e})"),
                )),
            }
        } else {
            errors.push(InputError::new(
                input.display(),
                "没有这个文件或文件夹",
                "no such file or folder",
            ));
        }
    }
    Inputs {
        files: list,
        errors,
        notes,
    }
}

/// A folder's reports, recursively: files of a folder sorted by name, then its subfolders in
/// name order (depth first), so the order is stable from one run to the next. Symbolic links
/// are followed, but a folder is walked once (by device and inode): a link back to a folder
/// above is reported once and skipped, so a loop neither hangs the walk nor repeats reports.
/// Only regular files are taken: a FIFO or device named `*.yaml` is reported, never opened.
fn collect_dir(
    dir: &Path,
    exts: &[&str],
    list: &mut PathList,
    errors: &mut Vec<InputError>,
    notes: &mut Vec<String>,
) {
    let mut visited = std::collections::HashSet::new();
    if let Some(id) = folder_id(dir) {
        visited.insert(id);
    }
    walk_dir(dir, exts, list, errors, notes, &mut visited);
}

/// A folder's identity: (device, inode), or the canonical path where there are no inodes.
fn folder_id(dir: &Path) -> Option<(u64, u64, PathBuf)> {
    let meta = std::fs::metadata(dir).ok()?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        let _ = &meta;
        Some((meta.dev(), meta.ino(), PathBuf::new()))
    }
    #[cfg(not(unix))]
    {
        let _ = meta;
        Some((0, 0, std::fs::canonicalize(dir).ok()?))
    }
}

fn walk_dir(
    dir: &Path,
    exts: &[&str],
    list: &mut PathList,
    errors: &mut Vec<InputError>,
    notes: &mut Vec<String>,
    visited: &mut std::collections::HashSet<(u64, u64, PathBuf)>,
) {
    let entries = match std::fs::read_dir(dir) {
        Ok(e) => e,
        Err(e) => {
            errors.push(InputError::new(
                dir.display(),
                &e.to_string(),
                &e.to_string(),
            ));
            return;
        }
    };
    // names go straight into the list (no list of strings on the side), then are sorted
    list.bases.push(dir.to_path_buf());
    let base = (list.bases.len() - 1) as u32;
    let first = list.items.len();
    let mut subdirs: Vec<PathBuf> = Vec::new();
    let mut special: Vec<String> = Vec::new();
    for entry in entries.flatten() {
        let name = entry.file_name();
        // the target's type: symbolic links are followed
        let Ok(meta) = std::fs::metadata(entry.path()) else {
            continue; // a dangling link: nothing to check
        };
        if meta.is_dir() {
            subdirs.push(entry.path());
        } else if Path::new(&name)
            .extension()
            .is_some_and(|x| exts.iter().any(|e| x.eq_ignore_ascii_case(e)))
        {
            if meta.is_file() {
                list.push_name(base, &name.to_string_lossy());
            } else {
                special.push(entry.path().display().to_string());
            }
        }
    }
    let names = &list.names;
    list.items[first..]
        .sort_by(|x, y| names[x.1 as usize..x.2 as usize].cmp(&names[y.1 as usize..y.2 as usize]));
    special.sort();
    for p in special {
        errors.push(InputError::new(
            p,
            "不是普通文件（命名管道、设备或套接字），不能作为报告读取",
            "not a regular file (a FIFO, device or socket); it cannot be read as a report",
        ));
    }
    subdirs.sort();
    for d in subdirs {
        match folder_id(&d) {
            Some(id) if !visited.insert(id.clone()) => notes.push(crate::lang::pick(
                format!(
                    "{}：符号链接指回已读过的文件夹（循环），已跳过",
                    d.display()
                ),
                format!(
                    "{}: a symbolic link back to a folder already read (a loop); skipped",
                    d.display()
                ),
            )),
            _ => walk_dir(&d, exts, list, errors, notes, visited),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn results_come_in_input_order_whatever_the_thread_count() {
        let items: Vec<u64> = (0..500).collect();
        for jobs in [1, 2, 7] {
            let mut seen = Vec::new();
            ordered_parallel(&items, jobs, 8, |_, x| x * 2, |i, r| seen.push((i, r)));
            assert_eq!(
                seen,
                items
                    .iter()
                    .map(|&x| (x as usize, x * 2))
                    .collect::<Vec<_>>()
            );
        }
    }
}

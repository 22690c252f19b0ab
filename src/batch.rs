//! Batches: checking thousands of reports in parallel, with results delivered in input order
//! and memory bounded by a window rather than by the size of the batch.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::sync::{Condvar, Mutex};

/// Runs `work` on every item with `jobs` threads and hands each result to `emit` in input
/// order, as soon as it and all earlier results are ready. At most `window` items are in
/// flight or waiting to be emitted, so memory does not grow with the number of items.
pub fn ordered_parallel<T, R, W, E>(items: &[T], jobs: usize, window: usize, work: W, mut emit: E)
where
    T: Sync,
    R: Send,
    W: Fn(usize, &T) -> R + Sync,
    E: FnMut(usize, R),
{
    let jobs = jobs.max(1).min(items.len().max(1));
    if jobs == 1 {
        for (i, item) in items.iter().enumerate() {
            emit(i, work(i, item));
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
                        while g.0 < items.len() && g.0 >= g.1 + window {
                            g = match turn.wait(g) {
                                Ok(g) => g,
                                Err(_) => return,
                            };
                        }
                        if g.0 >= items.len() {
                            return;
                        }
                        g.0 += 1;
                        g.0 - 1
                    };
                    if tx.send((i, work(i, &items[i]))).is_err() {
                        return;
                    }
                }
            });
        }
        drop(tx);
        let mut pending = BTreeMap::new();
        let mut next = 0;
        for (i, r) in rx {
            pending.insert(i, r);
            while let Some(r) = pending.remove(&next) {
                emit(next, r);
                next += 1;
                if let Ok(mut g) = state.lock() {
                    g.1 = next;
                }
                turn.notify_all();
            }
        }
    });
}

/// Expands command-line inputs into report files, in a stable order: a file as given; a
/// folder's `*.yaml`/`*.yml` files, recursively, sorted; a glob pattern's matches, sorted.
/// Inputs that match nothing are returned as errors, the rest is still checked.
pub fn expand_inputs(inputs: &[PathBuf]) -> (Vec<PathBuf>, Vec<String>) {
    let mut files = Vec::new();
    let mut errors = Vec::new();
    for input in inputs {
        if input.is_dir() {
            let before = files.len();
            collect_dir(input, &mut files, &mut errors);
            files[before..].sort();
            if files.len() == before {
                errors.push(format!(
                    "{}: no *.yaml reports in this folder",
                    input.display()
                ));
            }
        } else if input.exists() {
            files.push(input.clone());
        } else if let Some(pattern) = input.to_str().filter(|p| p.contains(['*', '?', '['])) {
            match glob::glob(pattern) {
                Ok(paths) => {
                    let mut matched: Vec<PathBuf> =
                        paths.flatten().filter(|p| p.is_file()).collect();
                    matched.sort();
                    if matched.is_empty() {
                        errors.push(format!("{pattern}: no file matches this pattern"));
                    }
                    files.extend(matched);
                }
                Err(e) => errors.push(format!("{pattern}: not a valid pattern ({e})")),
            }
        } else {
            errors.push(format!("{}: no such file or folder", input.display()));
        }
    }
    (files, errors)
}

fn collect_dir(dir: &Path, files: &mut Vec<PathBuf>, errors: &mut Vec<String>) {
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        let entries = match std::fs::read_dir(&d) {
            Ok(e) => e,
            Err(e) => {
                errors.push(format!("{}: {e}", d.display()));
                continue;
            }
        };
        for entry in entries.flatten() {
            let p = entry.path();
            if p.is_dir() {
                stack.push(p);
            } else if p.extension().is_some_and(|x| x == "yaml" || x == "yml") {
                files.push(p);
            }
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

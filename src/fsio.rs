//! Reading and writing files given by users, safely: only regular files are read, never more
//! than a limit; writes go to a temporary file beside the target and are renamed over it, so
//! a full disk never leaves a truncated file in place of a good one.
//!
//! `metadata().len()` is 0 for a FIFO or a device, so a size check alone lets `/dev/zero`
//! through and a FIFO blocks forever on open: the file is checked before it is opened, opened
//! without blocking, checked again on the handle, and read through `take(limit + 1)`.

use std::fmt;
use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};

/// Why a file could not be read.
#[derive(Debug)]
pub enum ReadError {
    /// a folder, FIFO, socket or device: `what` names it (`文件夹`, `FIFO`, …)
    NotRegular {
        what: &'static str,
    },
    /// more than `limit` bytes; `size` is what was seen (at least `limit + 1`)
    TooLarge {
        size: u64,
        limit: u64,
    },
    Io(io::Error),
}

impl fmt::Display for ReadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ReadError::NotRegular { what } => f.write_str(&crate::lang::pick(
                format!("不是普通文件（是{}），只能读取普通文件", kind_zh(what)),
                format!("not a regular file (a {what}); only regular files are read"),
            )),
            ReadError::TooLarge { size, limit } => f.write_str(&crate::lang::pick(
                format!("文件超过 {limit} 字节的上限（至少 {size} 字节）"),
                format!("the file is over the limit of {limit} bytes (at least {size} bytes)"),
            )),
            ReadError::Io(e) => write!(f, "{e}"),
        }
    }
}

fn kind_zh(what: &str) -> &'static str {
    match what {
        "folder" => "文件夹",
        "FIFO" => "命名管道",
        "socket" => "套接字",
        "device" => "设备",
        _ => "特殊文件",
    }
}

fn kind_of(ft: &std::fs::FileType) -> Option<&'static str> {
    #[cfg(unix)]
    use std::os::unix::fs::FileTypeExt;
    if ft.is_file() {
        return None;
    }
    if ft.is_dir() {
        return Some("folder");
    }
    #[cfg(unix)]
    {
        if ft.is_fifo() {
            return Some("FIFO");
        }
        if ft.is_socket() {
            return Some("socket");
        }
        if ft.is_block_device() || ft.is_char_device() {
            return Some("device");
        }
    }
    Some("special file")
}

/// Whether `path` (symbolic links followed) is a regular file.
pub fn is_regular(path: &Path) -> bool {
    std::fs::metadata(path).is_ok_and(|m| m.is_file())
}

/// Reads a regular file of at most `limit` bytes.
pub fn read_bounded(path: &Path, limit: u64) -> Result<Vec<u8>, ReadError> {
    let meta = std::fs::metadata(path).map_err(ReadError::Io)?;
    if let Some(what) = kind_of(&meta.file_type()) {
        return Err(ReadError::NotRegular { what });
    }
    if meta.len() > limit {
        return Err(ReadError::TooLarge {
            size: meta.len(),
            limit,
        });
    }
    let mut options = std::fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        // The file may have been swapped for a FIFO since the check: never block on open.
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(libc::O_NONBLOCK);
    }
    let file = options.open(path).map_err(ReadError::Io)?;
    let meta = file.metadata().map_err(ReadError::Io)?;
    if let Some(what) = kind_of(&meta.file_type()) {
        return Err(ReadError::NotRegular { what });
    }
    let mut bytes = Vec::with_capacity(meta.len().min(limit) as usize);
    file.take(limit.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(ReadError::Io)?;
    if bytes.len() as u64 > limit {
        return Err(ReadError::TooLarge {
            size: bytes.len() as u64,
            limit,
        });
    }
    Ok(bytes)
}

/// Why a file could not be written.
#[derive(Debug)]
pub enum WriteError {
    /// the target exists and overwriting was not asked for
    Exists,
    /// the target is the input being read
    IsInput,
    /// the target is a folder, device, FIFO or socket
    NotRegular {
        what: &'static str,
    },
    Io(io::Error),
}

impl fmt::Display for WriteError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            WriteError::Exists => f.write_str(&crate::lang::pick(
                "文件已存在；要覆盖它，请加 --force".to_string(),
                "the file exists; add --force to overwrite it".to_string(),
            )),
            WriteError::IsInput => f.write_str(&crate::lang::pick(
                "这是正在读取的输入文件，不能写入它；请另选输出文件".to_string(),
                "this is the input being read; choose another output file".to_string(),
            )),
            WriteError::NotRegular { what } => f.write_str(&crate::lang::pick(
                format!(
                    "这不是普通文件（是{}），不能写入；请给出一个文件路径",
                    kind_zh(what)
                ),
                format!("not a regular file (a {what}); give the path of a file"),
            )),
            WriteError::Io(e) => write!(f, "{e}"),
        }
    }
}

/// Whether two paths name the same existing file (same device and inode).
pub fn same_file(a: &Path, b: &Path) -> bool {
    match (std::fs::metadata(a), std::fs::metadata(b)) {
        #[cfg(unix)]
        (Ok(x), Ok(y)) => {
            use std::os::unix::fs::MetadataExt;
            x.dev() == y.dev() && x.ino() == y.ino()
        }
        #[cfg(not(unix))]
        (Ok(_), Ok(_)) => std::fs::canonicalize(a).ok() == std::fs::canonicalize(b).ok(),
        _ => false,
    }
}

/// Whether `target` may be written: not one of `inputs`, and not an existing file unless
/// `force`.
pub fn check_target(target: &Path, inputs: &[&Path], force: bool) -> Result<(), WriteError> {
    if inputs.iter().any(|i| same_file(i, target)) {
        return Err(WriteError::IsInput);
    }
    if let Ok(meta) = std::fs::metadata(target)
        && let Some(what) = kind_of(&meta.file_type())
    {
        // never replace a device or a folder (as root, renaming over /dev/full would)
        return Err(WriteError::NotRegular { what });
    }
    if !force && std::fs::symlink_metadata(target).is_ok() {
        return Err(WriteError::Exists);
    }
    Ok(())
}

/// Writes `bytes` to `target` atomically: into a temporary file in the target's folder, synced,
/// then renamed over the target. Refuses to replace one of `inputs`, and an existing file
/// unless `force`. On any failure the target is left as it was and the temporary file removed.
pub fn write_atomic(
    target: &Path,
    bytes: &[u8],
    inputs: &[&Path],
    force: bool,
) -> Result<(), WriteError> {
    check_target(target, inputs, force)?;
    let dir = match target.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let name = target
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let tmp = dir.join(format!(".{name}.{}.tmp", std::process::id()));
    let written = (|| {
        let mut f = std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&tmp)?;
        f.write_all(bytes)?;
        f.sync_all()?;
        drop(f);
        std::fs::rename(&tmp, target)
    })();
    if let Err(e) = written {
        let _ = std::fs::remove_file(&tmp);
        return Err(WriteError::Io(e));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_folder_is_refused_and_a_limit_holds() {
        let dir = std::env::temp_dir().join(format!("crossfoot-fsio-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        assert!(matches!(
            read_bounded(&dir, 10),
            Err(ReadError::NotRegular { what: "folder" })
        ));
        let f = dir.join("a.txt");
        std::fs::write(&f, b"0123456789ab").unwrap();
        assert!(matches!(
            read_bounded(&f, 10),
            Err(ReadError::TooLarge { limit: 10, .. })
        ));
        assert_eq!(read_bounded(&f, 12).unwrap(), b"0123456789ab");
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[cfg(unix)]
    #[test]
    fn devices_are_refused_without_reading() {
        assert!(matches!(
            read_bounded(Path::new("/dev/zero"), 1 << 20),
            Err(ReadError::NotRegular { what: "device" })
        ));
    }

    #[test]
    fn an_atomic_write_refuses_its_input_and_an_existing_file() {
        let dir = std::env::temp_dir().join(format!("crossfoot-fsio-w-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let input = dir.join("in.txt");
        std::fs::write(&input, b"input").unwrap();
        assert!(matches!(
            write_atomic(&input, b"x", &[&input], true),
            Err(WriteError::IsInput)
        ));
        let out = dir.join("out.yaml");
        write_atomic(&out, b"one", &[&input], false).unwrap();
        assert!(matches!(
            write_atomic(&out, b"two", &[&input], false),
            Err(WriteError::Exists)
        ));
        write_atomic(&out, b"two", &[&input], true).unwrap();
        assert_eq!(std::fs::read(&out).unwrap(), b"two");
        assert_eq!(std::fs::read(&input).unwrap(), b"input");
        // no temporary file is left behind
        assert_eq!(std::fs::read_dir(&dir).unwrap().count(), 2);
        std::fs::remove_dir_all(&dir).unwrap();
    }
}

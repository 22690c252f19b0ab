//! The language of user-facing text: Chinese by default (the users are Chinese finance
//! staff), English for developers with `--lang en` or `CROSSFOOT_LANG=en`.
//!
//! `LANG` is deliberately not read: servers in China commonly run with `LANG=en_US.UTF-8`,
//! which says nothing about the language their users read.
//!
//! The language is process-wide (set once by the CLI before any worker thread starts) with a
//! thread-local override, so that tests running in parallel threads can each ask for a
//! language without racing: [`with`] runs a closure in a language on the current thread.

use std::cell::Cell;
use std::sync::atomic::{AtomicU8, Ordering};

/// A language of user-facing text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Lang {
    #[default]
    Zh,
    En,
}

impl Lang {
    /// `zh` or `en` (also `zh-CN`, `zh_CN.UTF-8`, `en_US`…), case-insensitive.
    pub fn parse(s: &str) -> Option<Lang> {
        let s = s.trim().to_ascii_lowercase();
        if s == "zh" || s.starts_with("zh-") || s.starts_with("zh_") || s.starts_with("zh.") {
            Some(Lang::Zh)
        } else if s == "en" || s.starts_with("en-") || s.starts_with("en_") || s.starts_with("en.")
        {
            Some(Lang::En)
        } else {
            None
        }
    }

    fn to_u8(self) -> u8 {
        match self {
            Lang::Zh => 0,
            Lang::En => 1,
        }
    }

    fn from_u8(v: u8) -> Lang {
        if v == 1 { Lang::En } else { Lang::Zh }
    }
}

/// The environment variable that chooses the language when `--lang` is not given.
pub const ENV: &str = "CROSSFOOT_LANG";

static DEFAULT: AtomicU8 = AtomicU8::new(0);

thread_local! {
    static OVERRIDE: Cell<Option<Lang>> = const { Cell::new(None) };
}

/// Sets the process-wide language. Call once, before worker threads start.
pub fn set_default(l: Lang) {
    DEFAULT.store(l.to_u8(), Ordering::Relaxed);
}

/// The language of the current thread: its override, else the process-wide one.
pub fn current() -> Lang {
    OVERRIDE
        .with(|o| o.get())
        .unwrap_or_else(|| Lang::from_u8(DEFAULT.load(Ordering::Relaxed)))
}

/// Whether text is to be English.
pub fn is_en() -> bool {
    current() == Lang::En
}

/// Runs `f` with `l` as the current thread's language, then restores the previous one (also
/// when `f` panics).
pub fn with<R>(l: Lang, f: impl FnOnce() -> R) -> R {
    struct Restore(Option<Lang>);
    impl Drop for Restore {
        fn drop(&mut self) {
            let prev = self.0;
            OVERRIDE.with(|o| o.set(prev));
        }
    }
    let _restore = Restore(OVERRIDE.with(|o| o.replace(Some(l))));
    f()
}

/// Chooses between the Chinese and the English form of a text.
pub fn pick<T>(zh: T, en: T) -> T {
    match current() {
        Lang::Zh => zh,
        Lang::En => en,
    }
}

/// The language chosen by the environment ([`ENV`]), if it names one.
pub fn from_env() -> Option<Lang> {
    std::env::var(ENV).ok().as_deref().and_then(Lang::parse)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn with_overrides_on_this_thread_only_and_restores() {
        let outer = current();
        with(Lang::En, || {
            assert_eq!(current(), Lang::En);
            with(Lang::Zh, || assert_eq!(current(), Lang::Zh));
            assert_eq!(current(), Lang::En);
            let other = std::thread::spawn(current).join().unwrap();
            assert_eq!(other, Lang::from_u8(DEFAULT.load(Ordering::Relaxed)));
        });
        assert_eq!(current(), outer);
    }

    #[test]
    fn parse_accepts_codes_and_locales() {
        assert_eq!(Lang::parse("zh"), Some(Lang::Zh));
        assert_eq!(Lang::parse("EN"), Some(Lang::En));
        assert_eq!(Lang::parse("zh_CN.UTF-8"), Some(Lang::Zh));
        assert_eq!(Lang::parse("fr"), None);
    }
}

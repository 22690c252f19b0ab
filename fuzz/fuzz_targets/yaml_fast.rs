//! Differential: whenever the fast YAML reader accepts a text, its tree is saphyr's, node for
//! node (kinds, scalar text, quoting, spans), at several depth limits.
#![no_main]

use crossfoot::report::yaml::{parse_fast, parse_tree_saphyr};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    for max_depth in [64, 3] {
        if let Some(fast) = parse_fast(&text, max_depth) {
            match parse_tree_saphyr(&text, max_depth) {
                Ok(slow) => assert_eq!(fast, slow, "trees differ (max_depth {max_depth})"),
                Err(e) => panic!("fast reader accepted what saphyr rejects: {e:?}"),
            }
        }
    }
});

//! A fast hasher for the lookup tables built per report and per evaluation (row names, codes,
//! addresses of syntax nodes). FxHash's multiply-rotate: the keys come from the report and the
//! pack, which cannot mount a collision attack worth SipHash's cost on a hot path.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

#[derive(Default, Clone, Copy)]
pub struct FastHasher(u64);

const K: u64 = 0x51_7c_c1_b7_27_22_0a_95;

impl Hasher for FastHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            let mut b = [0u8; 8];
            b.copy_from_slice(c);
            self.add(u64::from_le_bytes(b));
        }
        let rest = chunks.remainder();
        if !rest.is_empty() {
            let mut b = [0u8; 8];
            b[..rest.len()].copy_from_slice(rest);
            self.add(u64::from_le_bytes(b) ^ ((rest.len() as u64) << 56));
        }
    }
    fn write_u8(&mut self, n: u8) {
        self.add(u64::from(n));
    }
    fn write_u32(&mut self, n: u32) {
        self.add(u64::from(n));
    }
    fn write_u64(&mut self, n: u64) {
        self.add(n);
    }
    fn write_usize(&mut self, n: usize) {
        self.add(n as u64);
    }
}

impl FastHasher {
    #[inline]
    fn add(&mut self, n: u64) {
        self.0 = (self.0.rotate_left(5) ^ n).wrapping_mul(K);
    }
}

pub type BuildFastHasher = BuildHasherDefault<FastHasher>;
pub type FastMap<K, V> = HashMap<K, V, BuildFastHasher>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn maps_work_with_strings_and_numbers() {
        let mut m: FastMap<String, u32> = FastMap::default();
        for (i, k) in ["本年收入合计", "本年支出合计", "总计", "", "a"]
            .iter()
            .enumerate()
        {
            m.insert(k.to_string(), i as u32);
        }
        assert_eq!(m.get("总计"), Some(&2));
        assert_eq!(m.get(""), Some(&3));
        assert_eq!(m.get("b"), None);
    }
}

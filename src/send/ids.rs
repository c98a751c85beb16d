//! Ids, numbers and names that look like MyOperator's, from one seeded generator:
//! the same `--seed` gives the same bytes on every machine.
//!
//! The shapes are the ones MyOperator's samples show: 16-hex ids whose first 8 hex
//! digits are an epoch (`_ai`, `id`, `company_id`, agent ids), call uids and
//! session ids `<host>.<epoch>.<seq>`, time-based UUIDs for OBD references, v2
//! event ids `event-<16 hex>`, Indian mobile numbers with `91`.

/// splitmix64: small, fast, and the same sequence everywhere.
#[derive(Debug, Clone)]
pub struct Random(u64);

impl Random {
    pub fn new(seed: u64) -> Self {
        Self(seed)
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `0..n` (0 when `n` is 0).
    pub fn below(&mut self, n: u64) -> u64 {
        self.next_u64() % n.max(1)
    }

    /// [`Random::below`] a small `n`, as seconds or milliseconds to add.
    pub fn offset_below(&mut self, n: u32) -> i64 {
        i64::try_from(self.below(u64::from(n))).unwrap_or(0)
    }

    /// True with probability `p` (0 to 1).
    pub fn chance(&mut self, p: f64) -> bool {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64 <= p && p > 0.0
    }

    /// `n` hex digits.
    pub fn hex(&mut self, n: usize) -> String {
        let mut out = String::with_capacity(n);
        while out.len() < n {
            out.push_str(&format!("{:016x}", self.next_u64()));
        }
        out.truncate(n);
        out
    }

    /// A 16-hex id whose first 8 hex digits are `epoch`.
    pub fn hex_id(&mut self, epoch: i64) -> String {
        format!("{:08x}{}", epoch.clamp(0, i64::from(u32::MAX)), self.hex(8))
    }

    /// A call uid, also a v2 session id: `n2.1596270949.2175190`.
    pub fn call_uid(&mut self, epoch: i64) -> String {
        let host = ["n", "s"][self.below(2) as usize];
        format!(
            "{host}{}.{epoch}.{}",
            1 + self.below(9),
            1_000_000 + self.below(9_000_000)
        )
    }

    /// A time-based (version 1) UUID, as OBD references are.
    pub fn time_uuid(&mut self) -> String {
        let h = self.hex(32);
        format!(
            "{}-{}-1{}-{}-{}",
            &h[..8],
            &h[8..12],
            &h[13..16],
            &h[16..20],
            &h[20..32]
        )
    }

    /// `91` and a ten-digit Indian mobile number starting 6 to 9.
    pub fn mobile(&mut self) -> String {
        format!("91{}", 6_000_000_000 + self.below(4_000_000_000))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_same_seed_gives_the_same_ids() {
        let (mut a, mut b) = (Random::new(7), Random::new(7));
        assert_eq!(a.hex_id(1_596_270_949), b.hex_id(1_596_270_949));
        assert_ne!(Random::new(8).hex(16), Random::new(7).hex(16));
    }

    #[test]
    fn shapes_are_myoperator_s() {
        let mut r = Random::new(1);
        let id = r.hex_id(1_596_270_949);
        assert!(id.starts_with("5f252965") && id.len() == 16, "{id}");
        let uid = r.call_uid(1_596_270_949);
        let parts: Vec<&str> = uid.split('.').collect();
        assert_eq!(parts.len(), 3, "{uid}");
        assert_eq!(parts[1], "1596270949");
        let uuid = r.time_uuid();
        assert_eq!(uuid.len(), 36);
        assert_eq!(&uuid[14..15], "1", "{uuid}");
        let m = r.mobile();
        assert!(m.len() == 12 && m.starts_with("91") && m.as_bytes()[2] >= b'6', "{m}");
        assert!((0..1000).all(|_| r.below(3) < 3));
        assert!(!r.chance(0.0));
        assert!(r.chance(1.0));
    }
}

//! [`Tap`]: what a circuit input reads from the episode so far. The design
//! is documented in [`crate::circuit`].

use std::fmt;

use crate::error::{Error, Result};

/// One input of a circuit: a feature of the episode so far.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub enum Tap {
    /// The bit `i` back: `Lag(1)` is the last bit. 0 while the episode has
    /// fewer than `i` bits (the missing past is zeros). `1 ≤ i ≤` [`MAX_LAG`].
    Lag(usize),
    /// The bit that followed the most recent earlier occurrence, in this
    /// episode, of the current length-`k` suffix; 0 when there is none (and
    /// while the episode has fewer than `k` bits). `1 ≤ k ≤`
    /// [`MAX_SUFFIX`].
    Induction(usize),
    /// Whether the current length-`k` suffix occurred earlier in this
    /// episode with a bit after it: 1 when [`Induction(k)`](Tap::Induction)
    /// reads a real bit.
    Seen(usize),
    /// The majority bit of the episode so far: 1 when more than half its
    /// bits are ones (0 on a tie and at the start).
    Majority,
}

/// Longest lag a [`Tap::Lag`] reads.
pub const MAX_LAG: usize = 64;

/// Longest suffix a [`Tap::Induction`] or [`Tap::Seen`] matches: its table
/// holds `2^k` entries.
pub const MAX_SUFFIX: usize = 16;

impl Tap {
    /// The last `k` bits, `x1` the most recent: the default inputs.
    pub fn lags(k: usize) -> Vec<Tap> {
        (1..=k).map(Tap::Lag).collect()
    }

    /// Checks the tap's parameter.
    pub(crate) fn validate(self) -> Result<()> {
        let (what, value, max) = match self {
            Tap::Lag(i) => ("tap lag", i, MAX_LAG),
            Tap::Induction(k) | Tap::Seen(k) => ("tap suffix length", k, MAX_SUFFIX),
            Tap::Majority => return Ok(()),
        };
        if (1..=max).contains(&value) {
            Ok(())
        } else {
            Err(Error::InvalidSize {
                what,
                expected: if max == MAX_LAG {
                    "from 1 to 64 (MAX_LAG)"
                } else {
                    "from 1 to 16 (MAX_SUFFIX)"
                },
                value,
            })
        }
    }
}

impl fmt::Display for Tap {
    /// `x3` for the bit three back (the name circuits use for the last bits),
    /// `ind2`, `seen2`, `maj`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Tap::Lag(i) => write!(f, "x{i}"),
            Tap::Induction(k) => write!(f, "ind{k}"),
            Tap::Seen(k) => write!(f, "seen{k}"),
            Tap::Majority => write!(f, "maj"),
        }
    }
}

/// The episode state the taps read, updated one bit at a time in O(taps).
#[derive(Debug)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub(crate) struct TapState {
    taps: Vec<Tap>,
    /// The last 64 bits, the most recent in bit 0.
    recent: u64,
    bits: u64,
    ones: u64,
    /// Per suffix length `k` in use: `next[s]` is 0 if suffix `s` has not
    /// been followed by a bit yet, else 1 + the bit that last followed it.
    suffixes: Vec<(usize, Vec<u8>)>,
    /// Whether the taps are exactly `Lag(1..=k)` (the context is then a
    /// shift register, as before taps).
    plain: bool,
}

impl Clone for TapState {
    fn clone(&self) -> Self {
        Self {
            taps: self.taps.clone(),
            recent: self.recent,
            bits: self.bits,
            ones: self.ones,
            suffixes: self.suffixes.clone(),
            plain: self.plain,
        }
    }

    /// Reuses the buffers (a planner restores models once per simulation).
    fn clone_from(&mut self, source: &Self) {
        self.taps.clone_from(&source.taps);
        self.recent = source.recent;
        self.bits = source.bits;
        self.ones = source.ones;
        self.suffixes.clone_from(&source.suffixes);
        self.plain = source.plain;
    }
}

impl TapState {
    /// Fails for a tap out of range.
    pub(crate) fn new(taps: &[Tap]) -> Result<Self> {
        for tap in taps {
            tap.validate()?;
        }
        let mut lengths: Vec<usize> = taps
            .iter()
            .filter_map(|t| match *t {
                Tap::Induction(k) | Tap::Seen(k) => Some(k),
                _ => None,
            })
            .collect();
        lengths.sort_unstable();
        lengths.dedup();
        Ok(Self {
            plain: taps.iter().enumerate().all(|(i, &t)| t == Tap::Lag(i + 1)),
            taps: taps.to_vec(),
            recent: 0,
            bits: 0,
            ones: 0,
            suffixes: lengths.into_iter().map(|k| (k, vec![0; 1 << k])).collect(),
        })
    }

    pub(crate) fn taps(&self) -> &[Tap] {
        &self.taps
    }

    /// Whether the taps are the last `k` bits in order.
    pub(crate) fn is_plain(&self) -> bool {
        self.plain
    }

    /// Forgets the episode.
    pub(crate) fn restart(&mut self) {
        self.recent = 0;
        self.bits = 0;
        self.ones = 0;
        for (_, table) in &mut self.suffixes {
            table.fill(0);
        }
    }

    /// Records the next bit.
    pub(crate) fn push(&mut self, bit: bool) {
        for (k, table) in &mut self.suffixes {
            if self.bits >= *k as u64 {
                let suffix = (self.recent & ((1u64 << *k) - 1)) as usize;
                table[suffix] = 1 + u8::from(bit);
            }
        }
        self.recent = (self.recent << 1) | u64::from(bit);
        self.bits += 1;
        self.ones += u64::from(bit);
    }

    /// The induction table entry of the current length-`k` suffix.
    fn induction(&self, k: usize) -> u8 {
        if self.bits < k as u64 {
            return 0;
        }
        let table = &self
            .suffixes
            .iter()
            .find(|(length, _)| *length == k)
            .expect("a table per suffix length in use")
            .1;
        table[(self.recent & ((1u64 << k) - 1)) as usize]
    }

    /// The value of one tap now.
    pub(crate) fn value(&self, tap: Tap) -> bool {
        match tap {
            Tap::Lag(i) => self.bits >= i as u64 && (self.recent >> (i - 1)) & 1 == 1,
            Tap::Induction(k) => self.induction(k) == 2,
            Tap::Seen(k) => self.induction(k) != 0,
            Tap::Majority => 2 * self.ones > self.bits,
        }
    }

    /// The circuit inputs now: tap `i` in bit `i`.
    pub(crate) fn context(&self) -> usize {
        if self.plain {
            return (self.recent & ((1u64 << self.taps.len()) - 1)) as usize;
        }
        self.taps
            .iter()
            .enumerate()
            .fold(0, |c, (i, &tap)| c | (usize::from(self.value(tap)) << i))
    }
}

/// Rewrites a circuit's input names `x1`, `x2`, … as the taps' names.
pub(crate) fn rename_inputs(expression: &str, taps: &[Tap]) -> String {
    let mut out = String::with_capacity(expression.len());
    let mut chars = expression.chars().peekable();
    let mut previous_is_word = false;
    while let Some(c) = chars.next() {
        let tap = chars
            .peek()
            .and_then(|d| d.to_digit(10))
            .and_then(|d| (d as usize).checked_sub(1))
            .and_then(|i| taps.get(i));
        if let (Some(tap), 'x', false) = (tap, c, previous_is_word) {
            chars.next();
            out.push_str(&tap.to_string());
            previous_is_word = true;
            continue;
        }
        previous_is_word = c.is_alphanumeric();
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    // Each tap against its definition: `tests/circuit.rs`
    // (`mixtures_over_taps_equal_the_direct_sum`), through the mixture.

    #[test]
    fn restart_forgets_the_episode() {
        let mut state = TapState::new(&[Tap::Induction(1), Tap::Seen(1), Tap::Majority]).unwrap();
        for bit in [true, true, true] {
            state.push(bit);
        }
        assert_eq!(state.context(), 0b111);
        state.restart();
        assert_eq!(state.context(), 0);
        state.push(true);
        assert_eq!(state.context(), 0b100); // seen nothing yet; majority one
    }

    #[test]
    fn names_are_rewritten_once() {
        let taps = [Tap::Lag(2), Tap::Induction(2), Tap::Lag(1)];
        assert_eq!(
            rename_inputs("g1 = x1 & x3; out = !(g1 ^ x2)", &taps),
            "g1 = x2 & x1; out = !(g1 ^ ind2)"
        );
        assert_eq!(rename_inputs("x0 x9 max1", &taps), "x0 x9 max1");
    }
}

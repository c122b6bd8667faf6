//! A context-tree node: its KT counts and the odds of its estimate against
//! its children's, in linear or log form, in 16 bytes.

use crate::baseline::kt_estimate;

/// Flag bit in `counts[1]`: the node's `odds` field holds `ln r`, not `r`.
pub(super) const LOG_MODE: u32 = 1 << 31;
/// Counts are 31 bits; they saturate there.
pub(super) const COUNT_MASK: u32 = LOG_MODE - 1;
/// Linear odds outside `[1/ODDS_LIMIT, ODDS_LIMIT]` switch a node to log mode.
pub(super) const ODDS_LIMIT: f64 = f64::from_bits((1023 + 860) << 52);
/// A node in log mode returns to linear odds once `|ln r|` falls below this.
pub(super) const LOG_RETURN: f64 = 500.0;

/// A context-tree node's statistics: 16 bytes. Its child slots live in a
/// separate array (8 more bytes), so the walk down the tree touches only
/// those and the statistics of the whole path load in parallel afterwards.
#[derive(Debug, Clone, Copy)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub(super) struct Node {
    /// `r = P_e(s) / (P_w(0s) · P_w(1s))`, or `ln r` in log mode; unused at
    /// depth `D`.
    pub odds: f64,
    /// Zeros and ones seen in this context (31 bits each); bit 31 of
    /// `counts[1]` is [`LOG_MODE`].
    pub counts: [u32; 2],
}

/// A node's child slots, each `ABSENT`, a node index, or a `SINGLETON`
/// tag, indexed by the next older bit of the context.
pub(super) type Children = [u32; 2];

impl Node {
    /// A node that has seen nothing.
    pub(super) const EMPTY: Node = Node {
        odds: 1.0,
        counts: [0, 0],
    };

    /// A node that has seen `bit` once: `P_e = 1/2` and `P_w(child) = 1/2`
    /// on the one path below it, so `r = 1`.
    pub(super) fn seen_once(bit: bool) -> Self {
        let mut node = Self::EMPTY;
        node.counts[usize::from(bit)] = 1;
        node
    }

    #[inline]
    pub(super) fn count(&self, bit: usize) -> u32 {
        self.counts[bit] & COUNT_MASK
    }

    /// `n0 + n1 + 1`: the KT estimator's denominator.
    #[inline]
    pub(super) fn kt_denominator(&self) -> f64 {
        f64::from(self.count(0)) + f64::from(self.count(1)) + 1.0
    }

    #[inline]
    pub(super) fn is_log_mode(&self) -> bool {
        self.counts[1] & LOG_MODE != 0
    }

    /// KT estimate of `P(1)` in this context.
    #[inline]
    pub(super) fn kt_one(&self) -> f64 {
        kt_estimate(self.count(0), self.count(1))
    }

    /// The weighted `P(1)` at this node is `a + b · p_child`, where `p_child`
    /// is the child's on the path; returns `(a, b)`. In linear mode
    /// `a = r·kt / (1 + r)` and `b = 1 / (1 + r)`. Keeping the division out
    /// of the chain from the deepest node to the root leaves one
    /// multiply-add on it per level.
    #[inline]
    pub(super) fn mix_coefficients(&self) -> (f64, f64) {
        let ones = f64::from(self.count(1)) + 0.5;
        let n = self.kt_denominator();
        if !self.is_log_mode() {
            let r = self.odds;
            let scale = 1.0 / ((1.0 + r) * n);
            (r * ones * scale, n * scale)
        } else if self.odds > 0.0 {
            // r > e^500: the child's share is below f64's resolution.
            (ones / n, 0.0)
        } else {
            (0.0, 1.0)
        }
    }

    /// Bayes' rule on the odds after `bit`, given the child's probability
    /// of that bit; then counts the bit.
    #[inline]
    pub(super) fn learn(&mut self, bit: usize, child_p: f64) {
        let factor = (f64::from(self.count(bit)) + 0.5) / (self.kt_denominator() * child_p);
        if !self.is_log_mode() {
            let r = self.odds * factor;
            if (1.0 / ODDS_LIMIT..=ODDS_LIMIT).contains(&r) {
                self.odds = r;
            } else {
                self.odds = r.ln();
                self.counts[1] |= LOG_MODE;
            }
        } else {
            let log_r = self.odds + factor.ln();
            if log_r.abs() < LOG_RETURN {
                self.odds = log_r.exp();
                self.counts[1] &= COUNT_MASK;
            } else {
                self.odds = log_r;
            }
        }
        self.count_bit(bit);
    }

    #[inline]
    pub(super) fn count_bit(&mut self, bit: usize) {
        if self.count(bit) < COUNT_MASK {
            self.counts[bit] += 1;
        }
    }
}

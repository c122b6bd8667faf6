//! [`MarkovKt`]: the Bayes predictor of order-`k` Markov sources.

use crate::error::{Error, Result};
use crate::predictor::Predictor;

/// A KT estimator per context of the last `k` bits: the Bayes mixture of
/// every order-`k` Markov source (each context's bias under the Jeffreys
/// prior, independently). CTW of depth `k` mixes this full tree with every
/// smaller one; this is the single full tree, the reference "order-`k`
/// Bayes" of a fingerprint panel.
///
/// Before `k` bits have been seen the missing past is zeros (the rule of
/// [`Ctw::new`](crate::Ctw::new)).
///
/// ```
/// use inductive::baseline::MarkovKt;
/// use inductive::prelude::*;
///
/// let mut order_1 = MarkovKt::new(1)?;
/// order_1.observe([true, false, true, false, true, false]);
/// // After a one, a zero came three times out of three: (0 + ½) / (3 + 1).
/// order_1.update(true);
/// assert_eq!(order_1.predict(), 0.5 / 4.0);
/// # Ok::<(), inductive::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct MarkovKt {
    order: usize,
    /// `counts[c]`: zeros and ones seen after context `c`.
    counts: Vec<[u32; 2]>,
    /// The last `k` bits, the most recent in bit 0.
    context: usize,
}

impl MarkovKt {
    /// Largest order: `2^20` contexts, 8 MiB of counts.
    pub const MAX_ORDER: usize = 20;

    /// A KT estimator per context of the last `order` bits; fails for an
    /// order above [`MAX_ORDER`](Self::MAX_ORDER) (order 0 is plain KT).
    pub fn new(order: usize) -> Result<Self> {
        if order > Self::MAX_ORDER {
            return Err(Error::InvalidSize {
                what: "Markov order",
                expected: "at most 20 (MarkovKt::MAX_ORDER)",
                value: order,
            });
        }
        Ok(Self {
            order,
            counts: vec![[0; 2]; 1 << order],
            context: 0,
        })
    }

    /// The order `k`.
    pub fn order(&self) -> usize {
        self.order
    }
}

impl MarkovKt {
    /// Appends `bit` to the history without learning from it.
    pub(crate) fn condition_bit(&mut self, bit: bool) {
        self.context = ((self.context << 1) | usize::from(bit)) & ((1 << self.order) - 1);
    }
}

impl Predictor for MarkovKt {
    fn predict(&self) -> f64 {
        let [n0, n1] = self.counts[self.context];
        super::kt_estimate(n0, n1)
    }

    fn update(&mut self, bit: bool) {
        let count = &mut self.counts[self.context][usize::from(bit)];
        // Saturate rather than wrap: past 2^32 bits of one context the
        // estimate no longer moves.
        *count = count.saturating_add(1);
        self.condition_bit(bit);
    }

    /// One chain for every episode: the counts persist, and the context
    /// restarts from the zero past.
    fn end_episode(&mut self) {
        self.context = 0;
    }
}

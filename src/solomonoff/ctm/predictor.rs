//! [`Ctm`]: `D(n)` as a sequence predictor, through a suffix automaton of
//! its outputs, mixed with a uniform code.

use std::fmt;
use std::sync::Arc;

use super::distribution::OutputDistribution;
use crate::error::{Error, Result};
use crate::predictor::Predictor;

/// The outputs of `D(n)` as an Aho–Corasick automaton: a trie of every
/// output whose state after a history is the longest suffix of the history
/// that begins some output, so a bit costs O(1) however long the history.
#[derive(Debug)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
struct SuffixAutomaton {
    /// `next[v][bit]`: the state after `bit` in state `v` (0 is the root).
    next: Vec<[u32; 2]>,
    /// `mass[v][bit]`: count of the outputs that begin with `v`'s string
    /// followed by `bit`.
    mass: Vec<[u64; 2]>,
    /// The longest suffix of `v`'s string that some output extends (it
    /// predicts in state `v`).
    predicting: Vec<u32>,
}

impl SuffixAutomaton {
    fn new(distribution: &OutputDistribution) -> Self {
        const NONE: u32 = u32::MAX;
        let mut child: Vec<[u32; 2]> = vec![[NONE; 2]];
        let mut mass: Vec<[u64; 2]> = vec![[0; 2]];
        for (output, count) in distribution.iter() {
            let mut v = 0usize;
            for c in output.bytes() {
                let bit = usize::from(c == b'1');
                mass[v][bit] += count;
                if child[v][bit] == NONE {
                    child[v][bit] = child.len() as u32;
                    child.push([NONE; 2]);
                    mass.push([0; 2]);
                }
                v = child[v][bit] as usize;
            }
        }
        // Breadth first: a state's failure link is shallower than itself.
        let mut next = vec![[0u32; 2]; child.len()];
        let mut fail = vec![0u32; child.len()];
        let mut predicting = vec![0u32; child.len()];
        let mut queue = std::collections::VecDeque::from([0u32]);
        while let Some(v) = queue.pop_front() {
            let v = v as usize;
            let f = fail[v] as usize;
            predicting[v] = if v == 0 || mass[v] != [0, 0] {
                v as u32
            } else {
                predicting[f]
            };
            for bit in 0..2 {
                let c = child[v][bit];
                if c == NONE {
                    next[v][bit] = if v == 0 { 0 } else { next[f][bit] };
                } else {
                    next[v][bit] = c;
                    fail[c as usize] = if v == 0 { 0 } else { next[f][bit] };
                    queue.push_back(c);
                }
            }
        }
        Self {
            next,
            mass,
            predicting,
        }
    }

    /// `P(1)` in state `v`: the share of the outputs extending the longest
    /// suffix that some output extends, that continue with a 1.
    fn one(&self, v: u32) -> f64 {
        let [zero, one] = self.mass[self.predicting[v as usize] as usize];
        if zero + one == 0 {
            0.5
        } else {
            one as f64 / (zero + one) as f64
        }
    }
}

/// A predictor from `D(n)`, completed to a code in which every sequence has
/// a finite length.
///
/// It is a Bayesian mixture of two hypotheses:
/// - **`D(n)`**: the next bit continues a halting output that begins with
///   the history, in proportion to how many runs write it. When no output
///   extends the history, it conditions on the longest suffix of the
///   history that some output extends (down to the empty suffix, the
///   frequency of a leading 1). This hypothesis can be certain, and a bit
///   it rules out rules it out.
/// - **a uniform code**, one bit per bit, for the strings outside `D(n)`:
///   the completion the block decomposition method (Zenil et al., 2018)
///   uses for what the machines do not produce.
///
/// The prior weight of the uniform code is the share of runs that do not
/// halt within the budget ([`Ctm::new`]) or a chosen escape weight
/// ([`Ctm::with_escape`]), so every code length is at most
/// `n − log2(escape)` bits for `n` bits. The automaton behind the first
/// hypothesis makes an update O(1).
///
/// **A floor on the uniform code, a departure from exact Bayes.** While
/// `D(n)` is certain and right, the uniform code's posterior halves with
/// every bit; below `2^-53` the mixed prediction would round to certainty
/// in `f64`, and the next surprise would cost infinitely many bits (on
/// `110` repeated, `D(2)` did so at bit 150). The uniform code's posterior
/// is therefore kept at least [`MIN_ESCAPE`](Ctm::MIN_ESCAPE), `2^-40`:
/// a surprise costs at most 41 bits, `D(n)` pays at most `2^-40/ln 2`
/// bits per bit for it, and the bound above still holds, since the floor
/// only raises the uniform code's weight.
///
/// ```
/// use inductive::prelude::*;
/// use inductive::solomonoff::ctm::{Ctm, OutputDistribution};
///
/// let d = OutputDistribution::enumerate(2, 100)?;
/// let mut ctm = Ctm::new(d);
/// ctm.observe([true, true, true]);
/// assert!(ctm.predict() > 0.5); // runs of ones are simple
/// // 0101… is no output of 2 states: it costs at most a bit per bit, plus the escape.
/// let bits: Vec<bool> = (0..1000).map(|t| t % 2 == 1).collect();
/// let mut fresh = Ctm::new(OutputDistribution::enumerate(2, 100)?);
/// assert!(fresh.observe(&bits) <= 1000.0 - fresh.escape().log2() + 1e-9);
/// # Ok::<(), inductive::Error>(())
/// ```
#[derive(Clone)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct Ctm {
    distribution: Arc<OutputDistribution>,
    automaton: Arc<SuffixAutomaton>,
    escape: f64,
    state: u32,
    /// Natural-log posterior weights of `D(n)` and of the uniform code.
    #[cfg_attr(feature = "serde", serde(with = "crate::serde_float::pair"))]
    log_weights: [f64; 2],
    prediction: f64,
}

impl Ctm {
    /// A predictor conditioned on `distribution`, whose uniform code gets
    /// the share of runs that do not halt within the budget (at least
    /// `2^-40`).
    pub fn new(distribution: OutputDistribution) -> Self {
        let halting = distribution.halting() as f64 / distribution.runs() as f64;
        let escape = (1.0 - halting).max(Self::MIN_ESCAPE);
        Self::build(distribution, escape)
    }

    /// A predictor conditioned on `distribution`, with prior weight
    /// `escape` on the uniform code; fails unless `2^-40 <= escape <= 1`.
    pub fn with_escape(distribution: OutputDistribution, escape: f64) -> Result<Self> {
        if !(Self::MIN_ESCAPE..=1.0).contains(&escape) {
            return Err(Error::InvalidParameter {
                what: "CTM escape weight",
                expected: "in [2^-40, 1] (0 would give strings outside D(n) infinite code lengths)",
                value: escape,
            });
        }
        Ok(Self::build(distribution, escape))
    }

    /// Smallest escape weight: a sequence outside `D(n)` costs at most 40
    /// bits more than its length.
    pub const MIN_ESCAPE: f64 = 1.0 / (1u64 << 40) as f64;

    fn build(distribution: OutputDistribution, escape: f64) -> Self {
        let automaton = SuffixAutomaton::new(&distribution);
        let mut ctm = Self {
            distribution: Arc::new(distribution),
            automaton: Arc::new(automaton),
            escape,
            state: 0,
            log_weights: [(1.0 - escape).ln(), escape.ln()],
            prediction: 0.5,
        };
        ctm.prediction = ctm.mix();
        ctm
    }

    /// The distribution it conditions on.
    pub fn distribution(&self) -> &OutputDistribution {
        &self.distribution
    }

    /// The prior weight of the uniform code.
    pub fn escape(&self) -> f64 {
        self.escape
    }

    /// Posterior weight of the `D(n)` hypothesis (the rest is the uniform
    /// code's); 0 once a bit it ruled out came.
    pub fn posterior(&self) -> f64 {
        self.log_weights[0].exp()
    }

    fn mix(&self) -> f64 {
        let [d, u] = self.log_weights.map(f64::exp);
        (d * self.automaton.one(self.state) + u * 0.5).clamp(0.0, 1.0)
    }
}

impl Predictor for Ctm {
    fn predict(&self) -> f64 {
        self.prediction
    }

    fn update(&mut self, bit: bool) {
        let one = self.automaton.one(self.state);
        let likelihood = if bit { one } else { 1.0 - one };
        self.log_weights[0] += likelihood.ln();
        self.log_weights[1] += 0.5f64.ln();
        crate::logspace::normalize(&mut self.log_weights);
        // The floor on the uniform code's weight (see the type's docs).
        if self.log_weights[1] < Self::MIN_ESCAPE.ln() {
            self.log_weights = [(-Self::MIN_ESCAPE).ln_1p(), Self::MIN_ESCAPE.ln()];
        }
        self.state = self.automaton.next[self.state as usize][usize::from(bit)];
        self.prediction = self.mix();
    }

    /// A new string begins: the automaton returns to the empty history,
    /// and the posterior of `D(n)` against the uniform code persists (what
    /// earlier episodes said about whether small machines explain the
    /// family).
    fn end_episode(&mut self) {
        self.state = 0;
        self.prediction = self.mix();
    }
}

impl fmt::Debug for Ctm {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Ctm")
            .field("states", &self.distribution.states())
            .field("escape", &self.escape)
            .field("posterior", &self.posterior())
            .field("prediction", &self.prediction)
            .finish()
    }
}

//! [`CircuitMixture`]: the Bayesian mixture over circuit-computed functions.

use std::fmt;
use std::sync::Arc;

use ndarray::Array1;

use crate::circuit::tap::{TapState, rename_inputs};
use crate::circuit::{Circuit, Enumeration, FunctionPrior, Leaf, Tap, prior};
use crate::error::{Error, Result};
use crate::logspace::normalize;
use crate::predictor::EpisodePrior;
use crate::predictor::{Hypothesis, Predictor};

/// Weights are rescaled (recomputed exactly from counts) once their sum
/// falls below this: far above `f64`'s underflow, far below any weight that
/// still matters.
const RESCALE_BELOW: f64 = 1e-150;

/// The running sums of [`EpisodePrior::Pooled`].
#[derive(Debug, Clone)]
struct Pool {
    concentration: f64,
    episodes: f64,
    posteriors: Array1<f64>,
}

/// Immutable data shared between forks.
#[derive(Debug)]
struct Hypotheses {
    inputs: usize,
    /// Every function of `inputs` variables, in truth-table order: function
    /// `i` has table `i`, so the update needs no table lookups.
    complete: bool,
    tables: Vec<u64>,
    circuits: Vec<Circuit>,
    log_prior: Array1<f64>,
}

#[derive(Debug, Clone)]
enum LeafState {
    Noisy {
        eps: f64,
    },
    Learning {
        /// `cells[f][output][bit]`: bits seen where function `f` gave `output`.
        cells: Vec<[[u32; 2]; 2]>,
        /// `ln_half[n] = Σ_{i<n} ln(i + ½)`, grown as counts grow up to
        /// [`TABLE_LIMIT`] entries; larger counts use `lnΓ` (the tables
        /// would otherwise grow 24 bytes a bit for ever).
        ln_half: Vec<f64>,
        /// `ln_factorial[n] = ln n!`.
        ln_factorial: Vec<f64>,
        /// `reciprocal[n] = 1 / (n + 1)`, the KT denominator.
        reciprocal: Vec<f64>,
    },
}

/// A Bayesian mixture over Boolean functions of the last `k` bits, each
/// weighted by the circuit-size prior of an [`Enumeration`] and turned into
/// a predictor by a [`Leaf`] model.
///
/// Before `k` bits have been seen, the missing past is zeros (the same rule
/// as [`Ctw::new`](crate::Ctw::new)). Input `x1` of every circuit is the
/// most recent bit.
///
/// ```
/// use inductive::circuit::{Basis, CircuitMixture, Enumeration, FunctionPrior, Leaf};
/// use inductive::prelude::*;
///
/// // Every function of the last 3 bits (all need at most 4 gates).
/// let all = Enumeration::smallest(3, &Basis::Full, 4)?;
/// let mut mixture = CircuitMixture::new(&all, FunctionPrior::SmallestCircuit, Leaf::Noisy(0.05))?;
///
/// // next = x1 XOR x3 (the last bit XOR the one three back).
/// let mut bits = vec![true, false, true];
/// for t in 3..200 {
///     let next = bits[t - 1] ^ bits[t - 3];
///     bits.push(next);
/// }
/// mixture.observe(&bits);
/// let best = &mixture.explain(1)[0];
/// assert_eq!(best.description, "out = x1 ^ x3");
/// assert!(best.weight > 0.99);
/// # Ok::<(), inductive::Error>(())
/// ```
#[derive(Clone)]
pub struct CircuitMixture {
    hypotheses: Arc<Hypotheses>,
    /// Natural-log prior in force: the circuit prior, updated by every ended
    /// episode.
    log_prior: Array1<f64>,
    /// `Some` under [`EpisodePrior::Pooled`].
    pool: Option<Pool>,
    leaf: LeafState,
    /// Linear weights: prior × likelihood, up to one common factor.
    weights: Array1<f64>,
    /// `context_counts[c][bit]`: bits seen after context `c`.
    context_counts: Vec<[u32; 2]>,
    /// What the inputs read, and the episode state they read it from.
    taps: TapState,
    /// The inputs now: tap `i` in bit `i`.
    context: usize,
    steps: u64,
    prediction: f64,
}

impl CircuitMixture {
    /// Mixes the functions of `enumeration` under `prior` with the given
    /// leaf model. Fails for `Leaf::Noisy(ε)` with `ε` outside
    /// `[`[`Leaf::MIN_NOISE`]`, 1/2]`,
    /// for the sum prior over an enumeration that did not count circuits,
    /// and for an empty enumeration.
    pub fn new(enumeration: &Enumeration, prior: FunctionPrior, leaf: Leaf) -> Result<Self> {
        let log_prior = prior::log_prior(enumeration, prior)?;
        let count = log_prior.len();
        let leaf = match leaf {
            Leaf::Noisy(eps) => {
                if !(Leaf::MIN_NOISE..=0.5).contains(&eps) {
                    return Err(Error::InvalidParameter {
                        what: "leaf noise ε",
                        expected: "in [2^-40, 1/2] (a smaller ε rounds 1 − ε to certainty)",
                        value: eps,
                    });
                }
                LeafState::Noisy { eps }
            }
            Leaf::Learning => LeafState::Learning {
                cells: vec![[[0; 2]; 2]; count],
                ln_half: vec![0.0],
                ln_factorial: vec![0.0],
                reciprocal: vec![1.0],
            },
        };
        // Hypotheses in truth-table order, so that a complete set needs no
        // table lookups in the update.
        let functions = enumeration.functions();
        let mut order: Vec<usize> = (0..count).collect();
        order.sort_by_key(|&i| functions[i].table);
        let inputs = enumeration.inputs();
        let complete = inputs <= 4 && count == 1 << (1 << inputs);
        let hypotheses = Hypotheses {
            inputs,
            complete,
            tables: order.iter().map(|&i| functions[i].table).collect(),
            circuits: order
                .iter()
                .map(|&i| functions[i].witness.clone())
                .collect(),
            log_prior: order.iter().map(|&i| log_prior[i]).collect(),
        };
        let mut mixture = Self {
            log_prior: hypotheses.log_prior.clone(),
            pool: None,
            leaf,
            weights: Array1::zeros(count),
            context_counts: vec![[0; 2]; 1 << hypotheses.inputs],
            taps: TapState::new(&Tap::lags(inputs))?,
            hypotheses: Arc::new(hypotheses),
            context: 0,
            steps: 0,
            prediction: 0.5,
        };
        mixture.recompute_weights();
        mixture.prediction = mixture.predict_from_weights();
        Ok(mixture)
    }

    /// Number of hypotheses (functions).
    pub fn len(&self) -> usize {
        self.hypotheses.tables.len()
    }

    /// Whether there are no hypotheses (never: construction refuses it).
    pub fn is_empty(&self) -> bool {
        self.hypotheses.tables.is_empty()
    }

    /// Number of inputs `k`: the mixture reads the last `k` bits.
    pub fn inputs(&self) -> usize {
        self.hypotheses.inputs
    }

    /// Truth tables of the hypotheses, in increasing order: the order of
    /// [`posterior`](Self::posterior) and [`log_prior`](Self::log_prior).
    pub fn tables(&self) -> &[u64] {
        &self.hypotheses.tables
    }

    /// Posterior probability of every hypothesis, in truth-table order.
    pub fn posterior(&self) -> Array1<f64> {
        let total = self.weights.sum();
        self.weights.mapv(|w| w / total)
    }

    /// Natural-log prior in force for every hypothesis, in truth-table
    /// order: the circuit prior, updated by every ended episode.
    pub fn log_prior(&self) -> &Array1<f64> {
        &self.log_prior
    }

    /// What the circuits' inputs read: input `x{i+1}` reads `taps[i]`
    /// (default: the last `k` bits, [`Tap::lags`]).
    pub fn taps(&self) -> &[Tap] {
        self.taps.taps()
    }

    /// Makes input `x{i+1}` of every circuit read `taps[i]` instead of the
    /// bit `i + 1` back: circuits over lags, induction heads, and the
    /// episode's majority (see [`Tap`]). Fails unless there is one tap per
    /// input, each in range, chosen before the episode's first bit.
    ///
    /// ```
    /// use inductive::circuit::{Basis, CircuitMixture, Enumeration, FunctionPrior, Leaf, Tap};
    /// use inductive::prelude::*;
    ///
    /// let all = Enumeration::smallest(2, &Basis::Full, 2)?;
    /// let mut mixture = CircuitMixture::new(&all, FunctionPrior::SmallestCircuit, Leaf::Noisy(0.05))?
    ///     .with_taps(&[Tap::Induction(2), Tap::Seen(2)])?;
    /// // An order-2 rule no circuit names: `next = x2`, period 4. The top
    /// // circuits copy what followed the last two bits before.
    /// mixture.observe([true, true, false, false, true, true, false, false, true, true, false]);
    /// assert!(mixture.explain(1)[0].description.contains("ind2"));
    /// # Ok::<(), inductive::Error>(())
    /// ```
    pub fn with_taps(mut self, taps: &[Tap]) -> Result<Self> {
        if taps.len() != self.inputs() {
            return Err(Error::LengthMismatch {
                what: "circuit inputs and taps",
                left: self.inputs(),
                right: taps.len(),
                hint: "give one tap per input of the enumeration",
            });
        }
        if self.steps > 0 {
            return Err(Error::InvalidSize {
                what: "bits seen in the episode before the taps were chosen",
                expected: "0: choose taps on a fresh mixture or right after end_episode",
                value: self.steps as usize,
            });
        }
        self.taps = TapState::new(taps)?;
        self.context = self.taps.context();
        self.prediction = self.predict_from_weights();
        Ok(self)
    }

    /// Chooses how episodes update the prior (default
    /// [`EpisodePrior::Shared`]); fails for a pooled concentration that is
    /// not positive and finite.
    pub fn with_episode_prior(mut self, episode_prior: EpisodePrior) -> Result<Self> {
        let count = self.len();
        self.pool = episode_prior
            .checked_concentration()?
            .map(|concentration| Pool {
                concentration,
                episodes: 0.0,
                posteriors: Array1::zeros(count),
            });
        Ok(self)
    }

    /// The body of [`Predictor::end_episode`] (documented there, on the
    /// implementation for `CircuitMixture`).
    fn start_next_episode(&mut self) {
        let mut posterior: Vec<f64> = (0..self.len())
            .map(|f| self.log_prior[f] + self.log_likelihood(f))
            .collect();
        normalize(&mut posterior);
        self.log_prior = match &mut self.pool {
            None => Array1::from(posterior),
            Some(pool) => {
                pool.episodes += 1.0;
                for (sum, p) in pool.posteriors.iter_mut().zip(&posterior) {
                    *sum += p.exp();
                }
                let scale = pool.concentration + pool.episodes;
                self.hypotheses
                    .log_prior
                    .iter()
                    .zip(&pool.posteriors)
                    .map(|(&base, &sum)| ((pool.concentration * base.exp() + sum) / scale).ln())
                    .collect()
            }
        };
        for counts in &mut self.context_counts {
            *counts = [0; 2];
        }
        if let LeafState::Learning { cells, .. } = &mut self.leaf {
            for cell in cells.iter_mut() {
                *cell = [[0; 2]; 2];
            }
        }
        self.steps = 0;
        self.taps.restart();
        self.context = self.taps.context();
        self.recompute_weights();
        self.prediction = self.predict_from_weights();
    }

    /// `P_f(1 | context)` of hypothesis `f`'s leaf.
    fn leaf_one(&self, f: usize, context: usize) -> f64 {
        let output = ((self.hypotheses.tables[f] >> context) & 1) as usize;
        match &self.leaf {
            LeafState::Noisy { eps } => {
                if output == 1 {
                    1.0 - eps
                } else {
                    *eps
                }
            }
            LeafState::Learning { cells, .. } => {
                let [n0, n1] = cells[f][output];
                (f64::from(n1) + 0.5) / (f64::from(n0) + f64::from(n1) + 1.0)
            }
        }
    }

    /// Exact log-likelihood of the data so far under hypothesis `f`.
    fn log_likelihood(&self, f: usize) -> f64 {
        match &self.leaf {
            LeafState::Noisy { eps } => {
                let table = self.hypotheses.tables[f];
                let wrong: u64 = self
                    .context_counts
                    .iter()
                    .enumerate()
                    .map(|(c, counts)| u64::from(counts[1 - ((table >> c) & 1) as usize]))
                    .sum();
                let right = self.steps - wrong;
                wrong as f64 * eps.ln() + right as f64 * (1.0 - eps).ln()
            }
            LeafState::Learning {
                cells,
                ln_half,
                ln_factorial,
                ..
            } => cells[f]
                .iter()
                .map(|&[n0, n1]| {
                    ln_half_at(ln_half, n0) + ln_half_at(ln_half, n1)
                        - ln_factorial_at(ln_factorial, n0 + n1)
                })
                .sum(),
        }
    }

    /// Sets every weight from the prior and the exact likelihood, scaled so
    /// the largest is one.
    fn recompute_weights(&mut self) {
        let log_posts: Vec<f64> = (0..self.len())
            .map(|f| self.log_prior[f] + self.log_likelihood(f))
            .collect();
        let max = log_posts.iter().copied().fold(f64::NEG_INFINITY, f64::max);
        for (w, lp) in self.weights.iter_mut().zip(&log_posts) {
            *w = (lp - max).exp();
        }
    }

    fn predict_from_weights(&self) -> f64 {
        let (mut total, mut ones) = (0.0, 0.0);
        for (f, &w) in self.weights.iter().enumerate() {
            total += w;
            ones += w * self.leaf_one(f, self.context);
        }
        (ones / total).clamp(0.0, 1.0)
    }

    /// Grows the Learning leaf's tables so counts up to `n` can be used.
    fn grow_tables(&mut self, n: usize) {
        if let LeafState::Learning {
            ln_half,
            ln_factorial,
            reciprocal,
            ..
        } = &mut self.leaf
        {
            while ln_half.len() <= n {
                let i = ln_half.len() - 1;
                ln_half.push(ln_half[i] + (i as f64 + 0.5).ln());
                ln_factorial.push(ln_factorial[i] + (i as f64 + 1.0).ln());
                reciprocal.push(1.0 / (i as f64 + 2.0));
            }
        }
    }
}

/// Entries the learning leaf's tables grow to (96 KiB in all); counts past
/// it are computed directly.
const TABLE_LIMIT: usize = 4096;

/// `1 / (n + 1)`, from the table while it reaches.
#[inline]
fn reciprocal_at(table: &[f64], n: u32) -> f64 {
    table
        .get(n as usize)
        .copied()
        .unwrap_or_else(|| 1.0 / (f64::from(n) + 1.0))
}

/// `Σ_{i<n} ln(i + ½) = lnΓ(n + ½) − lnΓ(½)`, from the table while it reaches.
fn ln_half_at(table: &[f64], n: u32) -> f64 {
    table
        .get(n as usize)
        .copied()
        .unwrap_or_else(|| libm::lgamma(f64::from(n) + 0.5) - 0.5 * std::f64::consts::PI.ln())
}

/// `ln n! = lnΓ(n + 1)`, from the table while it reaches.
fn ln_factorial_at(table: &[f64], n: u32) -> f64 {
    table
        .get(n as usize)
        .copied()
        .unwrap_or_else(|| libm::lgamma(f64::from(n) + 1.0))
}

impl Predictor for CircuitMixture {
    /// Ends an episode: the evidence of the bits seen since the last episode
    /// boundary updates the prior (exactly, from the counts) as the
    /// [`EpisodePrior`] says, and every learning leaf and the context
    /// restart. Across episodes the
    /// mixture learns *which rules* a task family uses (pre-training);
    /// within one, each circuit's leaves learn its biases (in-context) — the
    /// semantics of [`Episodic`](crate::adapters::Episodic), for circuits.
    ///
    /// ```
    /// use inductive::circuit::{Basis, CircuitMixture, Enumeration, FunctionPrior, Leaf};
    /// use inductive::prelude::*;
    ///
    /// let all = Enumeration::smallest(3, &Basis::Full, 4)?;
    /// let mut mixture = CircuitMixture::new(&all, FunctionPrior::SmallestCircuit, Leaf::Learning)?;
    /// // Episodes whose next bit copies the bit three back, each with its own bias.
    /// for episode in 0..6 {
    ///     let mut bits = vec![true, false, episode % 2 == 0];
    ///     while bits.len() < 40 {
    ///         let copy = bits[bits.len() - 3];
    ///         bits.push(copy);
    ///     }
    ///     mixture.observe(&bits);
    ///     mixture.end_episode();
    /// }
    /// assert!(mixture.explain(1)[0].description.contains("x3"));
    /// # Ok::<(), inductive::Error>(())
    /// ```
    fn end_episode(&mut self) {
        self.start_next_episode();
    }

    fn predict(&self) -> f64 {
        self.prediction
    }

    fn update(&mut self, bit: bool) {
        let x = usize::from(bit);
        let context = self.context;
        self.taps.push(bit);
        let next = self.taps.context();
        self.context_counts[context][x] += 1;
        self.steps += 1;
        self.grow_tables((self.steps as usize + 1).min(TABLE_LIMIT - 1));
        let tables = &self.hypotheses.tables;
        let weights = self.weights.as_slice_mut().expect("contiguous weights");
        let (mut total, mut ones) = (0.0, 0.0);
        match &mut self.leaf {
            LeafState::Noisy { eps } => {
                let (right, wrong) = (1.0 - *eps, *eps);
                (total, ones) = if self.hypotheses.complete && weights.len() >= BLOCK {
                    noisy_step_complete(weights, context, next, bit, right, wrong)
                } else if self.hypotheses.complete {
                    noisy_step(weights, |i| i as u64, context, next, bit, right, wrong)
                } else {
                    noisy_step(weights, |i| tables[i], context, next, bit, right, wrong)
                };
                ones = wrong * total + (right - wrong) * ones;
            }
            LeafState::Learning {
                cells, reciprocal, ..
            } => {
                for ((w, &table), cell) in weights.iter_mut().zip(tables).zip(cells.iter_mut()) {
                    let counts = &mut cell[((table >> context) & 1) as usize];
                    let p_one = (f64::from(counts[1]) + 0.5)
                        * reciprocal_at(reciprocal, counts[0] + counts[1]);
                    *w *= if bit { p_one } else { 1.0 - p_one };
                    counts[x] += 1;
                    let next_counts = cell[((table >> next) & 1) as usize];
                    let next_one = (f64::from(next_counts[1]) + 0.5)
                        * reciprocal_at(reciprocal, next_counts[0] + next_counts[1]);
                    total += *w;
                    ones += *w * next_one;
                }
            }
        }
        self.context = next;
        self.prediction = if total >= RESCALE_BELOW {
            (ones / total).clamp(0.0, 1.0)
        } else {
            self.recompute_weights();
            self.predict_from_weights()
        };
    }

    /// The heaviest functions, each as its smallest circuit (and, for the
    /// learning leaf, what each output value has learned).
    fn explain(&self, n: usize) -> Vec<Hypothesis> {
        let posterior = self.posterior();
        let mut order: Vec<usize> = (0..self.len()).collect();
        order.sort_by(|&a, &b| posterior[b].total_cmp(&posterior[a]).then(a.cmp(&b)));
        order
            .into_iter()
            .take(n)
            .map(|f| {
                let mut description = self.hypotheses.circuits[f].to_string();
                if !self.taps.is_plain() {
                    description = rename_inputs(&description, self.taps.taps());
                }
                if let LeafState::Learning { cells, .. } = &self.leaf {
                    let kt = |[n0, n1]: [u32; 2]| {
                        (f64::from(n1) + 0.5) / (f64::from(n0) + f64::from(n1) + 1.0)
                    };
                    description.push_str(&format!(
                        "   [P(1|out=0) = {:.3}, P(1|out=1) = {:.3}]",
                        kt(cells[f][0]),
                        kt(cells[f][1])
                    ));
                }
                Hypothesis::leaf(description, posterior[f])
            })
            .collect()
    }
}

/// Lanes of the accumulators in [`noisy_step`]: independent partial sums
/// let the compiler vectorise the loop (the summation order is fixed, so
/// results stay bit-identical run to run).
const LANES: usize = 4;

/// One Bayes update of the noisy leaf, branch-free: each weight is
/// multiplied by `right` or `wrong`, then returns the total weight and the
/// weight of the functions whose output is one in the `next` context.
/// `table(i)` gives function `i`'s truth table.
#[inline(always)]
fn noisy_step(
    weights: &mut [f64],
    table: impl Fn(usize) -> u64,
    context: usize,
    next: usize,
    bit: bool,
    right: f64,
    wrong: f64,
) -> (f64, f64) {
    let flip = u64::from(bit).wrapping_neg();
    let (right, wrong) = (right.to_bits(), wrong.to_bits());
    // Updates one weight; returns it, and it again if the function's output
    // is one in the `next` context (0 otherwise).
    let step = |w: &mut f64, t: u64| -> (f64, f64) {
        // All ones where the function's output differs from the bit.
        let mismatch = (((t >> context) & 1).wrapping_neg()) ^ flip;
        *w *= f64::from_bits((right & !mismatch) | (wrong & mismatch));
        (
            *w,
            f64::from_bits(w.to_bits() & ((t >> next) & 1).wrapping_neg()),
        )
    };
    let mut total = [0.0; LANES];
    let mut ones = [0.0; LANES];
    let full = weights.len() - weights.len() % LANES;
    for (chunk, w) in weights[..full].chunks_exact_mut(LANES).enumerate() {
        for lane in 0..LANES {
            let (all, one) = step(&mut w[lane], table(chunk * LANES + lane));
            total[lane] += all;
            ones[lane] += one;
        }
    }
    let (mut total, mut ones) = (total.iter().sum::<f64>(), ones.iter().sum::<f64>());
    for (i, w) in weights.iter_mut().enumerate().skip(full) {
        let (all, one) = step(w, table(i));
        total += all;
        ones += one;
    }
    (total, ones)
}

/// Block of [`noisy_step_complete`]: bit `c < 4` of a function's index
/// repeats with period 16, and bit `c >= 4` is constant over aligned blocks
/// of 16.
const BLOCK: usize = 16;

/// [`noisy_step`] for the complete set of functions of up to 4 inputs in
/// truth-table order (function `i` has table `i`). Bit `p` of an index
/// repeats with period 16 when `p < 4` and is constant over aligned blocks
/// of 16 otherwise, so the update is two simple passes over contiguous
/// memory that the compiler vectorises: scale the functions that got the
/// bit wrong by `wrong / right` (the common factor `right` cancels in every
/// ratio the mixture uses), then sum all weights and those whose output is
/// one in the `next` context.
fn noisy_step_complete(
    weights: &mut [f64],
    context: usize,
    next: usize,
    bit: bool,
    right: f64,
    wrong: f64,
) -> (f64, f64) {
    let ratio = wrong / right;
    let wrong_at = |index: usize, position: usize| ((index >> position) & 1 == 1) != bit;
    if context < 4 {
        let pattern: [f64; BLOCK] =
            std::array::from_fn(|l| if wrong_at(l, context) { ratio } else { 1.0 });
        for block in weights.chunks_exact_mut(BLOCK) {
            for (w, f) in block.iter_mut().zip(&pattern) {
                *w *= f;
            }
        }
    } else {
        for (j, block) in weights.chunks_exact_mut(BLOCK).enumerate() {
            if wrong_at(j, context - 4) {
                for w in block {
                    *w *= ratio;
                }
            }
        }
    }
    let mut total = [0.0; 4];
    let mut ones = [0.0; 4];
    if next < 4 {
        let mask: [f64; BLOCK] = std::array::from_fn(|l| ((l >> next) & 1) as f64);
        for block in weights.chunks_exact(BLOCK) {
            for (w, m) in block.chunks_exact(4).zip(mask.chunks_exact(4)) {
                for lane in 0..4 {
                    total[lane] += w[lane];
                    ones[lane] += w[lane] * m[lane];
                }
            }
        }
    } else {
        for (j, block) in weights.chunks_exact(BLOCK).enumerate() {
            let one = ((j >> (next - 4)) & 1) as f64;
            for quad in block.chunks_exact(4) {
                for lane in 0..4 {
                    total[lane] += quad[lane];
                    ones[lane] += quad[lane] * one;
                }
            }
        }
    }
    (total.iter().sum(), ones.iter().sum())
}

impl fmt::Debug for CircuitMixture {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("CircuitMixture")
            .field("inputs", &self.hypotheses.inputs)
            .field("hypotheses", &self.len())
            .field("leaf", &self.leaf_kind())
            .field("steps", &self.steps)
            .field("prediction", &self.prediction)
            .finish()
    }
}

impl CircuitMixture {
    fn leaf_kind(&self) -> Leaf {
        match self.leaf {
            LeafState::Noisy { eps } => Leaf::Noisy(eps),
            LeafState::Learning { .. } => Leaf::Learning,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::circuit::{Basis, Enumeration};

    /// Past the tables, `lnΓ` gives the sums the tables would have held.
    #[test]
    fn log_gamma_continues_the_tables() {
        let (mut half, mut factorial) = (0.0f64, 0.0f64);
        for n in 0..20_000u32 {
            if n % 997 == 0 {
                let h = ln_half_at(&[], n);
                let f = ln_factorial_at(&[], n);
                assert!(
                    (h - half).abs() <= 1e-12 * half.abs().max(1.0),
                    "{n}: {h} vs {half}"
                );
                assert!(
                    (f - factorial).abs() <= 1e-12 * factorial.abs().max(1.0),
                    "{n}"
                );
                assert_eq!(reciprocal_at(&[], n), 1.0 / (f64::from(n) + 1.0));
            }
            half += (f64::from(n) + 0.5).ln();
            factorial += (f64::from(n) + 1.0).ln();
        }
    }

    /// The learning leaf's tables stop growing at `TABLE_LIMIT` entries
    /// (they grew 24 bytes a bit), and a long run stays a probability.
    #[test]
    fn learning_leaf_tables_are_bounded() {
        let all = Enumeration::smallest(2, &Basis::Full, 2).unwrap();
        let mut mixture =
            CircuitMixture::new(&all, FunctionPrior::SmallestCircuit, Leaf::Learning).unwrap();
        for t in 0..10_000u32 {
            mixture.update(t % 7 < 3);
            assert!((0.0..=1.0).contains(&mixture.predict()));
        }
        let LeafState::Learning {
            ln_half,
            ln_factorial,
            reciprocal,
            ..
        } = &mixture.leaf
        else {
            unreachable!("a learning leaf")
        };
        assert_eq!(
            (ln_half.len(), ln_factorial.len(), reciprocal.len()),
            (TABLE_LIMIT, TABLE_LIMIT, TABLE_LIMIT)
        );
    }
}

//! [`CircuitMixture`]: the Bayesian mixture over circuit-computed functions.

use std::fmt;
use std::sync::Arc;

use ndarray::Array1;

use crate::baseline::kt_estimate;
use crate::circuit::tap::{TapState, rename_inputs};
use crate::circuit::{Circuit, Enumeration, FunctionPrior, Leaf, Tap, prior};
use crate::error::{Error, Result};
use crate::hypothesis::Hypothesis;
use crate::predictor::EpisodePrior;
use crate::predictor::Predictor;

/// Weights are rescaled (recomputed exactly from counts) once their sum
/// falls below this: far above `f64`'s underflow, far below any weight that
/// still matters.
const RESCALE_BELOW: f64 = 1e-150;

/// The running sums of [`EpisodePrior::Pooled`].
#[derive(Debug, Clone)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
struct Pool {
    concentration: f64,
    episodes: f64,
    posteriors: Array1<f64>,
}

/// Immutable data shared between forks.
#[derive(Debug)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
struct Hypotheses {
    inputs: usize,
    /// Every function of `inputs` variables, in truth-table order: function
    /// `i` has table `i`, so the update needs no table lookups.
    complete: bool,
    tables: Vec<u64>,
    circuits: Vec<Circuit>,
    log_prior: Array1<f64>,
    /// `exp(log_prior)`: the base of [`EpisodePrior::Pooled`].
    prior: Array1<f64>,
}

#[derive(Debug)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
enum LeafState {
    Noisy {
        eps: f64,
    },
    Learning {
        /// `cells[f][output][bit]`: bits seen where function `f` gave `output`.
        cells: Vec<[[u32; 2]; 2]>,
    },
}

/// The learning leaf's KT tables, one copy shared by every mixture:
/// [`TABLE_LIMIT`] entries each; larger counts use `lnΓ`.
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
struct KtTables {
    /// `ln_half[n] = Σ_{i<n} ln(i + ½)`.
    ln_half: Vec<f64>,
    /// `ln_factorial[n] = ln n!`.
    ln_factorial: Vec<f64>,
    /// `reciprocal[n] = 1 / (n + 1)`, the KT denominator.
    reciprocal: Vec<f64>,
}

/// The shared tables, computed on first use (each entry from the one
/// before, as running sums).
fn kt_tables() -> &'static KtTables {
    static TABLES: std::sync::OnceLock<KtTables> = std::sync::OnceLock::new();
    TABLES.get_or_init(|| {
        let (mut ln_half, mut ln_factorial, mut reciprocal) = (vec![0.0], vec![0.0], vec![1.0]);
        for i in 0..TABLE_LIMIT - 1 {
            ln_half.push(ln_half[i] + (i as f64 + 0.5).ln());
            ln_factorial.push(ln_factorial[i] + (i as f64 + 1.0).ln());
            reciprocal.push(1.0 / (i as f64 + 2.0));
        }
        KtTables {
            ln_half,
            ln_factorial,
            reciprocal,
        }
    })
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
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
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
    /// `by_context[c]`: the prediction in context `c` under the current
    /// weights and leaves, or NaN until computed. Conditioning on a bit
    /// (an agent's action) changes only the context, so it costs O(taps),
    /// not a pass over every function.
    by_context: Vec<f64>,
}

impl Clone for LeafState {
    fn clone(&self) -> Self {
        match self {
            LeafState::Noisy { eps } => LeafState::Noisy { eps: *eps },
            LeafState::Learning { cells } => LeafState::Learning {
                cells: cells.clone(),
            },
        }
    }

    /// Reuses the buffer: a planner restores a model from its copy once
    /// per simulation.
    fn clone_from(&mut self, source: &Self) {
        match (self, source) {
            (LeafState::Learning { cells }, LeafState::Learning { cells: from }) => {
                cells.clone_from(from);
            }
            (this, source) => *this = source.clone(),
        }
    }
}

impl Clone for CircuitMixture {
    fn clone(&self) -> Self {
        Self {
            hypotheses: Arc::clone(&self.hypotheses),
            log_prior: self.log_prior.clone(),
            pool: self.pool.clone(),
            leaf: self.leaf.clone(),
            weights: self.weights.clone(),
            context_counts: self.context_counts.clone(),
            taps: self.taps.clone(),
            context: self.context,
            steps: self.steps,
            prediction: self.prediction,
            by_context: self.by_context.clone(),
        }
    }

    /// Reuses the buffers (no allocation when the shapes agree): the
    /// agent's planner restores a circuit model from its copy once per
    /// simulation.
    fn clone_from(&mut self, source: &Self) {
        self.hypotheses.clone_from(&source.hypotheses);
        self.log_prior.clone_from(&source.log_prior);
        self.pool.clone_from(&source.pool);
        self.leaf.clone_from(&source.leaf);
        self.weights.clone_from(&source.weights);
        self.context_counts.clone_from(&source.context_counts);
        self.taps.clone_from(&source.taps);
        self.context = source.context;
        self.steps = source.steps;
        self.prediction = source.prediction;
        self.by_context.clone_from(&source.by_context);
    }
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
            prior: order.iter().map(|&i| log_prior[i].exp()).collect(),
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
            by_context: Vec::new(),
        };
        mixture.recompute_weights();
        mixture.reset_predictions();
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

    /// Appends `bit` to the episode without learning from it: the inputs
    /// move, the weights and the leaves stay.
    pub(crate) fn condition_bit(&mut self, bit: bool) {
        self.taps.push(bit);
        self.context = self.taps.context();
        if self.by_context[self.context].is_nan() {
            // The first context since the weights moved costs one pass
            // for itself; a second one fills every context in one pass
            // (a planner conditions on many bits between updates).
            if self.by_context.iter().all(|p| p.is_nan()) {
                self.by_context[self.context] = self.predict_from_weights();
            } else {
                self.predict_every_context();
            }
        }
        self.prediction = self.by_context[self.context];
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
        self.reset_predictions();
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
    /// implementation for `CircuitMixture`). The weights are the posterior
    /// up to one factor, so the pooled prior needs one `ln` a function and
    /// the shared one none: its log prior is updated from the exact
    /// log-likelihoods, so that no function's prior underflows to zero.
    fn start_next_episode(&mut self) {
        let total: f64 = self.weights.sum();
        let largest = self.weights.iter().copied().fold(0.0f64, f64::max);
        let count = self.len();
        let likelihoods = match self.pool {
            None => self.episode_log_likelihoods(),
            Some(_) => Vec::new(),
        };
        let scaled: Vec<f64> = match &mut self.pool {
            None => {
                let mut max = f64::NEG_INFINITY;
                for (prior, ll) in self.log_prior.iter_mut().zip(likelihoods) {
                    *prior += ll;
                    max = max.max(*prior);
                }
                // ln Σ exp(prior − max), from the weights (each is
                // exp(prior − max) times `largest`).
                let shift = max + (total / largest).ln();
                for prior in &mut self.log_prior {
                    *prior -= shift;
                }
                self.weights.iter().map(|w| w / largest).collect()
            }
            Some(pool) => {
                pool.episodes += 1.0;
                let scale = pool.concentration + pool.episodes;
                let mut masses = Vec::with_capacity(count);
                let mut most = 0.0f64;
                for (((prior, sum), w), &base) in self
                    .log_prior
                    .iter_mut()
                    .zip(pool.posteriors.iter_mut())
                    .zip(&self.weights)
                    .zip(&self.hypotheses.prior)
                {
                    *sum += w / total;
                    let mass = (pool.concentration * base + *sum) / scale;
                    *prior = mass.ln();
                    most = most.max(mass);
                    masses.push(mass);
                }
                for m in &mut masses {
                    *m /= most;
                }
                masses
            }
        };
        // The new episode has no data yet: the weights are the prior.
        self.weights = Array1::from(scaled);
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
        self.reset_predictions();
    }

    /// Exact log-likelihood of this episode's data under every hypothesis.
    /// For the noisy leaf, a function's mistakes are a sum over the
    /// contexts where its output is one, read a byte of its truth table at
    /// a time from 256-entry tables of partial sums.
    fn episode_log_likelihoods(&self) -> Vec<f64> {
        let LeafState::Noisy { eps } = self.leaf else {
            return (0..self.len()).map(|f| self.log_likelihood(f)).collect();
        };
        let contexts = self.context_counts.len();
        // Mistakes = Σ_c n1[c] + Σ_{c: output 1} (n0[c] − n1[c]).
        let base: i64 = self.context_counts.iter().map(|c| i64::from(c[1])).sum();
        let bytes = contexts.div_ceil(8);
        let mut partial = vec![[0i64; 256]; bytes];
        for (j, table) in partial.iter_mut().enumerate() {
            for (b, entry) in table.iter_mut().enumerate() {
                *entry = (0..8)
                    .filter(|i| (b >> i) & 1 == 1 && 8 * j + i < contexts)
                    .map(|i| {
                        let [n0, n1] = self.context_counts[8 * j + i];
                        i64::from(n0) - i64::from(n1)
                    })
                    .sum();
            }
        }
        let (ln_wrong, ln_right) = (eps.ln(), (1.0 - eps).ln());
        let steps = self.steps as f64;
        self.hypotheses
            .tables
            .iter()
            .map(|&table| {
                let wrong = base
                    + partial
                        .iter()
                        .enumerate()
                        .map(|(j, t)| t[((table >> (8 * j)) & 0xFF) as usize])
                        .sum::<i64>();
                let wrong = wrong as f64;
                wrong * ln_wrong + (steps - wrong) * ln_right
            })
            .collect()
    }

    /// `P_f(1 | context)` of hypothesis `f`'s leaf.
    fn leaf_one(&self, f: usize, context: usize) -> f64 {
        self.leaf_output_one(f, ((self.hypotheses.tables[f] >> context) & 1) as usize)
    }

    /// `P_f(1)` where hypothesis `f`'s circuit outputs `output`.
    fn leaf_output_one(&self, f: usize, output: usize) -> f64 {
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
                kt_estimate(n0, n1)
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
            LeafState::Learning { cells } => {
                let tables = kt_tables();
                cells[f]
                    .iter()
                    .map(|&[n0, n1]| {
                        ln_half_at(&tables.ln_half, n0) + ln_half_at(&tables.ln_half, n1)
                            - ln_factorial_at(&tables.ln_factorial, n0 + n1)
                    })
                    .sum()
            }
        }
    }

    /// Sets every weight from the prior and the exact likelihood, scaled so
    /// the largest is one.
    fn recompute_weights(&mut self) {
        let log_posts: Vec<f64> = self
            .episode_log_likelihoods()
            .into_iter()
            .zip(&self.log_prior)
            .map(|(ll, lp)| ll + lp)
            .collect();
        let max = log_posts.iter().copied().fold(f64::NEG_INFINITY, f64::max);
        for (w, lp) in self.weights.iter_mut().zip(&log_posts) {
            *w = (lp - max).exp();
        }
    }

    /// Forgets the per-context predictions (the weights or leaves
    /// changed) and predicts in the current context.
    fn reset_predictions(&mut self) {
        self.by_context.clear();
        self.by_context
            .resize(1 << self.hypotheses.inputs, f64::NAN);
        self.prediction = self.predict_from_weights();
        self.by_context[self.context] = self.prediction;
    }

    /// Fills `by_context` for every context in one pass over the
    /// functions (the same sums, in the same order, as
    /// [`predict_from_weights`](Self::predict_from_weights) for each).
    fn predict_every_context(&mut self) {
        let contexts = self.by_context.len();
        let mut ones = [0.0f64; 1 << crate::circuit::enumerate::MAX_ENUMERATION_INPUTS];
        let mut total = 0.0;
        for (f, &w) in self.weights.iter().enumerate() {
            total += w;
            let table = self.hypotheses.tables[f];
            let by_output = [self.leaf_output_one(f, 0), self.leaf_output_one(f, 1)];
            for (c, sum) in ones[..contexts].iter_mut().enumerate() {
                *sum += w * by_output[((table >> c) & 1) as usize];
            }
        }
        for (p, &sum) in self.by_context.iter_mut().zip(&ones) {
            *p = (sum / total).clamp(0.0, 1.0);
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
}

/// Entries of the learning leaf's shared tables (96 KiB in all); counts
/// past it are computed directly.
const TABLE_LIMIT: usize = 4096;

/// The KT estimate of the hot loop: `(n1 + 1/2)` times the tabled
/// `1/(n0 + n1 + 1)`, a multiplication where [`kt_estimate`] divides (the
/// two may differ in the last place).
#[inline]
fn kt_estimate_by_table(reciprocal: &[f64], [n0, n1]: [u32; 2]) -> f64 {
    (f64::from(n1) + 0.5) * reciprocal_at(reciprocal, n0 + n1)
}

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
            LeafState::Learning { cells } => {
                let reciprocal = &kt_tables().reciprocal;
                for ((w, &table), cell) in weights.iter_mut().zip(tables).zip(cells.iter_mut()) {
                    let counts = &mut cell[((table >> context) & 1) as usize];
                    let p_one = kt_estimate_by_table(reciprocal, *counts);
                    *w *= if bit { p_one } else { 1.0 - p_one };
                    counts[x] += 1;
                    let next_counts = cell[((table >> next) & 1) as usize];
                    let next_one = kt_estimate_by_table(reciprocal, next_counts);
                    total += *w;
                    ones += *w * next_one;
                }
            }
        }
        self.context = next;
        if total >= RESCALE_BELOW {
            self.prediction = (ones / total).clamp(0.0, 1.0);
            self.by_context.fill(f64::NAN);
            self.by_context[next] = self.prediction;
        } else {
            self.recompute_weights();
            self.reset_predictions();
        }
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
                    let kt = |[n0, n1]: [u32; 2]| kt_estimate(n0, n1);
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
/// of 16 otherwise. So one pass over contiguous memory scales the weights
/// of the functions that got the bit wrong by `wrong / right` (the common
/// factor `right` cancels in every ratio the mixture uses) and adds each
/// weight to the column sum of its position in the block: one multiply and
/// one add a weight, which the compiler vectorises. The total and the
/// weight of the functions whose output is one in the `next` context are
/// then sums of column sums (of every block, or of the blocks whose index
/// has the `next` bit).
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
    let in_block: [f64; BLOCK] = std::array::from_fn(|l| {
        if context < 4 && wrong_at(l, context) {
            ratio
        } else {
            1.0
        }
    });
    // Column sums of all blocks, and of the blocks whose `next` bit is one
    // (when `next` is a block bit).
    let mut all = [0.0; BLOCK];
    let mut marked = [0.0; BLOCK];
    for (j, block) in weights.chunks_exact_mut(BLOCK).enumerate() {
        let scale = if context >= 4 && wrong_at(j, context - 4) {
            ratio
        } else {
            1.0
        };
        let mut sums = [0.0; BLOCK];
        for ((w, s), sum) in block.iter_mut().zip(&in_block).zip(&mut sums) {
            *w *= s * scale;
            *sum = *w;
        }
        for (a, s) in all.iter_mut().zip(&sums) {
            *a += s;
        }
        if next >= 4 && (j >> (next - 4)) & 1 == 1 {
            for (m, s) in marked.iter_mut().zip(&sums) {
                *m += s;
            }
        }
    }
    let total = all.iter().sum();
    let ones = if next >= 4 {
        marked.iter().sum()
    } else {
        all.iter()
            .enumerate()
            .filter(|&(l, _)| (l >> next) & 1 == 1)
            .map(|(_, a)| a)
            .sum()
    };
    (total, ones)
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

    /// The byte-table mistakes count equals the count over contexts, for
    /// 2 to 6 inputs (tables of 4 to 64 bits).
    #[test]
    fn byte_tables_count_mistakes_exactly() {
        for (inputs, gates) in [(2, 2), (3, 3), (4, 2), (5, 2), (6, 1)] {
            let functions = Enumeration::smallest(inputs, &Basis::Full, gates).unwrap();
            let mut mixture =
                CircuitMixture::new(&functions, FunctionPrior::SmallestCircuit, Leaf::Noisy(0.1))
                    .unwrap();
            for t in 0..300u32 {
                mixture.update((t * t + t / 7) % 5 < 2);
            }
            let fast = mixture.episode_log_likelihoods();
            for (f, &ll) in fast.iter().enumerate() {
                assert_eq!(
                    ll,
                    mixture.log_likelihood(f),
                    "{inputs} inputs, function {f}"
                );
            }
        }
    }

    /// The learning leaf's tables are one shared copy of `TABLE_LIMIT`
    /// entries (each mixture grew its own, and a planner copied them on
    /// every undo), and a long run stays a probability.
    #[test]
    fn learning_leaf_tables_are_shared_and_bounded() {
        let all = Enumeration::smallest(2, &Basis::Full, 2).unwrap();
        let mut mixture =
            CircuitMixture::new(&all, FunctionPrior::SmallestCircuit, Leaf::Learning).unwrap();
        for t in 0..10_000u32 {
            mixture.update(t % 7 < 3);
            assert!((0.0..=1.0).contains(&mixture.predict()));
        }
        let tables = kt_tables();
        assert_eq!(
            (
                tables.ln_half.len(),
                tables.ln_factorial.len(),
                tables.reciprocal.len()
            ),
            (TABLE_LIMIT, TABLE_LIMIT, TABLE_LIMIT)
        );
        assert!(std::ptr::eq(tables, kt_tables()));
    }
}

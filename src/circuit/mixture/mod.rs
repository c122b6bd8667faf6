//! [`CircuitMixture`]: the Bayesian mixture over circuit-computed functions.

use std::fmt;
use std::sync::Arc;

use ndarray::Array1;

use crate::baseline::kt_estimate;
use crate::circuit::tap::{TapState, rename_inputs};
use crate::circuit::{Circuit, Enumeration, FunctionPrior, Leaf, Tap, prior};
use crate::error::{Error, Result};
use crate::hypothesis::Hypothesis;
use crate::predictor::{CheckedPrior, DpInference, EpisodePrior, Predictor};
use crate::status::Status;

mod episodes;
mod kernels;
mod tables;

use kernels::{BLOCK, noisy_step, noisy_step_complete};
use tables::{kt_estimate_by_table, kt_tables};

/// Weights are rescaled (recomputed exactly from counts) once their sum
/// falls below this: far above `f64`'s underflow, far below any weight that
/// still matters.
const RESCALE_BELOW: f64 = 1e-150;

/// What the mixture keeps of past episodes to learn the family.
#[derive(Debug, Clone)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
enum Pool {
    /// [`EpisodePrior::Pooled`], Newton's estimator: the running sum of the
    /// episodes' posteriors.
    Newton {
        concentration: f64,
        episodes: f64,
        posteriors: Array1<f64>,
    },
    /// [`EpisodePrior::DirichletProcess`]: every past episode's exact
    /// log-likelihood under every function.
    DirichletProcess {
        concentration: f64,
        inference: DpInference,
        likelihoods: Vec<Vec<f64>>,
        /// Under exact inference: the episode that was one too many, which
        /// was not absorbed.
        refused: Option<u64>,
    },
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
    #[cfg_attr(feature = "serde", serde(with = "crate::serde_float::vec"))]
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
        self.pool = match episode_prior.checked()? {
            CheckedPrior::Shared => None,
            CheckedPrior::Pooled(concentration) => Some(Pool::Newton {
                concentration,
                episodes: 0.0,
                posteriors: Array1::zeros(self.len()),
            }),
            CheckedPrior::DirichletProcess(concentration, inference) => {
                Some(Pool::DirichletProcess {
                    concentration,
                    inference,
                    likelihoods: Vec::new(),
                    refused: None,
                })
            }
        };
        Ok(self)
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

    /// `Failed` once exact Dirichlet-process inference was given more
    /// episodes than it sums over (the prior stays that of the episodes
    /// before).
    fn status(&self) -> Status {
        match &self.pool {
            Some(Pool::DirichletProcess {
                refused: Some(episode),
                ..
            }) => Status::Failed(Error::TooLarge {
                what: "episodes for the exact Dirichlet-process posterior (the last was not absorbed)",
                count: u128::from(*episode) + 1,
                limit: crate::dirichlet::MAX_EXACT_EPISODES as u128,
                hint: "use DpInference::Gibbs for more episodes",
            }),
            _ => Status::Healthy,
        }
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

//! Bayesian mixtures of any predictors: the outer induction.

use crate::error::Error;
use crate::error::Result;
use crate::hypothesis::Hypothesis;
use crate::hypothesis::top_hypotheses;
use crate::logspace::{log_add, log_weights_from, normalize, normalize_and_mix};
use crate::predictor::Predictor;
use crate::status::{Status, contract_violation, mixture_status, valid_probability};

/// A Bayesian mixture of predictors with prior weights.
///
/// Predicts `Σ_i w_i p_i`, where `w_i` is component `i`'s posterior: its
/// prior times the probability it gave every bit so far. Weights live in
/// the log domain: each is a normalised log weight times a linear factor
/// (the product of the last few hundred probabilities), folded into the
/// log weight before it could leave `f64`'s range, so none underflows and
/// an update costs a multiplication per component, not a logarithm.
/// Components may be learners themselves — a mixture of learners is
/// induction over inductive biases.
///
/// Its code length is at most that of any component `i` plus `-log2 w_i`
/// (the prior weight, normalised).
///
/// ```
/// use inductive::adapters::Mixture;
/// use inductive::prelude::*;
///
/// let mut mixture = Mixture::new(vec![Kt::new().boxed(), Ctw::new(8)?.boxed()], vec![0.5, 0.5])?
///     .with_names(["KT", "CTW(8)"])?;
/// let bits: Vec<bool> = (0..200).map(|t| t % 3 == 0).collect();
/// let code = mixture.observe(&bits);
/// let ctw = Ctw::new(8)?.observe(&bits);
/// assert!(code <= ctw + 1.0 + 1e-9); // at most 1 bit (−log2 ½) worse than CTW
/// assert_eq!(mixture.explain(1)[0].description, "CTW(8)");
/// # Ok::<(), inductive::Error>(())
/// ```
#[derive(Debug)]
#[must_use = "adapters do nothing unless fed bits"]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct Mixture<P> {
    components: Vec<P>,
    names: Vec<String>,
    /// Natural-log prior, normalised (kept for restarts and switching).
    #[cfg_attr(feature = "serde", serde(with = "crate::serde_float::vec"))]
    log_prior: Vec<f64>,
    /// Natural-log posterior, normalised at the last fold.
    #[cfg_attr(feature = "serde", serde(with = "crate::serde_float::vec"))]
    log_weights: Vec<f64>,
    /// `exp(log_weights[i] − max)`, cached between folds.
    shares: Vec<f64>,
    /// Product of the probabilities given since the last fold.
    factors: Vec<f64>,
    prediction: f64,
    /// Bits seen.
    bits: u64,
    /// The bit that ruled out the last component, if one did.
    falsified_at: Option<u64>,
    /// The first component that broke the contract and was excluded.
    violation: Option<Error>,
}

impl<P: Clone> Clone for Mixture<P> {
    fn clone(&self) -> Self {
        Self {
            components: self.components.clone(),
            names: self.names.clone(),
            log_prior: self.log_prior.clone(),
            log_weights: self.log_weights.clone(),
            shares: self.shares.clone(),
            factors: self.factors.clone(),
            prediction: self.prediction,
            bits: self.bits,
            falsified_at: self.falsified_at,
            violation: self.violation.clone(),
        }
    }

    /// Reuses the buffers, and each component's own `clone_from`: an
    /// agent's planner restores a mixture model once per simulation.
    fn clone_from(&mut self, source: &Self) {
        self.components.clone_from(&source.components);
        self.names.clone_from(&source.names);
        self.log_prior.clone_from(&source.log_prior);
        self.log_weights.clone_from(&source.log_weights);
        self.shares.clone_from(&source.shares);
        self.factors.clone_from(&source.factors);
        self.prediction = source.prediction;
        self.bits = source.bits;
        self.falsified_at = source.falsified_at;
        self.violation.clone_from(&source.violation);
    }
}

/// Below this, a linear factor is folded into its log weight (far above
/// `f64`'s smallest normal number, 2^-1022, so a share times a factor
/// underflows only for weights that no longer move a prediction).
const FOLD_BELOW: f64 = 1e-150;

impl<P: Predictor> Mixture<P> {
    /// Mixes `components` with prior `weights` (normalised here). Fails for
    /// no components, a weight count that differs from the component count,
    /// or weights that are negative, not finite or zero everywhere.
    pub fn new(components: Vec<P>, weights: Vec<f64>) -> Result<Self> {
        let log_prior = log_weights_from(&weights, components.len(), "mixture weights")?;
        let names = (0..components.len())
            .map(|i| format!("component {i}"))
            .collect();
        let n = components.len();
        let mut mixture = Self {
            components,
            names,
            log_weights: log_prior.clone(),
            log_prior,
            shares: vec![0.0; n],
            factors: vec![1.0; n],
            prediction: 0.5,
            bits: 0,
            falsified_at: None,
            violation: None,
        };
        mixture.refresh();
        Ok(mixture)
    }

    /// Mixes `components` with equal prior weights.
    pub fn uniform(components: Vec<P>) -> Result<Self> {
        let weights = vec![1.0; components.len()];
        Self::new(components, weights)
    }

    /// Names the components (for [`explain`](Predictor::explain)); fails unless there is one
    /// name per component.
    pub fn with_names<I, S>(mut self, names: I) -> Result<Self>
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        self.names = crate::predictor::one_name_each(
            names,
            self.components.len(),
            "mixture names and components",
        )?;
        Ok(self)
    }

    /// Folds the linear factors into the log weights.
    fn fold(&mut self) {
        for (w, f) in self.log_weights.iter_mut().zip(&mut self.factors) {
            if *f != 1.0 {
                *w += f.ln();
                *f = 1.0;
            }
        }
    }

    /// Excludes for good every component whose prediction is not a
    /// probability: its weight and its prior become 0 (so fixed share
    /// cannot bring it back), and the first is recorded.
    fn exclude_invalid(&mut self) {
        let mut excluded = false;
        for (i, c) in self.components.iter().enumerate() {
            let p = c.predict();
            if valid_probability(p).is_none() && self.log_prior[i] != f64::NEG_INFINITY {
                self.factors[i] = 0.0;
                self.log_prior[i] = f64::NEG_INFINITY;
                self.violation
                    .get_or_insert_with(|| contract_violation(&self.names[i], p));
                excluded = true;
            }
        }
        if excluded {
            normalize(&mut self.log_prior);
        }
    }

    /// Folds the linear factors into the log weights, renormalises them and
    /// recomputes the prediction (1/2 once every component is ruled out).
    fn refresh(&mut self) {
        self.exclude_invalid();
        self.fold();
        let components = &self.components;
        self.prediction = normalize_and_mix(&mut self.log_weights, |i| components[i].predict())
            .map_or(0.5, |p| p.clamp(0.0, 1.0));
        for (s, &w) in self.shares.iter_mut().zip(&self.log_weights) {
            // Normalised: the heaviest is ln 1 or less.
            *s = w.exp();
        }
    }

    /// Moves a share `alpha` of the posterior back to the prior: the fixed
    /// share step of [`FixedShare`](super::FixedShare).
    pub(crate) fn share(&mut self, alpha: f64) {
        if alpha == 0.0 || self.is_exhausted() {
            return;
        }
        // Fixed share mixes the *posterior* with the prior: the weights must
        // be normalised after the last bit's likelihoods, or the rate would
        // become α/(α + (1 − α)·p_t), a different algorithm.
        self.fold();
        normalize(&mut self.log_weights);
        let (keep, spread) = ((1.0 - alpha).ln(), alpha.ln());
        for (w, &prior) in self.log_weights.iter_mut().zip(&self.log_prior) {
            *w = log_add(*w + keep, prior + spread);
        }
        self.refresh();
    }
}

impl<P: Predictor> Mixture<P> {
    /// Moves every component's history by one bit through `condition`
    /// without weighing it (an agent's action, which the mixture holds but
    /// does not predict): the posterior stays, the prediction follows the
    /// components' new predictions.
    pub(crate) fn condition_components(&mut self, mut condition: impl FnMut(&mut P)) {
        let (mut total, mut mixed, mut refresh) = (0.0, 0.0, false);
        for (((c, &f), &s), &prior) in self
            .components
            .iter_mut()
            .zip(&self.factors)
            .zip(&self.shares)
            .zip(&self.log_prior)
        {
            condition(c);
            if prior == f64::NEG_INFINITY {
                continue;
            }
            let Some(next) = valid_probability(c.predict()) else {
                refresh = true;
                continue;
            };
            let weight = s * f;
            total += weight;
            mixed += weight * next;
        }
        if refresh || total.is_nan() || total <= 0.0 {
            self.refresh();
        } else {
            self.prediction = (mixed / total).clamp(0.0, 1.0);
        }
    }
}

impl<P> Mixture<P> {
    /// The same mixture, posterior and names, over `wrap(component)` for
    /// each component (which must predict what the component predicts).
    pub(crate) fn map_components<Q>(self, wrap: impl FnMut(P) -> Q) -> Mixture<Q> {
        Mixture {
            components: self.components.into_iter().map(wrap).collect(),
            names: self.names,
            log_prior: self.log_prior,
            log_weights: self.log_weights,
            shares: self.shares,
            factors: self.factors,
            prediction: self.prediction,
            bits: self.bits,
            falsified_at: self.falsified_at,
            violation: self.violation,
        }
    }

    /// The components.
    pub fn components(&self) -> &[P] {
        &self.components
    }

    /// Natural-log posterior, normalised.
    fn current_log_weights(&self) -> Vec<f64> {
        if self.factors.iter().all(|&f| f == 1.0) {
            return self.log_weights.clone();
        }
        let mut w = self.log_weights.clone();
        for (w, &f) in w.iter_mut().zip(&self.factors) {
            if f != 1.0 {
                *w += f.ln();
            }
        }
        let _ = normalize_and_mix(&mut w, |_| 0.0);
        w
    }

    /// Posterior weight of every component.
    pub fn posterior(&self) -> ndarray::Array1<f64> {
        self.current_log_weights().iter().map(|w| w.exp()).collect()
    }

    /// Whether every component has ruled out a bit that came (the
    /// prediction is then 1/2).
    pub fn is_exhausted(&self) -> bool {
        self.log_weights
            .iter()
            .zip(&self.factors)
            .all(|(&w, &f)| w == f64::NEG_INFINITY || f == 0.0)
    }
}

impl<P: Predictor> Predictor for Mixture<P> {
    #[inline]
    fn predict(&self) -> f64 {
        self.prediction
    }

    fn update(&mut self, bit: bool) {
        let (mut total, mut mixed, mut fold) = (0.0, 0.0, false);
        for (((c, f), &s), &prior) in self
            .components
            .iter_mut()
            .zip(&mut self.factors)
            .zip(&self.shares)
            .zip(&self.log_prior)
        {
            if prior == f64::NEG_INFINITY {
                // Excluded (or given no weight): it only follows the data.
                c.update(bit);
                continue;
            }
            let p = c.predict();
            *f *= if bit { p } else { 1.0 - p };
            c.update(bit);
            // An excluded component keeps factor 0; one that breaks the
            // contract now is excluded by the refresh.
            let Some(next) = valid_probability(c.predict()) else {
                fold = true;
                continue;
            };
            fold |= *f < FOLD_BELOW;
            let weight = s * *f;
            total += weight;
            mixed += weight * next;
        }
        self.bits += 1;
        if fold || total.is_nan() || total <= 0.0 {
            self.refresh();
        } else {
            self.prediction = (mixed / total).clamp(0.0, 1.0);
        }
        if self.falsified_at.is_none() && self.is_exhausted() {
            self.falsified_at = Some(self.bits - 1);
        }
    }

    /// The posterior persists (pre-training across episodes); every
    /// component is told, so each learns across episodes what it learns.
    fn end_episode(&mut self) {
        for c in &mut self.components {
            c.end_episode();
        }
        self.refresh();
    }

    /// `Failed` once every component is ruled out; `Degraded` if a
    /// component broke the contract and was excluded, or reports a status
    /// of its own that is not healthy.
    fn status(&self) -> Status {
        mixture_status(
            "mixture",
            self.falsified_at,
            self.violation.as_ref(),
            self.components.iter().map(Predictor::status),
        )
    }

    /// Components by posterior weight, each with its own hypotheses.
    fn explain(&self, n: usize) -> Vec<Hypothesis> {
        top_hypotheses(
            &self.current_log_weights(),
            n,
            |i| self.names[i].clone(),
            |i| self.components[i].explain(n),
        )
    }
}

//! Episodes and exact likelihoods: how an ended episode becomes the next
//! prior, and the exact log-likelihoods the weights are recomputed from.

use ndarray::Array1;

use super::tables::{kt_tables, ln_factorial_at, ln_half_at};
use super::{CircuitMixture, LeafState, Pool};
use crate::dirichlet::{self, Blocks, MAX_EXACT_EPISODES};
use crate::logspace::log_sum_exp;
use crate::predictor::DpInference;

/// Functions as hypotheses of the Dirichlet process: a block's statistic
/// is `ln π₀(f) + Σ_{e ∈ S} ln p(x_e | f)` for every function `f`.
struct FunctionBlocks<'a> {
    /// `ln π₀`, normalised.
    log_base: Vec<f64>,
    likelihoods: &'a [Vec<f64>],
}

impl Blocks for FunctionBlocks<'_> {
    type Block = Vec<f64>;

    fn episodes(&self) -> usize {
        self.likelihoods.len()
    }

    fn empty(&self) -> Vec<f64> {
        self.log_base.clone()
    }

    fn add(&self, block: &mut Vec<f64>, e: usize) {
        for (b, l) in block.iter_mut().zip(&self.likelihoods[e]) {
            *b += l;
        }
    }

    fn remove(&self, block: &mut Vec<f64>, e: usize) {
        for (b, l) in block.iter_mut().zip(&self.likelihoods[e]) {
            *b -= l;
        }
    }

    fn log_marginal(&self, block: &Vec<f64>) -> f64 {
        log_sum_exp(block)
    }
}

/// The next episode's prior over functions under the Dirichlet process,
/// `Q = c/(n + c)·π₀ + Σ_S w(S)·π₀(· | x_S)`, from every past episode's
/// log-likelihoods (see [`crate::dirichlet`]).
fn dirichlet_prior(
    log_prior: &ndarray::Array1<f64>,
    likelihoods: &[Vec<f64>],
    concentration: f64,
    inference: DpInference,
) -> Vec<f64> {
    let norm = log_sum_exp(log_prior.as_slice().expect("contiguous prior"));
    let blocks = FunctionBlocks {
        log_base: log_prior.iter().map(|l| l - norm).collect(),
        likelihoods,
    };
    let mut mass = vec![0.0; log_prior.len()];
    let mut visit = |block: &Vec<f64>, weight: f64| {
        let m = log_sum_exp(block);
        for (q, &l) in mass.iter_mut().zip(block) {
            *q += weight * (l - m).exp();
        }
    };
    let base = match inference {
        DpInference::Exact => dirichlet::exact(&blocks, concentration, &mut visit),
        DpInference::Gibbs { sweeps, seed } => {
            dirichlet::gibbs(&blocks, concentration, sweeps, seed, &mut visit)
        }
    };
    for (q, &l) in mass.iter_mut().zip(&blocks.log_base) {
        *q += base * l.exp();
    }
    mass
}

impl CircuitMixture {
    /// The body of [`Predictor::end_episode`] (documented there, on the
    /// implementation for `CircuitMixture`). The weights are the posterior
    /// up to one factor, so the pooled prior needs one `ln` a function and
    /// the shared one none: its log prior is updated from the exact
    /// log-likelihoods, so that no function's prior underflows to zero.
    pub(super) fn start_next_episode(&mut self) {
        let total: f64 = self.weights.sum();
        let largest = self.weights.iter().copied().fold(0.0f64, f64::max);
        let count = self.len();
        let likelihoods = match self.pool {
            Some(Pool::Newton { .. }) => Vec::new(),
            _ => self.episode_log_likelihoods(),
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
            Some(Pool::Newton {
                concentration,
                episodes,
                posteriors,
            }) => {
                *episodes += 1.0;
                let scale = *concentration + *episodes;
                let mut masses = Vec::with_capacity(count);
                let mut most = 0.0f64;
                for (((prior, sum), w), &base) in self
                    .log_prior
                    .iter_mut()
                    .zip(posteriors.iter_mut())
                    .zip(&self.weights)
                    .zip(&self.hypotheses.prior)
                {
                    *sum += w / total;
                    let mass = (*concentration * base + *sum) / scale;
                    *prior = mass.ln();
                    most = most.max(mass);
                    masses.push(mass);
                }
                for m in &mut masses {
                    *m /= most;
                }
                masses
            }
            Some(Pool::DirichletProcess {
                concentration,
                inference,
                likelihoods: past,
                refused,
            }) => {
                let absorbed = refused.is_none()
                    && !(*inference == DpInference::Exact && past.len() == MAX_EXACT_EPISODES);
                if absorbed {
                    past.push(likelihoods);
                    let masses = dirichlet_prior(
                        &self.hypotheses.log_prior,
                        past,
                        *concentration,
                        *inference,
                    );
                    for (prior, &m) in self.log_prior.iter_mut().zip(&masses) {
                        *prior = m.ln();
                    }
                } else if refused.is_none() {
                    *refused = Some(past.len() as u64);
                }
                // The prior in force, as weights scaled so the largest is 1.
                let top = self
                    .log_prior
                    .iter()
                    .copied()
                    .fold(f64::NEG_INFINITY, f64::max);
                self.log_prior.iter().map(|&l| (l - top).exp()).collect()
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
    pub(super) fn episode_log_likelihoods(&self) -> Vec<f64> {
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

    /// Exact log-likelihood of the data so far under hypothesis `f`.
    pub(super) fn log_likelihood(&self, f: usize) -> f64 {
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
    pub(super) fn recompute_weights(&mut self) {
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
}

#[cfg(test)]
mod tests {
    use crate::circuit::{Basis, CircuitMixture, Enumeration, FunctionPrior, Leaf};
    use crate::predictor::Predictor;

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
}

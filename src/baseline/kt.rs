//! The Krichevsky–Trofimov estimator and its pseudo-count family.

use crate::dirichlet::{self, Blocks, MAX_EXACT_EPISODES};
use crate::error::{Error, Result};
use crate::logspace::normalize_and_mix;
use crate::predictor::{CheckedPrior, DpInference, EpisodePrior, Predictor};
use crate::status::Status;

/// The additive (Dirichlet) estimator: after `n0` zeros and `n1` ones,
/// `P(1) = (n1 + α) / (n0 + n1 + 2α)`.
///
/// With `α = 1/2` this is the Krichevsky–Trofimov estimator, the Bayes
/// mixture of all Bernoulli sources under the Jeffreys prior Beta(1/2, 1/2),
/// whose regret against the best Bernoulli source is at most
/// `1/2 · log2 n + 1` bits. With `α = 1` it is Laplace's rule of succession.
///
/// ```
/// use inductive::prelude::*;
///
/// let mut kt = Kt::new();
/// kt.observe([true, true, true]);
/// assert_eq!(kt.predict(), 3.5 / 4.0);
///
/// let mut laplace = Kt::laplace();
/// laplace.observe([true, true, true]);
/// assert_eq!(laplace.predict(), 4.0 / 5.0);
/// ```
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct Kt {
    /// Bits seen (in this episode, when pooled).
    counts: [u64; 2],
    pseudo_count: f64,
    /// `Some` under [`EpisodePrior::Pooled`].
    pool: Option<Box<Pool>>,
}

/// The prior over the bias learned across episodes: a mixture of Betas,
/// updated within the current episode. Under Newton's estimator
/// ([`EpisodePrior::Pooled`]) `c·Beta(α, α)` and one `Beta(α + n1, α + n0)`
/// per past episode; under the Dirichlet process one Beta per block of
/// episodes that may share a bias.
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
struct Pool {
    concentration: f64,
    /// `None` for Newton's estimator.
    inference: Option<DpInference>,
    /// Distinct counts `[n0, n1]` with their prior mass (not normalised);
    /// component 0 is the base, with counts `[0, 0]`.
    components: Vec<([u64; 2], f64)>,
    /// Under the Dirichlet process: every past episode's counts.
    episodes: Vec<[u64; 2]>,
    /// Under exact inference: the episode that was one too many, which was
    /// not absorbed.
    refused: Option<u64>,
    /// Natural-log weight of each component given this episode's bits.
    log_weights: Vec<f64>,
    prediction: f64,
}

impl Pool {
    /// `P(1)` of component `i` after this episode's `counts`.
    fn one(&self, i: usize, alpha: f64, counts: [u64; 2]) -> f64 {
        beta_one(self.components[i].0, alpha, counts)
    }

    /// Weights from the prior masses alone, and the prediction.
    fn start_episode(&mut self, alpha: f64) {
        self.log_weights = self.components.iter().map(|&(_, mass)| mass.ln()).collect();
        self.mix(alpha, [0, 0]);
    }

    /// Absorbs an ended episode's counts into the next episode's prior.
    fn absorb(&mut self, alpha: f64, counts: [u64; 2]) {
        let Some(inference) = self.inference else {
            match self.components[1..].iter_mut().find(|(c, _)| *c == counts) {
                Some((_, mass)) => *mass += 1.0,
                None => self.components.push((counts, 1.0)),
            }
            return;
        };
        if self.refused.is_some() {
            return;
        }
        if inference == DpInference::Exact && self.episodes.len() == MAX_EXACT_EPISODES {
            self.refused = Some(self.episodes.len() as u64);
            return;
        }
        self.episodes.push(counts);
        let blocks = BetaBlocks {
            alpha,
            episodes: &self.episodes,
        };
        let mut merged: Vec<([u64; 2], f64)> = Vec::new();
        let mut visit =
            |block: &[u64; 2], weight: f64| match merged.iter_mut().find(|(c, _)| c == block) {
                Some((_, mass)) => *mass += weight,
                None => merged.push((*block, weight)),
            };
        let base = match inference {
            DpInference::Exact => dirichlet::exact(&blocks, self.concentration, &mut visit),
            DpInference::Gibbs { sweeps, seed } => {
                dirichlet::gibbs(&blocks, self.concentration, sweeps, seed, &mut visit)
            }
        };
        // Sorted, so that the mixture's sums run in one order.
        merged.sort_by_key(|a| a.0);
        self.components = std::iter::once(([0, 0], base)).chain(merged).collect();
    }

    /// Normalises the weights and mixes the components' predictions, with
    /// no allocation (it runs once a bit).
    fn mix(&mut self, alpha: f64, counts: [u64; 2]) {
        let components = &self.components;
        self.prediction = normalize_and_mix(&mut self.log_weights, |i| {
            beta_one(components[i].0, alpha, counts)
        })
        .unwrap_or(0.5);
    }
}

/// Episodes' counts as blocks of the Dirichlet process over the bias: a
/// block's statistic is its summed counts, and its marginal the Beta
/// function ratio `B(α + n1, α + n0) / B(α, α)`.
struct BetaBlocks<'a> {
    alpha: f64,
    episodes: &'a [[u64; 2]],
}

impl Blocks for BetaBlocks<'_> {
    type Block = [u64; 2];

    fn episodes(&self) -> usize {
        self.episodes.len()
    }

    fn empty(&self) -> [u64; 2] {
        [0, 0]
    }

    fn add(&self, block: &mut [u64; 2], e: usize) {
        block[0] += self.episodes[e][0];
        block[1] += self.episodes[e][1];
    }

    fn remove(&self, block: &mut [u64; 2], e: usize) {
        block[0] -= self.episodes[e][0];
        block[1] -= self.episodes[e][1];
    }

    fn log_marginal(&self, &[n0, n1]: &[u64; 2]) -> f64 {
        let ln_beta = |a: f64, b: f64| libm::lgamma(a) + libm::lgamma(b) - libm::lgamma(a + b);
        let a = self.alpha;
        ln_beta(a + n1 as f64, a + n0 as f64) - ln_beta(a, a)
    }
}

/// The KT estimate of `P(1)` after `zeros` zeros and `ones` ones,
/// `(ones + 1/2)/(zeros + ones + 1)` (Krichevsky & Trofimov, 1981): the one
/// written form that the counting predictors (`MarkovKt`, `Ctw`'s nodes,
/// the learning leaves of circuits) share. [`Kt`] itself is the general
/// `Beta(α, α)` form, of which this is `α = 1/2`, bit for bit.
#[inline]
pub(crate) fn kt_estimate(zeros: u32, ones: u32) -> f64 {
    (f64::from(ones) + 0.5) / (f64::from(zeros) + f64::from(ones) + 1.0)
}

/// `P(1)` of `Beta(α + m1, α + m0)` after `[n0, n1]` more bits.
fn beta_one([m0, m1]: [u64; 2], alpha: f64, [n0, n1]: [u64; 2]) -> f64 {
    (m1 as f64 + n1 as f64 + alpha) / ((m0 + m1 + n0 + n1) as f64 + 2.0 * alpha)
}

impl Kt {
    /// The Krichevsky–Trofimov estimator (`α = 1/2`).
    pub fn new() -> Self {
        Self {
            counts: [0, 0],
            pseudo_count: 0.5,
            pool: None,
        }
    }

    /// Laplace's rule of succession (`α = 1`).
    pub fn laplace() -> Self {
        Self {
            counts: [0, 0],
            pseudo_count: 1.0,
            pool: None,
        }
    }

    /// An additive estimator with pseudo-count `α`; fails unless `α` is
    /// finite and positive.
    pub fn with_pseudo_count(pseudo_count: f64) -> Result<Self> {
        if !(Self::MIN_PSEUDO_COUNT..=Self::MAX_PSEUDO_COUNT).contains(&pseudo_count) {
            return Err(Error::InvalidPseudoCount {
                value: pseudo_count,
                min: Self::MIN_PSEUDO_COUNT,
                max: Self::MAX_PSEUDO_COUNT,
            });
        }
        Ok(Self {
            counts: [0, 0],
            pseudo_count,
            pool: None,
        })
    }

    /// Sets what the estimator learns across episodes (the default is
    /// [`EpisodePrior::Shared`]: one bias for every episode, the counts
    /// persist). Under [`EpisodePrior::Pooled`] each episode draws its own
    /// bias and the estimator learns their distribution: the next
    /// episode's prior is `c·Beta(α, α)` plus `Beta(α + n1, α + n0)` for
    /// each past episode's counts, normalised, and within an episode it is
    /// the Bayesian mixture of those Betas: Newton's estimator, not the
    /// Dirichlet-process posterior ([`EpisodePrior::DirichletProcess`] is
    /// that, exactly or by Gibbs sampling). Fails for a concentration that
    /// is not positive and finite.
    ///
    /// **Cost.** A pooled bit costs one term per distinct past count
    /// `[n0, n1]`, so it grows with the distinct episodes seen, up to the
    /// number of count pairs the episode lengths allow (65 for episodes of
    /// 64 bits): 0.24 µs a bit after 10 random-bias episodes of 64 bits,
    /// 0.9–1.3 µs from 100 on, the same at 10,000 (`cargo run --release
    /// --example costs`). Episodes of varied lengths have more distinct
    /// counts, and cost more.
    ///
    /// ```
    /// use inductive::prelude::*;
    ///
    /// // Episodes are all ones or all zeros: a pooled prior learns that a
    /// // bias is extreme, and bets on it after one bit of a new episode.
    /// let mut pooled = Kt::new().with_episode_prior(EpisodePrior::Pooled { concentration: 1.0 })?;
    /// let mut shared = Kt::new();
    /// for e in 0..20 {
    ///     let episode = [e % 2 == 0; 16];
    ///     pooled.observe(episode);
    ///     shared.observe(episode);
    ///     pooled.end_episode();
    ///     shared.end_episode();
    /// }
    /// pooled.update(true);
    /// shared.update(true);
    /// assert!(pooled.predict() > 0.9);
    /// assert!(shared.predict() < 0.6); // half ones, half zeros so far
    /// # Ok::<(), inductive::Error>(())
    /// ```
    pub fn with_episode_prior(mut self, episode_prior: EpisodePrior) -> Result<Self> {
        let (concentration, inference) = match episode_prior.checked()? {
            CheckedPrior::Shared => {
                self.pool = None;
                return Ok(self);
            }
            CheckedPrior::Pooled(c) => (c, None),
            CheckedPrior::DirichletProcess(c, inference) => (c, Some(inference)),
        };
        let mut pool = Pool {
            concentration,
            inference,
            components: vec![([0, 0], concentration)],
            episodes: Vec::new(),
            refused: None,
            log_weights: Vec::new(),
            prediction: 0.5,
        };
        pool.start_episode(self.pseudo_count);
        self.pool = Some(Box::new(pool));
        Ok(self)
    }

    /// Smallest pseudo-count accepted, `2^-20`. After `n` equal bits the
    /// other bit has probability `α/(n + 2α)`, which `f64` can only tell
    /// apart from 0 next to a prediction near 1 while it is at least
    /// `2^-53`: from `2^-20` up, that holds for the first `2^33` (8.6 × 10^9)
    /// bits, so every code length stays finite. A smaller `α` would be
    /// certain after a handful of bits (`α = 10^-17` after one).
    pub const MIN_PSEUDO_COUNT: f64 = 1.0 / (1u64 << 20) as f64;

    /// Largest pseudo-count accepted, `2^40`: far past any prior strength
    /// a sequence of feasible length could move, and far from where
    /// `n + 2α` overflows (`f64::MAX` would predict 0 before any data).
    pub const MAX_PSEUDO_COUNT: f64 = (1u64 << 40) as f64;

    /// The pseudo-count `α`.
    pub fn pseudo_count(&self) -> f64 {
        self.pseudo_count
    }

    /// Zeros and ones seen so far, as `[n0, n1]`.
    pub fn counts(&self) -> [u64; 2] {
        self.counts
    }
}

impl Default for Kt {
    fn default() -> Self {
        Self::new()
    }
}

impl Predictor for Kt {
    #[inline]
    fn predict(&self) -> f64 {
        if let Some(pool) = &self.pool {
            return pool.prediction;
        }
        let [n0, n1] = self.counts;
        (n1 as f64 + self.pseudo_count) / ((n0 + n1) as f64 + 2.0 * self.pseudo_count)
    }

    #[inline]
    fn update(&mut self, bit: bool) {
        if let Some(pool) = &mut self.pool {
            for i in 0..pool.components.len() {
                let one = pool.one(i, self.pseudo_count, self.counts);
                pool.log_weights[i] += if bit { one } else { 1.0 - one }.ln();
            }
            self.counts[usize::from(bit)] += 1;
            pool.mix(self.pseudo_count, self.counts);
        } else {
            self.counts[usize::from(bit)] += 1;
        }
    }

    /// [`EpisodePrior::Shared`] (the default): one bias for every episode,
    /// so the counts persist (wrap it in
    /// [`Restart`](crate::adapters::Restart) for an estimator that starts
    /// afresh in each). [`EpisodePrior::Pooled`]: the episode's counts join
    /// the pool and the next episode starts from the pooled prior.
    /// [`EpisodePrior::DirichletProcess`]: the next episode's prior is the
    /// Dirichlet-process posterior predictive over the partitions of every
    /// past episode (exact, or by Gibbs sampling); it costs `O(3^n)` (exact)
    /// or `O(sweeps·n·blocks)` at the `n`-th episode end.
    fn end_episode(&mut self) {
        let Some(pool) = &mut self.pool else {
            return;
        };
        let counts = std::mem::take(&mut self.counts);
        pool.absorb(self.pseudo_count, counts);
        pool.start_episode(self.pseudo_count);
    }

    /// `Failed` once exact Dirichlet-process inference was given more
    /// episodes than it sums over (the prior stays that of the episodes
    /// before).
    fn status(&self) -> Status {
        match self.pool.as_ref().and_then(|p| p.refused) {
            Some(episode) => Status::Failed(Error::TooLarge {
                what: "episodes for the exact Dirichlet-process posterior (the last was not absorbed)",
                count: u128::from(episode) + 1,
                limit: MAX_EXACT_EPISODES as u128,
                hint: "use DpInference::Gibbs for more episodes",
            }),
            None => Status::Healthy,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::PredictorExt;

    /// The KT block probability in closed form:
    /// Γ(n0+½)Γ(n1+½) / (π Γ(n+1)), computed here as a product of rationals.
    fn kt_block_probability(n0: u64, n1: u64) -> f64 {
        let half_rising = |n: u64| (0..n).map(|i| i as f64 + 0.5).product::<f64>();
        let factorial = (1..=n0 + n1).map(|i| i as f64).product::<f64>();
        half_rising(n0) * half_rising(n1) / factorial
    }

    #[test]
    fn block_probability_depends_only_on_counts() {
        let seqs: [&[bool]; 3] = [
            &[true, true, false, false, true],
            &[false, true, true, true, false],
            &[true, false, true, false, true],
        ];
        for bits in seqs {
            let n1 = bits.iter().filter(|b| **b).count() as u64;
            let n0 = bits.len() as u64 - n1;
            let expected = -kt_block_probability(n0, n1).log2();
            assert!((Kt::new().observe(bits) - expected).abs() < 1e-12);
        }
    }

    #[test]
    fn rejects_bad_pseudo_counts() {
        for bad in [
            0.0,
            -0.5,
            f64::NAN,
            f64::INFINITY,
            f64::MAX,
            1e-17,
            f64::MIN_POSITIVE,
            5e-324,
            Kt::MIN_PSEUDO_COUNT / 2.0,
            Kt::MAX_PSEUDO_COUNT * 2.0,
        ] {
            assert!(Kt::with_pseudo_count(bad).is_err(), "{bad}");
        }
        assert!(Kt::with_pseudo_count(Kt::MIN_PSEUDO_COUNT).is_ok());
        assert!(Kt::with_pseudo_count(Kt::MAX_PSEUDO_COUNT).is_ok());
    }

    /// The review's cases: `α = 10^-17` reached `p = 1` after one bit and
    /// `α = f64::MAX` predicted 0 before any data. At the range's ends a
    /// surprise after a long run still has a finite cost, computed here
    /// from the exact rational `α / (n + 2α)`.
    #[test]
    fn the_smallest_pseudo_count_is_never_certain() {
        let alpha = Kt::MIN_PSEUDO_COUNT;
        let mut kt = Kt::with_pseudo_count(alpha).unwrap();
        kt.observe([true; 100_000]);
        let exact = -(alpha / (100_000.0 + 2.0 * alpha)).log2();
        let cost = kt.code_length(false);
        assert!(cost.is_finite());
        assert!((cost - exact).abs() < 1e-6 * exact, "{cost} vs {exact}");
        let big = Kt::with_pseudo_count(Kt::MAX_PSEUDO_COUNT).unwrap();
        assert_eq!(big.predict(), 0.5);
    }

    /// `ln B(a, b)`.
    fn ln_beta(a: f64, b: f64) -> f64 {
        libm::lgamma(a) + libm::lgamma(b) - libm::lgamma(a + b)
    }

    /// Under the pooled prior an episode's code length is, in closed form,
    /// `−log2 Σ_j w_j B(a_j + n1, b_j + n0) / B(a_j, b_j)` over the base
    /// and one Beta per past episode (weights `c` and 1, normalised).
    #[test]
    fn pooled_episodes_cost_the_closed_form() {
        use crate::PredictorExt;
        let (alpha, c) = (0.5, 2.0);
        let mut pooled = Kt::new()
            .with_episode_prior(EpisodePrior::Pooled { concentration: c })
            .unwrap();
        let mut past: Vec<[u64; 2]> = Vec::new();
        for e in 0..40u64 {
            let episode: Vec<bool> = (0..(e % 9) * 3)
                .map(|t| (t * (e + 1) + e) % 5 < e % 4 + 1)
                .collect();
            let n1 = episode.iter().filter(|&&b| b).count() as u64;
            let n0 = episode.len() as u64 - n1;
            let mut terms = vec![(c.ln(), alpha, alpha)];
            terms.extend(
                past.iter()
                    .map(|&[m0, m1]| (0.0, alpha + m1 as f64, alpha + m0 as f64)),
            );
            let total: f64 = terms.iter().map(|t| t.0.exp()).sum();
            let probability: f64 = terms
                .iter()
                .map(|&(lw, a, b)| {
                    (lw + ln_beta(a + n1 as f64, b + n0 as f64) - ln_beta(a, b)).exp()
                })
                .sum::<f64>()
                / total;
            let expected = -probability.log2();
            let got = pooled.observe(&episode);
            assert!(
                (got - expected).abs() < 1e-9 * expected.max(1.0),
                "episode {e}: {got} vs {expected}"
            );
            pooled.end_episode();
            past.push([n0, n1]);
        }
        assert!(
            Kt::new()
                .with_episode_prior(EpisodePrior::Pooled { concentration: 0.0 })
                .is_err()
        );
        assert!(
            Kt::new()
                .with_episode_prior(EpisodePrior::Pooled {
                    concentration: f64::NAN
                })
                .is_err()
        );
    }
}

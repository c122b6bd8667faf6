//! The Dirichlet-process posterior over which past episodes share a
//! hypothesis: exactly, by a sum over the partitions of the episodes, and
//! approximately, by Gibbs sampling of the partition. Both serve
//! [`EpisodePrior::DirichletProcess`](crate::EpisodePrior::DirichletProcess)
//! for every family that supports it.
//!
//! # The model
//!
//! Each episode `e` draws its hypothesis `θ_e` from an unknown `G`, and
//! `G ~ DP(c, π₀)`. Integrating `G` out, episodes fall into blocks
//! ("tables") as in the Chinese restaurant process: a partition `B` of the
//! `n` past episodes has prior probability `c^|B| Π_S (|S| − 1)! / (c)_n`,
//! and the episodes of a block share one `θ ~ π₀`, so the data weigh the
//! partition by `Π_S m(S)`, `m(S) = ∫ Π_{e ∈ S} p(x_e | θ) π₀(dθ)`.
//!
//! The next episode's hypothesis then has the distribution
//!
//! `Q = c/(n + c)·π₀ + Σ_S w(S)·π₀(· | x_S)`,
//! `w(S) = |S|/(n + c) · P(S is a block | x_1..x_n)`,
//!
//! and within the next episode the exact Bayesian prediction is the
//! mixture with prior `Q`. This is the exact posterior predictive of the
//! Dirichlet process: unlike Newton's recursive estimator
//! ([`EpisodePrior::Pooled`](crate::EpisodePrior::Pooled)) it does not
//! depend on the order of the episodes, and it lets episodes that agree
//! pool their evidence.
//!
//! # Exact: a sum over partitions
//!
//! The partitions of `n` episodes are Bell(n) many (4,213,597 for 12), but
//! their sum factorises by blocks: with `f(S) = ln c + ln (|S| − 1)! + ln
//! m(S)` and `Z(T)` the log-sum over the partitions of `T`,
//! `Z(T) = logsumexp_{S ∋ min T, S ⊆ T} f(S) + Z(T \ S)`, a dynamic
//! programme over subsets in `O(3^n)`, and
//! `P(S is a block) = exp(f(S) + Z(U \ S) − Z(U))`. The `2^n` marginals
//! `m(S)` are found by a depth-first walk that adds one episode at a time.
//! Both limit it to [`MAX_EXACT_EPISODES`] episodes.
//!
//! # Approximate: collapsed Gibbs sampling
//!
//! Neal (2000), Algorithm 3: each sweep takes every episode out of its
//! block and puts it back into block `S` with probability proportional to
//! `|S|·m(S ∪ e)/m(S)`, or into a new block with probability proportional
//! to `c·m({e})`. The partition's stationary distribution is the exact
//! posterior, whatever the order of the episodes, so `Q` averaged over the
//! sweeps after a burn-in converges to the exact `Q` as the sweeps grow
//! (measured in `tests/episode_priors.rs`); the draws come from a seed, so
//! equal inputs give equal predictions.

use rand::rngs::StdRng;
use rand::{RngExt, SeedableRng};

use crate::logspace::log_sum_exp;

/// Most episodes the exact posterior sums over: `3^12 = 531,441` steps of
/// the subset programme and `2^12` block marginals per episode end.
pub const MAX_EXACT_EPISODES: usize = 12;

/// A family's hypotheses as blocks of episodes: what the Dirichlet-process
/// posterior needs of it.
pub(crate) trait Blocks {
    /// The sufficient statistic of a block of episodes.
    type Block: Clone;

    /// Episodes recorded so far.
    fn episodes(&self) -> usize;

    /// The block with no episode.
    fn empty(&self) -> Self::Block;

    /// Adds episode `e` to `block`.
    fn add(&self, block: &mut Self::Block, e: usize);

    /// Takes episode `e` out of `block` (it was added).
    fn remove(&self, block: &mut Self::Block, e: usize);

    /// `ln m(S)`: the log marginal likelihood of the block's episodes under
    /// one hypothesis drawn from the base `π₀`.
    fn log_marginal(&self, block: &Self::Block) -> f64;
}

/// `ln (k − 1)!` for `k ≥ 1`.
fn ln_factorial_below(k: usize) -> f64 {
    (1..k).map(|i| (i as f64).ln()).sum()
}

/// The exact posterior: calls `visit(block, w(S))` for every non-empty
/// subset `S` of the episodes whose weight is not zero, and returns the
/// base's share `c/(n + c)`. Needs at most [`MAX_EXACT_EPISODES`]
/// episodes (the caller checks).
pub(crate) fn exact<B: Blocks>(
    family: &B,
    concentration: f64,
    mut visit: impl FnMut(&B::Block, f64),
) -> f64 {
    let n = family.episodes();
    debug_assert!(n <= MAX_EXACT_EPISODES);
    let full = (1usize << n) - 1;
    let mut log_marginal = vec![0.0; 1 << n];
    walk_subsets(family, n, &mut |mask, block| {
        log_marginal[mask] = family.log_marginal(block);
    });
    let ln_c = concentration.ln();
    let f =
        |mask: usize| ln_c + ln_factorial_below(mask.count_ones() as usize) + log_marginal[mask];
    // z[t]: log-sum over the partitions of t of Π_S exp f(S).
    let mut z = vec![f64::NEG_INFINITY; 1 << n];
    z[0] = 0.0;
    let mut terms = Vec::new();
    for t in 1..=full {
        let low = t & t.wrapping_neg();
        let rest = t ^ low;
        terms.clear();
        // Every subset of `rest`, with `low` added: the block holding min t.
        let mut sub = rest;
        loop {
            let block = sub | low;
            terms.push(f(block) + z[t ^ block]);
            if sub == 0 {
                break;
            }
            sub = (sub - 1) & rest;
        }
        z[t] = log_sum_exp(&terms);
    }
    let scale = 1.0 / (n as f64 + concentration);
    let weight = |mask: usize| {
        let share = (f(mask) + z[full ^ mask] - z[full]).exp();
        mask.count_ones() as f64 * scale * share
    };
    walk_subsets(family, n, &mut |mask, block| {
        let w = weight(mask);
        if w > 0.0 {
            visit(block, w);
        }
    });
    concentration * scale
}

/// Calls `visit(mask, block)` for every non-empty subset of `n` episodes,
/// building each block from its parent by one [`Blocks::add`].
fn walk_subsets<B: Blocks>(family: &B, n: usize, visit: &mut impl FnMut(usize, &B::Block)) {
    fn descend<B: Blocks>(
        family: &B,
        n: usize,
        from: usize,
        mask: usize,
        block: &mut B::Block,
        visit: &mut impl FnMut(usize, &B::Block),
    ) {
        for e in from..n {
            family.add(block, e);
            let inner = mask | 1 << e;
            visit(inner, block);
            descend(family, n, e + 1, inner, block, visit);
            family.remove(block, e);
        }
    }
    let mut block = family.empty();
    descend(family, n, 0, 0, &mut block, visit);
}

/// The Gibbs approximation: `sweeps` sweeps of Neal's Algorithm 3 from
/// every episode in a block of its own, the first tenth discarded as
/// burn-in; calls `visit(block, weight)` for every block of every kept
/// sweep (weights summing with the returned base share to 1).
pub(crate) fn gibbs<B: Blocks>(
    family: &B,
    concentration: f64,
    sweeps: u32,
    seed: u64,
    mut visit: impl FnMut(&B::Block, f64),
) -> f64 {
    let n = family.episodes();
    let mut rng = StdRng::seed_from_u64(seed);
    let mut blocks: Vec<(B::Block, usize)> = (0..n)
        .map(|e| {
            let mut block = family.empty();
            family.add(&mut block, e);
            (block, 1)
        })
        .collect();
    let mut of: Vec<usize> = (0..n).collect();
    let mut log_m: Vec<f64> = blocks.iter().map(|(b, _)| family.log_marginal(b)).collect();
    let burn = sweeps / 10;
    let kept = sweeps - burn;
    let scale = 1.0 / ((n as f64 + concentration) * f64::from(kept.max(1)));
    let ln_c = concentration.ln();
    let mut logits = Vec::new();
    for sweep in 0..sweeps {
        for e in 0..n {
            // Take `e` out of its block; drop the block if it empties.
            let k = of[e];
            family.remove(&mut blocks[k].0, e);
            blocks[k].1 -= 1;
            if blocks[k].1 == 0 {
                let last = blocks.len() - 1;
                blocks.swap_remove(k);
                log_m.swap_remove(k);
                if k < last {
                    for owner in of.iter_mut().filter(|o| **o == last) {
                        *owner = k;
                    }
                }
            } else {
                log_m[k] = family.log_marginal(&blocks[k].0);
            }
            // Where it goes back: each block, or a new one.
            logits.clear();
            let mut joined = Vec::with_capacity(blocks.len());
            for ((block, size), &m) in blocks.iter().zip(&log_m) {
                let mut with = block.clone();
                family.add(&mut with, e);
                let m_with = family.log_marginal(&with);
                logits.push((*size as f64).ln() + m_with - m);
                joined.push((with, m_with));
            }
            let mut alone = family.empty();
            family.add(&mut alone, e);
            let m_alone = family.log_marginal(&alone);
            logits.push(ln_c + m_alone);
            let choice = sample_logits(&logits, &mut rng);
            if choice == blocks.len() {
                blocks.push((alone, 1));
                log_m.push(m_alone);
            } else {
                let (with, m_with) = joined.swap_remove(choice);
                blocks[choice] = (with, blocks[choice].1 + 1);
                log_m[choice] = m_with;
            }
            of[e] = choice;
        }
        if sweep >= burn {
            for (block, size) in &blocks {
                visit(block, *size as f64 * scale);
            }
        }
    }
    concentration / (n as f64 + concentration)
}

/// An index drawn with probabilities proportional to `exp(logits)`.
fn sample_logits(logits: &[f64], rng: &mut StdRng) -> usize {
    let top = logits.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    let total: f64 = logits.iter().map(|&l| (l - top).exp()).sum();
    let mut u = rng.random::<f64>() * total;
    for (i, &l) in logits.iter().enumerate() {
        u -= (l - top).exp();
        if u < 0.0 {
            return i;
        }
    }
    logits.len() - 1
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Blocks whose marginal is a fixed number per block, for checking the
    /// partition sum against brute force.
    struct Table(Vec<f64>);

    impl Blocks for Table {
        type Block = usize;
        fn episodes(&self) -> usize {
            (self.0.len() as f64).log2() as usize
        }
        fn empty(&self) -> usize {
            0
        }
        fn add(&self, block: &mut usize, e: usize) {
            *block |= 1 << e;
        }
        fn remove(&self, block: &mut usize, e: usize) {
            *block &= !(1 << e);
        }
        fn log_marginal(&self, block: &usize) -> f64 {
            self.0[*block]
        }
    }

    /// Every set partition of `0..n`, as lists of block masks.
    fn partitions(n: usize) -> Vec<Vec<usize>> {
        if n == 0 {
            return vec![vec![]];
        }
        let mut out = Vec::new();
        for mut p in partitions(n - 1) {
            for i in 0..p.len() {
                let mut q = p.clone();
                q[i] |= 1 << (n - 1);
                out.push(q);
            }
            p.push(1 << (n - 1));
            out.push(p);
        }
        out
    }

    /// The block weights equal a brute-force sum over all partitions
    /// (Bell(6) = 203 of them), and with the base share they sum to 1.
    #[test]
    fn the_subset_programme_equals_the_sum_over_partitions() {
        let n = 6;
        assert_eq!(partitions(n).len(), 203);
        let marginals: Vec<f64> = (0..1usize << n)
            .map(|m| -(((m * 2_654_435_761) % 97) as f64) / 13.0)
            .collect();
        let table = Table(marginals.clone());
        let c = 0.7;
        let mut weights = vec![0.0; 1 << n];
        let base = exact(&table, c, |&mask, w| weights[mask] += w);
        // Brute force: P(partition) ∝ Π c (|S|−1)! m(S).
        let mut expected = vec![0.0; 1 << n];
        let mut total = 0.0;
        for p in partitions(n) {
            let weight: f64 = p
                .iter()
                .map(|&s| {
                    c * ln_factorial_below(s.count_ones() as usize).exp() * marginals[s].exp()
                })
                .product();
            total += weight;
            for &s in &p {
                expected[s] += weight * s.count_ones() as f64 / (n as f64 + c);
            }
        }
        for mask in 1..1usize << n {
            let e = expected[mask] / total;
            assert!(
                (weights[mask] - e).abs() < 1e-14,
                "{mask}: {} vs {e}",
                weights[mask]
            );
        }
        let sum: f64 = base + weights.iter().sum::<f64>();
        assert!((sum - 1.0).abs() < 1e-13, "{sum}");
    }

    /// Gibbs sampling converges to the exact weights: the total variation
    /// between the two shrinks as the sweeps grow.
    #[test]
    fn gibbs_converges_to_the_exact_weights() {
        let n = 5;
        let marginals: Vec<f64> = (0..1usize << n)
            .map(|m| -(((m * 40_503) % 31) as f64) / 7.0)
            .collect();
        let table = Table(marginals);
        let c = 1.3;
        let mut exact_w = vec![0.0; 1 << n];
        exact(&table, c, |&m, w| exact_w[m] += w);
        let distance = |sweeps| {
            let mut w = vec![0.0; 1 << n];
            gibbs(&table, c, sweeps, 7, |&m, x| w[m] += x);
            w.iter()
                .zip(&exact_w)
                .map(|(a, b)| (a - b).abs())
                .sum::<f64>()
                / 2.0
        };
        let (few, many) = (distance(100), distance(20_000));
        assert!(many < few, "{many} vs {few}");
        assert!(many < 0.02, "{many}");
    }
}

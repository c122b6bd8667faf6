//! Episode priors against the exact Dirichlet-process posterior, computed
//! here independently by brute force: a sum over every set partition of
//! the episodes (Bell(n) of them), each weighted by the Chinese
//! restaurant process and the blocks' marginal likelihoods.
//!
//! - `DirichletProcess { inference: Exact }` equals the brute force to
//!   1e-9 bits for `Kt` and for `CircuitMixture`, in every order of the
//!   episodes.
//! - `Gibbs` converges to it as the sweeps grow.
//! - `Pooled` (Newton's recursive estimator) is measured against it: its
//!   distance, printed with `--nocapture`, is the README's table.
//!
//! `cargo test --all-features --test episode_priors -- --nocapture`

mod tier;

use inductive::circuit::{Basis, CircuitMixture, Enumeration, FunctionPrior, Leaf};
use inductive::dirichlet::MAX_EXACT_EPISODES;
use inductive::prelude::*;
use inductive::{DpInference, Status};
use proptest::prelude::*;

/// Every set partition of `0..n`, as block masks.
fn partitions(n: usize) -> Vec<Vec<usize>> {
    if n == 0 {
        return vec![vec![]];
    }
    let mut out = Vec::new();
    for p in partitions(n - 1) {
        for i in 0..p.len() {
            let mut q = p.clone();
            q[i] |= 1 << (n - 1);
            out.push(q);
        }
        let mut q = p;
        q.push(1 << (n - 1));
        out.push(q);
    }
    out
}

/// `Σ_partitions Π_S c·(|S| − 1)!·m(S)`, with `m` a block's marginal
/// likelihood (not its log).
fn partition_sum(n: usize, c: f64, m: &dyn Fn(usize) -> f64) -> f64 {
    let factorial = |k: u32| (1..k).map(f64::from).product::<f64>();
    partitions(n)
        .iter()
        .map(|p| {
            p.iter()
                .map(|&s| c * factorial(s.count_ones()) * m(s))
                .product::<f64>()
        })
        .sum()
}

/// Bits of the new episode under the exact Dirichlet-process posterior:
/// `-log2 P(x_new | x_1..x_n)`, the ratio of the partition sums over
/// `n + 1` and `n` episodes (the new one last), times `1/(n + c)`.
fn brute_force_bits(past: usize, c: f64, m: &dyn Fn(usize) -> f64) -> f64 {
    let with = partition_sum(past + 1, c, m);
    let without = partition_sum(past, c, m);
    -(with / (without * (past as f64 + c))).log2()
}

fn counts(bits: &[bool]) -> [f64; 2] {
    let ones = bits.iter().filter(|&&b| b).count() as f64;
    [bits.len() as f64 - ones, ones]
}

/// `B(α + n1, α + n0) / B(α, α)` for the summed counts of a block.
fn beta_marginal(episodes: &[Vec<bool>], alpha: f64, mask: usize) -> f64 {
    let [mut n0, mut n1] = [0.0, 0.0];
    for (e, bits) in episodes.iter().enumerate() {
        if mask >> e & 1 == 1 {
            let [z, o] = counts(bits);
            n0 += z;
            n1 += o;
        }
    }
    let ln_beta = |a: f64, b: f64| libm::lgamma(a) + libm::lgamma(b) - libm::lgamma(a + b);
    (ln_beta(alpha + n1, alpha + n0) - ln_beta(alpha, alpha)).exp()
}

/// Code length of the last episode after the others, under `prior`.
fn last_episode_bits<P: Predictor>(mut model: P, episodes: &[Vec<bool>]) -> f64 {
    let (last, past) = episodes.split_last().unwrap();
    for e in past {
        model.observe(e);
        model.end_episode();
    }
    model.observe(last)
}

fn exact(concentration: f64) -> EpisodePrior {
    EpisodePrior::DirichletProcess {
        concentration,
        inference: DpInference::Exact,
    }
}

fn gibbs(concentration: f64, sweeps: u32) -> EpisodePrior {
    EpisodePrior::DirichletProcess {
        concentration,
        inference: DpInference::Gibbs { sweeps, seed: 1 },
    }
}

/// The circuits of the tests: every function of the last 2 bits.
fn circuits() -> CircuitMixture {
    let all = Enumeration::smallest(2, &Basis::Full, 3).unwrap();
    CircuitMixture::new(&all, FunctionPrior::SmallestCircuit, Leaf::Noisy(0.1)).unwrap()
}

/// `p(x | f)` for a noisy-leaf function of the last 2 bits (missing past
/// bits are zeros; input `x1`, bit 0 of the context, is the last bit).
fn noisy_likelihood(table: u64, bits: &[bool], eps: f64) -> f64 {
    let mut p = 1.0;
    for t in 0..bits.len() {
        let back = |k: usize| t >= k && bits[t - k];
        let context = usize::from(back(1)) | usize::from(back(2)) << 1;
        let out = table >> context & 1 == 1;
        p *= if out == bits[t] { 1.0 - eps } else { eps };
    }
    p
}

/// `m(S) = Σ_f π₀(f) Π_{e ∈ S} p(x_e | f)` over the circuits' functions.
fn circuit_marginal(episodes: &[Vec<bool>], mask: usize) -> f64 {
    let fresh = circuits();
    let prior: Vec<f64> = fresh.log_prior().iter().map(|l| l.exp()).collect();
    let total: f64 = prior.iter().sum();
    fresh
        .tables()
        .iter()
        .zip(&prior)
        .map(|(&table, &p)| {
            let likelihood: f64 = episodes
                .iter()
                .enumerate()
                .filter(|(e, _)| mask >> e & 1 == 1)
                .map(|(_, bits)| noisy_likelihood(table, bits, 0.1))
                .product();
            p / total * likelihood
        })
        .sum()
}

fn episodes_strategy(count: std::ops::Range<usize>) -> impl Strategy<Value = Vec<Vec<bool>>> {
    prop::collection::vec(prop::collection::vec(any::<bool>(), 0..7), count)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(tier::cases(256)))]

    /// Exact inference for `Kt` equals the brute-force partition sum.
    #[test]
    fn kt_exact_equals_the_partition_sum(
        episodes in episodes_strategy(2..6),
        c in 0.1..5.0f64,
        alpha in prop::sample::select(vec![0.5, 1.0, 2.0]),
    ) {
        let n = episodes.len() - 1;
        let expected = brute_force_bits(n, c, &|s| beta_marginal(&episodes, alpha, s));
        let model = Kt::with_pseudo_count(alpha).unwrap().with_episode_prior(exact(c)).unwrap();
        let got = last_episode_bits(model, &episodes);
        prop_assert!((got - expected).abs() < 1e-9, "{} vs {}", got, expected);
    }

    /// Exact inference for a circuit mixture equals the brute-force
    /// partition sum over its functions.
    #[test]
    fn circuit_exact_equals_the_partition_sum(
        episodes in episodes_strategy(2..5),
        c in 0.1..5.0f64,
    ) {
        let n = episodes.len() - 1;
        let expected = brute_force_bits(n, c, &|s| circuit_marginal(&episodes, s));
        let model = circuits().with_episode_prior(exact(c)).unwrap();
        let got = last_episode_bits(model, &episodes);
        prop_assert!((got - expected).abs() < 1e-9, "{} vs {}", got, expected);
    }

    /// The exact posterior does not depend on the order of the past
    /// episodes.
    #[test]
    fn exact_inference_ignores_the_order_of_episodes(
        episodes in episodes_strategy(3..6),
        c in 0.1..5.0f64,
    ) {
        let mut reversed = episodes.clone();
        let last = reversed.pop().unwrap();
        reversed.reverse();
        reversed.push(last);
        let kt = |e: &[Vec<bool>]| last_episode_bits(Kt::new().with_episode_prior(exact(c)).unwrap(), e);
        prop_assert!((kt(&episodes) - kt(&reversed)).abs() < 1e-9);
        let circ = |e: &[Vec<bool>]| last_episode_bits(circuits().with_episode_prior(exact(c)).unwrap(), e);
        prop_assert!((circ(&episodes) - circ(&reversed)).abs() < 1e-9);
    }
}

fn bits(text: &str) -> Vec<bool> {
    text.bytes().map(|b| b == b'1').collect()
}

/// The case of the review: `Kt`'s Newton estimator is 0.57 bits off the
/// exact posterior on `11111111, 11111111, 00000000, 11111111, 00000000`,
/// then `101`; the exact value is pinned from the brute-force sum.
#[test]
fn kt_newton_against_exact_on_the_reviewed_case() {
    let episodes: Vec<Vec<bool>> = [
        "11111111", "11111111", "00000000", "11111111", "00000000", "101",
    ]
    .iter()
    .map(|t| bits(t))
    .collect();
    let brute = brute_force_bits(5, 1.0, &|s| beta_marginal(&episodes, 0.5, s));
    let exact_bits =
        last_episode_bits(Kt::new().with_episode_prior(exact(1.0)).unwrap(), &episodes);
    let newton = last_episode_bits(
        Kt::new()
            .with_episode_prior(EpisodePrior::Pooled { concentration: 1.0 })
            .unwrap(),
        &episodes,
    );
    println!(
        "Kt, reviewed case: exact {exact_bits:.4} bits (brute force {brute:.4}), Newton {newton:.4}"
    );
    assert!((exact_bits - brute).abs() < 1e-9);
    assert!((exact_bits - 5.493).abs() < 5e-4, "{exact_bits}");
    assert!((newton - 4.923).abs() < 5e-4, "{newton}");
}

/// Newton's estimator in a circuit mixture depends on the order of the
/// episodes; the exact posterior does not. Measured on episodes of two
/// kinds (copy the last bit, flip it), the largest change of a next-bit
/// prediction over the orders of the past episodes.
#[test]
fn newton_depends_on_order_and_exact_does_not() {
    let kinds = ["0000000", "1111111", "0101010", "1010101"];
    let orders: [[usize; 4]; 3] = [[0, 1, 2, 3], [2, 3, 0, 1], [0, 2, 1, 3]];
    let probe = bits("01");
    let spread = |prior: EpisodePrior| {
        let predictions: Vec<f64> = orders
            .iter()
            .map(|order| {
                let mut m = circuits().with_episode_prior(prior).unwrap();
                for &k in order {
                    m.observe(bits(kinds[k]));
                    m.end_episode();
                }
                m.observe(&probe);
                m.predict()
            })
            .collect();
        let max = predictions.iter().copied().fold(f64::MIN, f64::max);
        let min = predictions.iter().copied().fold(f64::MAX, f64::min);
        max - min
    };
    let newton = spread(EpisodePrior::Pooled { concentration: 1.0 });
    let exact_spread = spread(exact(1.0));
    println!("circuits, order spread of P(1): Newton {newton:.4}, exact {exact_spread:.2e}");
    assert!(newton > 1e-3, "{newton}");
    assert!(exact_spread < 1e-12, "{exact_spread}");
}

/// Newton's estimator against the exact posterior over random small
/// cases: the mean and largest gap in bits per episode, printed for the
/// README (and bounded here so a change is seen).
#[test]
fn newton_distance_from_exact_is_measured() {
    use rand::{RngExt, SeedableRng};
    let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(22);
    let mut report = Vec::new();
    for (name, family) in [("Kt", 0), ("circuits", 1)] {
        let (mut sum, mut worst, trials) = (0.0f64, 0.0f64, 40);
        for _ in 0..trials {
            let n = rng.random_range(3..6);
            let episodes: Vec<Vec<bool>> = (0..n)
                .map(|_| {
                    let bias: f64 = if rng.random::<bool>() { 0.9 } else { 0.1 };
                    (0..8).map(|_| rng.random::<f64>() < bias).collect()
                })
                .collect();
            let (e, p) = if family == 0 {
                (
                    last_episode_bits(Kt::new().with_episode_prior(exact(1.0)).unwrap(), &episodes),
                    last_episode_bits(
                        Kt::new()
                            .with_episode_prior(EpisodePrior::Pooled { concentration: 1.0 })
                            .unwrap(),
                        &episodes,
                    ),
                )
            } else {
                (
                    last_episode_bits(
                        circuits().with_episode_prior(exact(1.0)).unwrap(),
                        &episodes,
                    ),
                    last_episode_bits(
                        circuits()
                            .with_episode_prior(EpisodePrior::Pooled { concentration: 1.0 })
                            .unwrap(),
                        &episodes,
                    ),
                )
            };
            sum += (p - e).abs();
            worst = worst.max((p - e).abs());
        }
        report.push((name, sum / f64::from(trials), worst));
    }
    for (name, mean, worst) in &report {
        println!(
            "{name}: Newton vs exact, |Δ bits| on the last 8-bit episode: mean {mean:.3}, max {worst:.3}"
        );
        assert!(*worst > 0.0 && *worst < 8.0, "{name}: {worst}");
    }
}

/// Gibbs sampling converges to the exact posterior: over seeds 1–5, the
/// gap in bits on the last episode at 4,000 sweeps is small for every
/// seed; the range at 40 and 4,000 sweeps is printed for the README.
#[test]
fn gibbs_converges_to_exact() {
    let episodes: Vec<Vec<bool>> = ["1111110", "0000001", "1111111", "0101010", "1110111", "11"]
        .iter()
        .map(|t| bits(t))
        .collect();
    let sampled = |sweeps, seed| EpisodePrior::DirichletProcess {
        concentration: 1.0,
        inference: DpInference::Gibbs { sweeps, seed },
    };
    let kt_exact = last_episode_bits(Kt::new().with_episode_prior(exact(1.0)).unwrap(), &episodes);
    let circuits_exact = last_episode_bits(
        circuits().with_episode_prior(exact(1.0)).unwrap(),
        &episodes,
    );
    for sweeps in [40, 4_000] {
        let (mut kt, mut circ) = (Vec::new(), Vec::new());
        for seed in 1..=5 {
            let prior = sampled(sweeps, seed);
            kt.push(
                (last_episode_bits(Kt::new().with_episode_prior(prior).unwrap(), &episodes)
                    - kt_exact)
                    .abs(),
            );
            circ.push(
                (last_episode_bits(circuits().with_episode_prior(prior).unwrap(), &episodes)
                    - circuits_exact)
                    .abs(),
            );
        }
        let range = |v: &[f64]| {
            (
                v.iter().copied().fold(f64::MAX, f64::min),
                v.iter().copied().fold(0.0, f64::max),
            )
        };
        let ((k0, k1), (c0, c1)) = (range(&kt), range(&circ));
        println!(
            "Gibbs vs exact, |Δ bits|, seeds 1–5, {sweeps} sweeps: Kt {k0:.4}–{k1:.4}, circuits {c0:.4}–{c1:.4}"
        );
        if sweeps == 4_000 {
            assert!(k1 < 0.02 && c1 < 0.02, "{kt:?} {circ:?}");
        }
    }
}

/// Exact inference past its limit: the episode is not absorbed, the prior
/// stays, and the status says so; Gibbs takes any number.
#[test]
fn exact_inference_refuses_episodes_past_its_limit() {
    let mut kt = Kt::new().with_episode_prior(exact(1.0)).unwrap();
    for e in 0..MAX_EXACT_EPISODES {
        kt.observe(bits(if e % 2 == 0 { "111" } else { "000" }));
        kt.end_episode();
        assert_eq!(kt.status(), Status::Healthy);
    }
    let before = kt.clone();
    kt.observe(bits("111"));
    kt.end_episode();
    assert!(matches!(
        kt.status(),
        Status::Failed(inductive::Error::TooLarge { .. })
    ));
    assert_eq!(kt.predict(), before.predict());
    let mut circuits = circuits().with_episode_prior(exact(1.0)).unwrap();
    for _ in 0..=MAX_EXACT_EPISODES {
        circuits.observe(bits("0101"));
        circuits.end_episode();
    }
    assert!(matches!(circuits.status(), Status::Failed(_)));
    let mut sampled = Kt::new().with_episode_prior(gibbs(1.0, 20)).unwrap();
    for _ in 0..3 * MAX_EXACT_EPISODES {
        sampled.observe(bits("1101"));
        sampled.end_episode();
    }
    assert_eq!(sampled.status(), Status::Healthy);
}

#[test]
fn bad_dirichlet_process_parameters_are_errors() {
    for c in [0.0, -1.0, f64::NAN, f64::INFINITY] {
        assert!(Kt::new().with_episode_prior(exact(c)).is_err());
        assert!(circuits().with_episode_prior(exact(c)).is_err());
    }
    assert!(Kt::new().with_episode_prior(gibbs(1.0, 9)).is_err());
    use inductive::solomonoff::{BrainPhoque, ProgramPrior, Solomonoff};
    let machine = BrainPhoque::new(2, 4).unwrap().start();
    let solomonoff = Solomonoff::new(machine, 4, 50, ProgramPrior::Length).unwrap();
    assert!(matches!(
        solomonoff.with_episode_prior(exact(1.0)),
        Err(inductive::Error::Unsupported { .. })
    ));
}

/// The review's reproduction for `Solomonoff` (BrainPhoque(2, 2), L = 7,
/// 300 steps, c = 1): Newton's estimator after episodes `01`, `010101` and
/// then `01` predicts P(1) = 0.357, and with the first two swapped 0.0077
/// (the exact Dirichlet-process value in both orders, by the review's
/// independent computation). Pinned so that the documented gap is a
/// measurement.
#[test]
fn solomonoff_newton_depends_on_order() {
    use inductive::solomonoff::{BrainPhoque, ProgramPrior, Solomonoff};
    let run = |order: [&str; 3]| {
        let machine = BrainPhoque::new(2, 2).unwrap().start();
        let mut m = Solomonoff::new(machine, 7, 300, ProgramPrior::Length)
            .unwrap()
            .with_episode_prior(EpisodePrior::Pooled { concentration: 1.0 })
            .unwrap();
        for (i, episode) in order.iter().enumerate() {
            m.observe(bits(episode));
            if i < 2 {
                m.end_episode();
            }
        }
        m.predict()
    };
    let (first, swapped) = (run(["01", "010101", "01"]), run(["010101", "01", "01"]));
    println!("Solomonoff, Newton's P(1): {first:.4} in one order, {swapped:.4} in the other");
    assert!((first - 0.357).abs() < 5e-4, "{first}");
    assert!((swapped - 0.0077).abs() < 5e-5, "{swapped}");
}

//! Circuit enumeration against published values and an independent brute
//! force; the mixture against a direct sum from the definition and its
//! Bayes regret bound.

mod tier;

use std::sync::OnceLock;

use inductive::circuit::{
    Basis, CircuitMixture, Enumeration, FunctionPrior, Leaf, Op, circuit_bits, min_circuit_sizes,
};
use inductive::prelude::*;
use inductive::sources::{CircuitSource, Source};
use proptest::prelude::*;
use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;

fn four_input_sizes() -> &'static Vec<Option<u8>> {
    static SIZES: OnceLock<Vec<Option<u8>>> = OnceLock::new();
    SIZES.get_or_init(|| min_circuit_sizes(4, Basis::Full, 7).unwrap())
}

/// Knuth, TAOCP 4A, §7.1.2: the numbers of 4-variable functions of cost
/// 0, 1, …, 7 (full binary basis, complements free).
#[test]
fn four_inputs_reproduce_knuths_table() {
    let mut histogram = [0usize; 8];
    for size in four_input_sizes() {
        histogram[usize::from(size.expect("every 4-input function needs at most 7 gates"))] += 1;
    }
    assert_eq!(histogram, [10, 60, 456, 2474, 10624, 24184, 25008, 2720]);
}

#[test]
fn every_witness_computes_its_function_with_the_minimum_gates() {
    // A budget of 8 stops at the level where every function is explained.
    let all = Enumeration::smallest(4, &Basis::Full, 8).unwrap();
    assert_eq!(all.functions().len(), 65_536);
    for f in all.functions() {
        assert_eq!(
            f.witness.truth_table().as_u64(),
            Some(f.table),
            "{}",
            f.witness
        );
        assert_eq!(f.witness.size(), f.min_gates, "{}", f.witness);
    }
}

/// Every straight-line program up to `max_gates` gates, with no pruning
/// and no symmetry: the smallest size at which each table appears.
fn brute_force(inputs: usize, ops: &[Op], constants: bool, max_gates: usize) -> Vec<u8> {
    let bits = 1 << inputs;
    let mask: u64 = (1u64 << bits) - 1;
    let mut signals: Vec<u64> = (0..inputs)
        .map(|i| {
            (0..bits)
                .filter(|x| x >> i & 1 == 1)
                .fold(0u64, |t, x| t | 1 << x)
        })
        .collect();
    if constants {
        signals.extend([0, mask]);
    }
    let mut best = vec![u8::MAX; 1 << bits];
    for &s in &signals {
        best[s as usize] = 0;
    }
    fn go(signals: &mut Vec<u64>, ops: &[Op], mask: u64, depth: u8, max: u8, best: &mut [u8]) {
        if depth == max {
            return;
        }
        let n = signals.len();
        for a in 0..n {
            for b in a..n {
                for op in ops {
                    let t = op.apply(signals[a], signals[b]) & mask;
                    best[t as usize] = best[t as usize].min(depth + 1);
                    signals.push(t);
                    go(signals, ops, mask, depth + 1, max, best);
                    signals.pop();
                }
            }
        }
    }
    go(&mut signals, ops, mask, 0, max_gates as u8, &mut best);
    best
}

#[test]
fn three_inputs_agree_with_brute_force() {
    let full_ops: Vec<Op> = Op::all().filter(|op| op.uses_a() && op.uses_b()).collect();
    let raw = brute_force(3, &full_ops, false, 4);
    let sizes = min_circuit_sizes(3, Basis::Full, 4).unwrap();
    for t in 0..256usize {
        // Knuth's convention: constants are free, complements are free.
        let mut expected = raw[t].min(raw[255 - t]);
        if t == 0 || t == 255 {
            expected = 0;
        }
        assert_eq!(sizes[t], Some(expected), "table {t:08b}");
    }

    for (basis, ops) in [
        (Basis::Nand, vec![Op::NAND]),
        (Basis::AndOrNot, vec![Op::AND, Op::OR, Op::NOT]),
    ] {
        let raw = brute_force(3, &ops, true, 4);
        let sizes = min_circuit_sizes(3, basis.clone(), 4).unwrap();
        for t in 0..256usize {
            let expected = (raw[t] != u8::MAX).then_some(raw[t]);
            assert_eq!(sizes[t], expected, "{basis:?}, table {t:08b}");
        }
    }
}

/// The truth table of `f` with its inputs permuted and negated.
fn transform(table: u64, perm: &[usize; 4], negate: usize) -> u64 {
    (0..16).fold(0, |g, y: usize| {
        let mut x = 0;
        for (i, &p) in perm.iter().enumerate() {
            x |= (((y >> i) & 1) ^ ((negate >> i) & 1)) << p;
        }
        g | (((table >> x) & 1) << y)
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(tier::cases(256)))]

    #[test]
    fn complexity_is_invariant_under_symmetry(
        f in 0u64..65_536,
        perm in Just([0usize, 1, 2, 3]).prop_shuffle(),
        negate in 0usize..16,
    ) {
        let sizes = four_input_sizes();
        let g = transform(f, &perm, negate);
        prop_assert_eq!(sizes[f as usize], sizes[g as usize]);
        prop_assert_eq!(sizes[f as usize], sizes[(!f & 0xFFFF) as usize]);
    }
}

#[test]
fn counting_enumeration_counts_one_gate_circuits() {
    // Two inputs, one gate: the five normal gates on (x1, x2) each compute
    // one normal function, once; their complements share the circuit.
    let e = Enumeration::new(2, &Basis::Full, 1).unwrap();
    assert_eq!(e.functions().len(), 16);
    let one_gate: Vec<_> = e.functions().iter().filter(|f| f.min_gates == 1).collect();
    assert_eq!(one_gate.len(), 10);
    for f in one_gate {
        assert_eq!(f.circuits_by_size, vec![0, 1], "{:04b}", f.table);
    }
    assert!(
        Enumeration::smallest(2, &Basis::Full, 1)
            .unwrap()
            .functions()[0]
            .circuits_by_size
            .is_empty()
    );
}

#[test]
fn enumerations_refuse_impossible_sizes() {
    assert!(matches!(
        Enumeration::new(0, &Basis::Full, 2),
        Err(Error::InvalidSize { .. })
    ));
    assert!(matches!(
        Enumeration::new(7, &Basis::Full, 2),
        Err(Error::InvalidSize { .. })
    ));
    assert!(matches!(
        Enumeration::new(3, &Basis::Full, 9),
        Err(Error::InvalidSize { .. })
    ));
    assert!(matches!(
        min_circuit_sizes(5, Basis::Full, 3),
        Err(Error::InvalidSize { .. })
    ));
    assert!(matches!(
        Enumeration::new(2, &Basis::Custom(vec![]), 2),
        Err(Error::InvalidBasis { .. })
    ));
    let e = Enumeration::smallest(2, &Basis::Full, 1).unwrap();
    assert!(matches!(
        CircuitMixture::new(&e, FunctionPrior::SumOverCircuits, Leaf::Learning),
        Err(Error::Incompatible { .. })
    ));
    for eps in [0.0, -0.1, 0.51, f64::NAN] {
        assert!(CircuitMixture::new(&e, FunctionPrior::SmallestCircuit, Leaf::Noisy(eps)).is_err());
    }
}

/// `P(x_t | x_<t)` of function `table` (over `k` inputs, zero past) under a leaf.
fn leaf_probability(table: u64, k: usize, history: &[bool], leaf: Leaf) -> f64 {
    let context = |t: usize| -> usize {
        (1..=k).fold(0, |c, i| {
            c | (usize::from(t >= i && history[t - i]) << (i - 1))
        })
    };
    let t = history.len() - 1;
    let out = (table >> context(t)) & 1 == 1;
    let p_one = match leaf {
        Leaf::Noisy(eps) => {
            if out {
                1.0 - eps
            } else {
                eps
            }
        }
        Leaf::Learning => {
            let (mut n0, mut n1) = (0.0, 0.0);
            for (s, &seen) in history.iter().enumerate().take(t) {
                if ((table >> context(s)) & 1 == 1) == out {
                    if seen {
                        n1 += 1.0;
                    } else {
                        n0 += 1.0;
                    }
                }
            }
            (n1 + 0.5) / (n0 + n1 + 1.0)
        }
    };
    if history[t] { p_one } else { 1.0 - p_one }
}

/// The circuit prior of the 16 functions of two inputs, from sizes known
/// by hand: constants, inputs and their complements need 0 gates, the
/// other ten 1 gate. Unnormalised.
fn two_input_prior() -> Vec<f64> {
    let zero_gate = [0b0000u64, 0b1111, 0b1010, 0b0101, 0b1100, 0b0011];
    (0..16u64)
        .map(|t| {
            2f64.powf(-circuit_bits(
                2,
                10,
                if zero_gate.contains(&t) { 0 } else { 1 },
                true,
            ))
        })
        .collect()
}

/// `Π_s P_f(x_s | x_<s)` of function `table` over `bits` (zero past).
fn likelihood(table: u64, bits: &[bool], leaf: Leaf) -> f64 {
    (0..bits.len())
        .map(|s| leaf_probability(table, 2, &bits[..=s], leaf))
        .product()
}

/// The mixture's prediction from its definition: `Σ_f prior(f)·L_f(x)·P_f(1|x)`
/// over `Σ_f prior(f)·L_f(x)`, over the 16 functions of two inputs.
/// Feeds `bits` to `mixture`, checking before each bit and after the last
/// that it predicts what the direct sum under `prior` does, to 1e-12.
fn follows_the_direct_sum(
    mixture: &mut CircuitMixture,
    prior: &[f64],
    bits: &[bool],
    leaf: Leaf,
) -> Result<(), TestCaseError> {
    for t in 0..=bits.len() {
        let expected = direct_prediction(prior, &bits[..t], leaf);
        prop_assert!(
            (mixture.predict() - expected).abs() < 1e-12,
            "{leaf:?} step {t}: {} vs {expected}",
            mixture.predict()
        );
        if t < bits.len() {
            mixture.update(bits[t]);
        }
    }
    Ok(())
}

fn direct_prediction(prior: &[f64], history: &[bool], leaf: Leaf) -> f64 {
    let mut next = history.to_vec();
    next.push(true);
    let (mut total, mut ones) = (0.0, 0.0);
    for table in 0..16u64 {
        let weight = prior[table as usize] * likelihood(table, history, leaf);
        total += weight;
        ones += weight * leaf_probability(table, 2, &next, leaf);
    }
    ones / total
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(tier::cases(256)))]

    #[test]
    fn two_input_mixture_equals_the_direct_sum(bits in prop::collection::vec(any::<bool>(), 0..40)) {
        let all = Enumeration::smallest(2, &Basis::Full, 2).unwrap();
        for leaf in [Leaf::Noisy(0.1), Leaf::Learning] {
            let mut mixture = CircuitMixture::new(&all, FunctionPrior::SmallestCircuit, leaf).unwrap();
            for t in 0..=bits.len() {
                let expected = direct_prediction(&two_input_prior(), &bits[..t], leaf);
                prop_assert!((mixture.predict() - expected).abs() < 1e-12,
                    "{leaf:?} step {t}: {} vs {expected}", mixture.predict());
                if t < bits.len() {
                    mixture.update(bits[t]);
                }
            }
        }
    }

    /// Bayes: the mixture's code length is at most `-log2 prior(f)` plus
    /// the code length of `f`'s own leaf model, for every `f`.
    #[test]
    fn regret_is_bounded_by_the_prior(seed in any::<u64>(), noise in 0.01f64..0.3) {
        let all = three_input_functions();
        let mut rng = ChaCha8Rng::seed_from_u64(seed);
        let mut source = CircuitSource::sample_from_prior(all, FunctionPrior::SmallestCircuit, noise, &mut rng).unwrap();
        let sample = source.sample(150, &mut rng).unwrap();
        let generator = source.circuit().truth_table().as_u64().unwrap();
        for leaf in [Leaf::Noisy(noise), Leaf::Learning] {
            let mut mixture = CircuitMixture::new(all, FunctionPrior::SmallestCircuit, leaf).unwrap();
            let index = mixture.tables().iter().position(|&t| t == generator).unwrap();
            let log2_prior = mixture.log_prior()[index] / std::f64::consts::LN_2;
            let own: f64 = (0..sample.len())
                .map(|t| -leaf_probability(generator, 3, &sample.bits()[..=t], leaf).log2())
                .sum();
            let code = mixture.observe(sample.bits());
            prop_assert!(code <= -log2_prior + own + 1e-9, "{leaf:?}: {code} > {} + {own}", -log2_prior);
        }
    }
}

fn three_input_functions() -> &'static Enumeration {
    static ALL: OnceLock<Enumeration> = OnceLock::new();
    ALL.get_or_init(|| Enumeration::smallest(3, &Basis::Full, 4).unwrap())
}

#[test]
fn sum_prior_weights_functions_with_many_circuits_more() {
    let counted = Enumeration::new(3, &Basis::Full, 3).unwrap();
    let sum = inductive::circuit::log_prior(&counted, FunctionPrior::SumOverCircuits).unwrap();
    let smallest = inductive::circuit::log_prior(&counted, FunctionPrior::SmallestCircuit).unwrap();
    for weights in [&sum, &smallest] {
        let total: f64 = weights.iter().map(|w| w.exp()).sum();
        assert!((total - 1.0).abs() < 1e-12);
    }
    // Both priors favour x1 & x2 (one gate) over x1 & x2 & x3 (two gates).
    let index = |t: u64| {
        counted
            .functions()
            .iter()
            .position(|f| f.table == t)
            .unwrap()
    };
    let and2 = index(0b1000_1000);
    let and3 = index(0b1000_0000);
    assert!(sum[and2] > sum[and3] && smallest[and2] > smallest[and3]);
}

#[test]
fn learning_leaves_explain_what_they_learned() {
    let all = three_input_functions();
    let mut mixture =
        CircuitMixture::new(all, FunctionPrior::SmallestCircuit, Leaf::Learning).unwrap();
    // The next bit copies x2 (two steps back) with probability ~0.9.
    let mut rng = ChaCha8Rng::seed_from_u64(4);
    let mut bits = vec![false, true];
    for t in 2..600 {
        let copy = bits[t - 2];
        bits.push(if rand::RngExt::random_bool(&mut rng, 0.9) {
            copy
        } else {
            !copy
        });
    }
    mixture.observe(&bits);
    // Under learning leaves `x2` and `!x2` are the same predictor (each
    // output value learns its own bias), so they share the belief equally.
    let top = mixture.explain(2);
    let mut names: Vec<&str> = top
        .iter()
        .map(|h| h.description.split("   ").next().unwrap())
        .collect();
    names.sort();
    assert_eq!(names, ["out = !x2", "out = x2"], "{top:?}");
    assert!((top[0].weight - top[1].weight).abs() < 1e-9);
    assert!(top[0].weight + top[1].weight > 0.99, "{top:?}");
    assert!(
        top[0].description.contains("= 0.9") || top[0].description.contains("= 0.8"),
        "{}",
        top[0]
    );
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(tier::cases(256)))]

    /// Ending an episode is Bayes over episodes: during the next episode the
    /// weight of f is prior(f) × L_f(episode 1) × L_f(episode 2 so far),
    /// each episode starting from a zero past with fresh leaves.
    #[test]
    fn episodes_are_bayes_over_episodes(
        first in prop::collection::vec(any::<bool>(), 1..25),
        second in prop::collection::vec(any::<bool>(), 0..25),
    ) {
        let all = Enumeration::smallest(2, &Basis::Full, 2).unwrap();
        for leaf in [Leaf::Noisy(0.2), Leaf::Learning] {
            let mut mixture = CircuitMixture::new(&all, FunctionPrior::SmallestCircuit, leaf).unwrap();
            mixture.observe(&first);
            mixture.end_episode();
            let prior: Vec<f64> = two_input_prior()
                .iter()
                .enumerate()
                .map(|(t, p)| p * likelihood(t as u64, &first, leaf))
                .collect();
            follows_the_direct_sum(&mut mixture, &prior, &second, leaf)?;
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(tier::cases(256)))]

    /// Pooled episodes: after episode 1 the prior is (c·π₀ + post₁)/(c + 1),
    /// with post₁ ∝ π₀·L(episode 1); episode 2 then mixes under it.
    #[test]
    fn pooled_episodes_average_posteriors_into_the_prior(
        first in prop::collection::vec(any::<bool>(), 1..20),
        second in prop::collection::vec(any::<bool>(), 0..20),
        concentration in 0.1f64..5.0,
    ) {
        use inductive::circuit::EpisodePrior;
        let all = Enumeration::smallest(2, &Basis::Full, 2).unwrap();
        let base = two_input_prior();
        let base_total: f64 = base.iter().sum();
        for leaf in [Leaf::Noisy(0.15), Leaf::Learning] {
            let post: Vec<f64> =
                (0..16u64).map(|t| base[t as usize] / base_total * likelihood(t, &first, leaf)).collect();
            let post_total: f64 = post.iter().sum();
            let prior: Vec<f64> = (0..16)
                .map(|t| (concentration * base[t] / base_total + post[t] / post_total) / (concentration + 1.0))
                .collect();
            let mut mixture = CircuitMixture::new(&all, FunctionPrior::SmallestCircuit, leaf)
                .unwrap()
                .with_episode_prior(EpisodePrior::Pooled { concentration })
                .unwrap();
            mixture.observe(&first);
            mixture.end_episode();
            follows_the_direct_sum(&mut mixture, &prior, &second, leaf)?;
        }
    }
}

#[test]
fn pooling_needs_a_positive_concentration() {
    use inductive::circuit::EpisodePrior;
    let all = Enumeration::smallest(2, &Basis::Full, 1).unwrap();
    let mixture =
        CircuitMixture::new(&all, FunctionPrior::SmallestCircuit, Leaf::Learning).unwrap();
    for c in [0.0, -1.0, f64::NAN, f64::INFINITY] {
        assert!(
            mixture
                .clone()
                .with_episode_prior(EpisodePrior::Pooled { concentration: c })
                .is_err()
        );
    }
}

/// A tap's value from its definition, recomputed from the whole episode.
fn tap_value(tap: inductive::circuit::Tap, episode: &[bool]) -> bool {
    use inductive::circuit::Tap;
    let n = episode.len();
    match tap {
        Tap::Lag(i) => n >= i && episode[n - i],
        Tap::Induction(k) | Tap::Seen(k) => {
            let found = (n >= k)
                .then(|| {
                    (k..n)
                        .rev()
                        .find(|&end| episode[end - k..end] == episode[n - k..])
                })
                .flatten();
            match tap {
                Tap::Induction(_) => found.is_some_and(|end| episode[end]),
                _ => found.is_some(),
            }
        }
        Tap::Majority => 2 * episode.iter().filter(|&&b| b).count() > n,
        _ => unreachable!("every tap this test draws is listed"),
    }
}

fn any_tap() -> impl Strategy<Value = inductive::circuit::Tap> {
    use inductive::circuit::Tap;
    prop_oneof![
        (1usize..=5).prop_map(Tap::Lag),
        (1usize..=3).prop_map(Tap::Induction),
        (1usize..=3).prop_map(Tap::Seen),
        Just(Tap::Majority),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: tier::cases(256), ..ProptestConfig::default() })]

    /// A mixture over any 3 taps, with either leaf, across two episodes,
    /// equals the direct Bayes sum over its functions with every input
    /// recomputed from the episode by the taps' definitions. Some bits are
    /// only conditioned on (an agent's actions): the taps read them, the
    /// weights and leaves do not learn them.
    #[test]
    fn mixtures_over_taps_equal_the_direct_sum(
        taps in prop::collection::vec(any_tap(), 3),
        episodes in prop::collection::vec(prop::collection::vec(any::<bool>(), 0..300), 2),
        conditioned in prop::collection::vec(prop::bool::weighted(0.3), 300),
        learning in any::<bool>(),
    ) {
        let leaf = if learning { Leaf::Learning } else { Leaf::Noisy(0.1) };
        let mut mixture = CircuitMixture::new(three_input_functions(), FunctionPrior::SmallestCircuit, leaf)
            .unwrap()
            .with_taps(&taps)
            .unwrap();
        prop_assert_eq!(mixture.taps(), &taps[..]);
        for episode in &episodes {
            let prior: Vec<f64> = mixture.log_prior().to_vec();
            let tables = mixture.tables().to_vec();
            // Per function: the log-likelihood so far and its KT cells.
            let mut log_like = vec![0.0f64; tables.len()];
            let mut cells = vec![[[0u32; 2]; 2]; tables.len()];
            for t in 0..=episode.len() {
                let context = taps
                    .iter()
                    .enumerate()
                    .fold(0, |c, (i, &tap)| c | (usize::from(tap_value(tap, &episode[..t])) << i));
                let one = |f: usize| -> f64 {
                    let output = ((tables[f] >> context) & 1) as usize;
                    if learning {
                        let [n0, n1] = cells[f][output];
                        (f64::from(n1) + 0.5) / (f64::from(n0 + n1) + 1.0)
                    } else if output == 1 { 0.9 } else { 0.1 }
                };
                let posts: Vec<f64> = (0..tables.len()).map(|f| prior[f] + log_like[f]).collect();
                let max = posts.iter().copied().fold(f64::NEG_INFINITY, f64::max);
                let (mut total, mut ones) = (0.0, 0.0);
                for (f, post) in posts.iter().enumerate() {
                    let w = (post - max).exp();
                    total += w;
                    ones += w * one(f);
                }
                let expected = ones / total;
                prop_assert!((mixture.predict() - expected).abs() < 1e-12,
                    "bit {t}: {} vs {expected}", mixture.predict());
                if t == episode.len() {
                    break;
                }
                let bit = episode[t];
                if conditioned[t] {
                    inductive::agent::Conditional::condition(&mut mixture, bit);
                    continue;
                }
                let ps: Vec<f64> = (0..tables.len()).map(one).collect();
                for f in 0..tables.len() {
                    log_like[f] += if bit { ps[f].ln() } else { (1.0 - ps[f]).ln() };
                    let output = ((tables[f] >> context) & 1) as usize;
                    cells[f][output][usize::from(bit)] += 1;
                }
                mixture.update(bit);
            }
            mixture.end_episode();
        }
    }
}

/// The induction head learns every deterministic order-2 rule in context:
/// over inputs [`Induction(2)`], the function `out = ind2` misses at most
/// the first two bits and the first visit of each of the 4 contexts, from
/// every start. Its code length bounds the mixture's by the prior (4
/// functions, uniform) plus the misses.
#[test]
fn the_induction_head_learns_every_order_2_rule() {
    use inductive::circuit::Tap;
    let one_input = Enumeration::smallest(1, &Basis::Full, 0).unwrap();
    let eps: f64 = 1e-3;
    for rule in 0u64..16 {
        for start in 0..4usize {
            let mut bits = vec![start & 1 == 1, start & 2 == 2];
            while bits.len() < 64 {
                let context =
                    usize::from(bits[bits.len() - 1]) | usize::from(bits[bits.len() - 2]) << 1;
                bits.push((rule >> context) & 1 == 1);
            }
            let mut mixture =
                CircuitMixture::new(&one_input, FunctionPrior::Uniform, Leaf::Noisy(eps))
                    .unwrap()
                    .with_taps(&[Tap::Induction(2)])
                    .unwrap();
            assert_eq!(mixture.len(), 4);
            let cost = mixture.observe(&bits);
            let bound = 2.0 + 6.0 * (1.0 / eps).log2() + 64.0 * (1.0 / (1.0 - eps)).log2();
            assert!(
                cost <= bound,
                "rule {rule:04b} start {start}: {cost} > {bound}"
            );
            // Where the rule keeps printing both bits, no constant fits.
            let ones = bits[32..].iter().filter(|&&b| b).count();
            if (8..=24).contains(&ones) {
                assert_eq!(
                    mixture.explain(1)[0].description,
                    "out = ind2",
                    "rule {rule:04b}"
                );
            }
        }
    }
}

#[test]
fn taps_refuse_bad_settings() {
    use inductive::circuit::{MAX_LAG, MAX_SUFFIX, Tap};
    let all = three_input_functions();
    let fresh =
        || CircuitMixture::new(all, FunctionPrior::SmallestCircuit, Leaf::Learning).unwrap();
    // One tap per input.
    assert!(matches!(
        fresh().with_taps(&[Tap::Lag(1)]),
        Err(Error::LengthMismatch { .. })
    ));
    assert!(matches!(
        fresh().with_taps(&[]),
        Err(Error::LengthMismatch { .. })
    ));
    // In range.
    for bad in [
        Tap::Lag(0),
        Tap::Lag(MAX_LAG + 1),
        Tap::Induction(0),
        Tap::Seen(MAX_SUFFIX + 1),
        Tap::Induction(usize::MAX),
    ] {
        assert!(
            matches!(
                fresh().with_taps(&[bad, Tap::Lag(1), Tap::Lag(2)]),
                Err(Error::InvalidSize { .. })
            ),
            "{bad:?}"
        );
    }
    // The extremes work.
    let mut far = fresh()
        .with_taps(&[Tap::Lag(MAX_LAG), Tap::Induction(MAX_SUFFIX), Tap::Majority])
        .unwrap();
    for t in 0..500u32 {
        far.update(t % 5 < 2);
        assert!((0.0..=1.0).contains(&far.predict()));
    }
    // Before the episode's first bit only; fine again after end_episode.
    let mut started = fresh();
    started.update(true);
    assert!(matches!(
        started.clone().with_taps(&[Tap::Majority; 3]),
        Err(Error::InvalidSize { .. })
    ));
    started.end_episode();
    assert!(started.with_taps(&[Tap::Majority; 3]).is_ok());
    // The default taps are the last k bits.
    assert_eq!(fresh().taps(), &[Tap::Lag(1), Tap::Lag(2), Tap::Lag(3)]);
    // Six taps, the most an enumeration has inputs for.
    let six = Enumeration::smallest(6, &Basis::Full, 1).unwrap();
    let taps = [
        Tap::Lag(1),
        Tap::Lag(6),
        Tap::Induction(3),
        Tap::Seen(3),
        Tap::Induction(1),
        Tap::Majority,
    ];
    let mut wide = CircuitMixture::new(&six, FunctionPrior::SmallestCircuit, Leaf::Noisy(0.1))
        .unwrap()
        .with_taps(&taps)
        .unwrap();
    let period: Vec<bool> = (0..300).map(|t| t % 6 < 2).collect();
    let cost = wide.observe(&period);
    assert!(cost < 60.0, "{cost}");
    assert_eq!(wide.explain(1)[0].description, "out = x6"); // input 2 reads Lag(6)
}

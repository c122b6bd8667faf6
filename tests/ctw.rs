//! CTW against the worked example of its paper, a brute-force evaluation of
//! its defining recursion, and the published Calgary corpus figures.

mod tier;

mod calgary;
use calgary::calgary;

use inductive::prelude::*;
use proptest::prelude::*;

fn bits(s: &str) -> Vec<bool> {
    s.bytes().map(|b| b == b'1').collect()
}

#[test]
fn worked_example_with_given_past() {
    // Willems, Shtarkov & Tjalkens (1995), Fig. 2: P_w = 95/32768.
    let mut ctw = Ctw::with_past(3, &bits("010")).unwrap();
    let code = ctw.observe(bits("0110100"));
    assert!((code - (32768.0f64 / 95.0).log2()).abs() < 1e-12, "{code}");
}

#[test]
fn worked_example_with_zero_padding() {
    let mut ctw = Ctw::new(3).unwrap();
    let code = ctw.observe(bits("0110100"));
    assert!((code - (16384.0f64 / 35.0).log2()).abs() < 1e-12, "{code}");
}

/// `ln P_e(a, b)` of the KT estimator, as a product of its factors.
fn ln_kt(zeros: u32, ones: u32) -> f64 {
    let half = |n: u32| (0..n).map(|i| (f64::from(i) + 0.5).ln()).sum::<f64>();
    let whole = (1..=zeros + ones).map(|i| f64::from(i).ln()).sum::<f64>();
    half(zeros) + half(ones) - whole
}

/// `ln P_w` of the root straight from the definition: counts gathered by
/// scanning the whole sequence for each context (newest bit first),
/// recursion over both children.
fn ln_weighted(history: &[bool], start: usize, depth: usize) -> f64 {
    let coded: Vec<bool> = (0..history.len()).map(|t| t >= start).collect();
    ln_weighted_coded(history, &coded, depth)
}

/// [`ln_weighted`] counting only the positions `coded` marks (the rest is
/// context, as the zero past each episode restarts from).
fn ln_weighted_coded(history: &[bool], coded: &[bool], depth: usize) -> f64 {
    let matching: Vec<usize> = (0..history.len()).filter(|&t| coded[t]).collect();
    ln_weighted_at(history, &matching, 0, depth)
}

/// `ln P_w` of the context of length `len` that exactly the positions
/// `matching` follow; a child keeps the positions whose next older bit is
/// its own.
fn ln_weighted_at(history: &[bool], matching: &[usize], len: usize, depth: usize) -> f64 {
    if matching.is_empty() {
        return 0.0;
    }
    let ones = matching.iter().filter(|&&t| history[t]).count() as u32;
    let ln_e = ln_kt(matching.len() as u32 - ones, ones);
    if len == depth {
        return ln_e;
    }
    let mut children = 0.0;
    for bit in [false, true] {
        let child: Vec<usize> = matching
            .iter()
            .copied()
            .filter(|&t| history[t - 1 - len] == bit)
            .collect();
        children += ln_weighted_at(history, &child, len + 1, depth);
    }
    let (hi, lo) = if ln_e > children {
        (ln_e, children)
    } else {
        (children, ln_e)
    };
    hi + (lo - hi).exp().ln_1p() - std::f64::consts::LN_2
}

fn brute_force_bits(depth: usize, past: &[bool], sequence: &[bool]) -> f64 {
    let history: Vec<bool> = past.iter().chain(sequence).copied().collect();
    -ln_weighted(&history, past.len(), depth) / std::f64::consts::LN_2
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(tier::cases(256)))]
    /// Across episodes CTW keeps its counts and restarts its context from
    /// the zero past: the code length of every episode together is the
    /// defining recursion over the episodes, each preceded by `depth`
    /// uncoded zeros.
    #[test]
    fn episodes_share_counts_and_restart_the_context(
        depth in 1usize..=5,
        episodes in prop::collection::vec(inductive::laws::bits(40), 1..5),
    ) {
        let mut ctw = Ctw::new(depth).unwrap();
        let mut got = 0.0;
        let (mut history, mut coded) = (Vec::new(), Vec::new());
        for episode in &episodes {
            got += ctw.observe(episode);
            ctw.end_episode();
            history.extend(std::iter::repeat_n(false, depth).chain(episode.iter().copied()));
            coded.extend(std::iter::repeat_n(false, depth).chain(episode.iter().map(|_| true)));
        }
        let expected = -ln_weighted_coded(&history, &coded, depth) / std::f64::consts::LN_2;
        prop_assert!((got - expected).abs() < 1e-9, "depth {depth}: {got} vs {expected}");
        prop_assert_eq!(ctw.bits_seen(), episodes.iter().map(Vec::len).sum::<usize>());
    }

    #[test]
    fn agrees_with_the_defining_recursion(
        depth in 1usize..=6,
        extra_past in prop::collection::vec(any::<bool>(), 6..9),
        sequence in inductive::laws::bits(80),
    ) {
        // Between `depth` and `depth + 2` bits of past.
        let past = &extra_past[6 - depth..];
        let expected = brute_force_bits(depth, past, &sequence);
        let got = Ctw::with_past(depth, past).unwrap().observe(&sequence);
        prop_assert!((got - expected).abs() < 1e-9, "depth {depth}: {got} vs {expected}");

        let zeros = vec![false; depth];
        let expected = brute_force_bits(depth, &zeros, &sequence);
        let got = Ctw::new(depth).unwrap().observe(&sequence);
        prop_assert!((got - expected).abs() < 1e-9, "depth {depth}, zero past: {got} vs {expected}");
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(tier::cases(256)))]
    /// Depths past 64 bits (MC-AIXI's domains use 96). The sequence is
    /// runs of 0s, 60 to 100 long, each after a marker bit; the contexts
    /// that tell where a run ends, and which marker comes next, agree in
    /// their newest 64 bits and differ only deeper.
    #[test]
    fn agrees_with_the_defining_recursion_beyond_64_bits(
        depth in 65usize..=128,
        past in prop::collection::vec(any::<bool>(), 128),
        runs in prop::collection::vec((any::<bool>(), 60usize..=100), 2..5),
    ) {
        let sequence: Vec<bool> = runs
            .iter()
            .flat_map(|&(marker, zeros)| std::iter::once(marker).chain(std::iter::repeat_n(false, zeros)))
            .collect();
        let past = &past[128 - depth..];
        let expected = brute_force_bits(depth, past, &sequence);
        let got = Ctw::with_past(depth, past).unwrap().observe(&sequence);
        prop_assert!((got - expected).abs() < 1e-9, "depth {depth}: {got} vs {expected}");
    }
}

#[test]
fn rejects_bad_depths_and_short_pasts() {
    assert!(matches!(Ctw::new(0), Err(Error::InvalidDepth { .. })));
    assert!(matches!(Ctw::new(129), Err(Error::InvalidDepth { .. })));
    assert!(Ctw::new(128).is_ok());
    assert!(matches!(
        Ctw::with_past(4, &[true, false]),
        Err(Error::PastTooShort { given: 2, depth: 4 })
    ));
}

#[test]
fn a_longer_past_uses_its_last_bits() {
    let long = Ctw::with_past(3, &bits("11111010"))
        .unwrap()
        .observe(bits("0110100"));
    let exact = Ctw::with_past(3, &bits("010"))
        .unwrap()
        .observe(bits("0110100"));
    assert!((long - exact).abs() < 1e-12);
}

#[test]
fn long_runs_stay_finite() {
    for depth in [1, 16, 64, 128] {
        let mut ctw = Ctw::new(depth).unwrap();
        let code = ctw.observe(std::iter::repeat_n(true, 20_000));
        assert!(code.is_finite() && code < 60.0, "depth {depth}: {code}");
        assert!(ctw.code_length(false).is_finite());
        let p = ctw.predict();
        assert!(p > 0.999 && p < 1.0);
    }
}

#[test]
fn memory_grows_with_repeated_contexts_not_depth() {
    // 1,000 bits of a period-7 pattern: only a few dozen contexts ever repeat.
    let pattern = bits("0010111");
    let data: Vec<bool> = pattern.iter().copied().cycle().take(1000).collect();
    let mut ctw = Ctw::new(64).unwrap();
    ctw.observe(&data);
    assert!(ctw.node_count() < 1000, "{} nodes", ctw.node_count());
    assert_eq!(Ctw::bytes_per_node(), 32);
}

/// Calgary files fed least-significant bit first at depth 48 with a zero
/// past. The reference C++ CTW (Veness), run on this machine, codes them to
/// the arithmetic-coded sizes below (bits per byte); the ideal code length
/// must come within 0.003.
#[test]
fn calgary_matches_the_reference_implementation() {
    let files = [
        ("bib", 2.25272),
        ("paper1", 2.84163),
        ("progc", 3.00038),
        ("obj1", 4.63058),
    ];
    for (name, reference) in files {
        let Some(data) = calgary(name) else { continue };
        let mut ctw = Ctw::new(48).unwrap();
        let code = ctw.observe(
            data.iter()
                .flat_map(|&byte| (0..8).map(move |i| (byte >> i) & 1 == 1)),
        );
        let per_byte = code / data.len() as f64;
        assert!(
            (per_byte - reference).abs() < 0.003,
            "{name}: {per_byte:.5} bits/byte, reference {reference}"
        );
    }
}

/// `MarkovKt(k)`, the full depth-`k` tree without CTW's mixing, against
/// its closed form: the product over contexts of the KT block probability
/// `Γ(n0+½)Γ(n1+½) / (π·Γ(n0+n1+1))`, with the contexts counted directly.
/// Order 0 is plain KT, bit for bit.
mod markov_kt {
    use inductive::baseline::MarkovKt;
    use inductive::prelude::*;
    use proptest::prelude::*;

    fn kt_block_bits(n0: u32, n1: u32) -> f64 {
        let lg = |x: f64| libm::lgamma(x);
        let ln = lg(f64::from(n0) + 0.5) + lg(f64::from(n1) + 0.5)
            - std::f64::consts::PI.ln()
            - lg(f64::from(n0 + n1) + 1.0);
        -ln / std::f64::consts::LN_2
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

        #[test]
        fn equals_the_closed_form(bits in prop::collection::vec(any::<bool>(), 0..2000), order in 0usize..6) {
            let mut counts = vec![[0u32; 2]; 1 << order];
            for t in 0..bits.len() {
                let context = (1..=order).fold(0, |c, i| c | (usize::from(t >= i && bits[t - i]) << (i - 1)));
                counts[context][usize::from(bits[t])] += 1;
            }
            let expected: f64 = counts.iter().map(|&[n0, n1]| kt_block_bits(n0, n1)).sum();
            let got = MarkovKt::new(order).unwrap().observe(&bits);
            prop_assert!((got - expected).abs() <= 1e-9 * expected.max(1.0), "{got} vs {expected}");
            if order == 0 {
                prop_assert_eq!(got.to_bits(), Kt::new().observe(&bits).to_bits());
            }
        }
    }

    #[test]
    fn refuses_orders_past_the_limit() {
        assert!(matches!(
            MarkovKt::new(MarkovKt::MAX_ORDER + 1),
            Err(Error::InvalidSize { .. })
        ));
        assert!(MarkovKt::new(usize::MAX).is_err());
    }
}

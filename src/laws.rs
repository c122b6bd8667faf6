//! The laws every [`Predictor`] must obey, as property tests.
//!
//! Each law is a function returning `Result<(), TestCaseError>`, so laws
//! compose with `?` inside `proptest!`; [`check`] runs them all on random
//! and adversarial bit sequences (long runs of one symbol, alternations,
//! short periodic patterns). Enabled by the cargo feature `laws`.
//!
//! A predictor outside the crate is checked in one line:
//!
//! ```
//! use inductive::Predictor;
//!
//! #[derive(Debug, Clone, Default)]
//! struct Sticky(Option<bool>);
//!
//! impl Predictor for Sticky {
//!     fn predict(&self) -> f64 {
//!         match self.0 { None => 0.5, Some(true) => 0.9, Some(false) => 0.1 }
//!     }
//!     fn update(&mut self, bit: bool) {
//!         self.0 = Some(bit);
//!     }
//! }
//!
//! inductive::laws::check(Sticky::default);
//! ```
//!
//! **Two tiers.** [`check`] runs [`LawConfig::QUICK`] (32 cases of up to
//! 500 bits) by default, and [`LawConfig::THOROUGH`] (256 cases of up to
//! 2,000 bits) when the environment says `INDUCTIVE_TESTS=thorough`
//! ([`thorough`]); the crate's own suites follow the same switch, and CI
//! runs both. [`check_with`] takes an explicit size.
//!
//! Or law by law, composed with `?` (inside `proptest!` or a runner):
//!
//! ```
//! use inductive::laws;
//! use inductive::prelude::*;
//! use proptest::test_runner::TestRunner;
//!
//! TestRunner::default()
//!     .run(&laws::bits(64), |bits| {
//!         laws::prediction_is_probability(&mut Ctw::new(8).unwrap(), &bits)?;
//!         laws::code_lengths_are_finite(&mut Ctw::new(8).unwrap(), &bits)?;
//!         Ok(())
//!     })
//!     .unwrap();
//! ```

use proptest::collection::vec;
use proptest::prelude::*;
use proptest::test_runner::{Config, TestCaseError, TestRunner};

use crate::predictor::{Predictor, PredictorExt};

/// Bit sequences of length at most `max_len` that stress a predictor:
/// uniformly random bits, a long run of one symbol, strict alternation, and
/// a short random pattern repeated.
pub fn bits(max_len: usize) -> BoxedStrategy<Vec<bool>> {
    prop_oneof![
        vec(any::<bool>(), 0..=max_len),
        (any::<bool>(), 0..=max_len).prop_map(|(bit, len)| vec![bit; len]),
        (any::<bool>(), 0..=max_len)
            .prop_map(|(first, len)| (0..len).map(|i| (i % 2 == 0) == first).collect()),
        (vec(any::<bool>(), 1..8), 0..=max_len).prop_map(|(pattern, len)| pattern
            .into_iter()
            .cycle()
            .take(len)
            .collect()),
    ]
    .boxed()
}

/// Every prediction along `bits` is a finite probability in `[0, 1]`.
pub fn prediction_is_probability<P: Predictor + ?Sized>(
    predictor: &mut P,
    bits: &[bool],
) -> Result<(), TestCaseError> {
    for (t, &bit) in bits.iter().enumerate() {
        let p = predictor.predict();
        prop_assert!(
            (0.0..=1.0).contains(&p),
            "step {t}: prediction {p} is not in [0, 1]"
        );
        predictor.update(bit);
    }
    let p = predictor.predict();
    prop_assert!(
        (0.0..=1.0).contains(&p),
        "after {} bits: prediction {p} is not in [0, 1]",
        bits.len()
    );
    Ok(())
}

/// `predict` returns the same value when called twice without an update.
pub fn predict_is_pure<P: Predictor + ?Sized>(
    predictor: &mut P,
    bits: &[bool],
) -> Result<(), TestCaseError> {
    for (t, &bit) in bits.iter().enumerate() {
        let (first, second) = (predictor.predict(), predictor.predict());
        prop_assert!(
            first.to_bits() == second.to_bits(),
            "step {t}: predict gave {first} then {second}"
        );
        predictor.update(bit);
    }
    Ok(())
}

/// Two predictors made the same way and fed the same bits predict
/// bit-identically.
pub fn deterministic<P: Predictor>(
    make: impl Fn() -> P,
    bits: &[bool],
) -> Result<(), TestCaseError> {
    let (mut a, mut b) = (make(), make());
    for (t, &bit) in bits.iter().enumerate() {
        let (pa, pb) = (a.predict(), b.predict());
        prop_assert!(
            pa.to_bits() == pb.to_bits(),
            "step {t}: equal histories, predictions {pa} and {pb}"
        );
        a.update(bit);
        b.update(bit);
    }
    Ok(())
}

/// [`observe`](PredictorExt::observe) returns the sum of the per-step code
/// lengths `-log2 P(x_t | x_<t)` (to 1e-9 relative).
pub fn observe_is_sum_of_steps<P: Predictor>(
    make: impl Fn() -> P,
    bits: &[bool],
) -> Result<(), TestCaseError> {
    let total = make().observe(bits);
    let mut stepper = make();
    let mut sum = 0.0;
    for &bit in bits {
        sum += stepper.code_length(bit);
        stepper.update(bit);
    }
    let agree = total == sum || (total - sum).abs() <= 1e-9 * sum.abs().max(1.0);
    prop_assert!(agree, "observe gave {total} bits, the steps sum to {sum}");
    Ok(())
}

/// Cloned after `split` bits, the clone and the original predict
/// identically on the rest.
pub fn clone_is_fork<P: Predictor + Clone>(
    make: impl Fn() -> P,
    bits: &[bool],
    split: usize,
) -> Result<(), TestCaseError> {
    let split = split.min(bits.len());
    let mut original = make();
    for &bit in &bits[..split] {
        original.update(bit);
    }
    let mut fork = original.clone();
    for (t, &bit) in bits[split..].iter().enumerate() {
        let (po, pf) = (original.predict(), fork.predict());
        prop_assert!(
            po.to_bits() == pf.to_bits(),
            "step {}: original {po}, clone {pf}",
            split + t
        );
        original.update(bit);
        fork.update(bit);
    }
    Ok(())
}

/// `wrap(make())` predicts exactly `expected(p)` wherever `make()` predicts
/// `p`, at every step of `bits`. The law of every adapter that transforms
/// predictions pointwise (`expected` is the identity for forwarding
/// wrappers such as `&mut P`, `Box<P>` or `Inspect`).
pub fn adapter_agrees<P: Predictor, A: Predictor>(
    make: impl Fn() -> P,
    wrap: impl FnOnce(P) -> A,
    expected: impl Fn(f64) -> f64,
    bits: &[bool],
) -> Result<(), TestCaseError> {
    let mut inner = make();
    let mut adapted = wrap(make());
    for (t, &bit) in bits.iter().enumerate() {
        let (want, got) = (expected(inner.predict()), adapted.predict());
        prop_assert!(
            want.to_bits() == got.to_bits(),
            "step {t}: adapter predicts {got}, expected {want}"
        );
        inner.update(bit);
        adapted.update(bit);
    }
    Ok(())
}

/// `&mut P`, `Box<P>`, `Box<dyn Predictor>`, [`Inspect`](crate::adapters::Inspect)
/// and [`Clamp`](crate::adapters::Clamp) behave exactly like the predictor
/// they wrap (clamping applied).
pub fn forwarding_is_transparent<P: Predictor>(
    make: impl Fn() -> P,
    bits: &[bool],
) -> Result<(), TestCaseError> {
    let identity = |p: f64| p;
    adapter_agrees(&make, Box::new, identity, bits)?;
    adapter_agrees(
        &make,
        |p| Box::new(p) as Box<dyn Predictor + '_>,
        identity,
        bits,
    )?;
    adapter_agrees(&make, |p| p.inspect(|_, _| {}), identity, bits)?;
    adapter_agrees(
        &make,
        |p| p.clamp(0.0).expect("0 is a valid margin"),
        identity,
        bits,
    )?;
    adapter_agrees(
        &make,
        |p| p.clamp(0.01).expect("0.01 is a valid margin"),
        |p| p.clamp(0.01, 0.99),
        bits,
    )?;
    let mut owned = make();
    let borrowed = &mut owned;
    adapter_agrees(&make, move |_| borrowed, identity, bits)?;
    Ok(())
}

/// Fed the same episodes, with [`end_episode`](Predictor::end_episode)
/// between them, two predictors made the same way predict bit-identically,
/// and a clone made at an episode boundary is a fork. `cut` splits `bits`
/// into episodes at every multiple of it (at least 1).
pub fn episodes_are_deterministic<P: Predictor + Clone>(
    make: impl Fn() -> P,
    bits: &[bool],
    cut: usize,
) -> Result<(), TestCaseError> {
    let (mut a, mut b) = (make(), make());
    let mut fork: Option<P> = None;
    for (e, episode) in bits.chunks(cut.max(1)).enumerate() {
        for (t, &bit) in episode.iter().enumerate() {
            let (pa, pb) = (a.predict(), b.predict());
            prop_assert!(
                pa.to_bits() == pb.to_bits(),
                "episode {e}, step {t}: equal histories, predictions {pa} and {pb}"
            );
            if let Some(f) = &mut fork {
                let pf = f.predict();
                prop_assert!(
                    pa.to_bits() == pf.to_bits(),
                    "episode {e}, step {t}: original {pa}, clone {pf}"
                );
                f.update(bit);
            }
            a.update(bit);
            b.update(bit);
        }
        a.end_episode();
        b.end_episode();
        if e == 0 {
            fork = Some(a.clone());
        } else if let Some(f) = &mut fork {
            f.end_episode();
        }
    }
    Ok(())
}

/// After an episode end, [`restarting`](PredictorExt::restarting) predicts
/// exactly as a new predictor on the next episode.
pub fn restart_predicts_as_new<P: Predictor + Clone>(
    make: impl Fn() -> P,
    bits: &[bool],
    split: usize,
) -> Result<(), TestCaseError> {
    let split = split.min(bits.len());
    let mut restarting = make().restarting();
    for &bit in &bits[..split] {
        restarting.update(bit);
    }
    restarting.end_episode();
    let mut fresh = make();
    for (t, &bit) in bits[split..].iter().enumerate() {
        let (pr, pf) = (restarting.predict(), fresh.predict());
        prop_assert!(
            pr.to_bits() == pf.to_bits(),
            "step {t} of the second episode: restarted {pr}, new {pf}"
        );
        restarting.update(bit);
        fresh.update(bit);
    }
    Ok(())
}

/// The predictions along `bits` (one more than the bits), checked to be
/// probabilities and pure (the same twice without an update).
fn reference_run<P: Predictor + ?Sized>(
    predictor: &mut P,
    bits: &[bool],
) -> Result<Vec<f64>, TestCaseError> {
    let mut predictions = Vec::with_capacity(bits.len() + 1);
    for t in 0..=bits.len() {
        let (first, second) = (predictor.predict(), predictor.predict());
        prop_assert!(
            (0.0..=1.0).contains(&first),
            "step {t}: prediction {first} is not in [0, 1]"
        );
        prop_assert!(
            first.to_bits() == second.to_bits(),
            "step {t}: predict gave {first} then {second}"
        );
        predictions.push(first);
        if let Some(&bit) = bits.get(t) {
            predictor.update(bit);
        }
    }
    Ok(predictions)
}

/// `predictor` fed `bits` predicts exactly the reference predictions.
fn matches_reference<P: Predictor + ?Sized>(
    predictor: &mut P,
    bits: &[bool],
    reference: &[f64],
    what: &str,
) -> Result<(), TestCaseError> {
    for (t, &want) in reference.iter().enumerate() {
        let got = predictor.predict();
        prop_assert!(
            want.to_bits() == got.to_bits(),
            "step {t}: {what} predicts {got}, the original {want}"
        );
        if let Some(&bit) = bits.get(t) {
            predictor.update(bit);
        }
    }
    Ok(())
}

/// [`observe_is_sum_of_steps`] against the reference predictions.
fn observe_matches_reference<P: Predictor>(
    make: impl Fn() -> P,
    bits: &[bool],
    reference: &[f64],
) -> Result<(), TestCaseError> {
    let total = make().observe(bits);
    let sum: f64 = bits
        .iter()
        .zip(reference)
        .map(|(&bit, &p)| crate::logspace::code_length(p, bit))
        .sum();
    let agree = total == sum || (total - sum).abs() <= 1e-9 * sum.abs().max(1.0);
    prop_assert!(agree, "observe gave {total} bits, the steps sum to {sum}");
    Ok(())
}

/// [`forwarding_is_transparent`] against the reference predictions.
fn forwarding_matches_reference<P: Predictor>(
    make: impl Fn() -> P,
    bits: &[bool],
    reference: &[f64],
) -> Result<(), TestCaseError> {
    matches_reference(&mut Box::new(make()), bits, reference, "Box<P>")?;
    let mut boxed: Box<dyn Predictor + '_> = Box::new(make());
    matches_reference(&mut boxed, bits, reference, "Box<dyn Predictor>")?;
    matches_reference(&mut make().inspect(|_, _| {}), bits, reference, "Inspect")?;
    let mut unclamped = make().clamp(0.0).expect("0 is a valid margin");
    matches_reference(&mut unclamped, bits, reference, "Clamp(0)")?;
    let clamped: Vec<f64> = reference.iter().map(|p| p.clamp(0.01, 0.99)).collect();
    let mut clamp = make().clamp(0.01).expect("0.01 is a valid margin");
    matches_reference(&mut clamp, bits, &clamped, "Clamp(0.01)")?;
    let mut owned = make();
    matches_reference(&mut &mut owned, bits, reference, "&mut P")?;
    Ok(())
}

/// Every code length along `bits` is finite: the predictor never rules out
/// a bit. Not part of [`check`], since a predictor may be certain honestly.
///
/// In this crate it holds (and `tests/laws.rs` checks it, 256 cases of up
/// to 2,000 bits in the thorough tier, 32 in the default one) for `Kt` at every accepted pseudo-count, `Ctw`,
/// `CircuitMixture` with either leaf, `Ctm`, `Clamp` with a positive
/// margin around anything, and `Mixture`, `FixedShare`, `Episodic` and
/// `KellyMarket` over predictors that obey it. The exceptions may be
/// certain by design, so a bit can cost infinitely many bits:
/// - `Solomonoff`: when every live program prints the same next bit, the
///   other has probability 0 (wrap it in `Clamp`; a `Mixture` with `Kt`
///   is not enough, since `Kt`'s weight can fall below what `f64`
///   resolves next to a certain prediction);
/// - `LogicalInductor` and `Market`: a price may be exactly 0 or 1 (a
///   trader that buys at any price drives it to 1);
/// - the sources, which are the truth: `Bernoulli(1.0)`, `ProgramSource`
///   and `CircuitSource` with noise 0 are certain;
/// - `Clamp` with margin 0.
pub fn code_lengths_are_finite<P: Predictor + ?Sized>(
    predictor: &mut P,
    bits: &[bool],
) -> Result<(), TestCaseError> {
    for (t, &bit) in bits.iter().enumerate() {
        let cost = predictor.observe_bit(bit);
        prop_assert!(cost.is_finite(), "step {t}: bit {bit} cost {cost} bits");
    }
    Ok(())
}

/// The bytes packed from the first 1,024 of `bits` (whole bytes only, most
/// significant bit first) survive [`coding::compress`](crate::coding::compress) and
/// [`decompress`](crate::coding::decompress) with fresh predictors from
/// `make`, and the code after the header is within 0.1% plus 2 bytes of
/// the ideal code length ([`observe`](PredictorExt::observe) on the same
/// bits).
pub fn compression_round_trips<P: Predictor>(
    make: impl Fn() -> P,
    bits: &[bool],
) -> Result<(), TestCaseError> {
    let bytes: Vec<u8> = bits[..bits.len().min(1024)]
        .chunks_exact(8)
        .map(|byte| {
            byte.iter()
                .fold(0u8, |acc, &bit| (acc << 1) | u8::from(bit))
        })
        .collect();
    // The ideal code length, paid along the way by the compressing
    // predictor itself.
    let mut ideal_bits = 0.0;
    let packed = crate::coding::compress(
        make().inspect(|p, bit| ideal_bits += crate::logspace::code_length(p, bit)),
        &bytes,
    );
    let unpacked = crate::coding::decompress(make(), &packed, bytes.len());
    prop_assert!(
        unpacked.as_deref() == Ok(&bytes[..]),
        "{} bytes came back as {:?}",
        bytes.len(),
        unpacked.map(|u| u.len())
    );
    let ideal_bytes = ideal_bits / 8.0;
    let code = (packed.len() - crate::coding::header_len(bytes.len())) as f64;
    prop_assert!(
        code <= ideal_bytes * 1.001 + 2.0,
        "{} bytes coded in {code} bytes after the header; the ideal is {ideal_bytes:.3}",
        bytes.len()
    );
    Ok(())
}

/// The environment variable that chooses the test tier: unset or
/// `default` for the default tier, `thorough` for the thorough one.
pub const TIER_VARIABLE: &str = "INDUCTIVE_TESTS";

/// Whether the thorough tier is chosen (`INDUCTIVE_TESTS=thorough`).
/// Panics for any other value than `default` or `thorough`, so that a
/// misspelt tier is not silently the fast one.
pub fn thorough() -> bool {
    match std::env::var(TIER_VARIABLE) {
        Err(std::env::VarError::NotPresent) => false,
        Ok(v) if v == "default" => false,
        Ok(v) if v == "thorough" => true,
        other => panic!("{TIER_VARIABLE} must be \"default\" or \"thorough\", not {other:?}"),
    }
}

/// How many cases and how long a sequence [`check_with`] tries.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LawConfig {
    /// Random cases to run.
    pub cases: u32,
    /// Longest bit sequence.
    pub max_len: usize,
}

impl LawConfig {
    /// The default tier: 32 cases of up to 500 bits, every law on every
    /// case (seconds for most predictors).
    pub const QUICK: Self = Self {
        cases: 32,
        max_len: 500,
    };

    /// The thorough tier: 256 cases of up to 2,000 bits (where the Ctm
    /// surprise cost and the budget overflow were found).
    pub const THOROUGH: Self = Self {
        cases: 256,
        max_len: 2000,
    };
}

impl Default for LawConfig {
    /// [`THOROUGH`](Self::THOROUGH) when [`thorough`] says so
    /// (`INDUCTIVE_TESTS=thorough`), else [`QUICK`](Self::QUICK).
    fn default() -> Self {
        if thorough() {
            Self::THOROUGH
        } else {
            Self::QUICK
        }
    }
}

/// Runs every law on predictors made by `make`, with the default
/// [`LawConfig`]; panics with the failing law, step and (shrunk) sequence.
pub fn check<P, F>(make: F)
where
    P: Predictor + Clone,
    F: Fn() -> P,
{
    check_with(LawConfig::default(), make);
}

/// [`check`] with a chosen number of cases and sequence length (heavy
/// predictors want fewer, shorter runs).
pub fn check_with<P, F>(config: LawConfig, make: F)
where
    P: Predictor + Clone,
    F: Fn() -> P,
{
    let mut runner = TestRunner::new(Config {
        cases: config.cases,
        failure_persistence: None,
        ..Config::default()
    });
    let strategy = (bits(config.max_len), any::<prop::sample::Index>());
    let result = runner.run(&strategy, |(bits, split)| {
        // One reference run serves the laws that compare against it: the
        // same laws as `prediction_is_probability`, `predict_is_pure`,
        // `deterministic`, `observe_is_sum_of_steps` and
        // `forwarding_is_transparent`, in 9 passes over the bits instead
        // of 18.
        let reference = reference_run(&mut make(), &bits)?;
        matches_reference(
            &mut make(),
            &bits,
            &reference,
            "a second predictor made the same way",
        )?;
        observe_matches_reference(&make, &bits, &reference)?;
        forwarding_matches_reference(&make, &bits, &reference)?;
        clone_is_fork(&make, &bits, split.index(bits.len() + 1))?;
        episodes_are_deterministic(&make, &bits, split.index(bits.len() + 1).max(1))?;
        restart_predicts_as_new(&make, &bits, split.index(bits.len() + 1))?;
        compression_round_trips(&make, &bits)?;
        Ok(())
    });
    if let Err(failure) = result {
        panic!("a law of Predictor failed: {failure}");
    }
}

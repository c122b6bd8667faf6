//! Checkpoints (feature `serde`): every serialisable predictor, adapter,
//! source and agent, saved after a random prefix and restored, continues
//! bit-identically: the same predictions (compared as bits), the same
//! status and the same explanation, on the rest of the sequence. Saved
//! with `postcard` (the format of `checkpoint`) and with `serde_json`
//! (with `float_roundtrip`; the crate writes `±∞` and NaN, which JSON has
//! no number for, as strings).

mod tier;

use inductive::adapters::{Clamp, Episodic, Factored, FixedShare, Mixture, Restart};
use inductive::agent::{Agent, FactoredModel, Learner, QLearning, SearchConfig, Tiger};
use inductive::baseline::MarkovKt;
use inductive::circuit::{Basis, CircuitMixture, Enumeration, FunctionPrior, Leaf, Tap};
use inductive::market::KellyMarket;
use inductive::prelude::*;
use inductive::solomonoff::ctm::{Ctm, OutputDistribution};
use inductive::solomonoff::{BrainPhoque, ProgramPrior, Solomonoff};
use inductive::sources::{
    Bernoulli, CircuitSource, Markov, PiBits, ProgramSource, Source, TreeSource,
};
use proptest::prelude::*;
use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;
use serde::Serialize;
use serde::de::DeserializeOwned;

fn restore<T: Serialize + DeserializeOwned>(value: &T) -> T {
    let bytes = postcard::to_stdvec(value).expect("serialises");
    postcard::from_bytes(&bytes).expect("deserialises")
}

/// Through JSON, a text format with no number for `±∞` or NaN (the crate
/// writes those as strings there).
fn restore_json<T: Serialize + DeserializeOwned>(value: &T) -> T {
    let text = serde_json::to_string(value).unwrap_or_else(|e| panic!("serialises to JSON: {e}"));
    serde_json::from_str(&text).unwrap_or_else(|e| {
        let at = e.column().min(text.len());
        let near = text.get(at.saturating_sub(120)..at).unwrap_or("");
        panic!("deserialises from JSON: {e}, after {near:?}")
    })
}

/// Feeds `bits[..split]` (ending an episode every `episode` bits when
/// given), saves and restores, then feeds both the rest and compares.
fn resumes<P>(
    mut original: P,
    bits: &[bool],
    split: usize,
    episode: Option<usize>,
) -> Result<(), TestCaseError>
where
    P: Predictor + Serialize + DeserializeOwned,
{
    let feed = |p: &mut P, t: usize, bit: bool| {
        p.update(bit);
        if episode.is_some_and(|e| (t + 1).is_multiple_of(e)) {
            p.end_episode();
        }
    };
    for (t, &bit) in bits[..split].iter().enumerate() {
        feed(&mut original, t, bit);
    }
    let mut restored = [
        ("postcard", restore(&original)),
        ("JSON", restore_json(&original)),
    ];
    for (t, &bit) in bits.iter().enumerate().skip(split) {
        for (format, restored) in &mut restored {
            prop_assert_eq!(
                original.predict().to_bits(),
                restored.predict().to_bits(),
                "{}, bit {}: {} against {}",
                format,
                t,
                original.predict(),
                restored.predict()
            );
            prop_assert_eq!(describe(&original.status()), describe(&restored.status()));
            feed(restored, t, bit);
        }
        feed(&mut original, t, bit);
    }
    for (_, restored) in &restored {
        prop_assert_eq!(original.predict().to_bits(), restored.predict().to_bits());
        prop_assert_eq!(original.explain(5), restored.explain(5));
    }
    Ok(())
}

/// A status as its kind and message (a restored error keeps the message).
fn describe(status: &Status) -> (bool, bool, Option<String>) {
    (
        status.is_healthy(),
        matches!(status, Status::Failed(_)),
        status.error().map(ToString::to_string),
    )
}

fn split_of(bits: &[bool], at: prop::sample::Index) -> usize {
    at.index(bits.len() + 1)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(tier::cases(256)))]

    #[test]
    fn baselines_resume(bits in prop::collection::vec(any::<bool>(), 0..2000), at in any::<prop::sample::Index>()) {
        let split = split_of(&bits, at);
        resumes(Kt::new(), &bits, split, None)?;
        resumes(Kt::new().with_episode_prior(EpisodePrior::Pooled { concentration: 2.0 }).unwrap(), &bits, split, Some(50))?;
        let dp = |inference| EpisodePrior::DirichletProcess { concentration: 1.5, inference };
        resumes(Kt::new().with_episode_prior(dp(inductive::DpInference::Exact)).unwrap(), &bits, split, Some(200))?;
        resumes(Kt::new().with_episode_prior(dp(inductive::DpInference::Gibbs { sweeps: 20, seed: 3 })).unwrap(), &bits, split, Some(100))?;
        resumes(MarkovKt::new(3).unwrap(), &bits, split, None)?;
        resumes(Ctw::new(1).unwrap(), &bits, split, None)?;
        resumes(Ctw::new(48).unwrap(), &bits, split, Some(300))?;
    }

    #[test]
    fn adapters_resume(bits in prop::collection::vec(any::<bool>(), 0..2000), at in any::<prop::sample::Index>()) {
        let split = split_of(&bits, at);
        let sure = || Bernoulli::new(1.0).unwrap();
        // One component certain of ones: a zero excludes it from the mixture.
        resumes(Mixture::uniform(vec![Ctw::new(2).unwrap(), Ctw::new(8).unwrap()]).unwrap().with_names(["a", "b"]).unwrap(), &bits, split, None)?;
        resumes(Mixture::uniform(vec![sure(), sure()]).unwrap(), &bits, split, None)?;
        resumes(FixedShare::new(Mixture::uniform(vec![Kt::new(), Kt::laplace()]).unwrap(), 0.05).unwrap(), &bits, split, None)?;
        resumes(Episodic::new(Mixture::uniform(vec![Ctw::new(1).unwrap(), Ctw::new(4).unwrap()]).unwrap()), &bits, split, Some(64))?;
        resumes(Restart::new(Ctw::new(3).unwrap()), &bits, split, Some(40))?;
        resumes(Clamp::new(Ctw::new(5).unwrap(), 0.01).unwrap(), &bits, split, None)?;
        resumes(Factored::bytes(|i| Ctw::new(4 + i).unwrap()), &bits, split, Some(400))?;
        resumes(KellyMarket::new(vec![Kt::new(), Kt::laplace()], vec![1.0, 3.0], 0.5).unwrap(), &bits, split, None)?;
    }

    #[test]
    fn sources_resume(seed in any::<u64>(), at in any::<prop::sample::Index>()) {
        let mut rng = ChaCha8Rng::seed_from_u64(seed);
        let tree = TreeSource::sample_from_prior(6, &mut ChaCha8Rng::seed_from_u64(seed)).unwrap();
        let bits: Vec<bool> = (0..600).map(|_| rand::RngExt::random::<bool>(&mut rng)).collect();
        let split = split_of(&bits, at);
        resumes(Bernoulli::new(0.3).unwrap(), &bits, split, None)?;
        resumes(Markov::sample_from_prior(2, 0.5, 0.5, &mut ChaCha8Rng::seed_from_u64(seed)).unwrap(), &bits, split, None)?;
        resumes(tree, &bits, split, None)?;
        let circuits = Enumeration::smallest(2, &Basis::Full, 2).unwrap();
        resumes(CircuitSource::sample_from_prior(&circuits, FunctionPrior::SmallestCircuit, 0.1, &mut ChaCha8Rng::seed_from_u64(seed)).unwrap(), &bits, split, None)?;
        let pi = PiBits::new(600).unwrap();
        let pi_bits = pi.clone().sample(600, &mut ChaCha8Rng::seed_from_u64(0)).unwrap().bits().to_vec();
        resumes(pi, &pi_bits, split, None)?;
        let machine = BrainPhoque::new(2, 8).unwrap().start();
        // `+[>+.<]` in BrainPhoque's instruction order `+ - > < [ ] .`.
        let program = ProgramSource::from_program(&machine, &[0, 4, 2, 0, 6, 3, 5], 5000, 600).unwrap();
        let program_bits = program.clone().sample(600, &mut ChaCha8Rng::seed_from_u64(0)).unwrap().bits().to_vec();
        resumes(program, &program_bits, split, None)?;
    }

    #[test]
    fn circuit_mixtures_resume(bits in prop::collection::vec(any::<bool>(), 0..1000), at in any::<prop::sample::Index>()) {
        let split = split_of(&bits, at);
        let all = Enumeration::smallest(2, &Basis::Full, 2).unwrap();
        for leaf in [Leaf::Noisy(0.05), Leaf::Learning] {
            resumes(CircuitMixture::new(&all, FunctionPrior::SmallestCircuit, leaf).unwrap(), &bits, split, Some(64))?;
        }
        let pooled = CircuitMixture::new(&all, FunctionPrior::SmallestCircuit, Leaf::Learning)
            .unwrap()
            .with_episode_prior(EpisodePrior::Pooled { concentration: 1.0 })
            .unwrap()
            .with_taps(&[Tap::Lag(1), Tap::Induction(2)])
            .unwrap();
        resumes(pooled, &bits, split, Some(32))?;
        let dp = |inference| EpisodePrior::DirichletProcess { concentration: 1.0, inference };
        for inference in [inductive::DpInference::Exact, inductive::DpInference::Gibbs { sweeps: 10, seed: 1 }] {
            let mixture = CircuitMixture::new(&all, FunctionPrior::SmallestCircuit, Leaf::Noisy(0.1))
                .unwrap()
                .with_episode_prior(dp(inference))
                .unwrap();
            resumes(mixture, &bits, split, Some(100))?;
        }
    }

    #[test]
    fn program_mixtures_resume(bits in prop::collection::vec(any::<bool>(), 0..200), at in any::<prop::sample::Index>()) {
        let split = split_of(&bits, at);
        let machine = BrainPhoque::new(2, 3).unwrap().start();
        for prior in [ProgramPrior::Length, ProgramPrior::Speed] {
            let solomonoff = Solomonoff::new(machine.clone(), 4, 40, prior).unwrap();
            resumes(solomonoff.clamp(1e-3).unwrap(), &bits, split, None)?;
        }
        let learning = Solomonoff::new(machine, 4, 40, ProgramPrior::Length)
            .unwrap()
            .with_episode_prior(EpisodePrior::Shared)
            .unwrap();
        resumes(learning.clamp(1e-3).unwrap(), &bits, split, Some(20))?;
        resumes(Ctm::new(OutputDistribution::enumerate(2, 20).unwrap()), &bits, split, Some(50))?;
    }
}

/// An agent, its world model, its environment and the Q-learning baseline,
/// saved mid-run and restored, act and learn exactly as the originals
/// (given the same random numbers).
#[test]
fn agents_resume() {
    let mut rng = ChaCha8Rng::seed_from_u64(3);
    let mut tiger = Tiger::new(0.85, &mut rng).unwrap();
    let config = SearchConfig {
        horizon: 2,
        simulations: 30,
        exploration: 2.0,
    };
    let mut agent = Agent::new(&tiger, || Ctw::new(12).unwrap(), config).unwrap();
    let mut q = QLearning::new(&tiger, 1, 0.1, 0.9).unwrap();
    for _ in 0..60 {
        agent.step(&mut tiger, &mut rng).unwrap();
    }
    let mut q_env = tiger.clone();
    for _ in 0..60 {
        q.step(&mut q_env, &mut rng).unwrap();
    }
    let (mut agent2, mut tiger2, mut q2, mut q_env2) = (
        restore_json(&restore(&agent)),
        restore_json(&restore(&tiger)),
        restore_json(&restore(&q)),
        restore_json(&restore(&q_env)),
    );
    let mut rng2 = rng.clone();
    for _ in 0..60 {
        let a = agent.step(&mut tiger, &mut rng).unwrap();
        let b = agent2.step(&mut tiger2, &mut rng2).unwrap();
        assert_eq!(a, b);
        let a = q.step(&mut q_env, &mut rng).unwrap();
        let b = q2.step(&mut q_env2, &mut rng2).unwrap();
        assert_eq!(a, b);
    }
    assert_eq!(agent.explain(3), agent2.explain(3));
    assert_eq!(q.values(), q2.values());
    let model: &FactoredModel<Ctw> = agent.model();
    assert_eq!(restore_json(&restore(model)).explain(2), model.explain(2));
}

/// A status survives a checkpoint: one the mixture derives from its state
/// (every hypothesis ruled out) comes back as it was; an error it stored
/// (a component that broke the contract) comes back as its message.
#[test]
fn statuses_survive_checkpoints() {
    let sure = || Bernoulli::new(1.0).unwrap();
    let mut ruled_out = Mixture::uniform(vec![sure(), sure()]).unwrap();
    ruled_out.update(false);
    assert_eq!(
        restore_json(&restore(&ruled_out)).status(),
        ruled_out.status()
    );

    #[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
    struct Broken;
    impl Predictor for Broken {
        fn predict(&self) -> f64 {
            f64::NAN
        }
        fn update(&mut self, _bit: bool) {}
    }
    let mut panel =
        Mixture::uniform(vec![Either::B(Broken), Either::A(Ctw::new(2).unwrap())]).unwrap();
    panel.update(true);
    assert!(matches!(
        panel.status(),
        Status::Degraded(Error::ContractViolation { .. })
    ));
    let restored = restore_json(&restore(&panel));
    match (panel.status(), restored.status()) {
        (Status::Degraded(e), Status::Degraded(Error::Restored { message })) => {
            assert_eq!(e.to_string(), message)
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(restored.predict().to_bits(), panel.predict().to_bits());
}

/// Two predictor types in one serialisable panel (a trait object cannot be
/// restored: it has no type to restore to).
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
enum Either<A, B> {
    A(A),
    B(B),
}

impl<A: Predictor, B: Predictor> Predictor for Either<A, B> {
    fn predict(&self) -> f64 {
        match self {
            Either::A(a) => a.predict(),
            Either::B(b) => b.predict(),
        }
    }
    fn update(&mut self, bit: bool) {
        match self {
            Either::A(a) => a.update(bit),
            Either::B(b) => b.update(bit),
        }
    }
}

/// `checkpoint::save` and `load`: a round trip resumes exactly; every
/// truncation and bit flip of the bytes is an error, and so is a wrong tag
/// or format version; loading as another type is refused when its bytes
/// do not fit.
#[test]
fn checkpoints_refuse_damage() {
    use inductive::checkpoint;
    let mut ctw = Ctw::new(8).unwrap();
    ctw.observe([true, false, false, true, true, false, true].repeat(20));
    let bytes = checkpoint::save(&ctw).unwrap();
    let mut resumed: Ctw = checkpoint::load(&bytes).unwrap();
    for bit in [true, true, false] {
        assert_eq!(resumed.predict().to_bits(), ctw.predict().to_bits());
        resumed.update(bit);
        ctw.update(bit);
    }
    for len in 0..bytes.len() {
        assert!(
            checkpoint::load::<Ctw>(&bytes[..len]).is_err(),
            "truncated to {len}"
        );
    }
    for i in 0..bytes.len() {
        for bit in 0..8 {
            let mut damaged = bytes.clone();
            damaged[i] ^= 1 << bit;
            assert!(
                matches!(
                    checkpoint::load::<Ctw>(&damaged),
                    Err(Error::CorruptData { .. })
                ),
                "byte {i}, bit {bit}"
            );
        }
    }
    let mut extended = bytes.clone();
    extended.push(0);
    assert!(checkpoint::load::<Ctw>(&extended).is_err());
    // A checkpoint of a `Kt` is not a `Ctw`, nor a `Ctw` a `Bernoulli`.
    let kt = checkpoint::save(&Kt::new()).unwrap();
    assert!(checkpoint::load::<Ctw>(&kt).is_err());
    assert!(checkpoint::load::<Bernoulli>(&bytes).is_err());
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(tier::cases(256)))]

    /// Whatever the bytes, loading returns, and never panics.
    #[test]
    fn arbitrary_bytes_never_panic_a_load(garbage in prop::collection::vec(any::<u8>(), 0..200)) {
        let _ = inductive::checkpoint::load::<Ctw>(&garbage);
        let _ = inductive::checkpoint::load::<Mixture<Kt>>(&garbage);
    }
}

//! Every predictor, source and adapter in the crate obeys the laws of
//! `Predictor`.

mod tier;

use inductive::circuit::{Basis, CircuitMixture, Enumeration, FunctionPrior, Leaf};
use inductive::laws;
use inductive::prelude::*;
use inductive::sources::{Bernoulli, CircuitSource, Markov, TreeSource};
use proptest::prelude::*;
use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;

#[test]
fn kt_family() {
    laws::check(Kt::new);
    laws::check(Kt::laplace);
    laws::check(|| Kt::with_pseudo_count(0.01).unwrap());
    laws::check(|| Kt::with_pseudo_count(7.5).unwrap());
    let pooled = EpisodePrior::Pooled { concentration: 0.5 };
    laws::check(|| Kt::new().with_episode_prior(pooled).unwrap());
    for order in [0, 1, 3, inductive::baseline::MarkovKt::MAX_ORDER] {
        laws::check(|| inductive::baseline::MarkovKt::new(order).unwrap());
    }
}

#[test]
fn ctw_at_every_depth() {
    for depth in [1, 2, 3, 8, 16, 48, 64] {
        laws::check(|| Ctw::new(depth).unwrap());
    }
    laws::check(|| Ctw::with_past(5, &[true, false, true, true, false, true]).unwrap());
}

#[test]
fn sources() {
    laws::check(|| Bernoulli::new(0.3).unwrap());
    laws::check(|| Bernoulli::new(1.0).unwrap());
    let mut rng = ChaCha8Rng::seed_from_u64(11);
    let markov = Markov::sample_from_prior(3, 0.5, 0.5, &mut rng).unwrap();
    laws::check(|| markov.clone());
    let tree = TreeSource::sample_from_prior(8, &mut rng).unwrap();
    laws::check(|| tree.clone());
    let pi = inductive::sources::PiBits::new(2048).unwrap();
    laws::check(|| pi.clone());
    let machine = inductive::solomonoff::BrainPhoque::new(2, 8)
        .unwrap()
        .start();
    let program =
        inductive::sources::ProgramSource::sample(&machine, 8, 1000, 256, 10_000, &mut rng)
            .unwrap();
    laws::check(|| program.clone());
}

#[test]
fn circuit_mixtures_with_both_leaves() {
    let all = Enumeration::smallest(3, &Basis::Full, 4).unwrap();
    for leaf in [Leaf::Noisy(0.05), Leaf::Noisy(0.5), Leaf::Learning] {
        let mixture = CircuitMixture::new(&all, FunctionPrior::SmallestCircuit, leaf).unwrap();
        laws::check(|| mixture.clone());
    }
    let counted = Enumeration::new(2, &Basis::Nand, 3).unwrap();
    let mixture =
        CircuitMixture::new(&counted, FunctionPrior::SumOverCircuits, Leaf::Learning).unwrap();
    laws::check(|| mixture.clone());
    // Over taps, uniform, pooled across episodes.
    use inductive::circuit::Tap;
    let taps = [Tap::Lag(1), Tap::Induction(2), Tap::Majority];
    for leaf in [Leaf::Noisy(0.05), Leaf::Learning] {
        let mixture = CircuitMixture::new(&all, FunctionPrior::Uniform, leaf)
            .unwrap()
            .with_taps(&taps)
            .unwrap()
            .with_episode_prior(EpisodePrior::Pooled { concentration: 2.0 })
            .unwrap();
        laws::check(|| mixture.clone());
    }
    let mut rng = ChaCha8Rng::seed_from_u64(12);
    let source =
        CircuitSource::sample_from_prior(&all, FunctionPrior::SmallestCircuit, 0.1, &mut rng)
            .unwrap();
    laws::check(|| source.clone());
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(tier::cases(256)))]

    #[test]
    fn circuit_mixtures_never_rule_a_bit_out(bits in laws::bits(1000)) {
        let all = Enumeration::smallest(2, &Basis::Full, 1).unwrap();
        for leaf in [Leaf::Noisy(0.01), Leaf::Learning] {
            let mut mixture = CircuitMixture::new(&all, FunctionPrior::SmallestCircuit, leaf).unwrap();
            laws::code_lengths_are_finite(&mut mixture, &bits)?;
        }
    }
}

#[test]
fn factored_over_each_conditional_family() {
    use inductive::adapters::Factored;
    laws::check(|| Factored::bytes(|i| Ctw::new(4 + i).unwrap()));
    laws::check(|| Factored::new(3, |_| Kt::new()).unwrap());
    laws::check(|| Factored::bytes(|i| inductive::baseline::MarkovKt::new(i % 3).unwrap()));
    let all = Enumeration::smallest(2, &Basis::Full, 2).unwrap();
    laws::check(|| {
        Factored::new(2, |_| {
            CircuitMixture::new(&all, FunctionPrior::SmallestCircuit, Leaf::Learning).unwrap()
        })
        .unwrap()
    });
    laws::check(|| {
        Factored::bytes(|i| {
            let panel: Vec<Box<dyn CloneConditional>> =
                vec![Box::new(Kt::new()), Box::new(Ctw::new(2 + i).unwrap())];
            Mixture::uniform(panel).unwrap()
        })
    });
}

#[test]
fn adapters_over_each_family() {
    laws::check(|| Ctw::new(8).unwrap().clamp(0.05).unwrap());
    laws::check(|| Kt::new().inspect(|_, _| {}));
    laws::check(|| {
        Ctw::new(4)
            .unwrap()
            .clamp(0.0)
            .unwrap()
            .inspect(|p, _| assert!(p >= 0.0))
    });
    laws::check(|| Kt::new().clamp(0.5).unwrap());
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(tier::cases(256)))]
    /// Every type whose docs promise finite code lengths keeps it, at the
    /// edges of its parameters (see `laws::code_lengths_are_finite` for
    /// the list and the exceptions).
    #[test]
    fn learners_never_rule_a_bit_out(bits in laws::bits(2000)) {
        use inductive::adapters::{Episodic, FixedShare, Mixture};
        use inductive::market::{KellyMarket, LogicalInductor, PredictorTrader};
        use inductive::solomonoff::ctm::{Ctm, OutputDistribution};
        use inductive::solomonoff::{BrainPhoque, ProgramPrior, Solomonoff};
        laws::code_lengths_are_finite(&mut Kt::new(), &bits)?;
        laws::code_lengths_are_finite(&mut Kt::laplace(), &bits)?;
        let mut pooled = Kt::new().with_episode_prior(EpisodePrior::Pooled { concentration: 1.0 }).unwrap();
        for episode in bits.chunks(100) {
            laws::code_lengths_are_finite(&mut pooled, episode)?;
            pooled.end_episode();
        }
        laws::code_lengths_are_finite(&mut Kt::with_pseudo_count(Kt::MIN_PSEUDO_COUNT).unwrap(), &bits)?;
        laws::code_lengths_are_finite(&mut Kt::with_pseudo_count(Kt::MAX_PSEUDO_COUNT).unwrap(), &bits)?;
        laws::code_lengths_are_finite(&mut Ctw::new(1).unwrap(), &bits)?;
        laws::code_lengths_are_finite(&mut Ctw::new(16).unwrap(), &bits)?;
        laws::code_lengths_are_finite(&mut Ctw::new(64).unwrap(), &bits)?;
        let all = Enumeration::smallest(3, &Basis::Full, 3).unwrap();
        for leaf in [Leaf::Noisy(Leaf::MIN_NOISE), Leaf::Noisy(0.5), Leaf::Learning] {
            for prior in [FunctionPrior::SmallestCircuit, FunctionPrior::SumOverCircuits] {
                if let Ok(mut mixture) = CircuitMixture::new(&all, prior, leaf) {
                    laws::code_lengths_are_finite(&mut mixture, &bits)?;
                }
            }
        }
        let ctm = Ctm::new(OutputDistribution::enumerate(2, 20).unwrap());
        laws::code_lengths_are_finite(&mut ctm.clone(), &bits)?;
        laws::code_lengths_are_finite(&mut Ctm::with_escape(ctm.distribution().clone(), Ctm::MIN_ESCAPE).unwrap(), &bits)?;
        let panel = || vec![Kt::new().boxed_clone(), Ctw::new(4).unwrap().boxed_clone(), ctm.clone().boxed_clone()];
        laws::code_lengths_are_finite(&mut Mixture::uniform(panel()).unwrap(), &bits)?;
        laws::code_lengths_are_finite(&mut FixedShare::new(Mixture::uniform(panel()).unwrap(), 0.05).unwrap(), &bits)?;
        let mut episodic = Episodic::new(Mixture::uniform(panel()).unwrap());
        for episode in bits.chunks(300) {
            laws::code_lengths_are_finite(&mut episodic, episode)?;
            episodic.end_episode();
        }
        let weights = vec![1.0, 1.0, 1.0];
        for lambda in [1.0, 0.3] {
            laws::code_lengths_are_finite(&mut KellyMarket::new(panel(), weights.clone(), lambda).unwrap(), &bits)?;
        }
        // Certain by design, finite behind a positive clamp.
        let machine = BrainPhoque::new(2, 3).unwrap().start();
        let solomonoff = Solomonoff::new(machine, 4, 40, ProgramPrior::Length).unwrap();
        laws::code_lengths_are_finite(&mut solomonoff.clamp(1e-9).unwrap(), &bits)?;
        let inductor = LogicalInductor::new(vec![Box::new(PredictorTrader::new(Kt::new(), 10.0).unwrap())]).unwrap();
        laws::code_lengths_are_finite(&mut inductor.clamp(1e-9).unwrap(), &bits[..bits.len().min(300)])?;
    }

    #[test]
    fn boxed_trait_objects_forward(bits in laws::bits(100)) {
        let mut panel: Vec<Box<dyn Predictor>> =
            vec![Kt::new().boxed(), Ctw::new(6).unwrap().boxed()];
        laws::prediction_is_probability(&mut panel[0], &bits)?;
        laws::predict_is_pure(&mut panel[1], &bits)?;
    }
}

/// The laws catch a predictor that breaks the contract.
#[test]
#[should_panic(expected = "a law of Predictor failed")]
fn laws_reject_an_impure_predictor() {
    #[derive(Clone, Default)]
    struct Drifting(std::cell::Cell<f64>);
    impl Predictor for Drifting {
        fn predict(&self) -> f64 {
            let p = self.0.get();
            self.0.set((p + 0.1) % 1.0);
            p
        }
        fn update(&mut self, _bit: bool) {}
    }
    laws::check(Drifting::default);
}

#[test]
#[should_panic(expected = "not in [0, 1]")]
fn laws_reject_a_prediction_outside_the_unit_interval() {
    #[derive(Clone, Default)]
    struct Overconfident(u32);
    impl Predictor for Overconfident {
        fn predict(&self) -> f64 {
            1.0 + f64::from(self.0) * 0.01
        }
        fn update(&mut self, _bit: bool) {
            self.0 += 1;
        }
    }
    laws::check(Overconfident::default);
}

/// Adapters over a heterogeneous, clonable panel that includes a logical
/// inductor: mixture, fixed share and episodic restarts.
#[test]
fn adapters_over_a_heterogeneous_panel_with_a_market() {
    use inductive::adapters::{Episodic, FixedShare, Mixture};
    use inductive::market::{LogicalInductor, PredictorTrader};
    let panel = || -> Vec<Box<dyn ClonePredictor>> {
        vec![
            Kt::new().boxed_clone(),
            Ctw::new(3).unwrap().boxed_clone(),
            LogicalInductor::new(vec![
                Box::new(PredictorTrader::new(Kt::new(), 10.0).unwrap()),
                Box::new(PredictorTrader::new(Ctw::new(2).unwrap(), 10.0).unwrap()),
            ])
            .unwrap()
            .clamp(1e-3)
            .unwrap()
            .boxed_clone(),
        ]
    };
    laws::check(|| Mixture::uniform(panel()).unwrap());
    laws::check(|| FixedShare::new(Mixture::uniform(panel()).unwrap(), 0.01).unwrap());
    laws::check(|| {
        let mut e = Episodic::new(Mixture::uniform(panel()).unwrap());
        e.update(true);
        e.end_episode();
        e
    });
}

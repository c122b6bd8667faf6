//! Every predictor, source and adapter in the crate obeys the laws of
//! `Predictor`.

use inductive::circuit::{Basis, CircuitMixture, Enumeration, FunctionPrior, Leaf};
use inductive::laws::{self, LawConfig};
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
    let mut rng = ChaCha8Rng::seed_from_u64(12);
    let source =
        CircuitSource::sample_from_prior(&all, FunctionPrior::SmallestCircuit, 0.1, &mut rng)
            .unwrap();
    laws::check(|| source.clone());
}

proptest! {
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
    laws::check_with(
        LawConfig {
            cases: 16,
            max_len: 64,
        },
        || Kt::new().clamp(0.5).unwrap(),
    );
}

proptest! {
    #[test]
    fn learners_never_rule_a_bit_out(bits in laws::bits(2000)) {
        laws::code_lengths_are_finite(&mut Kt::new(), &bits)?;
        laws::code_lengths_are_finite(&mut Kt::laplace(), &bits)?;
        laws::code_lengths_are_finite(&mut Ctw::new(16).unwrap(), &bits)?;
        laws::code_lengths_are_finite(&mut Ctw::new(64).unwrap(), &bits)?;
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
    let config = LawConfig {
        cases: 16,
        max_len: 64,
    };
    laws::check_with(config, || Mixture::uniform(panel()).unwrap());
    laws::check_with(config, || {
        FixedShare::new(Mixture::uniform(panel()).unwrap(), 0.01).unwrap()
    });
    laws::check_with(config, || {
        let mut e = Episodic::new(Mixture::uniform(panel()).unwrap());
        e.update(true);
        e.end_episode();
        e
    });
}

//! Failures are visible without polling: a component that breaks the
//! contract is caught at the boundary of every adapter (never a NaN or an
//! out-of-range prediction further up), and `status` reports it through
//! every layer of a stack, up to `Evaluation`.

use inductive::adapters::{Episodic, FixedShare, Mixture};
use inductive::eval::Evaluation;
use inductive::market::{KellyMarket, LogicalInductor, PredictorTrader};
use inductive::prelude::*;
use inductive::solomonoff::{BrainPhoque, ProgramPrior, Solomonoff};
use inductive::sources::Bernoulli;

/// Predicts `bad` after `after` bits, 0.5 before: a component that breaks
/// the contract mid-sequence.
#[derive(Debug, Clone)]
struct BreaksAfter {
    seen: usize,
    after: usize,
    bad: f64,
}

impl Predictor for BreaksAfter {
    fn predict(&self) -> f64 {
        if self.seen >= self.after {
            self.bad
        } else {
            0.5
        }
    }
    fn update(&mut self, _bit: bool) {
        self.seen += 1;
    }
}

fn breaking(after: usize, bad: f64) -> Box<dyn ClonePredictor> {
    BreaksAfter {
        seen: 0,
        after,
        bad,
    }
    .boxed_clone()
}

const HOSTILE: [f64; 6] = [
    f64::NAN,
    1.5,
    -0.25,
    f64::INFINITY,
    f64::NEG_INFINITY,
    1.0 + 1e-12,
];

#[test]
fn a_mixture_excludes_a_component_that_breaks_the_contract() {
    let bits: Vec<bool> = (0..200).map(|t| t % 3 == 0).collect();
    for bad in HOSTILE {
        for after in [0, 1, 50] {
            let mut mixture =
                Mixture::uniform(vec![Kt::new().boxed_clone(), breaking(after, bad)]).unwrap();
            let mut kt = Kt::new();
            let mut excluded_from = None;
            for (t, &bit) in bits.iter().enumerate() {
                let p = mixture.predict();
                assert!(
                    (0.0..=1.0).contains(&p),
                    "{bad} after {after}: step {t} predicts {p}"
                );
                mixture.update(bit);
                kt.update(bit);
                if excluded_from.is_none() && !mixture.status().is_healthy() {
                    excluded_from = Some(t);
                }
            }
            // Excluded for good: from then on the mixture is KT exactly.
            assert_eq!(mixture.predict(), kt.predict(), "{bad} after {after}");
            assert_eq!(mixture.posterior()[1], 0.0);
            match mixture.status() {
                Status::Degraded(Error::ContractViolation { value, .. }) => {
                    assert!(value.to_bits() == bad.to_bits() || (value.is_nan() && bad.is_nan()));
                }
                other => panic!("{bad} after {after}: {other:?}"),
            }
            assert_eq!(
                excluded_from,
                Some(after.saturating_sub(1))
                    .filter(|_| after > 0)
                    .or(Some(0))
            );
        }
    }
}

#[test]
fn fixed_share_and_episodes_never_bring_an_excluded_component_back() {
    let bits: Vec<bool> = (0..300).map(|t| t % 5 < 2).collect();
    let mut share = FixedShare::new(
        Mixture::uniform(vec![Kt::new().boxed_clone(), breaking(10, f64::NAN)]).unwrap(),
        0.1,
    )
    .unwrap();
    share.observe(&bits);
    assert_eq!(share.mixture().posterior()[1], 0.0);
    assert!(matches!(share.status(), Status::Degraded(_)));
    let mut episodic =
        Episodic::new(Mixture::uniform(vec![Kt::new().boxed_clone(), breaking(10, 2.0)]).unwrap());
    for _ in 0..3 {
        let cost = episodic.observe(&bits[..40]);
        assert!(cost.is_finite());
        episodic.end_episode();
    }
    assert_eq!(episodic.mixture().posterior()[1], 0.0);
    assert!(matches!(episodic.status(), Status::Degraded(_)));
}

#[test]
fn a_mixture_whose_every_component_is_ruled_out_fails_visibly() {
    let mut mixture = Mixture::uniform(vec![
        Bernoulli::new(1.0).unwrap(),
        Bernoulli::new(1.0).unwrap(),
    ])
    .unwrap();
    mixture.observe([true, true, true]);
    assert!(mixture.status().is_healthy());
    mixture.update(false);
    assert!(matches!(
        mixture.status(),
        Status::Failed(Error::Falsified { bit: 3, .. })
    ));
    assert_eq!(mixture.predict(), 0.5);
    // A failed component degrades the mixture around it.
    let outer = Mixture::uniform(vec![mixture.boxed(), Kt::new().boxed()]).unwrap();
    assert!(matches!(
        outer.status(),
        Status::Degraded(Error::Falsified { .. })
    ));
}

#[test]
fn a_kelly_market_excludes_a_broken_bettor() {
    let mut market = KellyMarket::new(
        vec![Kt::new().boxed_clone(), breaking(5, f64::NAN)],
        vec![1.0, 1.0],
        1.0,
    )
    .unwrap();
    let cost = market.observe((0..100).map(|t| t % 2 == 0));
    assert!(cost.is_finite());
    assert_eq!(market.wealth()[1], 0.0);
    assert!(matches!(
        market.status(),
        Status::Degraded(Error::ContractViolation { .. })
    ));
}

#[test]
fn clamp_over_nan_predicts_a_half_and_fails() {
    for bad in HOSTILE {
        let clamped = BreaksAfter {
            seen: 0,
            after: 0,
            bad,
        }
        .clamp(0.01)
        .unwrap();
        let p = clamped.predict();
        assert!((0.0..=1.0).contains(&p), "{bad}: {p}");
        assert!(
            matches!(
                clamped.status(),
                Status::Failed(Error::ContractViolation { .. })
            ),
            "{bad}"
        );
    }
    let fine = Kt::new().clamp(0.01).unwrap();
    assert!(fine.status().is_healthy());
}

#[test]
fn status_crosses_inspect_boxes_and_references() {
    let failed = || {
        let mut m = Mixture::uniform(vec![Bernoulli::new(0.0).unwrap()]).unwrap();
        m.update(true);
        m
    };
    assert!(matches!(failed().status(), Status::Failed(_)));
    assert!(matches!(
        failed().inspect(|_, _| {}).status(),
        Status::Failed(_)
    ));
    assert!(matches!(failed().boxed().status(), Status::Failed(_)));
    assert!(matches!(failed().boxed_clone().status(), Status::Failed(_)));
    let mut owned = failed();
    let borrowed: &mut dyn Predictor = &mut owned;
    assert!(matches!(Predictor::status(&borrowed), Status::Failed(_)));
    assert!(matches!(
        failed().clamp(0.1).unwrap().status(),
        Status::Failed(_)
    ));
}

#[test]
fn a_solomonoff_mixture_with_no_program_left_fails_visibly() {
    // Programs of at most 2 instructions cannot print 1011.
    let machine = BrainPhoque::new(2, 4).unwrap().start();
    let mut tiny = Solomonoff::new(machine, 2, 50, ProgramPrior::Length).unwrap();
    let run = Evaluation::run(&mut tiny, &[true, false, true, true]);
    assert!(tiny.is_exhausted());
    assert!(matches!(
        tiny.status(),
        Status::Failed(Error::Falsified { .. })
    ));
    assert_eq!(run.status(), &tiny.status());
    let first = run.first_unhealthy().expect("it failed");
    assert!(first < 4);
    assert_eq!(tiny.predict(), 0.5);
}

#[test]
fn a_logical_inductor_over_a_broken_predictor_fails_visibly() {
    let trader = PredictorTrader::new(
        BreaksAfter {
            seen: 0,
            after: 3,
            bad: f64::NAN,
        },
        10.0,
    )
    .unwrap();
    let mut inductor = LogicalInductor::new(vec![Box::new(trader)]).unwrap();
    for t in 0..6 {
        let p = inductor.predict();
        assert!((0.0..=1.0).contains(&p), "bit {t}: {p}");
        inductor.update(t % 2 == 0);
    }
    assert!(matches!(
        inductor.status(),
        Status::Failed(Error::ContractViolation { .. })
    ));
    assert_eq!(
        inductor.failure().map(ToString::to_string),
        inductor.status().error().map(ToString::to_string)
    );
    let healthy = LogicalInductor::new(vec![Box::new(
        PredictorTrader::new(Kt::new(), 10.0).unwrap(),
    )])
    .unwrap();
    assert!(healthy.status().is_healthy());
}

#[test]
fn evaluation_charges_infinity_for_a_broken_prediction_not_nan() {
    for bad in HOSTILE {
        let mut broken = BreaksAfter {
            seen: 0,
            after: 2,
            bad,
        };
        let run = Evaluation::run(&mut broken, &[true; 5]);
        assert!(
            run.code_length().is_infinite() && run.code_length() > 0.0,
            "{bad}"
        );
        assert_eq!(run.first_unhealthy(), Some(2));
        assert!(matches!(
            run.status(),
            Status::Failed(Error::ContractViolation { .. })
        ));
    }
    let run = Evaluation::run(&mut Kt::new(), &[true; 5]);
    assert!(run.status().is_healthy() && run.first_unhealthy().is_none());
}

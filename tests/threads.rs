//! Every predictor, adapter and box of the crate is `Send`, traders and
//! deductive processes included, so seeds and task families run on
//! threads.

use inductive::adapters::{Clamp, Episodic, FixedShare, Inspect, Mixture, Restart};
use inductive::circuit::{Basis, CircuitMixture, Enumeration, FunctionPrior, Leaf};
use inductive::market::{
    Axioms, Daily, DeductiveProcess, KellyMarket, LogicalInductor, Market, PredictorTrader,
    Targets, Trader,
};
use inductive::prelude::*;
use inductive::solomonoff::ctm::Ctm;
use inductive::solomonoff::{BrainPhoque, BrainPhoqueState, ProgramPrior, Solomonoff};
use inductive::sources::{Bernoulli, CircuitSource, Markov, PiBits, ProgramSource, TreeSource};

fn send<T: Send>() {}

#[test]
fn every_type_is_send() {
    send::<Kt>();
    send::<Ctw>();
    send::<inductive::baseline::MarkovKt>();
    send::<inductive::fingerprint::Fingerprint>();
    send::<CircuitMixture>();
    send::<Solomonoff<BrainPhoqueState>>();
    send::<Ctm>();
    send::<LogicalInductor>();
    send::<Market>();
    send::<KellyMarket<Box<dyn ClonePredictor>>>();
    send::<Mixture<Box<dyn Predictor + Send>>>();
    send::<FixedShare<Kt>>();
    send::<Episodic<Box<dyn ClonePredictor>>>();
    send::<Restart<Ctw>>();
    send::<Clamp<Kt>>();
    send::<Inspect<Kt, fn(f64, bool)>>();
    send::<Box<dyn ClonePredictor>>();
    send::<Box<dyn Predictor + Send>>();
    send::<Box<dyn Trader>>();
    send::<Box<dyn DeductiveProcess>>();
    send::<Targets>();
    send::<(
        Bernoulli,
        Markov,
        TreeSource,
        CircuitSource,
        ProgramSource,
        PiBits,
    )>();
}

/// Seeds of a three-family stack (with a market of predictors) run on
/// threads and agree with the same runs on one thread.
#[test]
fn stacks_run_in_parallel() {
    let all = Enumeration::smallest(2, &Basis::Full, 2).unwrap();
    let machine = BrainPhoque::new(2, 3).unwrap().start();
    let stack = move || -> Box<dyn ClonePredictor> {
        let inductor =
            LogicalInductor::new(vec![
                Box::new(PredictorTrader::new(Kt::new(), 10.0).unwrap()) as Box<dyn Trader>,
            ])
            .unwrap();
        Mixture::uniform(vec![
            CircuitMixture::new(&all, FunctionPrior::SmallestCircuit, Leaf::Learning)
                .unwrap()
                .boxed_clone(),
            Solomonoff::new(machine.clone(), 4, 40, ProgramPrior::Length)
                .unwrap()
                .clamp(1e-3)
                .unwrap()
                .boxed_clone(),
            inductor.clamp(1e-3).unwrap().boxed_clone(),
        ])
        .unwrap()
        .boxed_clone()
    };
    let run = |seed: u64, mut p: Box<dyn ClonePredictor>| -> f64 {
        let bits: Vec<bool> = (0..200u64).map(|t| (t * t + seed * t) % 7 < 3).collect();
        p.observe(&bits)
    };
    let serial: Vec<f64> = (0..4).map(|seed| run(seed, stack())).collect();
    let parallel: Vec<f64> = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..4)
            .map(|seed| {
                let p = stack();
                scope.spawn(move || run(seed, p))
            })
            .collect();
        handles.into_iter().map(|h| h.join().unwrap()).collect()
    });
    assert_eq!(serial, parallel);
    // A market with a daily target closure and axioms crosses a thread.
    let mut market = Market::new();
    let a = market.language_mut().atom("a").unwrap();
    market.add_deduction(Axioms::new(vec![a]));
    market.add_deduction(Daily::new(Targets::daily(|_, _| Ok(Vec::new()))));
    market.add_trader(PredictorTrader::new(Kt::new(), 1.0).unwrap());
    let day = std::thread::spawn(move || {
        market.step().unwrap();
        market.day()
    })
    .join()
    .unwrap();
    assert_eq!(day, 1);
}

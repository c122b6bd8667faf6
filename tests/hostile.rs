//! Hostile inputs to every public constructor and parser: extreme sizes (0,
//! 1, max, 2^32, `usize::MAX`), NaN and ±∞, subnormals, foreign handles,
//! deep nesting, and retry after an error. Each case must end in a value
//! that keeps the contract (predictions in `[0, 1]` over 64 bits) or in an
//! `Error`; a panic is caught and fails the test, naming the case.
//!
//! `cargo test --all-features --test hostile -- --nocapture` prints the
//! tally by area.

use std::panic::{AssertUnwindSafe, catch_unwind};

use inductive::adapters::{FixedShare, Mixture};
use inductive::circuit::{
    Basis, Circuit, CircuitMixture, Enumeration, EpisodePrior, FunctionPrior, Gate, Leaf, Op,
    Signal, min_circuit_sizes,
};
use inductive::eval::Evaluation;
use inductive::market::{
    Arbitrageur, ConvergenceTrader, Language, Market, MarketConfig, NonDogmatist, PredictorTrader,
    PriceDependent, Targets, TowardPrice,
};
use inductive::prelude::*;
use inductive::solomonoff::ctm::{Ctm, OutputDistribution, TuringMachine};
use inductive::solomonoff::{BrainPhoque, ProgramPrior, Solomonoff};
use inductive::sources::{
    Bernoulli, CircuitSource, Markov, PiBits, ProgramSource, Sample, Source, TreeSource,
    pi_decimal_digits, pi_hex_digits,
};
use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;

const SIZES: [usize; 7] = [0, 1, 2, 1 << 32, (1 << 32) + 5, usize::MAX - 1, usize::MAX];
const REALS: [f64; 12] = [
    f64::NAN,
    f64::INFINITY,
    f64::NEG_INFINITY,
    0.0,
    -0.0,
    5e-324,
    f64::MIN_POSITIVE,
    1e-17,
    -1.0,
    1.5,
    f64::MAX,
    1.0 - 1e-17,
];

#[derive(Default)]
struct Tally {
    rows: Vec<(&'static str, usize, usize, usize)>,
    panics: Vec<String>,
}

impl Tally {
    fn area(&mut self, name: &'static str) {
        self.rows.push((name, 0, 0, 0));
    }

    /// One hostile call: `Ok` (its value already checked) or `Err`.
    fn case<T>(&mut self, what: String, f: impl FnOnce() -> Result<T>) {
        let row = self.rows.last_mut().expect("an area first");
        match catch_unwind(AssertUnwindSafe(f)) {
            Ok(Ok(_)) => {
                if std::env::var_os("HOSTILE_SHOW_ACCEPTED").is_some() {
                    println!("accepted: {what}");
                }
                row.1 += 1
            }
            Ok(Err(e)) => {
                assert!(!e.to_string().is_empty());
                row.2 += 1;
            }
            Err(_) => {
                row.3 += 1;
                self.panics.push(what);
            }
        }
    }

    /// A hostile construction whose value, if any, must predict
    /// probabilities and report a status over 64 bits.
    fn predictor<P: Predictor>(&mut self, what: String, make: impl FnOnce() -> Result<P>) {
        self.case(what, || {
            let mut p = make()?;
            for t in 0..64 {
                let q = p.predict();
                assert!((0.0..=1.0).contains(&q), "prediction {q}");
                p.update(t % 3 == 0);
                let _ = p.status();
            }
            Ok(())
        });
    }
}

impl Tally {
    /// Prints the table by area and fails on any panic.
    fn report(&self) {
        println!(
            "\n{:<38} {:>8} {:>8} {:>8}",
            "area", "accepted", "errors", "panics"
        );
        let mut totals = (0, 0, 0);
        for (area, ok, err, panics) in &self.rows {
            println!("{area:<38} {ok:>8} {err:>8} {panics:>8}");
            totals = (totals.0 + ok, totals.1 + err, totals.2 + panics);
        }
        println!(
            "{:<38} {:>8} {:>8} {:>8}",
            "all", totals.0, totals.1, totals.2
        );
        assert!(self.panics.is_empty(), "panicked: {:#?}", self.panics);
    }

    /// A case that must end (in a value or an error) within `seconds`: run
    /// on a thread of `stack` bytes, so that a hang or a stack overflow in
    /// the case is a failure naming it, not a stuck or aborted suite.
    fn bounded<T: Send + 'static>(
        &mut self,
        what: String,
        stack: usize,
        seconds: u64,
        f: impl FnOnce() -> Result<T> + Send + 'static,
    ) {
        let (send, receive) = std::sync::mpsc::channel();
        std::thread::Builder::new()
            .stack_size(stack)
            .spawn(move || {
                let outcome = catch_unwind(AssertUnwindSafe(f)).map(|r| r.map(|_| ()));
                let _ = send.send(outcome);
            })
            .expect("a thread");
        let outcome = receive
            .recv_timeout(std::time::Duration::from_secs(seconds))
            .unwrap_or_else(|_| panic!("{what}: no answer within {seconds} s"));
        self.case(what, || match outcome {
            Ok(result) => result,
            Err(_) => panic!("panicked"),
        });
    }
}

/// A predictor that always says `self.0`, whatever it is.
#[derive(Debug, Clone)]
struct Fixed(f64);

impl Predictor for Fixed {
    fn predict(&self) -> f64 {
        self.0
    }
    fn update(&mut self, _bit: bool) {}
}

fn bits(n: usize) -> Vec<bool> {
    (0..n).map(|t| t % 5 < 2).collect()
}

#[test]
fn every_constructor_refuses_hostile_input_with_an_error() {
    let mut t = Tally::default();
    let mut rng = ChaCha8Rng::seed_from_u64(3);

    t.area("baseline: Kt, Ctw");
    for x in REALS {
        t.predictor(format!("Kt::with_pseudo_count({x})"), || {
            Kt::with_pseudo_count(x)
        });
        t.predictor(format!("Kt pooled, concentration {x}"), || {
            Kt::new().with_episode_prior(EpisodePrior::Pooled { concentration: x })
        });
    }
    for n in SIZES.iter().copied().chain([64, 65, 128, 129, 1 << 40]) {
        t.predictor(format!("Ctw::new({n})"), || Ctw::new(n));
        t.predictor(format!("Ctw::with_past({n}, 3 bits)"), || {
            Ctw::with_past(n, &bits(3))
        });
    }

    for n in SIZES.iter().copied().chain([20, 21, 64]) {
        t.predictor(format!("MarkovKt::new({n})"), || {
            inductive::baseline::MarkovKt::new(n)
        });
    }

    t.area("sources");
    for x in REALS {
        t.predictor(format!("Bernoulli::new({x})"), || Bernoulli::new(x));
        t.predictor(format!("Markov::sample_from_prior(2, {x}, 1)"), || {
            Markov::sample_from_prior(2, x, 1.0, &mut rng)
        });
        t.case(format!("Sample::new(.., [{x}])"), || {
            Sample::new(vec![true], vec![x])
        });
    }
    for n in SIZES {
        t.predictor(format!("Markov::new({n}, [½, ½])"), || {
            Markov::new(n, vec![0.5; 2])
        });
        t.predictor(format!("TreeSource::sample_from_prior({n})"), || {
            TreeSource::sample_from_prior(n, &mut rng)
        });
        t.predictor(format!("PiBits::new({n})"), || PiBits::new(n));
        t.case(format!("pi_decimal_digits({n})"), || pi_decimal_digits(n));
        t.case(format!("pi_hex_digits({n})"), || pi_hex_digits(n));
        t.case(format!("Bernoulli.sample({n})"), || {
            Bernoulli::new(0.5)?.sample(if n <= 2 { n } else { n.max(1 << 31) }, &mut rng)
        });
        t.case(format!("Sample::new({n} bits vs 1)"), || {
            Sample::new(vec![true; n.min(4)], vec![0.5])
        });
    }
    let machine = BrainPhoque::new(2, 8).unwrap().start();
    for tries in [0, 1, 2] {
        t.case(
            format!("ProgramSource::sample(max_tries = {tries})"),
            || ProgramSource::sample(&machine, 1, 10, 1_000, tries, &mut rng),
        );
    }
    for program in [
        vec![0, 100, 6],
        vec![7],
        vec![usize::MAX],
        vec![],
        vec![0, 4, 6, 5],
    ] {
        t.case(format!("ProgramSource::from_program({program:?})"), || {
            ProgramSource::from_program(&machine, &program, 100, 2)
        });
    }

    t.area("solomonoff: BrainPhoque, Solomonoff");
    for (a, m) in [
        (0, 4),
        (1, 4),
        (256, 4),
        (2, 0),
        (2, 65_537),
        (2, usize::MAX),
        (9, 1),
    ] {
        t.case(format!("BrainPhoque::new({a}, {m})"), || {
            BrainPhoque::new(a, m)
        });
    }
    let bp = BrainPhoque::new(2, 4).unwrap();
    for (program, steps, out) in [
        ("+[.]", 100, 0),
        ("+[.]", 0, 5),
        ("+[.]", u64::MAX, 3),
        ("x", 10, 1),
        ("+é", 10, 1),
        ("]]]][[[[", 100, 5),
        ("{{{{", 100, 5),
    ] {
        t.case(
            format!("BrainPhoque::run({program:?}, {steps}, {out})"),
            || bp.run(program, steps, out),
        );
    }
    for length in SIZES.iter().copied().chain([30]) {
        t.predictor(format!("Solomonoff::new(L = {length})"), || {
            Solomonoff::new(bp.start(), length, 50, ProgramPrior::Length)
        });
    }
    t.predictor("Solomonoff::new(steps = 0)".into(), || {
        Solomonoff::new(bp.start(), 3, 0, ProgramPrior::Speed)
    });
    t.predictor("Solomonoff over alphabet 3".into(), || {
        Solomonoff::new(BrainPhoque::new(3, 4)?.start(), 3, 50, ProgramPrior::Length)
    });
    t.predictor("Solomonoff with a 65,536-cell tape at L = 8".into(), || {
        Solomonoff::new(
            BrainPhoque::new(2, 65_536)?.start(),
            8,
            50,
            ProgramPrior::Length,
        )
    });

    for x in REALS {
        t.predictor(format!("Solomonoff pooled, concentration {x}"), || {
            Solomonoff::new(bp.start(), 4, 50, ProgramPrior::Speed)?
                .with_episode_prior(EpisodePrior::Pooled { concentration: x })
        });
    }
    // Episodes that rule out every program, then retries.
    t.predictor("Solomonoff shared across falsified episodes".into(), || {
        let mut m = Solomonoff::new(bp.start(), 3, 50, ProgramPrior::Length)?;
        for _ in 0..3 {
            m.observe(bits(20));
            m.end_episode();
            m.end_episode();
        }
        Ok(m)
    });

    t.area("solomonoff::ctm");
    for (states, steps) in [
        (0, 10),
        (5, 10),
        (usize::MAX, 10),
        (1, 0),
        (1, u64::MAX),
        (1, 1 << 40),
        (2, 1),
    ] {
        t.case(
            format!("OutputDistribution::enumerate({states}, {steps})"),
            || OutputDistribution::enumerate(states, steps),
        );
    }
    let d = OutputDistribution::enumerate(2, 20).unwrap();
    for x in REALS {
        t.predictor(format!("Ctm::with_escape({x})"), || {
            Ctm::with_escape(d.clone(), x)
        });
    }
    for (states, table) in [
        (0, vec![]),
        (1, vec![6, 0]),
        (1, vec![0]),
        (2, vec![255; 4]),
        (usize::MAX, vec![]),
    ] {
        t.case(format!("TuringMachine::new({states}, {table:?})"), || {
            TuringMachine::new(states, table.clone())
        });
    }
    let walker = TuringMachine::new(1, vec![2, 2]).unwrap();
    for steps in [0, 1, u64::MAX, 1 << 32] {
        t.case(format!("TuringMachine::run({steps})"), || walker.run(steps));
    }

    t.area("circuit");
    for n in SIZES.iter().copied().chain([7, 20, 21]) {
        t.case(format!("Enumeration::smallest({n}, Full, 1)"), || {
            Enumeration::smallest(n, &Basis::Full, 1)
        });
        t.case(format!("Enumeration::new(2, Nand, {n})"), || {
            if n <= 3 || n > 64 {
                Enumeration::new(2, &Basis::Nand, n)
            } else {
                Enumeration::new(2, &Basis::Custom(vec![]), n) // an empty basis
            }
        });
    }
    let all = Enumeration::smallest(2, &Basis::Full, 2).unwrap();
    for x in REALS {
        t.predictor(format!("CircuitMixture::new(Noisy({x}))"), || {
            CircuitMixture::new(&all, FunctionPrior::SmallestCircuit, Leaf::Noisy(x))
        });
        t.predictor(format!("EpisodePrior::Pooled({x})"), || {
            CircuitMixture::new(&all, FunctionPrior::SmallestCircuit, Leaf::Learning)?
                .with_episode_prior(EpisodePrior::Pooled { concentration: x })
        });
    }
    {
        use inductive::circuit::Tap;
        let taps: Vec<Vec<Tap>> = vec![
            vec![],
            vec![Tap::Lag(1)],
            vec![Tap::Lag(1); 3],
            vec![Tap::Lag(0), Tap::Lag(1)],
            vec![Tap::Lag(65), Tap::Majority],
            vec![Tap::Lag(usize::MAX), Tap::Majority],
            vec![Tap::Induction(0), Tap::Seen(1)],
            vec![Tap::Induction(17), Tap::Seen(16)],
            vec![Tap::Induction(usize::MAX), Tap::Seen(usize::MAX)],
            vec![Tap::Lag(64), Tap::Induction(16)],
            vec![Tap::Majority, Tap::Majority],
        ];
        for taps in taps {
            t.predictor(format!("with_taps({taps:?})"), || {
                CircuitMixture::new(&all, FunctionPrior::Uniform, Leaf::Learning)?.with_taps(&taps)
            });
        }
        t.predictor("with_taps after a bit".into(), || {
            let mut m = CircuitMixture::new(&all, FunctionPrior::Uniform, Leaf::Learning)?;
            m.update(true);
            m.with_taps(&[Tap::Majority, Tap::Lag(3)])
        });
    }
    for (inputs, gates, output) in [
        (21, vec![], Signal::Input(0)),
        (usize::MAX, vec![], Signal::Input(0)),
        (2, vec![], Signal::Input(2)),
        (2, vec![], Signal::Gate(0)),
        (
            2,
            vec![Gate {
                op: Op::AND,
                inputs: [Signal::Gate(0), Signal::Input(0)],
            }],
            Signal::Gate(0),
        ),
        (
            2,
            vec![Gate {
                op: Op::AND,
                inputs: [Signal::Input(0), Signal::Input(usize::MAX)],
            }],
            Signal::Gate(0),
        ),
    ] {
        t.case(
            format!("Circuit::new({inputs}, {} gates, {output:?})", gates.len()),
            || Circuit::new(inputs, gates.clone(), output, false),
        );
    }
    for n in SIZES {
        t.case(format!("min_circuit_sizes({n}, Full, 2)"), || {
            min_circuit_sizes(n.min(1 << 40), Basis::Full, 2).map(|_| ())
        });
    }
    let xor = Circuit::new(
        2,
        vec![Gate {
            op: Op::XOR,
            inputs: [Signal::Input(0), Signal::Input(1)],
        }],
        Signal::Gate(0),
        false,
    )
    .unwrap();
    for x in REALS {
        t.predictor(format!("CircuitSource::new(xor, {x})"), || {
            CircuitSource::new(xor.clone(), x)
        });
        t.predictor(
            format!("CircuitSource::sample_from_prior(ε = {x})"),
            || CircuitSource::sample_from_prior(&all, FunctionPrior::SmallestCircuit, x, &mut rng),
        );
    }
    let circuit = all.functions()[3].witness.clone();
    for input in [4usize, 1000, usize::MAX] {
        t.case(format!("Circuit::eval({input})"), || {
            circuit.eval(input).ok_or(Error::NoTraders).map(|_| ())
        });
        t.case(format!("TruthTable::get({input})"), || {
            circuit
                .truth_table()
                .get(input)
                .ok_or(Error::NoTraders)
                .map(|_| ())
        });
    }

    t.area("adapters");
    for x in REALS {
        t.predictor(format!("Mixture weights [{x}, 1]"), || {
            Mixture::new(vec![Kt::new(), Kt::laplace()], vec![x, 1.0])
        });
        t.predictor(format!("FixedShare α = {x}"), || {
            FixedShare::new(Mixture::uniform(vec![Kt::new()])?, x)
        });
        t.predictor(format!("clamp({x})"), || Kt::new().clamp(x));
        t.predictor(format!("KellyMarket λ = {x}"), || {
            inductive::market::KellyMarket::new(vec![Kt::new()], vec![1.0], x)
        });
    }
    t.predictor("Mixture of none".into(), || Mixture::<Kt>::uniform(vec![]));
    t.predictor("Mixture, 1 weight for 2".into(), || {
        Mixture::new(vec![Kt::new(), Kt::new()], vec![1.0])
    });
    t.predictor("Mixture, all weights 0".into(), || {
        Mixture::new(vec![Kt::new()], vec![0.0])
    });
    t.case("Mixture names 3 for 1".into(), || {
        Mixture::uniform(vec![Kt::new()])?.with_names(["a", "b", "c"])
    });
    t.case("regret over different lengths".into(), || {
        Evaluation::run(&mut Kt::new(), &bits(3))
            .regret_against(&Evaluation::run(&mut Kt::new(), &bits(4)))
    });

    t.area("market");
    for precision in [0, 1, 40, 41, u32::MAX] {
        t.case(format!("Market precision {precision}"), || {
            Market::with_config(MarketConfig {
                precision,
                ..MarketConfig::default()
            })
        });
    }
    let mut lang = Language::new();
    let phi = lang.atom("phi").unwrap();
    for x in REALS {
        t.case(format!("TowardPrice price {x}"), || {
            TowardPrice::new(Targets::fixed(vec![phi]), x, 1.0)
        });
        t.case(format!("TowardPrice steepness {x}"), || {
            TowardPrice::new(Targets::fixed(vec![phi]), 0.5, x)
        });
        t.case(format!("ConvergenceTrader δ {x}"), || {
            ConvergenceTrader::new(phi, 0.2, 0.8, x)
        });
        t.case(format!("NonDogmatist floor {x}"), || {
            NonDogmatist::new(Targets::fixed(vec![phi]), x, 0.1)
        });
        t.case(format!("PriceDependent threshold {x}"), || {
            PriceDependent::new(Targets::fixed(vec![phi]), x)
        });
        t.case(format!("PredictorTrader steepness {x}"), || {
            PredictorTrader::new(Kt::new(), x)
        });
        t.case(format!("Arbitrageur::exactly_one steepness {x}"), || {
            Arbitrageur::exactly_one(Targets::fixed(vec![phi]), x)
        });
        t.case(format!("Arbitrageur::linear total {x}"), || {
            Arbitrageur::linear(Targets::fixed(vec![phi]), vec![1.0, x], x, 1.0)
        });
    }
    for text in [
        String::new(),
        "(".into(),
        ")".into(),
        "a &".into(),
        "b18446744073709551616".into(),
        "b1 $ b2".into(),
        "(".repeat(100_000),
        "!".repeat(100_000) + "a",
        "!(".repeat(50_000) + "a",
        "a".repeat(100_000),
        "é ∧ ß".into(),
    ] {
        let shown: String = text.chars().take(12).collect();
        // Retry after an error: the same text fails the same way.
        t.case(format!("parse {shown:?}…"), || {
            let first = lang.parse(&text);
            assert_eq!(first, lang.parse(&text));
            first
        });
    }
    for name in ["", "b3", "9a", "a b", "a-b", "ok_name"] {
        t.case(format!("atom {name:?}"), || lang.atom(name));
    }
    t.area("agent");
    {
        use inductive::agent::{
            Agent, CoinFlip, Environment, ExtendedTiger, Learner, Maze, MazeObservation, Percept,
            QLearning, SearchConfig, Tiger,
        };
        // Runs 20 cycles of whatever was built; a refused action or
        // percept is an error, never a panic.
        fn cycles(
            mut learner: impl Learner,
            mut env: impl Environment,
            rng: &mut ChaCha8Rng,
        ) -> Result<()> {
            for _ in 0..20 {
                learner.step(&mut env, rng)?;
            }
            Ok(())
        }
        for x in REALS {
            t.case(format!("Tiger::new({x})"), || Tiger::new(x, &mut rng));
            t.case(format!("ExtendedTiger::new({x})"), || {
                ExtendedTiger::new(x, &mut rng)
            });
            t.case(format!("CoinFlip::new({x})"), || CoinFlip::new(x, &mut rng));
            t.case(format!("SearchConfig exploration {x}"), || {
                let coin = CoinFlip::new(0.5, &mut rng)?;
                let config = SearchConfig {
                    horizon: 2,
                    simulations: 4,
                    exploration: x,
                };
                let agent = Agent::new(&coin, Kt::new, config)?.with_exploration(x, x)?;
                cycles(agent, coin, &mut rng)
            });
            t.case(format!("QLearning rate {x}, discount {x}"), || {
                let coin = CoinFlip::new(0.5, &mut rng)?;
                let q = QLearning::new(&coin, 1, x, x)?.with_exploration(x, 1.0)?;
                cycles(q, coin, &mut rng)
            });
            t.case(format!("QLearning initial value {x}"), || {
                let coin = CoinFlip::new(0.5, &mut rng)?;
                let q = QLearning::new(&coin, 1, 0.1, 0.5)?.with_initial_value(x)?;
                cycles(q, coin, &mut rng)
            });
            t.case(format!("logical inductor of models, steepness {x}"), || {
                use inductive::market::LogicalInductor;
                let coin = CoinFlip::new(0.5, &mut rng)?;
                let model = LogicalInductor::from_conditional_predictors(vec![Ctw::new(2)?], x)?;
                let config = SearchConfig {
                    horizon: 2,
                    simulations: 4,
                    exploration: 2.0,
                };
                let agent = Agent::per_bit(&coin, |_| model.clone(), config)?;
                cycles(agent, coin, &mut rng)
            });
        }
        t.case("logical inductor of no models".to_string(), || {
            inductive::market::LogicalInductor::from_conditional_predictors(Vec::<Ctw>::new(), 10.0)
        });
        for n in SIZES {
            t.case(format!("SearchConfig horizon and simulations {n}"), || {
                let coin = CoinFlip::new(0.5, &mut rng)?;
                // Huge searches are refused by nothing but time: build only.
                Agent::new(
                    &coin,
                    Kt::new,
                    SearchConfig {
                        horizon: n,
                        simulations: n,
                        exploration: 2.0,
                    },
                )
                .map(|_| ())
            });
            t.case(format!("QLearning window {n}"), || {
                let coin = CoinFlip::new(0.5, &mut rng)?;
                QLearning::new(&coin, n, 0.1, 0.5).map(|_| ())
            });
            t.case(format!("Tiger action {n}"), || {
                Tiger::new(0.85, &mut rng)?.perform(n, &mut rng)
            });
            t.case(format!("likely_percepts({n})"), || {
                let tiger = Tiger::new(0.85, &mut rng)?;
                let agent = Agent::new(
                    &tiger,
                    || Ctw::new(3).unwrap(),
                    SearchConfig {
                        horizon: 1,
                        simulations: 1,
                        exploration: 1.0,
                    },
                )?;
                let likely = agent.likely_percepts(n);
                assert!(likely.len() <= n.min(4_096));
                assert!(likely.iter().all(|(_, p)| (0.0..=1.0).contains(p)));
                Ok(())
            });
            t.case(format!("agent percept {n}"), || {
                let tiger = Tiger::new(0.85, &mut rng)?;
                let mut agent = Agent::new(
                    &tiger,
                    Kt::new,
                    SearchConfig {
                        horizon: 1,
                        simulations: 1,
                        exploration: 1.0,
                    },
                )?;
                let value = n as u64;
                agent.observe(
                    &tiger,
                    Percept {
                        observation: value,
                        reward: value,
                    },
                )
            });
        }
        for (layout, rewards) in [
            (vec![], vec![]),
            (vec!["*".repeat(10_000)], vec![vec![0i64; 10_000]]),
            (vec!["@".to_string()], vec![vec![0]]),
            (vec!["*!".to_string()], vec![vec![i64::MIN, i64::MAX]]),
            (vec!["*é".to_string()], vec![vec![0, 0]]),
        ] {
            let layout: Vec<&str> = layout.iter().map(String::as_str).collect();
            let rewards: Vec<&[i64]> = rewards.iter().map(Vec::as_slice).collect();
            t.case(format!("Maze::new({} rows)", layout.len()), || {
                let maze = Maze::new(&layout, &rewards, MazeObservation::Coordinates, &mut rng)?;
                cycles(QLearning::new(&maze, 3, 0.5, 0.5)?, maze, &mut rng)
            });
        }
    }

    t.area("fingerprint");
    {
        use inductive::fingerprint::{Panel, fingerprint};
        let probe_sets: Vec<Vec<Vec<bool>>> = vec![
            vec![],
            vec![bits(10)],
            vec![vec![], vec![]],
            vec![bits(3), bits(4)],
            vec![bits(1), bits(1)],
            vec![bits(1000); 3],
        ];
        for probes in probe_sets {
            let panel = Panel::new().with("KT", Kt::new);
            t.case(format!("fingerprint over {} probes", probes.len()), || {
                fingerprint(|| Ctw::new(2).unwrap(), &panel, &probes)
            });
            t.case(
                format!("fingerprint, empty panel, {} probes", probes.len()),
                || fingerprint(Kt::new, &Panel::new(), &probes),
            );
        }
        for x in REALS {
            let panel = Panel::new().with("KT", Kt::new);
            t.case(format!("fingerprint of a model predicting {x}"), || {
                fingerprint(|| Fixed(x), &panel, &[bits(4), bits(4)])
            });
        }
    }

    t.predictor("LogicalInductor with no traders".into(), || {
        inductive::market::LogicalInductor::new(vec![])
    });
    t.case("step with no traders".into(), || Market::new().step());

    t.report();
}

/// The surface added since the first hostile suite (round 3 of the
/// reliability work): parser depth by construction, the decoder's limits,
/// the agent's bounds, checkpoint and cluster files.
#[test]
fn the_newer_surface_refuses_hostile_input_with_an_error() {
    let mut t = Tally::default();

    t.area("parser depth, 2 MiB stack");
    let long = |unit: &str, n: usize| unit.repeat(n) + "a";
    let texts: Vec<(String, String)> = vec![
        ("(a->)^20,000 a".into(), long("a->", 20_000)),
        ("(a→)^20,000 a".into(), long("a→", 20_000)),
        ("(a->)^1,000,000 a".into(), long("a->", 1_000_000)),
        ("(a|)^100,000 a".into(), long("a|", 100_000)),
        ("(a&)^100,000 a".into(), long("a&", 100_000)),
        ("!^100,000 a".into(), long("!", 100_000)),
        ("(^100,000 a".into(), long("(", 100_000)),
        ("(a->(^50,000 a".into(), long("a->(", 50_000)),
        ("(!a->)^50,000 a".into(), long("!a->", 50_000)),
        ("(a->!)^50,000 a".into(), long("a->!", 50_000)),
        ("a->b chain of 1,023".into(), long("a->", 1_023)),
        ("a->b chain of 1,024".into(), long("a->", 1_024)),
        ("4 MB of spaces".into(), " ".repeat(4 << 20) + "a"),
        ("4 MB atom name".into(), "x".repeat(4 << 20)),
    ];
    for (name, text) in texts {
        t.bounded(format!("parse {name}"), 2 << 20, 30, move || {
            let mut lang = Language::new();
            lang.parse(&text).map(|_| ())
        });
    }
    {
        // A chain the depth bound allows parses, and one past it is refused.
        let mut lang = Language::new();
        assert!(lang.parse(&long("a->", 1_000)).is_ok());
        assert!(lang.parse(&long("a->", 2_000)).is_err());
    }

    t.area("decoder limits");
    {
        use inductive::coding;
        let packed = coding::compress(Kt::new(), b"hostile");
        for limit in [0, 1, 6, 7, 8, usize::MAX] {
            let packed = packed.clone();
            t.bounded(
                format!("decompress with limit {limit}"),
                2 << 20,
                30,
                move || coding::decompress(Kt::new(), &packed, limit),
            );
        }
        // Forged lengths with valid header checks, up to u64::MAX.
        for len in [1u64 << 16, 1 << 32, 4_000_000_000_000, u64::MAX] {
            let mut forged = Vec::new();
            let mut rest = len;
            while rest >= 0x80 {
                forged.push((rest as u8 & 0x7F) | 0x80);
                rest >>= 7;
            }
            forged.push(rest as u8);
            forged.extend_from_slice(&[0, 0, 0, 0]);
            let check = crc32fast::hash(&forged);
            forged.extend_from_slice(&check.to_le_bytes());
            forged.push(1);
            t.bounded(format!("forged length {len}"), 2 << 20, 30, move || {
                let result = coding::decompress(Ctw::new(48)?, &forged, 1 << 20);
                assert!(result.is_err(), "a forged stream decoded");
                result
            });
        }
    }

    t.area("agent bounds");
    {
        use inductive::agent::{Agent, Environment, Percept, QLearning, SearchConfig, encode};
        /// An environment that declares what it is told to.
        #[derive(Debug, Clone)]
        struct Declared {
            actions: usize,
            offset: f64,
            max_reward: u64,
        }
        impl Environment for Declared {
            fn actions(&self) -> usize {
                self.actions
            }
            fn max_observation(&self) -> u64 {
                1
            }
            fn max_reward(&self) -> u64 {
                self.max_reward
            }
            fn reward_offset(&self) -> f64 {
                self.offset
            }
            fn initial_percept(&self) -> Percept {
                Percept::ZERO
            }
            fn perform(&mut self, _action: usize, _rng: &mut dyn rand::Rng) -> Result<Percept> {
                Ok(Percept::ZERO)
            }
        }
        let config = SearchConfig {
            horizon: 2,
            simulations: 8,
            exploration: 2.0,
        };
        for actions in [0, 1, 1 << 16, (1 << 16) + 1, 1 << 26, 1 << 40, usize::MAX] {
            let env = Declared {
                actions,
                offset: 0.0,
                max_reward: 1,
            };
            let e = env.clone();
            t.bounded(
                format!("Agent::new, {actions} actions"),
                8 << 20,
                30,
                move || Agent::new(&e, Kt::new, config).map(|_| ()),
            );
            t.bounded(
                format!("QLearning::new, {actions} actions"),
                8 << 20,
                30,
                move || QLearning::new(&env, 1, 0.5, 0.5).map(|_| ()),
            );
        }
        for offset in [f64::NAN, f64::INFINITY, f64::NEG_INFINITY, f64::MAX] {
            let env = Declared {
                actions: 2,
                offset,
                max_reward: u64::MAX,
            };
            t.case(format!("QLearning::new, reward offset {offset}"), || {
                let q = QLearning::new(&env, 1, 0.5, 0.5)?;
                assert!(q.values().iter().all(|v| v.is_finite()), "{:?}", q.values());
                Ok(())
            });
            t.case(format!("Agent::new, reward offset {offset}"), || {
                Agent::new(&env, Kt::new, config).map(|_| ())
            });
        }
        for bits in [0, 64, 65, 1 << 32, usize::MAX] {
            t.case(format!("encode in {bits} bits"), || {
                let mut out = Vec::new();
                encode(u64::MAX, bits, &mut out)?;
                assert_eq!(out.len(), bits);
                Ok(())
            });
        }
    }

    t.area("checkpoint files");
    {
        use inductive::solomonoff::ctm::{ShardCheckpoint, Shards};
        let dir = std::env::temp_dir().join(format!("hostile-files-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let fifo = dir.join("fifo");
        let made = std::process::Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .is_ok_and(|s| s.success());
        let shards = Shards::new(2, 6).unwrap();
        for (name, path) in [
            ("a FIFO", fifo.clone()),
            ("a directory", dir.clone()),
            ("/dev/null", "/dev/null".into()),
            ("a missing directory", dir.join("no/such/file")),
        ] {
            if name == "a FIFO" && !made {
                continue;
            }
            let shards = shards.clone();
            t.bounded(
                format!("ShardCheckpoint::open on {name}"),
                2 << 20,
                10,
                move || ShardCheckpoint::open(&path, &shards, "run").map(|_| ()),
            );
        }
        #[cfg(feature = "cluster")]
        for (name, path) in [("a FIFO", fifo.clone()), ("a directory", dir.clone())] {
            if name == "a FIFO" && !made {
                continue;
            }
            t.bounded(format!("hostfile {name}"), 2 << 20, 10, move || {
                let args = ["x", "-n", "2", "-p", "0", "-h"].map(String::from);
                let args = args.into_iter().chain([path.display().to_string()]);
                inductive::cluster::config_from_args(args).map(|_| ())
            });
        }
        for workers in ["0", "1025", "1000000000", "18446744073709551615"] {
            #[cfg(feature = "cluster")]
            t.bounded(format!("-w {workers}"), 2 << 20, 10, move || {
                let args = ["x", "-w", workers].map(String::from);
                inductive::cluster::config_from_args(args).map(|_| ())
            });
            let _ = workers;
        }
        let _ = std::fs::remove_dir_all(&dir);
    }

    t.report();
}

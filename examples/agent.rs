//! Model-based reinforcement learning: an MC-AIXI-style agent, ρUCT over a
//! world model factored per percept bit, on the domains of Veness et al.
//! (2011).
//!
//! ```text
//! cargo run --release --example agent -- --domain tiger --cycles 2000 --seed 1
//! cargo run --release --example agent            # every domain, 5 seeds
//! ```
//!
//! The agent learns (and explores) for the first half of the cycles, then
//! acts on what it learned without exploring or learning, as the paper's
//! experiments do (`learning-period` in the reference code). One domain
//! ends with `reward/cycle: <learned average reward>`: the mean real reward
//! per cycle over the second half. Without `--domain` it prints a table
//! over every domain (`--cycles` each, 1,000 by default), with the spread
//! over 5 seeds, beside the model-free baseline (tabular Q-learning over
//! the last 2 percepts) on the same schedule. The paper's figures come
//! from 10,000 cycles or more; this table does not reproduce them yet.

use std::time::Instant;

use inductive::agent::{
    Agent, BiasedRockPaperScissors, CoinFlip, Environment, ExtendedTiger, KuhnPoker, Learner, Maze,
    QLearning, SearchConfig, TicTacToe, Tiger,
};
use inductive::prelude::*;
use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;
use rayon::prelude::*;

/// A domain's setup: model depth, search parameters and exploration, from
/// the reference code's configuration files (`conf/*.conf`), with the
/// context depth capped at CTW's 64 bits (the reference uses 96 for the
/// mazes and extended tiger).
struct Setup {
    name: &'static str,
    depth: usize,
    config: SearchConfig,
    explore: (f64, f64),
    /// The optimum where it is known in closed form, or the paper's
    /// figure as its issue quotes it; "—" where neither is checked yet.
    anchor: &'static str,
}

const fn search(horizon: usize) -> SearchConfig {
    SearchConfig {
        horizon,
        simulations: 200,
        exploration: 2.0,
    }
}

const SETUPS: [Setup; 8] = [
    Setup {
        name: "coin-flip",
        depth: 4,
        config: search(6),
        explore: (0.1, 0.995),
        anchor: "optimum 0.70",
    },
    Setup {
        name: "biased-rps",
        depth: 32,
        config: search(4),
        explore: (0.999, 0.99999),
        anchor: "—",
    },
    Setup {
        name: "tiger",
        depth: 30,
        config: search(5),
        explore: (0.99, 0.9999),
        anchor: "paper ≈ 1.12",
    },
    Setup {
        name: "extended-tiger",
        depth: 64,
        config: search(4),
        explore: (0.99, 0.9999),
        anchor: "paper ≈ 3.97",
    },
    Setup {
        name: "kuhn-poker",
        depth: 42,
        config: search(2),
        explore: (0.99, 0.9999),
        anchor: "paper ≈ 0.06",
    },
    Setup {
        name: "cheese-maze",
        depth: 64,
        config: search(8),
        explore: (0.999, 0.9999),
        anchor: "paper ≈ 1.28",
    },
    Setup {
        name: "grid-4x4",
        depth: 64,
        config: search(12),
        explore: (0.9, 0.9999),
        anchor: "—",
    },
    Setup {
        name: "tictactoe",
        depth: 64,
        config: search(9),
        explore: (0.9999, 0.999999),
        anchor: "—",
    },
];

fn environment(name: &str, rng: &mut ChaCha8Rng) -> Result<Box<dyn Environment>, Error> {
    Ok(match name {
        "coin-flip" => Box::new(CoinFlip::new(0.7, rng)?),
        "tiger" => Box::new(Tiger::new(Tiger::DEFAULT_ACCURACY, rng)?),
        "extended-tiger" => Box::new(ExtendedTiger::new(Tiger::DEFAULT_ACCURACY, rng)?),
        "biased-rps" => Box::new(BiasedRockPaperScissors::new()),
        "kuhn-poker" => Box::new(KuhnPoker::new(rng)),
        "cheese-maze" => Box::new(Maze::cheese(rng)),
        "grid-4x4" => Box::new(Maze::grid_4x4(rng)),
        "tictactoe" => Box::new(TicTacToe::new()),
        _ => unreachable!("the setups name every domain"),
    })
}

/// Runs one domain, learning for the first half of the cycles (exploring
/// as configured) and then acting on what it learned; returns the mean
/// real reward per cycle over the second half.
fn run(setup: &Setup, cycles: u64, seed: u64, verbose: bool) -> Result<f64, Error> {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let mut env = environment(setup.name, &mut rng)?;
    let depth = setup.depth;
    let mut agent = Agent::new(
        &*env,
        || Ctw::new(depth).expect("valid depth"),
        setup.config,
    )?
    .with_exploration(setup.explore.0, setup.explore.1)?
    .with_learning_period(cycles / 2);
    let (mut late, started) = (0.0, Instant::now());
    for cycle in 0..cycles {
        let (action, percept) = agent.step(&mut *env, &mut rng)?;
        if cycle >= cycles / 2 {
            late += percept.reward as f64 - env.reward_offset();
        }
        if verbose && (cycle < 3 || cycle + 1 == cycles) {
            println!("cycle {}: action {action}, percept {percept:?}", cycle + 1);
            for v in agent.plan() {
                println!(
                    "    action {}: value {:?}, visits {}",
                    v.action, v.value, v.visits
                );
            }
        }
        if verbose && (cycle + 1).is_power_of_two() {
            println!(
                "cycle {:>6}: average reward {:.3} ({:.1} s)",
                cycle + 1,
                agent.average_reward(),
                started.elapsed().as_secs_f64()
            );
        }
    }
    Ok(late / (cycles - cycles / 2) as f64)
}

/// The model-free baseline on the same domain, seed and schedule: tabular
/// Q-learning over the last 2 percepts (rate 0.1, discount 0.9); returns
/// the mean real reward per cycle over the second half.
fn run_q_learning(setup: &Setup, cycles: u64, seed: u64) -> Result<f64, Error> {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let mut env = environment(setup.name, &mut rng)?;
    let mut q = QLearning::new(&*env, 2, 0.1, 0.9)?
        .with_exploration(setup.explore.0, setup.explore.1)?
        .with_learning_period(cycles / 2);
    let mut late = 0.0;
    for cycle in 0..cycles {
        let (_, percept) = q.step(&mut *env, &mut rng)?;
        if cycle >= cycles / 2 {
            late += percept.reward as f64 - env.reward_offset();
        }
    }
    Ok(late / (cycles - cycles / 2) as f64)
}

fn main() -> Result<(), Error> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let value = |flag: &str| {
        args.iter()
            .position(|a| a == flag)
            .and_then(|i| args.get(i + 1))
            .cloned()
    };
    if let Some(domain) = value("--domain") {
        let Some(setup) = SETUPS.iter().find(|s| s.name == domain) else {
            let known: Vec<&str> = SETUPS.iter().map(|s| s.name).collect();
            eprintln!("unknown domain {domain:?}; known: {}", known.join(", "));
            std::process::exit(2);
        };
        let cycles: u64 = value("--cycles")
            .and_then(|c| c.parse().ok())
            .unwrap_or(2000)
            .max(2);
        let seed: u64 = value("--seed").and_then(|s| s.parse().ok()).unwrap_or(1);
        let reward = run(setup, cycles, seed, true)?;
        println!("reward/cycle: {reward:.4}");
        return Ok(());
    }
    let cycles: u64 = value("--cycles")
        .and_then(|c| c.parse().ok())
        .unwrap_or(1000)
        .max(2);
    println!(
        "domain          cycles  ρUCT + FAC-CTW (min, median, max of 5 seeds)  Q-learning, last 2 percepts  anchor"
    );
    for setup in &SETUPS {
        // Seeds run in parallel: every model is Send.
        let spread = |run: &(dyn Fn(u64) -> Result<f64, Error> + Sync)| -> Result<String, Error> {
            let mut rewards: Vec<f64> =
                (1..=5).into_par_iter().map(run).collect::<Result<_, _>>()?;
            rewards.sort_by(f64::total_cmp);
            Ok(format!(
                "{:>7.3}, {:>7.3}, {:>7.3}",
                rewards[0], rewards[2], rewards[4]
            ))
        };
        let planned = spread(&|s| run(setup, cycles, s, false))?;
        let model_free = spread(&|s| run_q_learning(setup, cycles, s))?;
        println!(
            "{:<15} {cycles:>6}  {planned}  {model_free}  {}",
            setup.name, setup.anchor
        );
    }
    Ok(())
}

//! Model-based reinforcement learning: an MC-AIXI-style agent, ρUCT over a
//! world model factored per percept bit, on the domains of Veness et al.
//! (2011).
//!
//! ```text
//! cargo run --release --example agent -- --domain tiger --cycles 2000 --seed 1
//! cargo run --release --example agent            # every domain, 5 seeds
//! ```
//!
//! One domain ends with `reward/cycle: <learned average reward>`: the mean
//! real reward per cycle over the last half of the run (after the
//! exploration has decayed). Without arguments it prints a table over the
//! domains built so far, with the spread over 5 seeds.

use std::time::Instant;

use inductive::agent::{
    Agent, BiasedRockPaperScissors, CoinFlip, Environment, SearchConfig, Tiger,
};
use inductive::prelude::*;
use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;

/// A domain's setup: model depth, search parameters and exploration.
struct Setup {
    name: &'static str,
    depth: usize,
    config: SearchConfig,
    explore: (f64, f64),
    optimum: &'static str,
}

const SETUPS: [Setup; 3] = [
    Setup {
        name: "coin-flip",
        depth: 4,
        config: SearchConfig {
            horizon: 1,
            simulations: 20,
            exploration: 2.0,
        },
        explore: (0.1, 0.99),
        optimum: "0.70",
    },
    Setup {
        name: "biased-rps",
        depth: 16,
        config: SearchConfig {
            horizon: 2,
            simulations: 100,
            exploration: 2.0,
        },
        explore: (0.5, 0.999),
        optimum: "≈ 0.22",
    },
    Setup {
        name: "tiger",
        depth: 30,
        config: SearchConfig {
            horizon: 5,
            simulations: 200,
            exploration: 2.0,
        },
        explore: (0.99, 0.999),
        optimum: "≈ 1.1",
    },
];

fn environment(name: &str, rng: &mut ChaCha8Rng) -> Result<Box<dyn Environment>, Error> {
    Ok(match name {
        "coin-flip" => Box::new(CoinFlip::new(CoinFlip::DEFAULT_PROBABILITY, rng)?),
        "tiger" => Box::new(Tiger::new(Tiger::DEFAULT_ACCURACY, rng)?),
        "biased-rps" => Box::new(BiasedRockPaperScissors::new()),
        _ => unreachable!("the setups name every domain"),
    })
}

/// Runs one domain; returns the mean real reward per cycle over the last
/// half of the run.
fn run(setup: &Setup, cycles: u64, seed: u64, verbose: bool) -> Result<f64, Error> {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let mut env = environment(setup.name, &mut rng)?;
    let depth = setup.depth;
    let mut agent = Agent::new(
        &*env,
        || Ctw::new(depth).expect("valid depth"),
        setup.config,
    )?
    .with_exploration(setup.explore.0, setup.explore.1)?;
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
            eprintln!("unknown domain {domain:?}; known: coin-flip, biased-rps, tiger");
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
    println!("domain       cycles  reward/cycle, last half (min, median, max of 5 seeds)  optimum");
    for setup in &SETUPS {
        let cycles = 2000;
        let mut rewards: Vec<f64> = (1..=5)
            .map(|s| run(setup, cycles, s, false))
            .collect::<Result<_, _>>()?;
        rewards.sort_by(f64::total_cmp);
        println!(
            "{:<12} {cycles:>6}  {:.3}, {:.3}, {:.3}  {}",
            setup.name, rewards[0], rewards[2], rewards[4], setup.optimum
        );
    }
    Ok(())
}

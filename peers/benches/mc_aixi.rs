//! ρUCT with FAC-CTW, `inductive` beside `infotheory`'s MC-AIXI, on the
//! same domain, context depth, horizon and simulation count, one thread.
//!
//! ```text
//! RAYON_NUM_THREADS=1 cargo bench -p inductive-peers --bench mc_aixi
//! ```
//!
//! Throughput is simulations per second of planning cycles (each cycle:
//! plan with 500 simulations, act, learn the percept). "early" measures
//! cycles from a fresh agent; "late" measures them after 5,000 cycles of
//! random actions have grown the model (both crates' search slows as the
//! context trees grow). `infotheory` clones its model per thread when
//! rayon has more than one, which changes its results: run with
//! `RAYON_NUM_THREADS=1`.

use std::hint::black_box;
use std::time::{Duration, Instant};

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use inductive::agent::{
    Agent, Environment, ExtendedTiger, KuhnPoker, Learner, SearchConfig, Tiger,
};
use inductive::prelude::*;
use infotheory::aixi::agent::{Agent as PeerAgent, AgentConfig};
use infotheory::aixi::common::ObservationKeyMode;
use infotheory::aixi::environment::{
    Environment as PeerEnvironment, ExtendedTiger as PeerExtendedTiger, KuhnPoker as PeerKuhnPoker,
};
use rand::{RngExt, SeedableRng};
use rand_chacha::ChaCha8Rng;

const SIMULATIONS: usize = 500;
/// Cycles of random actions before the "late" measurement.
const WARM_UP: usize = 5_000;

/// A domain as both crates define it, with the paper's depth and horizon.
#[derive(Clone, Copy)]
struct Domain {
    name: &'static str,
    depth: usize,
    horizon: usize,
}

const DOMAINS: [Domain; 2] = [
    Domain {
        name: "extended-tiger",
        depth: 96,
        horizon: 4,
    },
    Domain {
        name: "kuhn-poker",
        depth: 42,
        horizon: 2,
    },
];

fn ours_environment(domain: Domain, rng: &mut ChaCha8Rng) -> Box<dyn Environment> {
    match domain.name {
        "extended-tiger" => {
            Box::new(ExtendedTiger::new(Tiger::DEFAULT_ACCURACY, rng).expect("valid accuracy"))
        }
        _ => Box::new(KuhnPoker::new(rng)),
    }
}

/// `iters` planning cycles of `inductive`'s agent, after `warm_up` random
/// ones; returns the time of the planning cycles only.
fn ours(domain: Domain, warm_up: usize, iters: u64) -> Duration {
    let mut rng = ChaCha8Rng::seed_from_u64(1);
    let mut env = ours_environment(domain, &mut rng);
    let config = SearchConfig {
        horizon: domain.horizon,
        simulations: SIMULATIONS,
        exploration: 2.0,
    };
    let depth = domain.depth;
    let mut agent = Agent::new(&*env, || Ctw::new(depth).expect("valid depth"), config)
        .expect("valid configuration")
        .with_exploration(1.0, 1.0)
        .expect("valid rate");
    for _ in 0..warm_up {
        agent.step(&mut *env, &mut rng).expect("valid percepts");
    }
    let mut agent = agent.with_exploration(0.0, 1.0).expect("valid rate");
    let started = Instant::now();
    for _ in 0..iters {
        black_box(agent.step(&mut *env, &mut rng).expect("valid percepts"));
    }
    started.elapsed()
}

/// The same for `infotheory`'s MC-AIXI with its FAC-CTW model (the loop of
/// its command-line runner).
fn peer(domain: Domain, warm_up: usize, iters: u64) -> Duration {
    let mut env: Box<dyn PeerEnvironment> = match domain.name {
        "extended-tiger" => {
            let mut env = PeerExtendedTiger::new();
            env.set_random_seed(1);
            Box::new(env)
        }
        _ => Box::new(PeerKuhnPoker::new_with_seed(Some(1))),
    };
    let config = AgentConfig {
        algorithm: "fac-ctw".into(),
        ct_depth: domain.depth,
        agent_horizon: domain.horizon,
        observation_bits: env.get_observation_bits(),
        observation_stream_len: 1,
        observation_key_mode: ObservationKeyMode::FullStream,
        reward_bits: env.get_reward_bits(),
        agent_actions: env.get_num_actions(),
        num_simulations: SIMULATIONS,
        exploration_exploitation_ratio: 1.4,
        discount_gamma: 1.0,
        min_reward: env.min_reward(),
        max_reward: env.max_reward(),
        reward_offset: -env.min_reward(),
        random_seed: Some(1),
        rate_backend: None,
        rate_backend_max_order: 20,
        rwkv_model_path: None,
        rwkv_method: None,
        mamba_model_path: None,
        mamba_method: None,
        rosa_max_order: None,
        zpaq_method: None,
    };
    let mut agent = PeerAgent::try_new(config).expect("valid configuration");
    let mut rng = ChaCha8Rng::seed_from_u64(1);
    let actions = env.get_num_actions();
    let (mut observations, mut reward, mut previous) =
        (env.drain_observations(), env.get_reward(), 0);
    for _ in 0..warm_up {
        agent.model_update_percept_stream(&observations, reward);
        let action = rng.random_range(0..actions) as u64;
        agent.model_update_action_external(action);
        env.perform_action(action);
        (observations, reward, previous) = (env.drain_observations(), env.get_reward(), action);
    }
    let started = Instant::now();
    for _ in 0..iters {
        agent.model_update_percept_stream(&observations, reward);
        let action = agent.get_planned_action(&observations, reward, previous);
        agent.model_update_action_external(action);
        env.perform_action(action);
        (observations, reward, previous) = (env.drain_observations(), env.get_reward(), action);
    }
    black_box(previous);
    started.elapsed()
}

fn mc_aixi(c: &mut Criterion) {
    let mut group = c.benchmark_group("mc_aixi");
    group.sample_size(10);
    group.measurement_time(Duration::from_secs(20));
    // One element per simulation: criterion's elements/s is simulations/s.
    group.throughput(Throughput::Elements(SIMULATIONS as u64));
    for domain in DOMAINS {
        for (phase, warm_up) in [("early", 0), ("late", WARM_UP)] {
            let id = format!("{}/{phase}", domain.name);
            group.bench_function(BenchmarkId::new("inductive", &id), |b| {
                b.iter_custom(|iters| ours(domain, warm_up, iters));
            });
            group.bench_function(BenchmarkId::new("infotheory", &id), |b| {
                b.iter_custom(|iters| peer(domain, warm_up, iters));
            });
        }
    }
    group.finish();
}

criterion_group!(benches, mc_aixi);
criterion_main!(benches);

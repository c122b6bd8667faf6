//! The circuit family: the exact 4-input complexity table, predict +
//! update throughput of circuit mixtures over every function of 4 inputs
//! and over every function of at most 4–5 gates of 5 and 6 inputs, and
//! episodes: `end_episode` on the 65,536 functions of 4 inputs, and
//! pre-training a pooled mixture over 4 taps (bits per second, episode
//! ends included).
//!
//! ```text
//! cargo bench --bench circuit
//! ```

use std::hint::black_box;

use criterion::{BatchSize, BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use inductive::circuit::{
    Basis, CircuitMixture, Enumeration, FunctionPrior, Leaf, Tap, min_circuit_sizes,
};
use inductive::prelude::*;
use rand::{RngExt, SeedableRng};
use rand_chacha::ChaCha8Rng;

const BITS: usize = 256;

fn data() -> Vec<bool> {
    let mut rng = ChaCha8Rng::seed_from_u64(3);
    let mut bits = vec![false, true, true];
    while bits.len() < BITS {
        let t = bits.len();
        let rule = bits[t - 1] ^ bits[t - 3];
        bits.push(if rng.random_bool(0.1) { !rule } else { rule });
    }
    bits
}

fn complexity_table(c: &mut Criterion) {
    let mut group = c.benchmark_group("complexity");
    group.sample_size(10);
    group.bench_function("4 inputs, full basis, 7 gates", |b| {
        b.iter(|| min_circuit_sizes(4, Basis::Full, black_box(7)).expect("valid sizes"))
    });
    group.finish();
}

fn mixtures(c: &mut Criterion) {
    let bits = data();
    let mut group = c.benchmark_group("mixture");
    group.throughput(Throughput::Elements(BITS as u64));
    group.sample_size(10);
    for (name, inputs, gates) in [
        ("k4 all", 4, 7),
        ("k5 ≤5 gates", 5, 5),
        ("k6 ≤4 gates", 6, 4),
    ] {
        let enumeration = Enumeration::smallest(inputs, &Basis::Full, gates).expect("valid sizes");
        for (leaf_name, leaf) in [("noisy", Leaf::Noisy(0.1)), ("learning", Leaf::Learning)] {
            let mixture = CircuitMixture::new(&enumeration, FunctionPrior::SmallestCircuit, leaf)
                .expect("valid mixture");
            let id = format!("{name} ({} functions)", mixture.len());
            group.bench_with_input(BenchmarkId::new(leaf_name, id), &bits, |b, bits| {
                b.iter_batched(
                    || mixture.clone(),
                    |mut m| m.observe(black_box(bits)),
                    BatchSize::LargeInput,
                )
            });
        }
    }
    group.finish();
}

/// `end_episode` after a 64-bit episode, on every function of 4 inputs,
/// under both episode priors and both leaves; and a pooled mixture over
/// the taps of `examples/mesa_induction.rs` pre-training on 64-bit
/// episodes, throughput in bits (each episode's end included).
fn episodes(c: &mut Criterion) {
    let all = Enumeration::smallest(4, &Basis::Full, 7).expect("valid sizes");
    let bits = data();
    let mut group = c.benchmark_group("episodes");
    group.sample_size(20);
    for (leaf_name, leaf) in [("noisy", Leaf::Noisy(0.05)), ("learning", Leaf::Learning)] {
        for (prior_name, prior) in [
            ("shared", EpisodePrior::Shared),
            ("pooled", EpisodePrior::Pooled { concentration: 1.0 }),
        ] {
            let mut mixture = CircuitMixture::new(&all, FunctionPrior::SmallestCircuit, leaf)
                .expect("valid mixture")
                .with_episode_prior(prior)
                .expect("valid prior");
            mixture.observe(&bits[..64]);
            let id = format!("{leaf_name}, {prior_name} (65,536 functions)");
            group.bench_function(BenchmarkId::new("end_episode", id), |b| {
                b.iter_batched(
                    || mixture.clone(),
                    |mut m| m.end_episode(),
                    BatchSize::LargeInput,
                )
            });
        }
    }
    let taps = [Tap::Lag(1), Tap::Lag(2), Tap::Induction(2), Tap::Seen(2)];
    let pooled = CircuitMixture::new(&all, FunctionPrior::SmallestCircuit, Leaf::Noisy(0.05))
        .expect("valid mixture")
        .with_taps(&taps)
        .expect("4 taps")
        .with_episode_prior(EpisodePrior::Pooled { concentration: 1.0 })
        .expect("valid prior");
    group.throughput(Throughput::Elements(BITS as u64));
    group.bench_function("pre-training, pooled, 4 taps, 64-bit episodes", |b| {
        b.iter_batched(
            || pooled.clone(),
            |mut m| {
                for episode in bits.chunks(64) {
                    m.observe(black_box(episode));
                    m.end_episode();
                }
                m
            },
            BatchSize::LargeInput,
        )
    });
    group.finish();
}

criterion_group!(benches, complexity_table, mixtures, episodes);
criterion_main!(benches);

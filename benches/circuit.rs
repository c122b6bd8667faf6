//! The circuit family: the exact 4-input complexity table, and predict +
//! update throughput of circuit mixtures over every function of 4 inputs
//! and over every function of at most 4–5 gates of 5 and 6 inputs.
//!
//! ```text
//! cargo bench --bench circuit
//! ```

use std::hint::black_box;

use criterion::{BatchSize, BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use inductive::circuit::{
    Basis, CircuitMixture, Enumeration, FunctionPrior, Leaf, min_circuit_sizes,
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

criterion_group!(benches, complexity_table, mixtures);
criterion_main!(benches);

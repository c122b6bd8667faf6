//! Throughput of the baselines: bit updates per second for `Kt` and `Ctw`
//! at depths 8 to 48 on pseudo-random bits and on a tree source, and CTW at
//! depth 48 on the Calgary file `bib` (the setting of the published figures).
//!
//! ```text
//! cargo bench --bench baseline
//! ```

use std::hint::black_box;

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use inductive::prelude::*;
use inductive::sources::{Source, TreeSource};
use rand::{RngExt, SeedableRng};
use rand_chacha::ChaCha8Rng;

const BITS: usize = 1 << 20;

fn random_bits() -> Vec<bool> {
    let mut rng = ChaCha8Rng::seed_from_u64(1);
    (0..BITS).map(|_| rng.random::<bool>()).collect()
}

fn tree_source_bits() -> Vec<bool> {
    let mut rng = ChaCha8Rng::seed_from_u64(2);
    let mut source = TreeSource::sample_from_prior(12, &mut rng).expect("valid depth");
    source
        .sample(BITS, &mut rng)
        .expect("a small sample")
        .bits()
        .to_vec()
}

fn updates(c: &mut Criterion) {
    let mut group = c.benchmark_group("updates");
    group.throughput(Throughput::Elements(BITS as u64));
    group.sample_size(10);
    for (data_name, bits) in [("random", random_bits()), ("tree12", tree_source_bits())] {
        group.bench_with_input(BenchmarkId::new("kt", data_name), &bits, |b, bits| {
            b.iter(|| Kt::new().observe(black_box(bits)))
        });
        for depth in [8, 16, 32, 48] {
            group.bench_with_input(
                BenchmarkId::new(format!("ctw{depth}"), data_name),
                &bits,
                |b, bits| {
                    b.iter(|| {
                        Ctw::new(depth)
                            .expect("valid depth")
                            .observe(black_box(bits))
                    })
                },
            );
        }
    }
    group.finish();
}

fn calgary_bib(c: &mut Criterion) {
    let data = include_bytes!("../tests/data/calgary/bib");
    let bits: Vec<bool> = data
        .iter()
        .flat_map(|&byte| (0..8).map(move |i| (byte >> i) & 1 == 1))
        .collect();
    let mut group = c.benchmark_group("calgary");
    group.throughput(Throughput::Elements(bits.len() as u64));
    group.sample_size(10);
    group.bench_function("ctw48/bib", |b| {
        b.iter(|| Ctw::new(48).expect("valid depth").observe(black_box(&bits)))
    });
    group.finish();
}

criterion_group!(benches, updates, calgary_bib);
criterion_main!(benches);

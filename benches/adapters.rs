//! Adapter overhead: `Clamp`, `Inspect`, `Box<dyn Predictor>` and a
//! one-component `Mixture` around CTW, against CTW called directly; and
//! `Mixture` cost per bit as the number of components grows.
//!
//! ```text
//! cargo bench --bench adapters
//! ```

use std::hint::black_box;

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use inductive::prelude::*;
use rand::{RngExt, SeedableRng};
use rand_chacha::ChaCha8Rng;

const BITS: usize = 1 << 16;

fn overhead(c: &mut Criterion) {
    let mut rng = ChaCha8Rng::seed_from_u64(5);
    let bits: Vec<bool> = (0..BITS).map(|_| rng.random_bool(0.3)).collect();
    let ctw = || Ctw::new(16).expect("valid depth");
    let mut group = c.benchmark_group("overhead");
    group.throughput(Throughput::Elements(BITS as u64));
    group.sample_size(20);
    group.bench_function("ctw16 direct", |b| {
        b.iter(|| ctw().observe(black_box(&bits)))
    });
    group.bench_function("ctw16 clamp", |b| {
        b.iter(|| ctw().clamp(1e-6).expect("valid").observe(black_box(&bits)))
    });
    group.bench_function("ctw16 inspect", |b| {
        b.iter(|| {
            ctw()
                .inspect(|p, _| {
                    black_box(p);
                })
                .observe(black_box(&bits))
        })
    });
    group.bench_function("ctw16 boxed", |b| {
        b.iter(|| ctw().boxed().observe(black_box(&bits)))
    });
    group.bench_function("ctw16 mixture of one", |b| {
        b.iter(|| {
            Mixture::uniform(vec![ctw()])
                .expect("valid")
                .observe(black_box(&bits))
        })
    });
    group.finish();

    let mut group = c.benchmark_group("mixture components");
    group.throughput(Throughput::Elements(BITS as u64));
    group.sample_size(10);
    for n in [1, 4, 16, 64] {
        group.bench_with_input(BenchmarkId::from_parameter(n), &n, |b, &n| {
            b.iter(|| {
                let components = (0..n)
                    .map(|i| Kt::with_pseudo_count(0.5 + i as f64).expect("valid"))
                    .collect();
                Mixture::uniform(components)
                    .expect("valid")
                    .observe(black_box(&bits))
            })
        });
    }
    group.finish();
}

criterion_group!(benches, overhead);
criterion_main!(benches);

//! Compression speed: `coding::compress` and `decompress` with CTW at
//! depth 16 on the Calgary file `bib`, beside the same CTW's own updates
//! (`observe`, the ideal code length without a coder), so the coder's
//! share of the time shows; and the byte-factored CTW at depth 48.
//!
//! ```text
//! cargo bench --bench coding
//! ```
//!
//! The side-by-side comparison with `infotheory`'s rate coding is in
//! `peers/benches/compress.rs`.

use std::hint::black_box;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use inductive::adapters::Factored;
use inductive::coding;
use inductive::prelude::*;

fn bib(c: &mut Criterion) {
    let data: &[u8] = include_bytes!("../tests/data/calgary/bib");
    let bits: Vec<bool> = coding::bits(data).collect();
    let ctw = || Ctw::new(16).expect("valid depth");
    let factored = || Factored::bytes(|i| Ctw::new(48 + i).expect("valid depth"));
    let packed = coding::compress(ctw(), data);
    let packed_factored = coding::compress(factored(), data);

    let mut group = c.benchmark_group("bib");
    group.throughput(Throughput::Bytes(data.len() as u64));
    group.sample_size(10);
    group.bench_function("ctw16/observe", |b| {
        b.iter(|| ctw().observe(black_box(&bits)))
    });
    group.bench_function("ctw16/compress", |b| {
        b.iter(|| coding::compress(ctw(), black_box(data)))
    });
    group.bench_function("ctw16/decompress", |b| {
        b.iter(|| coding::decompress(ctw(), black_box(&packed), usize::MAX).expect("round trip"))
    });
    group.bench_function("factored_ctw48/compress", |b| {
        b.iter(|| coding::compress(factored(), black_box(data)))
    });
    group.bench_function("factored_ctw48/decompress", |b| {
        b.iter(|| {
            coding::decompress(factored(), black_box(&packed_factored), usize::MAX)
                .expect("round trip")
        })
    });
    group.finish();
}

criterion_group!(benches, bib);
criterion_main!(benches);

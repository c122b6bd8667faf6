//! Compressing the Calgary file `bib` with byte-factored CTW: `inductive`'s
//! `coding::compress` of a `Factored` CTW beside `infotheory`'s rate coding
//! (`compress_rate_bytes` with its CTW backend, which factors by byte),
//! at 48 and at 16 bits of context. Before timing, it prints each
//! compressor's size in bits per byte and checks that each round-trips.
//!
//! ```text
//! cargo bench -p inductive-peers --bench compress
//! ```

use std::hint::black_box;

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use inductive::adapters::Factored;
use inductive::coding;
use inductive::prelude::*;
use infotheory::RateBackend;
use infotheory::coders::CoderType;
use infotheory::compression::{FramingMode, compress_rate_bytes, decompress_rate_bytes};

fn ours(depth: usize, data: &[u8]) -> Vec<u8> {
    coding::compress(
        Factored::bytes(|i| Ctw::new(depth + i).expect("valid depth")),
        data,
    )
}

fn theirs(depth: usize, data: &[u8]) -> Vec<u8> {
    compress_rate_bytes(
        data,
        &RateBackend::Ctw { depth },
        -1,
        CoderType::AC,
        FramingMode::Framed,
    )
    .expect("infotheory compresses")
}

fn bib(c: &mut Criterion) {
    let data: &[u8] = include_bytes!("../../tests/data/calgary/bib");
    let per_byte = |len: usize| 8.0 * len as f64 / data.len() as f64;
    for depth in [48, 16] {
        let (a, b) = (ours(depth, data), theirs(depth, data));
        let back = coding::decompress(
            Factored::bytes(|i| Ctw::new(depth + i).expect("valid depth")),
            &a,
            data.len(),
        )
        .expect("round trip");
        assert_eq!(back, data);
        let back = decompress_rate_bytes(
            &b,
            &RateBackend::Ctw { depth },
            -1,
            CoderType::AC,
            FramingMode::Framed,
        )
        .expect("infotheory round trip");
        assert_eq!(back, data);
        println!(
            "bib, {depth} bits of context: inductive {:.4} bits/byte ({} bytes), infotheory {:.4} bits/byte ({} bytes)",
            per_byte(a.len()),
            a.len(),
            per_byte(b.len()),
            b.len()
        );
    }

    let mut group = c.benchmark_group("compress_bib");
    group.throughput(Throughput::Bytes(data.len() as u64));
    group.sample_size(10);
    for depth in [48, 16] {
        group.bench_with_input(BenchmarkId::new("inductive", depth), &depth, |b, &depth| {
            b.iter(|| ours(depth, black_box(data)))
        });
        group.bench_with_input(
            BenchmarkId::new("infotheory", depth),
            &depth,
            |b, &depth| b.iter(|| theirs(depth, black_box(data))),
        );
    }
    group.finish();
}

criterion_group!(benches, bib);
criterion_main!(benches);

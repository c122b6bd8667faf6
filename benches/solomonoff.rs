//! The Solomonoff family: BrainPhoque interpreter steps per second on the
//! golden programs, the exhaustive mixture over programs of up to 8
//! instructions predicting 256 bits, and the 3-state coding-theorem
//! enumeration.
//!
//! ```text
//! cargo bench --bench solomonoff
//! ```

use std::hint::black_box;

use criterion::{BatchSize, Criterion, Throughput, criterion_group, criterion_main};
use inductive::prelude::*;
use inductive::solomonoff::{BrainPhoque, ProgramPrior, Solomonoff};
use inductive::sources::ProgramSource;
use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;

fn golden_programs() -> Vec<String> {
    include_str!("../tests/data/brainphoque_golden.jsonl")
        .lines()
        .skip(1)
        .map(|line| {
            let start = line.find("\"input_program\": \"").expect("field") + 18;
            let end = start + line[start..].find('"').expect("closing quote");
            line[start..end].to_string()
        })
        .collect()
}

fn interpreter(c: &mut Criterion) {
    let machine = BrainPhoque::new(9, 200).expect("valid machine");
    let programs = golden_programs();
    let steps: u64 = programs
        .iter()
        .map(|p| machine.run(p, 1000, 256).expect("valid program").steps)
        .sum();
    let mut group = c.benchmark_group("brainphoque");
    group.throughput(Throughput::Elements(steps));
    group.bench_function("golden programs (steps)", |b| {
        b.iter(|| {
            for p in &programs {
                black_box(machine.run(black_box(p), 1000, 256).expect("valid program"));
            }
        })
    });
    group.finish();
}

/// Every program of at most 8 instructions (binary tape of 16 cells, 1,000
/// steps each) predicting 256 bits of a sampled program's output.
fn mixture(c: &mut Criterion) {
    let machine = BrainPhoque::new(2, 16).expect("valid machine").start();
    let mut rng = ChaCha8Rng::seed_from_u64(2);
    let source = ProgramSource::sample(&machine, 8, 1000, 256, 1_000_000, &mut rng)
        .expect("a program is found");
    let mut group = c.benchmark_group("solomonoff");
    group.sample_size(10);
    group.throughput(Throughput::Elements(256));
    group.bench_function("L=8, 256 bits", |b| {
        b.iter_batched(
            || machine.clone(),
            |m| {
                let mut mixture =
                    Solomonoff::new(m, 8, 1000, ProgramPrior::Length).expect("valid mixture");
                mixture.observe(black_box(source.output()))
            },
            BatchSize::LargeInput,
        )
    });
    group.finish();
}

/// The coding-theorem distribution of every 3-state machine (7,529,536)
/// and of every 4-state machine.
fn coding_theorem(c: &mut Criterion) {
    let mut group = c.benchmark_group("ctm");
    group.bench_function("D(3), 100 steps", |b| {
        b.iter(|| inductive::solomonoff::ctm::OutputDistribution::enumerate(3, black_box(100)))
    });
    // Every 4-state machine (1.1 × 10^10) for 107 steps, the 4-state busy
    // beaver's: ten runs of several seconds each.
    group.sample_size(10);
    group.bench_function("D(4), 107 steps", |b| {
        b.iter(|| inductive::solomonoff::ctm::OutputDistribution::enumerate(4, black_box(107)))
    });
    group.sample_size(100);
    // The predictor's update is O(1): 10^4 and 10^5 bits cost 10x apart.
    let d = inductive::solomonoff::ctm::OutputDistribution::enumerate(3, 100).expect("valid");
    let ctm = inductive::solomonoff::ctm::Ctm::new(d);
    for n in [10_000usize, 100_000] {
        let bits: Vec<bool> = (0..n).map(|t| (t * t / 7) % 3 == 0).collect();
        group.bench_function(format!("Ctm(3) over {n} bits"), |b| {
            b.iter(|| ctm.clone().observe(black_box(&bits)))
        });
    }
    group.finish();
}

/// Shortening a long given program: 1,000 `+-` pairs that do nothing, then
/// `+[.]` (the search was cubic: 18 s for 2,001 instructions).
fn shortest_program(c: &mut Criterion) {
    use inductive::solomonoff::BrainPhoque;
    use inductive::sources::ProgramSource;
    let machine = BrainPhoque::new(2, 16).expect("valid").start();
    let mut program: Vec<usize> = [0, 1].repeat(1000);
    program.extend([0, 4, 6, 5]);
    let mut group = c.benchmark_group("program source");
    group.sample_size(10);
    group.bench_function("from_program, 2,004 instructions", |b| {
        b.iter(|| ProgramSource::from_program(&machine, black_box(&program), 1_000_000, 32))
    });
    group.finish();
}

criterion_group!(
    benches,
    interpreter,
    mixture,
    coding_theorem,
    shortest_program
);
criterion_main!(benches);

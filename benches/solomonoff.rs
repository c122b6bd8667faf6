//! The Solomonoff family: BrainPhoque interpreter steps per second on the
//! golden programs.
//!
//! ```text
//! cargo bench --bench solomonoff
//! ```

use std::hint::black_box;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use inductive::solomonoff::BrainPhoque;

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

criterion_group!(benches, interpreter);
criterion_main!(benches);

//! The timely dataflow against the rayon enumeration on one machine, in
//! the same run: `D(4)` (107 steps) with every local core.
//!
//! ```text
//! cargo bench --features cluster --bench cluster
//! ```

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use inductive::cluster::{self, Job};
use inductive::solomonoff::ctm::OutputDistribution;

fn one_machine(c: &mut Criterion) {
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    let mut group = c.benchmark_group(format!("D(4) on {cores} cores"));
    group.sample_size(10);
    group.bench_function("rayon", |b| {
        b.iter(|| black_box(OutputDistribution::enumerate(4, 107).unwrap()));
    });
    let job = Job::new(4, 107).unwrap();
    group.bench_function("timely dataflow", |b| {
        b.iter(|| {
            let outcome =
                cluster::enumerate(cluster::timely::Config::process(cores), &job).unwrap();
            black_box(outcome.distribution.unwrap().into_distribution().unwrap())
        });
    });
    group.finish();
}

criterion_group!(benches, one_machine);
criterion_main!(benches);

//! The logical inductor's speed.
//!
//! - `pi_market`: the π-digit market of Theorem 4.4.2 (19 toward-p traders,
//!   one new sentence a day, revealed the next) for 3,000 days.
//! - `day/traders`: the cost of a day as the number of traders grows
//!   (10, 100, 1,000; one sentence a day).
//! - `day/sentences`: the cost of a day as the sentences traded per day
//!   grow (1, 10, 100; 10 traders, each trading every sentence).
//!
//! ```text
//! cargo bench --bench market
//! ```

use std::hint::black_box;

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use inductive::market::setups::{digit_market, extremes_first};
use inductive::market::{Daily, Market, MarketConfig, Targets, TowardPrice};
use inductive::sources::pi_decimal_digits;

fn pi_market(c: &mut Criterion) {
    let days = 3000;
    let digits = pi_decimal_digits(days).expect("digits");
    let mut group = c.benchmark_group("pi_market");
    group.sample_size(10);
    group.throughput(Throughput::Elements(days as u64));
    group.bench_function("19 traders x 3000 days", |b| {
        b.iter(|| {
            let mut market = digit_market(
                digits.clone(),
                7,
                &extremes_first(),
                10.0,
                MarketConfig::default(),
            )
            .expect("market");
            for _ in 0..days {
                market.step().expect("day");
            }
            black_box(market.firm_gain())
        })
    });
    group.finish();
}

/// `traders` toward-p traders on `sentences` fresh sentences a day, each
/// revealed the next day (true when a digit of π is 7).
fn market(traders: usize, sentences: usize, digits: &[u8]) -> Market {
    let mut market = Market::new();
    let today = Targets::daily(move |day, lang| {
        (0..sentences)
            .map(|j| lang.atom(&format!("s{day}_{j}")))
            .collect()
    });
    for k in 0..traders {
        let p = 0.05 + 0.9 * ((k as f64 * 0.618_033_988_7) % 1.0);
        market.add_trader(TowardPrice::new(today.clone(), p, 10.0).expect("trader"));
    }
    let digits = digits.to_vec();
    market.add_deduction(Daily::new(Targets::daily(move |day, lang| {
        let Some(n) = day.checked_sub(1).filter(|&n| n >= 1) else {
            return Ok(Vec::new());
        };
        (0..sentences)
            .map(|j| {
                let s = lang.atom(&format!("s{n}_{j}"))?;
                let d = digits[(n as usize * sentences + j) % digits.len()];
                Ok(if d == 7 { s } else { lang.not(s)? })
            })
            .collect()
    })));
    market
}

const DAYS: u64 = 20;

fn day_cost(c: &mut Criterion) {
    let digits = pi_decimal_digits(5000).expect("digits");
    let mut group = c.benchmark_group("day");
    group.sample_size(10);
    group.throughput(Throughput::Elements(DAYS));
    for traders in [10, 100, 1000] {
        group.bench_with_input(BenchmarkId::new("traders", traders), &traders, |b, &n| {
            b.iter(|| {
                let mut m = market(n, 1, &digits);
                for _ in 0..DAYS {
                    m.step().expect("day");
                }
                black_box(m.firm_gain())
            })
        });
    }
    for sentences in [1, 10, 100] {
        group.bench_with_input(
            BenchmarkId::new("sentences", sentences),
            &sentences,
            |b, &n| {
                b.iter(|| {
                    let mut m = market(10, n, &digits);
                    for _ in 0..DAYS {
                        m.step().expect("day");
                    }
                    black_box(m.firm_gain())
                })
            },
        );
    }
    group.finish();
}

/// One question about a group of 20 linked atoms (the most a group may
/// have): under exactly-one (21 consistent worlds of 2^20) and under one
/// disjunction (2^20 − 1 consistent worlds, each a distinct pattern).
fn knowledge(c: &mut Criterion) {
    use inductive::market::{Knowledge, Language};
    let mut group = c.benchmark_group("knowledge");
    group.sample_size(10);
    let mut lang = Language::new();
    let atoms: Vec<_> = (0..20)
        .map(|i| lang.atom(&format!("a{i}")).expect("a name"))
        .collect();
    let portfolio: Vec<_> = atoms.iter().map(|&a| (a, 1.0)).collect();
    let one = lang.exactly_one(&atoms).expect("own atoms");
    let mut exclusive = Knowledge::new();
    exclusive.add(&lang, one).expect("satisfiable");
    group.bench_function("20 atoms, exactly one", |b| {
        b.iter(|| exclusive.value_range(&lang, black_box(&portfolio)))
    });
    let any = atoms[1..]
        .iter()
        .try_fold(atoms[0], |acc, &a| lang.or(acc, a))
        .expect("own atoms");
    let mut disjunction = Knowledge::new();
    disjunction.add(&lang, any).expect("satisfiable");
    group.bench_function("20 atoms, one disjunction", |b| {
        b.iter(|| disjunction.value_range(&lang, black_box(&portfolio)))
    });
    group.finish();
}

criterion_group!(benches, pi_market, day_cost, knowledge);
criterion_main!(benches);

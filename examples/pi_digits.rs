//! A logical inductor learns that a digit of π is 7 with probability about
//! 1/10 before it can see the digit (Garrabrant et al., Theorem 4.4.2).
//!
//! On day n the market prices "the n-th decimal digit of π is 7"; the digit
//! is revealed the next day. Nineteen traders push the price toward 0.05,
//! 0.10, …, 0.95. The budgeter cuts off the traders whose pushes lose money,
//! and the price settles near the frequency of 7s. With the budgeter
//! removed, it does not.
//!
//! Run: `cargo run --release --example pi_digits [days]`

#[path = "common/plot.rs"]
#[allow(dead_code)]
mod plot;

use inductive::market::setups::{digit_atom_name, digit_market, extremes_first};
use inductive::market::{Budgeting, MarketConfig};
use inductive::prelude::*;
use inductive::sources::pi_decimal_digits;

fn run(days: usize, budgeting: Budgeting) -> Result<(Vec<f64>, inductive::market::Market)> {
    let digits = pi_decimal_digits(days)?;
    // Enumerated from the extremes inward: 0.95, 0.05, 0.90, 0.10, …
    let targets = extremes_first();
    let config = MarketConfig {
        budgeting,
        ..MarketConfig::default()
    };
    let mut market = digit_market(digits, 7, &targets, 10.0, config)?;
    let mut prices = Vec::with_capacity(days);
    for day in 1..=days as u64 {
        market.step()?;
        let phi = market.language_mut().atom(&digit_atom_name(day, 7))?;
        prices.push(market.price(phi).unwrap_or(0.0));
    }
    Ok((prices, market))
}

fn main() -> Result<()> {
    let days: usize = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(3000);
    let digits = pi_decimal_digits(days)?;
    let start = std::time::Instant::now();
    let (prices, market) = run(days, Budgeting::Plausible)?;
    let elapsed = start.elapsed();
    let (ablated, _) = run(days, Budgeting::Off)?;

    println!("Price of \"digit n of π is 7\" on day n, before digit n is revealed");
    println!("(mean over the window; frequency of 7 among digits 1..=n)\n");
    println!(
        "{:>12} {:>10} {:>14} {:>12}",
        "days", "LIA", "no budgeter", "freq of 7"
    );
    let mut sevens = 0usize;
    let mut from = 0usize;
    for (n, &d) in digits.iter().enumerate() {
        sevens += usize::from(d == 7);
        let day = n + 1;
        if [10, 30, 100, 300, 1000, 2000, 3000, 10_000].contains(&day) || day == days {
            let mean = |v: &[f64]| v[from..day].iter().sum::<f64>() / (day - from) as f64;
            println!(
                "{:>12} {:>10.4} {:>14.4} {:>12.4}",
                format!("{}–{}", from + 1, day),
                mean(&prices),
                mean(&ablated),
                sevens as f64 / day as f64
            );
            from = day;
        }
    }
    println!(
        "\n{days} days in {:.2} s ({} strategy evaluations; firm's total best-case gain {:.2e})",
        elapsed.as_secs_f64(),
        market.evaluations(),
        market.firm_gain()
    );
    println!("\nTraders carrying the market on the last day:");
    for h in market.explain(5) {
        println!("  {h}");
    }
    let running = |v: &[f64]| -> Vec<f64> {
        let mut sum = 0.0;
        v.iter()
            .enumerate()
            .map(|(i, &x)| {
                sum += x;
                sum / (i + 1) as f64
            })
            .collect()
    };
    let mut count = 0.0;
    let freq: Vec<f64> = digits
        .iter()
        .enumerate()
        .map(|(i, &d)| {
            count += f64::from(u8::from(d == 7));
            count / (i + 1) as f64
        })
        .collect();
    plot::write_curves(
        &plot::path("pi_digits.svg"),
        "Price of \"digit n of π is 7\" (running mean)",
        "day n",
        "price",
        &[
            ("logical inductor".into(), running(&prices)),
            ("without the budgeter".into(), running(&ablated)),
            ("frequency of 7".into(), freq),
        ],
    );
    Ok(())
}

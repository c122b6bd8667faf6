//! Ready-made markets from the paper's §4, for examples, tests and
//! benchmarks.

use super::config::MarketConfig;
use super::deduction::Daily;
use super::engine::Market;
use super::targets::Targets;
use super::traders::TowardPrice;
use crate::error::{Error, Result};

/// The atom "the `n`-th decimal digit (from 1, after the point) is
/// `digit`": `d{n}_is_{digit}`.
#[must_use]
pub fn digit_atom_name(n: u64, digit: u8) -> String {
    format!("d{n}_is_{digit}")
}

/// The paper's nineteen target prices 0.05, 0.10, …, 0.95, enumerated
/// from the extremes inward (0.95, 0.05, 0.90, 0.10, …, 0.50), so the
/// first traders are the most wrong about a rare event and a market that
/// does not budget them stays wrong.
#[must_use]
pub fn extremes_first() -> Vec<f64> {
    (1..=10)
        .flat_map(|i| [f64::from(20 - i) / 20.0, f64::from(i) / 20.0])
        .take(19)
        .collect()
}

/// The pseudorandom-frequency market of Theorem 4.4.2: on day `n` the
/// market prices "digit `n` of `digits` is `digit`", revealed the day
/// after; one [`TowardPrice`] trader (slope `steepness`) per target price,
/// in the order given. Runs for at most `digits.len()` days.
///
/// ```
/// use inductive::market::setups::{digit_atom_name, digit_market, extremes_first};
/// use inductive::sources::pi_decimal_digits;
///
/// let digits = pi_decimal_digits(300)?;
/// let prices = extremes_first(); // 0.95, 0.05, 0.90, 0.10, …, 0.50
/// let mut market = digit_market(digits, 7, &prices, 10.0, Default::default())?;
/// for _ in 0..300 {
///     market.step()?;
/// }
/// let last = market.language_mut().atom(&digit_atom_name(300, 7))?;
/// let price = market.price(last).unwrap();
/// assert!((0.0..0.3).contains(&price), "{price}");
/// # Ok::<(), inductive::Error>(())
/// ```
pub fn digit_market(
    digits: Vec<u8>,
    digit: u8,
    target_prices: &[f64],
    steepness: f64,
    config: MarketConfig,
) -> Result<Market> {
    if digit > 9 {
        return Err(Error::InvalidSize {
            what: "decimal digit",
            expected: "from 0 to 9",
            value: usize::from(digit),
        });
    }
    let mut market = Market::with_config(config)?;
    let today = Targets::daily(move |day, lang| Ok(vec![lang.atom(&digit_atom_name(day, digit))?]));
    for &p in target_prices {
        market.add_trader(TowardPrice::new(today.clone(), p, steepness)?);
    }
    market.add_deduction(Daily::new(Targets::daily(move |day, lang| {
        let Some(n) = day.checked_sub(1).filter(|&n| n >= 1) else {
            return Ok(Vec::new());
        };
        let Some(&d) = usize::try_from(n - 1).ok().and_then(|i| digits.get(i)) else {
            return Ok(Vec::new());
        };
        let phi = lang.atom(&digit_atom_name(n, digit))?;
        Ok(vec![if d == digit { phi } else { lang.not(phi)? }])
    })));
    Ok(market)
}

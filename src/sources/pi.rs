//! The digits of π, generated in-crate: a deterministic "pseudorandom"
//! sequence for learners and markets.

use crate::error::{Error, Result};
use crate::predictor::Predictor;
use crate::sources::Source;

/// Most decimal digits [`pi_decimal_digits`] generates: the spigot is
/// quadratic, and 10,000 digits take about 1.5 s in a release build on
/// one core (100,000 took over 2 minutes, so the limit was lowered).
pub const MAX_DIGITS: usize = 10_000;

/// Most hexadecimal digits [`pi_hex_digits`] generates (so [`PiBits`] gives
/// at most 16,384 bits): each digit is its own BBP sum, quadratic in all,
/// and 4,096 digits take about 2 s in a release build on one core.
pub const MAX_HEX_DIGITS: usize = 4_096;

/// Decimal digits of π after the point (`1, 4, 1, 5, 9, …`), by the
/// Rabinowitz–Wagon spigot (1995). Fails above [`MAX_DIGITS`].
///
/// ```
/// assert_eq!(inductive::sources::pi_decimal_digits(5)?, vec![1, 4, 1, 5, 9]);
/// # Ok::<(), inductive::Error>(())
/// ```
pub fn pi_decimal_digits(count: usize) -> Result<Vec<u8>> {
    check_count(count, MAX_DIGITS, "decimal digits of π")?;
    // π = 3 + Σ terms in a mixed radix (1/3, 2/5, 3/7, …); two guard digits.
    let wanted = count + 2;
    let len = wanted * 10 / 3 + 1;
    let mut remainders = vec![2u64; len];
    let mut digits = Vec::with_capacity(wanted + 1);
    let mut held: Vec<u8> = Vec::new();
    let mut predigit_nines = 0usize;
    let mut predigit: Option<u8> = None;
    for _ in 0..=wanted {
        let mut carry = 0u64;
        for i in (1..len).rev() {
            let x = remainders[i] * 10 + carry * (i as u64 + 1);
            let denominator = 2 * i as u64 + 1;
            remainders[i] = x % denominator;
            carry = x / denominator;
        }
        let x = remainders[0] * 10 + carry;
        remainders[0] = x % 10;
        let q = (x / 10) as u8;
        // Release digits, resolving the carry a 10 sends back over 9s.
        match q {
            9 => predigit_nines += 1,
            10 => {
                if let Some(p) = predigit {
                    held.push(p + 1);
                }
                held.extend(std::iter::repeat_n(0, predigit_nines));
                predigit = Some(0);
                predigit_nines = 0;
            }
            _ => {
                if let Some(p) = predigit {
                    held.push(p);
                }
                held.extend(std::iter::repeat_n(9, predigit_nines));
                predigit = Some(q);
                predigit_nines = 0;
            }
        }
        digits.append(&mut held);
    }
    // digits[0] is the 3 before the point.
    Ok(digits.into_iter().skip(1).take(count).collect())
}

/// Hexadecimal digits of π after the point (`2, 4, 3, F, 6, A, …`), each
/// extracted on its own by the Bailey–Borwein–Plouffe formula (1997).
/// Fails above [`MAX_HEX_DIGITS`].
///
/// ```
/// assert_eq!(inductive::sources::pi_hex_digits(4)?, vec![0x2, 0x4, 0x3, 0xF]);
/// # Ok::<(), inductive::Error>(())
/// ```
pub fn pi_hex_digits(count: usize) -> Result<Vec<u8>> {
    check_count(count, MAX_HEX_DIGITS, "hexadecimal digits of π")?;
    Ok((0..count).map(bbp_hex_digit).collect())
}

fn check_count(count: usize, limit: usize, what: &'static str) -> Result<()> {
    if count > limit {
        return Err(Error::TooLarge {
            what,
            count: count as u128,
            limit: limit as u128,
            hint: "ask for fewer digits (the algorithms are quadratic)",
        });
    }
    Ok(())
}

/// The hexadecimal digit of π at position `n` after the point (0-based):
/// the integer part of 16·frac(16^n·π), with
/// `16^n·π = 4·S(1) − 2·S(4) − S(5) − S(6)`, `S(j) = Σ_k 16^(n−k)/(8k + j)`.
fn bbp_hex_digit(n: usize) -> u8 {
    let s = |j: u64| -> f64 {
        let mut sum = 0.0;
        // Terms with k <= n, by modular exponentiation to keep only fractions.
        for k in 0..=n as u64 {
            let denominator = 8 * k + j;
            sum += pow_mod(16, n as u64 - k, denominator) as f64 / denominator as f64;
            sum -= sum.floor();
        }
        // A few terms with k > n, which are already fractions.
        let mut k = n as u64 + 1;
        loop {
            let term = 16f64.powi(n as i32 - k as i32) / (8 * k + j) as f64;
            if term < 1e-17 {
                break;
            }
            sum += term;
            k += 1;
        }
        sum - sum.floor()
    };
    let x = 4.0 * s(1) - 2.0 * s(4) - s(5) - s(6);
    let fraction = x - x.floor();
    (fraction * 16.0) as u8
}

fn pow_mod(base: u64, mut exponent: u64, modulus: u64) -> u64 {
    if modulus == 1 {
        return 0;
    }
    let mut result = 1u64;
    let mut b = base % modulus;
    while exponent > 0 {
        if exponent & 1 == 1 {
            result = result * b % modulus;
        }
        b = b * b % modulus;
        exponent >>= 1;
    }
    result
}

/// The binary expansion of π after the point (`0010 0100 0011 1111 …`) as a
/// source: deterministic, so its "true probability" is 1 for the bit that
/// comes; after the generated bits it predicts 1/2.
///
/// ```
/// use inductive::prelude::*;
/// use inductive::sources::PiBits;
///
/// let pi = PiBits::new(64)?;
/// assert_eq!(&pi.bits()[..8], &[false, false, true, false, false, true, false, false]);
/// // Incompressible to any predictor here: about a bit per bit.
/// let bits = Kt::new().observe(pi.bits());
/// assert!(bits > 60.0);
/// # Ok::<(), inductive::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct PiBits {
    bits: Vec<bool>,
    position: usize,
}

impl PiBits {
    /// The first `count` bits after the point (up to 4 × [`MAX_HEX_DIGITS`]).
    pub fn new(count: usize) -> Result<Self> {
        let digits = pi_hex_digits(count.div_ceil(4))?;
        let bits = digits
            .iter()
            .flat_map(|&d| (0..4).rev().map(move |i| (d >> i) & 1 == 1))
            .take(count)
            .collect();
        Ok(Self { bits, position: 0 })
    }

    /// All the bits.
    pub fn bits(&self) -> &[bool] {
        &self.bits
    }
}

impl Predictor for PiBits {
    fn predict(&self) -> f64 {
        match self.bits.get(self.position) {
            Some(&true) => 1.0,
            Some(&false) => 0.0,
            None => 0.5,
        }
    }

    fn update(&mut self, _bit: bool) {
        self.position += 1;
    }
}

impl Source for PiBits {}

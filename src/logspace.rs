//! Log-domain numerics shared by every mixture in the crate.
//!
//! Posterior weights of long sequences are far below `f64::MIN_POSITIVE`, so
//! mixtures keep natural-log weights and combine them with log-sum-exp.
//! Code lengths are reported in bits; [`nats_to_bits`] and [`bits_to_nats`]
//! convert.
//!
//! The helpers are generic over [`num_traits::Float`], so they serve `f32`
//! data as well as `f64` (the crate itself calls them on `f64`).
//! Predictions stay `f64`: a code length summed over 10^8 bits, or a
//! posterior weight of `e^-10^6`, needs `f64`'s precision and range.
//!
//! ```
//! use inductive::logspace::{log_sum_exp, normalize};
//!
//! // Two weights of e^-1000 each: far below f64's range, yet their sum is exact.
//! let total = log_sum_exp(&[-1000.0, -1000.0]);
//! assert!((total - (-1000.0 + 2f64.ln())).abs() < 1e-12);
//!
//! let mut weights = vec![-1000.0, -1000.0];
//! normalize(&mut weights);
//! assert!((weights[0] - 0.5f64.ln()).abs() < 1e-12);
//! ```

use num_traits::{Float, FloatConst};

use crate::error::{Error, Result};

/// Converts a quantity in nats (natural log) to bits (log base 2).
#[inline]
#[must_use]
pub fn nats_to_bits<F: Float + FloatConst>(nats: F) -> F {
    nats / F::LN_2()
}

/// Converts a quantity in bits (log base 2) to nats (natural log).
#[inline]
#[must_use]
pub fn bits_to_nats<F: Float + FloatConst>(bits: F) -> F {
    bits * F::LN_2()
}

/// `ln(e^a + e^b)`, exact where either argument is `-∞`.
#[inline]
#[must_use]
pub fn log_add<F: Float>(a: F, b: F) -> F {
    let (hi, lo) = if a >= b { (a, b) } else { (b, a) };
    if lo == F::neg_infinity() {
        return hi;
    }
    hi + softplus(lo - hi)
}

/// `ln(1 + e^x)`, accurate for every finite `x` and never overflowing.
#[inline]
#[must_use]
pub fn softplus<F: Float>(x: F) -> F {
    if x > F::zero() {
        x + (-x).exp().ln_1p()
    } else {
        x.exp().ln_1p()
    }
}

/// The logistic function `1 / (1 + e^-x)`: the probability whose log-odds is `x`.
#[inline]
#[must_use]
pub fn sigmoid<F: Float>(x: F) -> F {
    F::one() / (F::one() + (-x).exp())
}

/// `ln Σ e^{x_i}` over a slice; `-∞` for an empty slice or all `-∞`.
///
/// Shifts by the maximum first, so nothing overflows and the largest term is
/// never lost to underflow.
#[must_use]
pub fn log_sum_exp<F: Float>(xs: &[F]) -> F {
    let max = xs.iter().copied().fold(F::neg_infinity(), F::max);
    if max == F::neg_infinity() {
        return F::neg_infinity();
    }
    max + xs
        .iter()
        .fold(F::zero(), |sum, &x| sum + (x - max).exp())
        .ln()
}

/// Shifts log-weights so that they sum to one (in the linear domain) and
/// returns the log of the total they had before.
///
/// If every weight is `-∞` nothing changes and `-∞` is returned; callers
/// decide what an empty posterior means.
pub fn normalize<F: Float>(log_weights: &mut [F]) -> F {
    let total = log_sum_exp(log_weights);
    if total.is_finite() {
        for w in log_weights.iter_mut() {
            *w = *w - total;
        }
    }
    total
}

/// Natural-log weights, normalised, from `count` non-negative linear
/// weights (a mixture's prior, a market's starting wealth). Fails for none,
/// a count that differs from `count`, or weights that are negative, not
/// finite or zero everywhere; `what` names them in the error.
pub(crate) fn log_weights_from(
    weights: &[f64],
    count: usize,
    what: &'static str,
) -> Result<Vec<f64>> {
    if count == 0 {
        return Err(Error::InvalidSize {
            what,
            expected: "at least one component",
            value: 0,
        });
    }
    if weights.len() != count {
        return Err(Error::LengthMismatch {
            what,
            left: weights.len(),
            right: count,
            hint: "give one weight per component",
        });
    }
    if let Some(&bad) = weights.iter().find(|w| !w.is_finite() || **w < 0.0) {
        return Err(Error::InvalidParameter {
            what,
            expected: "finite and non-negative",
            value: bad,
        });
    }
    if weights.iter().all(|&w| w == 0.0) {
        return Err(Error::InvalidParameter {
            what,
            expected: "positive somewhere",
            value: 0.0,
        });
    }
    let mut log_weights: Vec<f64> = weights.iter().map(|w| w.ln()).collect();
    normalize(&mut log_weights);
    Ok(log_weights)
}

/// Normalises `log_weights` in place and returns `Σ_i w_i · value(i)` in
/// the same pass (one exp per weight, none for the heaviest), or `None` if
/// every weight is `-∞`. The shared step of every mixture and market.
pub(crate) fn normalize_and_mix(
    log_weights: &mut [f64],
    value: impl Fn(usize) -> f64,
) -> Option<f64> {
    let max = log_weights
        .iter()
        .copied()
        .fold(f64::NEG_INFINITY, f64::max);
    if max == f64::NEG_INFINITY {
        return None;
    }
    let (mut total, mut mixed) = (0.0, 0.0);
    for (i, &w) in log_weights.iter().enumerate() {
        // A ruled-out weight adds nothing, whatever its value (even NaN).
        if w == f64::NEG_INFINITY {
            continue;
        }
        let share = if w == max { 1.0 } else { (w - max).exp() };
        total += share;
        mixed += share * value(i);
    }
    let shift = max + if total == 1.0 { 0.0 } else { total.ln() };
    for w in log_weights.iter_mut() {
        *w -= shift;
    }
    Some(mixed / total)
}

/// Code length in bits of `bit` under a prediction `p = P(bit = 1)`:
/// `-log2 p` for a one, `-log2 (1 - p)` for a zero.
///
/// Infinite when the predictor ruled the bit out (`p` of 0 or 1).
#[inline]
#[must_use]
pub fn code_length<F: Float>(p: F, bit: bool) -> F {
    let q = if bit { p } else { F::one() - p };
    // `0 - x` rather than `-x`: a certain bit costs +0, not -0.
    F::zero() - q.log2()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::f64::consts::LN_2;

    /// The helpers agree in `f32` with their `f64` values, to `f32`
    /// precision.
    #[test]
    fn f32_agrees_with_f64() {
        let xs = [-3.5f32, -1.0, 0.0, 2.0];
        let wide: Vec<f64> = xs.iter().map(|&x| f64::from(x)).collect();
        assert!((f64::from(log_sum_exp(&xs)) - log_sum_exp(&wide)).abs() < 1e-6);
        assert!((f64::from(log_add(-1.0f32, -2.0)) - log_add(-1.0, -2.0)).abs() < 1e-6);
        assert!((f64::from(softplus(30.0f32)) - softplus(30.0)).abs() < 1e-5);
        assert!((f64::from(sigmoid(0.3f32)) - sigmoid(0.3)).abs() < 1e-7);
        assert!((f64::from(code_length(0.25f32, true)) - 2.0).abs() < 1e-6);
        assert!((f64::from(nats_to_bits(1.0f32)) - 1.0 / LN_2).abs() < 1e-6);
        // Far below f32's range in the linear domain (e^-200 < 1e-86);
        // f32 resolves -200 to 1.5e-5.
        let mut weights = [-200.0f32, -200.0];
        normalize(&mut weights);
        assert!((weights[0] - 0.5f32.ln()).abs() < 2e-5);
    }

    #[test]
    fn log_add_matches_direct_sum() {
        for &(a, b) in &[
            (0.0f64, 0.0f64),
            (-1.0, -3.0),
            (2.5, -40.0),
            (-700.0, -701.0),
        ] {
            let direct = (a.exp() + b.exp()).ln();
            assert!((log_add(a, b) - direct).abs() < 1e-12, "{a} {b}");
            assert_eq!(log_add(a, b), log_add(b, a));
        }
        assert_eq!(log_add(f64::NEG_INFINITY, -3.0), -3.0);
        assert_eq!(
            log_add(f64::NEG_INFINITY, f64::NEG_INFINITY),
            f64::NEG_INFINITY
        );
    }

    #[test]
    fn log_sum_exp_survives_extreme_values() {
        let xs = [-1e6, -1e6 + 1.0, f64::NEG_INFINITY];
        let expected = -1e6 + 1.0 + (1.0 + (-1.0f64).exp()).ln();
        assert!((log_sum_exp(&xs) - expected).abs() < 1e-9);
        assert_eq!(log_sum_exp::<f64>(&[]), f64::NEG_INFINITY);
        assert!((log_sum_exp(&[700.0, 700.0]) - (700.0 + LN_2)).abs() < 1e-12);
    }

    #[test]
    fn softplus_and_sigmoid_are_stable() {
        assert!((softplus(0.0) - LN_2).abs() < 1e-15);
        assert_eq!(softplus(1000.0), 1000.0);
        assert!(softplus(-1000.0) >= 0.0);
        assert_eq!(sigmoid(-1000.0), 0.0);
        assert_eq!(sigmoid(1000.0), 1.0);
        assert!((sigmoid(0.3) + sigmoid(-0.3) - 1.0).abs() < 1e-15);
    }

    #[test]
    fn normalize_makes_weights_a_distribution() {
        let mut w = vec![-2000.0, -2001.0, -2003.0];
        let before = normalize(&mut w);
        assert!(before.is_finite());
        let total: f64 = w.iter().map(|x| x.exp()).sum();
        assert!((total - 1.0).abs() < 1e-12);

        let mut dead = vec![f64::NEG_INFINITY; 2];
        assert_eq!(normalize(&mut dead), f64::NEG_INFINITY);
        assert!(dead.iter().all(|x| *x == f64::NEG_INFINITY));
    }

    #[test]
    fn code_length_is_in_bits() {
        assert_eq!(code_length(0.5, true), 1.0);
        assert_eq!(code_length(0.25, false), -(0.75f64).log2());
        assert_eq!(code_length(1.0, false), f64::INFINITY);
        assert!(code_length(1.0, true).is_sign_positive());
        assert!((nats_to_bits(bits_to_nats(3.7)) - 3.7).abs() < 1e-15);
    }
}

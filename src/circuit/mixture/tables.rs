//! The learning leaf's shared KT tables: `ln` of half-integer rising
//! products, `ln n!` and reciprocals, computed once for every mixture.

/// The learning leaf's KT tables, one copy shared by every mixture:
/// [`TABLE_LIMIT`] entries each; larger counts use `lnΓ`.
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub(super) struct KtTables {
    /// `ln_half[n] = Σ_{i<n} ln(i + ½)`.
    pub ln_half: Vec<f64>,
    /// `ln_factorial[n] = ln n!`.
    pub ln_factorial: Vec<f64>,
    /// `reciprocal[n] = 1 / (n + 1)`, the KT denominator.
    pub reciprocal: Vec<f64>,
}

/// The shared tables, computed on first use (each entry from the one
/// before, as running sums).
pub(super) fn kt_tables() -> &'static KtTables {
    static TABLES: std::sync::OnceLock<KtTables> = std::sync::OnceLock::new();
    TABLES.get_or_init(|| {
        let (mut ln_half, mut ln_factorial, mut reciprocal) = (vec![0.0], vec![0.0], vec![1.0]);
        for i in 0..TABLE_LIMIT - 1 {
            ln_half.push(ln_half[i] + (i as f64 + 0.5).ln());
            ln_factorial.push(ln_factorial[i] + (i as f64 + 1.0).ln());
            reciprocal.push(1.0 / (i as f64 + 2.0));
        }
        KtTables {
            ln_half,
            ln_factorial,
            reciprocal,
        }
    })
}

/// Entries of the learning leaf's shared tables (96 KiB in all); counts
/// past it are computed directly.
pub(super) const TABLE_LIMIT: usize = 4096;

/// The KT estimate of the hot loop: `(n1 + 1/2)` times the tabled
/// `1/(n0 + n1 + 1)`, a multiplication where [`kt_estimate`] divides (the
/// two may differ in the last place).
#[inline]
pub(super) fn kt_estimate_by_table(reciprocal: &[f64], [n0, n1]: [u32; 2]) -> f64 {
    (f64::from(n1) + 0.5) * reciprocal_at(reciprocal, n0 + n1)
}

/// `1 / (n + 1)`, from the table while it reaches.
#[inline]
pub(super) fn reciprocal_at(table: &[f64], n: u32) -> f64 {
    table
        .get(n as usize)
        .copied()
        .unwrap_or_else(|| 1.0 / (f64::from(n) + 1.0))
}

/// `Σ_{i<n} ln(i + ½) = lnΓ(n + ½) − lnΓ(½)`, from the table while it reaches.
pub(super) fn ln_half_at(table: &[f64], n: u32) -> f64 {
    table
        .get(n as usize)
        .copied()
        .unwrap_or_else(|| libm::lgamma(f64::from(n) + 0.5) - 0.5 * std::f64::consts::PI.ln())
}

/// `ln n! = lnΓ(n + 1)`, from the table while it reaches.
pub(super) fn ln_factorial_at(table: &[f64], n: u32) -> f64 {
    table
        .get(n as usize)
        .copied()
        .unwrap_or_else(|| libm::lgamma(f64::from(n) + 1.0))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::circuit::{Basis, CircuitMixture, Enumeration, FunctionPrior, Leaf};
    use crate::predictor::Predictor;

    /// Past the tables, `lnΓ` gives the sums the tables would have held.
    #[test]
    fn log_gamma_continues_the_tables() {
        let (mut half, mut factorial) = (0.0f64, 0.0f64);
        for n in 0..20_000u32 {
            if n % 997 == 0 {
                let h = ln_half_at(&[], n);
                let f = ln_factorial_at(&[], n);
                assert!(
                    (h - half).abs() <= 1e-12 * half.abs().max(1.0),
                    "{n}: {h} vs {half}"
                );
                assert!(
                    (f - factorial).abs() <= 1e-12 * factorial.abs().max(1.0),
                    "{n}"
                );
                assert_eq!(reciprocal_at(&[], n), 1.0 / (f64::from(n) + 1.0));
            }
            half += (f64::from(n) + 0.5).ln();
            factorial += (f64::from(n) + 1.0).ln();
        }
    }

    /// every undo), and a long run stays a probability.
    #[test]
    fn learning_leaf_tables_are_shared_and_bounded() {
        let all = Enumeration::smallest(2, &Basis::Full, 2).unwrap();
        let mut mixture =
            CircuitMixture::new(&all, FunctionPrior::SmallestCircuit, Leaf::Learning).unwrap();
        for t in 0..10_000u32 {
            mixture.update(t % 7 < 3);
            assert!((0.0..=1.0).contains(&mixture.predict()));
        }
        let tables = kt_tables();
        assert_eq!(
            (
                tables.ln_half.len(),
                tables.ln_factorial.len(),
                tables.reciprocal.len()
            ),
            (TABLE_LIMIT, TABLE_LIMIT, TABLE_LIMIT)
        );
        assert!(std::ptr::eq(tables, kt_tables()));
    }
}

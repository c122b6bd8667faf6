//! A dense Cholesky solve for the market maker's Levenberg–Marquardt
//! systems (a few sentences wide), on `ndarray`.

use ndarray::{Array1, Array2};

/// Solves `a·x = b` for a symmetric positive-definite `a` by Cholesky
/// factorisation `a = L·Lᵀ` (overwriting `a` with `L`), then forward and
/// back substitution; `None` if `a` is not positive definite (a pivot that
/// is not positive and finite). The Levenberg–Marquardt systems are a few
/// sentences wide, so the textbook O(n³) loop is all the solve needs.
pub(super) fn cholesky_solve(mut a: Array2<f64>, b: &Array1<f64>) -> Option<Array1<f64>> {
    let n = b.len();
    for j in 0..n {
        let mut pivot = a[[j, j]];
        for k in 0..j {
            pivot -= a[[j, k]] * a[[j, k]];
        }
        if !(pivot > 0.0 && pivot.is_finite()) {
            return None;
        }
        let pivot = pivot.sqrt();
        a[[j, j]] = pivot;
        for i in j + 1..n {
            let mut v = a[[i, j]];
            for k in 0..j {
                v -= a[[i, k]] * a[[j, k]];
            }
            a[[i, j]] = v / pivot;
        }
    }
    // L·y = b, then Lᵀ·x = y.
    let mut x = b.clone();
    for i in 0..n {
        for k in 0..i {
            x[i] -= a[[i, k]] * x[k];
        }
        x[i] /= a[[i, i]];
    }
    for i in (0..n).rev() {
        for k in i + 1..n {
            x[i] -= a[[k, i]] * x[k];
        }
        x[i] /= a[[i, i]];
    }
    Some(x)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Against a system solved by hand: `[[4, 2], [2, 3]]·x = [2, 5]` has
    /// `x = [-1/2, 2]`; a singular or indefinite matrix is refused.
    #[test]
    fn cholesky_solves_small_systems_exactly() {
        let a = ndarray::arr2(&[[4.0, 2.0], [2.0, 3.0]]);
        let x = cholesky_solve(a, &ndarray::arr1(&[2.0, 5.0])).unwrap();
        assert!(
            (x[0] + 0.5).abs() < 1e-15 && (x[1] - 2.0).abs() < 1e-15,
            "{x}"
        );
        assert!(
            cholesky_solve(
                ndarray::arr2(&[[1.0, 1.0], [1.0, 1.0]]),
                &ndarray::arr1(&[1.0, 1.0])
            )
            .is_none()
        );
        assert!(cholesky_solve(ndarray::arr2(&[[-1.0]]), &ndarray::arr1(&[1.0])).is_none());
        assert!(cholesky_solve(Array2::zeros((0, 0)), &Array1::zeros(0)).is_some());
    }

    /// Random symmetric positive-definite systems `MᵀM + I` of 1 to 12
    /// unknowns: the solution satisfies the system to 1e-10.
    #[test]
    fn cholesky_solves_random_positive_definite_systems() {
        let mut state = 0x2545_F491_4F6C_DD1Du64;
        let mut uniform = move || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            (state >> 11) as f64 / (1u64 << 53) as f64 * 2.0 - 1.0
        };
        for n in 1..=12 {
            for _ in 0..20 {
                let m = Array2::from_shape_fn((n, n), |_| uniform());
                let a = m.t().dot(&m) + Array2::<f64>::eye(n);
                let b = Array1::from_shape_fn(n, |_| uniform());
                let x = cholesky_solve(a.clone(), &b).unwrap();
                let residual = (a.dot(&x) - &b).iter().fold(0.0f64, |r, v| r.max(v.abs()));
                assert!(residual < 1e-10, "n = {n}: residual {residual}");
            }
        }
    }
}

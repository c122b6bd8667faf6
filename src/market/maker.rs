//! The market maker: prices at which the combined trader cannot gain. The design is documented in [`crate::market`].

use ndarray::{Array1, Array2};

use crate::error::{Error, Result};

/// The best-case gain of holding `shares[i]` shares of sentence `i` bought
/// at `prices[i]`, over all worlds: `Σ F⁺(1 − P) + F⁻·P`.
///
/// ```
/// use inductive::market::worst_case_gain;
/// // Buy 2 of a sentence at 0.25 and sell 1 of another at 0.5:
/// // at best the first is true (+1.5) and the second false (+0.5).
/// assert_eq!(worst_case_gain(&[2.0, -1.0], &[0.25, 0.5]), 2.0);
/// ```
#[must_use]
pub fn worst_case_gain(shares: &[f64], prices: &[f64]) -> f64 {
    shares
        .iter()
        .zip(prices)
        .map(|(&f, &p)| {
            if f > 0.0 {
                f * (1.0 - p)
            } else if f < 0.0 {
                -f * p
            } else {
                0.0
            }
        })
        .sum()
}

/// Prices found by the [`MarketMaker`].
#[derive(Clone, Debug, PartialEq)]
pub struct Clearing {
    /// One price per sentence, each in `[0, 1]`.
    pub prices: Vec<f64>,
    /// The strategy's best-case gain at those prices (at most the
    /// tolerance).
    pub gain: f64,
    /// How many times the strategy was evaluated.
    pub evaluations: usize,
}

/// Finds prices that pass the acceptance test (see the module docs).
///
/// ```
/// use inductive::market::MarketMaker;
///
/// // The strategy 1 − 3P buys below 1/3 and sells above it.
/// let maker = MarketMaker::new(1e-12)?;
/// let clearing = maker.clear(1, |p, f| {
///     f[0] = 1.0 - 3.0 * p[0];
///     Ok(())
/// })?;
/// assert!((clearing.prices[0] - 1.0 / 3.0).abs() < 1e-12);
/// # Ok::<(), inductive::Error>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct MarketMaker {
    tolerance: f64,
    max_evaluations: usize,
}

/// Bisection steps that take any interval in `[0, 1]` to `f64` resolution.
const BISECTION_STEPS: usize = 64;

struct Search<S> {
    strategy: S,
    n: usize,
    tolerance: f64,
    max_evaluations: usize,
    evaluations: usize,
    shares: Vec<f64>,
    best: (f64, Vec<f64>),
}

enum Outcome {
    Accepted(Vec<f64>, f64),
    Continue(f64),
}

impl<S: FnMut(&[f64], &mut [f64]) -> Result<()>> Search<S> {
    /// Evaluates the strategy at `prices`; the gain there, or the accepted
    /// prices.
    fn eval(&mut self, prices: &[f64]) -> Result<Outcome> {
        if self.evaluations >= self.max_evaluations {
            return Err(self.no_price());
        }
        self.evaluations += 1;
        self.shares.iter_mut().for_each(|f| *f = 0.0);
        (self.strategy)(prices, &mut self.shares)?;
        if let Some(&bad) = self.shares.iter().find(|f| !f.is_finite()) {
            return Err(Error::NonFinite {
                what: "shares demanded by the strategy".into(),
                value: bad,
            });
        }
        let gain = worst_case_gain(&self.shares, prices);
        if gain < self.best.0 {
            self.best = (gain, prices.to_vec());
        }
        if gain <= self.tolerance {
            return Ok(Outcome::Accepted(prices.to_vec(), gain));
        }
        Ok(Outcome::Continue(gain))
    }

    fn no_price(&self) -> Error {
        Error::NoPrice {
            day: 0,
            exposure: self.best.0,
            tolerance: self.tolerance,
        }
    }

    /// Solves for coordinate `i` with the others fixed.
    fn coordinate(&mut self, prices: &mut [f64], i: usize) -> Result<Option<(Vec<f64>, f64)>> {
        macro_rules! eval {
            () => {
                match self.eval(prices)? {
                    Outcome::Accepted(p, g) => return Ok(Some((p, g))),
                    Outcome::Continue(_) => self.shares[i],
                }
            };
        }
        let here = eval!();
        let (mut lo, mut hi);
        if here > 0.0 {
            let x = prices[i];
            prices[i] = 1.0;
            if eval!() >= 0.0 {
                return Ok(None);
            }
            (lo, hi) = (x, 1.0);
        } else if here < 0.0 {
            let x = prices[i];
            prices[i] = 0.0;
            if eval!() <= 0.0 {
                return Ok(None);
            }
            (lo, hi) = (0.0, x);
        } else {
            return Ok(None);
        }
        for _ in 0..BISECTION_STEPS {
            let mid = 0.5 * (lo + hi);
            if mid <= lo || mid >= hi {
                break;
            }
            prices[i] = mid;
            let f = eval!();
            if f > 0.0 {
                lo = mid;
            } else if f < 0.0 {
                hi = mid;
            } else {
                break;
            }
        }
        Ok(None)
    }
}

impl MarketMaker {
    /// A maker that accepts prices where the best-case gain is at most
    /// `tolerance` (finite, > 0).
    pub fn new(tolerance: f64) -> Result<Self> {
        if !(tolerance > 0.0 && tolerance.is_finite()) {
            return Err(Error::InvalidParameter {
                what: "market maker tolerance",
                expected: "finite and greater than 0",
                value: tolerance,
            });
        }
        Ok(Self {
            tolerance,
            max_evaluations: 100_000,
        })
    }

    /// The acceptance threshold.
    #[must_use]
    pub fn tolerance(&self) -> f64 {
        self.tolerance
    }

    /// Finds prices for `n` sentences. `strategy(prices, shares)` writes
    /// the shares demanded of each sentence at `prices` (the slice starts
    /// zeroed) and may fail; it must be continuous for prices to exist.
    pub fn clear(
        &self,
        n: usize,
        strategy: impl FnMut(&[f64], &mut [f64]) -> Result<()>,
    ) -> Result<Clearing> {
        let mut search = Search {
            strategy,
            n,
            tolerance: self.tolerance,
            max_evaluations: self.max_evaluations,
            evaluations: 0,
            shares: vec![0.0; n],
            best: (f64::INFINITY, vec![0.5; n]),
        };
        let (prices, gain) = solve(&mut search)?;
        debug_assert!(gain <= self.tolerance && prices.iter().all(|p| (0.0..=1.0).contains(p)));
        Ok(Clearing {
            prices,
            gain,
            evaluations: search.evaluations,
        })
    }
}

fn solve<S: FnMut(&[f64], &mut [f64]) -> Result<()>>(s: &mut Search<S>) -> Result<(Vec<f64>, f64)> {
    let n = s.n;
    macro_rules! eval {
        ($p:expr) => {
            match s.eval($p)? {
                Outcome::Accepted(p, g) => return Ok((p, g)),
                Outcome::Continue(g) => g,
            }
        };
    }
    // 1. The middle, then each price where its excess demand points.
    let mut prices = vec![0.5; n];
    eval!(&prices);
    let first = s.shares.clone();
    let probe: Vec<f64> = first
        .iter()
        .map(|&f| {
            if f > 0.0 {
                1.0
            } else if f < 0.0 {
                0.0
            } else {
                0.5
            }
        })
        .collect();
    eval!(&probe);
    let mut lo = vec![0.0; n];
    let mut hi = vec![1.0; n];
    for i in 0..n {
        let (f, g) = (first[i], s.shares[i]);
        (lo[i], hi[i]) = if f > 0.0 {
            if g >= 0.0 { (1.0, 1.0) } else { (0.5, 1.0) }
        } else if f < 0.0 {
            if g <= 0.0 { (0.0, 0.0) } else { (0.0, 0.5) }
        } else {
            (0.5, 0.5)
        };
    }
    // 2. Joint bisection, each price on its own excess demand.
    for _ in 0..BISECTION_STEPS {
        let mut moving = false;
        for i in 0..n {
            let mid = 0.5 * (lo[i] + hi[i]);
            if mid > lo[i] && mid < hi[i] {
                moving = true;
            }
            prices[i] = mid;
        }
        if !moving {
            break;
        }
        eval!(&prices);
        for i in 0..n {
            let f = s.shares[i];
            if f > 0.0 {
                lo[i] = prices[i];
            } else if f < 0.0 {
                hi[i] = prices[i];
            } else {
                (lo[i], hi[i]) = (prices[i], prices[i]);
            }
        }
    }
    // The end points themselves (bisection never evaluates 0 or 1).
    let ends: Vec<f64> = (0..n)
        .map(|i| {
            if hi[i] == 1.0 && lo[i] > 0.5 {
                1.0
            } else if lo[i] == 0.0 && hi[i] < 0.5 {
                0.0
            } else {
                prices[i]
            }
        })
        .collect();
    eval!(&ends);
    // 3. Gauss–Seidel sweeps (an exact bisection per price, the others
    // held), which cross the plateaus where a saturated strategy has no
    // slope, alternating with damped semismooth Newton, which converges
    // fast where the strategies are smooth and coupled.
    let mut current = s.best.1.clone();
    for _ in 0..30 {
        let before = s.best.0;
        for i in 0..n {
            if let Some(done) = s.coordinate(&mut current, i)? {
                return Ok(done);
            }
        }
        for c in [1.0, 1e2, 1e4] {
            if let Some(done) = newton(s, &mut current, c)? {
                return Ok(done);
            }
        }
        if s.best.0 >= before * (1.0 - 1e-3) {
            break;
        }
    }
    // 4. Projected fixed-point iteration with a small fixed step.
    let mut prices = s.best.1.clone();
    eval!(&prices);
    for _ in 0..1_000 {
        for (p, &f) in prices.iter_mut().zip(&s.shares) {
            *p = (*p + 0.05 * f).clamp(0.0, 1.0);
        }
        eval!(&prices);
    }
    Err(s.no_price())
}

/// The natural residual `P − clip(P + c·F)`: zero exactly at solutions,
/// for any `c > 0`; a larger `c` lets a step reach a bound sooner.
fn residual(prices: &[f64], shares: &[f64], c: f64) -> Vec<f64> {
    prices
        .iter()
        .zip(shares)
        .map(|(&p, &f)| p - (p + c * f).clamp(0.0, 1.0))
        .collect()
}

fn norm2(v: &[f64]) -> f64 {
    v.iter().map(|x| x * x).sum()
}

/// Damped Newton (Levenberg–Marquardt) steps on `P − clip(P + c·F)` with a
/// finite-difference Jacobian, from `prices` (left at the last point accepted). `Ok(None)` if
/// it stalls.
fn newton<S: FnMut(&[f64], &mut [f64]) -> Result<()>>(
    s: &mut Search<S>,
    prices: &mut Vec<f64>,
    c: f64,
) -> Result<Option<(Vec<f64>, f64)>> {
    let n = s.n;
    macro_rules! eval {
        ($p:expr) => {
            match s.eval($p)? {
                Outcome::Accepted(p, g) => return Ok(Some((p, g))),
                Outcome::Continue(g) => g,
            }
        };
    }
    eval!(prices);
    let mut shares = s.shares.clone();
    let mut phi = residual(prices, &shares, c);
    for _ in 0..60 {
        let mut jacobian = Array2::<f64>::zeros((n, n));
        for j in 0..n {
            let h = 1e-7_f64.max(prices[j].abs() * 1e-7);
            let h = if prices[j] + h > 1.0 { -h } else { h };
            let mut probe = prices.clone();
            probe[j] += h;
            eval!(&probe);
            for i in 0..n {
                jacobian[[i, j]] = (s.shares[i] - shares[i]) / h;
            }
        }
        for i in 0..n {
            let target = prices[i] + c * shares[i];
            if target > 0.0 && target < 1.0 {
                // Interior: Φ_i = −c·F_i.
                for j in 0..n {
                    jacobian[[i, j]] *= -c;
                }
            } else {
                // Clipped: Φ_i = P_i − bound.
                for j in 0..n {
                    jacobian[[i, j]] = if i == j { 1.0 } else { 0.0 };
                }
            }
        }
        // Levenberg–Marquardt: (JᵀJ + μI) d = −JᵀΦ, with μ raised until the
        // step reduces ‖Φ‖² (a singular J, as under pure arbitrage, is fine).
        let normal = jacobian.t().dot(&jacobian);
        let gradient = jacobian.t().dot(&Array1::from(phi.clone()));
        let scale = (0..n)
            .map(|i| normal[[i, i]])
            .fold(0.0, f64::max)
            .max(1e-300);
        let merit = norm2(&phi);
        let mut mu = 1e-10 * scale;
        let mut accepted = false;
        for _ in 0..40 {
            let mut damped = normal.clone();
            for i in 0..n {
                damped[[i, i]] += mu;
            }
            let Some(step) = cholesky_solve(damped, &gradient.mapv(|g| -g)) else {
                mu *= 10.0;
                continue;
            };
            let trial: Vec<f64> = prices
                .iter()
                .zip(step.iter())
                .map(|(&p, &d)| (p + d).clamp(0.0, 1.0))
                .collect();
            eval!(&trial);
            let trial_phi = residual(&trial, &s.shares, c);
            if norm2(&trial_phi) < merit {
                *prices = trial;
                shares.clone_from(&s.shares);
                phi = trial_phi;
                accepted = true;
                break;
            }
            mu = (mu * 10.0).max(1e-12 * scale);
        }
        if !accepted {
            return Ok(None);
        }
    }
    Ok(None)
}

/// Solves `a·x = b` for a symmetric positive-definite `a` by Cholesky
/// factorisation `a = L·Lᵀ` (overwriting `a` with `L`), then forward and
/// back substitution; `None` if `a` is not positive definite (a pivot that
/// is not positive and finite). The Levenberg–Marquardt systems are a few
/// sentences wide, so the textbook O(n³) loop is all the solve needs.
fn cholesky_solve(mut a: Array2<f64>, b: &Array1<f64>) -> Option<Array1<f64>> {
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

    fn maker() -> MarketMaker {
        MarketMaker::new(1e-12).unwrap()
    }

    #[test]
    fn constant_buyer_and_seller_go_to_the_ends() {
        let c = maker().clear(2, |_, f| {
            f[0] = 1.0;
            f[1] = -2.0;
            Ok(())
        });
        assert_eq!(c.unwrap().prices, vec![1.0, 0.0]);
    }

    #[test]
    fn opposite_orders_cancel() {
        // +1 and −1 on the same sentence: no demand, any price passes; ½.
        let c = maker()
            .clear(1, |_, f| {
                f[0] += 1.0;
                f[0] += -1.0;
                Ok(())
            })
            .unwrap();
        assert_eq!(c.prices, vec![0.5]);
        assert_eq!(c.gain, 0.0);
    }

    #[test]
    fn coupled_strategies_are_solved() {
        // Arbitrage-like coupling: each buys 1 − (P0 + P1 + P2) plus a
        // private pull toward its own target.
        let targets = [0.7, 0.2, 0.4];
        let c = maker()
            .clear(3, |p, f| {
                let sum: f64 = p.iter().sum();
                for i in 0..3 {
                    f[i] = 2.0 * (1.0 - sum) + (targets[i] - p[i]);
                }
                Ok(())
            })
            .unwrap();
        assert!(c.gain <= 1e-12);
        let sum: f64 = c.prices.iter().sum();
        // Solve exactly: p_i = t_i + 2(1 − s), s = Σt + 6(1 − s).
        let s = (1.3 + 6.0) / 7.0;
        assert!((sum - s).abs() < 1e-9, "{sum} vs {s}");
    }

    #[test]
    fn discontinuous_strategy_is_refused() {
        let r = maker().clear(1, |p, f| {
            f[0] = if p[0] < 0.3 { 1.0 } else { -1.0 };
            Ok(())
        });
        assert!(matches!(r, Err(Error::NoPrice { .. })), "{r:?}");
    }

    #[test]
    fn non_finite_demand_is_refused() {
        let r = maker().clear(1, |_, f| {
            f[0] = f64::NAN;
            Ok(())
        });
        assert!(matches!(r, Err(Error::NonFinite { .. })));
        assert!(MarketMaker::new(0.0).is_err());
    }

    /// The closed form equals the maximum over all 2^k worlds.
    #[test]
    fn closed_form_gain_is_the_brute_force_maximum() {
        let shares = [1.5, -0.25, 0.0, -3.0, 2.0];
        let prices = [0.1, 0.9, 0.5, 0.33, 1.0];
        let mut best = f64::NEG_INFINITY;
        for world in 0u32..1 << shares.len() {
            let v: f64 = (0..shares.len())
                .map(|i| shares[i] * (f64::from(world >> i & 1) - prices[i]))
                .sum();
            best = best.max(v);
        }
        assert!((worst_case_gain(&shares, &prices) - best).abs() < 1e-12);
    }
}

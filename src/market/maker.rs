//! The market maker: prices at which the combined trader cannot gain. The
//! design is documented in [`crate::market`].

use ndarray::{Array1, Array2};

use super::cholesky::cholesky_solve;
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

/// Why a search stops early: prices were accepted, or it failed.
enum Stop {
    Accepted(Vec<f64>, f64),
    Failed(Error),
}

impl From<Error> for Stop {
    fn from(error: Error) -> Self {
        Stop::Failed(error)
    }
}

/// A search step: its value, or the reason the whole search stops.
type Searching<T> = std::result::Result<T, Stop>;

impl<S: FnMut(&[f64], &mut [f64]) -> Result<()>> Search<S> {
    /// Evaluates the strategy at `prices` (its demand is left in
    /// `self.shares`) and returns the best-case gain there; stops the
    /// search when the gain is within tolerance.
    fn gain(&mut self, prices: &[f64]) -> Searching<f64> {
        if self.evaluations >= self.max_evaluations {
            return Err(Stop::Failed(self.no_price()));
        }
        self.evaluations += 1;
        self.shares.iter_mut().for_each(|f| *f = 0.0);
        (self.strategy)(prices, &mut self.shares)?;
        if let Some(&bad) = self.shares.iter().find(|f| !f.is_finite()) {
            return Err(Stop::Failed(Error::NonFinite {
                what: "shares demanded by the strategy".into(),
                value: bad,
            }));
        }
        let gain = worst_case_gain(&self.shares, prices);
        if gain < self.best.0 {
            self.best = (gain, prices.to_vec());
        }
        if gain <= self.tolerance {
            return Err(Stop::Accepted(prices.to_vec(), gain));
        }
        Ok(gain)
    }

    /// The demand for sentence `i` at `prices`.
    fn demand(&mut self, prices: &[f64], i: usize) -> Searching<f64> {
        self.gain(prices)?;
        Ok(self.shares[i])
    }

    fn no_price(&self) -> Error {
        Error::NoPrice {
            day: 0,
            exposure: self.best.0,
            tolerance: self.tolerance,
        }
    }

    /// Solves for coordinate `i` with the others fixed: bisection on its
    /// excess demand, after checking the end it points to.
    fn coordinate(&mut self, prices: &mut [f64], i: usize) -> Searching<()> {
        let here = self.demand(prices, i)?;
        let x = prices[i];
        let (mut lo, mut hi) = if here > 0.0 {
            prices[i] = 1.0;
            if self.demand(prices, i)? >= 0.0 {
                return Ok(());
            }
            (x, 1.0)
        } else if here < 0.0 {
            prices[i] = 0.0;
            if self.demand(prices, i)? <= 0.0 {
                return Ok(());
            }
            (0.0, x)
        } else {
            return Ok(());
        };
        for _ in 0..BISECTION_STEPS {
            let mid = 0.5 * (lo + hi);
            if mid <= lo || mid >= hi {
                break;
            }
            prices[i] = mid;
            let f = self.demand(prices, i)?;
            if f > 0.0 {
                lo = mid;
            } else if f < 0.0 {
                hi = mid;
            } else {
                break;
            }
        }
        Ok(())
    }

    /// Phases 1 and 2: the middle, each price where its excess demand
    /// points, then a joint bisection, each price on its own excess
    /// demand, and the end points bisection never reaches.
    fn bracket(&mut self) -> Searching<()> {
        let n = self.n;
        let mut prices = vec![0.5; n];
        self.gain(&prices)?;
        let first = self.shares.clone();
        let probe: Vec<f64> = first
            .iter()
            .map(|&f| match f.partial_cmp(&0.0) {
                Some(std::cmp::Ordering::Greater) => 1.0,
                Some(std::cmp::Ordering::Less) => 0.0,
                _ => 0.5,
            })
            .collect();
        self.gain(&probe)?;
        let (mut lo, mut hi): (Vec<f64>, Vec<f64>) = first
            .iter()
            .zip(&self.shares)
            .map(|(&f, &g)| {
                if f > 0.0 {
                    if g >= 0.0 { (1.0, 1.0) } else { (0.5, 1.0) }
                } else if f < 0.0 {
                    if g <= 0.0 { (0.0, 0.0) } else { (0.0, 0.5) }
                } else {
                    (0.5, 0.5)
                }
            })
            .unzip();
        for _ in 0..BISECTION_STEPS {
            let mut moving = false;
            for i in 0..n {
                let mid = 0.5 * (lo[i] + hi[i]);
                moving |= mid > lo[i] && mid < hi[i];
                prices[i] = mid;
            }
            if !moving {
                break;
            }
            self.gain(&prices)?;
            for i in 0..n {
                let f = self.shares[i];
                if f > 0.0 {
                    lo[i] = prices[i];
                } else if f < 0.0 {
                    hi[i] = prices[i];
                } else {
                    (lo[i], hi[i]) = (prices[i], prices[i]);
                }
            }
        }
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
        self.gain(&ends)?;
        Ok(())
    }

    /// Phase 3: Gauss–Seidel sweeps (an exact bisection per price, the
    /// others held), which cross the plateaus where a saturated strategy
    /// has no slope, alternating with damped semismooth Newton, which
    /// converges fast where the strategies are smooth and coupled.
    fn sweep(&mut self) -> Searching<()> {
        let mut current = self.best.1.clone();
        for _ in 0..30 {
            let before = self.best.0;
            for i in 0..self.n {
                self.coordinate(&mut current, i)?;
            }
            for c in [1.0, 1e2, 1e4] {
                self.newton(&mut current, c)?;
            }
            if self.best.0 >= before * (1.0 - 1e-3) {
                break;
            }
        }
        Ok(())
    }

    /// Phase 4: projected fixed-point iteration with a small fixed step.
    fn fixed_point(&mut self) -> Searching<()> {
        let mut prices = self.best.1.clone();
        self.gain(&prices)?;
        for _ in 0..1_000 {
            for (p, &f) in prices.iter_mut().zip(&self.shares) {
                *p = (*p + 0.05 * f).clamp(0.0, 1.0);
            }
            self.gain(&prices)?;
        }
        Ok(())
    }

    /// Damped Newton (Levenberg–Marquardt) steps on `P − clip(P + c·F)`
    /// with a finite-difference Jacobian, from `prices` (left at the last
    /// point accepted); returns when it stalls.
    fn newton(&mut self, prices: &mut Vec<f64>, c: f64) -> Searching<()> {
        self.gain(prices)?;
        let mut shares = self.shares.clone();
        let mut phi = residual(prices, &shares, c);
        for _ in 0..60 {
            let jacobian = self.residual_jacobian(prices, &shares, c)?;
            // Levenberg–Marquardt: (JᵀJ + μI) d = −JᵀΦ, with μ raised until
            // the step reduces ‖Φ‖² (a singular J, as under pure arbitrage,
            // is fine).
            let normal = jacobian.t().dot(&jacobian);
            let gradient = jacobian.t().dot(&Array1::from(phi.clone()));
            let scale = (0..self.n)
                .map(|i| normal[[i, i]])
                .fold(0.0, f64::max)
                .max(1e-300);
            let merit = norm2(&phi);
            let mut mu = 1e-10 * scale;
            let mut accepted = false;
            for _ in 0..40 {
                let mut damped = normal.clone();
                damped.diag_mut().iter_mut().for_each(|d| *d += mu);
                let Some(step) = cholesky_solve(damped, &gradient.mapv(|g| -g)) else {
                    mu *= 10.0;
                    continue;
                };
                let trial: Vec<f64> = prices
                    .iter()
                    .zip(step.iter())
                    .map(|(&p, &d)| (p + d).clamp(0.0, 1.0))
                    .collect();
                self.gain(&trial)?;
                let trial_phi = residual(&trial, &self.shares, c);
                if norm2(&trial_phi) < merit {
                    *prices = trial;
                    shares.clone_from(&self.shares);
                    phi = trial_phi;
                    accepted = true;
                    break;
                }
                mu = (mu * 10.0).max(1e-12 * scale);
            }
            if !accepted {
                return Ok(());
            }
        }
        Ok(())
    }

    /// The Jacobian of the natural residual at `prices` (where the demand
    /// is `shares`), by forward differences of the demand.
    fn residual_jacobian(
        &mut self,
        prices: &[f64],
        shares: &[f64],
        c: f64,
    ) -> Searching<Array2<f64>> {
        let n = self.n;
        let mut jacobian = Array2::<f64>::zeros((n, n));
        for j in 0..n {
            let h = 1e-7_f64.max(prices[j].abs() * 1e-7);
            let h = if prices[j] + h > 1.0 { -h } else { h };
            let mut probe = prices.to_vec();
            probe[j] += h;
            self.gain(&probe)?;
            for i in 0..n {
                jacobian[[i, j]] = (self.shares[i] - shares[i]) / h;
            }
        }
        for i in 0..n {
            let target = prices[i] + c * shares[i];
            let mut row = jacobian.row_mut(i);
            if target > 0.0 && target < 1.0 {
                // Interior: Φ_i = −c·F_i.
                row.iter_mut().for_each(|x| *x *= -c);
            } else {
                // Clipped: Φ_i = P_i − bound.
                row.fill(0.0);
                row[i] = 1.0;
            }
        }
        Ok(jacobian)
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
        let outcome = search
            .bracket()
            .and_then(|()| search.sweep())
            .and_then(|()| search.fixed_point());
        let (prices, gain) = match outcome {
            Err(Stop::Accepted(prices, gain)) => (prices, gain),
            Err(Stop::Failed(error)) => return Err(error),
            Ok(()) => return Err(search.no_price()),
        };
        debug_assert!(gain <= self.tolerance && prices.iter().all(|p| (0.0..=1.0).contains(p)));
        Ok(Clearing {
            prices,
            gain,
            evaluations: search.evaluations,
        })
    }
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

#[cfg(test)]
mod tests {
    use super::*;

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

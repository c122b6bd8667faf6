//! Budgets: each trader's exact books, and the budgeter that scales its
//! trades so that no budget can lose more than itself. The design is
//! documented in [`crate::market`].

use std::collections::BTreeMap;

use super::knowledge::{Knowledge, Worlds};
use super::language::{Language, Sentence};
use super::worlds::Compiled;
use crate::error::Result;

/// Which worlds the budgeter guards against. Only [`Budgeting::Plausible`]
/// makes a logical inductor; the others are ablations, to see what the
/// budgeter does.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default)]
pub enum Budgeting {
    /// The paper's budgeter over the consistent worlds `PC(D_n)`.
    #[default]
    Plausible,
    /// The budgeter over all worlds, as if nothing were known: known
    /// sentences never settle, so traders are cut off for losses that
    /// cannot happen.
    AllWorlds,
    /// No budgeter: the firm is `Σ_k 2^{−k} T_k`, and a trader that keeps
    /// losing keeps its weight.
    Off,
}

impl Budgeting {
    pub(crate) fn worlds(self) -> Worlds {
        match self {
            Budgeting::AllWorlds => Worlds::All,
            _ => Worlds::Plausible,
        }
    }
}

/// A budget of a trader that was shut off, as its copy stood on its last
/// trading day.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct FrozenBudget {
    /// The budget `b`.
    pub budget: u32,
    /// Its last trading day.
    pub day: u64,
    /// Its scale `λ_b` that day.
    pub scale: f64,
    /// The least plausible value of the copy's holdings after that day
    /// (at least `−b`; invariant I2).
    pub min_value: f64,
}

/// A trader's books: cash and shares, valued exactly (each trade at its own
/// day's price).
#[derive(Clone, Debug, Default)]
pub struct Account {
    pub(crate) index: u32,
    pub(crate) entered: u64,
    pub(crate) cash: f64,
    pub(crate) positions: BTreeMap<Sentence, f64>,
    pub(crate) worst_loss: f64,
    pub(crate) range: (f64, f64),
    pub(crate) frozen: Vec<FrozenBudget>,
    pub(crate) firm_weight: f64,
}

impl Account {
    /// The trader's place `k` in the enumeration (from 1): its firm weight
    /// is `2^{−k}` times its budgets'.
    #[must_use]
    pub fn index(&self) -> u32 {
        self.index
    }

    /// The day the trader entered.
    #[must_use]
    pub fn entered(&self) -> u64 {
        self.entered
    }

    /// Cash: minus the cost of every trade at its day's price, plus the
    /// payout of every settled share.
    #[must_use]
    pub fn cash(&self) -> f64 {
        self.cash
    }

    /// Shares held of sentences not yet decided.
    #[must_use]
    pub fn positions(&self) -> &BTreeMap<Sentence, f64> {
        &self.positions
    }

    /// `L_k`: the largest loss any plausible world has shown so far (the
    /// budgets up to it are shut off).
    #[must_use]
    pub fn worst_loss(&self) -> f64 {
        self.worst_loss
    }

    /// Least and greatest value of the holdings over today's plausible
    /// worlds.
    #[must_use]
    pub fn plausible_range(&self) -> (f64, f64) {
        self.range
    }

    /// The budgets shut off so far.
    #[must_use]
    pub fn frozen_budgets(&self) -> &[FrozenBudget] {
        &self.frozen
    }

    /// The trader's weight in today's firm: `2^{−k} Σ_b 2^{−b} λ_b` over its
    /// live budgets.
    #[must_use]
    pub fn firm_weight(&self) -> f64 {
        self.firm_weight
    }

    /// Terms of the open positions, for a question about worlds.
    pub(crate) fn position_terms(&self) -> Vec<(Sentence, f64)> {
        self.positions.iter().map(|(&s, &h)| (s, h)).collect()
    }
}

/// `2^{−n}` for any `n` (0 below `f64`'s range).
pub(crate) fn two_to_minus(n: u64) -> f64 {
    if n > 1074 { 0.0 } else { (-(n as f64)).exp2() }
}

/// Budgets whose weight `2^{−b}` is not zero in `f64`.
pub(crate) const LAST_BUDGET: u64 = 1075;

/// What a trader held before today's trades: its open positions, and the
/// least plausible value of cash plus holdings.
#[derive(Clone, Debug)]
pub(crate) struct PastBooks {
    pub positions: Vec<(Sentence, f64)>,
    pub min_value: f64,
}

/// The market's language and what it knows, for questions about worlds.
pub(crate) type World<'a> = (&'a Knowledge, &'a Language);

/// One trader's budgets for one day.
#[derive(Clone, Debug)]
pub(crate) struct Plan {
    budgeting: Budgeting,
    /// `2^{−k}`.
    base: f64,
    /// Budgets that might scale below 1 today.
    explicit: Vec<u64>,
    /// `Σ 2^{−b}` over the budgets that surely scale by 1.
    tail: f64,
    /// Cash before today.
    cash: f64,
    /// Least plausible value of the holdings before today.
    past_min: f64,
    /// Open positions before today.
    past: Vec<(Sentence, f64)>,
    /// Today's sentences (first) and the past positions' (after), with
    /// their joint truth patterns.
    worlds: Compiled,
    trades: usize,
    /// Coefficients of `B(W)` over the compiled sentences: 0 for today's,
    /// the shares held for the past positions.
    held: Vec<f64>,
}

impl Plan {
    /// The plan of the trader with `account` and `past` books, whose trades
    /// today are on `today` (in the order `scale` and `weight` will receive
    /// them) and can change its holdings by at most `bound` shares in all.
    ///
    /// Budgets up to the trader's worst loss are shut off. Those from the
    /// next up to `bound − past.min_value` (and `extra_budgets` more) are
    /// handled explicitly, since they might scale below 1; every budget
    /// above them surely scales by 1, and their weights
    /// `Σ_{b ≥ end} 2^{−b} = 2^{1−end}` are summed in closed form.
    pub fn new(
        (knowledge, lang): World<'_>,
        budgeting: Budgeting,
        extra_budgets: u32,
        account: &Account,
        past: PastBooks,
        bound: f64,
        today: &[Sentence],
    ) -> Result<Self> {
        let (explicit, tail) = match budgeting {
            Budgeting::Off => (Vec::new(), 1.0),
            _ => {
                let first = (account.worst_loss.floor() as u64).saturating_add(1);
                let need = (bound * (1.0 + 1e-9) - past.min_value).ceil().max(0.0) as u64;
                let end = first.max(need).saturating_add(u64::from(extra_budgets));
                let explicit: Vec<u64> = (first..end.min(LAST_BUDGET)).collect();
                let tail = if end >= LAST_BUDGET {
                    0.0
                } else {
                    2.0 * two_to_minus(end)
                };
                (explicit, tail)
            }
        };
        let PastBooks {
            positions: past,
            min_value: past_min,
        } = past;
        let worlds = if budgeting == Budgeting::Off {
            Compiled::default()
        } else {
            let sentences: Vec<Sentence> = today
                .iter()
                .copied()
                .chain(past.iter().map(|&(s, _)| s))
                .collect();
            knowledge.compile(lang, budgeting.worlds(), &sentences)?
        };
        let held = std::iter::repeat_n(0.0, today.len())
            .chain(past.iter().map(|t| t.1))
            .collect();
        Ok(Self {
            budgeting,
            held,
            base: two_to_minus(u64::from(account.index)),
            explicit,
            tail,
            cash: account.cash,
            past_min,
            past,
            worlds,
            trades: today.len(),
        })
    }

    /// `λ_b` for today's trade `trades[i] = (φ, ξ, P)`, for any budget `b`
    /// above the trader's worst loss.
    pub fn scale(&self, budget: f64, trades: &[(Sentence, f64, f64)]) -> f64 {
        self.scale_given(budget, trades, max_loss(trades))
    }

    /// [`scale`](Self::scale) with today's largest possible loss given.
    fn scale_given(&self, budget: f64, trades: &[(Sentence, f64, f64)], max_loss: f64) -> f64 {
        if max_loss <= budget + self.past_min {
            return 1.0;
        }
        // Dinkelbach: R = sup_W −A(W)/B(W) with A(W) = Σ ξ (W(φ) − P) and
        // B(W) = b + cash + Σ h W(ψ) > 0.
        debug_assert_eq!(trades.len(), self.trades);
        let a0: f64 = -trades.iter().map(|&(_, x, p)| x * p).sum::<f64>();
        let b0 = budget + self.cash;
        let a: Vec<f64> = trades
            .iter()
            .map(|t| t.1)
            .chain(std::iter::repeat_n(0.0, self.past.len()))
            .collect();
        let b = &self.held;
        let (av, bv) = self.worlds.maximize(&a, b, (-1.0, 0.0));
        let mut ratio = -(a0 + av) / (b0 + bv);
        for _ in 0..200 {
            let (av, bv) = self.worlds.maximize(&a, b, (-1.0, -ratio));
            let next = -(a0 + av) / (b0 + bv);
            if next <= ratio * (1.0 + 4.0 * f64::EPSILON) {
                break;
            }
            ratio = next;
        }
        1.0 / ratio.max(1.0)
    }

    /// The trader's firm weight today: `2^{−k} (Σ_explicit 2^{−b} λ_b + tail)`.
    /// Budgets at least today's largest possible loss above the worst past
    /// value scale by 1, and so do all budgets above them: their sum is
    /// taken in closed form.
    pub fn weight(&self, trades: &[(Sentence, f64, f64)]) -> f64 {
        let loss = max_loss(trades);
        let mut sum = self.tail;
        for (i, &b) in self.explicit.iter().enumerate() {
            if loss <= b as f64 + self.past_min {
                let end = self.explicit[self.explicit.len() - 1] + 1;
                debug_assert_eq!(end - b, (self.explicit.len() - i) as u64);
                sum += 2.0 * (two_to_minus(b) - two_to_minus(end));
                break;
            }
            sum += two_to_minus(b) * self.scale_given(b as f64, trades, loss);
        }
        self.base * sum
    }
}

impl Plan {
    /// After today's trades executed (from `before_cash`), shuts off every
    /// budget the trader's new worst loss passed, freezing each copy as
    /// it stands (its scale today and the least plausible value of its
    /// holdings, at least `−b`: invariant I2).
    pub fn freeze_passed_budgets(
        &self,
        (knowledge, lang): World<'_>,
        account: &mut Account,
        before_cash: f64,
        executed: &[(Sentence, f64, f64)],
        day: u64,
    ) -> Result<()> {
        let loss = -account.range.0;
        if self.budgeting == Budgeting::Off || loss <= account.worst_loss {
            return Ok(());
        }
        let first = (account.worst_loss.floor() as u64).saturating_add(1);
        let last = loss.floor() as u64;
        for b in first..=last.min(LAST_BUDGET) {
            let scale = self.scale(b as f64, executed);
            // The copy: past holdings plus the scaled trade.
            let mut copy: BTreeMap<Sentence, f64> = self.past.iter().copied().collect();
            let mut cash = before_cash;
            for &(s, x, p) in executed {
                cash -= scale * x * p;
                *copy.entry(s).or_insert(0.0) += scale * x;
            }
            let copy: Vec<(Sentence, f64)> = copy.into_iter().collect();
            let worlds = self.budgeting.worlds();
            let copy_min = cash + knowledge.range_in(lang, worlds, &copy)?.0;
            debug_assert!(
                copy_min >= -(b as f64) - 1e-9,
                "I2: budget {b} copy at {copy_min}"
            );
            account.frozen.push(FrozenBudget {
                budget: u32::try_from(b).unwrap_or(u32::MAX),
                day,
                scale,
                min_value: copy_min,
            });
        }
        account.worst_loss = loss;
        Ok(())
    }
}

/// The most today's trade can lose in any world: `Σ ξ⁺·P + ξ⁻·(1 − P)`.
fn max_loss(trades: &[(Sentence, f64, f64)]) -> f64 {
    trades
        .iter()
        .map(|&(_, x, p)| if x > 0.0 { x * p } else { -x * (1.0 - p) })
        .sum()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// I5: one share bought at 0.2, then one at 0.9, of an undecided
    /// sentence, with b = 1.5. Valued at its own days' prices the worst
    /// case is −1.1, so the budgeter does not scale the second buy; valued
    /// at today's price it would be −1.8 and it would.
    #[test]
    fn past_trades_are_valued_at_their_own_prices() {
        let mut lang = Language::new();
        let phi = lang.atom("phi").unwrap();
        let known = Knowledge::new();
        let plan = |cash: f64| {
            let account = Account {
                index: 1,
                cash,
                ..Account::default()
            };
            let past = PastBooks {
                positions: vec![(phi, 1.0)],
                min_value: cash,
            };
            Plan::new(
                (&known, &lang),
                Budgeting::Plausible,
                0,
                &account,
                past,
                1.0,
                &[phi],
            )
            .unwrap()
        };
        let today = [(phi, 1.0, 0.9)];
        let right = plan(-0.2);
        assert_eq!(right.scale(1.5, &today), 1.0);
        let after = -0.2 - 0.9 + known.value_range(&lang, &[(phi, 2.0)]).unwrap().0;
        assert!((after + 1.1).abs() < 1e-12, "{after:?}");
        // The wrong bookkeeping: the first share re-valued at 0.9.
        let wrong = plan(-0.9);
        let scale = wrong.scale(1.5, &today);
        assert!((scale - 0.6 / 0.9).abs() < 1e-12, "{scale}");
    }

    /// The Dinkelbach infimum equals a brute force over the worlds of two
    /// linked sentences.
    #[test]
    fn budget_scale_matches_brute_force() {
        let mut lang = Language::new();
        let a = lang.atom("A").unwrap();
        let b = lang.atom("B").unwrap();
        let a_or_b = lang.or(a, b).unwrap();
        let mut known = Knowledge::new();
        known.add(&lang, a_or_b).unwrap();
        let account = Account {
            index: 1,
            cash: -0.3,
            ..Account::default()
        };
        let past = PastBooks {
            positions: vec![(a, -0.7), (b, 0.4)],
            min_value: -0.3 - 0.7,
        };
        let plan = Plan::new(
            (&known, &lang),
            Budgeting::Plausible,
            0,
            &account,
            past,
            3.5,
            &[a, b],
        )
        .unwrap();
        let today = [(a, 2.0, 0.6), (b, -1.5, 0.2)];
        let budget = 1.0;
        let mut worst: f64 = 0.0;
        for (wa, wb) in [(1.0, 0.0), (0.0, 1.0), (1.0, 1.0)] {
            let trade = 2.0 * (wa - 0.6) - 1.5 * (wb - 0.2);
            let past = -0.3 - 0.7 * wa + 0.4 * wb;
            worst = worst.max(-trade / (budget + past));
        }
        let expected = 1.0 / worst.max(1.0);
        let got = plan.scale(budget, &today);
        assert!((got - expected).abs() < 1e-12, "{got} vs {expected}");
    }
}

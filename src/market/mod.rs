//! Markets: the logical inductor of Garrabrant et al. (2016), and Kelly
//! markets of predictors.
//!
//! # The logical inductor
//!
//! A [`Market`] prices [`Sentence`]s of a propositional [`Language`] day by
//! day. [`Trader`]s place orders as continuous [`Feature`]s of today's
//! prices; a [`DeductiveProcess`] reveals sentences known true. Each day
//! runs the paper's algorithm LIA:
//!
//! 1. the deductive process adds the day's sentences to `D_n`, and shares
//!    of sentences that became decided settle into cash;
//! 2. every trader gives its strategy, and the **trading firm** combines
//!    them as `Σ_k Σ_b 2^{−k−b} Budgeter(b, T_k)` (the [`budget`](Budgeting)
//!    rules; trader `k` is the `k`-th added: the order is the prior);
//! 3. the [`MarketMaker`] finds prices at which the firm's best-case gain
//!    over all worlds is at most the day's [tolerance](Market::tolerance),
//!    `2^{−p}·max(1/(n(n+1)), 2^{−26})` for precision `p`.
//!
//! **The tolerance schedule, a documented departure.** The paper accepts
//! `2^{−n}` on day `n`; its proof needs only that the accepted gains sum to
//! a finite total. `2^{−n}` underflows `f64` after day 1,074, and no
//! summable schedule can be met in `f64` for ever: prices resolve only to
//! about `10^{−16}`, so a strategy with slope `s` in price cannot be
//! brought closer than about `s·10^{−16}` to balance: without a floor, the
//! market of KT and CTW(4) traders on the pseudo-random bits of
//! `examples/long_market.rs` (seed 1) found no price on day 117,030, best
//! gain 6.96326 × 10^{−17} against `2^{−20}/(n(n+1))` = 6.96309 × 10^{−17}.
//! The schedule follows `2^{−p}/(n(n+1))`, which sums
//! to `2^{−p}`, until it reaches the floor `2^{−p−26}` (day 8,192), a
//! gain `f64` resolves for slopes up to about 100 (`2^{−46}` ≈ 1.4 × 10^{−14}
//! at `p = 20`). The firm's total gain after `N` days is then below
//! `2^{−p}·(1 + N·2^{−26})`: below `2^{1−p}` for the first 67 million
//! days, far past any feasible run, which is the bound the paper's proof
//! uses (invariant I1 is checked against it).
//!
//! Every trade is valued at its own day's price; each [`Account`] keeps a
//! trader's cash and shares exactly, and its plausible value range.
//!
//! [`LogicalInductor`] is a market driven as a [`Predictor`]: each day it
//! prices "the next bit is 1" and reveals the bit once it comes. Any
//! predictor of this crate can trade in it through [`PredictorTrader`].
//!
//! ```
//! use inductive::market::{Daily, Market, Targets, TowardPrice};
//!
//! // "Coin n lands heads", revealed the day after it is priced; traders
//! // push toward 0.2 and 0.8. Heads come up 4 days in 5.
//! let coin = |n: u64| format!("heads_{n}");
//! let today = Targets::daily(move |day, lang| Ok(vec![lang.atom(&coin(day))?]));
//! let mut market = Market::new();
//! market.add_trader(TowardPrice::new(today.clone(), 0.2, 10.0)?);
//! market.add_trader(TowardPrice::new(today.clone(), 0.8, 10.0)?);
//! market.add_deduction(Daily::new(Targets::daily(move |day, lang| {
//!     let n = day.saturating_sub(1);
//!     if n == 0 { return Ok(vec![]) }
//!     let heads = lang.atom(&coin(n))?;
//!     Ok(vec![if n % 5 == 0 { lang.not(heads)? } else { heads }])
//! })));
//! for _ in 0..200 {
//!     market.step()?;
//! }
//! let heads = market.language_mut().atom("heads_200")?;
//! assert!(market.price(heads).unwrap() > 0.7); // the 0.2 trader went broke
//! # Ok::<(), inductive::Error>(())
//! ```
//!
//! The market learning that digit `n` of π is 7 with probability about
//! 1/10 before it sees the digit, where the same traders without the
//! budgeter stay near 0.88 (`cargo run --release --example pi_digits`,
//! which writes this picture as `target/plots/pi_digits.svg`):
//!
#![doc = concat!("<div style=\"overflow-x:auto\">\n", include_str!("../../docs/pi_digits.svg"), "\n</div>\n")]
//!
//! # Invariants I1–I6
//!
//! Facts that hold on every day of every run; `tests/market.rs` checks each
//! by name, and `Market::step` asserts I1 in debug builds.
//!
//! - **I1, the firm's cap**: the firm's total best-case gain `Σ_n sup_W
//!   W(F_n)` stays below [`Market::gain_bound`] (`2^{−p}·(1 + n·2^{−26})`
//!   after `n` days, the schedule above; the paper's cap is 1).
//! - **I2, the budget floor**: every budgeted copy keeps its plausible
//!   value `min_{W ∈ PC(D_n)} W` at or above `−b`.
//! - **I3, inexploitability**: with `b* = ⌊L_k⌋ + 1` (`L_k` trader `k`'s
//!   worst plausible loss so far), trader `k`'s plausible value stays at
//!   most `2^{k+b*}·(Σ_i 2^{−i} + 2)`.
//! - **I4, the market maker**: the strategy `1 − 3P(φ)` clears at price
//!   1/3, a constant buyer at 1, a constant seller at 0; +1 and −1 share on
//!   one sentence act as none; the closed-form exposure
//!   ([`worst_case_gain`]) equals a brute force over all `2^k` worlds.
//! - **I5, the budgeter**: buying one share at 0.2 and then one at 0.9 of
//!   an undecided sentence with `b = 1.5` does not shut the budget off
//!   (the worst plausible value is −1.1, not −1.8).
//! - **I6, the cut-off**: handling more budgets explicitly (those that
//!   scale by exactly 1) does not change the firm's result.
//!
//! # Kelly markets
//!
//! [`KellyMarket`]: predictors bet their wealth on each bit like Kelly
//! gamblers (Beygelzimer, Langford & Pennock, 2012); the market clears at
//! the wealth-weighted belief. With full Kelly betting the market *is* a
//! Bayesian mixture — wealth is posterior weight — which makes it the
//! reference point for market-style learners. The logical inductor is not
//! such a market.
//!
//! # The market maker: prices at which the combined trader cannot gain
//!
//! Given a strategy `F` (shares of each traded sentence as a continuous
//! function of the prices), the maker finds prices `P` such that the
//! strategy's best-case gain over **all** worlds is at most a tolerance.
//! Worlds are arbitrary, so the best case decomposes per sentence:
//!
//! `sup_W W(F(P)) = Σ_φ F_φ⁺·(1 − P_φ) + F_φ⁻·P_φ`,
//!
//! an O(#sentences) acceptance test ([`worst_case_gain`]). A zero of it is
//! a solution of the box complementarity problem `F_φ > 0 ⇒ P_φ = 1`,
//! `F_φ < 0 ⇒ P_φ = 0`, else `F_φ = 0`, which exists for every continuous
//! `F` (Brouwer). The solver:
//!
//! 1. tries `P = ½`, then each price at the end its excess demand points
//!    to (so a constant buyer gets exactly 1);
//! 2. bisects every price at once on its own excess demand — exact
//!    bisection in one dimension, and exact for strategies that are
//!    separable across sentences;
//! 3. otherwise runs a damped semismooth Newton method
//!    (Levenberg–Marquardt) on the natural residual
//!    `Φ(P) = P − clip(P + F(P))`, with a finite-difference Jacobian
//!    (strategies are arbitrary continuous functions), which copes with
//!    the singular Jacobians of pure arbitrage; it alternates with
//!    Gauss–Seidel sweeps (an exact bisection per price, the others held
//!    fixed), which cross the plateaus where a saturated strategy has no
//!    slope;
//! 4. otherwise falls back to the projected fixed-point iteration
//!    `P ← clip(P + τ·F(P))` with a small step;
//!
//! and returns the prices only if the acceptance test passes at them.
//! Otherwise it returns [`Error::NoPrice`] with the best gain it reached —
//! never an unchecked price.
//!
//! # Budgets: each trader's exact books, and the budgeter that scales its
//!
//! trades so no copy of it can lose more than its budget.
//!
//! For a budget `b`, the paper's `Budgeter(b, T)` trades as `T` does until
//! the day after some plausible world put `T`'s holdings at `−b` or below;
//! from then on it trades nothing. On each day before, it scales `T_n` by
//!
//! `λ_b = inf_{W ∈ PC(D_n)} 1 / max(1, −W(T_n) / (b + W(past holdings)))`,
//!
//! where past holdings are valued at the prices of the days they were
//! bought (a constant today), so `λ_b` is a function of today's prices
//! only. `λ_b < 1` only on the last day before the budget is shut off, so
//! each budgeted copy equals its trader until then, and its plausible value
//! never drops below `−b`.
//!
//! The trading firm weighs trader `k`'s copy with budget `b` by `2^{−k−b}`.
//! Budgets at or below the trader's worst plausible loss so far (`L_k`)
//! are shut off; budgets at least `L_k` plus the largest loss today's trade
//! could make (from the features' interval bounds) scale by exactly 1; only
//! the few in between need the infimum above, and the rest sum in closed
//! form: `Σ_{b ≥ b₀} 2^{−b} = 2^{1−b₀}`.
//!
//! The infimum is a ratio over worlds; it is found exactly by Dinkelbach's
//! method, each step a maximisation over consistent worlds that splits into
//! independent groups of atoms.
//!
//! # Sentences of a propositional language, and the worlds consistent with
//!
//! what is known.
//!
//! The market trades shares of [`Sentence`]s: formulas over atoms with
//! `¬ ∧ ∨ →`. Atoms are the bits of a sequence (`b0`, `b1`, …, "bit t is
//! 1") or named facts (`pi_7_12`, `A`). A [`Language`] hash-conses every
//! formula, so equal formulas are one handle and handles are `Copy`.
//!
//! A *world* assigns a truth value to every atom. [`Knowledge`] holds the
//! finite set `D` of sentences known true and answers questions about the
//! propositionally consistent worlds `PC(D)`: the range of a portfolio's
//! value over them, whether a sentence is decided. Atoms that occur
//! together in a known sentence or in the question form a group; groups are
//! independent, so each is enumerated on its own (at most 2^20 worlds per
//! group) and the answer is their sum — never a global 2^n enumeration.
//!
//! ```
//! use inductive::market::{Knowledge, Language};
//!
//! let mut lang = Language::new();
//! let a = lang.parse("A")?;
//! let b = lang.parse("B")?;
//! let one = lang.parse("(A | B) & !(A & B)")?; // exactly one of A, B
//! let mut known = Knowledge::new();
//! known.add(&lang, one)?;
//! // One share of A and one of B pay exactly 1 in every consistent world.
//! assert_eq!(known.value_range(&lang, &[(a, 1.0), (b, 1.0)])?, (1.0, 1.0));
//! known.add(&lang, a)?;
//! assert_eq!(known.decided(&lang, b)?, Some(false));
//! # Ok::<(), inductive::Error>(())
//! ```
//!
//! # Expressible features, traders, and the standard trader library
//!
//! A trader's strategy for a day says, for each sentence it trades, how
//! many shares to buy as a function of *today's* prices — prices the
//! market maker has not found yet. So strategies are not numbers but
//! [`Feature`]s: expressions over today's prices built from constants,
//! `+`, `×`, `max` and the safe reciprocal `1/max(1, x)` (with `−`, `min`,
//! `|x|`, division by a quantity bounded below and the continuous indicator
//! `Ind_δ` derived from them). Every feature is continuous in the prices,
//! which is what makes a fixed point of the market exist, and has a sound
//! interval bound over prices in `[0, 1]`, which is what lets the budgeter
//! skip the budgets that cannot bind. Past prices are plain numbers by the
//! time a trader sees them, so they fold into constants.
//!
//! Features of one day live in one [`Features`] arena, shared by every
//! trader and hash-consed: `price(φ)` is one node however many traders read
//! it.
//!
//! The [`Trader`] trait gives a day's strategy through a [`TradingDay`].
//! The library: [`TowardPrice`], [`Arbitrageur`], [`ConvergenceTrader`]
//! (§6.1 of the paper), [`NonDogmatist`] and [`PredictorTrader`], which
//! lets any [`Predictor`] of this crate trade in a market.
//!
//! # Deductive processes: what becomes known, and when
//!
//! A deductive process gives the nested sets `D_1 ⊆ D_2 ⊆ …` of sentences
//! known true by each day. The market asks every process, at the start of
//! day `n`, which sentences become known that day; it may look at the
//! prices of earlier days (a price-dependent process, as in the paper's
//! paradoxes). Sequence markets reveal bits as literals (`b_t` or `¬b_t`);
//! [`Market::reveal`] is the direct way.

mod budget;
mod deduction;
mod kelly;
mod maker;
mod sentence;
pub mod setups;
mod trader;

use std::collections::BTreeMap;

use rustc_hash::{FxHashMap, FxHashSet};

pub use budget::{Account, Budgeting, FrozenBudget};
pub use deduction::{Axioms, Daily, DeductiveProcess, Delayed, PriceDependent, RevealedBits};
pub use kelly::KellyMarket;
pub use maker::{Clearing, MarketMaker, worst_case_gain};
pub use sentence::{
    Atom, AtomName, Formula, Knowledge, Language, MAX_DEPTH, MAX_GROUP_ATOMS, MAX_NESTING,
    Sentence, SentenceDisplay, Worlds,
};
pub use trader::{
    Arbitrageur, ConvergenceTrader, Feature, Features, NonDogmatist, PredictorTrader, Targets,
    TowardPrice, Trader, TradingDay,
};

use budget::{LAST_BUDGET, Plan, two_to_minus};

use crate::error::{Error, Result};
use crate::predictor::Conditional;
use crate::predictor::{Hypothesis, Predictor, Status};

/// Prices of past days.
#[derive(Clone, Debug, Default)]
pub struct PriceHistory {
    /// Day `n` at index `n − 1`: (sentence, price), sorted by sentence.
    days: Vec<Vec<(Sentence, f64)>>,
    latest: FxHashMap<Sentence, (u64, f64)>,
}

impl PriceHistory {
    /// Number of days priced.
    #[must_use]
    pub fn days(&self) -> u64 {
        self.days.len() as u64
    }

    /// The prices of `day` (from 1), sorted by sentence.
    #[must_use]
    pub fn on(&self, day: u64) -> &[(Sentence, f64)] {
        day.checked_sub(1)
            .and_then(|d| self.days.get(usize::try_from(d).ok()?))
            .map_or(&[], Vec::as_slice)
    }

    /// The price of `sentence` on `day`, if it was traded that day.
    #[must_use]
    pub fn price(&self, day: u64, sentence: Sentence) -> Option<f64> {
        let prices = self.on(day);
        prices
            .binary_search_by_key(&sentence, |&(s, _)| s)
            .ok()
            .map(|i| prices[i].1)
    }

    /// The last day `sentence` was traded, and its price then.
    #[must_use]
    pub fn latest(&self, sentence: Sentence) -> Option<(u64, f64)> {
        self.latest.get(&sentence).copied()
    }

    fn push(&mut self, prices: Vec<(Sentence, f64)>) {
        let day = self.days() + 1;
        for &(s, p) in &prices {
            self.latest.insert(s, (day, p));
        }
        self.days.push(prices);
    }
}

/// Settings of a [`Market`].
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct MarketConfig {
    /// The firm's total best-case gain over all days stays below
    /// `2^{−precision}` (day `n` accepts `2^{−precision}/(n(n+1))`, down to
    /// a floor; see [`Market::tolerance`]).
    /// From 1 to 40; default 20.
    pub precision: u32,
    /// The budgeter (default: the paper's).
    pub budgeting: Budgeting,
    /// Budgets handled explicitly beyond those that can bind (they scale
    /// by exactly 1, so raising this changes nothing: invariant I6).
    pub extra_budgets: u32,
}

impl Default for MarketConfig {
    fn default() -> Self {
        Self {
            precision: 20,
            budgeting: Budgeting::Plausible,
            extra_budgets: 0,
        }
    }
}

/// The tolerance floor's exponent below `2^{−precision}` (see
/// [`Market::tolerance`]).
const TOLERANCE_FLOOR_BITS: u64 = 26;

#[derive(Clone, Debug)]
struct Seat {
    trader: Box<dyn Trader>,
    account: Account,
}

/// A logical-induction market (see the [module docs](self)).
#[derive(Clone, Debug)]
pub struct Market {
    language: Language,
    knowledge: Knowledge,
    deductions: Vec<Box<dyn DeductiveProcess>>,
    pending: Vec<Sentence>,
    seats: Vec<Seat>,
    history: PriceHistory,
    today: FxHashMap<Sentence, f64>,
    always_priced: Vec<Sentence>,
    next_bit: u64,
    /// Bits the sequence holds without pricing them (an agent's actions):
    /// `(t, bit)` came just before sequence bit `t`.
    held: Vec<(u64, bool)>,
    day: u64,
    config: MarketConfig,
    firm_gain: f64,
    evaluations: u64,
    features: Features,
}

impl Default for Market {
    fn default() -> Self {
        Self::new()
    }
}

impl Market {
    /// A market with the default settings, no traders and nothing known.
    #[must_use]
    pub fn new() -> Self {
        Self {
            language: Language::new(),
            knowledge: Knowledge::new(),
            deductions: Vec::new(),
            pending: Vec::new(),
            seats: Vec::new(),
            history: PriceHistory::default(),
            today: FxHashMap::default(),
            always_priced: Vec::new(),
            next_bit: 0,
            held: Vec::new(),
            day: 0,
            config: MarketConfig::default(),
            firm_gain: 0.0,
            evaluations: 0,
            features: Features::new(),
        }
    }

    /// A market with `config`.
    pub fn with_config(config: MarketConfig) -> Result<Self> {
        if !(1..=40).contains(&config.precision) {
            return Err(Error::InvalidSize {
                what: "market precision",
                expected: "from 1 to 40",
                value: config.precision as usize,
            });
        }
        Ok(Self {
            config,
            ..Self::new()
        })
    }

    /// The settings.
    #[must_use]
    pub fn config(&self) -> MarketConfig {
        self.config
    }

    /// The market's language.
    #[must_use]
    pub fn language(&self) -> &Language {
        &self.language
    }

    /// The market's language, to name sentences.
    pub fn language_mut(&mut self) -> &mut Language {
        &mut self.language
    }

    /// What is known (`D_n`).
    #[must_use]
    pub fn knowledge(&self) -> &Knowledge {
        &self.knowledge
    }

    /// Prices of the days so far.
    #[must_use]
    pub fn history(&self) -> &PriceHistory {
        &self.history
    }

    /// The last day priced (0 before the first).
    #[must_use]
    pub fn day(&self) -> u64 {
        self.day
    }

    /// Adds a trader at the end of the enumeration; it trades from the next
    /// day. Returns its index `k` (from 1). Its firm weight is at most
    /// `2^{−k}`, which is 0 in `f64` beyond `k = 1074`: such traders are
    /// kept and booked but cannot move prices.
    pub fn add_trader(&mut self, trader: impl Trader + 'static) -> u32 {
        self.add_boxed_trader(Box::new(trader))
    }

    /// [`add_trader`](Self::add_trader) for a boxed trader.
    pub fn add_boxed_trader(&mut self, trader: Box<dyn Trader>) -> u32 {
        let index = u32::try_from(self.seats.len() + 1).unwrap_or(u32::MAX);
        self.seats.push(Seat {
            trader,
            account: Account {
                index,
                entered: self.day + 1,
                ..Account::default()
            },
        });
        index
    }

    /// Adds a deductive process; it reveals from the next day.
    pub fn add_deduction(&mut self, process: impl DeductiveProcess + 'static) {
        self.deductions.push(Box::new(process));
    }

    /// Makes `sentence` known true from the next day.
    pub fn reveal(&mut self, sentence: Sentence) -> Result<()> {
        if !self.language.contains(sentence) {
            return Err(Error::UnknownSentence {
                index: sentence.index(),
            });
        }
        self.pending.push(sentence);
        Ok(())
    }

    /// Prices `sentence` every day from the next, even when no trader
    /// trades it (its price is then ½: any price passes).
    pub fn always_price(&mut self, sentence: Sentence) -> Result<()> {
        if !self.language.contains(sentence) {
            return Err(Error::UnknownSentence {
                index: sentence.index(),
            });
        }
        if !self.always_priced.contains(&sentence) {
            self.always_priced.push(sentence);
        }
        Ok(())
    }

    /// Stops pricing a sentence given to [`always_price`](Self::always_price).
    pub fn stop_pricing(&mut self, sentence: Sentence) {
        self.always_priced.retain(|&s| s != sentence);
    }

    /// Today's price of `sentence`, or `None` if it was not traded today
    /// (the paper gives untraded sentences price 0).
    #[must_use]
    pub fn price(&self, sentence: Sentence) -> Option<f64> {
        self.today.get(&sentence).copied()
    }

    /// The traders with their accounts, in enumeration order.
    pub fn traders(&self) -> impl Iterator<Item = (&dyn Trader, &Account)> {
        self.seats
            .iter()
            .map(|s| (&*s.trader as &dyn Trader, &s.account))
    }

    /// The firm's total best-case gain over all days so far,
    /// `Σ_n sup_W W(F_n)` (below `2^{−precision}`: invariant I1).
    #[must_use]
    pub fn firm_gain(&self) -> f64 {
        self.firm_gain
    }

    /// How many times the market maker evaluated the firm's strategy, over
    /// all days.
    #[must_use]
    pub fn evaluations(&self) -> u64 {
        self.evaluations
    }

    /// The acceptance threshold of `day`:
    /// `2^{−precision}·max(1/(day(day+1)), 2^{−26})` (see the
    /// [module docs](self) for why the floor).
    #[must_use]
    pub fn tolerance(&self, day: u64) -> f64 {
        let d = day as f64;
        two_to_minus(u64::from(self.config.precision))
            * (1.0 / (d * (d + 1.0))).max(two_to_minus(TOLERANCE_FLOOR_BITS))
    }

    /// The bound invariant I1 keeps after `day` days: the firm's total
    /// best-case gain stays below `2^{−precision}·(1 + day·2^{−26})`.
    #[must_use]
    pub fn gain_bound(&self, day: u64) -> f64 {
        two_to_minus(u64::from(self.config.precision))
            * (1.0 + day as f64 * two_to_minus(TOLERANCE_FLOOR_BITS))
    }

    /// The index of the first sequence bit not yet revealed.
    #[must_use]
    pub fn next_bit(&self) -> u64 {
        self.next_bit
    }

    /// Appends a bit the sequence holds but the market does not price (an
    /// agent's own action): it comes just before sequence bit
    /// [`next_bit`](Self::next_bit). Traders read it through
    /// [`TradingDay::held_bits`] from the next day on; it settles nothing.
    pub fn hold_bit(&mut self, bit: bool) {
        self.held.push((self.next_bit, bit));
    }

    /// Every held bit so far, in order, each with the index of the
    /// sequence bit it came before.
    #[must_use]
    pub fn held_bits(&self) -> &[(u64, bool)] {
        &self.held
    }

    /// Runs one day: reveals, settles, collects strategies, prices.
    ///
    /// A day is all or nothing. On an error nothing of it is kept: the
    /// sentences waiting to be revealed still wait (see
    /// [`pending`](Self::pending) and [`withdraw`](Self::withdraw)), the
    /// deductive processes are as they were, nothing became known, no
    /// account moved and the day is not counted, so a step can be retried
    /// once the cause is fixed. Two things are not rolled back: sentences
    /// the day interned stay in the [language](Self::language) (they carry
    /// no knowledge and no price), and a trader's own state, which
    /// [`Trader::trade`] may have changed (keep per-day bookkeeping in
    /// [`Trader::executed`], which runs only on a day that succeeds).
    pub fn step(&mut self) -> Result<()> {
        if self.seats.is_empty() {
            return Err(Error::NoTraders);
        }
        let deductions = self.deductions.clone();
        let pending = self.pending.clone();
        let accounts: Vec<Account> = self.seats.iter().map(|s| s.account.clone()).collect();
        let next_bit = self.next_bit;
        self.knowledge.begin();
        match self.run_day() {
            Ok(()) => {
                self.knowledge.commit();
                Ok(())
            }
            Err(error) => {
                self.knowledge.rollback();
                self.deductions = deductions;
                self.pending = pending;
                for (seat, account) in self.seats.iter_mut().zip(accounts) {
                    seat.account = account;
                }
                self.next_bit = next_bit;
                Err(error)
            }
        }
    }

    /// Sentences revealed with [`reveal`](Self::reveal) that the next day
    /// will make known.
    #[must_use]
    pub fn pending(&self) -> &[Sentence] {
        &self.pending
    }

    /// Takes back a pending reveal (every copy of it); returns whether it
    /// was pending. After a day failed on a contradiction, this is how to
    /// fix it and step again.
    pub fn withdraw(&mut self, sentence: Sentence) -> bool {
        let before = self.pending.len();
        self.pending.retain(|&s| s != sentence);
        self.pending.len() != before
    }

    /// The day itself; [`step`](Self::step) undoes it on an error.
    fn run_day(&mut self) -> Result<()> {
        let day = self.day + 1;
        let worlds = self.config.budgeting.worlds();
        // 1. Deduction.
        let mut revealed = std::mem::take(&mut self.pending);
        for process in &mut self.deductions {
            revealed.extend(process.reveal(day, &mut self.language, &self.history)?);
        }
        for &s in &revealed {
            self.knowledge.add(&self.language, s)?;
        }
        // Groups of atoms that learned something today.
        let touched: FxHashSet<u32> = revealed
            .iter()
            .flat_map(|&s| {
                self.language
                    .atoms(s)
                    .iter()
                    .map(|&a| self.knowledge.find(a))
            })
            .collect();
        while let Some(atom) = self.language.find_bit(self.next_bit) {
            if self.knowledge.fixed(atom).is_none() {
                break;
            }
            self.next_bit += 1;
        }
        // 2. Settle decided positions (never, if the budgeter ignores what
        // is known), and value the books.
        let mut plans = Vec::with_capacity(self.seats.len());
        for seat in &mut self.seats {
            let account = &mut seat.account;
            if worlds == Worlds::Plausible && !touched.is_empty() {
                let mut settled = Vec::new();
                for (&s, &h) in &account.positions {
                    if self
                        .language
                        .atoms(s)
                        .iter()
                        .any(|&a| touched.contains(&self.knowledge.find(a)))
                        && let Some(truth) = self.knowledge.decided(&self.language, s)?
                    {
                        settled.push((s, if truth { h } else { 0.0 }));
                    }
                }
                for (s, payout) in settled {
                    account.positions.remove(&s);
                    account.cash += payout;
                }
            }
            let past = account.position_terms();
            let past_min = account.cash + self.knowledge.range_in(&self.language, worlds, &past)?.0;
            plans.push((past, past_min));
        }
        // 3. Strategies.
        self.features.clear();
        let mut orders: Vec<Vec<(Sentence, Feature)>> = Vec::with_capacity(self.seats.len());
        for seat in &mut self.seats {
            let mut ctx = TradingDay {
                day,
                language: &mut self.language,
                knowledge: &self.knowledge,
                history: &self.history,
                features: &mut self.features,
                orders: Vec::new(),
                next_bit: self.next_bit,
                held: &self.held,
            };
            seat.trader.trade(&mut ctx)?;
            let mut placed = ctx.orders;
            placed.sort_by_key(|&(s, _)| s);
            let mut merged: Vec<(Sentence, Feature)> = Vec::with_capacity(placed.len());
            for (s, f) in placed {
                if !self.language.contains(s) {
                    return Err(Error::UnknownSentence { index: s.index() });
                }
                match merged.last_mut() {
                    Some((last, g)) if *last == s => *g = self.features.add(*g, f),
                    _ => merged.push((s, f)),
                }
            }
            orders.push(merged);
        }
        let mut support: Vec<Sentence> = orders.iter().flatten().map(|&(s, _)| s).collect();
        support.extend_from_slice(&self.always_priced);
        support.sort_unstable();
        support.dedup();
        let slot_of: FxHashMap<Sentence, usize> =
            support.iter().enumerate().map(|(i, &s)| (s, i)).collect();
        // Each order with its sentence's place in the support.
        let orders: Vec<Vec<(Sentence, Feature, usize)>> = orders
            .into_iter()
            .map(|placed| {
                placed
                    .into_iter()
                    .map(|(s, f)| (s, f, slot_of[&s]))
                    .collect()
            })
            .collect();
        let price_slots: Vec<Option<usize>> = self
            .features
            .priced_sentences()
            .iter()
            .map(|s| slot_of.get(s).copied())
            .collect();
        // 4. Budgets.
        let mut budgets = Vec::with_capacity(self.seats.len());
        for ((seat, (past, past_min)), placed) in self.seats.iter().zip(plans).zip(&orders) {
            let account = &seat.account;
            let mut bound = 0.0;
            for &(_, f, _) in placed {
                let (lo, hi) = self.features.bounds(f);
                if !(lo.is_finite() && hi.is_finite()) {
                    return Err(Error::NonFinite {
                        what: format!(
                            "bound on the shares of trader {} ({})",
                            account.index,
                            seat.trader.describe(&self.language)
                        ),
                        value: if lo.is_finite() { hi } else { lo },
                    });
                }
                bound += lo.abs().max(hi.abs());
            }
            let base = two_to_minus(u64::from(account.index));
            let today: Vec<Sentence> = placed.iter().map(|&(s, _, _)| s).collect();
            let (explicit, tail) = match self.config.budgeting {
                Budgeting::Off => (Vec::new(), 1.0),
                _ => {
                    let first = (account.worst_loss.floor() as u64).saturating_add(1);
                    let need = (bound * (1.0 + 1e-9) - past_min).ceil().max(0.0) as u64;
                    let end = first
                        .max(need)
                        .saturating_add(u64::from(self.config.extra_budgets));
                    let explicit: Vec<u64> = (first..end.min(LAST_BUDGET)).collect();
                    let tail = if end >= LAST_BUDGET {
                        0.0
                    } else {
                        2.0 * two_to_minus(end)
                    };
                    (explicit, tail)
                }
            };
            let plan = Plan::new(
                &self.knowledge,
                &self.language,
                self.config.budgeting,
                base,
                explicit,
                tail,
                account.cash,
                past_min,
                past,
                &today,
            )?;
            budgets.push(plan);
        }
        // 5. Market maker.
        let maker = MarketMaker::new(self.tolerance(day))?;
        let features = &self.features;
        let mut price_values = vec![0.0; price_slots.len()];
        let mut values = Vec::new();
        let mut trades: Vec<(Sentence, f64, f64)> = Vec::new();
        let clearing = maker.clear(support.len(), |prices, shares| {
            fill_prices(&price_slots, prices, &mut price_values);
            features.evaluate(&price_values, &mut values);
            for (plan, placed) in budgets.iter().zip(&orders) {
                trades.clear();
                trades.extend(
                    placed
                        .iter()
                        .map(|&(s, f, i)| (s, values[f.index()], prices[i])),
                );
                let weight = plan.weight(&trades);
                if weight != 0.0 {
                    for (&(_, _, i), &(_, x, _)) in placed.iter().zip(&trades) {
                        shares[i] += weight * x;
                    }
                }
            }
            Ok(())
        });
        let clearing = clearing.map_err(|e| match e {
            Error::NoPrice {
                exposure,
                tolerance,
                ..
            } => Error::NoPrice {
                day,
                exposure,
                tolerance,
            },
            other => other,
        })?;
        let prices = clearing.prices;
        // 6. Books.
        fill_prices(&price_slots, &prices, &mut price_values);
        self.features.evaluate(&price_values, &mut values);
        let mut fills: Vec<Vec<(Sentence, f64)>> = Vec::with_capacity(self.seats.len());
        for ((seat, plan), placed) in self.seats.iter_mut().zip(&budgets).zip(&orders) {
            let executed: Vec<(Sentence, f64, f64)> = placed
                .iter()
                .map(|&(s, f, i)| (s, values[f.index()], prices[i]))
                .collect();
            let account = &mut seat.account;
            account.firm_weight = plan.weight(&executed);
            let before_cash = account.cash;
            for &(s, x, p) in &executed {
                account.cash -= x * p;
                if x != 0.0 {
                    *account.positions.entry(s).or_insert(0.0) += x;
                }
            }
            account.positions.retain(|_, h| *h != 0.0);
            let terms = account.position_terms();
            let (low, high) = self.knowledge.range_in(&self.language, worlds, &terms)?;
            let (min, max) = (account.cash + low, account.cash + high);
            account.range = (min, max);
            if self.config.budgeting != Budgeting::Off && -min > account.worst_loss {
                let first = (account.worst_loss.floor() as u64).saturating_add(1);
                let last = (-min).floor() as u64;
                for b in first..=last.min(LAST_BUDGET) {
                    let scale = plan.scale(b as f64, &executed);
                    // The copy: past holdings plus the scaled trade.
                    let mut copy: BTreeMap<Sentence, f64> = plan.past.iter().copied().collect();
                    let mut cash = before_cash;
                    for &(s, x, p) in &executed {
                        cash -= scale * x * p;
                        *copy.entry(s).or_insert(0.0) += scale * x;
                    }
                    let copy: Vec<(Sentence, f64)> = copy.into_iter().collect();
                    let copy_min = cash + self.knowledge.range_in(&self.language, worlds, &copy)?.0;
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
                account.worst_loss = -min;
            }
            fills.push(executed.iter().map(|&(s, x, _)| (s, x)).collect());
        }
        // Every fallible step is done: traders learn what they traded.
        for (seat, trades) in self.seats.iter_mut().zip(&fills) {
            seat.trader.executed(day, trades);
        }
        self.firm_gain += clearing.gain;
        debug_assert!(self.firm_gain < self.gain_bound(day), "I1");
        self.evaluations += clearing.evaluations as u64;
        let priced: Vec<(Sentence, f64)> = support
            .iter()
            .copied()
            .zip(prices.iter().copied())
            .collect();
        self.today = priced.iter().copied().collect();
        self.history.push(priced);
        self.day = day;
        Ok(())
    }

    /// A trader's wealth at today's prices: cash plus each open share at
    /// its sentence's latest price.
    #[must_use]
    pub fn wealth(&self, account: &Account) -> f64 {
        account.cash
            + account
                .positions
                .iter()
                .map(|(&s, &h)| h * self.history.latest(s).map_or(0.0, |(_, p)| p))
                .sum::<f64>()
    }
}

/// The price each feature price slot reads: its sentence's support price,
/// or 0 for a sentence nobody trades today.
fn fill_prices(slots: &[Option<usize>], prices: &[f64], out: &mut [f64]) {
    for (v, slot) in out.iter_mut().zip(slots) {
        *v = slot.map_or(0.0, |i| prices[i]);
    }
}

impl Market {
    /// Traders by their share of today's firm weight, heaviest first (at
    /// most `n`); each description gives the trader's strategy, wealth and
    /// largest holdings.
    #[must_use]
    pub fn explain(&self, n: usize) -> Vec<Hypothesis> {
        let total: f64 = self.seats.iter().map(|s| s.account.firm_weight).sum();
        let mut rows: Vec<Hypothesis> = self
            .seats
            .iter()
            .map(|seat| {
                let a = &seat.account;
                let mut holdings: Vec<(Sentence, f64)> =
                    a.positions.iter().map(|(&s, &h)| (s, h)).collect();
                holdings.sort_by(|x, y| y.1.abs().total_cmp(&x.1.abs()));
                let shown: Vec<String> = holdings
                    .iter()
                    .take(3)
                    .map(|&(s, h)| format!("{h:+.3} {}", self.language.display(s)))
                    .collect();
                let description = format!(
                    "#{} {} | wealth {:+.4} | worst loss {:.3} | holds [{}]",
                    a.index,
                    seat.trader.describe(&self.language),
                    self.wealth(a),
                    a.worst_loss,
                    shown.join(", ")
                );
                let share = if total > 0.0 {
                    a.firm_weight / total
                } else {
                    0.0
                };
                Hypothesis::leaf(description, share)
            })
            .collect();
        rows.sort_by(|x, y| y.weight.total_cmp(&x.weight));
        rows.truncate(n);
        rows
    }
}

/// A logical inductor as a sequence [`Predictor`]: its prediction is the
/// market price of "the next bit is 1".
///
/// Bits are atoms `b0, b1, …`. Day `t + 1` prices `b_t` (the inductor
/// prices it even if no trader does: then at ½); `update(bit)` reveals the
/// literal and runs the next day. Traders may trade any other sentences
/// too. If the market maker ever fails (a discontinuous trader), the
/// inductor stops, predicts ½ and reports the error through
/// [`failure`](Self::failure) and [`status`](Predictor::status), like an
/// exhausted mixture.
///
/// **A code length can be infinite.** A price may be exactly 0 or 1 (a
/// trader that buys at any price drives it to 1), and then the other bit
/// costs infinitely many bits. Wrap the inductor in
/// [`Clamp`](crate::adapters::Clamp) where finite code lengths matter.
#[derive(Clone, Debug)]
pub struct LogicalInductor {
    market: Market,
    prediction: f64,
    failure: Option<Error>,
}

impl LogicalInductor {
    /// An inductor over `traders` (at least one), in enumeration order.
    pub fn new(traders: Vec<Box<dyn Trader>>) -> Result<Self> {
        Self::with_market(traders, Market::new())
    }

    /// An inductor over `traders` with the market settings `config`.
    pub fn with_config(traders: Vec<Box<dyn Trader>>, config: MarketConfig) -> Result<Self> {
        Self::with_market(traders, Market::with_config(config)?)
    }

    /// Every predictor as a [`PredictorTrader`] with slope `steepness`, in
    /// order.
    pub fn from_predictors<P>(predictors: Vec<P>, steepness: f64) -> Result<Self>
    where
        P: Predictor + Clone + std::fmt::Debug + Send + 'static,
    {
        Self::trading(predictors, |p| PredictorTrader::new(p, steepness))
    }

    /// Every [`Conditional`] predictor as a [`PredictorTrader::conditional`]
    /// with slope `steepness`, in order: an inductor that can be an agent's
    /// world model, whose traders read the agent's actions.
    pub fn from_conditional_predictors<P>(predictors: Vec<P>, steepness: f64) -> Result<Self>
    where
        P: Conditional + Clone + std::fmt::Debug + Send + 'static,
    {
        Self::trading(predictors, |p| PredictorTrader::conditional(p, steepness))
    }

    /// An inductor over `trader(p)` for each predictor, in order.
    fn trading<P>(
        predictors: Vec<P>,
        trader: impl Fn(P) -> Result<PredictorTrader<P>>,
    ) -> Result<Self>
    where
        P: Predictor + Clone + std::fmt::Debug + Send + 'static,
    {
        let traders = predictors
            .into_iter()
            .map(|p| Ok(Box::new(trader(p)?) as Box<dyn Trader>))
            .collect::<Result<Vec<_>>>()?;
        Self::new(traders)
    }

    fn with_market(traders: Vec<Box<dyn Trader>>, mut market: Market) -> Result<Self> {
        if traders.is_empty() {
            return Err(Error::NoTraders);
        }
        for t in traders {
            market.add_boxed_trader(t);
        }
        let b0 = market.language_mut().bit(0);
        market.always_price(b0)?;
        market.step()?;
        let prediction = market.price(b0).unwrap_or(0.5);
        Ok(Self {
            market,
            prediction,
            failure: None,
        })
    }

    /// The market behind the predictions.
    #[must_use]
    pub fn market(&self) -> &Market {
        &self.market
    }

    /// The market maker's error, if the inductor stopped.
    #[must_use]
    pub fn failure(&self) -> Option<&Error> {
        self.failure.as_ref()
    }

    fn advance(&mut self, bit: bool) -> Result<f64> {
        let t = self.market.next_bit();
        let current = self.market.language_mut().bit(t);
        let literal = self.market.language_mut().bit_is(t, bit);
        self.market.reveal(literal)?;
        self.market.stop_pricing(current);
        let next = self.market.language_mut().bit(t + 1);
        self.market.always_price(next)?;
        self.market.step()?;
        Ok(self.market.price(next).unwrap_or(0.5))
    }
}

/// A held bit: the market keeps it in the sequence without pricing it,
/// and runs a day so that the price of the next bit reflects it (traders
/// made with [`PredictorTrader::conditional`] read it; others do not).
/// Planning restores an inductor from a clone, whose cost grows with the
/// market's history.
impl Conditional for LogicalInductor {
    fn condition(&mut self, bit: bool) {
        if self.failure.is_some() {
            return;
        }
        self.market.hold_bit(bit);
        let next = self.market.next_bit();
        let next = self.market.language_mut().bit(next);
        match self.market.step() {
            Ok(()) => self.prediction = self.market.price(next).unwrap_or(0.5),
            Err(e) => {
                self.failure = Some(e);
                self.prediction = 0.5;
            }
        }
    }
}

impl Predictor for LogicalInductor {
    fn predict(&self) -> f64 {
        self.prediction
    }

    fn update(&mut self, bit: bool) {
        if self.failure.is_some() {
            return;
        }
        match self.advance(bit) {
            Ok(p) => self.prediction = p,
            Err(e) => {
                self.failure = Some(e);
                self.prediction = 0.5;
            }
        }
    }

    /// `Failed` with the market's error once a day could not be priced.
    fn status(&self) -> Status {
        self.failure.clone().map_or(Status::Healthy, Status::Failed)
    }

    fn explain(&self, n: usize) -> Vec<Hypothesis> {
        self.market.explain(n)
    }
}

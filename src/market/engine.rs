//! The market: its seats, its day and the six phases of LIA that run it.

use rustc_hash::{FxHashMap, FxHashSet};

use super::budget::{Account, PastBooks, Plan, two_to_minus};
use super::config::MarketConfig;
use super::deduction::DeductiveProcess;
use super::features::{Feature, Features};
use super::history::PriceHistory;
use super::knowledge::{Knowledge, Worlds};
use super::language::{Language, Sentence};
use super::maker::{Clearing, MarketMaker};
use super::trader::{Trader, TradingDay};
use crate::error::{Error, Result};

/// The tolerance floor's exponent below `2^{−precision}` (see
/// [`Market::tolerance`]).
const TOLERANCE_FLOOR_BITS: u64 = 26;

#[derive(Clone, Debug)]
struct Seat {
    trader: Box<dyn Trader>,
    account: Account,
}

/// A logical-induction market (see the [module docs](crate::market)).
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
    /// [module docs](crate::market) for why the floor).
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

    /// The day itself, LIA's phases in order; [`step`](Self::step) undoes
    /// it on an error.
    fn run_day(&mut self) -> Result<()> {
        let day = self.day + 1;
        let touched = self.deduce(day)?;
        let past = self.settle(&touched)?;
        let book = self.collect_orders(day)?;
        let plans = self.plan_budgets(past, &book)?;
        let clearing = self.clear(day, &book, &plans)?;
        self.record(day, &book, &plans, clearing)
    }

    /// Phase 1, deduction: the day's sentences join `D_n`. Returns the
    /// groups of atoms that learned something, and moves
    /// [`next_bit`](Self::next_bit) past the bits now known.
    fn deduce(&mut self, day: u64) -> Result<FxHashSet<u32>> {
        let mut revealed = std::mem::take(&mut self.pending);
        for process in &mut self.deductions {
            revealed.extend(process.reveal(day, &mut self.language, &self.history)?);
        }
        for &s in &revealed {
            self.knowledge.add(&self.language, s)?;
        }
        let touched = revealed
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
        Ok(touched)
    }

    /// Phase 2, settlement: positions in sentences now decided pay out
    /// (never, if the budgeter ignores what is known), and each trader's
    /// books before today are valued.
    fn settle(&mut self, touched: &FxHashSet<u32>) -> Result<Vec<PastBooks>> {
        let worlds = self.config.budgeting.worlds();
        let mut past = Vec::with_capacity(self.seats.len());
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
            let positions = account.position_terms();
            let (low, _) = self
                .knowledge
                .range_in(&self.language, worlds, &positions)?;
            past.push(PastBooks {
                positions,
                min_value: account.cash + low,
            });
        }
        Ok(past)
    }

    /// Phase 3, strategies: every trader's orders, merged by sentence, and
    /// the support (every sentence priced today).
    fn collect_orders(&mut self, day: u64) -> Result<OrderBook> {
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
        let orders = orders
            .into_iter()
            .map(|placed| {
                placed
                    .into_iter()
                    .map(|(s, f)| (s, f, slot_of[&s]))
                    .collect()
            })
            .collect();
        let price_slots = self
            .features
            .priced_sentences()
            .iter()
            .map(|s| slot_of.get(s).copied())
            .collect();
        Ok(OrderBook {
            orders,
            support,
            price_slots,
        })
    }

    /// Phase 4, budgets: each trader's plan for the budgets that can bind
    /// today (see [`Plan::new`]).
    fn plan_budgets(&self, past: Vec<PastBooks>, book: &OrderBook) -> Result<Vec<Plan>> {
        let mut plans = Vec::with_capacity(self.seats.len());
        for ((seat, past), placed) in self.seats.iter().zip(past).zip(&book.orders) {
            let mut bound = 0.0;
            for &(_, f, _) in placed {
                let (lo, hi) = self.features.bounds(f);
                if !(lo.is_finite() && hi.is_finite()) {
                    return Err(Error::NonFinite {
                        what: format!(
                            "bound on the shares of trader {} ({})",
                            seat.account.index,
                            seat.trader.describe(&self.language)
                        ),
                        value: if lo.is_finite() { hi } else { lo },
                    });
                }
                bound += lo.abs().max(hi.abs());
            }
            let today: Vec<Sentence> = placed.iter().map(|&(s, _, _)| s).collect();
            plans.push(Plan::new(
                (&self.knowledge, &self.language),
                self.config.budgeting,
                self.config.extra_budgets,
                &seat.account,
                past,
                bound,
                &today,
            )?);
        }
        Ok(plans)
    }

    /// Phase 5, the market maker: prices at which the firm, every trader
    /// weighed by its plan, gains at most the day's tolerance.
    fn clear(&self, day: u64, book: &OrderBook, plans: &[Plan]) -> Result<Clearing> {
        let maker = MarketMaker::new(self.tolerance(day))?;
        let features = &self.features;
        let mut price_values = vec![0.0; book.price_slots.len()];
        let mut values = Vec::new();
        let mut trades: Vec<(Sentence, f64, f64)> = Vec::new();
        let clearing = maker.clear(book.support.len(), |prices, shares| {
            fill_prices(&book.price_slots, prices, &mut price_values);
            features.evaluate(&price_values, &mut values);
            for (plan, placed) in plans.iter().zip(&book.orders) {
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
        clearing.map_err(|e| match e {
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
        })
    }

    /// Phase 6, the books: every trade executes at today's prices, budgets
    /// the trader's new worst loss passed are frozen, traders learn what
    /// they traded, and the prices join the history. What cannot fail
    /// comes after what can, so a failed day changes nothing that
    /// [`step`](Self::step) does not restore.
    fn record(
        &mut self,
        day: u64,
        book: &OrderBook,
        plans: &[Plan],
        clearing: Clearing,
    ) -> Result<()> {
        let prices = clearing.prices;
        let worlds = self.config.budgeting.worlds();
        let mut price_values = vec![0.0; book.price_slots.len()];
        let mut values = Vec::new();
        fill_prices(&book.price_slots, &prices, &mut price_values);
        self.features.evaluate(&price_values, &mut values);
        let mut fills: Vec<Vec<(Sentence, f64)>> = Vec::with_capacity(self.seats.len());
        for ((seat, plan), placed) in self.seats.iter_mut().zip(plans).zip(&book.orders) {
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
            account.range = (account.cash + low, account.cash + high);
            plan.freeze_passed_budgets(
                (&self.knowledge, &self.language),
                account,
                before_cash,
                &executed,
                day,
            )?;
            fills.push(executed.iter().map(|&(s, x, _)| (s, x)).collect());
        }
        // Every fallible step is done: traders learn what they traded.
        for (seat, trades) in self.seats.iter_mut().zip(&fills) {
            seat.trader.executed(day, trades);
        }
        self.firm_gain += clearing.gain;
        debug_assert!(self.firm_gain < self.gain_bound(day), "I1");
        self.evaluations += clearing.evaluations as u64;
        let priced: Vec<(Sentence, f64)> = book.support.iter().copied().zip(prices).collect();
        self.today = priced.iter().copied().collect();
        self.history.push(priced);
        self.day = day;
        Ok(())
    }
}

/// Today's orders, each trader's `(sentence, feature, support slot)`; the
/// support, every sentence priced today; and for each feature price slot,
/// its sentence's place in the support (`None`: nobody trades it today).
struct OrderBook {
    orders: Vec<Vec<(Sentence, Feature, usize)>>,
    support: Vec<Sentence>,
    price_slots: Vec<Option<usize>>,
}

/// The price each feature price slot reads: its sentence's support price,
/// or 0 for a sentence nobody trades today.
fn fill_prices(slots: &[Option<usize>], prices: &[f64], out: &mut [f64]) {
    for (v, slot) in out.iter_mut().zip(slots) {
        *v = slot.map_or(0.0, |i| prices[i]);
    }
}

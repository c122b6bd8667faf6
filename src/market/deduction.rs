//! Deductive processes: what becomes known, and when. The design is
//! documented in [`crate::market`].

use std::collections::VecDeque;
use std::fmt;

use super::history::PriceHistory;
use super::language::{Language, Sentence};
use super::targets::Targets;
use crate::error::{Error, Result};

/// A source of sentences known true, day by day.
pub trait DeductiveProcess: dyn_clone::DynClone + fmt::Debug + Send {
    /// The sentences that become known at the start of `day`, given the
    /// prices of the days before.
    fn reveal(
        &mut self,
        day: u64,
        language: &mut Language,
        history: &PriceHistory,
    ) -> Result<Vec<Sentence>>;
}

dyn_clone::clone_trait_object!(DeductiveProcess);

/// Static axioms: all known from day 1 (for example "exactly one of A, B,
/// C").
#[derive(Clone, Debug)]
pub struct Axioms {
    sentences: Vec<Sentence>,
}

impl Axioms {
    /// Axioms known from the first day.
    #[must_use]
    pub fn new(sentences: Vec<Sentence>) -> Self {
        Self { sentences }
    }
}

impl DeductiveProcess for Axioms {
    fn reveal(&mut self, day: u64, _: &mut Language, _: &PriceHistory) -> Result<Vec<Sentence>> {
        Ok(if day == 1 {
            self.sentences.clone()
        } else {
            Vec::new()
        })
    }
}

/// Sentences revealed on a schedule given by [`Targets`]: on day `n`, the
/// targets of day `n` (for example "the `n−1`-th digit of π is 7", or
/// "exactly one of `A_n`, `B_n`, `C_n`").
#[derive(Clone, Debug)]
pub struct Daily {
    targets: Targets,
}

impl Daily {
    /// Reveals `targets.resolve(n, …)` on each day `n`.
    #[must_use]
    pub fn new(targets: Targets) -> Self {
        Self { targets }
    }
}

impl DeductiveProcess for Daily {
    fn reveal(
        &mut self,
        day: u64,
        language: &mut Language,
        _: &PriceHistory,
    ) -> Result<Vec<Sentence>> {
        self.targets.resolve(day, language, 0)
    }
}

/// A fixed bit sequence, revealed one bit a day: bit `t` (the bit a
/// sequence market prices on day `t + 1`) becomes known on day `t + 2`.
#[derive(Clone, Debug)]
pub struct RevealedBits {
    bits: Vec<bool>,
}

impl RevealedBits {
    /// Reveals `bits` in order, one a day, the day after each is priced.
    #[must_use]
    pub fn new(bits: Vec<bool>) -> Self {
        Self { bits }
    }
}

impl DeductiveProcess for RevealedBits {
    fn reveal(
        &mut self,
        day: u64,
        language: &mut Language,
        _: &PriceHistory,
    ) -> Result<Vec<Sentence>> {
        let Some(t) = day.checked_sub(2) else {
            return Ok(Vec::new());
        };
        Ok(usize::try_from(t)
            .ok()
            .and_then(|i| self.bits.get(i))
            .map(|&bit| vec![language.bit_is(t, bit)])
            .unwrap_or_default())
    }
}

/// Another process, late: what it reveals on day `n` becomes known on day
/// `n + delay` (provability induction with a reveal delay).
#[derive(Clone, Debug)]
pub struct Delayed<D> {
    inner: D,
    delay: u64,
    queue: VecDeque<(u64, Vec<Sentence>)>,
}

impl<D: DeductiveProcess> Delayed<D> {
    /// Delays `inner` by `delay` days.
    pub fn new(inner: D, delay: u64) -> Self {
        Self {
            inner,
            delay,
            queue: VecDeque::new(),
        }
    }
}

impl<D: DeductiveProcess + Clone> DeductiveProcess for Delayed<D> {
    fn reveal(
        &mut self,
        day: u64,
        language: &mut Language,
        history: &PriceHistory,
    ) -> Result<Vec<Sentence>> {
        let now = self.inner.reveal(day, language, history)?;
        // A delay past u64::MAX days is "never": nothing is queued for it.
        if let Some(due) = day.checked_add(self.delay)
            && !now.is_empty()
        {
            self.queue.push_back((due, now));
        }
        let mut out = Vec::new();
        while self.queue.front().is_some_and(|(due, _)| *due <= day) {
            if let Some((_, sentences)) = self.queue.pop_front() {
                out.extend(sentences);
            }
        }
        Ok(out)
    }
}

/// A price-dependent process: on day `n + 1` each sentence `χ` of day
/// `n`'s targets is revealed true if its price on day `n` was below
/// `threshold`, false otherwise — the paradoxical `χ_n := "P_n(χ_n) < p"`
/// of Theorem 4.11.2. A sentence nobody traded had price 0.
#[derive(Clone, Debug)]
pub struct PriceDependent {
    targets: Targets,
    threshold: f64,
}

impl PriceDependent {
    /// Reveals each day's targets according to their price against
    /// `threshold` (a probability).
    pub fn new(targets: Targets, threshold: f64) -> Result<Self> {
        Ok(Self {
            targets,
            threshold: crate::error::check_probability("paradox threshold", threshold)?,
        })
    }
}

impl DeductiveProcess for PriceDependent {
    fn reveal(
        &mut self,
        day: u64,
        language: &mut Language,
        history: &PriceHistory,
    ) -> Result<Vec<Sentence>> {
        let Some(priced_day) = day.checked_sub(1).filter(|&d| d >= 1) else {
            return Ok(Vec::new());
        };
        let targets = self.targets.resolve(priced_day, language, 0)?;
        let mut out = Vec::with_capacity(targets.len());
        for chi in targets {
            let price = history.price(priced_day, chi).unwrap_or(0.0);
            if !price.is_finite() {
                return Err(Error::NonFinite {
                    what: "price".into(),
                    value: price,
                });
            }
            out.push(if price < self.threshold {
                chi
            } else {
                language.not(chi)?
            });
        }
        Ok(out)
    }
}

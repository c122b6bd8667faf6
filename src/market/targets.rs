//! [`Targets`]: which sentences a trader or a deductive process deals with
//! each day.

use std::fmt;
use std::sync::Arc;

use super::language::{Language, Sentence};
use super::trader::TradingDay;
use crate::error::Result;

type DailyFn = dyn Fn(u64, &mut Language) -> Result<Vec<Sentence>> + Send + Sync;

/// Which sentences a trader (or a deductive process) deals with each day.
#[derive(Clone)]
pub struct Targets(TargetsKind);

#[derive(Clone)]
enum TargetsKind {
    Fixed(Vec<Sentence>),
    NextBit,
    Daily(Arc<DailyFn>),
}

impl fmt::Debug for Targets {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.0 {
            TargetsKind::Fixed(s) => f.debug_tuple("Targets::fixed").field(s).finish(),
            TargetsKind::NextBit => f.write_str("Targets::next_bit"),
            TargetsKind::Daily(_) => f.write_str("Targets::daily(..)"),
        }
    }
}

impl Targets {
    /// The same sentences every day.
    #[must_use]
    pub fn fixed(sentences: Vec<Sentence>) -> Self {
        Self(TargetsKind::Fixed(sentences))
    }

    /// The next unrevealed bit of the sequence ([`TradingDay::next_bit`]).
    #[must_use]
    pub fn next_bit() -> Self {
        Self(TargetsKind::NextBit)
    }

    /// Sentences named afresh each day by `f(day, language)`, such as "the
    /// `day`-th digit of π is 7".
    pub fn daily(
        f: impl Fn(u64, &mut Language) -> Result<Vec<Sentence>> + Send + Sync + 'static,
    ) -> Self {
        Self(TargetsKind::Daily(Arc::new(f)))
    }

    /// The sentences for `day`.
    pub fn resolve(
        &self,
        day: u64,
        language: &mut Language,
        next_bit: u64,
    ) -> Result<Vec<Sentence>> {
        match &self.0 {
            TargetsKind::Fixed(s) => Ok(s.clone()),
            TargetsKind::NextBit => Ok(vec![language.bit(next_bit)]),
            TargetsKind::Daily(f) => f(day, language),
        }
    }

    pub(super) fn describe(&self, language: &Language) -> String {
        match &self.0 {
            TargetsKind::Fixed(s) => {
                let names: Vec<String> =
                    s.iter().map(|&x| language.display(x).to_string()).collect();
                names.join(", ")
            }
            TargetsKind::NextBit => "the next bit".into(),
            TargetsKind::Daily(_) => "each day's sentences".into(),
        }
    }

    pub(super) fn on(&self, day: &mut TradingDay<'_>) -> Result<Vec<Sentence>> {
        let (d, next) = (day.day, day.next_bit);
        self.resolve(d, day.language, next)
    }
}

//! [`Status`]: whether a predictor's predictions still mean what its
//! documentation says, and the checks adapters apply to their components.

use crate::error::Error;

/// Whether a predictor's predictions still mean what its documentation
/// says: see [`Predictor::status`](crate::Predictor::status).
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub enum Status {
    /// Predicting as designed.
    Healthy,
    /// Predicting as designed over fewer hypotheses than it was built with:
    /// a component broke the contract (NaN, or a number outside `[0, 1]`)
    /// and was excluded, or a component reports a failure of its own.
    Degraded(Error),
    /// No longer learning: every hypothesis was ruled out, or a market
    /// could not clear, and predictions are a fallback (1/2).
    Failed(Error),
}

impl Status {
    /// Whether this is [`Status::Healthy`].
    #[must_use]
    pub fn is_healthy(&self) -> bool {
        matches!(self, Self::Healthy)
    }

    /// The error behind a degraded or failed status.
    #[must_use]
    pub fn error(&self) -> Option<&Error> {
        match self {
            Self::Healthy => None,
            Self::Degraded(e) | Self::Failed(e) => Some(e),
        }
    }

    /// The worse of two statuses (the first of two equally bad).
    #[must_use]
    pub(crate) fn worst(self, other: Self) -> Self {
        let rank = |s: &Self| match s {
            Self::Healthy => 0,
            Self::Degraded(_) => 1,
            Self::Failed(_) => 2,
        };
        if rank(&other) > rank(&self) {
            other
        } else {
            self
        }
    }

    /// A component's status as seen from the mixture around it: a failed
    /// component degrades the mixture, which still has the others.
    #[must_use]
    pub(crate) fn seen_from_mixture(self) -> Self {
        match self {
            Self::Failed(e) => Self::Degraded(e),
            other => other,
        }
    }
}

/// The status of a mixture or market of `components`: `Failed` once every
/// hypothesis was ruled out (at bit `ruled_out_at`), `Degraded` if a
/// component broke the contract and was excluded (`violation`) or reports
/// a status of its own, `Healthy` otherwise.
pub(crate) fn mixture_status(
    what: &'static str,
    ruled_out_at: Option<u64>,
    violation: Option<&Error>,
    components: impl Iterator<Item = Status>,
) -> Status {
    if let Some(bit) = ruled_out_at {
        return Status::Failed(Error::Falsified { what, bit });
    }
    if let Some(violation) = violation {
        return Status::Degraded(violation.clone());
    }
    components
        .map(Status::seen_from_mixture)
        .fold(Status::Healthy, Status::worst)
}

/// `p` if it is a probability, `None` for NaN or a number outside
/// `[0, 1]`: the check every adapter applies to what its components
/// predict, so a broken component never poisons a mixture.
#[inline]
pub(crate) fn valid_probability(p: f64) -> Option<f64> {
    (0.0..=1.0).contains(&p).then_some(p)
}

/// The error for a component that predicted `value`.
pub(crate) fn contract_violation(what: impl Into<String>, value: f64) -> Error {
    Error::ContractViolation {
        what: what.into(),
        value,
    }
}

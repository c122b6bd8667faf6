//! The crate's one error type.
//!
//! Only constructors fail, and a market's day (`Market::step`, whose market
//! maker may find no price for a discontinuous trader): once a predictor is
//! built, `predict` and `update` cannot. Every variant says what was wrong
//! and what to do about it.

/// Everything that can go wrong when building a predictor, a source or an
/// adapter.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// A pseudo-count (Dirichlet/Beta concentration) was outside the range
    /// in which its predictions stay uncertain and finite.
    #[error(
        "pseudo-count must be between {min:e} and {max:e}, got {value}; use 0.5 for KT or 1 for Laplace"
    )]
    InvalidPseudoCount {
        /// The rejected value.
        value: f64,
        /// Smallest accepted value.
        min: f64,
        /// Largest accepted value.
        max: f64,
    },

    /// A context depth (or Markov order) was outside the supported range.
    #[error("{what} must be between {min} and {max}, got {value}")]
    InvalidDepth {
        /// Which quantity: "CTW depth", "Markov order", …
        what: &'static str,
        /// The rejected value.
        value: usize,
        /// Smallest supported value.
        min: usize,
        /// Largest supported value.
        max: usize,
    },

    /// A given past was too short to fill the context.
    #[error(
        "a past of {given} bits cannot fill a context of depth {depth}; give at least {depth} bits, or start with zero padding instead"
    )]
    PastTooShort {
        /// Bits given.
        given: usize,
        /// Bits needed.
        depth: usize,
    },

    /// A probability was outside `[0, 1]` or not finite.
    #[error("{what} must be a probability in [0, 1], got {value}")]
    InvalidProbability {
        /// Which parameter.
        what: &'static str,
        /// The rejected value.
        value: f64,
    },

    /// A type was asked for something it does not support.
    #[error("{what} does not support this; use {instead}")]
    Unsupported {
        /// What was asked, of which type.
        what: &'static str,
        /// What it supports instead.
        instead: &'static str,
    },

    /// A real-valued parameter was outside its allowed range.
    #[error("{what} must be {expected}, got {value}")]
    InvalidParameter {
        /// Which parameter.
        what: &'static str,
        /// The allowed range, in words.
        expected: &'static str,
        /// The rejected value.
        value: f64,
    },

    /// A count or size parameter was outside its allowed range.
    #[error("{what} must be {expected}, got {value}")]
    InvalidSize {
        /// Which parameter.
        what: &'static str,
        /// The allowed range, in words.
        expected: &'static str,
        /// The rejected value.
        value: usize,
    },

    /// A tree source's leaves do not form a complete suffix tree.
    #[error("invalid tree source: {reason}")]
    InvalidTreeSource {
        /// What is wrong with the leaves.
        reason: &'static str,
    },

    /// A basis cannot build circuits.
    #[error("invalid basis: {reason}")]
    InvalidBasis {
        /// What is wrong with it.
        reason: &'static str,
    },

    /// A circuit refers to signals that do not exist.
    #[error("invalid circuit: {reason}")]
    InvalidCircuit {
        /// What is wrong with it.
        reason: &'static str,
    },

    /// An enumeration or allocation would exceed what fits in memory or
    /// time.
    #[error("{what}: {count} exceeds the limit of {limit}; {hint}")]
    TooLarge {
        /// What was being counted.
        what: &'static str,
        /// How many there would be (a bound where the exact count is unknown).
        count: u128,
        /// The limit in force.
        limit: u128,
        /// What to do instead, in the words of the call that refused.
        hint: &'static str,
    },

    /// A program holds a character outside the machine's token set.
    #[error("invalid program: {character:?} at position {position} is not an instruction")]
    InvalidProgram {
        /// The offending character.
        character: char,
        /// Its position (in characters, from 0).
        position: usize,
    },

    /// Two options that cannot be used together.
    #[error("incompatible options: {reason}")]
    Incompatible {
        /// Which options, and what to use instead.
        reason: &'static str,
    },

    /// A sentence could not be parsed, or an atom name is not allowed.
    #[error("invalid sentence at byte {position}: {reason}")]
    InvalidSentence {
        /// Byte offset in the text where the problem was found.
        position: usize,
        /// What was expected there.
        reason: String,
    },

    /// A sentence handle that its language never made (a handle from
    /// another language).
    #[error(
        "sentence #{index} does not belong to this market's language; build sentences with the market's own language"
    )]
    UnknownSentence {
        /// The handle's index.
        index: usize,
    },

    /// A deductive process revealed a sentence that contradicts what was
    /// already known, so no world is consistent.
    #[error(
        "{sentence} contradicts what is already known; a deductive process must reveal consistent sentences"
    )]
    Inconsistent {
        /// The sentence, displayed.
        sentence: String,
    },

    /// A market was asked to trade with no trader in its enumeration.
    #[error("the market has no traders; add at least one trader before the first day")]
    NoTraders,

    /// No price passed the market maker's acceptance test: the combined
    /// strategy is discontinuous (or steeper than `f64` can resolve).
    #[error(
        "day {day}: no prices keep the traders' best-case gain below {tolerance:e} (best found {exposure:e}); a trader's strategy is discontinuous or too steep in price"
    )]
    NoPrice {
        /// The market day.
        day: u64,
        /// The smallest worst-case gain the solver reached.
        exposure: f64,
        /// The acceptance threshold for the day.
        tolerance: f64,
    },

    /// A trader's feature evaluated to a non-finite number, or a constant
    /// was not finite.
    #[error("{what} is not finite ({value}); features must stay finite for prices in [0, 1]")]
    NonFinite {
        /// Which quantity.
        what: String,
        /// The value.
        value: f64,
    },

    /// Two lists that must have the same length did not.
    #[error("{what}: lengths differ ({left} vs {right}); {hint}")]
    LengthMismatch {
        /// What was being compared.
        what: &'static str,
        /// Length of the first.
        left: usize,
        /// Length of the second.
        right: usize,
        /// What to do instead, in the words of the call that refused.
        hint: &'static str,
    },

    /// A randomised search tried as often as it was allowed and found
    /// nothing.
    #[error("{what}: none of {tries} tries succeeded; {hint}")]
    GaveUp {
        /// What was searched for.
        what: &'static str,
        /// How many tries were made.
        tries: usize,
        /// What to do instead.
        hint: &'static str,
    },

    /// A plot could not be drawn (the `plot` feature).
    #[error("could not draw the plot: {reason}")]
    Plot {
        /// What the plotting library reported.
        reason: String,
    },

    /// A component broke the contract of [`Predictor`](crate::Predictor):
    /// it predicted NaN or a number outside `[0, 1]`. The adapter that
    /// caught it excluded the component (see
    /// [`Status`](crate::Status)); a measurement that needs every
    /// prediction ([`fingerprint`](crate::fingerprint::fingerprint)) stops.
    #[error("{what} predicted {value}, which is not a probability")]
    ContractViolation {
        /// Which component, by name or index.
        what: String,
        /// The prediction it gave.
        value: f64,
    },

    /// Compressed data that [`coding::decompress`](crate::coding::decompress)
    /// cannot have come from [`coding::compress`](crate::coding::compress)
    /// with this predictor: truncated, extended or altered.
    #[error("corrupt compressed data: {reason}")]
    CorruptData {
        /// What was found wrong, and where.
        reason: String,
    },

    /// Shards of a sharded enumeration that cannot be put together: from
    /// different plans, added twice, or too few to build the distribution.
    #[error("shards: {reason}")]
    Shards {
        /// What does not fit, and which shard.
        reason: String,
    },

    /// A file could not be read or written (a checkpoint of finished
    /// shards, say).
    #[error("{path}: {reason}")]
    Io {
        /// The file.
        path: String,
        /// What the operating system said, and what was being done.
        reason: String,
    },

    /// A distributed run could not start or could not finish: a peer that
    /// does not answer, a port already in use, a hostfile that cannot be
    /// read, processes started with different parameters, or a peer lost
    /// mid-run.
    #[error("cluster: {reason}")]
    Cluster {
        /// What went wrong, and what to do about it.
        reason: String,
    },

    /// An error restored from a checkpoint (the `serde` feature): an error
    /// is saved as its message, which this variant keeps.
    #[error("{message}")]
    Restored {
        /// The message of the error that was saved.
        message: String,
    },

    /// Every hypothesis of a mixture was ruled out by the data: no
    /// hypothesis gave the bits that came a positive probability.
    #[error(
        "{what}: every hypothesis was ruled out by bit {bit}; predictions fall back to 1/2 (add hypotheses that cannot be certain, or clamp them)"
    )]
    Falsified {
        /// Which mixture.
        what: &'static str,
        /// The bit (counted from 0) that ruled out the last hypothesis.
        bit: u64,
    },
}

/// An error is saved as its message and restored as [`Error::Restored`]:
/// its fields name static text, which no deserializer can produce.
#[cfg(feature = "serde")]
impl serde::Serialize for Error {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.to_string())
    }
}

#[cfg(feature = "serde")]
impl<'de> serde::Deserialize<'de> for Error {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let message = String::deserialize(deserializer)?;
        Ok(Error::Restored { message })
    }
}

/// `Result` with the crate's [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Checks that `value` is a probability in `[0, 1]`.
pub(crate) fn check_probability(what: &'static str, value: f64) -> Result<f64> {
    if (0.0..=1.0).contains(&value) {
        Ok(value)
    } else {
        Err(Error::InvalidProbability { what, value })
    }
}

/// Checks that there are `episodes` (at least `min_count`, which
/// `expected` says in words), every one of them non-empty and all of one
/// length, and returns the length; `what` names them and `hint` says how
/// to fix unequal lengths.
pub(crate) fn check_equal_episodes<E: AsRef<[bool]>>(
    what: &'static str,
    episodes: &[E],
    (min_count, expected): (usize, &'static str),
    hint: &'static str,
) -> Result<usize> {
    if episodes.len() < min_count.max(1) {
        return Err(Error::InvalidSize {
            what,
            expected,
            value: episodes.len(),
        });
    }
    let len = episodes[0].as_ref().len();
    if len == 0 {
        return Err(Error::InvalidSize {
            what: "episode length",
            expected: "at least one bit",
            value: 0,
        });
    }
    if let Some(other) = episodes.iter().find(|e| e.as_ref().len() != len) {
        return Err(Error::LengthMismatch {
            what,
            left: len,
            right: other.as_ref().len(),
            hint,
        });
    }
    Ok(len)
}

/// Checks that `path`, if it exists, is a regular file (or a link to
/// one), without opening it: opening a FIFO blocks until a writer comes,
/// and a directory or a device is never a checkpoint or a hostfile. With
/// `must_exist`, a missing file is an error too.
pub(crate) fn check_regular_file(
    path: &std::path::Path,
    what: &str,
    must_exist: bool,
) -> Result<()> {
    let io = |reason: String| Error::Io {
        path: path.display().to_string(),
        reason,
    };
    match std::fs::metadata(path) {
        Ok(meta) if meta.is_file() => Ok(()),
        Ok(meta) => Err(io(format!(
            "the {what} is not a regular file (it is {})",
            if meta.is_dir() {
                "a directory"
            } else {
                "a FIFO, socket or device"
            }
        ))),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound && !must_exist => Ok(()),
        Err(e) => Err(io(format!("cannot read the {what}: {e}"))),
    }
}

/// Checks that a depth (or order) `value` lies in `min..=max`.
pub(crate) fn check_depth(
    what: &'static str,
    value: usize,
    min: usize,
    max: usize,
) -> Result<usize> {
    if (min..=max).contains(&value) {
        Ok(value)
    } else {
        Err(Error::InvalidDepth {
            what,
            value,
            min,
            max,
        })
    }
}

/// Checks that a step budget allows at least one step.
pub(crate) fn check_step_budget(max_steps: u64) -> Result<u64> {
    if max_steps == 0 {
        return Err(Error::InvalidSize {
            what: "step budget",
            expected: "at least 1",
            value: 0,
        });
    }
    Ok(max_steps)
}

/// Checks that `value` is a finite, strictly positive pseudo-count.
pub(crate) fn check_pseudo_count(value: f64) -> Result<f64> {
    if value.is_finite() && value > 0.0 {
        Ok(value)
    } else {
        Err(Error::InvalidPseudoCount {
            value,
            min: f64::MIN_POSITIVE,
            max: f64::MAX,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn probabilities_are_checked() {
        assert_eq!(check_probability("p", 0.0), Ok(0.0));
        assert_eq!(check_probability("p", 1.0), Ok(1.0));
        assert!(check_probability("p", -0.1).is_err());
        assert!(check_probability("p", 1.1).is_err());
        assert!(check_probability("p", f64::NAN).is_err());
    }

    #[test]
    fn pseudo_counts_are_checked() {
        assert_eq!(check_pseudo_count(0.5), Ok(0.5));
        for bad in [0.0, -1.0, f64::NAN, f64::INFINITY] {
            assert!(check_pseudo_count(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn messages_say_what_to_do() {
        let e = Error::PastTooShort { given: 2, depth: 3 };
        assert!(e.to_string().contains("at least 3 bits"));
    }
}

//! [`Environment`]: the world an agent acts in, and the bit encoding of
//! actions and percepts.

use rand::Rng;

use crate::error::{Error, Result};

/// What the environment returns after an action: an observation and a
/// reward, each a non-negative integer below its declared bound (the
/// encoding of MC-AIXI's reference code; see [`Environment::reward_offset`]
/// for the reward's real value).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct Percept {
    /// The observation, at most [`Environment::max_observation`].
    pub observation: u64,
    /// The encoded reward, at most [`Environment::max_reward`].
    pub reward: u64,
}

impl Percept {
    /// Observation 0 and encoded reward 0: most domains' first percept.
    pub const ZERO: Percept = Percept {
        observation: 0,
        reward: 0,
    };
}

/// Bits needed to write every integer up to `max` (at least one), as
/// MC-AIXI's reference code counts them.
pub fn bits_required(max: u64) -> usize {
    (u64::BITS - max.leading_zeros()).max(1) as usize
}

/// An environment in the agent setting of Hutter's AIXI and MC-AIXI
/// (Veness et al., 2011): at each cycle the agent sends an action and
/// receives a [`Percept`]. Randomness comes from the `rng` argument only,
/// so equal seeds give equal runs.
pub trait Environment {
    /// Number of actions: actions are `0..actions()`.
    fn actions(&self) -> usize;

    /// The largest observation.
    fn max_observation(&self) -> u64;

    /// The largest encoded reward.
    fn max_reward(&self) -> u64;

    /// What to subtract from an encoded reward for its real value (tiger's
    /// encoded 0, 99 and 110 are −100, −1 and +10: offset 100). Results
    /// in the MC-AIXI paper are real values.
    fn reward_offset(&self) -> f64 {
        0.0
    }

    /// The percept before the first action.
    fn initial_percept(&self) -> Percept;

    /// Performs `action`; fails for an action out of range, leaving the
    /// environment as it was.
    fn perform(&mut self, action: usize, rng: &mut dyn Rng) -> Result<Percept>;

    /// Bits of an action.
    fn action_bits(&self) -> usize {
        bits_required(self.actions().saturating_sub(1) as u64)
    }

    /// Bits of an observation.
    fn observation_bits(&self) -> usize {
        bits_required(self.max_observation())
    }

    /// Bits of an encoded reward.
    fn reward_bits(&self) -> usize {
        bits_required(self.max_reward())
    }

    /// Bits of a percept: the reward's, then the observation's.
    fn percept_bits(&self) -> usize {
        self.reward_bits() + self.observation_bits()
    }
}

/// Most actions an agent accepts: the search keeps a child per action at
/// every decision node, and Q-learning a value per action and state, so an
/// environment with more is refused before anything is allocated.
pub const MAX_ACTIONS: usize = 1 << 16;

/// Checks what an agent sizes itself by: from 1 to [`MAX_ACTIONS`]
/// actions, and a reward offset (real rewards are encoded rewards minus
/// it) at most `2^64` in size, like the encoded rewards themselves.
pub(crate) fn check_environment<E: Environment + ?Sized>(environment: &E) -> Result<()> {
    let actions = environment.actions();
    if !(1..=MAX_ACTIONS).contains(&actions) {
        return Err(Error::InvalidSize {
            what: "environment actions",
            expected: "from 1 to 65,536 (agent::MAX_ACTIONS)",
            value: actions,
        });
    }
    // Encoded rewards are below 2^64; an offset past that in size makes
    // every real reward astronomically far from 0 and sums of them overflow.
    let offset = environment.reward_offset();
    if offset.is_nan() || offset.abs() > 18_446_744_073_709_551_616.0 {
        return Err(Error::InvalidParameter {
            what: "environment reward offset",
            expected: "finite and at most 2^64 in size",
            value: offset,
        });
    }
    Ok(())
}

/// The error for an action outside `0..actions`.
pub(crate) fn check_action(action: usize, actions: usize) -> Result<()> {
    if action < actions {
        Ok(())
    } else {
        Err(Error::InvalidSize {
            what: "action",
            expected: "below the environment's number of actions",
            value: action,
        })
    }
}

/// Appends `value` as `bits` bits, least significant first (the reference
/// code's `encode`). Fails for more than 64 bits (a `u64` has no more),
/// leaving `out` as it was.
///
/// ```
/// use inductive::agent::encode;
/// let mut bits = Vec::new();
/// encode(6, 3, &mut bits)?;
/// assert_eq!(bits, [false, true, true]);
/// assert!(encode(6, usize::MAX, &mut bits).is_err());
/// assert_eq!(bits.len(), 3);
/// # Ok::<(), inductive::Error>(())
/// ```
pub fn encode(value: u64, bits: usize, out: &mut Vec<bool>) -> Result<()> {
    if bits > 64 {
        return Err(Error::InvalidSize {
            what: "bits to encode a value in",
            expected: "at most 64",
            value: bits,
        });
    }
    out.extend((0..bits).map(|i| (value >> i) & 1 == 1));
    Ok(())
}

/// Reads a value written by [`encode`].
pub fn decode(bits: &[bool]) -> u64 {
    bits.iter()
        .enumerate()
        .filter(|&(i, &b)| b && i < 64)
        .fold(0, |v, (i, _)| v | 1 << i)
}

/// The bits of a percept as the agent's model sees them: the reward's bits,
/// then the observation's, each least significant first.
pub fn encode_percept<E: Environment + ?Sized>(environment: &E, percept: Percept) -> Vec<bool> {
    let mut bits = Vec::with_capacity(environment.percept_bits());
    // `bits_required` gives at most 64 bits for a `u64` bound.
    let written = encode(percept.reward, environment.reward_bits(), &mut bits).and_then(|()| {
        encode(
            percept.observation,
            environment.observation_bits(),
            &mut bits,
        )
    });
    debug_assert!(written.is_ok());
    bits
}

/// The percept written by [`encode_percept`]; fails for a wrong number of
/// bits or values past the declared bounds.
pub fn decode_percept<E: Environment + ?Sized>(environment: &E, bits: &[bool]) -> Result<Percept> {
    if bits.len() != environment.percept_bits() {
        return Err(Error::LengthMismatch {
            what: "percept bits",
            left: environment.percept_bits(),
            right: bits.len(),
            hint: "a percept is the reward's bits, then the observation's",
        });
    }
    let (reward, observation) = bits.split_at(environment.reward_bits());
    let percept = Percept {
        observation: decode(observation),
        reward: decode(reward),
    };
    if percept.reward > environment.max_reward() {
        return Err(Error::InvalidSize {
            what: "encoded reward",
            expected: "at most the environment's max_reward",
            value: percept.reward as usize,
        });
    }
    if percept.observation > environment.max_observation() {
        return Err(Error::InvalidSize {
            what: "observation",
            expected: "at most the environment's max_observation",
            value: percept.observation as usize,
        });
    }
    Ok(percept)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bits_are_counted_as_the_reference_does() {
        // bitsRequired: 1 bit for 0 and 1, then one more per doubling.
        for (max, bits) in [
            (0, 1),
            (1, 1),
            (2, 2),
            (3, 2),
            (4, 3),
            (110, 7),
            (127, 7),
            (128, 8),
        ] {
            assert_eq!(bits_required(max), bits, "{max}");
        }
        assert_eq!(bits_required(u64::MAX), 64);
    }

    #[test]
    fn encoding_round_trips_least_significant_first() {
        let mut bits = Vec::new();
        encode(6, 3, &mut bits).unwrap();
        assert_eq!(bits, [false, true, true]);
        assert_eq!(decode(&bits), 6);
        for value in [0u64, 1, 99, 110, 127] {
            let mut bits = Vec::new();
            encode(value, 7, &mut bits).unwrap();
            assert_eq!(decode(&bits), value);
        }
    }
}

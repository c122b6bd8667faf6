//! Leaf models: how a circuit's output becomes a probability for the next bit.

/// How a hypothesis turns its circuit's output into a prediction.
///
/// ```
/// use inductive::circuit::Leaf;
///
/// let fixed = Leaf::Noisy(0.05); // next bit = output, flipped with probability 0.05
/// let learning = Leaf::Learning; // a KT estimator per output value
/// assert_ne!(fixed, learning);
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub enum Leaf {
    /// The next bit equals the circuit's output with probability `1 − ε`;
    /// `ε` must lie in `[`[`Leaf::MIN_NOISE`]`, 1/2]`.
    Noisy(f64),
    /// A Krichevsky–Trofimov estimator for each output value, learned
    /// within the sequence: the circuit only says which contexts behave
    /// alike, and each class learns its own bias. A circuit that does its
    /// own induction inside the outer one.
    Learning,
}

impl Leaf {
    /// Smallest noise a [`Leaf::Noisy`] accepts, `2^-40` (about 9 × 10^-13).
    /// `f64` resolves `1 − ε` only to `2^-53`, so a much smaller `ε` would
    /// make a mixture's prediction round to certainty and a wrong bit cost
    /// infinitely many bits (`ε = 10^-20` did); at `2^-40` the rounding is
    /// a relative `10^-4` of `ε` and a wrong bit costs about 40 bits.
    pub const MIN_NOISE: f64 = 1.0 / (1u64 << 40) as f64;
}

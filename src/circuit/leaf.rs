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
pub enum Leaf {
    /// The next bit equals the circuit's output with probability `1 − ε`;
    /// `ε` must lie in `(0, 1/2]`.
    Noisy(f64),
    /// A Krichevsky–Trofimov estimator for each output value, learned
    /// within the sequence: the circuit only says which contexts behave
    /// alike, and each class learns its own bias. A circuit that does its
    /// own induction inside the outer one.
    Learning,
}

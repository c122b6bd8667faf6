//! Straight-line Boolean circuits, their gate operations and bases.

use std::fmt;

use crate::error::{Error, Result};

/// Most inputs a circuit may have: a truth table of 2^20 bits is 128 KiB.
pub const MAX_INPUTS: usize = 20;

/// A 2-input Boolean operation, stored as its truth table: bit `a + 2·b` is
/// the output on inputs `(a, b)`.
///
/// ```
/// use inductive::circuit::Op;
///
/// assert_eq!(Op::AND.eval(true, true), true);
/// assert_eq!(Op::XOR.eval(true, true), false);
/// assert_eq!(Op::from_table(0b0110)?, Op::XOR);
/// # Ok::<(), inductive::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct Op(u8);

impl Op {
    /// `a & b`.
    pub const AND: Op = Op(0b1000);
    /// `a | b`.
    pub const OR: Op = Op(0b1110);
    /// `a ^ b`.
    pub const XOR: Op = Op(0b0110);
    /// `!(a & b)`.
    pub const NAND: Op = Op(0b0111);
    /// `!(a | b)`.
    pub const NOR: Op = Op(0b0001);
    /// `!(a ^ b)`.
    pub const XNOR: Op = Op(0b1001);
    /// `a & !b`.
    pub const AND_NOT: Op = Op(0b0010);
    /// `!a`: a one-input gate (its second input is ignored).
    pub const NOT: Op = Op(0b0101);

    /// The operation with the given 4-bit truth table; fails above 15.
    pub fn from_table(table: u8) -> Result<Op> {
        if table < 16 {
            Ok(Op(table))
        } else {
            Err(Error::InvalidBasis {
                reason: "an operation's truth table has 4 bits (0 to 15)",
            })
        }
    }

    /// Every one of the 16 operations.
    pub fn all() -> impl Iterator<Item = Op> {
        (0..16).map(Op)
    }

    /// The truth table.
    pub fn table(self) -> u8 {
        self.0
    }

    /// Output on one pair of inputs.
    pub fn eval(self, a: bool, b: bool) -> bool {
        (self.0 >> (usize::from(a) + 2 * usize::from(b))) & 1 == 1
    }

    /// The operation applied bitwise to two truth tables.
    #[inline]
    pub fn apply(self, a: u64, b: u64) -> u64 {
        let t = self.0;
        let pick = |bit: u8, mask: u64| if t & bit != 0 { mask } else { 0 };
        pick(1, !a & !b) | pick(2, a & !b) | pick(4, !a & b) | pick(8, a & b)
    }

    /// Whether the output depends on the first input.
    pub fn uses_a(self) -> bool {
        (self.0 & 0b0101) != ((self.0 & 0b1010) >> 1)
    }

    /// Whether the output depends on the second input.
    pub fn uses_b(self) -> bool {
        (self.0 & 0b0011) != ((self.0 & 0b1100) >> 2)
    }

    /// The same operation with its inputs swapped.
    pub fn swapped(self) -> Op {
        let t = self.0;
        Op((t & 0b1001) | ((t & 0b0010) << 1) | ((t & 0b0100) >> 1))
    }

    /// The operation that negates its first input before applying `self`.
    pub fn negate_a(self) -> Op {
        let t = self.0;
        Op(((t & 0b0101) << 1) | ((t & 0b1010) >> 1))
    }

    /// The operation that negates its second input before applying `self`.
    pub fn negate_b(self) -> Op {
        let t = self.0;
        Op(((t & 0b0011) << 2) | ((t & 0b1100) >> 2))
    }

    /// The complemented operation.
    pub fn complement(self) -> Op {
        Op(!self.0 & 0b1111)
    }

    /// Writes `a OP b` as an expression with `&`, `|`, `^` and `!`.
    fn write_expression(self, f: &mut fmt::Formatter<'_>, a: &str, b: &str) -> fmt::Result {
        match self.0 {
            0b0000 => write!(f, "0"),
            0b1111 => write!(f, "1"),
            0b1010 => write!(f, "{a}"),
            0b0101 => write!(f, "!{a}"),
            0b1100 => write!(f, "{b}"),
            0b0011 => write!(f, "!{b}"),
            0b1000 => write!(f, "{a} & {b}"),
            0b0010 => write!(f, "{a} & !{b}"),
            0b0100 => write!(f, "!{a} & {b}"),
            0b0001 => write!(f, "!({a} | {b})"),
            0b1110 => write!(f, "{a} | {b}"),
            0b1011 => write!(f, "{a} | !{b}"),
            0b1101 => write!(f, "!{a} | {b}"),
            0b0111 => write!(f, "!({a} & {b})"),
            0b0110 => write!(f, "{a} ^ {b}"),
            _ => write!(f, "!({a} ^ {b})"),
        }
    }
}

/// The gate operations a circuit may use.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub enum Basis {
    /// `AND`, `OR` and the one-input `NOT` (De Morgan basis; every gate,
    /// `NOT` included, counts).
    AndOrNot,
    /// `NAND` alone.
    Nand,
    /// Every 2-input operation. Under this basis circuit size follows Knuth
    /// (TAOCP 4A, §7.1.2): inputs and constants cost nothing and a function
    /// costs the same as its complement.
    Full,
    /// A list of operations of your choice.
    Custom(Vec<Op>),
}

impl Basis {
    /// The operations of the basis (for `Full`, the ten that depend on both
    /// inputs; the other six add nothing a gate-free circuit lacks). Fails
    /// for an empty custom list or one with repeats.
    pub fn ops(&self) -> Result<Vec<Op>> {
        Ok(match self {
            Basis::AndOrNot => vec![Op::AND, Op::OR, Op::NOT],
            Basis::Nand => vec![Op::NAND],
            Basis::Full => Op::all().filter(|op| op.uses_a() && op.uses_b()).collect(),
            Basis::Custom(ops) => {
                if ops.is_empty() {
                    return Err(Error::InvalidBasis {
                        reason: "a custom basis needs at least one operation",
                    });
                }
                let mut sorted = ops.clone();
                sorted.sort();
                sorted.dedup();
                if sorted.len() != ops.len() {
                    return Err(Error::InvalidBasis {
                        reason: "a custom basis lists an operation twice",
                    });
                }
                if ops.iter().all(|op| !op.uses_a() && !op.uses_b()) {
                    return Err(Error::InvalidBasis {
                        reason: "every operation of the custom basis is a constant",
                    });
                }
                ops.clone()
            }
        })
    }

    /// Whether a function and its complement cost the same (only `Full`).
    pub fn complement_is_free(&self) -> bool {
        matches!(self, Basis::Full)
    }
}

/// Where a gate's input (or the circuit's output) comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub enum Signal {
    /// A constant.
    Constant(bool),
    /// Input `i` (0-based): in a predictor, the `(i + 1)`-th most recent bit.
    Input(usize),
    /// The output of gate `g` (0-based).
    Gate(usize),
}

/// One gate: an operation on two signals.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct Gate {
    /// The operation.
    pub op: Op,
    /// Its inputs `(a, b)`; `b` is ignored by one-input operations.
    pub inputs: [Signal; 2],
}

/// A truth table over `inputs` variables, bit `i` the output on input `i`
/// (input variable `j` is bit `j` of `i`), packed 64 to a word.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct TruthTable {
    inputs: usize,
    words: Vec<u64>,
}

impl TruthTable {
    /// Number of input variables.
    pub fn inputs(&self) -> usize {
        self.inputs
    }

    /// Output on input `index`, or `None` unless `index < 2^inputs`.
    pub fn get(&self, index: usize) -> Option<bool> {
        (index >> self.inputs == 0).then(|| self.bit(index))
    }

    /// Output on input `index`, which the caller keeps below `2^inputs`.
    pub(crate) fn bit(&self, index: usize) -> bool {
        (self.words[index / 64] >> (index % 64)) & 1 == 1
    }

    /// The table as one `u64`, for up to 6 inputs.
    pub fn as_u64(&self) -> Option<u64> {
        (self.inputs <= 6).then(|| self.words[0])
    }

    /// The packed words.
    pub fn words(&self) -> &[u64] {
        &self.words
    }
}

/// Bits used by a table of `inputs` ≤ 6 variables.
pub(crate) fn table_mask(inputs: usize) -> u64 {
    if inputs >= 6 {
        u64::MAX
    } else {
        (1u64 << (1 << inputs)) - 1
    }
}

/// Truth table of input variable `var` over `inputs` variables, word `word`
/// (also the market's 64-worlds-at-a-time enumeration of atoms).
pub(crate) fn variable_word(var: usize, word: usize) -> u64 {
    const PATTERNS: [u64; 6] = [
        0xAAAA_AAAA_AAAA_AAAA,
        0xCCCC_CCCC_CCCC_CCCC,
        0xF0F0_F0F0_F0F0_F0F0,
        0xFF00_FF00_FF00_FF00,
        0xFFFF_0000_FFFF_0000,
        0xFFFF_FFFF_0000_0000,
    ];
    if var < 6 {
        PATTERNS[var]
    } else if (word >> (var - 6)) & 1 == 1 {
        u64::MAX
    } else {
        0
    }
}

/// Truth table of input `var` for up to 6 inputs, masked to the table.
pub(crate) fn variable_table(var: usize, inputs: usize) -> u64 {
    variable_word(var, 0) & table_mask(inputs)
}

/// A straight-line Boolean circuit: gates in order, each reading inputs,
/// constants or earlier gates, and one output signal, optionally
/// complemented (free under [`Basis::Full`]).
///
/// ```
/// use inductive::circuit::{Circuit, Gate, Op, Signal};
///
/// // out = (x1 & x3) ^ !x2
/// let circuit = Circuit::new(
///     3,
///     vec![
///         Gate { op: Op::AND, inputs: [Signal::Input(0), Signal::Input(2)] },
///         Gate { op: Op::XOR.negate_b(), inputs: [Signal::Gate(0), Signal::Input(1)] },
///     ],
///     Signal::Gate(1),
///     false,
/// )?;
/// assert_eq!(circuit.to_string(), "g1 = x1 & x3; out = !(g1 ^ x2)");
/// assert_eq!(circuit.eval(0b000), Some(true)); // 0 ^ !0
/// assert_eq!(circuit.eval(0b101), Some(false)); // (1 & 1) ^ !0 = 0
/// assert_eq!(circuit.eval(0b1000), None); // there is no fourth input
/// # Ok::<(), inductive::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct Circuit {
    inputs: usize,
    gates: Vec<Gate>,
    output: Signal,
    negate_output: bool,
}

impl Circuit {
    /// Checks that every signal refers to an existing input or an earlier
    /// gate, and that there are at most [`MAX_INPUTS`] inputs.
    pub fn new(
        inputs: usize,
        gates: Vec<Gate>,
        output: Signal,
        negate_output: bool,
    ) -> Result<Self> {
        if inputs > MAX_INPUTS {
            return Err(Error::InvalidSize {
                what: "circuit inputs",
                expected: "at most 20",
                value: inputs,
            });
        }
        let valid = |signal: Signal, before: usize| match signal {
            Signal::Constant(_) => true,
            Signal::Input(i) => i < inputs,
            Signal::Gate(g) => g < before,
        };
        for (g, gate) in gates.iter().enumerate() {
            if !gate.inputs.iter().all(|&s| valid(s, g)) {
                return Err(Error::InvalidCircuit {
                    reason: "a gate reads a missing input or a gate that is not earlier",
                });
            }
        }
        if !valid(output, gates.len()) {
            return Err(Error::InvalidCircuit {
                reason: "the output is a missing input or gate",
            });
        }
        Ok(Self {
            inputs,
            gates,
            output,
            negate_output,
        })
    }

    /// Number of inputs.
    pub fn inputs(&self) -> usize {
        self.inputs
    }

    /// The gates, in order.
    pub fn gates(&self) -> &[Gate] {
        &self.gates
    }

    /// Number of gates: the circuit's size.
    pub fn size(&self) -> usize {
        self.gates.len()
    }

    /// The output signal.
    pub fn output(&self) -> Signal {
        self.output
    }

    /// Whether the output is complemented.
    pub fn negates_output(&self) -> bool {
        self.negate_output
    }

    /// The same circuit with its output complemented.
    pub fn complemented(&self) -> Circuit {
        Circuit {
            negate_output: !self.negate_output,
            ..self.clone()
        }
    }

    /// Output on one input assignment (bit `j` of `input` is input `j`),
    /// or `None` if `input` sets a bit past the circuit's inputs.
    pub fn eval(&self, input: usize) -> Option<bool> {
        if input >> self.inputs != 0 {
            return None;
        }
        let mut values = Vec::with_capacity(self.gates.len());
        let read = |s: Signal, values: &[bool]| match s {
            Signal::Constant(c) => c,
            Signal::Input(i) => (input >> i) & 1 == 1,
            Signal::Gate(g) => values[g],
        };
        for gate in &self.gates {
            let v = gate
                .op
                .eval(read(gate.inputs[0], &values), read(gate.inputs[1], &values));
            values.push(v);
        }
        Some(read(self.output, &values) ^ self.negate_output)
    }

    /// The full truth table, computed 64 inputs at a time.
    pub fn truth_table(&self) -> TruthTable {
        let bits = 1usize << self.inputs;
        let words = bits.div_ceil(64);
        let mask = table_mask(self.inputs);
        let mut out = Vec::with_capacity(words);
        let mut values = vec![0u64; self.gates.len()];
        for word in 0..words {
            let read = |s: Signal, values: &[u64]| match s {
                Signal::Constant(c) => {
                    if c {
                        u64::MAX
                    } else {
                        0
                    }
                }
                Signal::Input(i) => variable_word(i, word),
                Signal::Gate(g) => values[g],
            };
            for (g, gate) in self.gates.iter().enumerate() {
                values[g] = gate
                    .op
                    .apply(read(gate.inputs[0], &values), read(gate.inputs[1], &values));
            }
            let value = read(self.output, &values) ^ if self.negate_output { u64::MAX } else { 0 };
            out.push(value & mask);
        }
        TruthTable {
            inputs: self.inputs,
            words: out,
        }
    }
}

fn signal_name(signal: Signal) -> String {
    match signal {
        Signal::Constant(c) => u8::from(c).to_string(),
        Signal::Input(i) => format!("x{}", i + 1),
        Signal::Gate(g) => format!("g{}", g + 1),
    }
}

impl fmt::Display for Circuit {
    /// `g1 = x1 & x3; out = !(g1 ^ x2)`: every gate named, the last one
    /// written as `out` (inputs are `x1` = the most recent bit, …).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let last_is_output =
            !self.gates.is_empty() && self.output == Signal::Gate(self.gates.len() - 1);
        for (g, gate) in self.gates.iter().enumerate() {
            let (a, b) = (signal_name(gate.inputs[0]), signal_name(gate.inputs[1]));
            if last_is_output && g + 1 == self.gates.len() {
                let op = if self.negate_output {
                    gate.op.complement()
                } else {
                    gate.op
                };
                write!(f, "out = ")?;
                return op.write_expression(f, &a, &b);
            }
            write!(f, "g{} = ", g + 1)?;
            gate.op.write_expression(f, &a, &b)?;
            write!(f, "; ")?;
        }
        let bang = if self.negate_output { "!" } else { "" };
        write!(f, "out = {bang}{}", signal_name(self.output))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn op_algebra_matches_pointwise_evaluation() {
        for op in Op::all() {
            for (a, b) in [(false, false), (true, false), (false, true), (true, true)] {
                assert_eq!(op.swapped().eval(a, b), op.eval(b, a));
                assert_eq!(op.negate_a().eval(a, b), op.eval(!a, b));
                assert_eq!(op.negate_b().eval(a, b), op.eval(a, !b));
                assert_eq!(op.complement().eval(a, b), !op.eval(a, b));
            }
            let (a, b) = (0xAAAA_AAAA_AAAA_AAAAu64, 0xCCCC_CCCC_CCCC_CCCCu64);
            let table = op.apply(a, b);
            for i in 0..4 {
                assert_eq!((table >> i) & 1 == 1, op.eval(i & 1 == 1, i & 2 == 2));
            }
        }
        assert_eq!(
            Op::all().filter(|op| op.uses_a() && op.uses_b()).count(),
            10
        );
        assert!(Op::NOT.uses_a() && !Op::NOT.uses_b());
    }

    #[test]
    fn wide_tables_agree_with_pointwise_evaluation() {
        // out = (x1 ^ x7) & !x8, over 8 inputs: 256 bits in 4 words.
        let circuit = Circuit::new(
            8,
            vec![
                Gate {
                    op: Op::XOR,
                    inputs: [Signal::Input(0), Signal::Input(6)],
                },
                Gate {
                    op: Op::AND_NOT,
                    inputs: [Signal::Gate(0), Signal::Input(7)],
                },
            ],
            Signal::Gate(1),
            false,
        )
        .unwrap();
        let table = circuit.truth_table();
        assert_eq!(table.words().len(), 4);
        for i in 0..256 {
            let expected = ((i & 1 == 1) ^ (i >> 6 & 1 == 1)) && (i >> 7 & 1 == 0);
            assert_eq!(table.get(i), Some(expected), "input {i:08b}");
            assert_eq!(circuit.eval(i), Some(expected));
        }
    }

    #[test]
    fn rejects_malformed_circuits_and_bases() {
        let forward = Gate {
            op: Op::AND,
            inputs: [Signal::Gate(0), Signal::Input(0)],
        };
        assert!(Circuit::new(2, vec![forward], Signal::Gate(0), false).is_err());
        assert!(Circuit::new(2, vec![], Signal::Input(2), false).is_err());
        assert!(Circuit::new(21, vec![], Signal::Input(0), false).is_err());
        assert!(Basis::Custom(vec![]).ops().is_err());
        assert!(Basis::Custom(vec![Op::AND, Op::AND]).ops().is_err());
        assert!(
            Basis::Custom(vec![Op::from_table(0).unwrap()])
                .ops()
                .is_err()
        );
        assert!(Op::from_table(16).is_err());
    }

    #[test]
    fn gate_free_circuits_print_their_output() {
        let c = Circuit::new(3, vec![], Signal::Input(1), true).unwrap();
        assert_eq!(c.to_string(), "out = !x2");
        assert_eq!(c.truth_table().as_u64(), Some(!0xCCu64 & 0xFF));
    }
}

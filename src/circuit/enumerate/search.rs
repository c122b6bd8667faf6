//! The depth-first search over gate sequences: every circuit of a basis
//! up to a size, in a canonical gate order, recording for each function
//! the smallest circuit and (when counting) how many circuits compute it.

use rustc_hash::FxHashMap;

use super::records::Records;
use super::{FUNCTION_LIMIT, MAX_GATES, SEARCH_LIMIT};
use crate::circuit::gates::{Circuit, Gate, Op, Signal, table_mask, variable_table};
use crate::error::{Error, Result};

/// What an enumeration searches: `inputs` variables, gates up to
/// `max_gates`, whether complements are free (a normal basis: only
/// functions with output 0 on input 0 are searched), whether the first
/// gate is fixed by input symmetry, and whether circuits are counted.
#[derive(Debug, Clone, Copy)]
pub(super) struct SearchConfig {
    pub inputs: usize,
    pub complements_free: bool,
    pub max_gates: usize,
    pub symmetric: bool,
    pub counted: bool,
}

/// One gate of a circuit under construction: which move (operation) of
/// the search's list, reading which two signals (inputs and constants
/// first, then one per earlier gate). A unary move reads `a == b`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub(super) struct GateChoice {
    pub mv: u8,
    pub a: u8,
    pub b: u8,
}

impl GateChoice {
    /// The canonical order of gates: by second operand, then first, then
    /// move.
    fn code(self) -> u32 {
        (u32::from(self.b) * 64 + u32::from(self.a)) * 16 + u32::from(self.mv)
    }
}

/// The best that is known of one function: the fewest gates of a circuit
/// computing it, that circuit (a compact [`Witness`] during the search, a
/// [`Circuit`] after), and `counts[s]`, the circuits of `s` gates that
/// compute it (zero when not counted).
#[derive(Debug, Clone, Copy, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub(super) struct Found<W> {
    pub min_gates: u8,
    pub witness: W,
    pub counts: [u64; MAX_GATES + 1],
}

impl<W: Copy> Found<W> {
    /// Nothing found yet.
    pub(super) fn none(witness: W) -> Self {
        Self {
            min_gates: u8::MAX,
            witness,
            counts: [0; MAX_GATES + 1],
        }
    }

    /// Keeps the smaller circuit and adds the counts.
    pub(super) fn merge(&mut self, other: &Found<W>) {
        if other.min_gates < self.min_gates {
            self.min_gates = other.min_gates;
            self.witness = other.witness;
        }
        for (a, b) in self.counts.iter_mut().zip(other.counts) {
            *a += b;
        }
    }
}

/// Every function the search found, keyed by truth table.
pub(super) struct Searched(FxHashMap<u64, Found<Witness>>);

/// One gate placement: an operation and how its operands are chosen.
#[derive(Debug, Clone, Copy)]
pub(super) struct Move {
    pub op: Op,
    /// Reads one signal only.
    unary: bool,
    /// Only `a < b` is tried: the operation is commutative, or its swapped
    /// twin is also a move and covers `a > b`.
    commutative: bool,
}

pub(super) fn moves_for(ops: &[Op], normal: bool) -> Vec<Move> {
    let ops: Vec<Op> = if normal {
        // With free complements every 2-input gate is one of these.
        vec![Op::AND, Op::AND_NOT, Op::AND_NOT.swapped(), Op::OR, Op::XOR]
    } else {
        let mut chosen: Vec<Op> = Vec::new();
        for &op in ops {
            // A gate reading only its second input is the swapped unary gate.
            let op = if op.uses_b() && !op.uses_a() {
                op.swapped()
            } else {
                op
            };
            if (op.uses_a() || op.uses_b()) && !chosen.contains(&op) {
                chosen.push(op);
            }
        }
        chosen
    };
    ops.iter()
        .map(|&op| Move {
            op,
            unary: !op.uses_b(),
            commutative: op == op.swapped() || ops.contains(&op.swapped()),
        })
        .collect()
}

/// Signals available without gates: the inputs, and (unless complements
/// are free, where constants are useless as operands) the constants 0, 1.
pub(super) fn free_signals(inputs: usize, normal: bool) -> Vec<Signal> {
    let mut free: Vec<Signal> = (0..inputs).map(Signal::Input).collect();
    if !normal {
        free.push(Signal::Constant(false));
        free.push(Signal::Constant(true));
    }
    free
}

fn signal_table(signal: Signal, inputs: usize) -> u64 {
    match signal {
        Signal::Input(i) => variable_table(i, inputs),
        Signal::Constant(false) => 0,
        Signal::Constant(true) => table_mask(inputs),
        Signal::Gate(_) => unreachable!("free signals are inputs or constants"),
    }
}

/// Refuses a search whose gate sequences exceed [`SEARCH_LIMIT`], saying
/// how many there would be.
pub(super) fn check_search_size(config: &SearchConfig, moves: &[Move]) -> Result<()> {
    let free = free_signals(config.inputs, config.complements_free).len();
    let bound = search_bound(free, moves.len(), config.max_gates);
    if bound > SEARCH_LIMIT {
        return Err(Error::TooLarge {
            what: "gate sequences to search",
            count: bound,
            limit: SEARCH_LIMIT,
            hint: "use fewer inputs or gates, or a smaller basis",
        });
    }
    Ok(())
}

/// Upper bound on gate sequences: `Π_i moves · (base + i)²`.
fn search_bound(base: usize, moves: usize, max_gates: usize) -> u128 {
    (0..max_gates).fold(1u128, |total, i| {
        let signals = (base + i) as u128;
        total.saturating_mul(moves as u128 * signals * signals)
    })
}

/// A circuit under construction, as indices into the signal list.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub(super) struct Witness {
    len: u8,
    gates: [GateChoice; MAX_GATES],
}

impl Witness {
    fn to_circuit(self, inputs: usize, free: &[Signal], moves: &[Move]) -> Result<Circuit> {
        let signal = |index: u8| -> Signal {
            let index = usize::from(index);
            if index < free.len() {
                free[index]
            } else {
                Signal::Gate(index - free.len())
            }
        };
        let gates: Vec<Gate> = self.gates[..usize::from(self.len)]
            .iter()
            .map(|g| Gate {
                op: moves[usize::from(g.mv)].op,
                inputs: [signal(g.a), signal(g.b)],
            })
            .collect();
        let output = match gates.len() {
            0 => signal(self.gates[0].a),
            n => Signal::Gate(n - 1),
        };
        Circuit::new(inputs, gates, output, false)
    }
}

/// The depth-first search over gate sequences.
#[derive(Debug, Clone)]
struct Search<'m> {
    moves: &'m [Move],
    max_gates: usize,
    counted: bool,
    mask: u64,
    /// Gate 0 is fixed by symmetry: the order rule starts at gates (1, 2).
    first_fixed: bool,
    /// Free signals, then one per gate.
    signals: Vec<u64>,
    base: usize,
    gates: Vec<GateChoice>,
    /// Times each signal is read by a gate.
    reads: Vec<u8>,
    /// Gates not yet read by a later gate.
    unread: usize,
    /// The same, as a bit per signal index.
    unread_mask: u64,
}

impl<'m> Search<'m> {
    fn witness(&self, last: GateChoice) -> Witness {
        let mut w = Witness {
            len: self.gates.len() as u8 + 1,
            ..Witness::default()
        };
        w.gates[..self.gates.len()].copy_from_slice(&self.gates);
        w.gates[self.gates.len()] = last;
        w
    }

    /// Tries every next gate; records what it computes; recurses below
    /// `stop_depth`, and at `stop_depth` hands the prefix to `park` instead.
    fn extend(
        &mut self,
        records: &mut Records,
        stop_depth: usize,
        park: &mut dyn FnMut(&Search<'m>),
        limit: &mut usize,
    ) -> Result<()> {
        let depth = self.gates.len();
        let count = self.signals.len();
        let remaining = self.max_gates - depth - 1;
        let previous = self.gates.last().copied();
        let check_order = depth >= 1 && !(self.first_fixed && depth == 1);
        let last_signal = (count - 1) as u8;
        for (m, mv) in self.moves.iter().enumerate() {
            for b in 0..count {
                let a_range = if mv.unary {
                    b..b + 1
                } else if mv.commutative {
                    0..b
                } else {
                    0..count
                };
                for a in a_range {
                    if !mv.unary && a == b {
                        continue;
                    }
                    let gate = GateChoice {
                        mv: m as u8,
                        a: a as u8,
                        b: b as u8,
                    };
                    let reads_previous =
                        depth > 0 && (a as u8 == last_signal || b as u8 == last_signal);
                    if check_order
                        && !reads_previous
                        && gate.code() <= previous.expect("depth ≥ 1").code()
                    {
                        continue;
                    }
                    let operands = (1u64 << a) | (1u64 << b);
                    let newly_read = (self.unread_mask & operands).count_ones() as usize;
                    let unread = self.unread + 1 - newly_read;
                    if unread > remaining + 1 {
                        continue;
                    }
                    let table = mv.op.apply(self.signals[a], self.signals[b]) & self.mask;
                    if table == 0 || table == self.mask || self.signals.contains(&table) {
                        continue;
                    }
                    let size = depth + 1;
                    let new =
                        records.record(table, size as u8, self.counted && unread == 1, || {
                            self.witness(gate)
                        });
                    if new {
                        *limit = limit
                            .checked_sub(1)
                            .ok_or_else(|| too_many_functions(FUNCTION_LIMIT as u128 + 1))?;
                    }
                    if remaining == 0 {
                        continue;
                    }
                    self.push(gate, table, unread);
                    if size == stop_depth {
                        park(self);
                    } else {
                        self.extend(records, stop_depth, park, limit)?;
                    }
                    self.pop(gate);
                }
            }
        }
        Ok(())
    }

    fn push(&mut self, gate: GateChoice, table: u64, unread: usize) {
        let GateChoice { a, b, .. } = gate;
        self.reads[usize::from(a)] += 1;
        if b != a {
            self.reads[usize::from(b)] += 1;
        }
        self.unread_mask &= !((1u64 << a) | (1u64 << b));
        self.unread_mask |= 1u64 << self.signals.len();
        self.gates.push(gate);
        self.signals.push(table);
        self.reads.push(0);
        self.unread = unread;
    }

    fn pop(&mut self, gate: GateChoice) {
        let GateChoice { a, b, .. } = gate;
        self.reads.pop();
        self.signals.pop();
        self.gates.pop();
        self.reads[usize::from(a)] -= 1;
        if b != a {
            self.reads[usize::from(b)] -= 1;
        }
        self.unread_mask = (self.base..self.signals.len())
            .filter(|&s| self.reads[s] == 0)
            .fold(0, |mask, s| mask | 1u64 << s);
        self.unread = self.unread_mask.count_ones() as usize;
    }
}

/// Runs the search, in parallel over short prefixes, and returns one entry
/// per function found (normal functions when complements are free),
/// including the gate-free ones.
pub(super) fn search(config: &SearchConfig, moves: &[Move]) -> Result<Searched> {
    let mut root = Search::root(config, moves);
    let mut records = Records::new(config.inputs, config.counted);
    let mut limit = FUNCTION_LIMIT;
    // Gate-free functions: the free signals (under free complements the
    // constant 0 is added with the circuits, after the search).
    for i in 0..root.base {
        let mut witness = Witness::default();
        witness.gates[0] = GateChoice {
            mv: 0,
            a: i as u8,
            b: i as u8,
        };
        records.record(root.signals[i], 0, config.counted, || witness);
        limit -= 1;
    }
    if config.max_gates > 0 {
        let prefixes = if config.symmetric {
            root.symmetric_prefixes(&mut records, &mut limit)?
        } else {
            let mut prefixes = Vec::new();
            let stop = if config.max_gates > 1 { 1 } else { usize::MAX };
            root.extend(
                &mut records,
                stop,
                &mut |s| prefixes.push(s.clone()),
                &mut limit,
            )?;
            prefixes
        };
        records.merge(run_prefixes(prefixes, config.inputs, config.counted)?);
    }
    let entries = records.into_entries();
    if entries.len() > FUNCTION_LIMIT {
        return Err(too_many_functions(entries.len() as u128));
    }
    Ok(Searched(entries.into_iter().collect()))
}

/// The error for an enumeration that finds more than [`FUNCTION_LIMIT`]
/// functions (at least `count`).
fn too_many_functions(count: u128) -> Error {
    Error::TooLarge {
        what: "distinct functions in an enumeration",
        count,
        limit: FUNCTION_LIMIT as u128,
        hint: "use fewer inputs or gates",
    }
}

impl<'m> Search<'m> {
    /// The empty circuit over the free signals.
    fn root(config: &SearchConfig, moves: &'m [Move]) -> Self {
        let free = free_signals(config.inputs, config.complements_free);
        Search {
            moves,
            max_gates: config.max_gates,
            counted: config.counted,
            mask: table_mask(config.inputs),
            first_fixed: config.symmetric,
            signals: free
                .iter()
                .map(|&s| signal_table(s, config.inputs))
                .collect(),
            base: free.len(),
            gates: Vec::new(),
            reads: vec![0; free.len()],
            unread: 0,
            unread_mask: 0,
        }
    }

    /// Under input symmetry, the first gate is `x1 & x2` or `x1 ^ x2`:
    /// records both, and returns the prefixes of two gates to run in
    /// parallel (none if the search ends before).
    fn symmetric_prefixes(
        &self,
        records: &mut Records,
        limit: &mut usize,
    ) -> Result<Vec<Search<'m>>> {
        let mut prefixes = Vec::new();
        for op in [Op::AND, Op::XOR] {
            let m = self
                .moves
                .iter()
                .position(|mv| mv.op == op)
                .expect("a normal basis has AND and XOR moves");
            let gate = GateChoice {
                mv: m as u8,
                a: 0,
                b: 1,
            };
            let table = op.apply(self.signals[0], self.signals[1]) & self.mask;
            if records.record(table, 1, false, || self.witness(gate)) {
                *limit -= 1;
            }
            if self.max_gates > 1 {
                let mut prefix = self.clone();
                prefix.push(gate, table, 1);
                prefixes.push(prefix);
            }
        }
        if self.max_gates <= 2 {
            for mut prefix in prefixes {
                prefix.extend(records, usize::MAX, &mut |_| {}, limit)?;
            }
            return Ok(Vec::new());
        }
        let mut deeper = Vec::new();
        for mut prefix in prefixes {
            prefix.extend(records, 2, &mut |s| deeper.push(s.clone()), limit)?;
        }
        Ok(deeper)
    }
}

/// Extends every parked prefix to the full depth, in parallel when the
/// `rayon` feature is on.
fn run_prefixes(prefixes: Vec<Search<'_>>, inputs: usize, counted: bool) -> Result<Records> {
    let run_into = |records: Result<Records>, mut prefix: Search<'_>| -> Result<Records> {
        let mut records = records?;
        // Dense records hold at most 65,536 functions; only hashed ones can
        // outgrow the limit.
        let mut room = FUNCTION_LIMIT.saturating_sub(records.hashed_len());
        prefix.extend(&mut records, usize::MAX, &mut |_| {}, &mut room)?;
        Ok(records)
    };
    let empty = || Ok(Records::new(inputs, counted));
    let merge = |a: Result<Records>, b: Result<Records>| -> Result<Records> {
        let (mut a, b) = (a?, b?);
        a.merge(b);
        if a.hashed_len() > FUNCTION_LIMIT {
            return Err(too_many_functions(a.hashed_len() as u128));
        }
        Ok(a)
    };
    crate::parallel::fold_merge(prefixes, empty, run_into, merge)
}

impl Searched {
    /// The functions with their witnesses as circuits; under free
    /// complements, with the constant 0 added (the one normal function no
    /// signal holds).
    pub(super) fn into_circuits(
        self,
        config: &SearchConfig,
        moves: &[Move],
    ) -> Result<FxHashMap<u64, Found<Circuit>>> {
        let (inputs, normal) = (config.inputs, config.complements_free);
        let free = free_signals(inputs, normal);
        let mut found = FxHashMap::default();
        for (table, entry) in self.0 {
            let circuit = entry.witness.to_circuit(inputs, &free, moves)?;
            found.insert(
                table,
                Found {
                    min_gates: entry.min_gates,
                    witness: circuit,
                    counts: entry.counts,
                },
            );
        }
        if normal {
            let mut counts = [0; MAX_GATES + 1];
            counts[0] = 1;
            found.insert(
                0,
                Found {
                    min_gates: 0,
                    witness: Circuit::new(inputs, Vec::new(), Signal::Constant(false), false)?,
                    counts,
                },
            );
        }
        Ok(found)
    }
}

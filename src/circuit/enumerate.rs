//! Exhaustive circuit enumeration and exact circuit complexity. The design is documented in [`crate::circuit`].

use rustc_hash::FxHashMap;

use crate::circuit::gates::{Basis, Circuit, Gate, Op, Signal, table_mask, variable_table};
use crate::error::{Error, Result};

/// Most inputs an enumeration handles: truth tables are one `u64`.
pub const MAX_INPUTS: usize = 6;
/// Most gates an enumeration handles.
pub const MAX_GATES: usize = 8;
/// Most distinct functions an enumeration may hold (about 2 GiB of records).
pub const FUNCTION_LIMIT: usize = 1 << 24;
/// Most gate sequences (before pruning) an exhaustive search may face:
/// about 10^15, which 5 inputs with 6 gates stay under (minutes) and 6
/// inputs with 6 gates exceed (hours).
pub const SEARCH_LIMIT: u128 = 1_000_000_000_000_000;

/// What the enumeration knows about one function.
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct FunctionRecord {
    /// Truth table: bit `i` is the output on input `i`.
    pub table: u64,
    /// Fewest gates of any circuit computing it.
    pub min_gates: usize,
    /// A smallest circuit.
    pub witness: Circuit,
    /// `circuits_by_size[s]`: how many enumerated circuits of `s` gates compute
    /// it (canonical gate order, no dead gates; under `Full`, one per choice
    /// of gate output polarities). Empty when the enumeration did not count.
    pub circuits_by_size: Vec<u64>,
}

/// Every function of `inputs` variables computable with at most
/// `max_gates` gates of a basis, with a smallest circuit for each.
///
/// ```
/// use inductive::circuit::{Basis, Enumeration};
///
/// let all = Enumeration::new(2, &Basis::Full, 3)?;
/// assert_eq!(all.functions().len(), 16); // every function of 2 inputs
/// let xor = all.get(0b0110).expect("x1 ^ x2 is computable");
/// assert_eq!(xor.min_gates, 1);
/// assert_eq!(xor.witness.to_string(), "out = x1 ^ x2");
/// # Ok::<(), inductive::Error>(())
/// ```
#[derive(Debug, Clone)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct Enumeration {
    inputs: usize,
    basis: Basis,
    ops: Vec<Op>,
    max_gates: usize,
    counted: bool,
    functions: Vec<FunctionRecord>,
    index: FxHashMap<u64, usize>,
}

impl Enumeration {
    /// Enumerates every circuit up to `max_gates` gates and counts, for each
    /// function, the circuits of each size that compute it (needed by the
    /// sum-over-circuits prior). Exhaustive: use small sizes.
    pub fn new(inputs: usize, basis: &Basis, max_gates: usize) -> Result<Self> {
        Self::run(inputs, basis, max_gates, true)
    }

    /// Finds a smallest circuit for every function within `max_gates`
    /// gates, without counting circuits, using the symmetry of
    /// [`Basis::Full`] (other bases search without it). All 65,536
    /// functions of 4 inputs with up to 7 gates take seconds.
    pub fn smallest(inputs: usize, basis: &Basis, max_gates: usize) -> Result<Self> {
        Self::run(inputs, basis, max_gates, false)
    }

    fn run(inputs: usize, basis: &Basis, max_gates: usize, counted: bool) -> Result<Self> {
        if !(1..=MAX_INPUTS).contains(&inputs) {
            return Err(Error::InvalidSize {
                what: "circuit inputs for an enumeration",
                expected: "between 1 and 6",
                value: inputs,
            });
        }
        if max_gates > MAX_GATES {
            return Err(Error::InvalidSize {
                what: "gates in an enumeration",
                expected: "at most 8",
                value: max_gates,
            });
        }
        let ops = basis.ops()?;
        let normal = basis.complement_is_free();
        let moves = moves_for(&ops, normal);
        // Beyond 4 inputs closing results under k!·2^k transformations costs
        // more than the symmetry saves.
        let symmetric = normal && !counted && (2..=4).contains(&inputs);
        let found = if symmetric && inputs <= 4 && max_gates >= 2 {
            smallest_by_levels(inputs, &moves, max_gates)?
        } else {
            check_search_size(inputs, normal, &moves, max_gates)?;
            let entries = search(inputs, normal, &moves, max_gates, symmetric, counted)?;
            let found = found_from_entries(entries, inputs, &moves, normal)?;
            if symmetric {
                close_under_symmetry(inputs, &found)
            } else {
                found
            }
        };
        let mut enumeration = Self {
            inputs,
            basis: basis.clone(),
            ops,
            max_gates,
            counted,
            functions: Vec::new(),
            index: FxHashMap::default(),
        };
        enumeration.collect(found, normal);
        Ok(enumeration)
    }

    /// Stores the functions found (normal ones and, when complements are
    /// free, their complements), sorted by size then table.
    fn collect(&mut self, found: FxHashMap<u64, Found>, normal: bool) {
        let mask = table_mask(self.inputs);
        let mut functions = Vec::with_capacity(found.len() * if normal { 2 } else { 1 });
        for (table, f) in found {
            let record = |table: u64, witness: Circuit| FunctionRecord {
                table,
                min_gates: usize::from(f.min_gates),
                witness,
                circuits_by_size: if self.counted {
                    f.counts[..=self.max_gates].to_vec()
                } else {
                    Vec::new()
                },
            };
            if normal {
                functions.push(record(!table & mask, f.circuit.complemented()));
            }
            functions.push(record(table, f.circuit));
        }
        functions.sort_by_key(|f| (f.min_gates, f.table));
        self.index = functions
            .iter()
            .enumerate()
            .map(|(i, f)| (f.table, i))
            .collect();
        self.functions = functions;
    }

    /// Number of inputs.
    pub fn inputs(&self) -> usize {
        self.inputs
    }

    /// The basis.
    pub fn basis(&self) -> &Basis {
        &self.basis
    }

    /// Number of operations in the basis (for description lengths).
    pub fn basis_size(&self) -> usize {
        self.ops.len()
    }

    /// The gate budget.
    pub fn max_gates(&self) -> usize {
        self.max_gates
    }

    /// Whether circuits were counted (see [`Enumeration::new`]).
    pub fn counted(&self) -> bool {
        self.counted
    }

    /// Every function found, by size then truth table.
    pub fn functions(&self) -> &[FunctionRecord] {
        &self.functions
    }

    /// The record of the function with this truth table, if computable
    /// within the budget.
    pub fn get(&self, table: u64) -> Option<&FunctionRecord> {
        self.index.get(&table).map(|&i| &self.functions[i])
    }

    /// `histogram[s]`: number of functions whose smallest circuit has `s`
    /// gates.
    pub fn size_histogram(&self) -> Vec<usize> {
        let mut histogram = vec![0; self.max_gates + 1];
        for f in &self.functions {
            histogram[f.min_gates] += 1;
        }
        histogram
    }
}

/// Circuit complexity of every function of `inputs` variables (1 to 4):
/// entry `t` is the fewest gates of a circuit whose truth table is `t`
/// (bit `i` = output on input `i`), or `None` if more than `max_gates` are
/// needed. Inputs and constants cost nothing; under [`Basis::Full`] a
/// function and its complement cost the same (Knuth, TAOCP 4A, §7.1.2).
///
/// ```
/// use inductive::circuit::{Basis, min_circuit_sizes};
///
/// let sizes = min_circuit_sizes(2, Basis::Nand, 4)?;
/// assert_eq!(sizes[0b0111], Some(1)); // NAND itself
/// assert_eq!(sizes[0b1000], Some(2)); // AND = NOT(NAND)
/// assert_eq!(sizes[0b0110], Some(4)); // XOR needs four NANDs
/// # Ok::<(), inductive::Error>(())
/// ```
pub fn min_circuit_sizes(inputs: usize, basis: Basis, max_gates: usize) -> Result<Vec<Option<u8>>> {
    if !(1..=4).contains(&inputs) {
        return Err(Error::InvalidSize {
            what: "inputs for a full complexity table (2^(2^inputs) entries)",
            expected: "between 1 and 4",
            value: inputs,
        });
    }
    let enumeration = Enumeration::smallest(inputs, &basis, max_gates)?;
    let mut sizes = vec![None; 1 << (1 << inputs)];
    for f in enumeration.functions() {
        sizes[f.table as usize] = Some(f.min_gates as u8);
    }
    Ok(sizes)
}

/// One gate placement: an operation and how its operands are chosen.
#[derive(Debug, Clone, Copy)]
struct Move {
    op: Op,
    /// Reads one signal only.
    unary: bool,
    /// Only `a < b` is tried: the operation is commutative, or its swapped
    /// twin is also a move and covers `a > b`.
    commutative: bool,
}

fn moves_for(ops: &[Op], normal: bool) -> Vec<Move> {
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
fn free_signals(inputs: usize, normal: bool) -> Vec<Signal> {
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
fn check_search_size(inputs: usize, normal: bool, moves: &[Move], gates: usize) -> Result<()> {
    let bound = search_bound(free_signals(inputs, normal).len(), moves.len(), gates);
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
struct Witness {
    len: u8,
    gates: [(u8, u8, u8); MAX_GATES],
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
            .map(|&(m, a, b)| Gate {
                op: moves[usize::from(m)].op,
                inputs: [signal(a), signal(b)],
            })
            .collect();
        let output = match gates.len() {
            0 => signal(self.gates[0].1),
            n => Signal::Gate(n - 1),
        };
        Circuit::new(inputs, gates, output, false)
    }
}

/// The best circuit found for one function, and the circuit counts.
#[derive(Debug, Clone, Copy, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
struct Entry {
    min_gates: u8,
    witness: Witness,
    counts: [u64; MAX_GATES + 1],
}

impl Entry {
    fn merge(&mut self, other: &Entry) {
        if other.min_gates < self.min_gates {
            self.min_gates = other.min_gates;
            self.witness = other.witness;
        }
        for (a, b) in self.counts.iter_mut().zip(other.counts) {
            *a += b;
        }
    }
}

/// Records keyed by truth table. Up to 4 inputs they are dense arrays
/// (65,536 slots) whose hot part, the best size so far, is one byte per
/// function; above, a hash map.
#[derive(Debug, Clone)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
enum Records {
    Dense {
        best: Vec<u8>,
        witness: Vec<Witness>,
        counts: Vec<[u64; MAX_GATES + 1]>,
    },
    Sparse(FxHashMap<u64, Entry>),
}

impl Records {
    fn new(inputs: usize, counted: bool) -> Self {
        if inputs <= 4 {
            let slots = 1 << (1 << inputs);
            Records::Dense {
                best: vec![u8::MAX; slots],
                witness: vec![Witness::default(); slots],
                counts: if counted {
                    vec![[0; MAX_GATES + 1]; slots]
                } else {
                    Vec::new()
                },
            }
        } else {
            Records::Sparse(FxHashMap::default())
        }
    }

    /// Functions held in a hash map (0 for dense records, which are
    /// bounded by their 65,536 slots).
    fn hashed_len(&self) -> usize {
        match self {
            Records::Dense { .. } => 0,
            Records::Sparse(m) => m.len(),
        }
    }

    /// Notes a circuit of `size` gates computing `table`; returns whether
    /// the function is new. `witness` is built only if it improves.
    #[inline]
    fn record(
        &mut self,
        table: u64,
        size: u8,
        count: bool,
        witness: impl FnOnce() -> Witness,
    ) -> bool {
        match self {
            Records::Dense {
                best,
                witness: witnesses,
                counts,
            } => {
                let t = table as usize;
                let new = best[t] == u8::MAX;
                if size < best[t] {
                    best[t] = size;
                    witnesses[t] = witness();
                }
                if count {
                    counts[t][usize::from(size)] += 1;
                }
                new
            }
            Records::Sparse(map) => {
                let mut new = false;
                let entry = map.entry(table).or_insert_with(|| {
                    new = true;
                    Entry {
                        min_gates: u8::MAX,
                        witness: Witness::default(),
                        counts: [0; MAX_GATES + 1],
                    }
                });
                if size < entry.min_gates {
                    entry.min_gates = size;
                    entry.witness = witness();
                }
                if count {
                    entry.counts[usize::from(size)] += 1;
                }
                new
            }
        }
    }

    fn merge(&mut self, other: Records) {
        for (table, entry) in other.into_entries() {
            match self {
                Records::Dense {
                    best,
                    witness,
                    counts,
                } => {
                    let t = table as usize;
                    if entry.min_gates < best[t] {
                        best[t] = entry.min_gates;
                        witness[t] = entry.witness;
                    }
                    if !counts.is_empty() {
                        for (a, b) in counts[t].iter_mut().zip(entry.counts) {
                            *a += b;
                        }
                    }
                }
                Records::Sparse(map) => map
                    .entry(table)
                    .or_insert(Entry {
                        min_gates: u8::MAX,
                        witness: Witness::default(),
                        counts: [0; MAX_GATES + 1],
                    })
                    .merge(&entry),
            }
        }
    }

    fn into_entries(self) -> Vec<(u64, Entry)> {
        match self {
            Records::Dense {
                best,
                witness,
                counts,
            } => best
                .iter()
                .enumerate()
                .filter(|&(_, &b)| b != u8::MAX)
                .map(|(t, &b)| {
                    let entry = Entry {
                        min_gates: b,
                        witness: witness[t],
                        counts: counts.get(t).copied().unwrap_or([0; MAX_GATES + 1]),
                    };
                    (t as u64, entry)
                })
                .collect(),
            Records::Sparse(m) => m.into_iter().collect(),
        }
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
    /// `(move, a, b)` per gate.
    gates: Vec<(u8, u8, u8)>,
    /// Times each signal is read by a gate.
    reads: Vec<u8>,
    /// Gates not yet read by a later gate.
    unread: usize,
    /// The same, as a bit per signal index.
    unread_mask: u64,
}

impl<'m> Search<'m> {
    fn code(&self, gate: (u8, u8, u8)) -> u32 {
        let (m, a, b) = gate;
        (u32::from(b) * 64 + u32::from(a)) * 16 + u32::from(m)
    }

    fn witness(&self, last: (u8, u8, u8)) -> Witness {
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
                    let gate = (m as u8, a as u8, b as u8);
                    let reads_previous =
                        depth > 0 && (a as u8 == last_signal || b as u8 == last_signal);
                    if check_order
                        && !reads_previous
                        && self.code(gate) <= self.code(previous.expect("depth ≥ 1"))
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
                        *limit = limit.checked_sub(1).ok_or(Error::TooLarge {
                            what: "distinct functions in an enumeration",
                            count: FUNCTION_LIMIT as u128 + 1,
                            limit: FUNCTION_LIMIT as u128,
                            hint: "use fewer inputs or gates",
                        })?;
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

    fn push(&mut self, gate: (u8, u8, u8), table: u64, unread: usize) {
        let (_, a, b) = gate;
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

    fn pop(&mut self, gate: (u8, u8, u8)) {
        let (_, a, b) = gate;
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
fn search(
    inputs: usize,
    normal: bool,
    moves: &[Move],
    max_gates: usize,
    symmetric: bool,
    counted: bool,
) -> Result<FxHashMap<u64, Entry>> {
    let free = free_signals(inputs, normal);
    let mask = table_mask(inputs);
    let mut root = Search {
        moves,
        max_gates,
        counted,
        mask,
        first_fixed: symmetric,
        signals: free.iter().map(|&s| signal_table(s, inputs)).collect(),
        base: free.len(),
        gates: Vec::new(),
        reads: vec![0; free.len()],
        unread: 0,
        unread_mask: 0,
    };
    let mut records = Records::new(inputs, counted);
    let mut limit = FUNCTION_LIMIT;
    // Gate-free functions: the free signals (under free complements the
    // constant 0 is added with the circuits, after the search).
    let free_tables: Vec<(u64, Witness)> = (0..free.len())
        .map(|i| {
            let mut w = Witness::default();
            w.gates[0] = (0, i as u8, i as u8);
            (root.signals[i], w)
        })
        .collect();
    for (table, witness) in free_tables {
        records.record(table, 0, counted, || witness);
        limit -= 1;
    }

    if max_gates > 0 {
        let mut prefixes: Vec<Search<'_>> = Vec::new();
        if symmetric {
            // Fix the first gate to x1 & x2 or x1 ^ x2 (moves 0 and 4).
            for m in [0u8, 4] {
                let gate = (m, 0u8, 1u8);
                let table = moves[usize::from(m)]
                    .op
                    .apply(root.signals[0], root.signals[1])
                    & mask;
                if records.record(table, 1, false, || root.witness(gate)) {
                    limit -= 1;
                }
                if max_gates > 1 {
                    let mut prefix = root.clone();
                    prefix.push(gate, table, 1);
                    prefixes.push(prefix);
                }
            }
            if max_gates > 2 {
                let mut deeper = Vec::new();
                for mut prefix in prefixes {
                    prefix.extend(&mut records, 2, &mut |s| deeper.push(s.clone()), &mut limit)?;
                }
                prefixes = deeper;
            } else {
                for mut prefix in prefixes.drain(..) {
                    prefix.extend(&mut records, usize::MAX, &mut |_| {}, &mut limit)?;
                }
            }
        } else {
            let stop = if max_gates > 1 { 1 } else { usize::MAX };
            root.extend(
                &mut records,
                stop,
                &mut |s| prefixes.push(s.clone()),
                &mut limit,
            )?;
        }
        let parts = run_prefixes(prefixes, inputs, counted)?;
        records.merge(parts);
    }
    let entries = records.into_entries();
    if entries.len() > FUNCTION_LIMIT {
        return Err(Error::TooLarge {
            what: "distinct functions in an enumeration",
            count: entries.len() as u128,
            limit: FUNCTION_LIMIT as u128,
            hint: "use fewer inputs or gates",
        });
    }
    Ok(entries.into_iter().collect())
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
    #[cfg(feature = "rayon")]
    {
        use rayon::prelude::*;
        let merge = |a: Result<Records>, b: Result<Records>| -> Result<Records> {
            let (mut a, b) = (a?, b?);
            a.merge(b);
            if a.hashed_len() > FUNCTION_LIMIT {
                return Err(Error::TooLarge {
                    what: "distinct functions in an enumeration",
                    count: a.hashed_len() as u128,
                    limit: FUNCTION_LIMIT as u128,
                    hint: "use fewer inputs or gates",
                });
            }
            Ok(a)
        };
        prefixes
            .into_par_iter()
            .fold(empty, run_into)
            .reduce(empty, merge)
    }
    #[cfg(not(feature = "rayon"))]
    {
        prefixes.into_iter().fold(empty(), run_into)
    }
}

/// An input transformation: input `i` of the transformed function reads
/// input `perm[i]` of the original, negated where `negate` has bit `i`.
#[derive(Debug, Clone)]
struct Transform {
    /// `source[y]`: the original input index that transformed index `y` reads.
    source: Vec<u8>,
    perm: Vec<usize>,
    negate: usize,
}

fn transforms(inputs: usize) -> Vec<Transform> {
    let mut perms: Vec<Vec<usize>> = vec![Vec::new()];
    for _ in 0..inputs {
        perms = perms
            .into_iter()
            .flat_map(|p| {
                (0..inputs)
                    .filter(|i| !p.contains(i))
                    .map(|i| {
                        let mut q = p.clone();
                        q.push(i);
                        q
                    })
                    .collect::<Vec<_>>()
            })
            .collect();
    }
    let mut out = Vec::new();
    for perm in &perms {
        for negate in 0..1usize << inputs {
            let source = (0..1usize << inputs)
                .map(|y| {
                    let mut x = 0;
                    for (i, &p) in perm.iter().enumerate() {
                        let bit = ((y >> i) & 1) ^ ((negate >> i) & 1);
                        x |= bit << p;
                    }
                    x as u8
                })
                .collect();
            out.push(Transform {
                source,
                perm: perm.clone(),
                negate,
            });
        }
    }
    out
}

impl Transform {
    /// `g(y) = f(x)` with `x_{perm[i]} = y_i ^ negate_i`.
    fn apply(&self, table: u64) -> u64 {
        self.source
            .iter()
            .enumerate()
            .fold(0, |g, (y, &x)| g | (((table >> x) & 1) << y))
    }

    /// A circuit for the transformed function: original input `perm[i]`
    /// becomes input `i`, and its negation is folded into every gate that
    /// reads it (any operation is allowed under `Full`).
    fn apply_circuit(&self, circuit: &Circuit) -> Circuit {
        let inputs = self.perm.len();
        let mut inverse = vec![0usize; inputs];
        for (i, &p) in self.perm.iter().enumerate() {
            inverse[p] = i;
        }
        let map = |signal: Signal| -> (Signal, bool) {
            match signal {
                Signal::Input(p) => (
                    Signal::Input(inverse[p]),
                    (self.negate >> inverse[p]) & 1 == 1,
                ),
                other => (other, false),
            }
        };
        let gates = circuit
            .gates()
            .iter()
            .map(|gate| {
                let (a, negate_a) = map(gate.inputs[0]);
                let (b, negate_b) = map(gate.inputs[1]);
                let mut op = gate.op;
                if negate_a {
                    op = op.negate_a();
                }
                if negate_b {
                    op = op.negate_b();
                }
                Gate { op, inputs: [a, b] }
            })
            .collect();
        let (output, negate_output) = map(circuit.output());
        Circuit::new(
            inputs,
            gates,
            output,
            circuit.negates_output() ^ negate_output,
        )
        .expect("relabelling inputs keeps a circuit valid")
    }
}

/// Smallest circuits of every function of up to 4 inputs under free
/// complements, exactly, without searching the last level exhaustively:
/// the search up to `max_gates - 1` gates proves that every function it
/// misses needs at least `max_gates`; joining two known circuits whose sizes
/// sum to `max_gates - 1` under one more gate shows which need exactly that.
/// Should any function stay unexplained, the full search runs instead.
fn smallest_by_levels(
    inputs: usize,
    moves: &[Move],
    max_gates: usize,
) -> Result<FxHashMap<u64, Found>> {
    let exhaustive = |gates: usize| -> Result<FxHashMap<u64, Found>> {
        check_search_size(inputs, true, moves, gates)?;
        let entries = search(inputs, true, moves, gates, true, false)?;
        Ok(close_under_symmetry(
            inputs,
            &found_from_entries(entries, inputs, moves, true)?,
        ))
    };
    let normal_functions = 1usize << ((1 << inputs) - 1);
    // Search level by level, so that a generous budget stops as soon as
    // every function is explained.
    for searched in 1..max_gates {
        let mut found = exhaustive(searched)?;
        if found.len() == normal_functions {
            return Ok(found);
        }
        let joined = join_level(&found, moves, searched + 1)?;
        found.extend(joined);
        if found.len() == normal_functions {
            return Ok(found);
        }
    }
    exhaustive(max_gates)
}

/// Functions not in `found` that one more gate on two disjoint known
/// circuits computes with `gates` gates in all.
fn join_level(
    found: &FxHashMap<u64, Found>,
    moves: &[Move],
    gates: usize,
) -> Result<FxHashMap<u64, Found>> {
    let mut by_cost: Vec<Vec<u64>> = vec![Vec::new(); gates];
    for (&table, f) in found {
        if usize::from(f.min_gates) < gates {
            by_cost[usize::from(f.min_gates)].push(table);
        }
    }
    for list in &mut by_cost {
        list.sort_unstable();
    }
    let mut joined: FxHashMap<u64, Found> = FxHashMap::default();
    for cost_g in 0..gates {
        for cost_h in cost_g..gates - cost_g {
            for &g in &by_cost[cost_g] {
                for &h in &by_cost[cost_h] {
                    for m in moves {
                        for (a, b) in [(g, h), (h, g)] {
                            let table = m.op.apply(a, b);
                            if found.contains_key(&table) || joined.contains_key(&table) {
                                continue;
                            }
                            let circuit = join(&found[&a], &found[&b], m.op)?;
                            joined.insert(
                                table,
                                Found {
                                    min_gates: gates as u8,
                                    circuit,
                                    counts: [0; MAX_GATES + 1],
                                },
                            );
                        }
                    }
                }
            }
        }
    }
    Ok(joined)
}

/// The circuit `op(a, b)` built from disjoint circuits for `a` and `b`.
fn join(a: &Found, b: &Found, op: Op) -> Result<Circuit> {
    let (ca, cb) = (&a.circuit, &b.circuit);
    let shift = ca.size();
    let moved = |s: Signal| match s {
        Signal::Gate(g) => Signal::Gate(g + shift),
        other => other,
    };
    let mut gates = ca.gates().to_vec();
    gates.extend(cb.gates().iter().map(|g| Gate {
        op: g.op,
        inputs: [moved(g.inputs[0]), moved(g.inputs[1])],
    }));
    let mut last = op;
    if ca.negates_output() {
        last = last.negate_a();
    }
    if cb.negates_output() {
        last = last.negate_b();
    }
    gates.push(Gate {
        op: last,
        inputs: [ca.output(), moved(cb.output())],
    });
    let output = Signal::Gate(gates.len() - 1);
    Circuit::new(ca.inputs(), gates, output, false)
}

/// A function found, with a circuit computing exactly its table.
#[derive(Debug, Clone)]
struct Found {
    min_gates: u8,
    circuit: Circuit,
    counts: [u64; MAX_GATES + 1],
}

/// Turns search entries into circuits; under free complements, adds the
/// constant 0 (the one normal function no signal holds).
fn found_from_entries(
    entries: FxHashMap<u64, Entry>,
    inputs: usize,
    moves: &[Move],
    normal: bool,
) -> Result<FxHashMap<u64, Found>> {
    let free = free_signals(inputs, normal);
    let mut found = FxHashMap::default();
    for (table, entry) in entries {
        let circuit = entry.witness.to_circuit(inputs, &free, moves)?;
        found.insert(
            table,
            Found {
                min_gates: entry.min_gates,
                circuit,
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
                circuit: Circuit::new(inputs, Vec::new(), Signal::Constant(false), false)?,
                counts,
            },
        );
    }
    Ok(found)
}

/// Extends the canonical-first-gate search to every normal function: the
/// cost of `π(f)` equals that of `f` for every input transformation π.
fn close_under_symmetry(inputs: usize, found: &FxHashMap<u64, Found>) -> FxHashMap<u64, Found> {
    let mask = table_mask(inputs);
    let mut closed: FxHashMap<u64, Found> = FxHashMap::default();
    for transform in transforms(inputs) {
        for (&table, f) in found {
            let image = transform.apply(table);
            let (key, complemented) = if image & 1 == 1 {
                (!image & mask, true)
            } else {
                (image, false)
            };
            let better = closed.get(&key).is_none_or(|c| f.min_gates < c.min_gates);
            if better {
                let mut circuit = transform.apply_circuit(&f.circuit);
                if complemented {
                    circuit = circuit.complemented();
                }
                closed.insert(
                    key,
                    Found {
                        min_gates: f.min_gates,
                        circuit,
                        counts: [0; MAX_GATES + 1],
                    },
                );
            }
        }
    }
    closed
}

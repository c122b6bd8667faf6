//! Exhaustive circuit enumeration and exact circuit complexity. The design
//! is documented in [`crate::circuit`].
//!
//! - this file: the [`Enumeration`] API and the choice of method;
//! - `search`: the depth-first search over canonical gate sequences, in
//!   parallel over prefixes, and `records`, what it keeps per function;
//! - `symmetry`: input permutations and negations, which extend a search
//!   with a fixed first gate to every function;
//! - `join`: the level join that proves the last level without searching
//!   it.

mod join;
mod records;
mod search;
mod symmetry;

use rustc_hash::FxHashMap;

use self::join::smallest_by_levels;
use self::search::{Found, SearchConfig, check_search_size, moves_for, search};
use self::symmetry::close_under_symmetry;
use crate::circuit::gates::{Basis, Circuit, Op, table_mask};
use crate::error::{Error, Result};

/// Most inputs an enumeration handles: truth tables are one `u64`.
pub const MAX_ENUMERATION_INPUTS: usize = 6;
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
        if !(1..=MAX_ENUMERATION_INPUTS).contains(&inputs) {
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
            let config = SearchConfig {
                inputs,
                complements_free: normal,
                max_gates,
                symmetric,
                counted,
            };
            check_search_size(&config, &moves)?;
            let found = search(&config, &moves)?.into_circuits(&config, &moves)?;
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
    fn collect(&mut self, found: FxHashMap<u64, Found<Circuit>>, normal: bool) {
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
                functions.push(record(!table & mask, f.witness.complemented()));
            }
            functions.push(record(table, f.witness));
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

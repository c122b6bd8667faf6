//! What a search records per function, keyed by truth table: dense arrays
//! up to 4 inputs, a hash map above.

use rustc_hash::FxHashMap;

use super::MAX_GATES;
use super::search::{Found, Witness};

/// Records keyed by truth table. Up to 4 inputs they are dense arrays
/// (65,536 slots) whose hot part, the best size so far, is one byte per
/// function; above, a hash map.
#[derive(Debug, Clone)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub(super) enum Records {
    Dense {
        best: Vec<u8>,
        witness: Vec<Witness>,
        counts: Vec<[u64; MAX_GATES + 1]>,
    },
    Sparse(FxHashMap<u64, Found<Witness>>),
}

impl Records {
    pub(super) fn new(inputs: usize, counted: bool) -> Self {
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
    pub(super) fn hashed_len(&self) -> usize {
        match self {
            Records::Dense { .. } => 0,
            Records::Sparse(m) => m.len(),
        }
    }

    /// Notes a circuit of `size` gates computing `table`; returns whether
    /// the function is new. `witness` is built only if it improves.
    #[inline]
    pub(super) fn record(
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
                    Found::none(Witness::default())
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

    pub(super) fn merge(&mut self, other: Records) {
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
                    .or_insert(Found::none(Witness::default()))
                    .merge(&entry),
            }
        }
    }

    pub(super) fn into_entries(self) -> Vec<(u64, Found<Witness>)> {
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
                    let entry = Found {
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

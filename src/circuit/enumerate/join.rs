//! The level join: smallest circuits at the last level without searching
//! it, by joining two known circuits under one more gate.

use rustc_hash::FxHashMap;

use super::MAX_GATES;
use super::search::{Found, Move, SearchConfig, check_search_size, search};
use super::symmetry::close_under_symmetry;
use crate::circuit::gates::{Circuit, Gate, Op, Signal};
use crate::error::Result;

/// Smallest circuits of every function of up to 4 inputs under free
/// complements, exactly, without searching the last level exhaustively:
/// the search up to `max_gates - 1` gates proves that every function it
/// misses needs at least `max_gates`; joining two known circuits whose sizes
/// sum to `max_gates - 1` under one more gate shows which need exactly that.
/// Should any function stay unexplained, the full search runs instead.
pub(super) fn smallest_by_levels(
    inputs: usize,
    moves: &[Move],
    max_gates: usize,
) -> Result<FxHashMap<u64, Found<Circuit>>> {
    let exhaustive = |gates: usize| -> Result<FxHashMap<u64, Found<Circuit>>> {
        let config = SearchConfig {
            inputs,
            complements_free: true,
            max_gates: gates,
            symmetric: true,
            counted: false,
        };
        check_search_size(&config, moves)?;
        let found = search(&config, moves)?.into_circuits(&config, moves)?;
        Ok(close_under_symmetry(inputs, &found))
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
    found: &FxHashMap<u64, Found<Circuit>>,
    moves: &[Move],
    gates: usize,
) -> Result<FxHashMap<u64, Found<Circuit>>> {
    let mut by_cost: Vec<Vec<u64>> = vec![Vec::new(); gates];
    for (&table, f) in found {
        if usize::from(f.min_gates) < gates {
            by_cost[usize::from(f.min_gates)].push(table);
        }
    }
    for list in &mut by_cost {
        list.sort_unstable();
    }
    let mut joined: FxHashMap<u64, Found<Circuit>> = FxHashMap::default();
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
                                    witness: circuit,
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
fn join(a: &Found<Circuit>, b: &Found<Circuit>, op: Op) -> Result<Circuit> {
    let (ca, cb) = (&a.witness, &b.witness);
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

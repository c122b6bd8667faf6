//! Input permutations and negations: under free complements a function's
//! cost is that of every transform of it, so a search with a fixed first
//! gate extends to every function.

use rustc_hash::FxHashMap;

use super::MAX_GATES;
use super::search::Found;
use crate::circuit::gates::{Circuit, Gate, Signal, table_mask};

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

/// Extends the canonical-first-gate search to every normal function: the
/// cost of `π(f)` equals that of `f` for every input transformation π.
pub(super) fn close_under_symmetry(
    inputs: usize,
    found: &FxHashMap<u64, Found<Circuit>>,
) -> FxHashMap<u64, Found<Circuit>> {
    let mask = table_mask(inputs);
    let mut closed: FxHashMap<u64, Found<Circuit>> = FxHashMap::default();
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
                let mut circuit = transform.apply_circuit(&f.witness);
                if complemented {
                    circuit = circuit.complemented();
                }
                closed.insert(
                    key,
                    Found {
                        min_gates: f.min_gates,
                        witness: circuit,
                        counts: [0; MAX_GATES + 1],
                    },
                );
            }
        }
    }
    closed
}

//! The circuit-prior mixture discovers a rule from noisy data.
//!
//! Data: the next bit is `x1 XOR x3` (the last bit XOR the one three back),
//! flipped with probability 0.1. The mixture holds every function of the
//! last 4 bits (65,536 of them), each weighted by the description length of
//! its smallest circuit; it prints how its belief concentrates, the top
//! circuits, and Knuth's table of how many 4-input functions need each
//! number of gates.
//!
//! ```text
//! cargo run --release --example circuits
//! ```

use std::time::Instant;

use inductive::circuit::{Basis, CircuitMixture, Enumeration, FunctionPrior, Leaf};
use inductive::eval::Table;
use inductive::prelude::*;
use rand::{RngExt, SeedableRng};
use rand_chacha::ChaCha8Rng;

fn main() -> Result<(), Error> {
    let start = Instant::now();
    let all = Enumeration::smallest(4, &Basis::Full, 7)?;
    println!(
        "enumerated smallest circuits for all {} functions of 4 inputs in {:.1} s\n",
        all.functions().len(),
        start.elapsed().as_secs_f64()
    );

    let mut sizes = Table::new(["gates", "functions", "circuit prior (bits)"]);
    for (gates, count) in all.size_histogram().iter().enumerate() {
        let bits = inductive::circuit::circuit_bits(4, all.basis_size(), gates, true);
        sizes.push_row([gates.to_string(), count.to_string(), format!("{bits:.1}")]);
    }
    println!("4-input functions by minimum circuit size (Knuth, TAOCP 4A §7.1.2):\n{sizes}");

    let mut rng = ChaCha8Rng::seed_from_u64(7);
    let mut bits = vec![false, true, true];
    while bits.len() < 400 {
        let t = bits.len();
        let rule = bits[t - 1] ^ bits[t - 3];
        bits.push(if rng.random_bool(0.1) { !rule } else { rule });
    }

    for leaf in [Leaf::Noisy(0.1), Leaf::Learning] {
        let mut mixture = CircuitMixture::new(&all, FunctionPrior::SmallestCircuit, leaf)?;
        let mut progress = Table::new(["bits seen", "code length", "P(x1 ^ x3)"]);
        let mut code = 0.0;
        for (t, &bit) in bits.iter().enumerate() {
            code += mixture.observe_bit(bit);
            if [10, 25, 50, 100, 200, 400].contains(&(t + 1)) {
                let target = mixture
                    .explain(4)
                    .iter()
                    .filter(|h| {
                        h.description.starts_with("out = x1 ^ x3")
                            || h.description.starts_with("out = !(x1 ^ x3)")
                    })
                    .fold(0.0, |total, h| total + h.weight);
                progress.push_row([
                    (t + 1).to_string(),
                    format!("{code:.1}"),
                    format!("{target:.4}"),
                ]);
            }
        }
        println!("leaf {leaf:?}: next = x1 ^ x3, flipped with probability 0.1\n{progress}");
        println!("top circuits:");
        for h in mixture.explain(5) {
            println!("  {h}");
        }
        println!();
    }
    Ok(())
}

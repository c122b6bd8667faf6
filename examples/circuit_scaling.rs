//! How circuit enumeration and the circuit mixture scale with inputs and
//! gates: functions found, enumeration time, the mixture's memory and its
//! predict + update throughput.
//!
//! ```text
//! cargo run --release --example circuit_scaling            # up to k = 6, 4 gates
//! cargo run --release --example circuit_scaling -- large   # adds k = 6, 5 gates (≈40 s, ≈4 GB)
//! ```

use std::time::Instant;

use inductive::circuit::{Basis, CircuitMixture, Enumeration, FunctionPrior, Leaf};
use inductive::eval::Table;
use inductive::prelude::*;

#[path = "common/progress.rs"]
mod progress;

fn main() -> Result<(), Error> {
    let large = std::env::args().any(|a| a == "large");
    let mut cases = vec![(3, 4), (4, 7), (5, 4), (5, 5), (6, 4)];
    if large {
        cases.push((6, 5));
    }
    let bits: Vec<bool> = (0..200u32).map(|t| (t * t + 3 * t) % 7 < 3).collect();
    let mut table = Table::new([
        "inputs",
        "≤ gates",
        "functions",
        "enumerate (s)",
        "noisy bits/s",
        "learning bits/s",
    ]);
    for (inputs, gates) in cases {
        let spinner = progress::spinner(&format!(
            "{inputs} inputs, at most {gates} gates: enumerating, then mixing"
        ));
        let start = Instant::now();
        let enumeration = Enumeration::smallest(inputs, &Basis::Full, gates)?;
        let enumerate = start.elapsed().as_secs_f64();
        let mut rates = Vec::new();
        for leaf in [Leaf::Noisy(0.1), Leaf::Learning] {
            let mut mixture =
                CircuitMixture::new(&enumeration, FunctionPrior::SmallestCircuit, leaf)?;
            let start = Instant::now();
            mixture.observe(&bits);
            rates.push(bits.len() as f64 / start.elapsed().as_secs_f64());
        }
        spinner.finish_and_clear();
        table.push_row([
            inputs.to_string(),
            gates.to_string(),
            enumeration.functions().len().to_string(),
            format!("{enumerate:.2}"),
            format!("{:.0}", rates[0]),
            format!("{:.0}", rates[1]),
        ]);
    }
    println!("Circuit mixtures over every function of at most the given gates (full basis)\n");
    print!("{table}");
    Ok(())
}

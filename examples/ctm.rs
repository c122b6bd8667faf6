//! The coding-theorem method: the output distribution of every small
//! Turing machine, complexity estimates `K(s) = -log2 D(n)(s)`, and a
//! predictor conditioned on it.
//!
//! ```text
//! cargo run --release --example ctm              # 2 and 3 states
//! cargo run --release --example ctm -- 4 out.tsv # also 4 states (1.1 × 10^10 machines), written to a file
//! ```

use std::io::Write;
use std::time::Instant;

use inductive::eval::Table;
use inductive::prelude::*;
use inductive::solomonoff::ctm::{Ctm, OutputDistribution};

#[path = "common/progress.rs"]
mod progress;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let largest: usize = args.next().map_or(Ok(3), |a| a.parse())?;
    let file = args.next();
    let mut summary = Table::new([
        "states",
        "machines",
        "halting",
        "outputs",
        "most steps",
        "most ones",
        "seconds",
    ]);
    let mut last = None;
    for (states, steps) in [(2, 100), (3, 100), (4, 400)] {
        if states > largest {
            break;
        }
        let spinner = progress::spinner(&format!("enumerating every {states}-state machine"));
        let start = Instant::now();
        let d = OutputDistribution::enumerate(states, steps)?;
        spinner.finish_and_clear();
        summary.push_row([
            states.to_string(),
            d.machines().to_string(),
            d.halting().to_string(),
            d.iter().count().to_string(),
            d.most_steps().to_string(),
            d.most_ones().to_string(),
            format!("{:.3}", start.elapsed().as_secs_f64()),
        ]);
        last = Some(d);
    }
    println!("Output distributions D(n) of n-state, 2-symbol Turing machines\n{summary}");
    let d = last.ok_or("give at least 2 states")?;

    let mut simplest: Vec<(&str, u64)> = d.iter().collect();
    simplest.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.len().cmp(&b.0.len())));
    let mut table = Table::new(["output", "machines", "K(s) bits"]);
    for (output, count) in simplest.iter().take(12) {
        let k = d.complexity(output).expect("produced");
        table.push_row([output.to_string(), count.to_string(), format!("{k:.3}")]);
    }
    println!("most frequent outputs of {} states:\n{table}", d.states());

    if let Some(path) = file {
        let mut out = std::io::BufWriter::new(std::fs::File::create(&path)?);
        writeln!(out, "output\tmachines\tK_bits")?;
        for (output, count) in d.iter() {
            writeln!(
                out,
                "{output}\t{count}\t{:.6}",
                d.complexity(output).expect("produced")
            )?;
        }
        println!("wrote {} outputs to {path}", d.iter().count());
    }

    let champion = d
        .iter()
        .max_by_key(|(output, _)| {
            (
                output.bytes().filter(|&b| b == b'1').count(),
                std::cmp::Reverse(output.len()),
            )
        })
        .map(|(output, _)| output.to_string())
        .expect("some machine halts");
    let machine = d.witness(&champion).expect("produced");
    let (_, steps) = machine.run(d.max_steps())?.expect("halts");
    println!("a machine leaving the most ones ({champion}, {steps} steps):\n{machine}\n");

    let mut ctm = Ctm::new(d);
    let bits = ctm.observe([true, false, true, false, true]);
    println!(
        "CTM predictor on 10101: {bits:.2} bits; P(next = 0) = {:.3}",
        1.0 - ctm.predict()
    );
    Ok(())
}

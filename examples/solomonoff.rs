//! The bounded Solomonoff mixture learns a program's output.
//!
//! A program for the BrainPhoque machine (binary tape of 16 cells) is drawn
//! from the Solomonoff prior — instructions sampled uniformly as the
//! machine asks for them — and its first 256 output bits are the data.
//! Two mixtures over every program of at most 8 instructions (1,000 steps
//! each) predict them: one with the length prior `7^-n`, one with the
//! speed prior `7^-n / t`. The table shows code length, Solomonoff's bound
//! `n·log2 7` for the generating program, live programs and lost mass; the
//! top programs follow.
//!
//! ```text
//! cargo run --release --example solomonoff
//! ```

use std::time::Instant;

use inductive::eval::Table;
use inductive::prelude::*;
use inductive::solomonoff::{BrainPhoque, ProgramPrior, Solomonoff};
use inductive::sources::ProgramSource;
use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;

fn main() -> Result<(), Error> {
    let machine = BrainPhoque::new(2, 16)?.start();
    let mut rng = ChaCha8Rng::seed_from_u64(2);
    let source = ProgramSource::sample(&machine, 8, 1000, 256, 1_000_000, &mut rng)?;
    let text: String = source.output()[..64]
        .iter()
        .map(|&b| if b { '1' } else { '0' })
        .collect();
    println!("data: the output of `{}`\n  {text}…\n", source.program());

    for prior in [ProgramPrior::Length, ProgramPrior::Speed] {
        let start = Instant::now();
        let mut mixture = Solomonoff::new(machine.clone(), 8, 1000, prior)?;
        let mut table = Table::new(["bits seen", "code length", "live programs", "lost mass"]);
        let mut code = 0.0;
        for (t, &bit) in source.output().iter().enumerate() {
            code += mixture.observe_bit(bit);
            if [1, 4, 16, 64, 256].contains(&(t + 1)) {
                table.push_row([
                    (t + 1).to_string(),
                    format!("{code:.2}"),
                    mixture.live_programs().to_string(),
                    format!("{:.4}", mixture.lost_mass()),
                ]);
            }
        }
        println!(
            "{prior:?} prior, programs of ≤ 8 instructions ({:.2} s); bound n·log2 7 = {:.2} bits",
            start.elapsed().as_secs_f64(),
            source.bound_bits()
        );
        print!("{table}");
        println!("top programs:");
        for h in mixture.explain(5) {
            println!("  {h}");
        }
        println!();
    }
    Ok(())
}

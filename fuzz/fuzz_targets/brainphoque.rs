//! Arbitrary BrainPhoque programs, machines and instruction lists: every
//! run ends within its budget with a result or an error, and every output
//! symbol is below the alphabet size.
#![no_main]

use inductive::solomonoff::{BrainPhoque, ProgramPrior, Solomonoff};
use inductive::sources::ProgramSource;
use inductive::{Predictor, PredictorExt};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let [alphabet, memory, steps, output, rest @ ..] = data else {
        return;
    };
    let Ok(machine) = BrainPhoque::new(usize::from(*alphabet), usize::from(*memory) * 16) else {
        return;
    };
    // Bytes as program text: tokens mostly, anything else sometimes.
    let text: String = rest
        .iter()
        .map(|&b| char::from(b"+-><[].{+-><[].{x"[usize::from(b) % 17]))
        .collect();
    let max_steps = u64::from(*steps) * 8;
    if let Ok(run) = machine.run(&text, max_steps, usize::from(*output)) {
        assert!(run.steps <= max_steps.max(1));
        assert!(run.output.iter().all(|&s| usize::from(s) < machine.alphabet_size()));
        assert!(run.output.len() <= usize::from(*output));
    }
    // Bytes as instruction indices, out-of-range ones included.
    let instructions: Vec<usize> = rest.iter().map(|&b| usize::from(b % 12)).collect();
    let _ = ProgramSource::from_program(&machine.start(), &instructions, max_steps.max(1), 4);
    // A small mixture over the same machine, fed the program's bytes as bits.
    if let Ok(mut mixture) =
        Solomonoff::new(machine.start(), usize::from(*output % 4), 64, ProgramPrior::Length)
    {
        for &b in rest.iter().take(16) {
            let p = mixture.predict();
            assert!((0.0..=1.0).contains(&p));
            mixture.observe_bit(b & 1 == 1);
        }
    }
});

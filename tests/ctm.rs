//! The coding-theorem enumeration against a brute force over every machine
//! and the busy-beaver values.

use std::collections::HashMap;

use inductive::laws;
use inductive::prelude::*;
use inductive::solomonoff::ctm::{Ctm, OutputDistribution};

/// Runs every `(4n + 2)^(2n)` machine directly, with no branching, no
/// symmetry and no counting tricks.
fn brute_force(states: usize, max_steps: u64) -> (u64, HashMap<String, u64>) {
    let choices = 4 * states + 2;
    let transitions = 2 * states;
    let total = choices.pow(transitions as u32);
    let mut halting = 0;
    let mut outputs: HashMap<String, u64> = HashMap::new();
    for code in 0..total {
        let table: Vec<usize> = (0..transitions)
            .scan(code, |rest, _| {
                let c = *rest % choices;
                *rest /= choices;
                Some(c)
            })
            .collect();
        let middle = max_steps as usize + 1;
        let mut tape = vec![0u8; 2 * middle + 1];
        let (mut head, mut state, mut low, mut high) = (middle, 0usize, middle, middle);
        for _ in 0..max_steps {
            let c = table[2 * state + usize::from(tape[head])];
            tape[head] = (c & 1) as u8;
            if c >= 4 * states {
                halting += 1;
                let output: String = tape[low..=high]
                    .iter()
                    .map(|&b| if b == 1 { '1' } else { '0' })
                    .collect();
                *outputs.entry(output).or_insert(0) += 1;
                break;
            }
            head = if (c >> 1) & 1 == 1 {
                head + 1
            } else {
                head - 1
            };
            low = low.min(head);
            high = high.max(head);
            state = c >> 2;
        }
    }
    (halting, outputs)
}

#[test]
fn agrees_with_brute_force_up_to_three_states() {
    for (states, steps) in [(1, 5), (2, 20), (3, 30)] {
        let d = OutputDistribution::enumerate(states, steps).unwrap();
        let (halting, outputs) = brute_force(states, steps);
        assert_eq!(d.halting(), halting, "{states} states");
        assert_eq!(d.iter().count(), outputs.len(), "{states} states");
        for (output, count) in &outputs {
            assert_eq!(d.count(output), *count, "{states} states, output {output}");
        }
    }
}

#[test]
fn reproduces_the_busy_beaver_values() {
    // Radó's S(n) (most steps) and Σ(n) (most ones) for n = 2, 3.
    let two = OutputDistribution::enumerate(2, 100).unwrap();
    assert_eq!((two.most_steps(), two.most_ones()), (6, 4));
    let three = OutputDistribution::enumerate(3, 100).unwrap();
    assert_eq!(three.machines(), 7_529_536);
    assert_eq!((three.most_steps(), three.most_ones()), (21, 6));
}

#[test]
fn complexity_is_minus_log_of_the_output_frequency() {
    let d = OutputDistribution::enumerate(2, 50).unwrap();
    let expected = (d.halting() as f64 / d.count("1") as f64).log2();
    assert_eq!(d.complexity("1"), Some(expected));
    assert_eq!(d.complexity("0101010101"), None);
    // By symmetry a string and its reverse are equally complex.
    for (output, count) in d.iter() {
        let reversed: String = output.chars().rev().collect();
        assert_eq!(d.count(&reversed), count, "{output}");
    }
}

#[test]
fn refuses_impossible_enumerations() {
    assert!(matches!(
        OutputDistribution::enumerate(0, 10),
        Err(Error::InvalidSize { .. })
    ));
    assert!(matches!(
        OutputDistribution::enumerate(5, 10),
        Err(Error::InvalidSize { .. })
    ));
    assert!(matches!(
        OutputDistribution::enumerate(2, 0),
        Err(Error::InvalidSize { .. })
    ));
}

#[test]
fn the_ctm_predictor_obeys_the_laws() {
    let d = OutputDistribution::enumerate(3, 50).unwrap();
    let ctm = Ctm::new(d);
    laws::check(|| ctm.clone());
    // Long histories no output extends fall back to shorter suffixes.
    let mut long = ctm.clone();
    long.observe(vec![true; 200]);
    let p = long.predict();
    assert!(p > 0.0 && p < 1.0, "{p}");
}

#[test]
fn every_output_has_a_witness_machine_that_writes_it() {
    use inductive::solomonoff::ctm::TuringMachine;
    for states in [2, 3] {
        let d = OutputDistribution::enumerate(states, 40).unwrap();
        for (output, _) in d.iter() {
            let machine = d.witness(output).unwrap();
            let (written, steps) = machine.run(40).expect("the witness halts");
            assert_eq!(written, output, "{states} states:\n{machine}");
            assert!(steps <= d.most_steps());
        }
        assert!(d.witness("0101010101010101").is_none());
    }
    assert!(TuringMachine::new(2, vec![0, 1, 2]).is_err());
    assert!(TuringMachine::new(1, vec![6, 0]).is_err());
    assert!(TuringMachine::new(0, vec![]).is_err());
}

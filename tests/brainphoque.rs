//! BrainPhoque against the reference implementation of "Learning Universal
//! Predictors" (Grau-Moya et al., ICML 2024): 1,200 programs (alphabet 9,
//! memory 200, 1,000 steps, output limit 256) with every field of the
//! reference run.

use inductive::solomonoff::{BrainPhoque, Status};
use serde_json::Value;

#[test]
fn matches_every_golden_record() {
    let text = include_str!("data/brainphoque_golden.jsonl");
    let mut lines = text.lines();
    let config: Value = serde_json::from_str(lines.next().unwrap()).unwrap();
    let config = &config["_config"];
    let machine = BrainPhoque::new(
        config["alphabet_size"].as_u64().unwrap() as usize,
        config["memory_size"].as_u64().unwrap() as usize,
    )
    .unwrap();
    let max_steps = config["maximum_steps"].as_u64().unwrap();
    let max_output = config["max_output_length"].as_u64().unwrap() as usize;
    let mut checked = 0;
    let mut failures = Vec::new();
    for line in lines {
        let record: Value = serde_json::from_str(line).unwrap();
        let program = record["input_program"].as_str().unwrap();
        let run = machine.run(program, max_steps, max_output).unwrap();
        let status = match record["status"].as_str().unwrap() {
            "HALTED" => Status::Halted,
            "TIMEOUT" => Status::Timeout,
            "OUTPUT_LIMIT" => Status::OutputLimit,
            other => panic!("unknown status {other}"),
        };
        let output: Vec<u8> = record["output"]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v.as_u64().unwrap() as u8)
            .collect();
        let expected = (
            status,
            record["num_steps"].as_u64().unwrap(),
            record["memory_index"].as_u64().unwrap() as usize,
            output,
            record["bp_program"].as_str().unwrap().to_string(),
        );
        let got = (run.status, run.steps, run.head, run.output, run.program);
        if got != expected {
            failures.push(format!(
                "{program}\n  expected {expected:?}\n  got      {got:?}"
            ));
        }
        checked += 1;
    }
    assert_eq!(checked, 1200);
    assert!(
        failures.is_empty(),
        "{} of {checked} records differ; first:\n{}",
        failures.len(),
        failures[0]
    );
}

#[test]
fn rejects_characters_outside_the_token_set() {
    let machine = BrainPhoque::new(9, 200).unwrap();
    let err = machine.run("+-x", 10, 10).unwrap_err();
    assert_eq!(
        err.to_string(),
        "invalid program: 'x' at position 2 is not an instruction"
    );
    assert!(BrainPhoque::new(1, 10).is_err());
    assert!(BrainPhoque::new(9, 0).is_err());
}

#[test]
fn large_alphabets_wrap_without_overflow() {
    let machine = BrainPhoque::new(255, 3).unwrap();
    // 0 - 1 = 254, then + gives 0 again; moving left from 0 wraps to cell 2.
    let run = machine.run("-.+.<.-.", 100, 10).unwrap();
    assert_eq!(run.output, vec![254, 0, 0, 254]);
    assert_eq!(run.head, 2);
    // Same through the hot loop: a counted loop that decrements 254 times.
    let run = machine.run("-[-]+.", 10_000, 10).unwrap();
    assert_eq!(run.output, vec![1]);
}

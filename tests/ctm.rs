//! The coding-theorem enumeration against a brute force over every machine
//! and the busy-beaver values.

mod tier;

use std::collections::HashMap;

use inductive::laws;
use inductive::prelude::*;
use inductive::solomonoff::ctm::{Ctm, OutputDistribution};

/// Runs every `(4n + 2)^(2n)` machine directly from both blank tapes, as
/// Delahaye & Zenil (2012) count `D(n)`: no branching, no symmetry, no
/// complement trick and no counting tricks.
fn brute_force(states: usize, max_steps: u64) -> (u64, HashMap<String, u64>) {
    let choices = 4 * states + 2;
    let transitions = 2 * states;
    let total = choices.pow(transitions as u32);
    let mut halting = 0;
    let mut outputs: HashMap<String, u64> = HashMap::new();
    for (code, blank) in (0..total).flat_map(|code| [(code, 0u8), (code, 1u8)]) {
        let table: Vec<usize> = (0..transitions)
            .scan(code, |rest, _| {
                let c = *rest % choices;
                *rest /= choices;
                Some(c)
            })
            .collect();
        let middle = max_steps as usize + 1;
        let mut tape = vec![blank; 2 * middle + 1];
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

/// The literature's `D(2)` (Soler-Toscano et al. 2014, Table 1): 20,000
/// runs, 6,088 halting, 22 distinct strings, and the four 2-bit strings
/// equally frequent.
#[test]
fn two_states_match_the_published_counts() {
    let d = OutputDistribution::enumerate(2, 100).unwrap();
    let (halting, outputs) = brute_force(2, 100);
    assert_eq!(
        (d.runs(), d.halting(), d.iter().count()),
        (20_000, 6_088, 22)
    );
    assert_eq!((halting, outputs.len()), (6_088, 22));
    let two_bits: Vec<u64> = ["00", "01", "10", "11"]
        .iter()
        .map(|s| d.count(s))
        .collect();
    assert!(
        two_bits.iter().all(|&c| c == two_bits[0] && c > 0),
        "{two_bits:?}"
    );
    assert_eq!(d.count("000"), d.count("111"));
    assert!(d.count("000") > 0);
}

#[test]
fn agrees_with_brute_force_up_to_three_states() {
    for (states, steps) in [(1, 5), (2, 3), (2, 20), (3, 8), (3, 30)] {
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
    // By symmetry a string, its reverse and its complement are equally complex.
    for (output, count) in d.iter() {
        let reversed: String = output.chars().rev().collect();
        let complement: String = output
            .chars()
            .map(|c| if c == '1' { '0' } else { '1' })
            .collect();
        assert_eq!(d.count(&reversed), count, "{output}");
        assert_eq!(d.count(&complement), count, "{output}");
    }
}

/// The review's hostile budgets: `enumerate(1, u64::MAX)` overflowed the
/// tape width and `enumerate(1, 10^12)` tried to allocate 2 TB;
/// `run(u64::MAX)` did the same. Each is now a clear error.
#[test]
fn refuses_budgets_that_only_burn_time_or_memory() {
    use inductive::solomonoff::ctm::{MAX_ENUMERATION_STEPS, MAX_RUN_STEPS, TuringMachine};
    for steps in [
        u64::MAX,
        1_000_000_000_000,
        1 << 32,
        MAX_ENUMERATION_STEPS + 1,
    ] {
        let err = OutputDistribution::enumerate(1, steps).unwrap_err();
        assert!(matches!(err, Error::InvalidSize { .. }), "{steps}: {err}");
        assert!(err.to_string().contains("100,000"), "{err}");
    }
    assert!(OutputDistribution::enumerate(1, MAX_ENUMERATION_STEPS).is_ok());
    let walker = TuringMachine::new(1, vec![2, 2]).unwrap(); // moves right forever
    for steps in [u64::MAX, MAX_RUN_STEPS + 1, 0] {
        assert!(walker.run(steps).is_err(), "{steps}");
    }
    assert_eq!(walker.run(1_000_000).unwrap(), None);
    // A machine that walks left keeps a tape of the cells it visited.
    let left = TuringMachine::new(1, vec![1, 1]).unwrap(); // write 1, move left
    assert_eq!(left.run(10).unwrap(), None);
}

/// A machine on a 1-blank tape is the conjugate machine on a 0-blank tape
/// with its output complemented: checked on every 1- and 2-state machine.
#[test]
fn the_one_blank_tape_is_the_complemented_conjugate() {
    use inductive::solomonoff::ctm::TuringMachine;
    for states in [1usize, 2] {
        let choices = 4 * states as u8 + 2;
        let transitions = 2 * states;
        for code in 0..u32::from(choices).pow(transitions as u32) {
            let table: Vec<u8> = (0..transitions)
                .map(|i| ((code / u32::from(choices).pow(i as u32)) % u32::from(choices)) as u8)
                .collect();
            let conjugate: Vec<u8> = (0..transitions).map(|i| table[i ^ 1] ^ 1).collect();
            let one = TuringMachine::new(states, table)
                .unwrap()
                .with_blank(true)
                .run(50)
                .unwrap();
            let zero = TuringMachine::new(states, conjugate)
                .unwrap()
                .run(50)
                .unwrap();
            let flip = |s: String| -> String {
                s.chars()
                    .map(|c| if c == '1' { '0' } else { '1' })
                    .collect()
            };
            assert_eq!(one, zero.map(|(s, t)| (flip(s), t)));
        }
    }
}

/// Every code length of the CTM predictor is finite: the review found
/// `P(1 | 00) = 1`, so `000` cost ∞, and 10,676 of 21,000 alternating bits
/// cost ∞. Now a sequence outside `D(n)` costs at most its length plus
/// `−log2 escape`.
#[test]
fn ctm_code_lengths_are_finite_and_bounded_by_the_uniform_code() {
    let d = OutputDistribution::enumerate(2, 100).unwrap();
    let ctm = Ctm::new(d);
    let mut zeros = ctm.clone();
    let cost = zeros.observe([false, false, false]);
    assert!(
        cost.is_finite() && cost <= 3.0 - ctm.escape().log2() + 1e-9,
        "{cost}"
    );
    let alternating: Vec<bool> = (0..21_000).map(|t| t % 2 == 1).collect();
    let mut run = ctm.clone();
    let mut total = 0.0;
    for &bit in &alternating {
        let c = run.observe_bit(bit);
        assert!(c.is_finite());
        total += c;
    }
    assert!(total <= 21_000.0 - ctm.escape().log2() + 1e-6, "{total}");
    // The escape weight is the share of runs that do not halt.
    let d = ctm.distribution();
    let expected = 1.0 - d.halting() as f64 / d.runs() as f64;
    assert!((ctm.escape() - expected).abs() < 1e-15);
}

/// A surprise after a long certain stretch stays finite: on `110`
/// repeated, `D(2)` is certain of each bit, and the uniform code's
/// posterior halved with every bit until the mixed prediction rounded to
/// 1 in `f64` and the flipped bit 150 cost ∞ (found by the value pins).
/// The floor keeps the uniform code at `2^-40`, so that bit costs exactly
/// `−log2(2^-40 · 1/2)` = 41 bits; and the bound by the uniform code
/// holds on every prefix, with flips at random places (256 cases of 3,000
/// bits).
#[test]
fn a_surprise_after_certainty_costs_41_bits_not_infinity() {
    let ctm = Ctm::new(OutputDistribution::enumerate(2, 20).unwrap());
    let mut run = ctm.clone();
    for t in 0..150 {
        run.observe_bit(t % 3 != 2);
    }
    assert_eq!(run.predict(), 1.0 - 2f64.powi(-41));
    let surprise = run.observe_bit(false);
    assert!((surprise - 41.0).abs() < 1e-9, "{surprise}");
    assert_eq!(run.posterior(), 0.0);
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(tier::cases(256)))]
    #[test]
    fn ctm_is_bounded_by_the_uniform_code_through_surprises(
        period in 1usize..7,
        pattern in proptest::prelude::any::<u8>(),
        flips in proptest::collection::vec(0usize..3000, 0..6),
    ) {
        let ctm = Ctm::new(OutputDistribution::enumerate(2, 20).unwrap());
        let mut run = ctm.clone();
        let mut total = 0.0;
        for t in 0..3000usize {
            let bit = (pattern >> (t % period)) & 1 == 1;
            let cost = run.observe_bit(bit ^ flips.contains(&t));
            proptest::prop_assert!(cost.is_finite() && cost <= 41.0 + 1e-9, "bit {}: {}", t, cost);
            total += cost;
            proptest::prop_assert!(total <= (t + 1) as f64 - ctm.escape().log2() + 1e-6);
        }
    }
}

/// The automaton predicts what the old quadratic rule did: the longest
/// suffix of the history that some output extends decides, checked here
/// by searching every suffix directly.
#[test]
fn ctm_follows_the_longest_extendable_suffix() {
    let d = OutputDistribution::enumerate(3, 50).unwrap();
    let prefix_mass = |prefix: &str| -> u64 {
        d.iter()
            .filter(|(o, _)| o.starts_with(prefix))
            .map(|(_, c)| c)
            .sum()
    };
    let direct = |history: &str| -> f64 {
        for start in 0..=history.len() {
            let suffix = &history[start..];
            let (zero, one) = (
                prefix_mass(&format!("{suffix}0")),
                prefix_mass(&format!("{suffix}1")),
            );
            if zero + one > 0 {
                return one as f64 / (zero + one) as f64;
            }
        }
        0.5
    };
    // With escape weight 2^-40 the mixture is the D(n) hypothesis to 1e-11
    // until that hypothesis rules a bit out.
    let mut ctm = Ctm::with_escape(d.clone(), Ctm::MIN_ESCAPE).unwrap();
    let mut history = String::new();
    let bits: Vec<bool> = (0..120u32).map(|t| (t * t + t / 3) % 5 < 2).collect();
    for &bit in &bits {
        let want = direct(&history);
        if ctm.posterior() < 0.5 {
            break;
        }
        assert!(
            (ctm.predict() - want).abs() < 1e-9,
            "after {history}: {} vs {want}",
            ctm.predict()
        );
        ctm.update(bit);
        history.push(if bit { '1' } else { '0' });
    }
    assert!(Ctm::with_escape(d.clone(), 0.0).is_err());
    assert!(Ctm::with_escape(d.clone(), f64::NAN).is_err());
    assert!(Ctm::with_escape(d, 1.5).is_err());
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
            let (written, steps) = machine.run(40).unwrap().expect("the witness halts");
            assert_eq!(written, output, "{states} states:\n{machine}");
            assert!(steps <= d.most_steps());
        }
        assert!(d.witness("0101010101010101").is_none());
    }
    assert!(TuringMachine::new(2, vec![0, 1, 2]).is_err());
    assert!(TuringMachine::new(1, vec![6, 0]).is_err());
    assert!(TuringMachine::new(0, vec![]).is_err());
}

/// A table written by `to_table` reads back as the same distribution:
/// every output, count, witness and total.
#[test]
fn tables_round_trip() {
    for (states, budget) in [(1, 5), (2, 6), (3, 21), (4, 107)] {
        let d = OutputDistribution::enumerate(states, budget).unwrap();
        let back = OutputDistribution::from_table(&d.to_table()).unwrap();
        assert!(back.iter().eq(d.iter()), "D({states})");
        assert_eq!(
            (
                back.states(),
                back.max_steps(),
                back.machines(),
                back.halting()
            ),
            (d.states(), d.max_steps(), d.machines(), d.halting())
        );
        assert_eq!(
            (back.most_steps(), back.most_ones()),
            (d.most_steps(), d.most_ones())
        );
        for (output, _) in d.iter() {
            assert_eq!(back.witness(output), d.witness(output));
        }
        assert_eq!(back.to_table(), d.to_table());
    }
}

/// Damaged or forged tables are errors naming the line, never a
/// distribution that lies about its totals.
#[test]
fn hostile_tables_are_refused() {
    let good = OutputDistribution::enumerate(2, 6).unwrap().to_table();
    let lines: Vec<&str> = good.lines().collect();
    let with_line = |i: usize, replacement: &str| {
        let mut copy = lines.clone();
        copy[i] = replacement;
        copy.join("\n")
    };
    let header = lines[0];
    let row: Vec<&str> = lines[2].split('\t').collect();
    let forged_count = format!(
        "{}\t{}\t{}",
        row[0],
        row[1].parse::<u64>().unwrap() + 1,
        row[2]
    );
    let cases: Vec<(&str, String)> = vec![
        ("empty", String::new()),
        ("not a table", "output\truns\n0\t1".into()),
        ("six states", good.replacen("states 2", "states 6", 1)),
        ("zero states", good.replacen("states 2", "states 0", 1)),
        (
            "wrong machine count",
            good.replacen("machines 10000", "machines 10001", 1),
        ),
        (
            "more halting than runs",
            good.replacen("halting 6088", "halting 20001", 1),
        ),
        (
            "header fields missing",
            with_line(0, "# inductive OutputDistribution v1\tstates 2"),
        ),
        ("no column names", with_line(1, "output\truns")),
        ("a count changed", with_line(2, &forged_count)),
        (
            "a count of zero",
            with_line(2, &format!("{}\t0\t{}", row[0], row[2])),
        ),
        (
            "a count past u64",
            with_line(2, &format!("{}\t{}\t{}", row[0], u64::MAX, row[2])),
        ),
        (
            "an output not binary",
            with_line(2, &format!("0x1\t{}\t{}", row[1], row[2])),
        ),
        (
            "an empty output",
            with_line(2, &format!("\t{}\t{}", row[1], row[2])),
        ),
        ("outputs out of order", {
            let mut copy = lines.clone();
            copy.swap(2, 3);
            copy.join("\n")
        }),
        ("an output twice", {
            let mut copy = lines.clone();
            copy.insert(3, lines[2]);
            copy.join("\n")
        }),
        (
            "a witness choice out of range",
            with_line(2, &format!("{}\t{}\t0ff000000", row[0], row[1])),
        ),
        (
            "a witness too short",
            with_line(2, &format!("{}\t{}\t00000", row[0], row[1])),
        ),
        (
            "a witness blank of 2",
            with_line(2, &format!("{}\t{}\t200000000", row[0], row[1])),
        ),
        (
            "a fourth cell",
            with_line(2, &format!("{}\textra", lines[2])),
        ),
        (
            "non-ASCII witness",
            with_line(2, &format!("{}\t{}\t0éé0000", row[0], row[1])),
        ),
        (
            "huge numbers",
            header.replace("max_steps 6", &format!("max_steps {}", u128::MAX)),
        ),
    ];
    for (what, text) in cases {
        let result = OutputDistribution::from_table(&text);
        assert!(
            matches!(result, Err(inductive::Error::CorruptData { .. })),
            "{what}: {result:?}"
        );
    }
}

/// The shipped `D(5)` (feature `d5`): its totals are those of the whole
/// enumeration, every witness machine writes its output within the
/// budget, the distribution is symmetric under complement and reversal as
/// `D(n)` must be, and `K(s)` equals the published K5 table (Soler-Toscano
/// et al. 2014, as `pybdm` ships it) on 17 strings.
#[cfg(feature = "d5")]
#[test]
fn the_shipped_d5_is_the_enumeration_and_the_published_table() {
    let d5 = OutputDistribution::d5();
    assert_eq!((d5.states(), d5.max_steps()), (5, 500));
    assert_eq!(d5.machines(), 26_559_922_791_424);
    assert_eq!(d5.halting(), 13_794_527_777_344);
    assert_eq!(d5.iter().count(), 99_608);
    let reverse = |s: &str| s.chars().rev().collect::<String>();
    let complement = |s: &str| {
        s.chars()
            .map(|c| if c == '0' { '1' } else { '0' })
            .collect::<String>()
    };
    for (output, runs) in d5.iter() {
        assert_eq!(d5.count(&reverse(output)), runs, "{output}");
        assert_eq!(d5.count(&complement(output)), runs, "{output}");
        let machine = d5.witness(output).unwrap();
        let (written, steps) = machine.run(500).unwrap().expect("the witness halts");
        assert_eq!(written, output);
        assert!(steps <= d5.most_steps());
    }
    for (s, k) in [
        ("0", 2.514277),
        ("00", 3.327439),
        ("000", 5.396193),
        ("010", 5.505383),
        ("0000", 7.930828),
        ("0101", 8.258704),
        ("0110", 8.406714),
        ("00000", 10.712579),
        ("01101", 11.508974),
        ("01110", 11.834019),
        ("000000", 13.382643),
        ("010101", 14.457387),
        ("0000000", 16.173506),
        ("00000000", 18.527390),
        ("11101000", 22.679752),
        ("000000000", 20.671571),
        ("101010101", 22.029679),
    ] {
        let got = d5.complexity(s).unwrap();
        assert!((got - k).abs() < 1e-6, "{s}: {got} vs {k}");
    }
    // The predictor over it, without an hour of enumeration.
    let mut ctm = Ctm::new(d5);
    let bits = ctm.observe([false, true, false, true, false, true]);
    assert!(bits.is_finite() && bits > 0.0);
}

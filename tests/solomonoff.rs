//! The Solomonoff mixture against a brute force from its definition and
//! against Solomonoff's bound.

use inductive::laws;
use inductive::prelude::*;
use inductive::solomonoff::{BrainPhoque, PREFIX_LIMIT, ProgramPrior, Solomonoff, Status};
use proptest::prelude::*;

const TOKENS: &[u8; 7] = b"+-><[].";

/// `M(x0)` and `M(x1)` from the definition: every full program string of
/// `length` instructions, weight `7^-length` (a minimal prefix of `n`
/// instructions is shared by `7^(length - n)` of them), run on its own; a
/// string that runs out of instructions before its next symbol (halts) or
/// times out contributes nothing. Under the speed prior each weight is
/// divided by the steps taken to produce the next symbol.
fn brute_force(
    machine: &BrainPhoque,
    length: u32,
    steps: u64,
    x: &[bool],
    prior: ProgramPrior,
) -> [f64; 2] {
    let mut mass = [0.0; 2];
    let weight = 7f64.powi(-(length as i32));
    for code in 0..7usize.pow(length) {
        let program: String = (0..length)
            .scan(code, |rest, _| {
                let token = TOKENS[*rest % 7] as char;
                *rest /= 7;
                Some(token)
            })
            .collect();
        // Run with an output limit one past x: stop right after the next symbol.
        let run = machine.run(&program, steps, x.len() + 1).unwrap();
        if run.output.len() <= x.len() {
            continue;
        }
        if run.output[..x.len()]
            .iter()
            .zip(x)
            .any(|(&o, &b)| o != u8::from(b))
        {
            continue;
        }
        let w = match prior {
            ProgramPrior::Length => weight,
            ProgramPrior::Speed => weight / run.steps.max(1) as f64,
        };
        mass[usize::from(run.output[x.len()])] += w;
        assert!(run.status != Status::Halted || run.output.len() > x.len());
    }
    mass
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 6, ..ProptestConfig::default() })]

    #[test]
    fn agrees_with_the_definition(
        bits in prop::collection::vec(any::<bool>(), 0..5),
        length in 3u32..=5,
        memory in 2usize..=4,
        speed in any::<bool>(),
    ) {
        let prior = if speed { ProgramPrior::Speed } else { ProgramPrior::Length };
        let machine = BrainPhoque::new(2, memory).unwrap();
        let mut mixture = Solomonoff::new(machine.start(), length as usize, 60, prior).unwrap();
        for t in 0..=bits.len() {
            let [zero, one] = brute_force(&machine, length, 60, &bits[..t], prior);
            if zero + one == 0.0 {
                prop_assert!(mixture.is_exhausted());
                prop_assert_eq!(mixture.predict(), 0.5);
                break;
            }
            let expected = one / (zero + one);
            prop_assert!((mixture.predict() - expected).abs() < 1e-12,
                "step {t}: {} vs {expected}", mixture.predict());
            if t < bits.len() {
                mixture.update(bits[t]);
            }
        }
    }

    /// Solomonoff's bound: on the output of a program that read `n`
    /// instructions, the code length is at most `n·log2 A` (lost mass only
    /// shrinks each step's normaliser, so it cannot hurt).
    #[test]
    fn code_length_is_bounded_by_the_program_length(code in prop::collection::vec(0usize..7, 1..7)) {
        let machine = BrainPhoque::new(2, 4).unwrap();
        let program: String = code.iter().map(|&t| TOKENS[t] as char).collect();
        let run = machine.run(&program, 200, 12).unwrap();
        prop_assume!(!run.output.is_empty());
        let read = run.program.chars().count();
        let bits: Vec<bool> = run.output.iter().map(|&o| o == 1).collect();
        let mut mixture = Solomonoff::new(machine.start(), 6, 200, ProgramPrior::Length).unwrap();
        let cost = mixture.observe(&bits);
        let bound = read as f64 * 7f64.log2();
        prop_assert!(cost <= bound + 1e-9, "{program}: {cost} bits > {bound}");
    }
}

#[test]
fn obeys_the_laws_with_both_priors() {
    let machine = BrainPhoque::new(2, 3).unwrap().start();
    for prior in [ProgramPrior::Length, ProgramPrior::Speed] {
        let mixture = Solomonoff::new(machine.clone(), 4, 40, prior).unwrap();
        laws::check(|| mixture.clone());
    }
}

#[test]
fn refuses_bad_parameters() {
    let machine = BrainPhoque::new(2, 4).unwrap().start();
    assert!(matches!(
        Solomonoff::new(machine.clone(), 4, 0, ProgramPrior::Length),
        Err(Error::InvalidSize { .. })
    ));
    match Solomonoff::new(machine, 12, 100, ProgramPrior::Length) {
        Err(Error::TooLarge { count, limit, .. }) => {
            assert_eq!(limit, PREFIX_LIMIT);
            assert_eq!(count, (0..=12).map(|n| 7u128.pow(n)).sum::<u128>());
        }
        other => panic!("expected TooLarge, got {other:?}"),
    }
}

#[test]
fn reports_where_the_mass_went() {
    let machine = BrainPhoque::new(2, 4).unwrap().start();
    let mut mixture = Solomonoff::new(machine, 5, 50, ProgramPrior::Length).unwrap();
    mixture.observe([true, true, false]);
    let total = mixture.live_mass() + mixture.lost_mass() + mixture.contradicted_mass();
    assert!((total - 1.0).abs() < 1e-12, "{total}");
    assert!(mixture.lost_mass() > 0.0);
}

#[test]
fn silent_loops_are_proved_not_run_out() {
    use inductive::solomonoff::{Event, Machine};
    let mut machine = BrainPhoque::new(2, 8).unwrap().start();
    // `+[]`: set the cell, then `]` jumps back to `[` forever, silently.
    for token in [0, 4, 5] {
        assert_eq!(machine.run(1_000_000), Event::NeedInstruction);
        machine.feed(token);
    }
    assert_eq!(machine.run(1_000_000), Event::Stuck);
    assert!(machine.steps() < 20, "{} steps", machine.steps());
    // Loops that move the head repeat a state too: `+[><]` steps right and
    // back forever.
    let mut walker = BrainPhoque::new(2, 8).unwrap().start();
    for token in [0, 4, 2, 3, 5] {
        assert_eq!(walker.run(1_000_000), Event::NeedInstruction);
        walker.feed(token);
    }
    assert_eq!(walker.run(1_000_000), Event::Stuck);
    assert!(walker.steps() < 200, "{} steps", walker.steps());
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 8, ..ProptestConfig::default() })]

    /// Proving loops changes the cost, never the numbers.
    #[test]
    fn loop_detection_changes_no_prediction(bits in prop::collection::vec(any::<bool>(), 0..10)) {
        let machine = BrainPhoque::new(2, 3).unwrap().start();
        let mut fast = Solomonoff::new(machine.clone(), 5, 300, ProgramPrior::Speed).unwrap();
        let mut slow = Solomonoff::new(machine.with_loop_detection(false), 5, 300, ProgramPrior::Speed).unwrap();
        for &bit in &bits {
            prop_assert_eq!(fast.predict().to_bits(), slow.predict().to_bits());
            prop_assert_eq!(fast.lost_mass().to_bits(), slow.lost_mass().to_bits());
            fast.update(bit);
            slow.update(bit);
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 8, ..ProptestConfig::default() })]

    /// The program source's bound (after provably useless instructions are
    /// removed) holds for the mixture on the source's own output.
    #[test]
    fn program_sources_bound_the_mixture(seed in any::<u64>()) {
        use inductive::sources::ProgramSource;
        use rand::SeedableRng;
        let machine = BrainPhoque::new(2, 4).unwrap().start();
        let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(seed);
        let source = ProgramSource::sample(&machine, 6, 200, 24, 100_000, &mut rng).unwrap();
        prop_assert!(source.shortest_program().len() <= source.program().len());
        let mut mixture = Solomonoff::new(machine, 6, 200, ProgramPrior::Length).unwrap();
        let cost = mixture.observe(source.output());
        prop_assert!(cost <= source.bound_bits() + 1e-9,
            "{} ({}): {cost} > {}", source.program(), source.shortest_program(), source.bound_bits());
    }
}

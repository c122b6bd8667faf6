//! The Solomonoff mixture against a brute force from its definition and
//! against Solomonoff's bound.

mod tier;

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
    #![proptest_config(ProptestConfig { cases: tier::cases(6), ..ProptestConfig::default() })]

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

/// Under both program priors and both episode priors.
#[test]
fn obeys_the_laws_with_both_priors() {
    let machine = BrainPhoque::new(2, 3).unwrap().start();
    for prior in [ProgramPrior::Length, ProgramPrior::Speed] {
        for episode_prior in [
            EpisodePrior::Shared,
            EpisodePrior::Pooled { concentration: 0.5 },
        ] {
            let mixture = Solomonoff::new(machine.clone(), 4, 40, prior)
                .unwrap()
                .with_episode_prior(episode_prior)
                .unwrap();
            laws::check(|| mixture.clone());
        }
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
    #![proptest_config(ProptestConfig { cases: tier::cases(8), ..ProptestConfig::default() })]

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
    #![proptest_config(ProptestConfig { cases: tier::cases(8), ..ProptestConfig::default() })]

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

/// Episode priors from their definition: a finite hypothesis space of every
/// full program string of `length` instructions (the extensions of a
/// minimal prefix, each run on its own), with a weight vector that episodes
/// update: `Shared` sets it to the episode's posterior, `Pooled` to
/// `(c·π₀ + Σ post_e) / (c + n)`. The mixture's trie of atoms must give the
/// same predictions.
struct EpisodeBruteForce {
    programs: Vec<String>,
    base: Vec<f64>,
    prior: Vec<f64>,
    pool: Option<(f64, f64, Vec<f64>)>,
    steps: u64,
    speed: bool,
}

impl EpisodeBruteForce {
    fn new(length: u32, steps: u64, speed: bool, pooled: Option<f64>) -> Self {
        let programs: Vec<String> = (0..7usize.pow(length))
            .map(|code| {
                (0..length)
                    .scan(code, |rest, _| {
                        let token = TOKENS[*rest % 7] as char;
                        *rest /= 7;
                        Some(token)
                    })
                    .collect()
            })
            .collect();
        let base = vec![7f64.powi(-(length as i32)); programs.len()];
        let pool = pooled.map(|c| (c, 0.0, vec![0.0; programs.len()]));
        Self {
            prior: base.clone(),
            base,
            programs,
            pool,
            steps,
            speed,
        }
    }

    /// Per program: its weight for the next symbol after `x` (0 if it does
    /// not produce `x` then a next symbol), and that symbol.
    fn weights(&self, machine: &BrainPhoque, x: &[bool]) -> Vec<(f64, u8)> {
        self.programs
            .iter()
            .zip(&self.prior)
            .map(|(program, &w)| {
                let run = machine.run(program, self.steps, x.len() + 1).unwrap();
                let consistent = run.output.len() > x.len()
                    && run.output.iter().zip(x).all(|(&o, &b)| o == u8::from(b));
                if !consistent || w == 0.0 {
                    return (0.0, 0);
                }
                let time = if self.speed {
                    run.steps.max(1) as f64
                } else {
                    1.0
                };
                (w / time, run.output[x.len()])
            })
            .collect()
    }

    /// `P(1 | x)`, or `None` when no program explains `x`.
    fn predict(&self, machine: &BrainPhoque, x: &[bool]) -> Option<f64> {
        let weights = self.weights(machine, x);
        let total: f64 = weights.iter().map(|w| w.0).sum();
        let ones: f64 = weights.iter().filter(|w| w.1 == 1).map(|w| w.0).sum();
        (total > 0.0).then(|| ones / total)
    }

    fn end_episode(&mut self, machine: &BrainPhoque, x: &[bool]) {
        let posterior: Vec<f64> = if x.is_empty() {
            let total: f64 = self.prior.iter().sum();
            self.prior.iter().map(|w| w / total).collect()
        } else {
            let weights = self.weights(machine, x);
            let total: f64 = weights.iter().map(|w| w.0).sum();
            if total == 0.0 {
                return; // every program ruled out: the prior stays
            }
            weights.iter().map(|w| w.0 / total).collect()
        };
        self.prior = match &mut self.pool {
            None => posterior,
            Some((c, n, sum)) => {
                *n += 1.0;
                for (s, p) in sum.iter_mut().zip(&posterior) {
                    *s += p;
                }
                self.base
                    .iter()
                    .zip(sum.iter())
                    .map(|(b, s)| (*c * b + s) / (*c + *n))
                    .collect()
            }
        };
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: tier::cases(256), ..ProptestConfig::default() })]

    /// Both episode priors, under both program priors, agree with the
    /// brute force over full program strings, episode after episode
    /// (episodes of 0 to 5 bits, some of which rule out every program).
    #[test]
    fn episode_priors_agree_with_the_definition(
        episodes in prop::collection::vec(prop::collection::vec(any::<bool>(), 0..6), 1..5),
        length in 3u32..=4,
        memory in 2usize..=3,
        speed in any::<bool>(),
        pooled in prop::option::of(0.25f64..4.0),
    ) {
        let prior = if speed { ProgramPrior::Speed } else { ProgramPrior::Length };
        let episode_prior = match pooled {
            None => EpisodePrior::Shared,
            Some(concentration) => EpisodePrior::Pooled { concentration },
        };
        let machine = BrainPhoque::new(2, memory).unwrap();
        let mut mixture = Solomonoff::new(machine.start(), length as usize, 40, prior)
            .unwrap()
            .with_episode_prior(episode_prior)
            .unwrap();
        let mut brute = EpisodeBruteForce::new(length, 40, speed, pooled);
        for (e, episode) in episodes.iter().enumerate() {
            for t in 0..=episode.len() {
                match brute.predict(&machine, &episode[..t]) {
                    None => {
                        prop_assert!(mixture.is_exhausted(), "episode {e} bit {t}");
                        prop_assert_eq!(mixture.predict(), 0.5);
                    }
                    Some(expected) => prop_assert!(
                        (mixture.predict() - expected).abs() < 1e-12,
                        "episode {e} bit {t}: {} vs {expected}", mixture.predict()
                    ),
                }
                if t < episode.len() {
                    mixture.update(episode[t]);
                }
            }
            mixture.end_episode();
            brute.end_episode(&machine, episode);
        }
        let total: f64 = brute.prior.iter().sum();
        prop_assert!((mixture.prior_mass(&[]).unwrap() - total).abs() < 1e-12);
    }
}

/// One program explains every episode: under `Shared` its prior mass grows
/// to almost all of it, and a later episode's code length shrinks to near
/// zero; under `Pooled` the base keeps `c / (c + n)` of the mass.
#[test]
fn episodes_concentrate_the_prior_on_the_family() {
    let machine = BrainPhoque::new(2, 4).unwrap().start();
    let ones = [true; 10];
    // `+[.]`: set the cell, print it forever (tokens + [ . ]).
    let program = [0, 4, 6, 5];
    for (episode_prior, floor) in [
        (EpisodePrior::Shared, 0.0),
        (EpisodePrior::Pooled { concentration: 1.0 }, 1.0 / 6.0),
    ] {
        let mut mixture = Solomonoff::new(machine.clone(), 5, 100, ProgramPrior::Length)
            .unwrap()
            .with_episode_prior(episode_prior)
            .unwrap();
        let before = mixture.prior_mass(&program).unwrap();
        assert_eq!(before, 7f64.powi(-4));
        let first = mixture.clone().observe(ones);
        for _ in 0..5 {
            mixture.observe(ones);
            mixture.end_episode();
        }
        let after = mixture.prior_mass(&program).unwrap();
        assert!(after > 100.0 * before, "{episode_prior:?}: {after}");
        let later = mixture.clone().observe(ones);
        assert!(later < first, "{episode_prior:?}: {later} vs {first}");
        // What the base keeps: 1/6 of the mass under Pooled (c = 1, n = 5).
        let zeros = mixture.prior_mass(&[1]).unwrap(); // programs starting `-`
        assert!(zeros >= floor / 7.0 - 1e-15, "{episode_prior:?}: {zeros}");
        assert!(mixture.prior_nodes() > 1);
    }
}

#[test]
fn episode_prior_refuses_bad_concentrations() {
    let machine = BrainPhoque::new(2, 3).unwrap().start();
    let mixture = Solomonoff::new(machine, 3, 40, ProgramPrior::Length).unwrap();
    for concentration in [0.0, -1.0, f64::NAN, f64::INFINITY] {
        assert!(matches!(
            mixture
                .clone()
                .with_episode_prior(EpisodePrior::Pooled { concentration }),
            Err(Error::InvalidParameter { .. })
        ));
    }
    assert!(mixture.prior_mass(&[7]).is_err());
    assert!(mixture.prior_mass(&[0; 4]).is_err());
    assert_eq!(mixture.prior_mass(&[0; 3]).unwrap(), 7f64.powi(-3));
}

/// Hostile concentrations (subnormal, huge) and episodes that rule out
/// every program, then retry: predictions stay probabilities, and an
/// exhausted episode leaves the prior as it was.
#[test]
fn episode_priors_survive_hostile_settings() {
    let machine = BrainPhoque::new(2, 3).unwrap().start();
    for concentration in [5e-324, f64::MIN_POSITIVE, 1e-300, 1.0, 1e300, f64::MAX] {
        let mut mixture = Solomonoff::new(machine.clone(), 4, 60, ProgramPrior::Speed)
            .unwrap()
            .with_episode_prior(EpisodePrior::Pooled { concentration })
            .unwrap();
        let episodes: [&[bool]; 5] = [
            &[true; 6],
            &[true, false, false, true, true, false, true],
            &[],
            &[false; 5],
            &[true; 6],
        ];
        for episode in episodes {
            for &bit in episode {
                let p = mixture.predict();
                assert!((0.0..=1.0).contains(&p), "{concentration}: {p}");
                mixture.update(bit);
            }
            let exhausted = mixture.is_exhausted();
            let before = mixture.prior_mass(&[0, 4]).unwrap();
            mixture.end_episode();
            if exhausted {
                assert_eq!(mixture.prior_mass(&[0, 4]).unwrap(), before);
            }
            let total = mixture.prior_mass(&[]).unwrap();
            assert!((total - 1.0).abs() < 1e-9, "{concentration}: total {total}");
        }
    }
}

/// Every bit of prior mass is accounted for: live, lost (time, length, or
/// proven silent) and contradicted mass add up to the fresh prior's total
/// of 1 after every bit, so programs that print the episode and then fall
/// silent are counted, not dropped unseen.
#[test]
fn live_lost_and_contradicted_mass_add_up_to_one() {
    for pattern in ["1", "10", "110", "0", "1111111", "0100110"] {
        let machine = BrainPhoque::new(2, 4).unwrap().start();
        let mut m = Solomonoff::new(machine, 6, 100, ProgramPrior::Length).unwrap();
        for c in pattern.bytes() {
            m.update(c == b'1');
            let total = m.live_mass() + m.lost_mass() + m.contradicted_mass();
            assert!((total - 1.0).abs() < 1e-12, "{pattern}: {total}");
        }
        // Some programs print the pattern and then stop for ever.
        if pattern == "1" {
            assert!(m.lost_mass() > 0.0);
        }
    }
}

//! The agent setting: the domains against the reference code's dynamics,
//! the factored model's laws, ρUCT's parameters, and bad input.

mod tier;

use inductive::agent::{
    Agent, BiasedRockPaperScissors, CoinFlip, Conditional, Environment, FactoredModel, Learner,
    Percept, SearchConfig, Tiger, decode_percept, encode_percept,
};
use inductive::baseline::MarkovKt;
use inductive::circuit::{Basis, CircuitMixture, Enumeration, FunctionPrior, Leaf};
use inductive::prelude::*;
use rand::{RngExt, SeedableRng};
use rand_chacha::ChaCha8Rng;

fn rng(seed: u64) -> ChaCha8Rng {
    ChaCha8Rng::seed_from_u64(seed)
}

const CONFIG: SearchConfig = SearchConfig {
    horizon: 2,
    simulations: 16,
    exploration: 2.0,
};

/// Listening reports the tiger's door with probability 0.85 (within 4
/// standard errors over 20,000 listens); opening a door pays +10 or −100
/// (encoded 110 or 0) and observation 0; the reward and observation
/// encodings are the reference code's.
#[test]
fn tiger_follows_the_reference_dynamics() {
    let mut r = rng(1);
    let mut tiger = Tiger::new(Tiger::DEFAULT_ACCURACY, &mut r).unwrap();
    assert_eq!(
        (
            tiger.actions(),
            tiger.observation_bits(),
            tiger.reward_bits()
        ),
        (3, 2, 7)
    );
    // Open doors until both outcomes seen, learning where the tiger was.
    let (mut gold, mut eaten) = (0, 0);
    for _ in 0..2000 {
        let p = tiger.perform(1 + r.random_range(0..2), &mut r).unwrap();
        assert_eq!(p.observation, 0);
        match p.reward {
            110 => gold += 1,
            0 => eaten += 1,
            other => panic!("reward {other}"),
        }
    }
    assert!(
        (900..1100).contains(&gold) && gold + eaten == 2000,
        "{gold} {eaten}"
    );
    // Listening: the majority of 25 listens finds the door; then the
    // share of listens that agree with it is the accuracy.
    let (mut agree, mut total) = (0u32, 0u32);
    for _ in 0..800 {
        let heard: Vec<u64> = (0..25)
            .map(|_| {
                let p = tiger.perform(0, &mut r).unwrap();
                assert_eq!(p.reward, 99);
                p.observation
            })
            .collect();
        let left = heard.iter().filter(|&&o| o == 1).count();
        let door = if left > 12 { 1 } else { 2 };
        agree += heard.iter().filter(|&&o| o == door).count() as u32;
        total += 25;
        tiger.perform(1, &mut r).unwrap(); // re-place the tiger
    }
    let share = f64::from(agree) / f64::from(total);
    let error = (0.85f64 * 0.15 / f64::from(total)).sqrt();
    assert!((share - 0.85).abs() < 4.0 * error, "{share}");
    assert_eq!(tiger.reward_offset(), 100.0);
}

/// Every pair of moves gets the reference reward, and an opponent that
/// won with rock plays rock again.
#[test]
fn biased_rock_paper_scissors_follows_the_reference_dynamics() {
    let mut r = rng(2);
    let mut game = BiasedRockPaperScissors::new();
    assert_eq!(
        game.initial_percept(),
        Percept {
            observation: 1,
            reward: 0
        }
    );
    let mut after_rock_win = 0;
    for _ in 0..5000 {
        let action = r.random_range(0..3);
        let previous = game.clone();
        let p = game.perform(action, &mut r).unwrap();
        // 0 rock, 1 paper, 2 scissors; 0 lose, 1 draw, 2 win.
        let expected = match (action as u64, p.observation) {
            (a, o) if a == o => 1,
            (0, 2) | (1, 0) | (2, 1) => 2,
            _ => 0,
        };
        assert_eq!(p.reward, expected, "{action} against {}", p.observation);
        let _ = previous;
        if after_rock_win > 0 {
            assert_eq!(p.observation, 0, "the opponent repeats its winning rock");
            after_rock_win = 0;
        }
        if p.observation == 0 && p.reward == 0 {
            after_rock_win = 1;
        }
    }
}

#[test]
fn coin_flip_lands_heads_with_its_probability() {
    let mut r = rng(3);
    let mut coin = CoinFlip::new(0.7, &mut r).unwrap();
    let heads: u32 = (0..20_000)
        .map(|_| coin.perform(1, &mut r).unwrap().reward as u32)
        .sum();
    let share = f64::from(heads) / 20_000.0;
    assert!(
        (share - 0.7).abs() < 4.0 * (0.21f64 / 20_000.0).sqrt(),
        "{share}"
    );
}

/// The factored model is a distribution over percepts: after any history,
/// the probabilities of every percept sum to one, and learning a percept
/// costs `−log2` of its probability. For four families.
#[test]
fn factored_models_are_distributions_over_percepts() {
    fn check<P: Conditional + Clone>(make: impl Fn() -> P) {
        let mut r = rng(4);
        let mut game = BiasedRockPaperScissors::new();
        let mut model = FactoredModel::new(&game, make);
        for _ in 0..60 {
            let action = r.random_range(0..3);
            model.condition_action(action);
            let total: f64 = (0..4u64)
                .flat_map(|reward| {
                    (0..4u64).map(move |observation| Percept {
                        observation,
                        reward,
                    })
                })
                .map(|p| model.percept_probability(&game, p))
                .sum();
            assert!((total - 1.0).abs() < 1e-12, "{total}");
            // The most probable percepts, by best-first search, are the
            // top of the full enumeration.
            let mut all: Vec<f64> = (0..4u64)
                .flat_map(|reward| {
                    (0..4u64).map(move |observation| Percept {
                        observation,
                        reward,
                    })
                })
                .filter(|p| {
                    p.observation <= game.max_observation() && p.reward <= game.max_reward()
                })
                .map(|p| model.percept_probability(&game, p))
                .collect();
            all.sort_by(|a, b| b.total_cmp(a));
            let likely = model.likely_percepts(3);
            assert_eq!(likely.len(), 3);
            for ((percept, p), expected) in likely.iter().zip(&all) {
                assert!((p - expected).abs() < 1e-12, "{p} vs {expected}");
                assert!((model.percept_probability(&game, *percept) - p).abs() < 1e-12);
            }
            let percept = game.perform(action, &mut r).unwrap();
            let probability = model.percept_probability(&game, percept);
            let cost = model.learn_percept(&game, percept);
            assert!(
                (cost + probability.log2()).abs() < 1e-9,
                "{cost} vs {probability}"
            );
        }
    }
    check(|| Ctw::new(8).unwrap());
    check(Kt::new);
    check(|| MarkovKt::new(3).unwrap());
    let functions = Enumeration::smallest(3, &Basis::Full, 2).unwrap();
    let circuits = move || {
        CircuitMixture::new(&functions, FunctionPrior::SmallestCircuit, Leaf::Learning).unwrap()
    };
    check(circuits.clone());
    // A logical inductor whose traders are world models.
    check(move || {
        let traders: Vec<Box<dyn inductive::market::Trader>> = vec![
            Box::new(
                inductive::market::PredictorTrader::conditional(Ctw::new(4).unwrap(), 10.0)
                    .unwrap(),
            ),
            Box::new(inductive::market::PredictorTrader::conditional(circuits(), 10.0).unwrap()),
        ];
        inductive::market::LogicalInductor::new(traders).unwrap()
    });
}

/// Conditioning moves the context and learns nothing: a `MarkovKt`
/// conditioned on a bit predicts with the counts it had, in the new
/// context; a fresh `Ctw` conditioned on any bits still predicts 1/2.
#[test]
fn conditioning_learns_nothing() {
    let mut order_1 = MarkovKt::new(1).unwrap();
    order_1.observe([true, false, true, false, true, false]); // after 1: 0, three times
    order_1.condition(true);
    assert_eq!(order_1.predict(), 0.5 / 4.0);
    order_1.condition(false); // after 0: 1 twice (the first 0 after the zero past)
    let mut ctw = Ctw::new(6).unwrap();
    for t in 0..50 {
        ctw.condition(t % 3 == 0);
        assert_eq!(ctw.predict(), 0.5);
    }
}

#[test]
fn bad_parameters_and_percepts_are_errors() {
    let mut r = rng(5);
    let mut tiger = Tiger::new(0.85, &mut r).unwrap();
    let before = tiger.clone();
    assert!(matches!(
        tiger.perform(3, &mut r),
        Err(Error::InvalidSize { .. })
    ));
    assert!(matches!(
        tiger.perform(usize::MAX, &mut r),
        Err(Error::InvalidSize { .. })
    ));
    assert_eq!(tiger, before, "a refused action changes nothing");
    for accuracy in [f64::NAN, -0.1, 1.5] {
        assert!(Tiger::new(accuracy, &mut r).is_err());
        assert!(CoinFlip::new(accuracy, &mut r).is_err());
    }
    let make = || Ctw::new(4).unwrap();
    for config in [
        SearchConfig {
            horizon: 0,
            ..CONFIG
        },
        SearchConfig {
            horizon: SearchConfig::MAX_HORIZON + 1,
            ..CONFIG
        },
        SearchConfig {
            simulations: 0,
            ..CONFIG
        },
        SearchConfig {
            exploration: f64::NAN,
            ..CONFIG
        },
        SearchConfig {
            exploration: -1.0,
            ..CONFIG
        },
    ] {
        assert!(Agent::new(&tiger, make, config).is_err(), "{config:?}");
    }
    let agent = Agent::new(&tiger, make, CONFIG).unwrap();
    for (rate, decay) in [(f64::NAN, 1.0), (1.5, 1.0), (0.5, -0.1)] {
        assert!(agent.clone().with_exploration(rate, decay).is_err());
    }
    // A percept past the declared bounds is refused and learns nothing.
    let mut agent = agent;
    let reference = agent.clone();
    for percept in [
        Percept {
            observation: 3,
            reward: 0,
        },
        Percept {
            observation: 0,
            reward: 111,
        },
        Percept {
            observation: u64::MAX,
            reward: u64::MAX,
        },
    ] {
        assert!(matches!(
            agent.observe(&tiger, percept),
            Err(Error::InvalidSize { .. })
        ));
    }
    let probe = Percept {
        observation: 1,
        reward: 99,
    };
    assert_eq!(
        agent.model().percept_probability(&tiger, probe),
        reference.model().percept_probability(&tiger, probe)
    );
    assert_eq!(agent.cycles(), 0);
    // Percept bits of the wrong length or past the bounds.
    assert!(decode_percept(&tiger, &[true; 3]).is_err());
    assert!(
        decode_percept(
            &tiger,
            &encode_percept(
                &tiger,
                Percept {
                    observation: 3,
                    reward: 0
                }
            )
        )
        .is_err()
    );
}

/// The plan is open: every action's value and visit count, the visits
/// summing to the simulations less the first (a playout from the root, as
/// in the paper); the model explains each percept bit.
#[test]
fn plans_and_models_are_transparent() {
    let mut r = rng(6);
    let mut game = BiasedRockPaperScissors::new();
    let config = SearchConfig {
        horizon: 2,
        simulations: 50,
        exploration: 2.0,
    };
    let mut agent = Agent::new(&game, || Ctw::new(8).unwrap(), config).unwrap();
    for _ in 0..20 {
        agent.step(&mut game, &mut r).unwrap();
        let plan = agent.plan();
        assert_eq!(plan.len(), 3);
        assert_eq!(plan.iter().map(|v| v.visits).sum::<u64>(), 49);
        assert!(
            plan.iter()
                .all(|v| v.value.is_none_or(|x| (0.0..=4.0).contains(&x)))
        );
    }
    let explained = agent.explain(2);
    assert_eq!(explained.len(), game.percept_bits());
    assert!(explained[0].description.starts_with("reward bit 0"));
}

/// Equal seeds, equal runs.
#[test]
fn runs_are_deterministic() {
    let run = |seed| {
        let mut r = rng(seed);
        let mut coin = CoinFlip::new(0.7, &mut r).unwrap();
        let mut agent = Agent::new(&coin, || Ctw::new(4).unwrap(), CONFIG)
            .unwrap()
            .with_exploration(0.1, 0.99)
            .unwrap();
        (0..100)
            .map(|_| agent.step(&mut coin, &mut r).unwrap())
            .collect::<Vec<_>>()
    };
    assert_eq!(run(7), run(7));
    assert_ne!(run(7), run(8));
}

mod revert {
    use inductive::agent::Conditional;
    use inductive::prelude::*;
    use proptest::prelude::*;

    /// A bit, and whether it is learned (`update`) or only conditioned on.
    fn op() -> impl Strategy<Value = (bool, bool)> {
        (any::<bool>(), any::<bool>())
    }

    fn apply(ctw: &mut Ctw, ops: &[(bool, bool)]) {
        for &(bit, learn) in ops {
            if learn {
                ctw.update(bit)
            } else {
                ctw.condition(bit)
            }
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: crate::tier::cases(256), ..ProptestConfig::default() })]

        /// After a mark, any mix of learned and conditioned bits, then
        /// `revert`, CTW is exactly what it was: the same node count and
        /// bit-identical predictions along any continuation, trial after
        /// trial from one mark.
        #[test]
        fn ctw_reverts_exactly(
            depth in 1usize..=24,
            before in prop::collection::vec(op(), 0..600),
            trials in prop::collection::vec(prop::collection::vec(op(), 0..200), 1..4),
            after in prop::collection::vec(op(), 1..200),
        ) {
            let mut ctw = Ctw::new(depth).unwrap();
            apply(&mut ctw, &before);
            let reference = ctw.clone();
            prop_assert!(ctw.mark());
            for trial in &trials {
                apply(&mut ctw, trial);
                ctw.revert();
                prop_assert_eq!(ctw.node_count(), reference.node_count());
                prop_assert_eq!(ctw.predict().to_bits(), reference.predict().to_bits());
            }
            ctw.unmark();
            let (mut a, mut b) = (ctw, reference);
            for &(bit, learn) in &after {
                prop_assert_eq!(a.predict().to_bits(), b.predict().to_bits());
                apply(&mut a, &[(bit, learn)]);
                apply(&mut b, &[(bit, learn)]);
            }
            prop_assert_eq!(a.node_count(), b.node_count());
        }
    }
}

/// A mixture of world models of different families weighs only the bits
/// it predicts: conditioned bits move every component's context and leave
/// the posterior where it was.
mod mixed_families {
    use inductive::adapters::Mixture;
    use inductive::agent::{CloneConditional, Conditional};
    use inductive::baseline::MarkovKt;
    use inductive::prelude::*;
    use proptest::prelude::*;

    fn components() -> Vec<Box<dyn CloneConditional>> {
        vec![
            Box::new(Ctw::new(3).unwrap()),
            Box::new(MarkovKt::new(2).unwrap()),
            Box::new(Kt::new()),
        ]
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: crate::tier::cases(256), ..ProptestConfig::default() })]

        /// The prediction after any mix of learned and conditioned bits is
        /// `Σ w_i p_i` with `w_i` the prior times the likelihood of the
        /// learned bits alone, each component run on its own.
        #[test]
        fn a_mixture_weighs_only_the_bits_it_learns(
            ops in prop::collection::vec((any::<bool>(), any::<bool>()), 0..400),
            prior in prop::collection::vec(0.01f64..1.0, 3),
        ) {
            let mut mixture = Mixture::new(components(), prior.clone()).unwrap();
            let mut alone = components();
            let mut log_likelihood = [0.0f64; 3];
            for &(bit, learn) in &ops {
                if learn {
                    for (c, ll) in alone.iter_mut().zip(&mut log_likelihood) {
                        let p = c.predict();
                        *ll += if bit { p.ln() } else { (1.0 - p).ln() };
                        c.update(bit);
                    }
                    mixture.update(bit);
                } else {
                    for c in &mut alone {
                        c.condition(bit);
                    }
                    mixture.condition(bit);
                }
                let top = log_likelihood.iter().zip(&prior).map(|(l, w)| l + w.ln()).fold(f64::NEG_INFINITY, f64::max);
                let (mut total, mut mixed) = (0.0, 0.0);
                for ((c, l), w) in alone.iter().zip(&log_likelihood).zip(&prior) {
                    let weight = (l + w.ln() - top).exp();
                    total += weight;
                    mixed += weight * c.predict();
                }
                let expected = mixed / total;
                prop_assert!((mixture.predict() - expected).abs() < 1e-9, "{} vs {expected}", mixture.predict());
            }
        }
    }
}

mod domains {
    use inductive::agent::{
        BiasedRockPaperScissors, Environment, ExtendedTiger, KuhnPoker, Maze, MazeObservation,
        Percept, TicTacToe,
    };
    use rand::SeedableRng;
    use rand_chacha::ChaCha8Rng;

    #[test]
    fn extended_tiger_punishes_invalid_actions_and_reseats() {
        let mut r = ChaCha8Rng::seed_from_u64(9);
        let mut tiger = ExtendedTiger::new(0.85, &mut r).unwrap();
        assert_eq!(tiger.reward_bits(), 8);
        // Seated: opening is invalid (0), listening costs nothing (100).
        assert_eq!(
            tiger.perform(1, &mut r).unwrap(),
            Percept {
                observation: 0,
                reward: 0
            }
        );
        assert_eq!(tiger.perform(0, &mut r).unwrap().reward, 100);
        // Stand (99); standing again or listening is invalid.
        assert_eq!(tiger.perform(3, &mut r).unwrap().reward, 99);
        assert_eq!(tiger.perform(3, &mut r).unwrap().reward, 0);
        assert_eq!(
            tiger.perform(0, &mut r).unwrap(),
            Percept {
                observation: 0,
                reward: 0
            }
        );
        // Open: gold (130) or tiger (0); seated again after.
        assert!([0, 130].contains(&tiger.perform(2, &mut r).unwrap().reward));
        assert_eq!(tiger.perform(0, &mut r).unwrap().reward, 100);
        assert_eq!(tiger.reward_offset(), 100.0);
    }

    /// The mean reward of "always pass" and "always bet" against the
    /// expectation enumerated from the rules: 6 equally likely deals, the
    /// opponent's first bet (0.7/3 on a jack, 0.7 on a king), its second
    /// thoughts after a bet (a king calls, a queen with probability 1.7/3).
    #[test]
    fn kuhn_poker_pays_what_its_rules_say() {
        let wins = |agent: u64, opponent: u64| opponent == 0 || (opponent == 1 && agent == 2);
        let first_bet = |card: u64| [0.7 / 3.0, 0.0, 0.7][card as usize];
        let (mut pass, mut bet) = (0.0, 0.0);
        for agent in 0..3u64 {
            for opponent in (0..3u64).filter(|&o| o != agent) {
                let p = 1.0 / 6.0;
                let b = first_bet(opponent);
                let showdown = |bet_on: bool| match (wins(agent, opponent), bet_on) {
                    (true, true) => 2.0,
                    (true, false) => 1.0,
                    (false, true) => -2.0,
                    (false, false) => -1.0,
                };
                // Always pass: fold to a bet, else a passed showdown.
                pass += p * (-b + (1.0 - b) * showdown(false));
                // Always bet: a called bet, or after a pass the opponent's
                // second thoughts.
                let call = [0.0, 1.7 / 3.0, 1.0][opponent as usize];
                bet += p
                    * (b * showdown(true)
                        + (1.0 - b) * (call * showdown(true) + (1.0 - call) * 1.0));
            }
        }
        let mut r = ChaCha8Rng::seed_from_u64(10);
        for (action, expected) in [(1usize, pass), (0, bet)] {
            let mut game = KuhnPoker::new(&mut r);
            let rounds = 200_000;
            let mean: f64 = (0..rounds)
                .map(|_| game.perform(action, &mut r).unwrap().reward as f64 - 2.0)
                .sum::<f64>()
                / rounds as f64;
            assert!(
                (mean - expected).abs() < 4.0 * 2.0 / (rounds as f64).sqrt(),
                "action {action}: {mean} vs {expected}"
            );
        }
        // Observations: the agent's card, plus 4 after a pass.
        let game = KuhnPoker::new(&mut r);
        assert!(game.initial_percept().observation <= 6 && game.initial_percept().observation != 3);
    }

    /// The optima `examples/agent.rs` quotes, by simulation. Where the
    /// observations say nothing and a reward teleports the agent, the best
    /// policy is a fixed sequence of moves restarted at each reward, and
    /// the optimum is 1 / (its expected length): the shortest-path search
    /// over sets of possible cells gives R, R, L on the 1d-maze (2 moves
    /// on average, 1/2) and R, D, R, D, R, D on the 4×4 grid (62/15,
    /// 15/62). Biased rock-paper-scissors: scissors until the opponent
    /// wins with rock, then paper (1/4).
    #[test]
    fn the_quoted_optima_hold() {
        let mut r = ChaCha8Rng::seed_from_u64(21);
        let cycles = 200_000;
        let mut rate = |mut maze: Maze, moves: &[usize]| {
            let (mut next, mut total) = (0, 0.0);
            for _ in 0..cycles {
                let p = maze.perform(moves[next], &mut r).unwrap();
                let real = p.reward as f64 - maze.reward_offset();
                total += real;
                next = if real > 0.0 {
                    0
                } else {
                    (next + 1) % moves.len()
                };
            }
            total / cycles as f64
        };
        let one_d = rate(
            Maze::one_dimensional(&mut ChaCha8Rng::seed_from_u64(1)),
            &[1, 1, 0],
        );
        assert!((one_d - 0.5).abs() < 0.005, "{one_d}");
        let grid = rate(
            Maze::grid_4x4(&mut ChaCha8Rng::seed_from_u64(1)),
            &[2, 3, 2, 3, 2, 3],
        );
        assert!((grid - 15.0 / 62.0).abs() < 0.005, "{grid}");
        let mut game = BiasedRockPaperScissors::new();
        let (mut total, mut last) = (0.0, game.initial_percept());
        for _ in 0..cycles {
            let rock_won = last.observation == 0 && last.reward == 0;
            last = game.perform(if rock_won { 1 } else { 2 }, &mut r).unwrap();
            total += last.reward as f64 - game.reward_offset();
        }
        let rps = total / cycles as f64;
        assert!((rps - 0.25).abs() < 0.005, "{rps}");
    }

    #[test]
    fn the_1d_maze_has_two_actions_and_pays_only_on_the_third_cell() {
        let mut r = ChaCha8Rng::seed_from_u64(5);
        let maze = Maze::one_dimensional(&mut r);
        assert_eq!(
            (maze.actions(), maze.observation_bits(), maze.max_reward()),
            (2, 1, 1)
        );
        // The same row with the agent's cell observed.
        let mut seen = Maze::new(
            &["**!*"],
            &[&[0, 0, 1, 0]],
            MazeObservation::Coordinates,
            &mut r,
        )
        .unwrap();
        let mut cell = seen.initial_percept().observation;
        let (mut paid, mut landed) = (0, [0u32; 4]);
        for _ in 0..4_000 {
            assert_ne!(cell, 2, "the goal teleports the agent away");
            let action = rand::RngExt::random_range(&mut r, 0..2);
            let p = seen.perform(action, &mut r).unwrap();
            let target = if action == 0 {
                cell.saturating_sub(1)
            } else {
                (cell + 1).min(3)
            };
            assert_eq!(
                p.reward,
                u64::from(target == 2),
                "from {cell}, action {action}"
            );
            if target == 2 {
                paid += 1;
                landed[p.observation as usize] += 1;
            } else {
                assert_eq!(p.observation, target);
            }
            cell = p.observation;
        }
        // Teleports land on each of the three other cells.
        assert!(paid > 500 && landed[2] == 0 && landed.iter().filter(|&&n| n > 0).count() == 3);
        assert!(matches!(
            seen.perform(2, &mut r),
            Err(inductive::Error::InvalidSize {
                what: "action",
                value: 2,
                ..
            })
        ));
    }

    #[test]
    fn the_cheese_maze_has_walls_a_cheese_and_teleports() {
        let mut r = ChaCha8Rng::seed_from_u64(11);
        let mut maze = Maze::cheese(&mut r);
        assert_eq!(
            (
                maze.observation_bits(),
                maze.reward_bits(),
                maze.reward_offset()
            ),
            (4, 5, 10.0)
        );
        let mut cheese = 0;
        let mut last = maze.initial_percept().observation;
        for _ in 0..20_000u64 {
            let action = rand::RngExt::random_range(&mut r, 0..4);
            let p = maze.perform(action, &mut r).unwrap();
            assert!(p.observation <= 15);
            match p.reward {
                // A bump leaves the agent where it was.
                0 => assert_eq!(p.observation, last),
                9 => {}
                20 => cheese += 1,
                other => panic!("reward {other}"),
            }
            last = p.observation;
        }
        assert!(cheese > 0);
        let grid = Maze::grid_4x4(&mut r);
        assert_eq!(
            (
                grid.observation_bits(),
                grid.max_reward(),
                grid.initial_percept().observation
            ),
            (1, 1, 0)
        );
        for bad in [
            Maze::new(&[], &[], MazeObservation::Walls, &mut r),
            Maze::new(
                &["**", "*"],
                &[&[0, 0], &[0]],
                MazeObservation::Walls,
                &mut r,
            ),
            Maze::new(&["**"], &[&[0, 0], &[0, 0]], MazeObservation::Walls, &mut r),
            Maze::new(&["&&"], &[&[0, 0]], MazeObservation::Walls, &mut r),
            Maze::new(&["*x"], &[&[0, 0]], MazeObservation::Walls, &mut r),
            Maze::new(
                &["**"],
                &[&[i64::MIN, i64::MAX]],
                MazeObservation::Walls,
                &mut r,
            ),
        ] {
            assert!(bad.is_err());
        }
    }

    #[test]
    fn tic_tac_toe_clears_the_board_on_an_invalid_move() {
        let mut r = ChaCha8Rng::seed_from_u64(12);
        let mut game = TicTacToe::new();
        assert_eq!(game.observation_bits(), 18);
        let first = game.perform(4, &mut r).unwrap();
        assert_eq!(first.reward, 3);
        // The centre is the agent's (1 at cell 4: bits 9–8 of 18), one cell
        // the opponent's.
        assert_eq!((first.observation >> 8) & 3, 1);
        let cells: Vec<u64> = (0..9)
            .map(|i| (first.observation >> (2 * (8 - i))) & 3)
            .collect();
        assert_eq!(cells.iter().filter(|&&c| c == 2).count(), 1);
        assert_eq!(
            game.perform(4, &mut r).unwrap(),
            Percept {
                observation: 0,
                reward: 0
            }
        );
        let mut rewards = [0u32; 6];
        for t in 0..30_000usize {
            rewards[game.perform((t * 5 + t / 9) % 9, &mut r).unwrap().reward as usize] += 1;
        }
        assert_eq!(rewards[2], 0);
        assert!(
            rewards.iter().enumerate().all(|(i, &n)| i == 2 || n > 0),
            "{rewards:?}"
        );
    }
}

/// After the learning period the agent neither explores nor learns: with
/// an exploration rate of 1 it still plans every cycle, and a KT model's
/// probabilities no longer move.
#[test]
fn the_learning_period_ends_exploring_and_learning() {
    let mut r = rng(13);
    let mut coin = CoinFlip::new(0.7, &mut r).unwrap();
    let mut agent = Agent::new(&coin, Kt::new, CONFIG)
        .unwrap()
        .with_exploration(1.0, 1.0)
        .unwrap()
        .with_learning_period(20);
    let probe = Percept {
        observation: 1,
        reward: 1,
    };
    for cycle in 0..60 {
        let before = agent.model().percept_probability(&coin, probe);
        agent.step(&mut coin, &mut r).unwrap();
        let after = agent.model().percept_probability(&coin, probe);
        if cycle < 20 {
            assert!(agent.plan().is_empty(), "exploring at cycle {cycle}");
        } else {
            assert!(agent.is_evaluating());
            assert!(!agent.plan().is_empty(), "planning at cycle {cycle}");
            assert_eq!(before, after, "learning at cycle {cycle}");
        }
    }
}

fn coin_for_errors() -> CoinFlip {
    CoinFlip::new(0.7, &mut rng(16)).unwrap()
}

/// The model-free baseline learns to call the biased coin, stops learning
/// after its learning period, refuses bad parameters, and is deterministic.
#[test]
fn q_learning_calls_the_coin() {
    use inductive::agent::QLearning;
    let run = |seed| {
        let mut r = rng(seed);
        let mut coin = CoinFlip::new(0.7, &mut r).unwrap();
        let mut q = QLearning::new(&coin, 1, 0.1, 0.5)
            .unwrap()
            .with_exploration(0.2, 0.999)
            .unwrap()
            .with_learning_period(2000);
        let mut late = 0.0;
        for cycle in 0..4000 {
            let (_, p) = q.step(&mut coin, &mut r).unwrap();
            if cycle >= 2000 {
                late += p.reward as f64;
            }
        }
        (late / 2000.0, q.states())
    };
    let (reward, states) = run(14);
    assert!(reward > 0.65, "{reward}"); // calls heads: 0.7
    assert!(states <= 4, "{states}"); // (tails | heads) × (loss | win)
    assert_eq!(run(14), run(14));
    // Without exploration, the optimistic start still tries both calls
    // and settles on heads; a start at 0 keeps calling tails (action 0,
    // the first tie-break), whose value never falls below heads' untried
    // 0 since no reward is negative.
    let greedy = |seed, initial: Option<f64>| {
        let mut r = rng(seed);
        let mut coin = CoinFlip::new(0.7, &mut r).unwrap();
        let mut q = QLearning::new(&coin, 1, 0.1, 0.5).unwrap();
        if let Some(v) = initial {
            q = q.with_initial_value(v).unwrap();
        }
        let mut late = 0.0;
        for cycle in 0..4000 {
            let (_, p) = q.step(&mut coin, &mut r).unwrap();
            if cycle >= 2000 {
                late += p.reward as f64;
            }
        }
        late / 2000.0
    };
    for seed in 1..=5 {
        let optimistic = greedy(seed, None);
        assert!(optimistic > 0.65, "seed {seed}: {optimistic}");
        let pessimistic = greedy(seed, Some(0.0));
        assert!(pessimistic < 0.35, "seed {seed}: {pessimistic}");
    }
    assert!(
        QLearning::new(&coin_for_errors(), 1, 0.1, 0.5)
            .unwrap()
            .with_initial_value(f64::NAN)
            .is_err()
    );
    let r = &mut rng(15);
    let coin = CoinFlip::new(0.7, r).unwrap();
    for (window, rate, discount) in [
        (0, 0.1, 0.5),
        (65, 0.1, 0.5),
        (1, 0.0, 0.5),
        (1, 1.5, 0.5),
        (1, 0.1, 1.0),
        (1, f64::NAN, 0.5),
        (1, 0.1, -0.1),
    ] {
        assert!(
            QLearning::new(&coin, window, rate, discount).is_err(),
            "{window} {rate} {discount}"
        );
    }
    let mut q = QLearning::new(&coin, 2, 0.1, 0.5).unwrap();
    assert!(
        q.observe(
            &coin,
            Percept {
                observation: 2,
                reward: 0
            }
        )
        .is_err()
    );
    assert!(
        q.observe(
            &coin,
            Percept {
                observation: 0,
                reward: 2
            }
        )
        .is_err()
    );
    assert_eq!(q.average_reward(), 0.0);
}

/// A huge but finite exploration constant keeps UCB finite: the search
/// then spreads its simulations evenly over the actions (each bonus
/// dwarfs every mean, and the least-visited action has the largest). When
/// the bonus overflowed to ∞, every action tied and the first always won.
#[test]
fn the_largest_exploration_constant_spreads_simulations_evenly() {
    let mut rng = rng(5);
    let mut env = CoinFlip::new(0.7, &mut rng).unwrap();
    let config = SearchConfig {
        horizon: 1,
        simulations: 200,
        exploration: f64::MAX,
    };
    let mut agent = Agent::new(&env, Kt::new, config).unwrap();
    agent.step(&mut env, &mut rng).unwrap();
    let visits: Vec<u64> = agent.plan().iter().map(|a| a.visits).collect();
    assert_eq!(visits.len(), 2);
    assert!(visits[0].abs_diff(visits[1]) <= 1, "{visits:?}");
}

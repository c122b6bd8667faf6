//! The sources emit what they claim: empirical frequencies match the stated
//! probabilities, and tree shapes follow CTW's prior.

use inductive::prelude::*;
use inductive::sources::{Markov, Source, TreeSource};
use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;

/// `|observed − expected|` within five standard deviations of a binomial.
fn assert_binomial(ones: usize, trials: usize, p: f64, what: &str) {
    let expected = trials as f64 * p;
    let sd = (trials as f64 * p * (1.0 - p)).sqrt().max(1.0);
    assert!(
        (ones as f64 - expected).abs() <= 5.0 * sd,
        "{what}: {ones} ones in {trials}, expected {expected:.1} ± {sd:.1}"
    );
}

#[test]
fn markov_frequencies_match_its_table() {
    let mut rng = ChaCha8Rng::seed_from_u64(5);
    let table = vec![0.1, 0.6, 0.35, 0.9];
    let mut source = Markov::new(2, table.clone()).unwrap();
    let sample = source.sample(200_000, &mut rng).unwrap();
    let mut counts = [[0usize; 2]; 4];
    let mut context = 0usize;
    for &bit in sample.bits() {
        counts[context][usize::from(bit)] += 1;
        context = ((context << 1) | usize::from(bit)) & 3;
    }
    for (c, [zeros, ones]) in counts.iter().enumerate() {
        assert_binomial(*ones, zeros + ones, table[c], &format!("context {c:02b}"));
    }
}

#[test]
fn samples_record_the_probability_each_bit_was_drawn_with() {
    let mut rng = ChaCha8Rng::seed_from_u64(6);
    let mut source = TreeSource::sample_from_prior(5, &mut rng).unwrap();
    let replay = source.clone();
    let sample = source.sample(500, &mut rng).unwrap();
    let mut replay = replay;
    for (&bit, &p) in sample.bits().iter().zip(sample.truth()) {
        assert_eq!(replay.predict(), p);
        replay.update(bit);
    }
    let direct: f64 = sample.truth_code_lengths().iter().sum();
    assert_eq!(direct, sample.truth_code_length());
}

#[test]
fn tree_prior_makes_the_root_a_leaf_half_the_time() {
    let mut rng = ChaCha8Rng::seed_from_u64(7);
    let draws = 4000;
    let leaves_at_root = (0..draws)
        .filter(|_| TreeSource::sample_from_prior(3, &mut rng).unwrap().depth() == 0)
        .count();
    assert_binomial(leaves_at_root, draws, 0.5, "root is a leaf");
    // Depth 0 forces a single leaf.
    for _ in 0..10 {
        assert_eq!(
            TreeSource::sample_from_prior(0, &mut rng)
                .unwrap()
                .leaves()
                .len(),
            1
        );
    }
}

#[test]
fn ctw_regret_on_its_own_prior_is_small() {
    // Willems et al. (1995), Theorem 2: CTW's regret against any tree source
    // S of depth ≤ D is at most Γ_D(S) ≤ 2|S| − 1 bits for the structure plus
    // the KT regret, at most ½·log2 n + 1 per leaf. It holds for every
    // sequence, not only on average.
    let mut rng = ChaCha8Rng::seed_from_u64(8);
    for _ in 0..5 {
        let mut source = TreeSource::sample_from_prior(3, &mut rng).unwrap();
        let leaves = source.leaves().len() as f64;
        let sample = source.sample(4096, &mut rng).unwrap();
        let regret = Ctw::new(3).unwrap().observe(sample.bits()) - sample.truth_code_length();
        let bound = 2.0 * leaves - 1.0 + leaves * (0.5 * 4096f64.log2() + 1.0);
        assert!(regret < bound, "regret {regret:.1} above {bound:.1}");
    }
}

#[test]
fn pi_matches_its_published_expansions() {
    use inductive::sources::{pi_decimal_digits, pi_hex_digits};
    // The first 100 decimals of π.
    let decimal = "1415926535897932384626433832795028841971693993751058209749445923078164062862089986280348253421170679";
    let got: String = pi_decimal_digits(100)
        .unwrap()
        .iter()
        .map(|d| char::from(b'0' + d))
        .collect();
    assert_eq!(got, decimal);
    // The first 64 hexadecimal digits of π.
    let hex = "243F6A8885A308D313198A2E03707344A4093822299F31D0082EFA98EC4E6C89";
    let got: String = pi_hex_digits(64)
        .unwrap()
        .iter()
        .map(|&d| {
            char::from_digit(u32::from(d), 16)
                .unwrap()
                .to_ascii_uppercase()
        })
        .collect();
    assert_eq!(got, hex);
    // Digit 762 starts the Feynman point: six nines.
    let far = pi_decimal_digits(767).unwrap();
    assert_eq!(&far[761..767], &[9, 9, 9, 9, 9, 9]);
    assert!(pi_decimal_digits(inductive::sources::MAX_DIGITS + 1).is_err());
}

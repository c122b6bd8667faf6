//! KT against CTW on a tree source and a Markov source.
//!
//! Both sources report their true next-bit probability, so the table shows
//! the exact regret of each predictor against the truth, in bits. KT counts
//! ones and zeros and cannot see context; CTW mixes every context tree up to
//! its depth, so its regret grows like the number of parameters of the true
//! tree times `½·log2 n`, while KT's grows linearly.
//!
//! ```text
//! cargo run --release --example quickstart
//! ```

use inductive::eval::compare;
use inductive::prelude::*;
use inductive::sources::{Markov, Source, TreeSource};
use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;

fn main() -> Result<(), Error> {
    let mut rng = ChaCha8Rng::seed_from_u64(2024);
    let len = 20_000;

    let mut tree = TreeSource::sample_from_prior(6, &mut rng)?;
    println!("tree source (leaf suffix, newest bit first → P(1)):");
    let mut leaves = tree.leaves();
    leaves.sort_by(|a, b| a.0.len().cmp(&b.0.len()).then(a.0.cmp(&b.0)));
    for (suffix, theta) in &leaves {
        let suffix: String = suffix.iter().map(|&b| if b { '1' } else { '0' }).collect();
        println!(
            "  {:<8} {theta:.3}",
            if suffix.is_empty() { "ε" } else { &suffix }
        );
    }
    let tree_sample = tree.sample(len, &mut rng)?;

    let mut markov = Markov::sample_from_prior(3, 0.5, 0.5, &mut rng)?;
    let markov_sample = markov.sample(len, &mut rng)?;

    let table = compare(
        &[
            ("KT", &|| Kt::new().boxed()),
            ("CTW(2)", &|| Ctw::new(2).expect("valid depth").boxed()),
            ("CTW(6)", &|| Ctw::new(6).expect("valid depth").boxed()),
            ("CTW(16)", &|| Ctw::new(16).expect("valid depth").boxed()),
            ("CTW(48)", &|| Ctw::new(48).expect("valid depth").boxed()),
        ],
        &[
            ("tree source (depth ≤ 6)", &tree_sample),
            ("Markov, order 3", &markov_sample),
        ],
    );
    println!("\n{len} bits from each source; regret is against the true probabilities\n");
    print!("{table}");
    Ok(())
}

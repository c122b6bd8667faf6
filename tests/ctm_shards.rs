//! Sharded enumeration of `D(n)`: shards merge exactly in any order and
//! grouping, every machine is counted once (also for 5 states, checked
//! against counts derived by hand), and checkpoints keep finished shards
//! through crashes and refuse damage.

mod tier;

use std::io::Write;
use std::path::PathBuf;

use inductive::Error;
use inductive::solomonoff::ctm::{
    OutputDistribution, PartialDistribution, ShardCheckpoint, ShardTally, Shards,
};
use proptest::prelude::*;
use rand::SeedableRng;

fn every_shard(shards: &Shards) -> Vec<ShardTally> {
    (0..shards.count())
        .map(|id| shards.tally(id).unwrap())
        .collect()
}

fn temp_path(name: &str) -> PathBuf {
    let path = std::env::temp_dir().join(format!(
        "inductive-ctm-shards-{}-{name}.checkpoint",
        std::process::id()
    ));
    let _ = std::fs::remove_file(&path);
    path
}

#[test]
fn shards_cover_every_machine_once() {
    for (states, max_steps) in [(1, 10), (2, 6), (3, 21), (3, 4)] {
        let shards = Shards::new(states, max_steps).unwrap();
        let machines: u64 = every_shard(&shards).iter().map(ShardTally::machines).sum();
        assert_eq!(
            machines,
            shards.machines(),
            "D({states}) budget {max_steps}"
        );
        assert_eq!(
            shards.machines(),
            (4 * states as u64 + 2).pow(2 * states as u32)
        );
    }
}

/// For 5 states, under budgets of 1 and 2 steps, the halting machines can
/// be counted by hand. From the 0-blank tape, budget 1: the first
/// transition halts (2 of its 22 choices), `2 · 22^9` machines, writing
/// `0` or `1`. Budget 2 adds: the first transition moves to a state
/// `s ≠ 0` (16 choices) whose transition on 0 halts (2 choices): `32 ·
/// 22^8` machines. The 1-blank tape doubles both.
#[test]
fn five_state_shards_count_what_hand_counting_gives() {
    let p = 22u64;
    let shards = Shards::new(5, 1).unwrap();
    assert_eq!(shards.count(), 12 * p.pow(3));
    let mut merged = PartialDistribution::new(&shards);
    for shard in every_shard(&shards) {
        merged.add(shard).unwrap();
    }
    assert_eq!(merged.machines(), p.pow(10));
    assert_eq!(merged.halting(), 2 * 2 * p.pow(9));
    let d = merged.into_distribution().unwrap();
    assert_eq!(d.count("0"), 2 * p.pow(9));
    assert_eq!(d.count("1"), 2 * p.pow(9));

    let shards = Shards::new(5, 2).unwrap();
    let mut merged = PartialDistribution::new(&shards);
    for shard in every_shard(&shards) {
        merged.add(shard).unwrap();
    }
    assert_eq!(merged.machines(), p.pow(10));
    assert_eq!(merged.halting(), 2 * (2 * p.pow(9) + 32 * p.pow(8)));
    // Two cells: the first transition writes `a`, moves right (or
    // left) to one of 4 states, which writes `b` and halts: `ab` (or
    // `ba`). Each ordered pair: 2 directions × 4 states × 22^8 machines
    // from the 0-blank tape, as many again (complemented) from the 1-blank.
    let d = merged.into_distribution().unwrap();
    let pairs: Vec<u64> = ["00", "01", "10", "11"]
        .iter()
        .map(|s| d.count(s))
        .collect();
    assert_eq!(pairs, [16 * p.pow(8); 4]);
    assert_eq!(d.count("0"), 2 * p.pow(9));
    assert_eq!(pairs.iter().sum::<u64>(), 2 * 32 * p.pow(8));
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(tier::cases(256)))]

    /// Shards split between two partial distributions in any way, each
    /// filled in any order, merge into exactly `D(n)`.
    #[test]
    fn any_grouping_and_order_gives_the_same_distribution(
        states in 1usize..=3,
        max_steps in 1u64..=21,
        seed in any::<u64>(),
    ) {
        let shards = Shards::new(states, max_steps).unwrap();
        let whole = OutputDistribution::enumerate(states, max_steps).unwrap();
        let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(seed);
        let mut ids: Vec<u64> = (0..shards.count()).collect();
        rand::seq::SliceRandom::shuffle(&mut ids[..], &mut rng);
        let cut = rand::RngExt::random_range(&mut rng, 0..=ids.len());
        let (mut left, mut right) = (PartialDistribution::new(&shards), PartialDistribution::new(&shards));
        for &id in &ids[..cut] {
            left.add(shards.tally(id).unwrap()).unwrap();
        }
        for &id in &ids[cut..] {
            right.add(shards.tally(id).unwrap()).unwrap();
        }
        prop_assert_eq!(left.is_complete(), cut == ids.len());
        left.merge(right).unwrap();
        let merged = left.into_distribution().unwrap();
        prop_assert_eq!(merged.halting(), whole.halting());
        prop_assert_eq!(merged.most_steps(), whole.most_steps());
        prop_assert_eq!(merged.most_ones(), whole.most_ones());
        prop_assert!(merged.iter().eq(whole.iter()));
        for (output, _) in whole.iter() {
            prop_assert_eq!(merged.witness(output), whole.witness(output));
        }
    }

    /// A shard added twice, or merged from both sides, is refused, and the
    /// refusal changes nothing.
    #[test]
    fn double_counting_is_refused_and_changes_nothing(id in 0u64..1568, other in 0u64..1568) {
        let shards = Shards::new(3, 21).unwrap();
        let mut merged = PartialDistribution::new(&shards);
        merged.add(shards.tally(id).unwrap()).unwrap();
        if other != id {
            merged.add(shards.tally(other).unwrap()).unwrap();
        }
        let before = merged.clone();
        let refused = matches!(merged.add(shards.tally(id).unwrap()), Err(Error::Shards { .. }));
        prop_assert!(refused);
        prop_assert_eq!(&merged, &before);
        let mut overlapping = PartialDistribution::new(&shards);
        overlapping.add(shards.tally(other).unwrap()).unwrap();
        let refused = matches!(merged.merge(overlapping), Err(Error::Shards { .. }));
        prop_assert!(refused);
        prop_assert_eq!(&merged, &before);
        // Retrying with a shard not yet in succeeds after the refusals.
        let fresh = (0..1568).find(|s| !merged.contains(*s)).unwrap();
        merged.add(shards.tally(fresh).unwrap()).unwrap();
        prop_assert_eq!(merged.finished(), before.finished() + 1);
    }
}

#[test]
fn shards_of_another_plan_are_refused() {
    let d3 = Shards::new(3, 21).unwrap();
    let d3_short = Shards::new(3, 20).unwrap();
    let d2 = Shards::new(2, 21).unwrap();
    let mut merged = PartialDistribution::new(&d3);
    for other in [&d3_short, &d2] {
        let err = merged.add(other.tally(0).unwrap()).unwrap_err();
        assert!(matches!(err, Error::Shards { .. }), "{err}");
        let err = merged.merge(PartialDistribution::new(other)).unwrap_err();
        assert!(matches!(err, Error::Shards { .. }), "{err}");
    }
    assert_eq!(merged, PartialDistribution::new(&d3));
}

#[test]
fn an_incomplete_distribution_says_what_is_missing() {
    let shards = Shards::new(2, 6).unwrap();
    let mut merged = PartialDistribution::new(&shards);
    for id in (0..shards.count()).filter(|&id| id != 17) {
        merged.add(shards.tally(id).unwrap()).unwrap();
    }
    assert_eq!(merged.missing().collect::<Vec<_>>(), [17]);
    let err = merged.into_distribution().unwrap_err();
    assert!(
        err.to_string()
            .contains("1 of 600 shards are missing (the first is shard 17)"),
        "{err}"
    );
}

#[test]
fn hostile_plans_and_ids_are_refused() {
    for states in [0, 6, usize::MAX] {
        assert!(matches!(
            Shards::new(states, 100),
            Err(Error::InvalidSize { .. })
        ));
    }
    assert!(Shards::new(5, 0).is_err());
    assert!(Shards::new(5, 100_001).is_err());
    assert!(Shards::new(4, u64::MAX).is_err());
    let shards = Shards::new(2, 6).unwrap();
    for id in [shards.count(), 1 << 32, u64::MAX] {
        assert!(matches!(shards.tally(id), Err(Error::TooLarge { .. })));
    }
    let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(1);
    for fraction in [0.0, -0.1, 1.5, f64::NAN, f64::INFINITY] {
        assert!(matches!(
            shards.sample(fraction, &mut rng),
            Err(Error::InvalidProbability { .. })
        ));
    }
    // The smallest positive fraction still draws a shard; 1 draws all.
    assert_eq!(shards.sample(f64::MIN_POSITIVE, &mut rng).unwrap().len(), 1);
    let all = shards.sample(1.0, &mut rng).unwrap();
    assert_eq!(all, (0..shards.count()).collect::<Vec<_>>());
    // Enumerate points 5 states to the shards.
    let err = OutputDistribution::enumerate(5, 500).unwrap_err();
    assert!(err.to_string().contains("Shards"), "{err}");
}

#[test]
fn a_checkpoint_returns_what_was_recorded() {
    let path = temp_path("round-trip");
    let shards = Shards::new(3, 21).unwrap();
    let ids = [5u64, 0, 1567, 800, 33];
    {
        let (mut checkpoint, finished) = ShardCheckpoint::open(&path, &shards, "test").unwrap();
        assert!(finished.is_empty());
        for &id in &ids {
            checkpoint.record(&shards.tally(id).unwrap()).unwrap();
        }
    }
    let (mut checkpoint, finished) = ShardCheckpoint::open(&path, &shards, "test").unwrap();
    assert_eq!(finished.len(), ids.len());
    for (shard, &id) in finished.iter().zip(&ids) {
        assert_eq!(shard, &shards.tally(id).unwrap());
    }
    // Appending after a reopen keeps every line readable.
    checkpoint.record(&shards.tally(2).unwrap()).unwrap();
    drop(checkpoint);
    let (_, finished) = ShardCheckpoint::open(&path, &shards, "test").unwrap();
    assert_eq!(finished.len(), ids.len() + 1);
    std::fs::remove_file(&path).unwrap();
}

/// A crash mid-write leaves a torn last line: it is dropped (the shard is
/// computed again), cut off the file, and later lines append cleanly.
#[test]
fn a_torn_last_line_is_dropped_and_the_rest_kept() {
    let path = temp_path("torn");
    let shards = Shards::new(3, 21).unwrap();
    {
        let (mut checkpoint, _) = ShardCheckpoint::open(&path, &shards, "test").unwrap();
        for id in [10, 11, 12] {
            checkpoint.record(&shards.tally(id).unwrap()).unwrap();
        }
    }
    let full = std::fs::read(&path).unwrap();
    let last_start = full[..full.len() - 1]
        .iter()
        .rposition(|&b| b == b'\n')
        .unwrap()
        + 1;
    for cut in [last_start + 1, last_start + 5, full.len() - 1] {
        std::fs::write(&path, &full[..cut]).unwrap();
        let (mut checkpoint, finished) = ShardCheckpoint::open(&path, &shards, "test").unwrap();
        let ids: Vec<u64> = finished.iter().map(ShardTally::shard).collect();
        assert_eq!(ids, [10, 11], "cut at {cut}");
        assert_eq!(std::fs::metadata(&path).unwrap().len() as usize, last_start);
        checkpoint.record(&shards.tally(12).unwrap()).unwrap();
        drop(checkpoint);
        assert_eq!(std::fs::read(&path).unwrap(), full);
    }
    // A damaged (not torn) last line is what a crash can leave too.
    let mut damaged = full.clone();
    damaged[last_start + 3] ^= 1;
    std::fs::write(&path, &damaged).unwrap();
    let (_, finished) = ShardCheckpoint::open(&path, &shards, "test").unwrap();
    assert_eq!(finished.len(), 2);
    std::fs::remove_file(&path).unwrap();
}

#[test]
fn damage_before_the_last_line_is_refused() {
    let path = temp_path("damaged");
    let shards = Shards::new(3, 21).unwrap();
    {
        let (mut checkpoint, _) = ShardCheckpoint::open(&path, &shards, "test").unwrap();
        for id in [10, 11, 12] {
            checkpoint.record(&shards.tally(id).unwrap()).unwrap();
        }
    }
    let full = std::fs::read(&path).unwrap();
    let header_end = full.iter().position(|&b| b == b'\n').unwrap() + 1;
    let second = header_end + full[header_end..].iter().position(|&b| b == b'\n').unwrap() + 1;
    for at in [0, 5, header_end + 1, header_end + 3, second - 2] {
        let mut damaged = full.clone();
        damaged[at] ^= 0b100;
        std::fs::write(&path, &damaged).unwrap();
        let err = ShardCheckpoint::open(&path, &shards, "test").unwrap_err();
        assert!(matches!(err, Error::CorruptData { .. }), "byte {at}: {err}");
        // Refusing leaves the file as it was.
        assert_eq!(std::fs::read(&path).unwrap(), damaged);
    }
    // The same shard twice.
    let mut doubled = full.clone();
    doubled.extend_from_slice(&full[header_end..second]);
    doubled.extend_from_slice(&full[header_end..second]);
    std::fs::write(&path, &doubled).unwrap();
    let err = ShardCheckpoint::open(&path, &shards, "test").unwrap_err();
    assert!(err.to_string().contains("twice"), "{err}");
    std::fs::remove_file(&path).unwrap();
}

#[test]
fn a_checkpoint_of_another_plan_or_run_is_refused() {
    let path = temp_path("other-plan");
    let shards = Shards::new(3, 21).unwrap();
    drop(ShardCheckpoint::open(&path, &shards, "process 0 of 2").unwrap());
    for (other, label) in [
        (Shards::new(3, 20).unwrap(), "process 0 of 2"),
        (Shards::new(2, 21).unwrap(), "process 0 of 2"),
        (shards.clone(), "process 1 of 2"),
    ] {
        let err = ShardCheckpoint::open(&path, &other, label).unwrap_err();
        assert!(err.to_string().contains("another plan or run"), "{err}");
    }
    // Recording a shard of another plan writes nothing.
    let (mut checkpoint, _) = ShardCheckpoint::open(&path, &shards, "process 0 of 2").unwrap();
    let before = std::fs::read(&path).unwrap();
    let foreign = Shards::new(2, 21).unwrap().tally(0).unwrap();
    assert!(matches!(
        checkpoint.record(&foreign),
        Err(Error::Shards { .. })
    ));
    assert_eq!(std::fs::read(&path).unwrap(), before);
    // Recording goes on after the refusal.
    checkpoint.record(&shards.tally(3).unwrap()).unwrap();
    drop(checkpoint);
    let (_, finished) = ShardCheckpoint::open(&path, &shards, "process 0 of 2").unwrap();
    assert_eq!(finished, [shards.tally(3).unwrap()]);
    std::fs::remove_file(&path).unwrap();
}

#[test]
fn unusable_checkpoint_paths_are_errors() {
    let shards = Shards::new(2, 6).unwrap();
    let dir = std::env::temp_dir();
    assert!(matches!(
        ShardCheckpoint::open(&dir, &shards, "test"),
        Err(Error::Io { .. })
    ));
    let missing = dir.join("no-such-directory-inductive").join("x.checkpoint");
    assert!(matches!(
        ShardCheckpoint::open(&missing, &shards, "test"),
        Err(Error::Io { .. })
    ));
    let path = temp_path("label");
    assert!(ShardCheckpoint::open(&path, &shards, "two\nlines").is_err());
    // A file that is not a checkpoint at all.
    let mut file = std::fs::File::create(&path).unwrap();
    file.write_all(b"hello\nworld\n").unwrap();
    drop(file);
    assert!(matches!(
        ShardCheckpoint::open(&path, &shards, "test"),
        Err(Error::CorruptData { .. })
    ));
    std::fs::remove_file(&path).unwrap();
}

/// Rewrites the fields of one shard line and recomputes its CRC-32, as a
/// forger (or a buggy tool) would: the checksum passes, the counts lie.
fn forge(line: &str, change: impl Fn(&mut Vec<String>)) -> String {
    let (body, _) = line.rsplit_once('\t').unwrap();
    let mut fields: Vec<String> = body.split('\t').map(String::from).collect();
    change(&mut fields);
    let body = fields.join("\t");
    format!("{body}\t{:08x}\n", crc32fast::hash(body.as_bytes()))
}

#[test]
fn forged_lines_with_valid_checksums_are_refused() {
    let path = temp_path("forged");
    let shards = Shards::new(3, 21).unwrap();
    // A shard with halting runs and outputs, and one after it.
    let id = (0..shards.count())
        .find(|&id| shards.tally(id).unwrap().halting() > 0)
        .unwrap();
    {
        let (mut checkpoint, _) = ShardCheckpoint::open(&path, &shards, "test").unwrap();
        checkpoint.record(&shards.tally(id).unwrap()).unwrap();
        checkpoint.record(&shards.tally(id + 1).unwrap()).unwrap();
    }
    let text = std::fs::read_to_string(&path).unwrap();
    let lines: Vec<&str> = text.split_inclusive('\n').collect();
    let (header, first, last) = (lines[0], lines[1].trim_end(), lines[2]);
    let bump = |field: usize| {
        move |f: &mut Vec<String>| {
            let n: u64 = f[field].parse().unwrap();
            f[field] = (n + 1).to_string();
        }
    };
    let forgeries: Vec<(&str, String)> = vec![
        ("one machine more", forge(first, bump(1))),
        ("one halting run more", forge(first, bump(2))),
        (
            "steps past the budget",
            forge(first, |f| f[3] = "22".into()),
        ),
        (
            "an output count wrapping u64",
            forge(first, |f| {
                f[5] = format!("0:{}:{},1:2:{}", u64::MAX, "00".repeat(6), "00".repeat(6));
            }),
        ),
        (
            "a witness choice out of range",
            forge(first, |f| {
                let (output, _) = f[5].split_once(':').unwrap();
                let count = f[2].clone();
                f[5] = format!("{output}:{count}:ff{}", "00".repeat(5));
            }),
        ),
    ];
    for (what, forged) in forgeries {
        std::fs::write(&path, format!("{header}{forged}{last}")).unwrap();
        let err = ShardCheckpoint::open(&path, &shards, "test").unwrap_err();
        assert!(matches!(err, Error::CorruptData { .. }), "{what}: {err}");
        // A forged *last* line is what a crash cannot leave either, but it
        // is dropped and recomputed like a torn one: it is never trusted.
        std::fs::write(&path, format!("{header}{last}{forged}")).unwrap();
        let (_, finished) = ShardCheckpoint::open(&path, &shards, "test").unwrap();
        assert_eq!(finished, [shards.tally(id + 1).unwrap()], "{what}");
    }
    std::fs::remove_file(&path).unwrap();
}

/// A forged tally is refused by the merge too (the cluster's shards come
/// from peers, deserialised), and the partial distribution is left as it
/// was.
#[cfg(feature = "serde")]
#[test]
fn a_partial_distribution_refuses_tallies_the_plan_contradicts() {
    let shards = Shards::new(2, 6).unwrap();
    let mut merged = PartialDistribution::new(&shards);
    merged.add(shards.tally(0).unwrap()).unwrap();
    let before = (merged.machines(), merged.halting(), merged.finished());
    let json = serde_json::to_string(&shards.tally(0).unwrap()).unwrap();
    // Shard 0's counts under another id, and shard 0 with more machines.
    let forgeries = [
        json.replacen("\"shard\":0", "\"shard\":1", 1),
        json.replacen("\"machines\":", "\"machines\":1", 1),
    ];
    for forged in forgeries {
        assert_ne!(forged, json);
        let tally: ShardTally = serde_json::from_str(&forged).unwrap();
        let err = merged.add(tally).unwrap_err();
        assert!(matches!(err, Error::Shards { .. }), "{err}");
        assert_eq!(
            (merged.machines(), merged.halting(), merged.finished()),
            before
        );
    }
}

#[test]
fn two_runs_on_one_checkpoint_are_refused_at_start() {
    let path = temp_path("locked");
    let shards = Shards::new(2, 6).unwrap();
    let (mut first, _) = ShardCheckpoint::open(&path, &shards, "run").unwrap();
    let err = ShardCheckpoint::open(&path, &shards, "run").unwrap_err();
    assert!(err.to_string().contains("another run"), "{err}");
    first.record(&shards.tally(1).unwrap()).unwrap();
    drop(first);
    // Once the first run has closed it, the file is whole and opens.
    let (_, finished) = ShardCheckpoint::open(&path, &shards, "run").unwrap();
    assert_eq!(finished, [shards.tally(1).unwrap()]);
    std::fs::remove_file(&path).unwrap();
}

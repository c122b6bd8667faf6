//! `cluster::enumerate` on real processes over localhost TCP: `D(3)` and
//! `D(4)` on 2 processes equal the single-process distribution exactly; a
//! process killed mid-run loses no finished shard, and the restarted run
//! gives the same result; a wrong hostfile, a port in use, mismatched
//! parameters and a peer that never comes are clear errors, not hangs.
//!
//! The suite starts copies of its own binary as the cluster's processes
//! (the environment variable `INDUCTIVE_CLUSTER_CHILD` tells a copy what
//! to run), so it has its own `main` instead of libtest's.

use std::io::{BufRead, Write};
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};

use inductive::Error;
use inductive::cluster::{self, Job, Progress};
use inductive::solomonoff::ctm::{OutputDistribution, PartialDistribution, Shards};
use rand::SeedableRng;

const CHILD: &str = "INDUCTIVE_CLUSTER_CHILD";

fn main() {
    if let Ok(spec) = std::env::var(CHILD) {
        child(&spec);
        return;
    }
    let tests: [(&str, fn()); 10] = [
        (
            "two_processes_give_d3_exactly",
            two_processes_give_d3_exactly,
        ),
        (
            "two_processes_give_d4_exactly",
            two_processes_give_d4_exactly,
        ),
        (
            "a_killed_process_resumes_from_its_checkpoint",
            a_killed_process_resumes_from_its_checkpoint,
        ),
        (
            "mismatched_parameters_stop_every_process",
            mismatched_parameters_stop_every_process,
        ),
        ("a_wrong_hostfile_is_an_error", a_wrong_hostfile_is_an_error),
        ("a_port_in_use_is_an_error", a_port_in_use_is_an_error),
        (
            "a_peer_that_never_comes_times_out",
            a_peer_that_never_comes_times_out,
        ),
        (
            "workers_in_one_process_give_the_same_result",
            workers_in_one_process_give_the_same_result,
        ),
        (
            "a_sample_is_the_merge_of_its_shards",
            a_sample_is_the_merge_of_its_shards,
        ),
        (
            "a_finished_run_resumes_without_computing",
            a_finished_run_resumes_without_computing,
        ),
    ];
    let filter: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| !a.starts_with('-'))
        .collect();
    let mut ran = 0;
    for (name, test) in tests {
        if !filter.is_empty() && !filter.iter().any(|f| name.contains(f.as_str())) {
            continue;
        }
        let start = Instant::now();
        test();
        println!(
            "test {name} ... ok ({:.1} s)",
            start.elapsed().as_secs_f64()
        );
        ran += 1;
    }
    println!("test result: ok. {ran} passed");
}

/// What a child process runs: `states steps process processes hostfile
/// out checkpoint`, tab-separated (`-` for no checkpoint).
fn child(spec: &str) {
    let fields: Vec<&str> = spec.split('\t').collect();
    let [states, steps, process, processes, hostfile, out, checkpoint] = fields[..] else {
        panic!("bad child spec {spec:?}");
    };
    let run = || -> Result<(), Error> {
        let config = cluster::config_from_args(
            ["child", "-n", processes, "-p", process, "-h", hostfile].map(String::from),
        )?;
        let mut job = Job::new(states.parse().unwrap(), steps.parse().unwrap())?
            .connect_timeout(Duration::from_secs(30));
        if checkpoint != "-" {
            job = job.checkpoint(checkpoint);
        }
        let outcome = cluster::enumerate(config, &job)?;
        println!("computed {} resumed {}", outcome.computed, outcome.resumed);
        if let Some(merged) = outcome.distribution {
            write_counts(Path::new(out), &merged);
        }
        Ok(())
    };
    if let Err(error) = run() {
        eprintln!("child error: {error}");
        std::process::exit(3);
    }
}

fn write_counts(path: &Path, merged: &PartialDistribution) {
    let mut file = std::fs::File::create(path).unwrap();
    writeln!(file, "halting\t{}", merged.halting()).unwrap();
    for (output, runs) in merged.counts() {
        writeln!(file, "{output}\t{runs}").unwrap();
    }
}

fn expected_counts(d: &OutputDistribution) -> String {
    let mut text = format!("halting\t{}\n", d.halting());
    for (output, runs) in d.iter() {
        text.push_str(&format!("{output}\t{runs}\n"));
    }
    text
}

fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("inductive-cluster-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    dir.join(name)
}

/// A hostfile of `n` localhost ports that were free a moment ago.
fn hostfile(name: &str, n: usize) -> PathBuf {
    let listeners: Vec<TcpListener> = (0..n)
        .map(|_| TcpListener::bind("127.0.0.1:0").unwrap())
        .collect();
    let lines: Vec<String> = listeners
        .iter()
        .map(|l| format!("127.0.0.1:{}", l.local_addr().unwrap().port()))
        .collect();
    let path = scratch(name);
    std::fs::write(&path, lines.join("\n") + "\n").unwrap();
    path
}

struct Run<'a> {
    states: usize,
    steps: u64,
    hostfile: &'a Path,
    out: &'a Path,
    checkpoint: Option<&'a Path>,
}

fn spawn(run: &Run, process: usize, processes: usize) -> Child {
    let spec = [
        run.states.to_string(),
        run.steps.to_string(),
        process.to_string(),
        processes.to_string(),
        run.hostfile.display().to_string(),
        run.out.display().to_string(),
        run.checkpoint
            .map_or("-".into(), |p| p.display().to_string()),
    ]
    .join("\t");
    Command::new(std::env::current_exe().unwrap())
        .env(CHILD, spec)
        .env("RUST_BACKTRACE", "0")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap()
}

/// Waits for a child, killing it (and failing) after `limit`.
fn finish(mut child: Child, limit: Duration) -> Output {
    let start = Instant::now();
    while child.try_wait().unwrap().is_none() {
        if start.elapsed() > limit {
            child.kill().unwrap();
            let output = child.wait_with_output().unwrap();
            panic!(
                "a process hung for {limit:?}:\n{}",
                String::from_utf8_lossy(&output.stderr)
            );
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    child.wait_with_output().unwrap()
}

fn succeeds(output: &Output) -> String {
    let stdout = String::from_utf8_lossy(&output.stdout).to_string();
    assert!(
        output.status.success(),
        "a process failed: {}\n{stdout}",
        String::from_utf8_lossy(&output.stderr)
    );
    stdout
}

/// `(computed, resumed)` as a child printed them.
fn shards_done(stdout: &str) -> (u64, u64) {
    let line = stdout.lines().find(|l| l.starts_with("computed ")).unwrap();
    let words: Vec<&str> = line.split(' ').collect();
    (words[1].parse().unwrap(), words[3].parse().unwrap())
}

fn two_processes(states: usize, steps: u64, name: &str) {
    let hosts = hostfile(&format!("{name}.hosts"), 2);
    let out = scratch(&format!("{name}.tsv"));
    let run = Run {
        states,
        steps,
        hostfile: &hosts,
        out: &out,
        checkpoint: None,
    };
    let children = [spawn(&run, 1, 2), spawn(&run, 0, 2)];
    let outputs = children.map(|c| finish(c, Duration::from_secs(120)));
    let done: Vec<(u64, u64)> = outputs.iter().map(|o| shards_done(&succeeds(o))).collect();
    let shards = Shards::new(states, steps).unwrap();
    assert_eq!(done[0].0 + done[1].0, shards.count());
    assert!(
        done.iter().all(|&(computed, _)| computed > 0),
        "both processes work: {done:?}"
    );
    let expected = expected_counts(&OutputDistribution::enumerate(states, steps).unwrap());
    assert_eq!(std::fs::read_to_string(&out).unwrap(), expected);
}

fn two_processes_give_d3_exactly() {
    two_processes(3, 21, "d3");
}

fn two_processes_give_d4_exactly() {
    two_processes(4, 107, "d4");
}

/// Process 1 is killed (SIGKILL) once it has checkpointed 200 shards;
/// process 0 stops with an error instead of waiting for ever; both start
/// again, resume, and give exactly the single-process distribution.
fn a_killed_process_resumes_from_its_checkpoint() {
    let (states, steps) = (4, 400);
    let hosts = hostfile("kill.hosts", 2);
    let out = scratch("kill.tsv");
    let checkpoint = scratch("kill");
    let run = Run {
        states,
        steps,
        hostfile: &hosts,
        out: &out,
        checkpoint: Some(&checkpoint),
    };
    let mut victim = spawn(&run, 1, 2);
    let survivor = spawn(&run, 0, 2);
    let victim_file = scratch("kill.1-of-2");
    let start = Instant::now();
    loop {
        let lines = std::fs::File::open(&victim_file)
            .map(|f| std::io::BufReader::new(f).lines().count())
            .unwrap_or(0);
        if lines > 200 {
            break;
        }
        assert!(
            start.elapsed() < Duration::from_secs(60),
            "process 1 never got going"
        );
        std::thread::sleep(Duration::from_millis(5));
    }
    victim.kill().unwrap();
    victim.wait().unwrap();
    let kept = std::fs::read_to_string(&victim_file)
        .unwrap()
        .lines()
        .count()
        - 1;
    let output = finish(survivor, Duration::from_secs(30));
    assert!(
        !output.status.success(),
        "process 0 cannot finish without process 1"
    );
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("lost a peer"), "{stderr}");

    let children = [spawn(&run, 1, 2), spawn(&run, 0, 2)];
    let outputs = children.map(|c| finish(c, Duration::from_secs(120)));
    let done: Vec<(u64, u64)> = outputs.iter().map(|o| shards_done(&succeeds(o))).collect();
    // Every shard process 1 recorded before it died was kept (a torn
    // last line at most is computed again).
    assert!(
        done[0].1 + 1 >= kept as u64,
        "kept {kept}, resumed {}",
        done[0].1
    );
    assert!(done[0].1 >= 200);
    assert_eq!(
        done.iter().map(|&(c, r)| c + r).sum::<u64>(),
        Shards::new(states, steps).unwrap().count()
    );
    let expected = expected_counts(&OutputDistribution::enumerate(states, steps).unwrap());
    assert_eq!(std::fs::read_to_string(&out).unwrap(), expected);
}

fn mismatched_parameters_stop_every_process() {
    let hosts = hostfile("mismatch.hosts", 2);
    let out = scratch("mismatch.tsv");
    let one = Run {
        states: 3,
        steps: 21,
        hostfile: &hosts,
        out: &out,
        checkpoint: None,
    };
    let other = Run {
        states: 3,
        steps: 20,
        hostfile: &hosts,
        out: &out,
        checkpoint: None,
    };
    let children = [spawn(&other, 1, 2), spawn(&one, 0, 2)];
    for output in children.map(|c| finish(c, Duration::from_secs(30))) {
        assert!(!output.status.success());
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(stderr.contains("processes disagree"), "{stderr}");
        assert!(
            stderr.contains("budget 20") && stderr.contains("budget 21"),
            "{stderr}"
        );
    }
}

fn cluster_error(result: Result<impl std::fmt::Debug, Error>, says: &str) {
    match result {
        Err(Error::Cluster { reason }) => assert!(reason.contains(says), "{reason}"),
        other => panic!("expected a cluster error saying {says:?}, got {other:?}"),
    }
}

fn args(hostfile: &Path, process: usize) -> [String; 7] {
    [
        "x",
        "-n",
        "2",
        "-p",
        &process.to_string(),
        "-h",
        &hostfile.display().to_string(),
    ]
    .map(String::from)
}

fn a_wrong_hostfile_is_an_error() {
    let missing = scratch("no-such.hosts");
    cluster_error(
        cluster::config_from_args(args(&missing, 0)),
        "cannot read the hostfile",
    );
    let short = scratch("short.hosts");
    std::fs::write(&short, "127.0.0.1:1\n").unwrap();
    cluster_error(
        cluster::config_from_args(args(&short, 0)),
        "could only read 1 addresses",
    );
    let unresolvable = scratch("unresolvable.hosts");
    std::fs::write(&unresolvable, "127.0.0.1:1\nno-such-host.invalid:2\n").unwrap();
    cluster_error(
        cluster::config_from_args(args(&unresolvable, 0)),
        "does not resolve",
    );
    let garbage = scratch("garbage.hosts");
    std::fs::write(&garbage, "127.0.0.1:1\nnot an address\n").unwrap();
    cluster_error(
        cluster::config_from_args(args(&garbage, 0)),
        "does not resolve",
    );
    let hosts = hostfile("index.hosts", 2);
    cluster_error(
        cluster::config_from_args(args(&hosts, 2)),
        "must be below the number of processes",
    );
    let none = cluster::timely::Config::process(0);
    cluster_error(
        cluster::enumerate(none, &Job::new(2, 6).unwrap()),
        "from 1 to 1024 workers",
    );
    cluster_error(
        cluster::config_from_args(["x", "-w", "two"].map(String::from)),
        "bad timely arguments",
    );
    // Hostile jobs: impossible plans are refused, 0 progress steps mean 1,
    // and a zero timeout lets a single process (connected at once) finish
    // or fail cleanly, never hang.
    for (states, steps) in [(0, 10), (6, 10), (usize::MAX, 10), (3, 0), (3, u64::MAX)] {
        assert!(
            Job::new(states, steps).is_err(),
            "D({states}) budget {steps}"
        );
    }
    let calls = std::sync::Arc::new(std::sync::atomic::AtomicU64::new(0));
    let counted = calls.clone();
    let job = Job::new(2, 6).unwrap().progress(0, move |_: &Progress| {
        counted.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    });
    let outcome = cluster::enumerate(cluster::timely::Config::process(1), &job).unwrap();
    assert!(outcome.distribution.unwrap().is_complete());
    assert_eq!(calls.load(std::sync::atomic::Ordering::Relaxed), 1);
    let hurried = Job::new(2, 6).unwrap().connect_timeout(Duration::ZERO);
    match cluster::enumerate(cluster::timely::Config::process(1), &hurried) {
        Ok(outcome) => assert!(outcome.distribution.unwrap().is_complete()),
        Err(error) => assert!(matches!(error, Error::Cluster { .. }), "{error}"),
    }
}

fn a_port_in_use_is_an_error() {
    let taken = TcpListener::bind("127.0.0.1:0").unwrap();
    let path = scratch("taken.hosts");
    let port = taken.local_addr().unwrap().port();
    std::fs::write(&path, format!("127.0.0.1:{port}\n127.0.0.1:1\n")).unwrap();
    cluster_error(
        cluster::config_from_args(args(&path, 0)),
        "cannot listen on",
    );
    // `enumerate` checks too, for a configuration built by hand.
    let config = cluster::timely::Config {
        communication: cluster::timely::CommunicationConfig::Cluster {
            threads: 1,
            process: 0,
            addresses: vec![format!("127.0.0.1:{port}"), "127.0.0.1:1".into()],
            report: false,
            zerocopy: false,
        },
        worker: Default::default(),
    };
    cluster_error(
        cluster::enumerate(config, &Job::new(2, 6).unwrap()),
        "cannot listen on",
    );
}

fn a_peer_that_never_comes_times_out() {
    let hosts = hostfile("alone.hosts", 2);
    let config = cluster::config_from_args(args(&hosts, 1)).unwrap();
    let job = Job::new(2, 6)
        .unwrap()
        .connect_timeout(Duration::from_secs(2));
    let start = Instant::now();
    cluster_error(
        cluster::enumerate(config, &job),
        "not every process connected",
    );
    assert!(start.elapsed() < Duration::from_secs(10));
}

fn workers_in_one_process_give_the_same_result() {
    for (states, steps, workers) in [(1, 5, 3), (2, 6, 1), (3, 21, 2), (3, 8, 4)] {
        let outcome = cluster::enumerate(
            cluster::timely::Config::process(workers),
            &Job::new(states, steps).unwrap(),
        )
        .unwrap();
        let shards = Shards::new(states, steps).unwrap();
        assert_eq!(outcome.computed, shards.count());
        let d = outcome.distribution.unwrap().into_distribution().unwrap();
        let whole = OutputDistribution::enumerate(states, steps).unwrap();
        assert_eq!(d.halting(), whole.halting());
        assert!(d.iter().eq(whole.iter()));
    }
}

/// A sampled run merges exactly the sampled shards, and progress is
/// reported at every twentieth of them, ending at all of them.
fn a_sample_is_the_merge_of_its_shards() {
    let shards = Shards::new(4, 107).unwrap();
    let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(7);
    let ids = shards.sample(0.05, &mut rng).unwrap();
    let reports = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
    let seen = reports.clone();
    let job = Job::new(4, 107)
        .unwrap()
        .sample(ids.clone())
        .unwrap()
        .progress(20, move |p: &Progress| {
            seen.lock().unwrap().push(p.finished)
        });
    let outcome = cluster::enumerate(cluster::timely::Config::process(2), &job).unwrap();
    let merged = outcome.distribution.unwrap();
    let mut expected = PartialDistribution::new(&shards);
    for &id in &ids {
        expected.add(shards.tally(id).unwrap()).unwrap();
    }
    assert_eq!(merged, expected);
    let reports = reports.lock().unwrap();
    assert!(reports.len() >= 19 && reports.len() <= 21, "{reports:?}");
    assert!(reports.windows(2).all(|w| w[0] < w[1]), "{reports:?}");
    assert_eq!(*reports.last().unwrap(), ids.len() as u64);
    // Ids out of range are refused up front; an empty sample merges nothing.
    for id in [shards.count(), 1 << 32, u64::MAX] {
        assert!(matches!(
            Job::new(4, 107).unwrap().sample(vec![3, id]),
            Err(Error::TooLarge { .. })
        ));
    }
    let empty = Job::new(4, 107).unwrap().sample(Vec::new()).unwrap();
    let outcome = cluster::enumerate(cluster::timely::Config::process(2), &empty).unwrap();
    assert_eq!(
        outcome.distribution.unwrap(),
        PartialDistribution::new(&shards)
    );
}

fn a_finished_run_resumes_without_computing() {
    let checkpoint = scratch("finished");
    let job = Job::new(3, 21).unwrap().checkpoint(&checkpoint);
    let first = cluster::enumerate(cluster::timely::Config::process(2), &job).unwrap();
    let again = cluster::enumerate(cluster::timely::Config::process(2), &job).unwrap();
    assert_eq!((again.computed, again.resumed), (0, first.computed));
    assert_eq!(again.distribution, first.distribution);
    // A different job refuses the checkpoint instead of mixing shards.
    let other = Job::new(3, 20).unwrap().checkpoint(&checkpoint);
    let err = cluster::enumerate(cluster::timely::Config::process(2), &other).unwrap_err();
    assert!(err.to_string().contains("another plan or run"), "{err}");
}

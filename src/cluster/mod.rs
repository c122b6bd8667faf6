//! Past one machine: the coding-theorem enumeration of `D(n)` as a
//! [timely](https://docs.rs/timely) dataflow, over worker threads and
//! processes on one machine or many (feature `cluster`).
//!
//! [`enumerate`] runs the [`Shards`] of a plan on every worker of a timely
//! computation. Each process owns the shards whose hashed id falls to it;
//! its workers take them one at a time from a shared cursor (so a worker
//! that draws small shards takes more of them), compute them, record them
//! in the process's [`ShardCheckpoint`](crate::solomonoff::ctm::ShardCheckpoint) when there is one, and send them to
//! worker 0, which merges them into a [`PartialDistribution`]. Counts are
//! integers and every shard is merged exactly once, so the result equals
//! the single-process [`OutputDistribution::enumerate`](crate::solomonoff::ctm::OutputDistribution::enumerate)
//! exactly (`tests/cluster.rs`: `D(3)` and `D(4)` on 2 processes over
//! localhost TCP).
//!
//! **Reliability.** A process that dies loses none of the shards it
//! finished: they are in its checkpoint, and a restart of every process
//! with the same arguments resumes where each stopped. Before the dataflow
//! starts, [`config_from_args`] and [`enumerate`] check what can be
//! checked alone: the hostfile can be read and has a line per process,
//! every address resolves, this process can listen on its own (a port in
//! use is an error at once); then every worker sends its parameters to
//! every other, and processes started with different parameters (states,
//! budget, sample, number of processes or workers) all stop with an error
//! that names both. A peer that never answers is an error after
//! [`Job::connect_timeout`]; a peer lost mid-run is an error at once
//! (timely's network threads panic when a connection drops; a panic hook,
//! installed on the first run and passing every panic on to the hook
//! before it, turns that into [`Error::Cluster`]). After an error the
//! run's threads are left to the process, which should exit.
//!
//! **What D(5) costs.** `D(5)` at the literature's cutoff of 500 steps is
//! 127,776 shards. On one 2-core machine the whole of it took 3,142 s of
//! wall time and at most 1.73 core-hours of worker time (`cargo run
//! --release --features cluster --example ctm_cluster -- --states 5
//! --cutoff 500 --out d5.tsv -w 2`), and reproduced the published
//! distribution's `K(s)` (Soler-Toscano et al. 2014, as `pybdm` ships
//! it) to 1.8 × 10^−15 bits on the 17 strings compared: 2 cores finish
//! it in an hour. A random
//! 0.1% of the shards (`--sample 0.001 --seed S`, 5 seeds) extrapolated
//! 0.66–1.90 core-hours. The README gives the details.
//!
//! ```
//! use inductive::cluster::{Job, enumerate};
//! use inductive::solomonoff::ctm::OutputDistribution;
//!
//! // Two worker threads in this process; a cluster passes timely's
//! // `-n`, `-p` and `-h` through `config_from_args` instead.
//! let config = inductive::cluster::timely::Config::process(2);
//! let outcome = enumerate(config, &Job::new(3, 21)?)?;
//! let d = outcome.distribution.expect("process 0 holds the result").into_distribution()?;
//! assert!(d.iter().eq(OutputDistribution::enumerate(3, 21)?.iter()));
//! # Ok::<(), inductive::Error>(())
//! ```

mod dataflow;
mod hook;

use std::net::{TcpListener, ToSocketAddrs};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::mpsc;
use std::time::{Duration, Instant};

pub use timely;

use crate::error::{Error, Result, check_regular_file};
use crate::solomonoff::ctm::{PartialDistribution, Shards};

/// A callback told of a run's progress.
pub(crate) type ProgressReport = Arc<dyn Fn(&Progress) + Send + Sync>;

/// What to enumerate, and how: the plan, which shards, where to keep
/// finished ones, how long to wait for peers, whom to tell of progress.
#[derive(Clone)]
pub struct Job {
    shards: Shards,
    sample: Option<Vec<u64>>,
    checkpoint: Option<PathBuf>,
    connect_timeout: Duration,
    progress: Option<ProgressReport>,
    progress_steps: u64,
}

impl std::fmt::Debug for Job {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Job")
            .field("shards", &self.shards)
            .field("sample", &self.sample.as_ref().map(Vec::len))
            .field("checkpoint", &self.checkpoint)
            .field("connect_timeout", &self.connect_timeout)
            .finish_non_exhaustive()
    }
}

/// Where a run stands, as worker 0 sees it; passed to the
/// [progress callback](Job::progress) each time another share of the
/// shards is merged.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Progress {
    /// Shards merged (computed now or resumed from checkpoints).
    pub finished: u64,
    /// Shards this run merges in all.
    pub total: u64,
    /// Machines the merged shards cover.
    pub machines: u64,
    /// Time since the dataflow started.
    pub elapsed: Duration,
}

/// What a process of a run ends with.
#[derive(Debug, Clone)]
pub struct Outcome {
    /// The merged shards, on process 0 (`None` on the others): complete
    /// unless the job was a sample.
    pub distribution: Option<PartialDistribution>,
    /// Shards this process computed.
    pub computed: u64,
    /// Shards this process took from its checkpoint instead.
    pub resumed: u64,
    /// Time this process's workers spent computing shards, added over
    /// the workers: the CPU time of the enumeration itself.
    pub busy: Duration,
    /// Wall time of the run in this process, from the call to its end.
    pub elapsed: Duration,
}

impl Job {
    /// Every shard of `D(states)` under the step budget `max_steps` (see
    /// [`Shards::new`] for the limits), no checkpoint, peers awaited for 60
    /// seconds, progress reported to no one.
    pub fn new(states: usize, max_steps: u64) -> Result<Self> {
        Ok(Self {
            shards: Shards::new(states, max_steps)?,
            sample: None,
            checkpoint: None,
            connect_timeout: Duration::from_secs(60),
            progress: None,
            progress_steps: 20,
        })
    }

    /// The plan.
    pub fn shards(&self) -> &Shards {
        &self.shards
    }

    /// Only the shards `ids` (from [`Shards::sample`], say): every
    /// process must be given the same ids. Ids out of range are an error.
    pub fn sample(mut self, mut ids: Vec<u64>) -> Result<Self> {
        ids.sort_unstable();
        ids.dedup();
        if let Some(&last) = ids.last()
            && last >= self.shards.count()
        {
            return Err(self.shards.no_such_shard(last));
        }
        self.sample = Some(ids);
        Ok(self)
    }

    /// Keeps finished shards in checkpoint files: process `p` of `n` uses
    /// `{path}.{p}-of-{n}`, and resumes from it when it exists.
    pub fn checkpoint(mut self, path: impl AsRef<Path>) -> Self {
        self.checkpoint = Some(path.as_ref().to_path_buf());
        self
    }

    /// How long to wait for every process to connect and agree on the
    /// parameters before giving up with an error (default 60 s).
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.connect_timeout = timeout;
        self
    }

    /// Calls `report` on worker 0 each time another `1/steps` of the
    /// shards is merged (and at the end). `steps` is at least 1.
    pub fn progress(
        mut self,
        steps: u64,
        report: impl Fn(&Progress) + Send + Sync + 'static,
    ) -> Self {
        self.progress = Some(Arc::new(report));
        self.progress_steps = steps.max(1);
        self
    }

    /// The shards this job runs.
    fn ids(&self) -> Vec<u64> {
        match &self.sample {
            Some(ids) => ids.clone(),
            None => (0..self.shards.count()).collect(),
        }
    }

    /// The parameters every process must share, in words.
    fn parameters(&self, processes: usize, workers: usize) -> String {
        let sample = match &self.sample {
            None => "every shard".to_string(),
            Some(ids) => {
                let bytes: Vec<u8> = ids.iter().flat_map(|id| id.to_le_bytes()).collect();
                format!(
                    "{} sampled shards (crc {:08x})",
                    ids.len(),
                    crc32fast::hash(&bytes)
                )
            }
        };
        format!(
            "D({}) with budget {}, {sample}, {processes} processes × {workers} workers",
            self.shards.states(),
            self.shards.max_steps()
        )
    }
}

/// Timely's configuration from command-line arguments (`-w` workers per
/// process, `-n` processes, `-p` this process's index, `-h` hostfile),
/// checked: a hostfile that cannot be read or has too few lines, a process
/// index not below the number of processes, an address that does not
/// resolve, or this process's port already in use is an
/// [`Error::Cluster`].
pub fn config_from_args<I: IntoIterator<Item = String>>(args: I) -> Result<timely::Config> {
    let args: Vec<String> = args.into_iter().collect();
    // Name the hostfile when it cannot be read (timely says only "No such
    // file or directory").
    for pair in args.windows(2) {
        if pair[0] == "-h" || pair[0] == "--hostfile" {
            // A FIFO would block timely's read for ever: look, don't open.
            check_regular_file(std::path::Path::new(&pair[1]), "hostfile", true).map_err(|e| {
                Error::Cluster {
                    reason: format!("cannot use the hostfile {:?}: {e}", pair[1]),
                }
            })?;
        }
    }
    let config = timely::Config::from_args(args.into_iter()).map_err(|reason| Error::Cluster {
        reason: format!("bad timely arguments: {reason}"),
    })?;
    preflight(&config)?;
    Ok(config)
}

/// Most worker threads a process may start (`-w`): each is an OS thread
/// with its own stack, so absurd counts are refused before timely tries.
pub const MAX_WORKERS: usize = 1024;

fn check_workers(workers: usize) -> Result<()> {
    if (1..=MAX_WORKERS).contains(&workers) {
        Ok(())
    } else {
        Err(Error::Cluster {
            reason: format!("a process needs from 1 to {MAX_WORKERS} workers (-w), not {workers}"),
        })
    }
}

/// The checks that need no peer; see [`config_from_args`].
fn preflight(config: &timely::Config) -> Result<()> {
    let workers = match &config.communication {
        timely::CommunicationConfig::Cluster { threads, .. }
        | timely::CommunicationConfig::Process(threads)
        | timely::CommunicationConfig::ProcessBinary(threads) => *threads,
        timely::CommunicationConfig::Thread => 1,
    };
    check_workers(workers)?;
    let timely::CommunicationConfig::Cluster {
        process, addresses, ..
    } = &config.communication
    else {
        return Ok(());
    };
    let cluster = |reason: String| Error::Cluster { reason };
    if *process >= addresses.len() {
        return Err(cluster(format!(
            "process index {process} (-p) must be below the number of processes {} (-n)",
            addresses.len()
        )));
    }
    // A line may list several addresses (separated by spaces) that the
    // process listens on; it connects to each peer's whole line.
    for (index, line) in addresses.iter().enumerate() {
        for address in line.split_whitespace() {
            let resolved = address.to_socket_addrs().map_err(|e| {
                cluster(format!(
                    "process {index}'s address {address:?} (line {} of the hostfile) does not resolve: {e}",
                    index + 1
                ))
            })?;
            if resolved.count() == 0 {
                return Err(cluster(format!(
                    "process {index}'s address {address:?} resolves to nothing"
                )));
            }
        }
    }
    for own in addresses[*process].split_whitespace() {
        TcpListener::bind(own).map_err(|e| {
            cluster(format!(
                "process {process} cannot listen on {own}: {e} (is another run using this port? pick another in the hostfile)"
            ))
        })?;
    }
    Ok(())
}

/// Runs `job` as this process's part of a timely computation configured
/// by `config` (every process of the computation calls this with its own
/// `config` and the same job). Returns when every shard is merged (on
/// process 0, with the result) or on the first error; see the
/// [module docs](self) for the errors and what survives them.
pub fn enumerate(config: timely::Config, job: &Job) -> Result<Outcome> {
    preflight(&config)?;
    let (process, processes, workers) = match &config.communication {
        timely::CommunicationConfig::Cluster {
            threads,
            process,
            addresses,
            ..
        } => (*process, addresses.len(), *threads),
        timely::CommunicationConfig::Process(threads)
        | timely::CommunicationConfig::ProcessBinary(threads) => (0, 1, *threads),
        timely::CommunicationConfig::Thread => (0, 1, 1),
    };
    check_workers(workers)?;
    let lost = hook::watch();
    let result = run(config, job, process, processes, workers, &lost);
    hook::unwatch(&lost);
    result
}

/// [`enumerate`] once the configuration is known: starts timely on a
/// thread of its own and waits for the workers' results, a lost peer or
/// the connection timeout, whichever comes first.
fn run(
    config: timely::Config,
    job: &Job,
    process: usize,
    processes: usize,
    workers: usize,
    lost: &hook::Lost,
) -> Result<Outcome> {
    let started = Instant::now();
    let shared = Arc::new(dataflow::Shared::new(
        job,
        process,
        processes,
        workers,
        lost.clone(),
    )?);
    let (events, received) = mpsc::channel();
    let (decide, decision) = mpsc::channel::<bool>();
    start_timely(config, shared.clone(), events, decision)?;
    let lost_peer = || {
        hook::lost(lost).map(|reason| Error::Cluster {
            reason: format!(
                "lost a peer mid-run ({reason}); finished shards are in the checkpoints: restart every process with the same arguments to resume"
            ),
        })
    };
    let (mut ready, mut finished, mut distribution) = (false, 0, None);
    loop {
        let event = received.recv_timeout(Duration::from_millis(100));
        if let Some(lost) = lost_peer() {
            shared.stop();
            let _ = decide.send(false);
            return Err(worker_error_or(lost, event.ok(), &received));
        }
        match event {
            Ok(dataflow::Event::Ready) => ready = true,
            Ok(dataflow::Event::Worker(Ok(merged))) => {
                distribution = distribution.or(merged);
                finished += 1;
                if finished == workers {
                    let _ = decide.send(true);
                }
            }
            Ok(dataflow::Event::Worker(Err(error)) | dataflow::Event::Failed(error)) => {
                shared.stop();
                let _ = decide.send(false);
                return Err(error);
            }
            Ok(dataflow::Event::Joined) => {
                return Ok(shared.outcome(distribution, started.elapsed()));
            }
            Err(mpsc::RecvTimeoutError::Timeout) => {}
            Err(mpsc::RecvTimeoutError::Disconnected) => {
                return Err(Error::Cluster {
                    reason: "the run's thread ended without a result".into(),
                });
            }
        }
        if !ready && started.elapsed() > job.connect_timeout {
            shared.stop();
            let _ = decide.send(false);
            return Err(Error::Cluster {
                reason: format!(
                    "not every process connected and agreed within {:.0?}: check that all {processes} processes were started with the same -n, -w and hostfile, and that their addresses are reachable",
                    job.connect_timeout
                ),
            });
        }
    }
}

/// Starts timely on a thread of its own: every worker runs
/// [`dataflow::work`] and reports its result on `events`; once they are
/// done, `decision` says whether to join timely's threads (a clean
/// shutdown, which peers wait for) or leave them (after an error, joining
/// could wait for ever or panic).
fn start_timely(
    config: timely::Config,
    shared: Arc<dataflow::Shared>,
    events: mpsc::Sender<dataflow::Event>,
    decision: mpsc::Receiver<bool>,
) -> Result<()> {
    let in_workers = shared;
    let send = events.clone();
    std::thread::Builder::new()
        .name("inductive:cluster".into())
        .spawn(move || {
            let guards = timely::execute(config, move |worker| {
                let result = dataflow::work(worker, &in_workers, &send);
                let _ = send.send(dataflow::Event::Worker(result));
            });
            match guards {
                Err(reason) => {
                    let _ = events.send(dataflow::Event::Failed(Error::Cluster {
                        reason: format!("timely could not start: {reason}"),
                    }));
                }
                Ok(guards) => {
                    if decision.recv() == Ok(true) {
                        drop(guards.join());
                        let _ = events.send(dataflow::Event::Joined);
                    } else {
                        std::mem::forget(guards);
                    }
                }
            }
        })
        .map(drop)
        .map_err(|e| Error::Cluster {
            reason: format!("cannot start the run's thread: {e}"),
        })
}

/// A worker's own error (a disagreement that a stopped peer had seen too,
/// say) says more than the lost connection it comes with: the first one
/// among `pending` and the events of the next second, or else `lost`.
fn worker_error_or(
    lost: Error,
    mut pending: Option<dataflow::Event>,
    received: &mpsc::Receiver<dataflow::Event>,
) -> Error {
    let deadline = Instant::now() + Duration::from_secs(1);
    loop {
        if let Some(dataflow::Event::Worker(Err(error)) | dataflow::Event::Failed(error)) = pending
        {
            return error;
        }
        let left = deadline.saturating_duration_since(Instant::now());
        match received.recv_timeout(left) {
            Ok(next) => pending = Some(next),
            Err(_) => return lost,
        }
    }
}

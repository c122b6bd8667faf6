//! [`ShardCheckpoint`]: finished shards kept in a file, so that a long
//! enumeration that stops resumes without redoing them.

use std::fmt::Write as _;
use std::fs::{File, OpenOptions};
use std::io::{Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use rustc_hash::{FxHashMap, FxHashSet};

use super::distribution::Tally;
use super::shards::{ShardTally, Shards};
use crate::error::{Error, Result, check_regular_file};

/// The first word of a checkpoint file, with the format's version.
const MAGIC: &str = "inductive-ctm-shards v1";

/// Longest pause between syncs to disk while shards are recorded.
const SYNC_EVERY: Duration = Duration::from_secs(1);

/// An open checkpoint file of finished shards.
///
/// The file is text, one line per finished shard, appended and flushed to
/// the operating system as each shard finishes (a killed process loses
/// nothing that was written), and synced to disk at most once a second
/// and when the checkpoint is dropped. Its first line names the plan
/// (states, step budget, shard count) and the run (a label such as
/// `process 1 of 4`); a checkpoint of another plan or run is refused.
/// Each shard line ends with a CRC-32 of the line. A last line that is
/// torn (no newline) or damaged is what a crash mid-write leaves: it is
/// dropped, and that shard is computed again. Damage anywhere else, or a
/// shard twice, is [`Error::CorruptData`]: the file was altered, and
/// trusting it could count machines twice or not at all. A line whose
/// checksum was recomputed after its counts were changed is caught too:
/// every line must agree with what the plan knows of its shard (its
/// machine count, outputs that add up to its halting runs, records within
/// the budget).
///
/// The file is locked while the checkpoint is open: a second run on the
/// same file is refused at [`open`](Self::open), and a path that is not a
/// regular file (a directory, a FIFO) is refused without being opened.
///
/// ```
/// use inductive::solomonoff::ctm::{ShardCheckpoint, Shards};
///
/// let path = std::env::temp_dir().join(format!("ctm-doc-{}.checkpoint", std::process::id()));
/// let shards = Shards::new(2, 6)?;
/// let (mut checkpoint, finished) = ShardCheckpoint::open(&path, &shards, "example")?;
/// assert!(finished.is_empty());
/// checkpoint.record(&shards.tally(0)?)?;
/// checkpoint.record(&shards.tally(7)?)?;
/// drop(checkpoint); // a crash here loses nothing recorded
///
/// let (_, finished) = ShardCheckpoint::open(&path, &shards, "example")?;
/// let ids: Vec<u64> = finished.iter().map(|s| s.shard()).collect();
/// assert_eq!(ids, [0, 7]);
/// assert_eq!(finished[1], shards.tally(7)?);
/// # std::fs::remove_file(&path).unwrap();
/// # Ok::<(), inductive::Error>(())
/// ```
#[derive(Debug)]
pub struct ShardCheckpoint {
    file: File,
    path: PathBuf,
    states: usize,
    max_steps: u64,
    count: u64,
    last_sync: Instant,
    unsynced: bool,
}

impl ShardCheckpoint {
    /// Opens the checkpoint at `path` for the plan `shards` and the run
    /// `label`, creating it if it does not exist, and returns the shards
    /// it holds (in the order they were recorded). A torn last line is
    /// cut off the file.
    pub fn open(path: &Path, shards: &Shards, label: &str) -> Result<(Self, Vec<ShardTally>)> {
        if label.contains('\n') {
            return Err(Error::Io {
                path: path.display().to_string(),
                reason: "a checkpoint's run label must be one line".into(),
            });
        }
        let io = |reason: &str, e: std::io::Error| Error::Io {
            path: path.display().to_string(),
            reason: format!("{reason}: {e}"),
        };
        check_regular_file(path, "checkpoint", false)?;
        let mut file = OpenOptions::new()
            .read(true)
            .write(true)
            .create(true)
            .truncate(false)
            .open(path)
            .map_err(|e| io("cannot open the checkpoint", e))?;
        // One run at a time: a second writer would interleave its lines
        // with ours and leave a file no run can trust.
        file.try_lock().map_err(|e| Error::Io {
            path: path.display().to_string(),
            reason: match e {
                std::fs::TryLockError::WouldBlock => {
                    "another run has this checkpoint open; give each run its own file".into()
                }
                std::fs::TryLockError::Error(e) => format!("cannot lock the checkpoint: {e}"),
            },
        })?;
        let mut text = Vec::new();
        file.read_to_end(&mut text)
            .map_err(|e| io("cannot read the checkpoint", e))?;
        let header = format!(
            "{MAGIC}\tstates {}\tmax_steps {}\tshards {}\trun {label}\n",
            shards.states(),
            shards.max_steps(),
            shards.count()
        );
        let (finished, keep) = if text.is_empty() {
            file.write_all(header.as_bytes())
                .and_then(|()| file.sync_data())
                .map_err(|e| io("cannot write the checkpoint", e))?;
            (Vec::new(), header.len())
        } else {
            parse(&text, &header, shards).map_err(|reason| Error::CorruptData {
                reason: format!("checkpoint {}: {reason}", path.display()),
            })?
        };
        if keep < text.len() {
            file.set_len(keep as u64)
                .and_then(|()| file.sync_data())
                .map_err(|e| io("cannot cut the torn last line", e))?;
        }
        file.seek(SeekFrom::End(0))
            .map_err(|e| io("cannot seek in the checkpoint", e))?;
        let checkpoint = Self {
            file,
            path: path.to_path_buf(),
            states: shards.states(),
            max_steps: shards.max_steps(),
            count: shards.count(),
            last_sync: Instant::now(),
            unsynced: false,
        };
        Ok((checkpoint, finished))
    }

    /// The file.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Appends a finished shard. The line reaches the operating system
    /// before this returns (so it survives the process), and the disk
    /// within a second. A shard of another plan is an error, and then
    /// nothing is written.
    pub fn record(&mut self, shard: &ShardTally) -> Result<()> {
        if (shard.states, shard.max_steps) != (self.states, self.max_steps)
            || shard.shard >= self.count
        {
            return Err(Error::Shards {
                reason: format!(
                    "shard {} of D({}) with budget {} does not belong in {}",
                    shard.shard,
                    shard.states,
                    shard.max_steps,
                    self.path.display()
                ),
            });
        }
        let line = encode(shard);
        self.file
            .write_all(line.as_bytes())
            .map_err(|e| Error::Io {
                path: self.path.display().to_string(),
                reason: format!("cannot record shard {}: {e}", shard.shard),
            })?;
        self.unsynced = true;
        if self.last_sync.elapsed() >= SYNC_EVERY {
            self.sync()?;
        }
        Ok(())
    }

    /// Syncs what was recorded to disk.
    pub fn sync(&mut self) -> Result<()> {
        if self.unsynced {
            self.file.sync_data().map_err(|e| Error::Io {
                path: self.path.display().to_string(),
                reason: format!("cannot sync the checkpoint to disk: {e}"),
            })?;
            self.unsynced = false;
        }
        self.last_sync = Instant::now();
        Ok(())
    }
}

impl Drop for ShardCheckpoint {
    fn drop(&mut self) {
        // Best effort: what was written already survives the process.
        let _ = self.sync();
    }
}

/// One shard as a line: id, machines, halting runs, most steps, most
/// ones, then `output:count:table` per output (the table in hex), then
/// the CRC-32 of everything before it, tab-separated.
fn encode(shard: &ShardTally) -> String {
    let tally = &shard.tally;
    let mut line = format!(
        "{}\t{}\t{}\t{}\t{}\t",
        shard.shard, shard.machines, tally.halting, tally.most_steps, tally.most_ones
    );
    let mut outputs: Vec<_> = tally.outputs.iter().collect();
    outputs.sort_unstable_by(|a, b| a.0.cmp(b.0));
    for (i, (output, (count, table))) in outputs.into_iter().enumerate() {
        if i > 0 {
            line.push(',');
        }
        let _ = write!(line, "{output}:{count}:");
        for byte in table {
            let _ = write!(line, "{byte:02x}");
        }
    }
    let crc = crc32fast::hash(line.as_bytes());
    let _ = writeln!(line, "\t{crc:08x}");
    line
}

/// The shards of a checkpoint's text and how many bytes of it to keep
/// (all but a torn or damaged last line), or what is wrong with it.
fn parse(
    text: &[u8],
    header: &str,
    shards: &Shards,
) -> std::result::Result<(Vec<ShardTally>, usize), String> {
    let Some(end) = text.iter().position(|&b| b == b'\n') else {
        return Err("the first line (the plan) is torn".into());
    };
    let found = String::from_utf8_lossy(&text[..=end]);
    if found != header {
        return Err(format!(
            "it is for another plan or run: it says {:?}, this run is {:?}",
            found.trim_end(),
            header.trim_end()
        ));
    }
    let mut finished = Vec::new();
    let mut seen = FxHashSet::default();
    let mut keep = end + 1;
    let mut rest = &text[end + 1..];
    let mut number = 1;
    while !rest.is_empty() {
        number += 1;
        let (line, complete) = match rest.iter().position(|&b| b == b'\n') {
            Some(at) => (&rest[..at], at + 1),
            None => (rest, rest.len()),
        };
        let last = complete == rest.len();
        let decoded = if complete == line.len() {
            Err("torn (no newline)".to_string())
        } else {
            decode(line, shards)
        };
        match decoded {
            Ok(shard) => {
                if !seen.insert(shard.shard) {
                    return Err(format!("line {number}: shard {} twice", shard.shard));
                }
                finished.push(shard);
            }
            // What a crash mid-write leaves: dropped, computed again.
            Err(_) if last => break,
            Err(reason) => return Err(format!("line {number}: {reason}")),
        }
        keep += complete;
        rest = &rest[complete..];
    }
    Ok((finished, keep))
}

/// A shard from its line (without the newline).
fn decode(line: &[u8], shards: &Shards) -> std::result::Result<ShardTally, String> {
    let line = std::str::from_utf8(line).map_err(|_| "not text".to_string())?;
    let (body, crc) = line.rsplit_once('\t').ok_or("no checksum")?;
    let crc = u32::from_str_radix(crc, 16).map_err(|_| "unreadable checksum")?;
    if crc != crc32fast::hash(body.as_bytes()) {
        return Err("checksum mismatch".into());
    }
    let fields: Vec<&str> = body.split('\t').collect();
    let [id, machines, halting, most_steps, most_ones, outputs] = fields[..] else {
        return Err(format!("{} fields, not 6", fields.len()));
    };
    let number = |field: &str, what: &str| {
        field
            .parse::<u64>()
            .map_err(|_| format!("unreadable {what} {field:?}"))
    };
    let shard = number(id, "shard id")?;
    if shard >= shards.count() {
        return Err(format!("shard {shard} is not below {}", shards.count()));
    }
    let mut tally = Tally {
        halting: number(halting, "halting count")?,
        most_steps: number(most_steps, "step count")?,
        most_ones: number(most_ones, "ones count")? as usize,
        outputs: FxHashMap::default(),
    };
    let width = 2 * shards.states();
    for entry in outputs.split(',').filter(|e| !e.is_empty()) {
        let mut parts = entry.split(':');
        let (Some(output), Some(count), Some(table), None) =
            (parts.next(), parts.next(), parts.next(), parts.next())
        else {
            return Err(format!("unreadable output {entry:?}"));
        };
        let bad_table = || format!("unreadable table {table:?}");
        if output.is_empty() || !output.bytes().all(|b| b == b'0' || b == b'1') {
            return Err(format!("unreadable output {output:?}"));
        }
        if table.len() != 2 * width || !table.is_ascii() {
            return Err(bad_table());
        }
        let table = (0..width)
            .map(|i| u8::from_str_radix(&table[2 * i..2 * i + 2], 16).map_err(|_| bad_table()))
            .collect::<std::result::Result<Vec<u8>, String>>()?;
        let count = number(count, "output count")?;
        if tally
            .outputs
            .insert(output.to_string(), (count, table))
            .is_some()
        {
            return Err(format!("output {output} twice"));
        }
    }
    let shard = ShardTally {
        states: shards.states(),
        max_steps: shards.max_steps(),
        shard,
        machines: number(machines, "machine count")?,
        tally,
    };
    // A valid checksum proves no accident, not the counts: a line rewritten
    // with its checksum recomputed must still agree with the plan.
    shards.check(&shard)?;
    Ok(shard)
}

//! Prediction is compression: compress a file with any predictor, or the
//! whole Calgary corpus beside gzip, xz and zstd.
//!
//! ```text
//! # one file: compress, decompress, check, and report bits/byte and speed
//! cargo run --release --example compress -- FILE [--model NAME] [--depth D] [--output OUT]
//! # the Calgary table: every file, every model, and the general-purpose compressors
//! cargo run --release --example compress -- --calgary DIR [--depth D]
//! ```
//!
//! Models (`--model`, default `factored`):
//! - `factored`: CTW factored by byte, one context tree per bit position
//!   ([`Factored`]); the tree of bit `i` (0 the top bit) has depth `D + i`,
//!   so it sees `D` bits before the byte and the byte's `i` bits so far
//!   (FAC-CTW's convention, Veness et al. 2011; `D` defaults to 48);
//! - `ctw`: one bitwise context tree of depth `D`;
//! - `kt`: the KT estimator (order 0 over bits: no context at all);
//! - `mixture`: a Bayesian [`Mixture`] of the factored CTW at depths 16
//!   and `D`.
//!
//! The bytes are coded most significant bit first ([`coding`]), except in
//! the Calgary table's bitwise CTW column, which codes them least
//! significant bit first, as the published CTW figures it sits beside do
//! (depth 48, Bellemare, Veness & Talvitie, ICML 2014, Table 1). gzip runs
//! at level 9, xz at preset 9 and zstd at level 19.

use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::time::Instant;

use indicatif::{ProgressBar, ProgressStyle};
use inductive::adapters::{Factored, Mixture};
use inductive::coding;
use inductive::prelude::*;

/// Bits per byte published for bitwise CTW at depth 48, least significant
/// bit first (Bellemare, Veness & Talvitie, ICML 2014, Table 1), for the
/// four files this crate's tests pin against the reference implementation
/// (`tests/ctw.rs`).
const PUBLISHED_CTW: [(&str, f64); 4] = [
    ("bib", 2.25),
    ("obj1", 4.63),
    ("paper1", 2.84),
    ("progc", 3.00),
];

/// The files of the Calgary corpus (the 14-file version).
const CALGARY: [&str; 14] = [
    "bib", "book1", "book2", "geo", "news", "obj1", "obj2", "paper1", "paper2", "pic", "progc",
    "progl", "progp", "trans",
];

#[derive(Clone, Copy, Debug, PartialEq)]
enum Model {
    Factored,
    Ctw,
    Kt,
    Mixture,
}

impl Model {
    fn parse(name: &str) -> Result<Self, String> {
        match name {
            "factored" => Ok(Self::Factored),
            "ctw" => Ok(Self::Ctw),
            "kt" => Ok(Self::Kt),
            "mixture" => Ok(Self::Mixture),
            other => Err(format!(
                "unknown model {other:?}: use factored, ctw, kt or mixture"
            )),
        }
    }

    fn name(self, depth: usize) -> String {
        match self {
            Self::Factored => format!("factored CTW {depth}"),
            Self::Ctw => format!("CTW {depth}"),
            Self::Kt => "KT".to_string(),
            Self::Mixture => format!("mixture of factored CTW 16 and {depth}"),
        }
    }

    /// A fresh predictor: compression and decompression each build one.
    fn build(self, depth: usize) -> inductive::Result<Box<dyn Predictor + Send>> {
        let factored = |d: usize| -> inductive::Result<Factored<Ctw>> {
            Ctw::new(d + 7)?; // check the deepest tree once, before building eight
            // FAC-CTW's convention: the tree of bit `i` also sees the `i`
            // bits of its own byte already coded.
            Ok(Factored::bytes(|i| Ctw::new(d + i).expect("checked depth")))
        };
        Ok(match self {
            Self::Factored => factored(depth)?.boxed(),
            Self::Ctw => Ctw::new(depth)?.boxed(),
            Self::Kt => Kt::new().boxed(),
            Self::Mixture => Mixture::uniform(vec![factored(16)?, factored(depth)?])?.boxed(),
        })
    }
}

struct Options {
    file: Option<PathBuf>,
    calgary: Option<PathBuf>,
    model: Model,
    depth: usize,
    output: Option<PathBuf>,
}

fn parse_args() -> Result<Options, String> {
    let mut options = Options {
        file: None,
        calgary: None,
        model: Model::Factored,
        depth: 48,
        output: None,
    };
    let mut args = std::env::args().skip(1);
    let usage = "usage: compress FILE [--model factored|ctw|kt|mixture] [--depth D] [--output OUT] | compress --calgary DIR [--depth D]";
    while let Some(arg) = args.next() {
        let mut value = || args.next().ok_or(format!("{arg} needs a value; {usage}"));
        match arg.as_str() {
            "--model" => options.model = Model::parse(&value()?)?,
            "--depth" => options.depth = value()?.parse().map_err(|e| format!("--depth: {e}"))?,
            "--output" => options.output = Some(value()?.into()),
            "--calgary" => options.calgary = Some(value()?.into()),
            "--help" | "-h" => return Err(usage.to_string()),
            file if !file.starts_with('-') && options.file.is_none() => {
                options.file = Some(file.into())
            }
            other => return Err(format!("unexpected argument {other:?}; {usage}")),
        }
    }
    if options.file.is_none() && options.calgary.is_none() {
        return Err(usage.to_string());
    }
    Ok(options)
}

fn progress(len: usize, what: &str) -> ProgressBar {
    let bar = ProgressBar::new(len as u64);
    bar.set_style(
        ProgressStyle::with_template(
            "{msg:>12} [{bar:40}] {bytes}/{total_bytes} {bytes_per_sec} eta {eta}",
        )
        .expect("valid template")
        .progress_chars("=> "),
    );
    bar.set_message(what.to_string());
    bar
}

/// Counts bytes through the predictor's updates, for a progress bar.
fn with_progress<'a, P: Predictor + 'a>(predictor: P, bar: &'a ProgressBar) -> impl Predictor + 'a {
    let mut bits = 0u64;
    predictor.inspect(move |_, _| {
        bits += 1;
        if bits.is_multiple_of(1 << 16) {
            bar.inc(1 << 13);
        }
    })
}

fn one_file(options: &Options, path: &Path) -> Result<(), Box<dyn std::error::Error>> {
    let data = std::fs::read(path)?;
    let (model, depth) = (options.model, options.depth);
    println!(
        "{}: {} bytes, model {}",
        path.display(),
        data.len(),
        model.name(depth)
    );

    let bar = progress(data.len(), "compressing");
    let start = Instant::now();
    let packed = coding::compress(with_progress(model.build(depth)?, &bar), &data);
    let compress_seconds = start.elapsed().as_secs_f64();
    bar.finish_and_clear();

    let bar = progress(data.len(), "decompressing");
    let start = Instant::now();
    let unpacked = coding::decompress(
        with_progress(model.build(depth)?, &bar),
        &packed,
        data.len(),
    )?;
    let decompress_seconds = start.elapsed().as_secs_f64();
    bar.finish_and_clear();
    if unpacked != data {
        return Err("the round trip changed the data".into());
    }

    let ideal = model.build(depth)?.observe(coding::bits(&data));
    let bits = 8.0 * data.len() as f64;
    println!(
        "compressed to {} bytes: {:.4} bits/byte (ideal code length {:.4}, {} bytes more)",
        packed.len(),
        8.0 * packed.len() as f64 / data.len().max(1) as f64,
        ideal / data.len().max(1) as f64,
        packed.len() as i64 - (ideal / 8.0).ceil() as i64,
    );
    for (what, seconds) in [
        ("compress", compress_seconds),
        ("decompress", decompress_seconds),
    ] {
        println!(
            "{what:>10}: {seconds:.3} s, {:.3} MB/s, {:.3} µs/bit",
            data.len() as f64 / seconds / 1e6,
            seconds / bits * 1e6,
        );
    }
    println!("round trip: identical");
    if let Some(out) = &options.output {
        std::fs::File::create(out)?.write_all(&packed)?;
        println!("wrote {}", out.display());
    }
    Ok(())
}

fn gzip(data: &[u8]) -> std::io::Result<usize> {
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    encoder.write_all(data)?;
    Ok(encoder.finish()?.len())
}

fn xz(data: &[u8]) -> std::io::Result<usize> {
    let mut packed = Vec::new();
    liblzma::read::XzEncoder::new(data, 9).read_to_end(&mut packed)?;
    Ok(packed.len())
}

fn zstd(data: &[u8]) -> std::io::Result<usize> {
    Ok(zstd::bulk::compress(data, 19)?.len())
}

fn calgary(folder: &Path, depth: usize) -> Result<(), Box<dyn std::error::Error>> {
    let models = [Model::Ctw, Model::Factored, Model::Kt, Model::Mixture];
    println!(
        "Calgary corpus in {}: bits per byte of the compressed file",
        folder.display()
    );
    println!(
        "models: {}",
        models
            .iter()
            .map(|m| m.name(depth))
            .collect::<Vec<_>>()
            .join(", ")
    );
    let header = format!(
        "{:<8} {:>8} {:>9} {:>9} {:>9} {:>9} {:>9} {:>7} {:>7} {:>7}",
        "file", "bytes", "published", "CTW", "factored", "KT", "mixture", "gzip", "xz", "zstd"
    );
    println!("{header}");
    let mut totals = [0.0f64; 7];
    let mut total_seconds = [0.0f64; 4];
    for name in CALGARY {
        let path = folder.join(name);
        let data = std::fs::read(&path).map_err(|e| format!("{}: {e}", path.display()))?;
        let per_byte = |len: usize| 8.0 * len as f64 / data.len() as f64;
        let mut row = [0.0f64; 7];
        // The bitwise CTW column codes each byte least significant bit
        // first, the order of the published figures.
        let reversed: Vec<u8> = data.iter().map(|b| b.reverse_bits()).collect();
        for (i, model) in models.iter().enumerate() {
            let bar = progress(data.len(), name);
            let input = if *model == Model::Ctw {
                &reversed
            } else {
                &data
            };
            let start = Instant::now();
            let packed = coding::compress(with_progress(model.build(depth)?, &bar), input);
            total_seconds[i] += start.elapsed().as_secs_f64();
            bar.finish_and_clear();
            row[i] = per_byte(packed.len());
        }
        row[4] = per_byte(gzip(&data)?);
        row[5] = per_byte(xz(&data)?);
        row[6] = per_byte(zstd(&data)?);
        let published = PUBLISHED_CTW
            .iter()
            .find(|(n, _)| *n == name)
            .map_or(String::new(), |(_, v)| format!("{v:.2}"));
        println!(
            "{:<8} {:>8} {:>9} {:>9.3} {:>9.3} {:>9.3} {:>9.3} {:>7.3} {:>7.3} {:>7.3}",
            name,
            data.len(),
            published,
            row[0],
            row[1],
            row[2],
            row[3],
            row[4],
            row[5],
            row[6]
        );
        for (total, value) in totals.iter_mut().zip(row) {
            *total += value / CALGARY.len() as f64;
        }
    }
    println!(
        "{:<8} {:>8} {:>9} {:>9.3} {:>9.3} {:>9.3} {:>9.3} {:>7.3} {:>7.3} {:>7.3}",
        "average",
        "",
        "",
        totals[0],
        totals[1],
        totals[2],
        totals[3],
        totals[4],
        totals[5],
        totals[6]
    );
    println!(
        "compression seconds for the corpus: {}",
        models
            .iter()
            .zip(total_seconds)
            .map(|(m, s)| format!("{} {s:.1}", m.name(depth)))
            .collect::<Vec<_>>()
            .join(", ")
    );
    Ok(())
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let options = parse_args()?;
    if let Some(folder) = &options.calgary {
        calgary(folder, options.depth)?;
    }
    if let Some(file) = &options.file {
        one_file(&options, file)?;
    }
    Ok(())
}

//! CTW on the Calgary corpus: bits per byte and time for every file.
//!
//! Each byte is fed least-significant bit first, with a zero past, to a
//! depth-48 CTW (the setting of Bellemare, Veness & Talvitie, ICML 2014,
//! Table 1, "CTW" row). The printed figure is the ideal code length
//! (`observe`), which an arithmetic coder matches to within a few bytes.
//!
//! Run with the corpus folder as the argument:
//!
//! ```text
//! cargo run --release --example calgary -- path/to/calgary [depth]
//! ```

use std::path::PathBuf;
use std::time::Instant;

use inductive::prelude::*;

/// Bits per byte published for CTW (depth 48) by Bellemare et al. (2014).
const PUBLISHED: [(&str, f64); 4] = [
    ("bib", 2.25),
    ("paper1", 2.84),
    ("progc", 3.00),
    ("obj1", 4.63),
];

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let folder = PathBuf::from(args.next().ok_or("usage: calgary <folder> [depth]")?);
    let depth: usize = args.next().map_or(Ok(48), |d| d.parse())?;

    let mut names: Vec<_> = std::fs::read_dir(&folder)?
        .filter_map(|e| e.ok())
        .filter(|e| e.path().is_file())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();

    println!("CTW depth {depth} on {}", folder.display());
    println!(
        "{:<8} {:>9} {:>11} {:>10} {:>9} {:>9} {:>10} {:>9}",
        "file", "bytes", "bits/byte", "published", "seconds", "Mbit/s", "nodes", "MiB"
    );
    for name in names {
        let data = std::fs::read(folder.join(&name))?;
        let mut ctw = Ctw::new(depth)?;
        let start = Instant::now();
        let code = ctw.observe(
            data.iter()
                .flat_map(|&byte| (0..8).map(move |i| (byte >> i) & 1 == 1)),
        );
        let seconds = start.elapsed().as_secs_f64();
        let published = PUBLISHED
            .iter()
            .find(|(n, _)| *n == name)
            .map_or("".to_string(), |(_, v)| format!("{v:.2}"));
        println!(
            "{:<8} {:>9} {:>11.5} {:>10} {:>9.3} {:>9.2} {:>10} {:>9.1}",
            name,
            data.len(),
            code / data.len() as f64,
            published,
            seconds,
            8.0 * data.len() as f64 / seconds / 1e6,
            ctw.node_count(),
            ctw.memory_bytes() as f64 / (1 << 20) as f64,
        );
    }
    Ok(())
}

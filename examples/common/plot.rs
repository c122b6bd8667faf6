//! SVG plots for the examples (plotters, SVG backend only: no system
//! libraries). Not an example itself: included with `#[path]`.

use std::path::{Path, PathBuf};

/// `plots/<name>` under `$CARGO_TARGET_DIR` if it is set, else under
/// `target/`, creating the folder.
pub fn path(name: &str) -> PathBuf {
    let target =
        std::env::var_os("CARGO_TARGET_DIR").map_or_else(|| PathBuf::from("target"), PathBuf::from);
    let dir = target.join("plots");
    let _ = std::fs::create_dir_all(&dir);
    dir.join(name)
}

/// Draws one line per named curve of cumulative regret and says where it
/// went (or why it could not).
pub fn write_regret_curves(path: &Path, title: &str, x_label: &str, curves: &[(String, Vec<f64>)]) {
    write_curves(path, title, x_label, "cumulative regret (bits)", curves);
}

/// Draws one line per named curve (point `t` at x = t + 1) and says where
/// it went (or why it could not).
#[allow(dead_code)] // not every example that includes this file uses it
pub fn write_curves(
    path: &Path,
    title: &str,
    x_label: &str,
    y_label: &str,
    curves: &[(String, Vec<f64>)],
) {
    match draw(path, title, x_label, y_label, curves) {
        Ok(()) => println!("wrote {}", path.display()),
        Err(e) => println!("could not write {}: {e}", path.display()),
    }
}

fn draw(
    path: &Path,
    title: &str,
    x_label: &str,
    y_label: &str,
    curves: &[(String, Vec<f64>)],
) -> Result<(), Box<dyn std::error::Error>> {
    use plotters::prelude::*;
    let values = || {
        curves
            .iter()
            .flat_map(|(_, c)| c.iter().copied())
            .filter(|v| v.is_finite())
    };
    // Keep the chart readable when one curve dwarfs the rest: the top is at
    // most 5× the median of the curves' final values, and a curve that
    // leaves the chart stops at its edge (its legend entry stays).
    let mut finals: Vec<f64> = curves
        .iter()
        .filter_map(|(_, c)| c.last().copied())
        .filter(|v| v.is_finite())
        .collect();
    finals.sort_by(f64::total_cmp);
    let cap = finals
        .get(finals.len() / 2)
        .map_or(f64::INFINITY, |m| (5.0 * m.abs()).max(1.0));
    let top = values().fold(1.0, f64::max).min(cap);
    let bottom = values().fold(0.0, f64::min);
    let length = curves
        .iter()
        .map(|(_, c)| c.len())
        .max()
        .unwrap_or(1)
        .max(2);
    let root = SVGBackend::new(path, (900, 560)).into_drawing_area();
    root.fill(&WHITE)?;
    let mut chart = ChartBuilder::on(&root)
        .caption(title, ("sans-serif", 20))
        .margin(16)
        .x_label_area_size(40)
        .y_label_area_size(56)
        .build_cartesian_2d(1f64..length as f64, bottom * 1.05..top * 1.05)?;
    chart
        .configure_mesh()
        .x_desc(x_label)
        .y_desc(y_label)
        .draw()?;
    for (i, (name, curve)) in curves.iter().enumerate() {
        let color = Palette99::pick(i).to_rgba();
        // Say so in the legend when a curve leaves the chart, and where it
        // ends.
        let label = match curve.last() {
            Some(&end) if curve.iter().any(|r| *r > top * 1.05) => {
                format!("{name} (off the chart; ends at {end:.0})")
            }
            _ => name.clone(),
        };
        chart
            .draw_series(LineSeries::new(
                curve
                    .iter()
                    .enumerate()
                    .take_while(|(_, r)| **r <= top * 1.05)
                    .filter(|(_, r)| r.is_finite())
                    .map(|(t, &r)| ((t + 1) as f64, r)),
                color.stroke_width(2),
            ))?
            .label(label)
            .legend(move |(x, y)| {
                PathElement::new(vec![(x, y), (x + 20, y)], color.stroke_width(2))
            });
    }
    chart
        .configure_series_labels()
        .border_style(BLACK)
        .background_style(WHITE.mix(0.9))
        .position(SeriesLabelPosition::UpperLeft)
        .draw()?;
    root.present()?;
    Ok(())
}

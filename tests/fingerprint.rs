//! Fingerprints against a direct recomputation, their exact edge cases,
//! and their errors.

mod tier;

use inductive::baseline::MarkovKt;
use inductive::fingerprint::{Panel, fingerprint};
use inductive::prelude::*;
use inductive::sources::Bernoulli;
use proptest::prelude::*;

/// `D(p ‖ q)` written with natural logs, term by term.
fn kl_direct(p: f64, q: f64) -> f64 {
    let mut d = 0.0;
    if p > 0.0 {
        d += p * (p.ln() - q.ln());
    }
    if p < 1.0 {
        d += (1.0 - p) * ((1.0 - p).ln() - (1.0 - q).ln());
    }
    (d / std::f64::consts::LN_2).max(0.0)
}

fn panel() -> Panel<'static> {
    Panel::new()
        .with("KT", Kt::new)
        .with("CTW(3)", || Ctw::new(3).unwrap())
        .with("order-2 Bayes", || MarkovKt::new(2).unwrap())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: tier::cases(256), ..ProptestConfig::default() })]

    /// Every mean and standard error equals a recomputation from the
    /// per-probe divergences, kept in full and averaged the textbook way.
    #[test]
    fn agrees_with_a_direct_recomputation(
        probes in (1usize..120).prop_flat_map(|n| prop::collection::vec(prop::collection::vec(any::<bool>(), n), 2..7)),
    ) {
        let model = || Ctw::new(2).unwrap();
        let print = fingerprint(model, &panel(), &probes).unwrap();
        let n = probes.len() as f64;
        let positions = probes[0].len();
        let makers: [&dyn Fn() -> Box<dyn Predictor>; 3] = [
            &|| Kt::new().boxed(),
            &|| Ctw::new(3).unwrap().boxed(),
            &|| MarkovKt::new(2).unwrap().boxed(),
        ];
        for (r, make) in makers.iter().enumerate() {
            // divergences[probe][t]
            let divergences: Vec<Vec<f64>> = probes
                .iter()
                .map(|probe| {
                    let (mut m, mut q) = (model(), make());
                    probe
                        .iter()
                        .map(|&bit| {
                            let d = kl_direct(m.predict(), q.predict());
                            m.update(bit);
                            q.update(bit);
                            d
                        })
                        .collect()
                })
                .collect();
            for t in 0..positions {
                let values: Vec<f64> = divergences.iter().map(|d| d[t]).collect();
                let mean = values.iter().sum::<f64>() / n;
                let variance = values.iter().map(|v| (v - mean).powi(2)).sum::<f64>() / (n - 1.0);
                prop_assert!((print.mean()[[r, t]] - mean).abs() < 1e-12);
                prop_assert!((print.std_error()[[r, t]] - (variance / n).sqrt()).abs() < 1e-9);
            }
            let per_probe: Vec<f64> = divergences.iter().map(|d| d.iter().sum::<f64>() / positions as f64).collect();
            let overall = per_probe.iter().sum::<f64>() / n;
            prop_assert!((print.overall()[r] - overall).abs() < 1e-12);
        }
        let (name, value) = print.nearest();
        prop_assert!(print.overall().iter().all(|&v| v >= value));
        prop_assert!(print.names().iter().any(|n| n == name));
    }
}

/// A model that is one of the references is at distance exactly zero from
/// it, at every position.
#[test]
fn a_model_is_nearest_to_itself() {
    let probes: Vec<Vec<bool>> = (0..5u64)
        .map(|s| (0..200u64).map(|t| (t * t + s) % 7 < 3).collect())
        .collect();
    let print = fingerprint(|| Ctw::new(3).unwrap(), &panel(), &probes).unwrap();
    assert_eq!(print.nearest(), ("CTW(3)", 0.0));
    assert!(print.mean().row(1).iter().all(|&d| d == 0.0));
    assert!(print.std_error().row(1).iter().all(|&d| d == 0.0));
    assert_eq!((print.probes(), print.positions()), (5, 200));
    let table = print.table().to_string();
    assert!(table.contains("CTW(3) (nearest)"), "{table}");
    assert!(table.contains("bits 128–199"), "{table}");
}

/// A reference certain of a bit the model doubts is infinitely far, with
/// an infinite standard error, never NaN.
#[test]
fn certainty_against_doubt_is_infinite_not_nan() {
    let panel = Panel::new()
        .with("always one", || Bernoulli::new(1.0).unwrap())
        .with("KT", Kt::new);
    let probes = vec![
        vec![true; 10],
        vec![true, false, true, true, true, true, true, true, true, true],
    ];
    let print = fingerprint(Kt::new, &panel, &probes).unwrap();
    assert_eq!(print.overall()[0], f64::INFINITY);
    assert_eq!(print.overall_std_error()[0], f64::INFINITY);
    assert!(
        print
            .mean()
            .iter()
            .chain(print.std_error().iter())
            .all(|v| !v.is_nan())
    );
    assert_eq!(print.nearest(), ("KT", 0.0));
}

#[derive(Debug, Clone)]
struct Broken;

impl Predictor for Broken {
    fn predict(&self) -> f64 {
        f64::NAN
    }
    fn update(&mut self, _bit: bool) {}
}

#[test]
fn refuses_what_it_cannot_measure() {
    let probes = vec![vec![true; 8]; 3];
    let empty = Panel::new();
    assert!(matches!(
        fingerprint(Kt::new, &empty, &probes),
        Err(Error::InvalidSize { .. })
    ));
    assert!(matches!(
        fingerprint(Kt::new, &panel(), &probes[..1]),
        Err(Error::InvalidSize { .. })
    ));
    assert!(matches!(
        fingerprint(Kt::new, &panel(), &[vec![], vec![]]),
        Err(Error::InvalidSize { .. })
    ));
    assert!(matches!(
        fingerprint(Kt::new, &panel(), &[vec![true; 3], vec![true; 4]]),
        Err(Error::LengthMismatch { .. })
    ));
    assert!(matches!(
        fingerprint(|| Broken, &panel(), &probes),
        Err(Error::ContractViolation { .. })
    ));
    let broken_reference = panel().with("broken", || Broken);
    match fingerprint(Kt::new, &broken_reference, &probes) {
        Err(Error::ContractViolation { what, .. }) => assert!(what.contains("broken"), "{what}"),
        other => panic!("{other:?}"),
    }
}

#[cfg(feature = "plot")]
#[test]
fn plots_as_svg() {
    let probes: Vec<Vec<bool>> = (0..4u64)
        .map(|s| (0..64u64).map(|t| (t + s) % 3 == 0).collect())
        .collect();
    let print = fingerprint(|| MarkovKt::new(1).unwrap(), &panel(), &probes).unwrap();
    let svg = print.to_svg("order-1 Bayes against the panel").unwrap();
    assert!(svg.starts_with("<svg"), "{}", &svg[..40]);
    for name in [
        "KT",
        "CTW(3)",
        "order-2 Bayes",
        "order-1 Bayes against the panel",
    ] {
        assert!(svg.contains(name), "{name}");
    }
}

//! The test tier, shared by the suites: the default tier runs every
//! property at a fraction of the thorough tier's cases, and
//! `INDUCTIVE_TESTS=thorough` runs the full counts (the same switch as
//! `inductive::laws::thorough`, read here so that suites without the
//! `laws` feature follow it too). See CONTRIBUTING.md.

/// Whether `INDUCTIVE_TESTS=thorough`; panics on a value other than
/// `default` or `thorough`.
pub fn thorough() -> bool {
    match std::env::var("INDUCTIVE_TESTS") {
        Err(std::env::VarError::NotPresent) => false,
        Ok(v) if v == "default" => false,
        Ok(v) if v == "thorough" => true,
        other => panic!("INDUCTIVE_TESTS must be \"default\" or \"thorough\", not {other:?}"),
    }
}

/// `thorough_cases` in the thorough tier, an eighth of them (at least 16,
/// at most all) in the default one.
pub fn cases(thorough_cases: u32) -> u32 {
    if thorough() {
        thorough_cases
    } else {
        (thorough_cases / 8).max(16).min(thorough_cases)
    }
}

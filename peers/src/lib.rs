//! Side-by-side benchmarks of `inductive` against peer crates; the code is
//! in `benches/`. Run `cargo bench -p inductive-peers` from the workspace
//! root.

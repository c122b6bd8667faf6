//! Checkpoints in one call (feature `serde`): save a trained predictor, an
//! adapter stack, a source or an agent to bytes, and load it back, with
//! damage to the bytes caught as an [`Error`].
//!
//! The bytes are a 4-byte tag (`IND` and a format version), the value in
//! `postcard` (a compact binary `serde` format, which keeps every `f64`
//! exactly), and a CRC-32 of both. Any serde
//! format works on these types directly; this module adds the check, so a
//! truncated or altered file is an error, not a predictor that fails
//! later.
//!
//! ```
//! use inductive::checkpoint;
//! use inductive::prelude::*;
//!
//! let mut ctw = Ctw::new(16)?;
//! ctw.observe([true, false, true, true, false, true]);
//! let bytes = checkpoint::save(&ctw)?;
//! let mut resumed: Ctw = checkpoint::load(&bytes)?;
//! assert_eq!(resumed.predict().to_bits(), ctw.predict().to_bits());
//!
//! let mut damaged = bytes.clone();
//! damaged[10] ^= 1;
//! assert!(checkpoint::load::<Ctw>(&damaged).is_err());
//! # resumed.update(true);
//! # Ok::<(), inductive::Error>(())
//! ```
//!
//! A checkpoint holds no type: load it as the type that saved it, with the
//! same version of this crate.

use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::error::{Error, Result};

/// The tag every checkpoint starts with: `IND` and the format version.
const TAG: [u8; 4] = *b"IND\x01";

/// Saves `value` as tagged, checksummed bytes.
pub fn save<T: Serialize + ?Sized>(value: &T) -> Result<Vec<u8>> {
    let mut bytes = postcard::to_extend(value, TAG.to_vec()).map_err(|e| Error::CorruptData {
        reason: format!("cannot save the value: {e}"),
    })?;
    let crc = crc32fast::hash(&bytes);
    bytes.extend_from_slice(&crc.to_le_bytes());
    Ok(bytes)
}

/// Loads what [`save`] wrote. Fails with [`Error::CorruptData`] if the
/// tag, the checksum or the value does not hold.
pub fn load<T: DeserializeOwned>(bytes: &[u8]) -> Result<T> {
    let corrupt = |reason: String| Error::CorruptData { reason };
    if bytes.len() < TAG.len() + 4 {
        return Err(corrupt(format!(
            "a checkpoint has at least 8 bytes, this one {}",
            bytes.len()
        )));
    }
    let (body, crc) = bytes.split_at(bytes.len() - 4);
    if body[..3] != TAG[..3] {
        return Err(corrupt(
            "not a checkpoint of this crate (no IND tag)".to_string(),
        ));
    }
    if body[3] != TAG[3] {
        return Err(corrupt(format!(
            "checkpoint format {} is not {}, the one this version reads",
            body[3], TAG[3]
        )));
    }
    if crc32fast::hash(body).to_le_bytes() != crc {
        return Err(corrupt(
            "the checkpoint fails its CRC-32 check (truncated or altered)".to_string(),
        ));
    }
    let (value, rest) = postcard::take_from_bytes(&body[TAG.len()..])
        .map_err(|e| corrupt(format!("the checkpoint does not hold this type: {e}")))?;
    if !rest.is_empty() {
        return Err(corrupt(format!(
            "{} bytes follow the value: the checkpoint holds another type",
            rest.len()
        )));
    }
    Ok(value)
}

//! Floats that JSON has no number for. Log weights of `−∞` (a ruled-out
//! hypothesis) and NaN markers (a value not yet computed) are written as
//! the strings `"-inf"`, `"inf"` and `"NaN"` in human-readable formats
//! such as JSON, and as plain `f64`s in binary ones such as postcard, so
//! that every checkpoint round-trips through both. Used with
//! `#[serde(with = "crate::serde_float::vec")]`; maps with keys that are
//! not strings are written as pairs ([`map_as_pairs`]).

use serde::de::Error as _;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// One float, written as a number when finite and as a word otherwise.
struct Float(f64);

impl Serialize for Float {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self.0 {
            x if x.is_finite() => s.serialize_f64(x),
            x if x.is_nan() => s.serialize_str("NaN"),
            x if x > 0.0 => s.serialize_str("inf"),
            _ => s.serialize_str("-inf"),
        }
    }
}

impl<'de> Deserialize<'de> for Float {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        #[serde(untagged)]
        enum Written {
            Number(f64),
            Word(String),
        }
        match Written::deserialize(d)? {
            Written::Number(x) => Ok(Float(x)),
            Written::Word(w) => match w.as_str() {
                "NaN" => Ok(Float(f64::NAN)),
                "inf" => Ok(Float(f64::INFINITY)),
                "-inf" => Ok(Float(f64::NEG_INFINITY)),
                other => Err(D::Error::custom(format!(
                    "expected a number, \"inf\", \"-inf\" or \"NaN\", found {other:?}"
                ))),
            },
        }
    }
}

/// A `Vec<f64>` that may hold non-finite values.
pub(crate) mod vec {
    use super::{Deserialize, Deserializer, Float, Serialize, Serializer};

    pub(crate) fn serialize<S: Serializer>(v: &[f64], s: S) -> Result<S::Ok, S::Error> {
        if s.is_human_readable() {
            s.collect_seq(v.iter().map(|&x| Float(x)))
        } else {
            v.serialize(s)
        }
    }

    pub(crate) fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<f64>, D::Error> {
        if d.is_human_readable() {
            Ok(Vec::<Float>::deserialize(d)?
                .into_iter()
                .map(|f| f.0)
                .collect())
        } else {
            Vec::<f64>::deserialize(d)
        }
    }
}

/// A `[f64; 2]` that may hold non-finite values.
pub(crate) mod pair {
    use super::{Deserialize, Deserializer, Float, Serialize, Serializer};
    use serde::de::Error as _;

    pub(crate) fn serialize<S: Serializer>(v: &[f64; 2], s: S) -> Result<S::Ok, S::Error> {
        if s.is_human_readable() {
            s.collect_seq(v.iter().map(|&x| Float(x)))
        } else {
            v.serialize(s)
        }
    }

    pub(crate) fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<[f64; 2], D::Error> {
        if d.is_human_readable() {
            match Vec::<Float>::deserialize(d)?[..] {
                [Float(a), Float(b)] => Ok([a, b]),
                ref other => Err(D::Error::invalid_length(other.len(), &"two floats")),
            }
        } else {
            <[f64; 2]>::deserialize(d)
        }
    }
}

/// A `HashMap` whose keys are not strings (JSON's objects allow no
/// others): written as a sequence of `(key, value)` pairs in every format,
/// sorted by key so that equal maps write equal bytes.
pub(crate) mod map_as_pairs {
    use std::collections::HashMap;
    use std::hash::Hash;

    use super::{Deserialize, Deserializer, Serialize, Serializer};

    pub(crate) fn serialize<K, V, S>(map: &HashMap<K, V>, s: S) -> Result<S::Ok, S::Error>
    where
        K: Serialize + Ord,
        V: Serialize,
        S: Serializer,
    {
        let mut pairs: Vec<(&K, &V)> = map.iter().collect();
        pairs.sort_by(|a, b| a.0.cmp(b.0));
        s.collect_seq(pairs)
    }

    pub(crate) fn deserialize<'de, K, V, D>(d: D) -> Result<HashMap<K, V>, D::Error>
    where
        K: Deserialize<'de> + Eq + Hash,
        V: Deserialize<'de>,
        D: Deserializer<'de>,
    {
        Ok(Vec::<(K, V)>::deserialize(d)?.into_iter().collect())
    }
}

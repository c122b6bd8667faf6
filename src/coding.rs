//! Prediction as compression: an arithmetic coder driven by any
//! [`Predictor`].
//!
//! A predictor that gives the bits of a file probability `P` codes it in
//! `-log2 P` bits, the code length [`observe`](crate::PredictorExt::observe)
//! reports; an arithmetic coder turns that into real bytes, and back.
//! [`compress`] and [`decompress`] code byte strings with a fresh
//! predictor; [`Encoder`] and [`Decoder`] code bits one at a time, for
//! streams that are not bytes.
//!
//! ```
//! use inductive::coding;
//! use inductive::prelude::*;
//!
//! let text = b"abracadabra abracadabra abracadabra abracadabra".repeat(20);
//! let packed = coding::compress(Ctw::new(24)?, &text);
//! assert!(packed.len() < text.len() / 5);
//! assert_eq!(coding::decompress(Ctw::new(24)?, &packed, text.len())?, text);
//! # Ok::<(), inductive::Error>(())
//! ```
//!
//! # Format
//!
//! | bytes | what |
//! |---|---|
//! | 1–10 | the original length in bytes, LEB128 (unsigned, 7 bits a byte, least significant first), in its shortest form |
//! | 4 | CRC-32 (IEEE) of the original bytes, little-endian |
//! | 4 | a check of the header: CRC-32 of the length field and the CRC above, little-endian |
//! | the rest | the range-coded bits |
//!
//! The header check is read before anything is decoded, so a forged or
//! damaged length is refused at once (but for one stream in 2^32), and a
//! length written in more bytes than it needs is refused too: every
//! length has one encoding, so the header is not malleable.
//!
//! Each byte is coded **most significant bit first**: position 0 of a
//! byte-[`Factored`](crate::adapters::Factored) predictor is a byte's top
//! bit. The predictor is not in the stream: decompression needs the same
//! predictor, built the same way, that compressed it.
//!
//! # The coder
//!
//! A binary range coder with 32-bit range and carry propagation (the
//! design of LZMA's range coder, Martin 1979 and Subbotin): each bit
//! splits the range in proportion to the predicted probability, with
//! every part at least `1/2^32` of the range, so a certain prediction
//! that turns out wrong costs at most 32 bits instead of an infinite code.
//! The final interval is closed with the value that has the most trailing
//! zero bits, and trailing zero bytes are dropped (the decoder reads zeros
//! past the end). The size is then **at most** the ideal code length
//! (`observe`'s, rounded up to bytes) plus 2 bytes of coding overhead,
//! plus the 9 to 18 bytes of [header](header_len): an upper bound, not an
//! equality. The law [`compression_round_trips`](crate::laws) checks the
//! bound for every type, and `tests/coding.rs` checks it for every family
//! on real files.
//!
//! # Errors
//!
//! [`decompress`] never panics on any input: a header that does not parse,
//! a length not in its shortest form, a header whose check fails, a code
//! that does not start or end as the encoder writes one, bytes left over,
//! or a CRC that does not match the decoded bytes return
//! [`Error::CorruptData`]: every truncation, extension and change of a
//! valid stream fails (`tests/coding.rs` tries them all on small
//! streams), but for a change that keeps a CRC-32 right by chance (one in
//! 2^32).
//!
//! Decoding takes time in proportion to the length the header declares,
//! so [`decompress`] takes the most bytes the caller accepts (as the
//! `capacity` of `zstd::bulk::decompress` does) and refuses a longer
//! declared length with [`Error::TooLarge`] before it decodes or
//! allocates anything; [`decompressed_len`] reads the declared length
//! alone.

use crate::error::{Error, Result};
use crate::predictor::Predictor;

/// The range never falls below this between bits (a byte is shifted out
/// when it would).
const TOP: u32 = 1 << 24;

/// The part of `range` that codes a 1 when the prediction is `p_one`:
/// `range · p_one`, kept within `[1, range - 1]` so both bits stay
/// codable. A prediction outside `[0, 1]` (a predictor that breaks its
/// contract) is clamped, and NaN is read as 0; encoder and decoder agree
/// on every input.
#[inline]
fn split(range: u32, p_one: f64) -> u32 {
    // `as` saturates: NaN gives 0, and the clamp keeps the product in u64.
    let scaled = (p_one.clamp(0.0, 1.0) * 4_294_967_296.0) as u64;
    let bound = ((u64::from(range) * scaled) >> 32) as u32;
    bound.clamp(1, range - 1)
}

/// The bits of `bytes`, most significant first: the order in which
/// [`compress`] codes them.
///
/// ```
/// use inductive::coding;
/// let bits: Vec<bool> = coding::bits(&[0b1000_0001]).collect();
/// assert_eq!(bits, [true, false, false, false, false, false, false, true]);
/// ```
pub fn bits(bytes: &[u8]) -> impl Iterator<Item = bool> + '_ {
    bytes
        .iter()
        .flat_map(|&byte| (0..8).rev().map(move |i| (byte >> i) & 1 == 1))
}

/// A binary arithmetic (range) encoder: each bit is coded with the
/// probability of a 1 that the caller gives, usually a predictor's
/// [`predict`](Predictor::predict) just before it learns the bit.
///
/// ```
/// use inductive::coding::{Decoder, Encoder};
/// use inductive::prelude::*;
///
/// let bits = [true, true, false, true, true, true, false, true];
/// let mut model = Kt::new();
/// let mut encoder = Encoder::new();
/// for &bit in &bits {
///     encoder.encode(bit, model.predict());
///     model.update(bit);
/// }
/// let code = encoder.finish();
///
/// let mut model = Kt::new();
/// let mut decoder = Decoder::new(&code)?;
/// for &bit in &bits {
///     let decoded = decoder.decode(model.predict());
///     assert_eq!(decoded, bit);
///     model.update(decoded);
/// }
/// # Ok::<(), inductive::Error>(())
/// ```
#[derive(Debug, Clone)]
pub struct Encoder {
    /// The interval's low end: 32 bits, and a carry in bit 32.
    low: u64,
    range: u32,
    /// The last byte shifted out that a carry may still increment.
    cache: u8,
    /// `cache` and the `0xFF` bytes after it that wait for the carry.
    pending: u64,
    /// Whether the first byte, always 0, has been dropped.
    started: bool,
    out: Vec<u8>,
}

impl Default for Encoder {
    fn default() -> Self {
        Self::new()
    }
}

impl Encoder {
    /// An encoder with an empty output.
    pub fn new() -> Self {
        Self {
            low: 0,
            range: u32::MAX,
            cache: 0,
            pending: 1,
            started: false,
            out: Vec::new(),
        }
    }

    /// Codes `bit`, to which the model gave probability `p_one` of being 1.
    #[inline]
    pub fn encode(&mut self, bit: bool, p_one: f64) {
        let bound = split(self.range, p_one);
        if bit {
            self.range = bound;
        } else {
            self.low += u64::from(bound);
            self.range -= bound;
        }
        while self.range < TOP {
            self.range <<= 8;
            self.shift_low();
        }
    }

    /// Moves the top byte of `low` out, holding it while a carry can
    /// still reach it.
    #[inline]
    fn shift_low(&mut self) {
        if self.low < 0xFF00_0000 || self.low >= 1 << 32 {
            let carry = (self.low >> 32) as u8;
            let mut byte = self.cache;
            loop {
                self.emit(byte.wrapping_add(carry));
                byte = 0xFF;
                self.pending -= 1;
                if self.pending == 0 {
                    break;
                }
            }
            self.cache = ((self.low >> 24) & 0xFF) as u8;
        }
        self.pending += 1;
        self.low = (self.low & 0x00FF_FFFF) << 8;
    }

    #[inline]
    fn emit(&mut self, byte: u8) {
        if self.started {
            self.out.push(byte);
        } else {
            // The interval starts as [0, 2^32) and only narrows: the byte
            // above it is 0, and the decoder knows it.
            debug_assert_eq!(byte, 0);
            self.started = true;
        }
    }

    /// Bytes written so far (the final flush adds at most five).
    pub fn len(&self) -> usize {
        self.out.len()
    }

    /// Whether nothing has been written yet.
    pub fn is_empty(&self) -> bool {
        self.out.is_empty()
    }

    /// Closes the code and returns it: the value in the final interval
    /// with the most trailing zero bits, without its trailing zero bytes.
    pub fn finish(mut self) -> Vec<u8> {
        self.low = closing_value(self.low, self.range);
        for _ in 0..5 {
            self.shift_low();
        }
        while self.out.last() == Some(&0) {
            self.out.pop();
        }
        self.out
    }
}

/// The decoder of [`Encoder`]'s code: given the same probabilities in the
/// same order, it returns the bits that were coded.
///
/// It reads zeros past the end of its input (the encoder drops trailing
/// zeros). Every byte string decodes to some bits once its first four
/// bytes pass [`new`](Self::new): a truncated or altered code is caught by
/// [`decompress`]'s CRC, not here.
#[derive(Debug, Clone)]
pub struct Decoder<'a> {
    data: &'a [u8],
    /// Bytes read, zeros past the end included.
    position: usize,
    range: u32,
    code: u32,
}

impl<'a> Decoder<'a> {
    /// A decoder of `data`. Fails if the first four bytes already lie
    /// outside the coder's range.
    pub fn new(data: &'a [u8]) -> Result<Self> {
        let mut decoder = Self {
            data,
            position: 0,
            range: u32::MAX,
            code: 0,
        };
        for _ in 0..4 {
            decoder.code = (decoder.code << 8) | u32::from(decoder.next_byte());
        }
        decoder.check()?;
        Ok(decoder)
    }

    #[inline]
    fn next_byte(&mut self) -> u8 {
        let byte = self.data.get(self.position).copied().unwrap_or(0);
        self.position += 1;
        byte
    }

    /// The code lies in `[0, range)` for every stream an encoder writes.
    #[inline]
    fn check(&self) -> Result<()> {
        if self.code < self.range {
            Ok(())
        } else {
            Err(Error::CorruptData {
                reason: format!(
                    "the code at byte {} lies outside the coder's range",
                    self.position
                ),
            })
        }
    }

    /// Decodes the next bit, to which the model gives probability `p_one`
    /// of being 1 (the probability the encoder was given).
    #[inline]
    pub fn decode(&mut self, p_one: f64) -> bool {
        let bound = split(self.range, p_one);
        let bit = self.code < bound;
        if bit {
            self.range = bound;
        } else {
            self.code -= bound;
            self.range -= bound;
        }
        // `code < range` holds after every step for any input once it
        // holds at the start: decoding cannot fail after `new`.
        while self.range < TOP {
            self.range <<= 8;
            self.code = (self.code << 8) | u32::from(self.next_byte());
        }
        debug_assert!(self.code < self.range);
        bit
    }

    /// Bytes read so far, counting the zeros read past the end: after the
    /// last bit, exactly the length of the code before its trailing zeros
    /// were dropped.
    pub fn bytes_read(&self) -> usize {
        self.position
    }

    /// After the last bit: checks that the code ends exactly as
    /// [`Encoder::finish`] ends it, on the value of the final interval
    /// with the most trailing zero bits and with no bytes after it. An
    /// altered last byte that still decodes to the same bits fails here.
    pub fn finish(self) -> Result<()> {
        if self.data.len() > self.position {
            return Err(Error::CorruptData {
                reason: format!(
                    "{} bytes follow the end of the code",
                    self.data.len() - self.position
                ),
            });
        }
        // The last four bytes read hold the value's low 32 bits; the
        // interval's low end is that value less the code.
        let window = (self.position - 4..self.position).fold(0u32, |acc, i| {
            (acc << 8) | u32::from(self.data.get(i).copied().unwrap_or(0))
        });
        let low = u64::from(window.wrapping_sub(self.code));
        if closing_value(low, self.range) as u32 != window {
            return Err(Error::CorruptData {
                reason: "the code does not end as the encoder ends it".to_string(),
            });
        }
        Ok(())
    }
}

/// The value in `[low, low + range)` with the most trailing zero bits: the
/// one [`Encoder::finish`] writes.
fn closing_value(low: u64, range: u32) -> u64 {
    let end = low + u64::from(range);
    (0..=32)
        .rev()
        .map(|zeros| {
            let mask = (1u64 << zeros) - 1;
            (low + mask) & !mask
        })
        .find(|&value| value < end)
        .unwrap_or(low)
}

/// Compresses `bytes` with `predictor`, which should be fresh: the same
/// predictor, built the same way, decompresses them. Each byte is coded
/// most significant bit first; see the [module docs](self) for the
/// format.
///
/// Pass `&mut predictor` to keep the predictor, trained on `bytes`,
/// afterwards.
pub fn compress<P: Predictor>(mut predictor: P, bytes: &[u8]) -> Vec<u8> {
    let mut out = header(bytes);
    if bytes.is_empty() {
        return out;
    }
    let mut encoder = Encoder::new();
    encoder.out.reserve(bytes.len() / 2);
    for bit in bits(bytes) {
        encoder.encode(bit, predictor.predict());
        predictor.update(bit);
    }
    out.extend_from_slice(&encoder.finish());
    out
}

/// Bytes of the header [`compress`] writes before the code, for an input
/// of `len` bytes: 9 up to 127 bytes, one more for each further 7 bits of
/// length, at most 18.
///
/// ```
/// use inductive::coding;
/// use inductive::prelude::*;
/// assert_eq!(coding::header_len(0), 9);
/// assert_eq!(coding::header_len(1 << 20), 11);
/// assert_eq!(coding::compress(Kt::new(), &[]).len(), 9);
/// ```
pub fn header_len(len: usize) -> usize {
    let length_bytes = (usize::BITS - len.leading_zeros()).div_ceil(7).max(1) as usize;
    length_bytes + 8
}

/// LEB128 length, the CRC-32 of `bytes`, and the header's check.
fn header(bytes: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(18);
    let mut len = bytes.len() as u64;
    loop {
        let low = (len & 0x7F) as u8;
        len >>= 7;
        if len == 0 {
            out.push(low);
            break;
        }
        out.push(low | 0x80);
    }
    out.extend_from_slice(&crc32fast::hash(bytes).to_le_bytes());
    let check = crc32fast::hash(&out);
    out.extend_from_slice(&check.to_le_bytes());
    out
}

/// The parsed header: length, CRC-32 of the original, and where the code
/// starts.
fn parse_header(compressed: &[u8]) -> Result<(usize, u32, usize)> {
    let corrupt = |reason: &str| Error::CorruptData {
        reason: reason.to_string(),
    };
    let mut len: u64 = 0;
    let mut field = 0;
    loop {
        let Some(&byte) = compressed.get(field) else {
            return Err(corrupt("the stream ends inside its length field"));
        };
        if field == 9 && byte > 1 {
            return Err(corrupt("the length field exceeds 64 bits"));
        }
        len |= u64::from(byte & 0x7F) << (7 * field);
        field += 1;
        if byte & 0x80 == 0 {
            if byte == 0 && field > 1 {
                return Err(corrupt(
                    "the length field is not in its shortest form (a zero last byte)",
                ));
            }
            break;
        }
    }
    let word = |at: usize, what: &str| {
        compressed
            .get(at..at + 4)
            .map(|b| u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
            .ok_or_else(|| corrupt(&format!("the stream ends inside its {what}")))
    };
    let crc = word(field, "CRC")?;
    let check = word(field + 4, "header check")?;
    if check != crc32fast::hash(&compressed[..field + 4]) {
        return Err(corrupt("the header (length and CRC) fails its check"));
    }
    let len =
        usize::try_from(len).map_err(|_| corrupt("the length exceeds this machine's memory"))?;
    Ok((len, crc, field + 8))
}

/// The length in bytes that `compressed` decompresses to, read from its
/// header (which a 32-bit check protects), without decoding.
///
/// ```
/// use inductive::coding;
/// use inductive::prelude::*;
/// let packed = coding::compress(Kt::new(), b"hello");
/// assert_eq!(coding::decompressed_len(&packed)?, 5);
/// # Ok::<(), inductive::Error>(())
/// ```
pub fn decompressed_len(compressed: &[u8]) -> Result<usize> {
    parse_header(compressed).map(|(len, _, _)| len)
}

/// Decompresses what [`compress`] wrote, with a fresh predictor built as
/// the compressing one was, into at most `max_len` bytes.
///
/// Fails with [`Error::CorruptData`] (and never panics) on a stream that
/// is truncated, extended, or altered (see the [module docs](self#errors)),
/// and with [`Error::TooLarge`] on one whose header declares more than
/// `max_len` bytes, before anything is decoded or allocated: decoding
/// costs a predictor update per bit, so the limit bounds its time and its
/// memory. Pass the size you expect, or what you can afford.
///
/// ```
/// use inductive::coding;
/// use inductive::prelude::*;
/// let packed = coding::compress(Kt::new(), b"hello");
/// assert_eq!(coding::decompress(Kt::new(), &packed, 5)?, b"hello");
/// assert!(coding::decompress(Kt::new(), &packed, 4).is_err());
/// # Ok::<(), inductive::Error>(())
/// ```
pub fn decompress<P: Predictor>(
    mut predictor: P,
    compressed: &[u8],
    max_len: usize,
) -> Result<Vec<u8>> {
    let (len, crc, start) = parse_header(compressed)?;
    if len > max_len {
        return Err(Error::TooLarge {
            what: "bytes the stream's header declares (decompress's max_len)",
            count: len as u128,
            limit: max_len as u128,
            hint: "raise max_len if the stream is trusted and that size is expected",
        });
    }
    let code = &compressed[start..];
    let mut out = Vec::with_capacity(len.min(1 << 20));
    if code.last() == Some(&0) {
        return Err(Error::CorruptData {
            reason: "the code ends in a zero byte, which the encoder drops".to_string(),
        });
    }
    if len > 0 {
        let mut decoder = Decoder::new(code)?;
        for _ in 0..len {
            let mut byte = 0u8;
            for _ in 0..8 {
                let bit = decoder.decode(predictor.predict());
                predictor.update(bit);
                byte = (byte << 1) | u8::from(bit);
            }
            out.push(byte);
        }
        decoder.finish()?;
    } else if !code.is_empty() {
        return Err(Error::CorruptData {
            reason: format!("{} bytes follow the header of an empty stream", code.len()),
        });
    }
    if crc32fast::hash(&out) != crc {
        return Err(Error::CorruptData {
            reason: "the decoded bytes fail the CRC-32 check (altered or truncated data, or another predictor)".to_string(),
        });
    }
    Ok(out)
}

//! The UCI optical handwritten digits (8 × 8, 1 797 samples, 10 classes, pixels 0..16),
//! embedded in the crate as `assets/digits.bin` (source, licence and conversion:
//! `assets/README.md`; converter: `scripts/convert_digits.py`).
//!
//! Layout (little-endian; the converter documents the same table):
//!
//! | offset | size | field |
//! |---|---|---|
//! | 0 | 8 | magic `GFDIGITS` |
//! | 8 | 1 | version = 1 |
//! | 9, 10 | 1, 1 | rows = 8, cols = 8 |
//! | 11 | 1 | bits per pixel = 5 (17 levels 0..16 do not fit in 4 bits) |
//! | 12 | 1 | classes = 10 |
//! | 13 | 3 | reserved, zero |
//! | 16 | 4 | n, the number of samples |
//! | 20 | 4 | FNV-1a 32 checksum of bytes 24.. |
//! | 24 | n | labels |
//! | 24 + n | 40 n | pixels, 5 bits each, most significant bit first, row-major |

use std::sync::OnceLock;

use super::Raw;

/// The asset, compiled in with the `embedded-digits` feature (on by default: the CLI and the
/// tests). The page's wasm leaves it out — it is a third of the module's download — and its
/// worker fetches `pkg/digits.bin` and hands it over with [`provide`] when a run asks for
/// `data=digits`.
#[cfg(feature = "embedded-digits")]
static ASSET: Option<&[u8]> = Some(include_bytes!("../../assets/digits.bin"));
#[cfg(not(feature = "embedded-digits"))]
static ASSET: Option<&[u8]> = None;

/// The decoded digits, once: the provided asset, else the embedded one.
static DECODED: OnceLock<Digits> = OnceLock::new();

const MAGIC: &[u8; 8] = b"GFDIGITS";
const VERSION: u8 = 1;
const HEADER: usize = 24;
pub const SIDE: usize = 8;
pub const PIXELS: usize = SIDE * SIDE;
pub const CLASSES: usize = 10;
const BITS: usize = 5;
const BYTES_PER_SAMPLE: usize = PIXELS * BITS / 8;
const MAX_PIXEL: u8 = 16;

/// Decoded digits: `pixels` is `[n][64]` row-major with values 0..=16, `labels` 0..=9.
#[derive(Clone, Debug, PartialEq)]
pub struct Digits {
    pub pixels: Vec<u8>,
    pub labels: Vec<u8>,
}

impl Digits {
    pub fn len(&self) -> usize {
        self.labels.len()
    }

    pub fn is_empty(&self) -> bool {
        self.labels.is_empty()
    }
}

/// Decode the embedded asset. It is verified by the tests, so failure means a corrupt build.
#[cfg(feature = "embedded-digits")]
pub fn embedded() -> Digits {
    match ASSET.map(decode) {
        Some(Ok(digits)) => digits,
        Some(Err(why)) => panic!("the embedded digits asset is corrupt: {why}"),
        None => unreachable!("the feature embeds the asset"),
    }
}

/// Give the engine the digits asset (`assets/digits.bin`'s bytes), for a build without the
/// embedded copy. Checked as the embedded one is (layout, checksum); a second call changes
/// nothing.
pub fn provide(asset: &[u8]) -> Result<(), String> {
    let digits = decode(asset)?;
    let _ = DECODED.set(digits);
    Ok(())
}

/// The digits, when they are embedded or have been provided.
pub fn loaded() -> Option<&'static Digits> {
    if let Some(digits) = DECODED.get() {
        return Some(digits);
    }
    let asset = ASSET?;
    Some(DECODED.get_or_init(|| match decode(asset) {
        Ok(digits) => digits,
        Err(why) => panic!("the embedded digits asset is corrupt: {why}"),
    }))
}

/// The digits as a raw data set: 64 features of pixel values 0..16, in file order; empty
/// when they are neither embedded nor provided.
pub(super) fn raw() -> Raw {
    let Some(digits) = loaded() else {
        return Raw {
            n_inputs: 0,
            n_classes: 0,
            x: Vec::new(),
            y: Vec::new(),
        };
    };
    Raw {
        n_inputs: PIXELS,
        n_classes: CLASSES,
        x: digits.pixels.iter().map(|&p| p as f32).collect(),
        y: digits.labels.iter().map(|&l| l as u32).collect(),
    }
}

/// FNV-1a, 32 bits: tiny, and the same few lines in the Python converter.
pub fn fnv1a32(bytes: &[u8]) -> u32 {
    bytes.iter().fold(0x811C_9DC5, |h: u32, &b| {
        (h ^ b as u32).wrapping_mul(0x0100_0193)
    })
}

/// Decode and validate an asset in the layout above.
pub fn decode(bytes: &[u8]) -> Result<Digits, String> {
    if bytes.len() < HEADER {
        return Err(format!(
            "{} bytes, shorter than the {HEADER}-byte header",
            bytes.len()
        ));
    }
    if &bytes[..8] != MAGIC {
        return Err("bad magic".into());
    }
    let (version, rows, cols, bits, classes) =
        (bytes[8], bytes[9], bytes[10], bytes[11], bytes[12]);
    if version != VERSION {
        return Err(format!("version {version}, expected {VERSION}"));
    }
    if (
        rows as usize,
        cols as usize,
        bits as usize,
        classes as usize,
    ) != (SIDE, SIDE, BITS, CLASSES)
    {
        return Err(format!(
            "shape {rows}x{cols}, {bits} bits, {classes} classes is not 8x8, 5 bits, 10"
        ));
    }
    let n = u32::from_le_bytes([bytes[16], bytes[17], bytes[18], bytes[19]]) as usize;
    let checksum = u32::from_le_bytes([bytes[20], bytes[21], bytes[22], bytes[23]]);
    let payload = &bytes[HEADER..];
    if payload.len() != n * (1 + BYTES_PER_SAMPLE) {
        return Err(format!("{} payload bytes for {n} samples", payload.len()));
    }
    let actual = fnv1a32(payload);
    if actual != checksum {
        return Err(format!(
            "checksum {actual:#010x}, header says {checksum:#010x}"
        ));
    }
    let (labels, packed) = payload.split_at(n);
    if let Some(bad) = labels.iter().find(|&&l| l as usize >= CLASSES) {
        return Err(format!("label {bad} out of range"));
    }
    let mut pixels = Vec::with_capacity(n * PIXELS);
    for sample in packed.chunks_exact(BYTES_PER_SAMPLE) {
        for p in 0..PIXELS {
            let value = read_bits(sample, p * BITS);
            if value > MAX_PIXEL {
                return Err(format!("pixel value {value} above {MAX_PIXEL}"));
            }
            pixels.push(value);
        }
    }
    Ok(Digits {
        pixels,
        labels: labels.to_vec(),
    })
}

/// The `BITS`-bit value starting at bit `bit` of `bytes` (most significant bit first).
fn read_bits(bytes: &[u8], bit: usize) -> u8 {
    let byte = bit / 8;
    let window = (bytes[byte] as u16) << 8 | *bytes.get(byte + 1).unwrap_or(&0) as u16;
    let shift = 16 - BITS - bit % 8;
    ((window >> shift) & ((1 << BITS) - 1)) as u8
}

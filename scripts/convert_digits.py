#!/usr/bin/env python3
"""Convert scikit-learn's copy of the UCI optical digits into Gradfall's compact asset.

Run once; the output is committed as crates/gradfall-core/assets/digits.bin and read by
crates/gradfall-core/src/data/digits.rs with `include_bytes!`.

    pip download --no-deps scikit-learn -d /tmp/skl      # a wheel is a zip; nothing is installed
    python3 scripts/convert_digits.py /tmp/skl/scikit_learn-*.whl

The argument may be the wheel, or `digits.csv.gz` / `digits.csv` already extracted from it
(`sklearn/datasets/data/digits.csv.gz`: 1797 lines of 64 pixel values 0..16, then the label).

Format (all integers little-endian; the Rust decoder documents the same layout):

    offset  size  field
    0       8     magic b"GFDIGITS"
    8       1     version = 1
    9       1     rows = 8
    10      1     cols = 8
    11      1     bits per pixel = 5 (values are 0..16: 17 levels, one more than 4 bits hold)
    12      1     classes = 10
    13      3     reserved, zero
    16      4     n = number of samples (1797)
    20      4     FNV-1a 32-bit checksum of everything from offset 24 to the end
    24      n     labels, one byte each
    24+n    40*n  pixels: per sample 64 values x 5 bits = 40 bytes, row-major,
                  each value's bits most significant first in one continuous bit stream

Standard library only.
"""

import gzip
import io
import struct
import sys
import zipfile
from collections import Counter
from pathlib import Path

MEMBER = "sklearn/datasets/data/digits.csv.gz"
OUT = Path(__file__).resolve().parent.parent / "crates/gradfall-core/assets/digits.bin"
ROWS, COLS, BITS, CLASSES = 8, 8, 5, 10
PIXELS = ROWS * COLS


def read_csv_text(source: Path) -> str:
    if source.suffix == ".whl":
        with zipfile.ZipFile(source) as wheel:
            return gzip.decompress(wheel.read(MEMBER)).decode("ascii")
    if source.suffix == ".gz":
        return gzip.decompress(source.read_bytes()).decode("ascii")
    return source.read_text("ascii")


def parse(text: str):
    samples = []
    for number, line in enumerate(io.StringIO(text), start=1):
        line = line.strip()
        if not line:
            continue
        values = [float(v) for v in line.split(",")]
        if len(values) != PIXELS + 1:
            sys.exit(f"line {number}: {len(values)} values, expected {PIXELS + 1}")
        if any(v != int(v) for v in values):
            sys.exit(f"line {number}: non-integer value")
        ints = [int(v) for v in values]
        pixels, label = ints[:PIXELS], ints[PIXELS]
        if not all(0 <= p <= 16 for p in pixels) or not 0 <= label < CLASSES:
            sys.exit(f"line {number}: value out of range")
        samples.append((pixels, label))
    return samples


def pack_pixels(pixels) -> bytes:
    """64 values of 5 bits, most significant bit first, into 40 bytes."""
    acc = 0
    for p in pixels:
        acc = (acc << BITS) | p
    return acc.to_bytes(PIXELS * BITS // 8, "big")


def fnv1a32(data: bytes) -> int:
    h = 0x811C9DC5
    for byte in data:
        h = ((h ^ byte) * 0x01000193) & 0xFFFFFFFF
    return h


def main() -> None:
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    samples = parse(read_csv_text(Path(sys.argv[1])))
    payload = bytes(label for _, label in samples) + b"".join(
        pack_pixels(pixels) for pixels, _ in samples
    )
    header = b"GFDIGITS" + struct.pack(
        "<BBBBB3xII", 1, ROWS, COLS, BITS, CLASSES, len(samples), fnv1a32(payload)
    )
    assert len(header) == 24
    OUT.write_bytes(header + payload)

    counts = Counter(label for _, label in samples)
    print(f"wrote {OUT} ({len(header) + len(payload)} bytes)")
    print(f"samples {len(samples)}, checksum {fnv1a32(payload):#010x}")
    print("label counts 0..9:", [counts[c] for c in range(CLASSES)])
    print("sample 0 label", samples[0][1], "row 0:", samples[0][0][:COLS])
    for index, (pixels, label) in enumerate(samples):
        for row in range(ROWS):
            if 16 in pixels[row * COLS:(row + 1) * COLS]:
                print(f"first row holding 16: sample {index} (label {label}) row {row}:",
                      pixels[row * COLS:(row + 1) * COLS])
                return


if __name__ == "__main__":
    main()

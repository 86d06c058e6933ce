"""Shrink a large PNG while decoding it, a band of rows at a time (Qt-free, Pillow only).

Pillow (and Qt) decode a whole PNG before scaling it: a 9400×9400 picture takes 350 MB
however small it is shown. Here the compressed rows are inflated with :mod:`zlib` a band at
a time; each band is unfiltered by Pillow's own PNG row decoder (the row above the band is
put in front of it, unfiltered, so the filters that look upwards still see it) and reduced
by a whole factor at once. Peak memory is a band and the reduced picture.

Only the common layouts take this path: 8-bit grey, grey+alpha, RGB, RGBA and palette
images that are not interlaced and not animated. :func:`reduce_png` returns None for the
rest, which the caller decodes whole.
"""

from __future__ import annotations

import struct
import zlib
from collections.abc import Iterable, Iterator
from typing import IO

from PIL import Image, ImageFile

_BYTES_PER_PIXEL = {"L": 1, "LA": 2, "RGB": 3, "RGBA": 4, "P": 1}
BAND_BYTES = 4 * 1024 * 1024  # filtered bytes inflated per band (one band in memory)
_READ = 256 * 1024
_ORIENTATION_TAG = 0x0112


def reduce_png(im: Image.Image, fh: IO[bytes], factor: int) -> Image.Image | None:
    """``im`` (opened from ``fh``, not loaded) reduced ``factor`` times in each direction.

    The pixels are those of ``im.reduce(factor)``, in ``im``'s mode (a palette image comes
    back as RGBA). Returns None when the PNG is not one this module can decode in bands.
    """
    layout = _layout(im)
    if layout is None or factor < 2:
        return None
    rawmode, offset = layout
    width, height = im.size
    stride = 1 + width * _BYTES_PER_PIXEL[rawmode]
    rows = max(1, BAND_BYTES // stride // factor) * factor
    out: Image.Image | None = None
    above = b""
    top = 0
    for band_rows in _bands(_inflate(fh, offset), stride, rows, height):
        count = len(band_rows) // stride
        band, above = _decode_band(im, rawmode, above, band_rows, width, count)
        small = band.reduce(factor)
        if out is None:
            out = Image.new(small.mode, (-(-width // factor), -(-height // factor)))
        out.paste(small, (0, top // factor))
        top += count
    if top != height or out is None:
        raise ValueError(f"PNG data ends after {top} of {height} rows")
    return out


def _layout(im: Image.Image) -> tuple[str, int] | None:
    """The raw mode and first IDAT data offset of a PNG this module can decode, or None."""
    if not isinstance(im, ImageFile.ImageFile) or im.format != "PNG":
        return None
    if getattr(im, "is_animated", False) or im.info.get("interlace"):
        return None
    if len(im.tile) != 1:
        return None
    codec, _extents, offset, args = im.tile[0]
    rawmode = args if isinstance(args, str) else args[0] if args else None
    if codec != "zip" or rawmode not in _BYTES_PER_PIXEL or rawmode != im.mode:
        return None
    return rawmode, offset


def _inflate(fh: IO[bytes], offset: int) -> Iterator[bytes]:
    """The inflated bytes of the IDAT chunks that start at ``offset`` (chunk data), in pieces."""
    fh.seek(offset - 8)
    inflater = zlib.decompressobj()
    while True:
        header = fh.read(8)
        if len(header) < 8:
            break
        length, kind = struct.unpack(">I4s", header)
        if kind != b"IDAT":
            break
        left = length
        while left:
            piece = fh.read(min(left, _READ))
            if not piece:
                raise ValueError("PNG data is cut short")
            left -= len(piece)
            while piece:
                yield inflater.decompress(piece, BAND_BYTES)
                piece = inflater.unconsumed_tail
        fh.seek(4, 1)  # the chunk's CRC (zlib's own checksum guards the data)
    yield inflater.flush()


def _bands(pieces: Iterable[bytes], stride: int, rows: int, height: int) -> Iterator[bytes]:
    """Group inflated pieces into bands of ``rows`` whole scanlines (the last may be short)."""
    wanted = stride * rows
    buffer = bytearray()
    left = height
    for piece in pieces:
        buffer += piece
        while len(buffer) >= min(wanted, stride * left) and left > 0:
            take = min(wanted, stride * left)
            yield bytes(buffer[:take])
            del buffer[:take]
            left -= take // stride


def _decode_band(
    im: Image.Image, rawmode: str, above: bytes, band: bytes, width: int, count: int
) -> tuple[Image.Image, bytes]:
    """Unfilter one band; returns it (palette expanded) and its last row, unfiltered."""
    lead = b"\0" + above if above else b""
    rows = count + (1 if above else 0)
    data = zlib.compress(lead + band, 0)
    decoded = Image.frombytes(rawmode, (width, rows), data, "zip", rawmode)
    if above:
        decoded = decoded.crop((0, 1, width, rows))
    last = decoded.crop((0, count - 1, width, count)).tobytes("raw", rawmode)
    if rawmode == "P":
        palette = im.palette
        if palette is not None:
            palette_mode, colours = palette.getdata()
            decoded.putpalette(colours, palette_mode)
        if "transparency" in im.info:
            decoded.info["transparency"] = im.info["transparency"]
        decoded = decoded.convert("RGBA")
    return decoded, last


def png_orientation(fh: IO[bytes]) -> int | None:
    """The EXIF orientation in a PNG's eXIf chunk, found by skipping chunks, not decoding.

    (Pillow's ``getexif`` decodes the whole picture first, as the chunk may follow the data.)
    """
    fh.seek(8)
    while len(header := fh.read(8)) == 8:
        length, kind = struct.unpack(">I4s", header)
        if kind == b"eXIf":
            exif = Image.Exif()
            exif.load(fh.read(length))
            value = exif.get(_ORIENTATION_TAG)
            return value if isinstance(value, int) else None
        if kind == b"IEND":
            break
        fh.seek(length + 4, 1)
    return None

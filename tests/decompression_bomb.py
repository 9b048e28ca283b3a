"""Image files that tests hand to the main scripts."""

from __future__ import annotations

import struct
import zlib
from pathlib import Path


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)


def write_bomb_png(path: Path, width: int = 30000, height: int = 30000, rows: int = 64) -> Path:
    """A decompression bomb: a PNG whose header declares width x height 8-bit gray pixels, all zero.

    Only the first `rows` rows are stored (a few KB, written in milliseconds): the pixel limit must be
    checked from the header, before anything is decoded, so a loader that decoded first would report a
    truncated file instead of the size, and fail the test. A reader that decoded a whole 30000x30000 one
    would need 900 MB for the gray pixels alone.
    """
    compressor = zlib.compressobj(9)
    row = bytes(width + 1)  # filter byte 0, then the row's pixels
    body = b"".join(compressor.compress(row) for _ in range(min(rows, height))) + compressor.flush()
    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)  # 8-bit grayscale, no interlace
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + _chunk(b"IHDR", header) + _chunk(b"IDAT", body) + _chunk(b"IEND", b""))
    return path

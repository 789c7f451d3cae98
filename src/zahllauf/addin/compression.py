"""MS-OVBA compression (section 2.4.1): the LZ77 variant that stores VBA module source.

A compressed container is one signature byte (0x01) followed by chunks; each chunk holds at
most 4096 decompressed bytes and starts with a two-byte header (size, signature 0b011, flag).
Inside a compressed chunk, a flag byte announces eight tokens: a literal byte (bit 0) or a
two-byte copy token (bit 1) that repeats earlier bytes of the same chunk.

Written from the specification rather than taken from PyPI: ``ms-ovba-compression`` 1.0.1
computes the copy token's maximum length with a precedence error (see the test that shows
it in ``tests/test_addin_ovba.py``).
"""

from __future__ import annotations

import struct

__all__ = ["CompressionError", "compress", "decompress"]

CHUNK_SIZE = 4096
_SIGNATURE = 0x01
_MIN_MATCH = 3
# 2.4.1.1.5: CompressedChunkSize is stored minus 3 in 12 bits, so a chunk (header included)
# is at most 4098 bytes: 2 header bytes and 4096 data bytes.
_MAX_CHUNK_DATA = 4096


class CompressionError(ValueError):
    """The data is no valid MS-OVBA compressed container, or cannot be written as one."""


def _copy_token_layout(difference: int) -> tuple[int, int]:
    """Return ``(bit_count, maximum_length)`` for a copy token (2.4.1.3.19.1).

    ``difference`` is the number of bytes already decompressed in the current chunk.
    The offset takes ``bit_count`` bits (at least 4), the length the remaining bits.
    """
    bit_count = max((difference - 1).bit_length(), 4)
    maximum_length = (0xFFFF >> bit_count) + 3
    return bit_count, maximum_length


def _longest_match(
    chunk: bytes, pos: int, candidates: list[int], maximum_length: int
) -> tuple[int, int]:
    """Return ``(offset, length)`` of the longest earlier match at ``pos`` (2.4.1.3.19.4).

    Matches may overlap the current position, as the decompressor copies byte by byte.
    Among equally long matches the nearest wins, which keeps offsets small.
    """
    best_length, best_offset = 0, 0
    limit = min(maximum_length, len(chunk) - pos)
    for start in reversed(candidates):
        length = 0
        while length < limit and chunk[start + length] == chunk[pos + length]:
            length += 1
        if length > best_length:
            best_length, best_offset = length, pos - start
            if length == limit:
                break
    return best_offset, best_length


class _History:
    """Positions of every three-byte prefix seen so far in a chunk, for match search."""

    def __init__(self, chunk: bytes) -> None:
        self.chunk = chunk
        self.seen: dict[bytes, list[int]] = {}
        self.indexed = 0

    def candidates(self, pos: int) -> list[int]:
        return self.seen.get(self.chunk[pos : pos + _MIN_MATCH], [])

    def advance(self, upto: int) -> None:
        """Index every position before ``upto``."""
        for start in range(self.indexed, upto):
            if start + _MIN_MATCH <= len(self.chunk):
                prefix = self.chunk[start : start + _MIN_MATCH]
                self.seen.setdefault(prefix, []).append(start)
        self.indexed = max(self.indexed, upto)


def _compress_tokens(chunk: bytes) -> bytes:
    """Compress one chunk's bytes into flag bytes and tokens (2.4.1.3.7)."""
    out = bytearray()
    history = _History(chunk)
    pos = 0
    while pos < len(chunk):
        flag_index = len(out)
        out.append(0)
        for bit in range(8):
            if pos >= len(chunk):
                break
            bit_count, maximum_length = _copy_token_layout(pos)
            offset, length = _longest_match(chunk, pos, history.candidates(pos), maximum_length)
            if length >= _MIN_MATCH:
                token = ((offset - 1) << (16 - bit_count)) | (length - _MIN_MATCH)
                out += struct.pack("<H", token)
                out[flag_index] |= 1 << bit
            else:
                out.append(chunk[pos])
                length = 1
            pos += length
            history.advance(pos)
    return bytes(out)


def _compress_chunk(chunk: bytes) -> bytes:
    """One CompressedChunk: header plus compressed tokens, or raw bytes when shorter."""
    tokens = _compress_tokens(chunk)
    if len(tokens) <= _MAX_CHUNK_DATA:
        header = 0xB000 | (len(tokens) + 2 - 3)
        return struct.pack("<H", header) + tokens
    if len(chunk) != CHUNK_SIZE:
        # A raw chunk always decompresses to exactly 4096 bytes (2.4.1.3.3), so a short
        # last chunk that does not compress cannot be stored without adding bytes.
        raise CompressionError(f"last chunk of {len(chunk)} bytes does not compress")
    return struct.pack("<H", 0x3000 | (CHUNK_SIZE + 2 - 3)) + chunk


def compress(data: bytes) -> bytes:
    """Compress ``data`` into an MS-OVBA CompressedContainer (2.4.1.3.6).

    >>> decompress(compress(b"abcabcabcabc")) == b"abcabcabcabc"
    True
    """
    out = bytearray([_SIGNATURE])
    for start in range(0, len(data), CHUNK_SIZE):
        out += _compress_chunk(data[start : start + CHUNK_SIZE])
    return bytes(out)


def _decompress_tokens(data: bytes, start: int, end: int) -> bytes:
    """Decompress the token sequence ``data[start:end]`` of one chunk (2.4.1.3.4)."""
    out = bytearray()
    pos = start
    while pos < end:
        flags = data[pos]
        pos += 1
        for bit in range(8):
            if pos >= end:
                break
            if not flags & (1 << bit):
                out.append(data[pos])
                pos += 1
                continue
            if pos + 2 > end or not out:
                raise CompressionError(f"copy token at chunk offset {pos} is invalid")
            (token,) = struct.unpack_from("<H", data, pos)
            pos += 2
            bit_count, _ = _copy_token_layout(len(out))
            offset = (token >> (16 - bit_count)) + 1
            length = (token & (0xFFFF >> bit_count)) + _MIN_MATCH
            if offset > len(out):
                raise CompressionError("copy token reaches before the chunk start")
            for _ in range(length):
                out.append(out[-offset])
    return bytes(out)


def decompress(data: bytes) -> bytes:
    """Decompress an MS-OVBA CompressedContainer (2.4.1.3.1)."""
    if not data or data[0] != _SIGNATURE:
        raise CompressionError("signature byte 0x01 missing")
    out = bytearray()
    pos = 1
    while pos < len(data):
        if pos + 2 > len(data):
            raise CompressionError(f"truncated chunk header at {pos}")
        (header,) = struct.unpack_from("<H", data, pos)
        if (header >> 12) & 0b0111 != 0b011:
            raise CompressionError(f"chunk signature invalid at {pos}")
        end = min(pos + (header & 0x0FFF) + 3, len(data))
        if header & 0x8000:
            out += _decompress_tokens(data, pos + 2, end)
        else:
            out += data[pos + 2 : pos + 2 + CHUNK_SIZE]
        pos = end
    return bytes(out)

"""The MS-OVBA building blocks: compression, compound file, PROJECT stream encryption.

olevba (oletools) and olefile are the independent readers: what zahllauf writes must come
back out of them unchanged.
"""

from __future__ import annotations

import io
import random
import struct
from pathlib import Path

import olefile
import pytest
from oletools.olevba import decompress_stream

from zahllauf.addin.cfb import Storage, write_compound_file
from zahllauf.addin.compression import CompressionError, _copy_token_layout, compress, decompress
from zahllauf.addin.sources import xlwings_module
from zahllauf.addin.vbaproject import encrypt_project_data

RED, BLACK = 0, 1  # MS-CFB 2.6.1 colour flags


def _text_without_repeats(size: int) -> bytes:
    rng = random.Random(7)
    return bytes(rng.randrange(32, 127) for _ in range(size))


COMPRESSION_CASES = [
    (b"", "empty source: the container is the signature byte alone"),
    (b"a", "one literal"),
    (b"abcabcabcabc", "overlapping copy token within the first 16 bytes"),
    (b"x" * 5000, "run longer than a chunk: copy tokens at maximum length, two chunks"),
    (b"Sub A()\r\nEnd Sub\r\n" * 600, "repetitive VBA source over several chunks"),
    (_text_without_repeats(4096) * 2, "incompressible full chunks are stored raw"),
    (_text_without_repeats(3000), "incompressible short last chunk still fits compressed"),
    (bytes(range(256)) * 20, "all byte values, offsets up to 4095"),
]


@pytest.mark.parametrize(("data", "reason"), COMPRESSION_CASES)
def test_compression_round_trips_through_olevba(data: bytes, reason: str) -> None:
    packed = compress(data)
    assert bytes(decompress_stream(bytearray(packed))) == data, reason
    assert decompress(packed) == data, reason


def test_xlwings_module_compresses_and_round_trips() -> None:
    source = xlwings_module().stored_bytes()
    packed = compress(source)
    assert len(packed) < len(source) // 2  # text compresses well; a broken matcher would not
    assert bytes(decompress_stream(bytearray(packed))) == source


# MS-OVBA 2.4.1.3.19.1: bit_count = max(ceil(log2(difference)), 4) and
# maximum_length = (0xFFFF >> bit_count) + 3.
COPY_TOKEN_CASES = [
    (1, 4, 4098, "smallest difference: 4 offset bits, 12 length bits"),
    (16, 4, 4098, "still 4 bits up to 16 decompressed bytes"),
    (17, 5, 2050, "one more offset bit from 17 on"),
    (4096, 12, 18, "end of a chunk: 12 offset bits leave 4 for the length"),
    # ms-ovba-compression 1.0.1 writes `0xFFFF >> bit_count + 3`, i.e. 0xFFFF >> 7 = 511
    # here: its tokens then disagree with every decompressor once a run passes 511 bytes.
    (5, 4, 4098, "regression for the precedence error in ms-ovba-compression (511 there)"),
]


@pytest.mark.parametrize(("difference", "bits", "maximum", "reason"), COPY_TOKEN_CASES)
def test_copy_token_layout_follows_the_spec(
    difference: int, bits: int, maximum: int, reason: str
) -> None:
    assert _copy_token_layout(difference) == (bits, maximum), reason


def test_long_run_uses_one_token_longer_than_511_bytes() -> None:
    packed = compress(b"y" * 2000)
    # signature, chunk header, flag byte, literal 'y', one copy token of 1999 bytes
    assert len(packed) == 1 + 2 + 1 + 1 + 2
    (token,) = struct.unpack_from("<H", packed, 5)
    assert (token & 0x0FFF) + 3 == 1999


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"", "no signature byte"),
        (b"\x02\x00\x00", "wrong signature byte"),
        (b"\x01\x00\x00", "chunk signature bits are not 0b011"),
    ],
)
def test_decompress_rejects_invalid_containers(data: bytes, reason: str) -> None:
    with pytest.raises(CompressionError):
        decompress(data)


def _check_red_black(ole: olefile.OleFileIO, sid: int) -> int:
    """Return the black height below ``sid``; fail on a red-black or order violation."""
    if sid == olefile.NOSTREAM:
        return 1
    entry = ole.direntries[sid]
    for child in (entry.sid_left, entry.sid_right):
        if entry.color == RED and child != olefile.NOSTREAM:
            assert ole.direntries[child].color == BLACK, "red node with red child"
    left, right = _check_red_black(ole, entry.sid_left), _check_red_black(ole, entry.sid_right)
    assert left == right, "unequal black height"
    return left + (entry.color == BLACK)


@pytest.mark.parametrize("count", [1, 2, 3, 4, 5, 7, 8, 12, 31, 40])
def test_compound_file_tree_is_red_black_and_readable(tmp_path: Path, count: int) -> None:
    streams = {f"s{i:02d}{'x' * (i % 5)}": bytes([i]) * (i * 37 + 1) for i in range(count)}
    path = tmp_path / "t.bin"
    path.write_bytes(write_compound_file(Storage(streams=streams)))
    ole = olefile.OleFileIO(str(path), raise_defects=olefile.DEFECT_INCORRECT)
    for name, data in streams.items():
        assert ole.openstream(name).read() == data
    root = ole.direntries[0]
    assert ole.direntries[root.sid_child].color == BLACK
    _check_red_black(ole, root.sid_child)


def test_compound_file_holds_big_and_small_streams_in_storages() -> None:
    big = _text_without_repeats(70_000)
    root = Storage(
        streams={"PROJECT": b"small"},
        storages={"VBA": Storage(streams={"big": big, "dir": b"\x01" * 4095, "e": b"12"})},
    )
    ole = olefile.OleFileIO(io.BytesIO(write_compound_file(root)))
    assert ole.openstream("VBA/big").read() == big, "regular sectors (>= 4096 bytes)"
    assert ole.openstream("VBA/dir").read() == b"\x01" * 4095, "mini stream, just below cutoff"
    assert ole.openstream("PROJECT").read() == b"small"
    assert ole.openstream("VBA/e").read() == b"12"


def _decrypt(hex_text: str, project_id: str) -> tuple[int, int, bytes]:
    """MS-OVBA 2.4.3.3 written out independently: (version, project key, data)."""
    raw = bytes.fromhex(hex_text)
    seed, version_enc, key_enc = raw[0], raw[1], raw[2]
    unencrypted_1, encrypted_1, encrypted_2 = seed ^ key_enc, key_enc, version_enc
    plain = bytearray()
    for byte in raw[3:]:
        clear = byte ^ ((encrypted_2 + unencrypted_1) & 0xFF)
        plain.append(clear)
        encrypted_2, encrypted_1, unencrypted_1 = encrypted_1, byte, clear
    ignored = (seed & 6) // 2
    (length,) = struct.unpack_from("<I", plain, ignored)
    data = bytes(plain[ignored + 4 : ignored + 4 + length])
    assert len(plain) == ignored + 4 + length
    assert sum(project_id.encode()) & 0xFF == seed ^ key_enc
    return seed ^ version_enc, seed ^ key_enc, data


def test_decryptor_reads_the_official_xlwings_template() -> None:
    # Known-good values from xlwings' own quickstart add-in: unlocked, no password, visible.
    pid = "{318BEE36-5BE1-492A-826D-473DB19B0F30}"
    assert _decrypt("5D5F8AADDAA8DEA8DEA8DEA8DE", pid)[2] == bytes(4)
    assert _decrypt("5D5F8AADDAADDBADDB52", pid)[2] == b"\xff"


@pytest.mark.parametrize(
    ("data", "seed", "reason"),
    [
        (bytes(4), 0x35, "CMG: protection state 0, two ignored bytes"),
        (bytes(1), 0x37, "DPB: no password, three ignored bytes"),
        (b"\xff", 0x39, "GC: visible, no ignored bytes"),
        (b"\x01\x02\x03", 0x00, "seed 0"),
    ],
)
def test_project_data_encryption_round_trips(data: bytes, seed: int, reason: str) -> None:
    pid = "{A7FE82D1-BC06-90C7-A9A5-D6366684AD9A}"
    version, _, plain = _decrypt(encrypt_project_data(pid, data, seed), pid)
    assert (version, plain) == (2, data), reason

"""A small writer for compound files (MS-CFB, version 3), enough for a vbaProject.bin.

Written here instead of depending on a package: the VBA project is a handful of small
streams in one storage, and ``olefile`` (which reads, but cannot write, compound files)
checks the result in the tests. Limits: no DIFAT sectors (files up to about 6.8 MB) and
names of at most 31 characters.
"""

from __future__ import annotations

import struct
from dataclasses import dataclass, field

__all__ = ["Storage", "write_compound_file"]

_SECTOR = 512
_MINI_SECTOR = 64
_MINI_CUTOFF = 4096
_ENTRY = 128
_FREE, _END_OF_CHAIN, _FAT_SECTOR, _NO_STREAM = 0xFFFFFFFF, 0xFFFFFFFE, 0xFFFFFFFD, 0xFFFFFFFF
_HEADER_DIFAT = 109
_STORAGE, _STREAM, _ROOT = 1, 2, 5
_RED, _BLACK = 0, 1
_SIGNATURE = bytes.fromhex("D0CF11E0A1B11AE1")


@dataclass
class Storage:
    """A storage: named streams (bytes) and named sub-storages, in any order."""

    streams: dict[str, bytes] = field(default_factory=dict)
    storages: dict[str, Storage] = field(default_factory=dict)


@dataclass
class _Entry:
    name: str
    kind: int
    data: bytes = b""
    children: list[int] = field(default_factory=list)
    left: int = _NO_STREAM
    right: int = _NO_STREAM
    child: int = _NO_STREAM
    color: int = _BLACK
    start: int = _END_OF_CHAIN
    size: int = 0


def _sort_key(name: str) -> tuple[int, str]:
    """Directory order (MS-CFB 2.6.4): shorter names first, then by upper-cased name."""
    return len(name), name.upper()


def _flatten(root: Storage) -> list[_Entry]:
    """List every entry, the root first; storages record their children's indexes."""
    entries = [_Entry("Root Entry", _ROOT)]
    pending = [(0, root)]
    while pending:
        index, storage = pending.pop()
        for name, data in storage.streams.items():
            entries[index].children.append(len(entries))
            entries.append(_Entry(name, _STREAM, data=data))
        for name, sub in storage.storages.items():
            entries[index].children.append(len(entries))
            pending.append((len(entries), sub))
            entries.append(_Entry(name, _STORAGE, start=0))
    return entries


def _link_tree(entries: list[_Entry], members: list[int], depth: int, last_full: int) -> int:
    """Link ``members`` (sorted) as a balanced red-black tree; return the root's index.

    Splitting at the middle fills every level but the deepest one; nodes on that level are
    red when it is incomplete, so every path holds the same number of black nodes.
    """
    if not members:
        return _NO_STREAM
    middle = len(members) // 2
    node = entries[members[middle]]
    node.color = _RED if depth > last_full else _BLACK
    node.left = _link_tree(entries, members[:middle], depth + 1, last_full)
    node.right = _link_tree(entries, members[middle + 1 :], depth + 1, last_full)
    return members[middle]


def _link_children(entries: list[_Entry]) -> None:
    for entry in entries:
        members = sorted(entry.children, key=lambda i: _sort_key(entries[i].name))
        # Depth of the last completely filled level of a tree with len(members) nodes.
        last_full = (len(members) + 1).bit_length() - 2
        entry.child = _link_tree(entries, members, 0, last_full)


class _Sectors:
    """The file body as a list of sectors and the FAT that chains them."""

    def __init__(self) -> None:
        self.data = bytearray()
        self.fat: list[int] = []

    def add_chain(self, payload: bytes) -> int:
        """Append ``payload`` padded to whole sectors; return the first sector number."""
        if not payload:
            return _END_OF_CHAIN
        count = -(-len(payload) // _SECTOR)
        first = len(self.fat)
        self.fat += [first + i + 1 for i in range(count - 1)] + [_END_OF_CHAIN]
        self.data += payload.ljust(count * _SECTOR, b"\0")
        return first


def _mini_stream(entries: list[_Entry]) -> tuple[bytes, list[int]]:
    """Place small streams in the mini stream; return it and its mini FAT."""
    mini = bytearray()
    minifat: list[int] = []
    for entry in entries:
        if entry.kind != _STREAM or not entry.data or len(entry.data) >= _MINI_CUTOFF:
            continue
        count = -(-len(entry.data) // _MINI_SECTOR)
        entry.start = len(minifat)
        minifat += [entry.start + i + 1 for i in range(count)]
        minifat[-1] = _END_OF_CHAIN
        mini += entry.data.ljust(count * _MINI_SECTOR, b"\0")
    return bytes(mini), minifat


def _pack_entry(entry: _Entry | None) -> bytes:
    if entry is None:
        return (
            b"\0" * 64
            + struct.pack("<HBB3I", 0, 0, 0, _NO_STREAM, _NO_STREAM, _NO_STREAM)
            + (b"\0" * 16 + b"\0" * 4 + b"\0" * 16 + struct.pack("<IQ", 0, 0))
        )
    name = entry.name.encode("utf-16-le") + b"\0\0"
    head = name.ljust(64, b"\0") + struct.pack(
        "<HBB3I", len(name), entry.kind, entry.color, entry.left, entry.right, entry.child
    )
    return head + b"\0" * 36 + struct.pack("<IQ", entry.start, entry.size)


def _fat_sector_count(body_sectors: int) -> int:
    """Number of FAT sectors needed when they must also describe themselves."""
    per_sector = _SECTOR // 4
    count = 1
    while count * per_sector < body_sectors + count:
        count += 1
    return count


def _header(fat_sectors: list[int], directory: int, minifat: int, minifat_count: int) -> bytes:
    if len(fat_sectors) > _HEADER_DIFAT:
        raise ValueError("compound file too large for a header-only DIFAT")
    difat = fat_sectors + [_FREE] * (_HEADER_DIFAT - len(fat_sectors))
    return (
        _SIGNATURE
        + b"\0" * 16
        + struct.pack("<HHHHH", 0x003E, 0x0003, 0xFFFE, 9, 6)
        + b"\0" * 6
        + struct.pack("<II", 0, len(fat_sectors))
        + struct.pack("<II", directory, 0)
        + struct.pack("<I", _MINI_CUTOFF)
        + struct.pack("<II", minifat, minifat_count)
        + struct.pack("<II", _END_OF_CHAIN, 0)
        + struct.pack("<109I", *difat)
    )


def write_compound_file(root: Storage) -> bytes:
    """Serialise ``root`` as a version-3 compound file (512-byte sectors)."""
    entries = _flatten(root)
    for entry in entries:
        if len(entry.name) > 31:
            raise ValueError(f"name too long for a compound file: {entry.name!r}")
    _link_children(entries)
    sectors = _Sectors()
    for entry in entries:
        entry.size = len(entry.data)
        if entry.kind == _STREAM and entry.size >= _MINI_CUTOFF:
            entry.start = sectors.add_chain(entry.data)
    mini, minifat = _mini_stream(entries)
    entries[0].start = sectors.add_chain(mini)
    entries[0].size = len(mini)
    minifat_start = sectors.add_chain(struct.pack(f"<{len(minifat)}I", *minifat))
    minifat_count = -(-len(minifat) * 4 // _SECTOR)
    padded = entries + [None] * (-len(entries) % (_SECTOR // _ENTRY))
    directory = sectors.add_chain(b"".join(_pack_entry(e) for e in padded))
    fat_count = _fat_sector_count(len(sectors.fat))
    fat_sectors = list(range(len(sectors.fat), len(sectors.fat) + fat_count))
    sectors.fat += [_FAT_SECTOR] * fat_count
    table = sectors.fat + [_FREE] * (fat_count * _SECTOR // 4 - len(sectors.fat))
    body = bytes(sectors.data) + struct.pack(f"<{len(table)}I", *table)
    return _header(fat_sectors, directory, minifat_start, minifat_count) + body

"""Write a VBA project (``vbaProject.bin``) from module source text, per MS-OVBA.

The project holds source only: the ``_VBA_PROJECT`` stream carries version 0xFFFF and no
performance cache, and every module's source starts at offset 0 of its stream (MS-OVBA
2.3.4.1 and 2.3.4.3). Office compiles such a project when it opens it; the official xlwings
add-ins ship in this form.
"""

from __future__ import annotations

import enum
import hashlib
import struct
import uuid
from collections.abc import Sequence
from dataclasses import dataclass

from zahllauf.addin.cfb import Storage, write_compound_file
from zahllauf.addin.compression import compress

__all__ = ["ModuleKind", "VbaModule", "build_vba_project", "encrypt_project_data"]

CODEPAGE = 1252
_ENCODING = "cp1252"
_LCID = 0x0409
# Reserved fields as Office writes them: Reserved1 0x61CC, version 0xFFFF (no cache).
_VBA_PROJECT_STREAM = bytes.fromhex("cc61ffff000100")
_HOST_EXTENDER = "&H00000001={3832D640-CF90-11CF-8E43-00A0C911005A};VBE;&H00000000"
_REFERENCES = (
    (
        "stdole",
        "*\\G{00020430-0000-0000-C000-000000000046}#2.0#0#"
        "C:\\Windows\\System32\\stdole2.tlb#OLE Automation",
    ),
    (
        "Office",
        "*\\G{2DF8D04C-5BFA-101B-BDE5-00AA0044DE52}#2.0#0#"
        "C:\\Program Files\\Common Files\\Microsoft Shared\\OFFICE16\\MSO.DLL#"
        "Microsoft Office 16.0 Object Library",
    ),
)


class ModuleKind(enum.Enum):
    """How the PROJECT stream lists a module and which type record the dir stream gets."""

    STANDARD = "Module"
    CLASS = "Class"
    DOCUMENT = "Document"


@dataclass(frozen=True)
class VbaModule:
    """One module: its name and the source text as VBA stores it (attribute lines included)."""

    name: str
    source: str
    kind: ModuleKind = ModuleKind.STANDARD

    def stored_bytes(self) -> bytes:
        """Source with CRLF line ends in the project's code page."""
        lines = self.source.replace("\r\n", "\n").split("\n")
        return "\r\n".join(lines).encode(_ENCODING)


def _record(record_id: int, payload: bytes) -> bytes:
    return struct.pack("<HI", record_id, len(payload)) + payload


def _text_records(record_id: int, unicode_id: int, text: str) -> bytes:
    """A text record in the code page followed by its UTF-16 twin."""
    return _record(record_id, text.encode(_ENCODING)) + _record(
        unicode_id, text.encode("utf-16-le")
    )


def _information_records(project_name: str) -> bytes:
    """PROJECTINFORMATION (2.3.4.2.1)."""
    return b"".join(
        (
            _record(0x0001, struct.pack("<I", 1)),  # SYSKIND: 32-bit Windows, as Office writes
            _record(0x0002, struct.pack("<I", _LCID)),
            _record(0x0014, struct.pack("<I", _LCID)),
            _record(0x0003, struct.pack("<H", CODEPAGE)),
            _record(0x0004, project_name.encode(_ENCODING)),
            _text_records(0x0005, 0x0040, ""),
            _text_records(0x0006, 0x003D, ""),
            _record(0x0007, struct.pack("<I", 0)),
            _record(0x0008, struct.pack("<I", 0)),
            # PROJECTVERSION has a fixed layout: Reserved (4) = 4, major (4), minor (2).
            struct.pack("<HIIH", 0x0009, 4, 1, 0),
            _text_records(0x000C, 0x003C, ""),
        )
    )


def _reference_records() -> bytes:
    """PROJECTREFERENCES (2.3.4.2.2): OLE Automation and the Office library, registered."""
    out = bytearray()
    for name, libid in _REFERENCES:
        out += _text_records(0x0016, 0x003E, name)
        encoded = libid.encode(_ENCODING)
        body = struct.pack("<I", len(encoded)) + encoded + struct.pack("<IH", 0, 0)
        out += _record(0x000D, body)
    return bytes(out)


def _module_records(module: VbaModule) -> bytes:
    """One MODULE record group (2.3.4.2.3.2) with source offset 0."""
    type_id = 0x0021 if module.kind is ModuleKind.STANDARD else 0x0022
    return b"".join(
        (
            _record(0x0019, module.name.encode(_ENCODING)),
            _record(0x0047, module.name.encode("utf-16-le")),
            _text_records(0x001A, 0x0032, module.name),
            _text_records(0x001C, 0x0048, ""),
            _record(0x0031, struct.pack("<I", 0)),
            _record(0x001E, struct.pack("<I", 0)),
            _record(0x002C, struct.pack("<H", 0xFFFF)),
            _record(type_id, b""),
            _record(0x002B, b""),
        )
    )


def dir_stream(project_name: str, modules: Sequence[VbaModule]) -> bytes:
    """The uncompressed ``dir`` stream (2.3.4.2)."""
    return b"".join(
        (
            _information_records(project_name),
            _reference_records(),
            _record(0x000F, struct.pack("<H", len(modules))),
            _record(0x0013, struct.pack("<H", 0xFFFF)),
            *(_module_records(m) for m in modules),
            _record(0x0010, b""),
        )
    )


def _keystream_encrypt(seed: int, project_key: int, version_enc: int, plain: bytes) -> bytes:
    """The byte chain of 2.4.3.2: each byte is XORed with the sum of two earlier bytes."""
    unencrypted_1, encrypted_1, encrypted_2 = project_key, seed ^ project_key, version_enc
    out = bytearray()
    for byte in plain:
        encrypted = byte ^ ((encrypted_2 + unencrypted_1) & 0xFF)
        out.append(encrypted)
        encrypted_2, encrypted_1, unencrypted_1 = encrypted_1, encrypted, byte
    return bytes(out)


def encrypt_project_data(project_id: str, data: bytes, seed: int) -> str:
    """Data Encryption (2.4.3.2) as used by CMG, DPB and GC; returns upper-case hex.

    The seed and the ignored bytes only obscure the data, so a fixed seed keeps builds
    reproducible.
    """
    project_key = sum(project_id.encode(_ENCODING)) & 0xFF
    version_enc = seed ^ 2
    ignored = bytes([0x07]) * ((seed & 6) // 2)
    plain = ignored + struct.pack("<I", len(data)) + data
    encrypted = _keystream_encrypt(seed, project_key, version_enc, plain)
    header = bytes([seed, version_enc, seed ^ project_key])
    return (header + encrypted).hex().upper()


def project_id(project_name: str) -> str:
    """A stable project GUID, so that the same sources give the same file."""
    digest = hashlib.sha1(project_name.encode("utf-8")).digest()[:16]
    return "{" + str(uuid.UUID(bytes=digest)).upper() + "}"


def project_stream(project_name: str, modules: Sequence[VbaModule]) -> bytes:
    """The PROJECT stream (2.3.1): module list, name and unprotected, visible state."""
    pid = project_id(project_name)
    protection = encrypt_project_data(pid, bytes(4), 0x35)  # not locked
    password = encrypt_project_data(pid, bytes(1), 0x37)  # no password
    visibility = encrypt_project_data(pid, bytes([0xFF]), 0x39)  # visible
    lines = [f'ID="{pid}"']
    for module in modules:
        suffix = "/&H00000000" if module.kind is ModuleKind.DOCUMENT else ""
        lines.append(f"{module.kind.value}={module.name}{suffix}")
    lines += [
        f'Name="{project_name}"',
        'HelpContextID="0"',
        'VersionCompatible32="393222000"',
        f'CMG="{protection}"',
        f'DPB="{password}"',
        f'GC="{visibility}"',
        "",
        "[Host Extender Info]",
        _HOST_EXTENDER,
        "",
        "[Workspace]",
        *(f"{m.name}=0, 0, 0, 0, C" for m in modules),
        "",
    ]
    return "\r\n".join(lines).encode(_ENCODING)


def projectwm_stream(modules: Sequence[VbaModule]) -> bytes:
    """PROJECTwm (2.3.3): each module name in the code page and in UTF-16."""
    out = bytearray()
    for module in modules:
        out += module.name.encode(_ENCODING) + b"\0"
        out += module.name.encode("utf-16-le") + b"\0\0"
    return bytes(out + b"\0\0")


def build_vba_project(project_name: str, modules: Sequence[VbaModule]) -> bytes:
    """Build the compound file ``vbaProject.bin`` holding ``modules``."""
    names = [m.name.upper() for m in modules]
    if len(set(names)) != len(names):
        raise ValueError("module names must be unique (VBA ignores case)")
    vba = Storage(
        streams={
            "_VBA_PROJECT": _VBA_PROJECT_STREAM,
            "dir": compress(dir_stream(project_name, modules)),
            **{m.name: compress(m.stored_bytes()) for m in modules},
        }
    )
    root = Storage(
        streams={
            "PROJECT": project_stream(project_name, modules),
            "PROJECTwm": projectwm_stream(modules),
        },
        storages={"VBA": vba},
    )
    return write_compound_file(root)

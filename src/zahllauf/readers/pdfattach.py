"""Every file embedded in a PDF, whatever its name or where it hangs.

PDF/A-3 hybrids (ZUGFeRD, Factur-X) put the XML into the document's ``EmbeddedFiles``
name tree; some producers attach it to a page as a ``FileAttachment`` annotation
instead. Both are listed; a broken PDF lists nothing.
"""

from __future__ import annotations

import io
import logging
from collections.abc import Iterator
from typing import Any

from pypdf import PdfReader
from pypdf.errors import PyPdfError

from zahllauf.readers.xmlsafe import MAX_XML_BYTES

log = logging.getLogger(__name__)

#: Embedded files above this size are not looked at (an e-invoice XML is far smaller).
MAX_ATTACHMENT_BYTES = MAX_XML_BYTES


def embedded_files(pdf: bytes) -> Iterator[tuple[str, bytes]]:
    """``(name, data)`` of each embedded file: the name tree first, then page annotations."""
    try:
        reader = PdfReader(io.BytesIO(pdf), strict=False)
        found = list(_name_tree(reader)) + list(_annotations(reader))
    except (PyPdfError, ValueError, KeyError, TypeError, AttributeError, OSError) as error:
        log.warning("PDF attachments not readable: %s", type(error).__name__)
        return
    for name, data in found:
        if len(data) <= MAX_ATTACHMENT_BYTES:
            yield name, data
        else:
            log.warning("embedded file %r skipped: %d bytes", name, len(data))


def _name_tree(reader: PdfReader) -> Iterator[tuple[str, bytes]]:
    for name, contents in reader.attachments.items():
        for data in contents:
            yield name, data


def _annotations(reader: PdfReader) -> Iterator[tuple[str, bytes]]:
    for page in reader.pages:
        for annotation in _resolved(page.get("/Annots")) or []:
            annotation = _resolved(annotation)
            if annotation.get("/Subtype") != "/FileAttachment":
                continue
            spec = _resolved(annotation.get("/FS"))
            data = _spec_data(spec)
            if data is not None:
                yield str(spec.get("/UF") or spec.get("/F") or ""), data


def _spec_data(spec: Any) -> bytes | None:
    if spec is None:
        return None
    files = _resolved(spec.get("/EF"))
    if files is None:
        return None
    stream = _resolved(files.get("/UF") or files.get("/F"))
    return None if stream is None else bytes(stream.get_data())


def _resolved(value: Any) -> Any:
    return value.get_object() if hasattr(value, "get_object") else value

"""Readers turn one document's bytes into an :class:`~zahllauf.model.Invoice`.

Structured data wins: a PDF with an embedded e-invoice is read from its XML, and its
visible text is only compared against it. A file no reader understands becomes an
``UNREADABLE`` invoice with a finding, never an exception.
"""

from zahllauf.readers.dispatch import Reading, read_document

__all__ = ["Reading", "read_document"]

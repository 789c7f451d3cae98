"""Inboxes that deliver supplier documents: a folder, later the mailbox.

Every source yields :class:`Document` objects; containers (``.eml``, ``.zip``) are opened
here, so readers only ever see single PDF or XML files.
"""

from zahllauf.sources.base import Document, Source

__all__ = ["Document", "Source"]

"""The text of a PDF's pages, cheaply: pdfium's plain text plus a line view by position.

pdfium returns the text in content-stream order in about a millisecond per page. Some
generators write a label and its value far apart in the stream although they stand side by
side on the page; for those a second view rebuilds the lines from pdfium's text runs by
their height on the page (a few milliseconds per page, no layout analysis).
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field

import pypdfium2 as pdfium

log = logging.getLogger(__name__)

# The first two pages carry the header (number, dates, addresses), the last two the totals
# and payment terms; pages in between of a long invoice are item lines only.
HEAD_PAGES = 2
TAIL_PAGES = 2

_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\ufeff\u00ad\ufffe\ufffd"), None)
_SPACES = re.compile(r"[ \t\u00a0\u2000-\u200a\u202f]+")
_LETTER_SPACED = re.compile(r"\b(?:[A-ZÄÖÜ] ){3,}[A-ZÄÖÜ]\b")


@dataclass
class Page:
    """One page's text as two views: ``stream`` (pdfium order) and ``layout`` (by position)."""

    number: int
    stream: list[str]
    layout: list[str] = field(default_factory=list)


@dataclass
class PdfText:
    """The pages read from a PDF and how many the document has."""

    pages: list[Page]
    page_count: int

    @property
    def char_count(self) -> int:
        return sum(len(line) for page in self.pages for line in page.stream)


def normalize_line(line: str) -> str:
    """One line without invisible marks and with single spaces; ``W A R E N`` joined.

    >>> normalize_line("Rechnung\\u200b  Nr.\\t17")
    'Rechnung Nr. 17'
    >>> normalize_line(" W A R E N R E C H N U N G Seite 1")
    'WARENRECHNUNG Seite 1'
    """
    line = _SPACES.sub(" ", line.translate(_INVISIBLE)).strip()
    return _LETTER_SPACED.sub(lambda m: m.group(0).replace(" ", ""), line)


def _lines(text: str) -> list[str]:
    lines = (normalize_line(raw) for raw in text.replace("\r", "\n").split("\n"))
    return [line for line in lines if line]


def _chosen_pages(count: int) -> list[int]:
    head = range(min(HEAD_PAGES, count))
    tail = range(max(count - TAIL_PAGES, 0), count)
    return sorted(set(head) | set(tail))


Segment = tuple[float, float, float, float, str]


def _segments(textpage: pdfium.PdfTextPage) -> list[Segment]:
    """pdfium's text runs: each a box (left, bottom, right, top) and the text inside it."""
    segments = []
    for index in range(textpage.count_rects()):
        left, bottom, right, top = textpage.get_rect(index)
        text = textpage.get_text_bounded(left, bottom, right, top)
        text = text.replace("\r", " ").replace("\n", " ").strip()
        if text:
            segments.append((left, bottom, right, top, text))
    return segments


def _layout_lines(textpage: pdfium.PdfTextPage) -> list[str]:
    """Rebuild lines from pdfium's text runs: runs at the same height, left to right."""
    rows: list[tuple[float, float, list[Segment]]] = []
    for segment in sorted(_segments(textpage), key=lambda s: (-(s[1] + s[3]) / 2, s[0])):
        middle, height = (segment[1] + segment[3]) / 2, segment[3] - segment[1]
        if rows and abs(rows[-1][0] - middle) <= max(height, rows[-1][1]) * 0.5:
            rows[-1][2].append(segment)
        else:
            rows.append((middle, height, [segment]))
    lines = (" ".join(s[4] for s in sorted(row[2], key=lambda s: s[0])) for row in rows)
    return [normalize_line(line) for line in lines if line.strip()]


def read_pages(pdf: bytes, layout: bool = True) -> PdfText:
    """Open the PDF and read the pages that matter; ``layout`` adds the positional view."""
    document = pdfium.PdfDocument(pdf)
    try:
        count = len(document)
        pages = []
        for index in _chosen_pages(count):
            textpage = document[index].get_textpage()
            page = Page(index + 1, _lines(textpage.get_text_range()))
            if layout and page.stream:
                page.layout = _layout_lines(textpage)
            pages.append(page)
        return PdfText(pages, count)
    finally:
        document.close()


__all__ = ["Page", "PdfText", "normalize_line", "read_pages"]

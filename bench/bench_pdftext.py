"""Benchmark of the PDF text reader: per-field accuracy and invoices per second per core.

Run: ``/work/venv/bin/python bench/bench_pdftext.py [corpus-dir]`` (default ../shared/corpus).
Speed is measured in one process (one core) over the corpus's 1–3 page German PDFs,
each read several times, after one warm-up pass.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from pdftext_corpus import cases, score  # noqa: E402
from zahllauf.readers.pdftext import read_pdf  # noqa: E402

ROUNDS = 5


def speed(corpus: Path) -> tuple[int, float]:
    """Invoices read and seconds taken for ``ROUNDS`` passes over the German PDFs."""
    documents = [case.path.read_bytes() for case in cases(corpus)]
    for data in documents:
        read_pdf(data)
    start = time.perf_counter()
    for _ in range(ROUNDS):
        for data in documents:
            read_pdf(data)
    return len(documents) * ROUNDS, time.perf_counter() - start


def main() -> None:
    corpus = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT.parent / "shared" / "corpus"
    result, count = score(corpus)
    print(f"Genauigkeit je Feld ({count} Rechnungen)\n")
    print(result.table())
    if result.misses:
        print("\n" + "\n".join(result.misses))
    read, seconds = speed(corpus)
    rate = read / seconds
    print(f"\nGeschwindigkeit: {read} Rechnungen in {seconds:.2f} s = {rate:.0f} /s (1 Kern)")


if __name__ == "__main__":
    main()

"""Benchmark of the PDF text reader: per-field accuracy and invoices per second per core.

Run: ``.venv/bin/python bench/bench_pdftext.py [corpus-dir] [--klein]`` (default
../shared/corpus; ``--klein``: one pass, for CI). Without the corpus, only the speed is
measured, on generated invoices.
Speed is measured in one process (one core) over the corpus's 1–3 page German PDFs,
each read several times, after one warm-up pass.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from pdftext_corpus import cases, score  # noqa: E402
from zahllauf.readers.pdftext import read_pdf  # noqa: E402

ROUNDS = 5


def speed(documents: list[bytes], rounds: int) -> tuple[int, float]:
    """Invoices read and seconds taken for ``rounds`` passes over the documents."""
    for data in documents:
        read_pdf(data)
    start = time.perf_counter()
    for _ in range(rounds):
        for data in documents:
            read_pdf(data)
    return len(documents) * rounds, time.perf_counter() - start


def generated() -> list[bytes]:
    """Plain German one-page invoices made by the project, when the corpus is absent."""
    from datetime import date
    from decimal import Decimal

    from zahllauf.samples import Sample, plain_pdf

    return [
        plain_pdf(Sample("Baustoffe Müller GmbH", f"R-{n}", date(2026, 12, 1),
                         lines=[("Pflaster", Decimal(100 + n))]))
        for n in range(20)
    ]  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", nargs="?", type=Path, default=ROOT.parent / "shared" / "corpus")
    parser.add_argument("--klein", action="store_true", help="one pass (CI)")
    args = parser.parse_args()
    rounds = 1 if args.klein else ROUNDS
    if (args.corpus / "german-pdf" / "expected.csv").is_file():
        result, count = score(args.corpus)
        print(f"Genauigkeit je Feld ({count} Rechnungen)\n")
        print(result.table())
        if result.misses:
            print("\n" + "\n".join(result.misses))
        documents = [case.path.read_bytes() for case in cases(args.corpus)]
    else:
        print("Korpus fehlt: nur Geschwindigkeit, mit erzeugten Rechnungen")
        documents = generated()
    read, seconds = speed(documents, rounds)
    rate = read / seconds
    print(f"\nGeschwindigkeit: {read} Rechnungen in {seconds:.2f} s = {rate:.0f} /s (1 Kern)")


if __name__ == "__main__":
    main()

"""Benchmark: e-invoices read per second (find the XML, read it, check it, render the view).

Runs over the structured rows of ``../shared/corpus/expected.csv`` when the corpus is
there, else over generated invoices (every syntax, as hybrid PDFs and plain XML).

    .venv/bin/python bench/bench_einvoice.py [--rounds 5] [--klein]
"""

from __future__ import annotations

import argparse
import csv
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "corpus"
sys.path.insert(0, str(ROOT / "tests"))

from zahllauf.readers import einvoice  # noqa: E402


def corpus_documents() -> list[tuple[str, bytes]]:
    """The structured corpus files (PDF and XML) named in expected.csv."""
    with (CORPUS / "expected.csv").open(encoding="utf-8", newline="") as handle:
        rows = [row for row in csv.DictReader(handle) if row["format"] != "pdf"]
    return [(row["path"], (CORPUS / row["path"]).read_bytes()) for row in rows]


def generated_documents() -> list[tuple[str, bytes]]:
    """Generated invoices of every syntax, half of them inside PDFs."""
    from fixtures.einvoice.build import PROFILES, Spec, cii, hybrid_pdf, ubl, zugferd1

    xmls = [cii(Spec(profile=p)) for p in PROFILES.values() if "ferd" not in p]
    xmls += [zugferd1(Spec()), ubl(Spec()), ubl(Spec(type_code="381"), credit_note=True)]
    documents = [(f"gen-{i}.xml", xml) for i, xml in enumerate(xmls)]
    documents += [(f"gen-{i}.pdf", hybrid_pdf(xml, "factur-x.xml")) for i, xml in enumerate(xmls)]
    return documents * 10


def read_one(data: bytes) -> None:
    """What the reader does for one document: XML by content, fields, checks, view."""
    xml = einvoice.find_invoice_xml(data) if data[:5] == b"%PDF-" else data
    if xml is None:
        raise SystemExit("a benchmark document has no e-invoice XML")
    einvoice.render_html(einvoice.read_xml(xml), xml)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--klein", action="store_true", help="one round (CI)")
    args = parser.parse_args()
    if args.klein:
        args.rounds = 1
    source = "corpus" if (CORPUS / "expected.csv").is_file() else "generated"
    documents = corpus_documents() if source == "corpus" else generated_documents()
    pdfs = sum(1 for _, data in documents if data[:5] == b"%PDF-")
    read_one(documents[0][1])  # load the XSDs once, as a long-running process would
    rates = []
    for _ in range(args.rounds):
        started = time.perf_counter()
        for _, data in documents:
            read_one(data)
        rates.append(len(documents) / (time.perf_counter() - started))
    print(
        f"{source}: {len(documents)} e-invoices ({pdfs} PDF, {len(documents) - pdfs} XML), "
        f"{args.rounds} rounds: median {statistics.median(rates):.0f} e-invoices/s "
        f"(min {min(rates):.0f}, max {max(rates):.0f})"
    )


if __name__ == "__main__":
    main()

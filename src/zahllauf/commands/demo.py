"""``zahllauf demo``: a new folder with a workbook and a demo inbox, then ``abrufen``."""

from __future__ import annotations

import argparse
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

from zahllauf import samples, schema, texts
from zahllauf.adapters.xlsx_file import open_workbook
from zahllauf.adapters.xlsx_template import build_template
from zahllauf.commands.abrufen import print_summary
from zahllauf.jobs.abrufen import fetch
from zahllauf.sources.folder import FolderSource

NAME = "demo"


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(NAME, help=texts.HELP_DEMO, description=texts.HELP_DEMO)
    parser.add_argument(
        "--ordner",
        type=Path,
        default=Path("zahllauf-demo"),
        metavar="ORDNER",
        help=texts.HELP_DEMO_ORDNER,
    )


def run(args: argparse.Namespace) -> int:
    folder = free_folder(args.ordner)
    inbox = folder / "Eingang"
    inbox.mkdir(parents=True)
    write_inbox(inbox, date.today())
    workbook_path = folder / "Zahlungsliste.xlsx"
    build_template(workbook_path)
    with open_workbook(workbook_path) as workbook:
        workbook.append_rows(schema.SUPPLIERS.name, known_suppliers(date.today()))
        summary = fetch(workbook, FolderSource(inbox), today=date.today())
    print_summary(summary)
    print()
    print(texts.DEMO_DONE.format(path=workbook_path.resolve(), inbox=inbox.resolve()))
    return 0


def free_folder(wanted: Path) -> Path:
    """``wanted``, or ``wanted-2``, ``wanted-3`` … when it exists already."""
    candidate, counter = wanted, 2
    while candidate.exists():
        candidate = wanted.with_name(f"{wanted.name}-{counter}")
        counter += 1
    return candidate


def write_inbox(inbox: Path, today: date) -> None:
    """The demo documents: e-invoices, plain PDFs, a direct debit, an offer, a broken file."""
    for name, data in demo_documents(today).items():
        (inbox / name).write_bytes(data)


def known_suppliers(today: date) -> list[dict[str, object]]:
    """Two suppliers of earlier weeks, their IBANs confirmed by phone; the others are new."""
    confirmed = today - timedelta(days=90)
    return [
        {
            "Name": "Baustoffe Müller GmbH",
            "USt-IdNr.": "DE811193231",
            "IBAN": "DE02120300000000202051",
            "IBAN bestätigt am": confirmed,
            "Zahlungsziel Tage": 30,
        },
        {
            "Name": "Werkzeug Schmidt GmbH & Co. KG",
            "USt-IdNr.": "DE136695976",
            "IBAN": "DE02100100100006820101",
            "IBAN bestätigt am": confirmed,
            "Zahlungsziel Tage": 14,
        },
    ]


def demo_documents(today: date) -> dict[str, bytes]:
    recent = today - timedelta(days=3)
    hybrid = samples.Sample(
        "Baustoffe Müller GmbH",
        "BM-2026-1187",
        recent,
        due_days=30,
        lines=[
            ("Betonpflaster grau, 24 m²", Decimal("612.00")),
            ("Splitt 2/5, 3 t", Decimal("141.60")),
        ],
        skonto_percent=Decimal("2"),
        skonto_days=10,
        iban="DE02120300000000202051",
        bic="BYLADEM1001",
        vat_id="DE811193231",
    )
    xrechnung = samples.Sample(
        "Pflanzenhof Sonnenberg e.K.",
        "PS-55012",
        recent - timedelta(days=5),
        due_days=14,
        lines=[("Hainbuchenhecke 125/150, 40 Stk.", Decimal("1160.00"))],
        skonto_percent=Decimal("3"),
        skonto_days=7,
        iban="DE02500105170137075030",
        bic="INGDDEFFXXX",
        vat_id="DE129273398",
    )
    plain = samples.Sample(
        "Werkzeug Schmidt GmbH & Co. KG",
        "2026-4711",
        today - timedelta(days=40),
        due_days=14,
        lines=[("Motorsense FS 131, Wartung", Decimal("189.50"))],
        iban="DE02100100100006820101",
        bic="PBNKDEFFXXX",
        vat_id="DE136695976",
    )
    debit = samples.Sample(
        "Tankstellen-Service Nord GmbH",
        "TS-908812",
        recent,
        due_days=10,
        lines=[("Diesel, November", Decimal("387.14"))],
        direct_debit=True,
        iban="DE02300209000106531065",
        bic="CMCIDEDDXXX",
    )
    offer = samples.Sample(
        "Naturstein Kaiser GmbH",
        "AN-2026-77",
        recent,
        lines=[("Granit-Blockstufen, 12 Stk.", Decimal("2280.00"))],
    )
    return {
        "Rechnung_BM-2026-1187.pdf": samples.zugferd_pdf(hybrid),
        "xrechnung_PS-55012.xml": samples.ubl_xml(xrechnung),
        "Rechnung_Werkzeug_Schmidt.pdf": samples.plain_pdf(plain),
        "Tankstelle_Lastschrift.pdf": samples.plain_pdf(debit),
        "Angebot_Naturstein_Kaiser.pdf": samples.plain_pdf(offer, title="Angebot"),
        "Scan_defekt.pdf": b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog",
    }

"""``zahllauf demo``: the README's first command, on documents the project makes itself."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from zahllauf import schema
from zahllauf.adapters.xlsx_file import open_workbook
from zahllauf.cli import main
from zahllauf.schema import C


def test_demo_makes_a_folder_fetches_and_says_where(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    assert main(["demo"]) == 0
    out = capsys.readouterr().out
    workbook = tmp_path / "zahllauf-demo" / "Zahlungsliste.xlsx"
    assert str(workbook) in out and "1 keine Rechnung" in out
    with open_workbook(workbook, save=False) as port:
        rows = port.read_rows(schema.PAYMENTS.name)
    statuses = Counter(r[C.STATUS] for r in rows)
    assert statuses == {"Offen": 2, "Prüfen": 2, "Lastschrift": 1}, [r[C.HINWEIS] for r in rows]
    kinds = {Path(str(r[C.QUELLE])).suffix for r in rows}
    assert kinds == {".pdf", ".xml"}
    archived = sorted(p.name for p in (tmp_path / "zahllauf-demo" / "Belege").rglob("*.*"))
    assert "Angebot_Naturstein_Kaiser.pdf" in archived, "no row, but archived"
    assert any(name.endswith(".html") for name in archived), "readable view of the XRechnung"


def test_second_demo_gets_its_own_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    assert main(["demo"]) == 0
    assert main(["demo"]) == 0
    assert (tmp_path / "zahllauf-demo-2" / "Zahlungsliste.xlsx").is_file()

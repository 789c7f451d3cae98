"""Shared test fixtures: the public corpus beside the project, and temporary homes."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "corpus"


@pytest.fixture(scope="session")
def corpus() -> Path:
    """``../shared/corpus``; tests that need it skip with a reason where it is absent."""
    if not (CORPUS / "expected.csv").is_file():
        pytest.skip(f"Korpus fehlt: {CORPUS} (nur auf den Entwicklungsrechnern vorhanden)")
    return CORPUS


@pytest.fixture
def book(tmp_path: Path) -> Path:
    """A fresh Zahlungsliste file from the template."""
    from zahllauf.adapters.xlsx_template import build_template

    path = tmp_path / "Zahlungsliste.xlsx"
    build_template(path)
    return path

"""Render a workbook as a person sees it: LibreOffice headless → PDF → PNG, then colours.

Used by the tests that check the row colours of the conditional formatting.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
PDFTOPPM = shutil.which("pdftoppm")


def require_tools() -> None:
    if SOFFICE is None or PDFTOPPM is None:
        pytest.skip("LibreOffice (soffice) oder pdftoppm fehlt – .ci/run installiert beides")


def to_pdf(workbook: Path, out_dir: Path, infilter: str | None = None) -> Path:
    """Convert with LibreOffice headless in a profile of its own; returns the PDF path."""
    require_tools()
    assert SOFFICE is not None
    profile = out_dir / "lo-profile"
    env = dict(os.environ, HOME=str(out_dir / "lo-home"))
    command = [
        SOFFICE,
        f"-env:UserInstallation={profile.as_uri()}",
        "--headless",
        "--norestore",
    ]
    if infilter:
        command.append(f"--infilter={infilter}")
    command += ["--convert-to", "pdf", "--outdir", str(out_dir), str(workbook)]
    subprocess.run(command, check=True, env=env, timeout=180, capture_output=True)
    pdf = out_dir / (workbook.stem + ".pdf")
    assert pdf.is_file(), f"LibreOffice made no PDF from {workbook.name}"
    return pdf


def first_page_png(pdf: Path, resolution: int = 100) -> Path:
    assert PDFTOPPM is not None
    prefix = pdf.with_suffix("")
    subprocess.run(
        [
            PDFTOPPM,
            "-png",
            "-r",
            str(resolution),
            "-f",
            "1",
            "-l",
            "1",
            "-singlefile",
            str(pdf),
            str(prefix),
        ],
        check=True,
        timeout=60,
    )
    return prefix.with_suffix(".png")


def render(workbook: Path, out_dir: Path) -> Path:
    """The first printed page of ``workbook`` as a PNG."""
    return first_page_png(to_pdf(workbook, out_dir))


def colour_bands(png: Path, colours: dict[str, str], share: float = 0.25) -> list[str]:
    """Names of the coloured horizontal bands from top to bottom.

    A pixel row belongs to a colour when at least ``share`` of its pixels are within a
    small tolerance of it; consecutive rows of one colour make one band.
    """
    from PIL import Image

    targets = {name: _rgb(hex_) for name, hex_ in colours.items()}
    image = Image.open(png).convert("RGB")
    width, height = image.size
    pixels = image.load()
    assert pixels is not None
    bands: list[str] = []
    previous = None
    for y in range(height):
        counts = dict.fromkeys(targets, 0)
        for x in range(0, width, 2):
            pixel = pixels[x, y]
            for name, rgb in targets.items():
                if all(abs(a - b) <= 10 for a, b in zip(pixel, rgb, strict=True)):
                    counts[name] += 1
                    break
        name, best = max(counts.items(), key=lambda item: item[1])
        current = name if best >= share * width / 2 else None
        if current is not None and current != previous:
            bands.append(current)
        previous = current
    return bands


def _rgb(hex_: str) -> tuple[int, int, int]:
    hex_ = hex_.lstrip("#")[-6:]
    return int(hex_[0:2], 16), int(hex_[2:4], 16), int(hex_[4:6], 16)

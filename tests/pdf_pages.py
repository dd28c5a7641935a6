"""Look at a PDF as a user would: its pages rendered to PNG and its text, with Debian's
poppler-utils (`pdftoppm`, `pdftotext`); the tests skip (or fail in CI) without them."""

from __future__ import annotations

import subprocess
from pathlib import Path

from tests.system_tools import require_tool


def render_pages(pdf: Path, out_dir: Path, dpi: int = 60) -> list[Path]:
    """Every page as `page-N.png` in out_dir (in page order)."""
    out_dir.mkdir(parents=True, exist_ok=True)
    subprocess.run(
        [require_tool("pdftoppm"), "-r", str(dpi), "-png", str(pdf), str(out_dir / "page")],
        check=True,
        capture_output=True,
        timeout=120,
    )
    return sorted(out_dir.glob("page-*.png"))


def pdf_text(pdf: Path) -> str:
    result = subprocess.run(
        [require_tool("pdftotext"), "-layout", str(pdf), "-"],
        check=True,
        capture_output=True,
        text=True,
        timeout=60,
    )
    return result.stdout


def ink_ratio(png: Path) -> float:
    """The share of pixels that are not (nearly) white: a blank page is about 0."""
    from PIL import Image

    with Image.open(png) as image:
        grey = image.convert("L")
        histogram = grey.histogram()
    dark = sum(histogram[:230])
    return dark / max(1, sum(histogram))


def colour_ratio(png: Path) -> float:
    """The share of clearly coloured pixels (the charts' blue and orange lines; text is grey)."""
    import numpy as np
    from PIL import Image

    with Image.open(png) as image:
        rgb = np.asarray(image.convert("RGB"), dtype=np.int16)
    spread = rgb.max(axis=2) - rgb.min(axis=2)
    return float((spread > 40).mean())

"""Checks shared by the document tests: a DOCX read back with python-docx, a PDF read with poppler-utils
(pdfinfo, pdftotext, pdftoppm from Debian's poppler-utils, installed by `make fonts`)."""

import io
import re
import subprocess
import tempfile
from pathlib import Path

from docx import Document
from PIL import Image

from postdoc_base.documents.docx_render import docx_text

A4_POINTS = (595.3, 841.9)


def docx_lines(data: bytes) -> list[str]:
    Document(io.BytesIO(data))  # opens as a Word document
    return docx_text(data).splitlines()


def pdf_checked(data: bytes, *expected: str, letterhead: bool = True) -> str:
    """Assert ``data`` is an A4 PDF whose text holds each of ``expected`` and whose first page, rendered to
    PNG, is not blank (and, with ``letterhead``, shows the red 版头; a form has none); return its text
    (whitespace removed, as pdftotext breaks lines anywhere)."""
    assert data.startswith(b"%PDF-")
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "doc.pdf"
        path.write_bytes(data)
        info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout
        width, height = map(float, re.search(r"Page size:\s+([\d.]+) x ([\d.]+) pts", info).groups())
        assert abs(width - A4_POINTS[0]) < 1 and abs(height - A4_POINTS[1]) < 1, info
        text = subprocess.run(
            ["pdftotext", str(path), "-"], capture_output=True, text=True, check=True
        ).stdout
        subprocess.run(["pdftoppm", "-r", "40", "-png", "-f", "1", "-l", "1", str(path), str(Path(tmp) / "p")],
                       check=True)  # fmt: skip
        [png] = list(Path(tmp).glob("p*.png"))
        image = Image.open(png).convert("L")
        dark = sum(image.histogram()[:128])
        assert dark > 500, "page 1 renders blank"
        red, green, _blue = Image.open(png).convert("RGB").split()
        reddish = Image.eval(red, lambda v: 255 if v > 200 else 0).point(lambda v: v)
        greenless = Image.eval(green, lambda v: 255 if v < 80 else 0)
        from PIL import ImageChops

        has_red = ImageChops.multiply(reddish, greenless).getbbox() is not None
        assert has_red == letterhead, "red 版头" + ("missing" if letterhead else " on a form")
    flat = re.sub(r"\s+", "", text)
    for value in expected:
        assert re.sub(r"\s+", "", value) in flat, value
    return flat

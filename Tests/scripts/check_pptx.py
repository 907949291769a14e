#!/usr/bin/env python3
"""Reads every built .pptx with real clients: LibreOffice Impress converts it to PDF
(one page per slide, each slide's title found on its page by pdftotext), and
python-pptx opens it for its titles, notes, alt texts and language tags. The
site is built by the Makefile; this reads the folder it names.

Usage: check_pptx.py SITE [--pdf FOLDER]   (exit 1 on any problem)"""

import argparse
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from pptx import Presentation
from pptx.enum.shapes import MSO_SHAPE_TYPE, PP_PLACEHOLDER

A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
TITLES = (PP_PLACEHOLDER.TITLE, PP_PLACEHOLDER.CENTER_TITLE)


def fail(problems, deck, message):
    problems.append(f"{deck}: {message}")


def read_with_python_pptx(path, problems):
    deck = Presentation(str(path))
    if (deck.slide_width, deck.slide_height) != (12192000, 6858000):
        fail(problems, path, f"not 16:9: {deck.slide_width}×{deck.slide_height}")
    if not deck.core_properties.title or not deck.core_properties.author:
        fail(problems, path, "no title or author in the document properties")
    titles = []
    for number, slide in enumerate(deck.slides, 1):
        title = next((s for s in slide.placeholders if s.placeholder_format.type in TITLES), None)
        if title is None or not title.text_frame.text.strip():
            fail(problems, path, f"slide {number} has no title in a title placeholder")
        titles.append(title.text_frame.text if title is not None else "")
        # A slide without notes has no notes page (as PowerPoint saves it); one that has a
        # notes page has its notes in the notes placeholder.
        if slide.has_notes_slide and not (slide.notes_slide.notes_text_frame and slide.notes_slide.notes_text_frame.text.strip()):
            fail(problems, path, f"slide {number} has an empty notes page")
        for shape in slide.shapes:
            if shape.shape_type in (MSO_SHAPE_TYPE.GROUP, MSO_SHAPE_TYPE.PICTURE):
                alt = shape._element.xpath("./*[1]/p:cNvPr/@descr")
                if not alt or len(alt[0]) < 20:
                    fail(problems, path, f"slide {number}: {shape.name} has no alt text")
        for run in slide._element.iter(f"{A}r"):
            properties = run.find(f"{A}rPr")
            if properties is None or properties.get("lang") != "da-DK":
                fail(problems, path, f"slide {number}: a text run without lang=da-DK")
                break
    notes = sum(1 for slide in deck.slides if slide.has_notes_slide and slide.notes_slide.notes_text_frame.text.strip())
    if notes < len(titles) // 2:
        fail(problems, path, f"only {notes} of {len(titles)} slides have notes")
    figures = [s for slide in deck.slides for s in slide.shapes if s.shape_type == MSO_SHAPE_TYPE.GROUP]
    if not figures:
        fail(problems, path, "no figure drawn as shapes")
    return titles


def words(text):
    return re.findall(r"\w+", text.lower())


def read_with_libreoffice(path, titles, out, problems):
    with tempfile.TemporaryDirectory(prefix="klynge-soffice-") as profile:
        # A profile of its own: a second soffice on the machine cannot block this one.
        subprocess.run(["soffice", f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", "pdf",
                        "--outdir", str(out), str(path)], check=True, capture_output=True, timeout=180)
    pdf = out / (path.stem + ".pdf")
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    pages = int(re.search(r"^Pages:\s+(\d+)", info, re.M).group(1))
    if pages != len(titles):
        fail(problems, path, f"LibreOffice made {pages} pages of {len(titles)} slides")
    for number, title in enumerate(titles, 1):
        text = subprocess.run(["pdftotext", "-f", str(number), "-l", str(number), str(pdf), "-"],
                              capture_output=True, text=True, check=True).stdout
        # The title may wrap onto two lines: compare its words in order.
        if " ".join(words(title)) not in " ".join(words(text)):
            fail(problems, path, f"page {number} does not show the title {title!r}")
    return pdf


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("site")
    parser.add_argument("--pdf", help="keep LibreOffice's PDFs (and PNGs of them) here")
    args = parser.parse_args()
    decks = sorted(Path(args.site).rglob("*.pptx"))
    problems = []
    if not decks:
        sys.exit("check_pptx: no .pptx in the site")
    if not shutil.which("soffice"):
        sys.exit("check_pptx: soffice (Debian's libreoffice-impress) is not installed")
    keep = Path(args.pdf) if args.pdf else None
    if keep:
        shutil.rmtree(keep, ignore_errors=True)
        keep.mkdir(parents=True)
    with tempfile.TemporaryDirectory(prefix="klynge-pptx-") as temp:
        for path in decks:
            out = (keep or Path(temp)) / path.parent.parent.name
            out.mkdir(parents=True, exist_ok=True)
            titles = read_with_python_pptx(path, problems)
            pdf = read_with_libreoffice(path, titles, out, problems)
            if keep:
                subprocess.run(["pdftoppm", "-r", "50", "-png", str(pdf), str(out / "dias")], check=True)
            print(f"  {path.relative_to(args.site)}: {len(titles)} slides, LibreOffice PDF and python-pptx read")
    for problem in problems:
        print("  " + problem)
    print(f"pptx: {len(decks) - len({p.split(':')[0] for p in problems})} passed, {len({p.split(':')[0] for p in problems})} failed")
    sys.exit(1 if problems else 0)


if __name__ == "__main__":
    main()

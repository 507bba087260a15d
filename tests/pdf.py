"""Reading a rendered PDF as its reader sees it: what is printed where on each page."""

from pathlib import Path


def text_over_the_page_number(pdf: Path, gap: float = 14.0) -> list[tuple[int, str]]:
    """Text printed at or below a page's number (the lowest line of digits): a table that ran off its page and
    printed its last rows over the footer. Each as (page, text)."""
    from pypdf import PdfReader

    found = []
    for number, page in enumerate(PdfReader(pdf).pages, start=1):
        runs: list[tuple[float, str]] = []

        def visit(text, cm, tm, font, size, runs=runs):
            if text.strip():
                runs.append((tm[5] * cm[3] + cm[5], text.strip()))

        page.extract_text(visitor_text=visit)
        numbers = [y for y, text in runs if text == str(number)]
        if not numbers:
            continue
        foot = min(numbers)
        found += [(number, text) for y, text in runs if y < foot + gap and text != str(number)]
    return found

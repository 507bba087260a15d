"""The fallback renderer's last step: pandoc (bundled in the ``pypandoc-binary`` wheel) writes
self-contained HTML and DOCX, and typst (the ``typst`` wheel) compiles pandoc's typst output to PDF.
"""

from __future__ import annotations

import functools
import io
import logging
import os
import shutil
import subprocess
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from datetime import date, datetime
from importlib import resources
from pathlib import Path
from typing import Any

from qualsynth.errors import RenderError

log = logging.getLogger(__name__)


_CALLOUT_FILTER = "filters/callouts.lua"
_PDF_LAYOUT = "layouts/pdf.typ"


@functools.cache
def pandoc_version() -> str:
    import pypandoc

    return str(pypandoc.get_pandoc_version())


@functools.cache
def _pandoc_path() -> str:
    import pypandoc

    return str(pypandoc.get_pandoc_path())


def typst_available() -> bool:
    try:
        import typst  # noqa: F401
    except ImportError:
        return False
    return True


def typst_pdf(source: Path, target: Path, meta: Path, toc: bool, qmd: Path, env: Mapping[str, str]) -> None:
    """pandoc writes typst, with every image copied beside it; the typst package compiles that to PDF."""
    import typst

    typ = source.with_suffix(".typ")  # beside media/, which its image paths are relative to
    with resources.as_file(resources.files("qualsynth.report").joinpath(_PDF_LAYOUT)) as layout:
        extra = ["--standalone", "--extract-media", "media", "--include-in-header", str(layout)]
        pandoc(source, typ, "typst", meta, None, toc, qmd, env, extra=extra)
    try:
        # typst stamps the PDF with the time; the same epoch as pandoc's DOCX gives the same bytes.
        epoch = int(_pandoc_env(env)["SOURCE_DATE_EPOCH"])
        typst.compile(str(typ), output=str(target), root=str(source.parent), timestamp=epoch)
    except Exception as exc:  # typst raises its own error types, with the line in the message
        raise RenderError(f"{qmd}: typst could not compile the PDF: {exc}") from None


def pandoc_metadata(front: Mapping[str, Any], qmd: Path) -> dict[str, Any]:
    """The front-matter fields pandoc's templates use; Quarto-only keys would only add noise."""
    meta: dict[str, Any] = {"lang": "en"}
    for key in ("title", "subtitle", "abstract", "lang", "toc-title"):
        if front.get(key) is not None:
            meta[key] = str(front[key])
    if "title" not in meta:
        meta["pagetitle"] = qmd.stem  # HTML needs a <title>; pandoc warns and guesses without one
    if front.get("author") is not None:
        meta["author"] = _authors(front["author"])
    if front.get("date") is not None:
        meta["date"] = _date(front["date"])
    return meta


def _authors(value: Any) -> list[str]:
    """Quarto accepts a name, a list of names, or ``{name: ...}`` records; pandoc wants names."""
    items = value if isinstance(value, list) else [value]
    names = []
    for item in items:
        name = item.get("name") if isinstance(item, dict) else item
        if isinstance(name, dict):  # Quarto's {name: {given:, family:}} form
            name = " ".join(str(name[part]) for part in ("given", "family") if name.get(part))
        if name:
            names.append(str(name))
    return names


def _date(value: Any) -> str:
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    if str(value) == "today":
        return date.today().isoformat()
    return str(value)


def _format_options(front: Mapping[str, Any], fmt: str) -> dict[str, Any]:
    formats = front.get("format")
    options = formats.get(fmt) if isinstance(formats, dict) else None
    return options if isinstance(options, dict) else {}


def wants_toc(front: Mapping[str, Any]) -> bool:
    html = _format_options(front, "html")
    return bool(html.get("toc", front.get("toc", False)))


def stylesheet_for(css: Path | None, front: Mapping[str, Any], qmd: Path) -> Path | None:
    if css is None:
        named = _format_options(front, "html").get("css", front.get("css"))
        if isinstance(named, list):
            named = named[0] if named else None
        if not named:
            return None
        css = qmd.parent / str(named)
    css = Path(css).resolve()
    if not css.is_file():
        raise RenderError(f"{qmd}: the stylesheet {css} does not exist")
    return css


@contextmanager
def _callout_filter() -> Iterator[Path]:
    with resources.as_file(resources.files("qualsynth.report").joinpath(_CALLOUT_FILTER)) as path:
        yield path


def pandoc(
    source: Path,
    target: Path,
    fmt: str,
    meta: Path,
    css: Path | None,
    toc: bool,
    qmd: Path,
    env: Mapping[str, str],
    extra: list[str] | None = None,
) -> None:
    with _callout_filter() as lua:
        command = [
            _pandoc_path(),
            source.name,
            "--from",
            "markdown",
            "--to",
            "html5" if fmt == "html" else fmt,
            "--output",
            str(target),
            "--metadata-file",
            str(meta),
            "--lua-filter",
            str(lua),
            # Figures live beside the Markdown; images the document links itself are beside the .qmd.
            "--resource-path",
            os.pathsep.join([str(source.parent), str(qmd.parent)]),
        ]
        if fmt == "docx":
            command += ["--reference-doc", str(reference_docx(source.parent / "reference.docx"))]
            if toc:
                # Word fills the contents list in when the document is opened (it asks to update its fields).
                command += ["--toc"]
        if fmt == "html":
            # No math option: pandoc then writes math as plain HTML instead of loading MathJax.
            command += ["--standalone", "--embed-resources"]
            if css is not None:
                command += ["--css", str(css)]
            if toc:
                command += ["--toc"]
        command += extra or []
        done = subprocess.run(
            command, cwd=source.parent, env=_pandoc_env(env), capture_output=True, text=True, check=False
        )
    for warning in done.stderr.strip().splitlines():
        log.warning("pandoc: %s", warning)
    if done.returncode != 0:
        problem = done.stderr.strip()
        raise RenderError(f"{qmd}: pandoc could not write {fmt} (exit {done.returncode}): {problem}")


# Word keeps a paragraph of this style on the page of the next one: a quote's theme, words and
# attribution stay together, as a heading stays with what follows it.
_CALLOUT_STYLE = (
    '<w:style w:type="paragraph" w:customStyle="1" w:styleId="Callout"><w:name w:val="Callout"/>'
    '<w:basedOn w:val="BodyText"/><w:qFormat/><w:pPr><w:keepNext/><w:keepLines/></w:pPr></w:style>'
)
# The page number, centred at the foot of every page.
_FOOTER = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<w:ftr xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
    '<w:p><w:pPr><w:pStyle w:val="Footer"/><w:jc w:val="center"/></w:pPr>'
    '<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText xml:space="preserve"> PAGE </w:instrText></w:r>'
    '<w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>1</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r>'
    "</w:p></w:ftr>"
)
_FOOTER_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.footer+xml"
_FOOTER_RELATION = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/footer"
# Headings and titles in the report's dark blue-grey rather than the default blues.
_STYLE_CHANGES = (
    (b'<w:color w:val="4F81BD"', b'<w:color w:val="1F3A5F"'),
    (b'<w:color w:val="365F91"', b'<w:color w:val="1F3A5F"'),
    (b'<w:color w:val="0F4761"', b'<w:color w:val="1F3A5F"'),
)


def reference_docx(path: Path) -> Path:
    """pandoc's own reference document with the report's house styles: a Callout style that keeps a callout on one
    page, headings in the report's colour, and page numbers in the footer."""
    import zipfile

    default = subprocess.run(
        [_pandoc_path(), "--print-default-data-file", "reference.docx"], capture_output=True, check=True
    ).stdout
    source = zipfile.ZipFile(io.BytesIO(default))
    parts = {item.filename: _house_style(item.filename, source.read(item)) for item in source.infolist()}
    parts["word/footer1.xml"] = _FOOTER.encode()
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
        for name, data in parts.items():
            # pandoc stamps some parts with the time it printed them and copies the stamps into every
            # document made from this one: a fixed date keeps the DOCX byte-identical between runs.
            stamped = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
            stamped.compress_type = zipfile.ZIP_DEFLATED
            out.writestr(stamped, data)
    return path


def _house_style(name: str, data: bytes) -> bytes:
    """One part of the reference document with the report's changes."""
    if name == "word/styles.xml":
        for old, new in _STYLE_CHANGES:
            data = data.replace(old, new)
        return data.replace(b"</w:styles>", _CALLOUT_STYLE.encode() + b"</w:styles>")
    if name == "word/document.xml":
        return data.replace(b"<w:sectPr>", b'<w:sectPr><w:footerReference w:type="default" r:id="rIdPageNumber"/>')
    if name == "word/_rels/document.xml.rels":
        relation = f'<Relationship Type="{_FOOTER_RELATION}" Id="rIdPageNumber" Target="footer1.xml" />'
        return data.replace(b"</Relationships>", relation.encode() + b"</Relationships>")
    if name == "[Content_Types].xml":
        override = f'<Override PartName="/word/footer1.xml" ContentType="{_FOOTER_TYPE}" />'
        return data.replace(b"</Types>", override.encode() + b"</Types>")
    return data


def _pandoc_env(env: Mapping[str, str]) -> dict[str, str]:
    # pandoc stamps DOCX files with the time unless SOURCE_DATE_EPOCH fixes it; fix it so that
    # the same input gives the same bytes.
    return {**env, "SOURCE_DATE_EPOCH": env.get("SOURCE_DATE_EPOCH", "0")}


def move_into(made: Path, out_dir: Path, qmd: Path) -> Path:
    if not made.is_file():
        raise RenderError(f"{qmd}: the renderer did not produce {made.name}")
    target = out_dir / made.name
    shutil.move(made, target)
    return target

"""The fallback renderer's middle: an executed notebook to the Markdown pandoc reads, with images
named from their labels, captions and alt text from the ``#|`` options, and inline values filled in.
"""

from __future__ import annotations

import base64
import json
import logging
import re
from collections.abc import Iterator, Mapping
from typing import Any

from qualsynth.errors import RenderError
from qualsynth.report.notebook import (
    INLINE,
    REMOVE_CELL,
    REMOVE_INPUT,
    REMOVE_OUTPUT,
    clean_stream,
)

log = logging.getLogger(__name__)


_MARKDOWN_PUNCTUATION = re.compile(r"([!-/:-@\[-`{-~])")


def to_markdown(notebook: Any) -> tuple[str, dict[str, bytes]]:
    """Markdown for pandoc, and the images it refers to (file name -> bytes)."""
    from nbconvert import MarkdownExporter
    from traitlets.config import Config

    config = Config()
    config.TagRemovePreprocessor.enabled = True
    config.TagRemovePreprocessor.remove_cell_tags = {REMOVE_CELL}
    config.TagRemovePreprocessor.remove_input_tags = {REMOVE_INPUT}
    config.TagRemovePreprocessor.remove_all_outputs_tags = {REMOVE_OUTPUT}
    # _outputs_to_markdown writes the images itself, under names that do not change between runs.
    config.ExtractOutputPreprocessor.enabled = False
    exporter = MarkdownExporter(config=config)
    exporter.register_preprocessor(_substitute_inline_values, enabled=True)
    exporter.register_preprocessor(_outputs_to_markdown, enabled=True)
    body, produced = exporter.from_notebook_node(notebook, resources={"outputs": {}})
    return body, dict(produced["outputs"])


def _substitute_inline_values(nb: Any, resources: dict[str, Any]) -> tuple[Any, dict[str, Any]]:
    """nbconvert preprocessor: put each hidden inline cell's values into the Markdown cell after it."""
    cells = []
    pending: list[str] | None = None
    for cell in nb.cells:
        if "inline" in cell.metadata.get("qualsynth", {}):
            pending = _inline_values(cell)
            continue
        if pending is not None and cell.cell_type == "markdown":
            values = iter(pending)
            cell.source = INLINE.sub(lambda _match, values=values: next(values), cell.source)
            pending = None
        cells.append(cell)
    nb.cells = cells
    return nb, resources


def _inline_values(cell: Any) -> list[str]:
    printed = "".join(output.get("text", "") for output in cell.outputs if output.output_type == "stream")
    lines = [line for line in printed.splitlines() if line.strip()]
    expressions = cell.metadata["qualsynth"]["inline"]
    try:
        values = json.loads(lines[-1])
    except (IndexError, ValueError):
        values = None
    if not isinstance(values, list) or len(values) != len(expressions):
        raise RenderError(f"inline expressions {expressions} printed no values")
    return [str(value) for value in values]


def _outputs_to_markdown(nb: Any, resources: dict[str, Any]) -> tuple[Any, dict[str, Any]]:
    """nbconvert preprocessor: replace each code cell's outputs by the Markdown Quarto would write."""
    import nbformat

    for index, cell in enumerate(nb.cells):
        if cell.cell_type != "code" or not cell.outputs:
            continue
        info = cell.metadata.get("qualsynth", {})
        options = info.get("options", {})
        figures = _FigureNamer(info.get("label"), index, options)
        snippets = [
            _output_markdown(output, options, figures, resources["outputs"])
            for output in _coalesce_streams(cell.outputs)
        ]
        cell.outputs = [
            nbformat.v4.new_output("display_data", data={"text/markdown": f"\n{snippet}\n"})
            for snippet in snippets
            if snippet
        ]
    return nb, resources


def _coalesce_streams(outputs: list[Any]) -> Iterator[Any]:
    """Join runs of stdout (or stderr) pieces, which the kernel may send in several messages."""
    import nbformat

    run: Any = None
    for output in outputs:
        if output.output_type == "stream" and run is not None and run.name == output.name:
            run = nbformat.v4.new_output("stream", name=run.name, text=run.text + output.text)
            continue
        if run is not None:
            yield run
            run = None
        if output.output_type == "stream":
            run = output
        else:
            yield output
    if run is not None:
        yield run


class _FigureNamer:
    """Stable file names, ids and captions for a cell's images: the same input gives the same names."""

    def __init__(self, label: str | None, index: int, options: Mapping[str, Any]) -> None:
        self.label = label
        self.stem = re.sub(r"[^A-Za-z0-9_-]+", "-", label) if label else f"cell-{index}"
        self.options = options
        self.count = 0

    def next(self) -> tuple[str, str | None, str, str]:
        """File stem, id, caption and alt text for the next image of the cell."""
        self.count += 1
        n = self.count
        suffix = "" if n == 1 else f"-{n}"
        identifier = f"{self.label}{suffix}" if self.label else None
        caption, alt = _nth(self.options.get("fig-cap"), n), _nth(self.options.get("fig-alt"), n)
        return f"{self.stem}{suffix}", identifier, caption, alt


def _nth(value: Any, n: int) -> str:
    """Quarto allows one caption for all of a cell's figures, or a list with one per figure."""
    if isinstance(value, list):
        return str(value[n - 1]) if n <= len(value) else ""
    return "" if value is None else str(value)


def _output_markdown(output: Any, options: Mapping[str, Any], figures: _FigureNamer, images: dict[str, bytes]) -> str:
    """Markdown for one output; images are added to ``images`` under the name the Markdown uses."""
    asis = options.get("output") == "asis"
    kind = output.output_type
    if kind == "stream":
        text = clean_stream(output.text)
        if output.name == "stderr":
            return "" if options.get("warning") is False or not text.strip() else _fenced(text, "stderr")
        return text.strip("\n") if asis else _fenced(text, "stdout")
    if kind not in ("display_data", "execute_result"):
        return ""
    data = output.get("data", {})
    if "text/markdown" in data:
        return str(data["text/markdown"]).strip("\n")
    for mime, extension in (("image/png", "png"), ("image/jpeg", "jpg")):
        if mime in data:
            stem, identifier, caption, alt = figures.next()
            name = f"{stem}.{extension}"
            images[name] = base64.b64decode(data[mime])
            return _image_markdown(name, identifier, caption, alt)
    # An HTML table (e.g. a DataFrame) would not survive to DOCX; its text form does.
    if "text/plain" in data:
        text = clean_stream(str(data["text/plain"]))
        return text.strip("\n") if asis else _fenced(text, "display")
    log.warning("dropping an output with no Markdown, image or text form: %s", ", ".join(sorted(data)))
    return ""


def _fenced(text: str, stream: str) -> str:
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    fence = "`" * max(3, longest + 1)
    return f"{fence} {{.cell-output .cell-output-{stream}}}\n{text.rstrip()}\n{fence}"


def _image_markdown(name: str, identifier: str | None, caption: str, alt: str) -> str:
    attributes = [f"#{identifier}"] if identifier else []
    if caption:
        # pandoc 3 takes an image's alt text from an `alt` attribute when a caption is present.
        if alt:
            attributes.append(f'alt="{_quote_attribute(alt)}"')
        return f"![{caption}]({name}){_braced(attributes)}"
    # No caption: the alt text goes in the description, which both writers use; the escaped
    # space after the image keeps pandoc from making the lone image a captioned figure.
    description = _MARKDOWN_PUNCTUATION.sub(r"\\\1", alt)
    return f"![{description}]({name}){_braced(attributes)}\\ "


def _braced(attributes: list[str]) -> str:
    return "{" + " ".join(attributes) + "}" if attributes else ""


def _quote_attribute(text: str) -> str:
    return " ".join(text.replace("\\", "\\\\").replace('"', '\\"').split())

"""The fallback renderer's first half: read a ``.qmd`` into a notebook (jupytext's R Markdown reader,
then Quarto's ``#|`` options and inline expressions), and run it in a Jupyter kernel (nbclient),
with errors that name the chunk and its line.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import yaml

from qualsynth.errors import InputError, RenderError
from qualsynth.ingest.readers import split_front_matter

log = logging.getLogger(__name__)


KERNEL = "python3"


# Tags understood by nbconvert's TagRemovePreprocessor; set from the #| options.
REMOVE_CELL = "qualsynth-remove-cell"


REMOVE_INPUT = "qualsynth-remove-input"


REMOVE_OUTPUT = "qualsynth-remove-output"


_ANSI = re.compile(r"\x1b\[[0-9;?]*[ -/]*[@-~]")


_KERNEL_CELL_FILE = re.compile(r"\S*ipykernel_\d+[/\\]\d+\.py")


_FENCE = re.compile(r"^(`{3,}|~{3,})(.*)$")


_OPTION_LINE = re.compile(r"^#\|\s?")


INLINE = re.compile(r"`\{python\}[ \t]+([^`]+?)[ \t]*`")


def front_matter(text: str, qmd: Path) -> dict[str, Any]:
    """The document's YAML header, read the same way as the raw sources' headers."""
    try:
        return split_front_matter(text.replace("\r\n", "\n"), qmd)[0]
    except InputError as exc:
        raise RenderError(str(exc)) from None


def _chunk_lines(text: str) -> list[int]:
    """1-based line numbers of the ```{...} chunk openers, in order, skipping other fenced blocks."""
    lines: list[int] = []
    fence: str | None = None
    for number, line in enumerate(text.splitlines(), start=1):
        match = _FENCE.match(line.strip())
        if fence is None and match:
            fence = match.group(1)
            if match.group(2).strip().startswith("{"):
                lines.append(number)
        elif fence is not None and match and match.group(1).startswith(fence) and not match.group(2).strip():
            fence = None
    return lines


def read_qmd(text: str, qmd: Path, front: dict[str, Any]) -> Any:
    """The .qmd as a notebook ready to run: options applied, inline expressions given hidden cells."""
    import jupytext

    # comment_magics=False: jupytext would otherwise turn a comment such as "# %time" into a magic.
    fmt = {"extension": ".Rmd", "format_name": "rmarkdown", "comment_magics": False}
    notebook = jupytext.reads(text, fmt=fmt)
    if notebook.cells and notebook.cells[0].cell_type == "raw" and notebook.cells[0].source.startswith("---"):
        notebook.cells.pop(0)  # the front matter, which goes to pandoc as metadata instead
    code_count = sum(cell.cell_type == "code" for cell in notebook.cells)
    found = _chunk_lines(text)
    chunk_lines: list[int | None] = list(found) if len(found) == code_count else [None] * code_count
    defaults = front.get("execute") if isinstance(front.get("execute"), dict) else {}
    text_lines = text.splitlines()
    cells = []
    searched_from = 0  # inline expressions are looked for after the last chunk, for their line number
    for cell in notebook.cells:
        if cell.cell_type == "code":
            line = chunk_lines.pop(0)
            searched_from = line if line else searched_from
            cells.append(_prepare_code_cell(cell, line, defaults, qmd))
            continue
        first = INLINE.search(cell.source) if cell.cell_type == "markdown" else None
        if first:
            line = _find_line(text_lines, first.group(0).splitlines()[0], searched_from)
            searched_from = line if line else searched_from
            cells.append(_inline_cell(cell.source, line))
        cells.append(cell)
    notebook.cells = cells
    notebook.metadata["kernelspec"] = {"name": KERNEL, "display_name": "Python 3", "language": "python"}
    return notebook


def _find_line(lines: list[str], needle: str, start: int) -> int | None:
    """1-based number of the first line at or after 0-based ``start`` that contains ``needle``."""
    for index in range(start, len(lines)):
        if needle in lines[index]:
            return index + 1
    return None


def _split_options(source: str) -> tuple[str, str]:
    """Split a chunk into its leading ``#|`` option lines (as YAML) and the code after them."""
    lines = source.splitlines()
    count = 0
    while count < len(lines) and lines[count].startswith("#|"):
        count += 1
    options = "\n".join(_OPTION_LINE.sub("", line) for line in lines[:count])
    return options, "\n".join(lines[count:]).strip("\n")


def _prepare_code_cell(cell: Any, line: int | None, defaults: Mapping[str, Any], qmd: Path) -> Any:
    import nbformat

    language = cell.metadata.get("language")
    if language and (language.startswith(".") or language.lower() != "python"):
        # ```{.python} is Quarto's syntax for code shown but not run; a chunk in another
        # language cannot run in a Python kernel. Show both as code, as Quarto does.
        return nbformat.v4.new_markdown_cell(f"```{{.{language.lstrip('.')}}}\n{cell.source}\n```")
    option_text, code = _split_options(cell.source)
    try:
        options = yaml.safe_load(option_text) if option_text.strip() else {}
    except yaml.YAMLError as exc:
        raise RenderError(f"{qmd}, chunk at line {line}: the '#|' options do not parse: {exc}") from None
    if not isinstance(options, dict):
        raise RenderError(f"{qmd}, chunk at line {line}: '#|' options must be 'key: value' lines")
    options = {**defaults, **options}
    tags = []
    if options.get("include") is False:
        tags.append(REMOVE_CELL)
    if options.get("echo") is False or not code.strip():
        tags.append(REMOVE_INPUT)
    if options.get("output") is False:
        tags.append(REMOVE_OUTPUT)
    label = options.get("label")
    new = nbformat.v4.new_code_cell(code)
    new.metadata["tags"] = tags
    new.metadata["qualsynth"] = {"line": line, "label": str(label) if label else None, "options": options}
    return new


def _inline_cell(markdown: str, line: int | None) -> Any:
    """A hidden cell that prints, as one JSON list, ``str()`` of each inline expression in ``markdown``."""
    import nbformat

    expressions = [" ".join(match.group(1).split("\n")) for match in INLINE.finditer(markdown)]
    values = ", ".join(f"str(({expression}))" for expression in expressions)
    # __import__ keeps the document's namespace free of a name it did not define.
    cell = nbformat.v4.new_code_cell(f'print(__import__("json").dumps([{values}]))')
    cell.metadata["qualsynth"] = {"line": line, "label": None, "inline": expressions}
    return cell


def execute(notebook: Any, qmd: Path, env: dict[str, str], timeout: int) -> None:
    from jupyter_client.kernelspec import NoSuchKernel
    from nbclient import NotebookClient
    from nbclient.exceptions import (
        CellExecutionError,
        CellTimeoutError,
        DeadKernelError,
    )

    if not any(cell.cell_type == "code" for cell in notebook.cells):
        return  # nothing to run, so no kernel to start
    started: list[int] = []
    client = NotebookClient(
        notebook,
        kernel_name=KERNEL,
        timeout=timeout,
        allow_errors=False,
        record_timing=False,
        # Errors only: not a warning per render that the kernel talks to this process over local TCP.
        extra_arguments=["--IPKernelApp.log_level=ERROR"],
        # Quarto runs a document in its own folder, so relative paths in it mean the same here.
        resources={"metadata": {"path": str(qmd.parent)}},
        on_cell_start=lambda cell, cell_index: started.append(cell_index),
    )
    try:
        client.execute(env=env)
    except NoSuchKernel:
        raise RenderError(f"{qmd}: no Jupyter kernel named {KERNEL!r}; install ipykernel") from None
    except (CellExecutionError, CellTimeoutError, DeadKernelError) as exc:
        where = _where(qmd, notebook.cells[started[-1]]) if started else str(qmd)
        raise RenderError(f"{where}: {_failure(exc, timeout)}") from None


def _failure(exc: Exception, timeout: int) -> str:
    from nbclient.exceptions import CellExecutionError, CellTimeoutError

    if isinstance(exc, CellExecutionError):
        # The traceback names the cell's own lines, which the one-line summary cannot.
        return f"{exc.ename}: {strip_ansi(exc.evalue)}\n\n{strip_ansi(exc.traceback).strip()}"
    if isinstance(exc, CellTimeoutError):
        return f"the cell ran longer than {timeout} s"
    return f"the Python kernel died: {exc}"


def _where(qmd: Path, cell: Any) -> str:
    info = cell.metadata.get("qualsynth", {})
    line, label = info.get("line"), info.get("label")
    if "inline" in info:
        at = f" from line {line}" if line else ""
        return f"{qmd}, inline expressions{at} ({', '.join(info['inline'])})"
    parts = [f"chunk '{label}'"] if label else ["chunk"]
    if line:
        parts.append(f"at line {line}")
    return f"{qmd}, {' '.join(parts)}"


def strip_ansi(text: str) -> str:
    return _ANSI.sub("", text)


def clean_stream(text: str) -> str:
    """Terminal colours out, and the kernel's per-process cell file names (ipykernel_<pid>/<hash>.py,
    seen in warnings) replaced, so that the same document renders to the same bytes."""
    return _KERNEL_CELL_FILE.sub("<cell>", strip_ansi(text))

"""Render the Quarto report to HTML and DOCX: with Quarto when it is installed, else with a fallback.

The fallback honours the subset of Quarto that ``report/synthesis.qmd`` uses, built from maintained
libraries: jupytext reads the ``.qmd`` (as R Markdown, which shares its chunk syntax), nbclient runs
it in a ``python3`` kernel, nbconvert turns the executed notebook into Markdown, and the pandoc that
ships in the ``pypandoc-binary`` wheel writes a self-contained HTML file and a DOCX file.

Supported: YAML front matter (``title``, ``subtitle``, ``author``, ``date``, ``abstract``, ``lang``,
``toc``, ``format.html.css``, and ``execute`` defaults); the ``#|`` cell options ``echo``,
``output`` (``true``/``false``/``asis``), ``include``, ``warning``, ``label``, ``fig-cap`` and
``fig-alt``; inline ``{python}`` expressions; callouts (through ``filters/callouts.lua``).
"""

from __future__ import annotations

import base64
import functools
import json
import logging
import os
import re
import shutil
import subprocess
import tempfile
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime
from importlib import metadata, resources
from pathlib import Path
from typing import Any

import yaml

from qualsynth.errors import InputError
from qualsynth.ingest import split_front_matter

log = logging.getLogger(__name__)

ENGINE_ENV_VAR = "QUALSYNTH_RENDER_ENGINE"
ENGINES = ("auto", "quarto", "fallback")
FORMATS = ("html", "docx", "pdf")
DEFAULT_FORMATS = ("html", "docx")
# Quarto's name for each format, where it differs (its PDF through typst needs no LaTeX).
QUARTO_FORMATS = {"pdf": "typst"}
KERNEL = "python3"

# Tags understood by nbconvert's TagRemovePreprocessor; set from the #| options.
_REMOVE_CELL = "qualsynth-remove-cell"
_REMOVE_INPUT = "qualsynth-remove-input"
_REMOVE_OUTPUT = "qualsynth-remove-output"

_ANSI = re.compile(r"\x1b\[[0-9;?]*[ -/]*[@-~]")
_KERNEL_CELL_FILE = re.compile(r"\S*ipykernel_\d+[/\\]\d+\.py")
_FENCE = re.compile(r"^(`{3,}|~{3,})(.*)$")
_OPTION_LINE = re.compile(r"^#\|\s?")
_INLINE = re.compile(r"`\{python\}[ \t]+([^`]+?)[ \t]*`")
_MARKDOWN_PUNCTUATION = re.compile(r"([!-/:-@\[-`{-~])")
_CALLOUT_FILTER = "filters/callouts.lua"


@dataclass(frozen=True)
class RenderResult:
    """What was rendered, by which engine, and where the files are."""

    engine: str
    engine_version: str
    outputs: dict[str, Path]


class RenderError(RuntimeError):
    """The report could not be rendered; the message names the file and, where known, the chunk."""


# ---------------------------------------------------------------------------------------------
# Engine choice


def choose_engine(requested: str = "auto") -> str:
    """Resolve ``auto`` | ``quarto`` | ``fallback`` to the engine that will run.

    ``auto`` picks Quarto when a ``quarto`` binary is on PATH, else the fallback. Asking for
    ``quarto`` when it is not installed is an error rather than a silent switch, so a report
    never claims to be built by an engine that did not build it.
    """
    if requested not in ENGINES:
        raise RenderError(f"unknown report engine {requested!r}: use one of {', '.join(ENGINES)}")
    if requested == "fallback":
        return "fallback"
    if shutil.which("quarto"):
        return "quarto"
    if requested == "quarto":
        raise RenderError(
            "report.engine is 'quarto' but no 'quarto' command is on PATH. Install Quarto "
            "(for example by creating the conda environment in environment.yml, or from "
            "https://quarto.org/docs/get-started/), or set report.engine to 'fallback' or "
            "'auto' in config/config.yaml to render with the built-in fallback."
        )
    return "fallback"


def engine_description(engine: str) -> str:
    """One line naming the engine and its versions, e.g. ``Quarto 1.6.40``."""
    if engine == "quarto":
        return f"Quarto {_quarto_version()}"
    if engine == "fallback":
        return _fallback_description()
    raise RenderError(f"unknown report engine {engine!r}: use 'quarto' or 'fallback'")


def _quarto_version() -> str:
    quarto = shutil.which("quarto")
    if quarto is None:
        raise RenderError("no 'quarto' command on PATH")
    done = subprocess.run([quarto, "--version"], capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise RenderError(f"'quarto --version' failed: {done.stderr.strip()}")
    return done.stdout.strip()


@functools.cache
def _fallback_description() -> str:
    names = ("jupytext", "nbclient", "nbconvert")
    libraries = ", ".join(f"{name} {metadata.version(name)}" for name in names)
    return f"fallback: {libraries}, pandoc {pandoc_version()}"


@functools.cache
def pandoc_version() -> str:
    import pypandoc

    return str(pypandoc.get_pandoc_version())


@functools.cache
def _pandoc_path() -> str:
    import pypandoc

    return str(pypandoc.get_pandoc_path())


# ---------------------------------------------------------------------------------------------
# Entry point


def render_report(
    qmd: Path,
    out_dir: Path,
    *,
    engine: str = "auto",
    formats: tuple[str, ...] = DEFAULT_FORMATS,
    css: Path | None = None,
    env: dict[str, str] | None = None,
    timeout: int = 600,
) -> RenderResult:
    """Render ``qmd`` into ``out_dir/<stem>.<fmt>`` for each format in ``formats``.

    The kernel sees the current environment plus ``env``, plus ``QUALSYNTH_RENDER_ENGINE`` set to
    :func:`engine_description`, so the document can say which engine rendered it. ``css`` overrides
    the stylesheet named in the front matter (``format: html: css:``). ``timeout`` is the limit in
    seconds for one cell (fallback engine only). ``pdf`` is made through typst: Quarto's own, or
    in the fallback the ``typst`` package compiling pandoc's typst output; without either it is
    skipped with a logged notice, and missing from the result's outputs.
    """
    qmd = Path(qmd).resolve()
    out_dir = Path(out_dir).resolve()
    if not qmd.is_file():
        raise RenderError(f"{qmd}: no such report file")
    unknown = [fmt for fmt in formats if fmt not in FORMATS]
    if unknown or not formats:
        raise RenderError(f"cannot render to {unknown or 'no format'}: choose from {', '.join(FORMATS)}")
    chosen = choose_engine(engine)
    description = engine_description(chosen)
    kernel_env = {**os.environ, **(env or {}), ENGINE_ENV_VAR: description}
    out_dir.mkdir(parents=True, exist_ok=True)
    log.info("rendering %s to %s with %s", qmd.name, ", ".join(formats), description)
    if "pdf" in formats and chosen == "fallback" and not _typst_available():
        log.warning("skipping PDF: no typst engine (pip install typst, or render with Quarto)")
        formats = tuple(fmt for fmt in formats if fmt != "pdf")
    if chosen == "quarto":
        outputs = _render_with_quarto(qmd, out_dir, formats, css, kernel_env)
    else:
        outputs = _render_with_fallback(qmd, out_dir, formats, css, kernel_env, timeout)
    return RenderResult(engine=chosen, engine_version=description, outputs=outputs)


# ---------------------------------------------------------------------------------------------
# Quarto


def _render_with_quarto(
    qmd: Path, out_dir: Path, formats: tuple[str, ...], css: Path | None, env: dict[str, str]
) -> dict[str, Path]:
    quarto = shutil.which("quarto")
    assert quarto is not None  # choose_engine checked
    with tempfile.TemporaryDirectory(prefix="qualsynth-quarto-") as tmp:
        command = [
            quarto, "render", str(qmd),
            "--to", ",".join(QUARTO_FORMATS.get(fmt, fmt) for fmt in formats),
            "--output-dir", tmp,
            "-M", "embed-resources:true",
            # A kept-alive kernel from an earlier render would not see this render's environment.
            "--no-execute-daemon",
        ]
        if css is not None:
            command += ["-M", f"css:{Path(css).resolve()}"]
        log.info("running %s", " ".join(command))
        done = subprocess.run(command, cwd=qmd.parent, env=env, capture_output=True, text=True, check=False)
        if done.returncode != 0:
            raise RenderError(f"{qmd}: quarto render failed:\n{_strip_ansi(done.stderr).strip()}")
        return {fmt: _move_into(Path(tmp) / f"{qmd.stem}.{fmt}", out_dir, qmd) for fmt in formats}


def _move_into(made: Path, out_dir: Path, qmd: Path) -> Path:
    if not made.is_file():
        raise RenderError(f"{qmd}: the renderer did not produce {made.name}")
    target = out_dir / made.name
    shutil.move(made, target)
    return target


# ---------------------------------------------------------------------------------------------
# Fallback: read


def _render_with_fallback(
    qmd: Path,
    out_dir: Path,
    formats: tuple[str, ...],
    css: Path | None,
    env: dict[str, str],
    timeout: int,
) -> dict[str, Path]:
    text = qmd.read_text(encoding="utf-8")
    front = _front_matter(text, qmd)
    stylesheet = _stylesheet(css, front, qmd)
    log.info("reading %s", qmd.name)
    notebook = _read_qmd(text, qmd, front)
    log.info("executing %s in a %s kernel", qmd.name, KERNEL)
    _execute(notebook, qmd, env, timeout)
    log.info("converting the executed notebook to Markdown")
    markdown, images = _to_markdown(notebook)
    with tempfile.TemporaryDirectory(prefix="qualsynth-render-") as tmp:
        work = Path(tmp)
        source = work / f"{qmd.stem}.md"
        source.write_text(markdown, encoding="utf-8")
        for name, data in images.items():
            (work / name).write_bytes(data)
        meta = work / "metadata.yaml"
        meta_yaml = yaml.safe_dump(_pandoc_metadata(front, qmd), sort_keys=True, allow_unicode=True)
        meta.write_text(meta_yaml, encoding="utf-8")
        outputs = {}
        for fmt in formats:
            log.info("writing %s with pandoc %s", fmt, pandoc_version())
            made = work / "out" / f"{qmd.stem}.{fmt}"
            made.parent.mkdir(exist_ok=True)
            if fmt == "pdf":
                _typst_pdf(source, made, meta, _wants_toc(front), qmd, env)
            else:
                _pandoc(source, made, fmt, meta, stylesheet, _wants_toc(front), qmd, env)
            outputs[fmt] = _move_into(made, out_dir, qmd)
    return outputs


def _typst_available() -> bool:
    try:
        import typst  # noqa: F401
    except ImportError:
        return False
    return True


def _typst_pdf(source: Path, target: Path, meta: Path, toc: bool, qmd: Path, env: Mapping[str, str]) -> None:
    """pandoc writes typst, with every image copied beside it; the typst package compiles that to PDF."""
    import typst

    typ = source.with_suffix(".typ")  # beside media/, which its image paths are relative to
    _pandoc(source, typ, "typst", meta, None, toc, qmd, env, extra=["--standalone", "--extract-media", "media"])
    try:
        typst.compile(str(typ), output=str(target), root=str(source.parent))
    except Exception as exc:  # typst raises its own error types, with the line in the message
        raise RenderError(f"{qmd}: typst could not compile the PDF: {exc}") from None


def _front_matter(text: str, qmd: Path) -> dict[str, Any]:
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


def _read_qmd(text: str, qmd: Path, front: dict[str, Any]) -> Any:
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
        first = _INLINE.search(cell.source) if cell.cell_type == "markdown" else None
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
        tags.append(_REMOVE_CELL)
    if options.get("echo") is False or not code.strip():
        tags.append(_REMOVE_INPUT)
    if options.get("output") is False:
        tags.append(_REMOVE_OUTPUT)
    label = options.get("label")
    new = nbformat.v4.new_code_cell(code)
    new.metadata["tags"] = tags
    new.metadata["qualsynth"] = {"line": line, "label": str(label) if label else None, "options": options}
    return new


def _inline_cell(markdown: str, line: int | None) -> Any:
    """A hidden cell that prints, as one JSON list, ``str()`` of each inline expression in ``markdown``."""
    import nbformat

    expressions = [" ".join(match.group(1).split("\n")) for match in _INLINE.finditer(markdown)]
    values = ", ".join(f"str(({expression}))" for expression in expressions)
    # __import__ keeps the document's namespace free of a name it did not define.
    cell = nbformat.v4.new_code_cell(f'print(__import__("json").dumps([{values}]))')
    cell.metadata["qualsynth"] = {"line": line, "label": None, "inline": expressions}
    return cell


# ---------------------------------------------------------------------------------------------
# Fallback: execute


def _execute(notebook: Any, qmd: Path, env: dict[str, str], timeout: int) -> None:
    from jupyter_client.kernelspec import NoSuchKernel
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError, CellTimeoutError, DeadKernelError

    if not any(cell.cell_type == "code" for cell in notebook.cells):
        return  # nothing to run, so no kernel to start
    started: list[int] = []
    client = NotebookClient(
        notebook,
        kernel_name=KERNEL,
        timeout=timeout,
        allow_errors=False,
        record_timing=False,
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
        return f"{exc.ename}: {_strip_ansi(exc.evalue)}\n\n{_strip_ansi(exc.traceback).strip()}"
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


def _strip_ansi(text: str) -> str:
    return _ANSI.sub("", text)


def _clean_stream(text: str) -> str:
    """Terminal colours out, and the kernel's per-process cell file names (ipykernel_<pid>/<hash>.py,
    seen in warnings) replaced, so that the same document renders to the same bytes."""
    return _KERNEL_CELL_FILE.sub("<cell>", _strip_ansi(text))


# ---------------------------------------------------------------------------------------------
# Fallback: executed notebook -> Markdown


def _to_markdown(notebook: Any) -> tuple[str, dict[str, bytes]]:
    """Markdown for pandoc, and the images it refers to (file name -> bytes)."""
    from nbconvert import MarkdownExporter
    from traitlets.config import Config

    config = Config()
    config.TagRemovePreprocessor.enabled = True
    config.TagRemovePreprocessor.remove_cell_tags = {_REMOVE_CELL}
    config.TagRemovePreprocessor.remove_input_tags = {_REMOVE_INPUT}
    config.TagRemovePreprocessor.remove_all_outputs_tags = {_REMOVE_OUTPUT}
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
            cell.source = _INLINE.sub(lambda _match: next(values), cell.source)
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


def _output_markdown(
    output: Any, options: Mapping[str, Any], figures: _FigureNamer, images: dict[str, bytes]
) -> str:
    """Markdown for one output; images are added to ``images`` under the name the Markdown uses."""
    asis = options.get("output") == "asis"
    kind = output.output_type
    if kind == "stream":
        text = _clean_stream(output.text)
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
        text = _clean_stream(str(data["text/plain"]))
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


# ---------------------------------------------------------------------------------------------
# Fallback: pandoc


def _pandoc_metadata(front: Mapping[str, Any], qmd: Path) -> dict[str, Any]:
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


def _wants_toc(front: Mapping[str, Any]) -> bool:
    html = _format_options(front, "html")
    return bool(html.get("toc", front.get("toc", False)))


def _stylesheet(css: Path | None, front: Mapping[str, Any], qmd: Path) -> Path | None:
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
    with resources.as_file(resources.files("qualsynth").joinpath(_CALLOUT_FILTER)) as path:
        yield path


def _pandoc(
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
            _pandoc_path(), source.name,
            "--from", "markdown",
            "--to", "html5" if fmt == "html" else fmt,
            "--output", str(target),
            "--metadata-file", str(meta),
            "--lua-filter", str(lua),
            # Figures live beside the Markdown; images the document links itself are beside the .qmd.
            "--resource-path", os.pathsep.join([str(source.parent), str(qmd.parent)]),
        ]
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


def _pandoc_env(env: Mapping[str, str]) -> dict[str, str]:
    # pandoc stamps DOCX files with the time unless SOURCE_DATE_EPOCH fixes it; fix it so that
    # the same input gives the same bytes.
    return {**env, "SOURCE_DATE_EPOCH": env.get("SOURCE_DATE_EPOCH", "0")}

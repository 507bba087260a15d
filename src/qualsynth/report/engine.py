"""Render the Quarto report to HTML, DOCX and PDF: with Quarto when it is installed, else with the
fallback of :mod:`qualsynth.report.notebook`, :mod:`~qualsynth.report.markdown` and
:mod:`~qualsynth.report.pandoc`.

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

import functools
import json
import logging
import os
import shutil
import subprocess
import tempfile
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

import yaml

from qualsynth.errors import RenderError
from qualsynth.report.markdown import to_markdown
from qualsynth.report.notebook import (
    KERNEL,
    execute,
    front_matter,
    read_qmd,
    strip_ansi,
)
from qualsynth.report.pandoc import (
    move_into,
    pandoc,
    pandoc_metadata,
    pandoc_version,
    stylesheet_for,
    typst_available,
    typst_pdf,
    wants_toc,
)

log = logging.getLogger(__name__)


ENGINE_ENV_VAR = "QUALSYNTH_RENDER_ENGINE"


ENGINES = ("auto", "quarto", "fallback")


FORMATS = ("html", "docx", "pdf")


DEFAULT_FORMATS = ("html", "docx")


# Quarto's name for each format, where it differs (its PDF through typst needs no LaTeX).
QUARTO_FORMATS = {"pdf": "typst"}


@dataclass(frozen=True)
class RenderResult:
    """What was rendered, by which engine, and where the files are."""

    engine: str
    engine_version: str
    outputs: dict[str, Path]


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


def render_document(
    qmd: Path,
    out_dir: Path,
    *,
    engine: str = "auto",
    formats: tuple[str, ...] = DEFAULT_FORMATS,
    css: Path | None = None,
    env: dict[str, str] | None = None,
    timeout: int = 600,
    title: str | None = None,
) -> RenderResult:
    """Render ``qmd`` into ``out_dir/<stem>.<fmt>`` for each format in ``formats``.

    The kernel sees the current environment plus ``env``, plus ``QUALSYNTH_RENDER_ENGINE`` set to
    :func:`engine_description`, so the document can say which engine rendered it. ``css`` overrides
    the stylesheet named in the front matter (``format: html: css:``). ``timeout`` is the limit in
    seconds for one cell (fallback engine only). ``title``, where given, replaces the front matter's
    (the config's report.title for the synthesis report). ``pdf`` is made through typst: Quarto's own, or
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
    if "pdf" in formats and chosen == "fallback" and not typst_available():
        log.warning("skipping PDF: no typst engine (pip install typst, or render with Quarto)")
        formats = tuple(fmt for fmt in formats if fmt != "pdf")
    if chosen == "quarto":
        outputs = _render_with_quarto(qmd, out_dir, formats, css, kernel_env, title)
    else:
        outputs = _render_with_fallback(qmd, out_dir, formats, css, kernel_env, timeout, title)
    return RenderResult(engine=chosen, engine_version=description, outputs=outputs)


def _render_with_quarto(
    qmd: Path, out_dir: Path, formats: tuple[str, ...], css: Path | None, env: dict[str, str], title: str | None
) -> dict[str, Path]:
    quarto = shutil.which("quarto")
    assert quarto is not None  # choose_engine checked
    with tempfile.TemporaryDirectory(prefix="qualsynth-quarto-") as tmp:
        command = [
            quarto,
            "render",
            str(qmd),
            "--to",
            ",".join(QUARTO_FORMATS.get(fmt, fmt) for fmt in formats),
            "--output-dir",
            tmp,
            "-M",
            "embed-resources:true",
            # A kept-alive kernel from an earlier render would not see this render's environment.
            "--no-execute-daemon",
        ]
        if css is not None:
            command += ["-M", f"css:{Path(css).resolve()}"]
        if title is not None:
            # Quarto reads the value as YAML: quoted, a title with a colon stays a title.
            command += ["-M", f"title:{json.dumps(title)}"]
        log.info("running %s", " ".join(command))
        done = subprocess.run(command, cwd=qmd.parent, env=env, capture_output=True, text=True, check=False)
        if done.returncode != 0:
            raise RenderError(f"{qmd}: quarto render failed:\n{strip_ansi(done.stderr).strip()}")
        return {fmt: move_into(Path(tmp) / f"{qmd.stem}.{fmt}", out_dir, qmd) for fmt in formats}


def _render_with_fallback(
    qmd: Path,
    out_dir: Path,
    formats: tuple[str, ...],
    css: Path | None,
    env: dict[str, str],
    timeout: int,
    title: str | None,
) -> dict[str, Path]:
    text = qmd.read_text(encoding="utf-8")
    front = front_matter(text, qmd)
    if title is not None:
        front = {**front, "title": title}
    stylesheet = stylesheet_for(css, front, qmd)
    log.info("reading %s", qmd.name)
    notebook = read_qmd(text, qmd, front)
    log.info("executing %s in a %s kernel", qmd.name, KERNEL)
    execute(notebook, qmd, env, timeout)
    log.info("converting the executed notebook to Markdown")
    markdown, images = to_markdown(notebook)
    with tempfile.TemporaryDirectory(prefix="qualsynth-render-") as tmp:
        work = Path(tmp)
        source = work / f"{qmd.stem}.md"
        source.write_text(markdown, encoding="utf-8")
        for name, data in images.items():
            (work / name).write_bytes(data)
        meta = work / "metadata.yaml"
        meta_yaml = yaml.safe_dump(pandoc_metadata(front, qmd), sort_keys=True, allow_unicode=True)
        meta.write_text(meta_yaml, encoding="utf-8")
        (work / "out").mkdir()

        def convert(fmt: str) -> Path:
            made = work / "out" / f"{qmd.stem}.{fmt}"
            if fmt == "pdf":
                typst_pdf(source, made, meta, wants_toc(front), qmd, env)
            else:
                pandoc(source, made, fmt, meta, stylesheet, wants_toc(front), qmd, env)
            return made

        log.info("writing %s with pandoc %s", ", ".join(formats), pandoc_version())
        # Each format is its own pandoc (or typst) process, reading the same files: they run side by side.
        with ThreadPoolExecutor(max_workers=len(formats)) as pool:
            made = dict(zip(formats, pool.map(convert, formats)))
        return {fmt: move_into(made[fmt], out_dir, qmd) for fmt in formats}

"""The audit folder: archived notebooks, summaries and an index for someone who will not read code."""

from __future__ import annotations

import html
import json
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import nbformat
import pandas as pd

# Snakemake puts this first in every notebook it runs: its own machinery, with the build
# machine's paths in it; the archive leaves it out.
SNAKEMAKE_PREAMBLE = "######## snakemake preamble"


def archive_notebook(executed: Path, target: Path, root: Path) -> Path:
    """The executed notebook as standalone HTML, without Snakemake's preamble cell and with the
    checkout's absolute path written as "."."""
    from nbconvert import HTMLExporter

    notebook = nbformat.read(executed, as_version=4)
    notebook.cells = [c for c in notebook.cells if SNAKEMAKE_PREAMBLE not in "".join(c.source)]
    body, _ = HTMLExporter(embed_images=True).from_notebook_node(notebook)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(without_root(body, root), encoding="utf-8")
    return target


def without_root(text: str, root: Path) -> str:
    """``text`` with the checkout's absolute path (and its HTML-escaped form) replaced by "."."""
    for form in {str(root.resolve()), str(root), html.escape(str(root.resolve()))}:
        text = text.replace(form, ".")
    return text


def summary_table(frame: pd.DataFrame, column: str, label: str, count: str) -> pd.DataFrame:
    """Counts by one column, for exclusions by reason and redactions by category (never values)."""
    counts = frame[column].value_counts().sort_index() if len(frame) else pd.Series(dtype=int)
    return pd.DataFrame({label: counts.index.astype(str), count: counts.to_numpy(dtype=int)})


def write_index(target: Path, manifest: Mapping[str, Any], links: Sequence[tuple[str, str, str]]) -> Path:
    """``index.html``: what the audit folder holds (name, relative link, what it shows) and, from the
    manifest, every output with its rule, size and checksum."""
    rows = "\n".join(
        f"<tr><td><code>{html.escape(path)}</code></td><td>{html.escape(entry['rule'])}</td>"
        f"<td>{entry.get('rows', '')}</td><td>{entry['bytes']:,}</td><td><code>{entry['sha256'][:16]}…</code></td></tr>"
        for path, entry in manifest["outputs"].items()
    )
    items = "\n".join(
        f'<li><a href="{html.escape(href)}">{html.escape(name)}</a> — {html.escape(what)}</li>'
        for name, href, what in links
    )
    raw = manifest["raw_data"]
    page = f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Audit trail</title>
<style>body{{font-family:system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;line-height:1.5}}
table{{border-collapse:collapse;font-size:.9rem}}td,th{{border-bottom:1px solid #ddd;padding:.2rem .6rem;text-align:left}}</style>
</head><body>
<h1>Audit trail</h1>
<p>What went in, what each step made from it, and the checksums that let anyone confirm a rerun gives the
same bytes. Raw data: {len(raw["files"])} files under <code>{html.escape(raw["folder"])}</code>, checked
unchanged from the start of the run to its end. Codebook sha256 <code>{manifest["codebook"]["sha256"][:16]}…</code>;
configuration sha256 <code>{manifest["config_sha256"][:16]}…</code>; qualsynth {html.escape(manifest["qualsynth"]["version"])},
commit <code>{html.escape(manifest["qualsynth"]["git_commit"])}</code>.</p>
<h2>In this folder</h2>
<ul>
{items}
</ul>
<h2>Every output</h2>
<table><thead><tr><th>File</th><th>Made by rule</th><th>Rows</th><th>Bytes</th><th>sha256</th></tr></thead>
<tbody>
{rows}
</tbody></table>
</body></html>
"""
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(page, encoding="utf-8")
    return target


def read_json(path: Path) -> Any:
    return json.loads(Path(path).read_text(encoding="utf-8"))

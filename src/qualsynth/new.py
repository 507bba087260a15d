"""A new inquiry's project folder, outside the checkout (``make new DIR=../my-inquiry``).

    python -m qualsynth.new ../my-inquiry [--title "My inquiry"]

It holds a config with every key commented, a codebook template, the register and roster with their
headers, an empty human-codes folder and a README of the steps. The config stands alone: a run with
``make report CONFIG=../my-inquiry/config.yaml`` reads nothing of the demo's and writes only there.
"""

from __future__ import annotations

import argparse
import json
import sys
from importlib.resources import files
from pathlib import Path

from qualsynth.errors import InputError

TEMPLATE = files("qualsynth") / "templates" / "new"
IGNORED = """\
# What a run writes: rebuilt by make report. data/raw/ holds personal data: keep it out of public repositories.
data/processed/
report/_output/
logs/
.snakemake/
"""


def new_inquiry(folder: Path, title: str | None = None, checkout: Path | None = None) -> list[Path]:
    """Write the template into ``folder`` (which must be empty or absent, and outside ``checkout``)
    → the files written."""
    folder = folder.resolve()
    if checkout is not None and folder.is_relative_to(checkout.resolve()):
        raise InputError(
            f"{folder}: inside the qualsynth checkout. An inquiry's folder holds personal data and must live "
            "outside it: name a folder beside it, e.g. make new DIR=../my-inquiry"
        )
    if folder.exists() and any(folder.iterdir()):
        raise InputError(f"{folder}: the folder exists and is not empty; name a new folder (nothing was written).")
    title = title or folder.name.replace("-", " ").replace("_", " ").strip().capitalize() or "My inquiry"
    written: list[Path] = []
    with _as_path(TEMPLATE) as template:
        for source in sorted(p for p in template.rglob("*") if p.is_file()):
            target = folder / source.relative_to(template)
            target.parent.mkdir(parents=True, exist_ok=True)
            text = source.read_text(encoding="utf-8")
            if source.name == "config.yaml":  # quoted: a title may hold a colon
                text = text.replace("title: My inquiry", f"title: {json.dumps(title, ensure_ascii=False)}")
            elif source.name == "README.md":
                text = text.replace("My inquiry", title)
            target.write_text(text, encoding="utf-8")
            written.append(target)
    (folder / "data/raw/human_codes").mkdir(parents=True, exist_ok=True)
    (folder / ".gitignore").write_text(IGNORED, encoding="utf-8")
    return written + [folder / ".gitignore"]


def _as_path(traversable):
    from importlib.resources import as_file

    return as_file(traversable)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("folder", type=Path, help="the new inquiry's folder (outside this checkout)")
    parser.add_argument("--title", help="the report's title (default: from the folder's name)")
    args = parser.parse_args(argv)
    try:
        written = new_inquiry(args.folder, args.title, checkout=Path.cwd())
    except InputError as exc:
        print(exc, file=sys.stderr)
        return 1
    folder = args.folder.resolve()
    print(f"New inquiry in {folder}:")
    for path in written:
        print(f"  {path.relative_to(folder)}")
    print("  data/raw/human_codes/")
    print(
        f"\nNext: read {folder / 'README.md'}, put the raw data in data/raw/, fill config.yaml and codebook.yaml, then\n"
        f"  make check CONFIG={args.folder / 'config.yaml'}\n"
        f"  make report CONFIG={args.folder / 'config.yaml'}\n"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

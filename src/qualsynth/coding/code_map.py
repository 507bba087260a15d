"""How a QDA project's codes map onto the codebook: a CSV the user edits (``coding.qdpx_code_map``), drafted by
``make check``: a code named like a theme (its id or label, or a label with the same words) takes it, a child
code takes its parent's theme, a code with no coding is ignored, and the rest are left for the user."""

from __future__ import annotations

import difflib
import re
from pathlib import Path

import pandas as pd

from qualsynth.coding.codebook import Codebook
from qualsynth.coding.qda_project import SEPARATOR, Project
from qualsynth.coding.refiqda import NO_THEME_LABEL
from qualsynth.coding.sheet import NO_THEME
from qualsynth.errors import InputError, Problems

IGNORE = "ignore"
CODE_MAP_COLUMNS = ["code", "theme_id", "matched_by", "codings"]


def label_key(text: str) -> str:
    """A code's or theme's name as names are matched: words only, case ignored."""
    return " ".join(re.sub(r"[_\W]+", " ", text).split()).casefold()


def _words(text: str) -> set[str]:
    """The content words of a label, plural "s" aside."""
    stop = {"and", "of", "the", "a", "an", "in", "on", "to", "for", "among", "with", "by"}
    return {w.removesuffix("s") for w in label_key(text).split() if w not in stop}


def draft_code_map(project: Project, codebook: Codebook) -> pd.DataFrame:
    """A code map to edit: each code of the project with the theme it seems to be, and how it was matched
    (``theme id``, ``label``, ``same words as a label``, ``its parent``), or empty when no match was found."""
    by_key = {NO_THEME: NO_THEME, label_key(NO_THEME_LABEL): NO_THEME}
    for theme in codebook.themes:
        by_key[label_key(theme.id)] = theme.id
        by_key[label_key(theme.label)] = theme.id
    counts = project.codings_per_code()
    found: dict[str, tuple[str, str]] = {}
    rows = []
    for guid, path in project.codes.items():
        name = path.split(SEPARATOR)[-1]
        tagged = re.match(r"\[([a-z][a-z0-9_]*)\]", project.descriptions.get(guid, ""))
        parent = SEPARATOR.join(path.split(SEPARATOR)[:-1])
        theme, how = "", ""
        if tagged and label_key(tagged.group(1)) in by_key:
            theme, how = by_key[label_key(tagged.group(1))], "theme id in its description"
        elif label_key(name) in by_key:
            theme, how = (
                by_key[label_key(name)],
                "label" if label_key(name) != label_key(by_key[label_key(name)]) else "theme id",
            )
        else:
            same = [t.id for t in codebook.themes if _words(name) and _words(name) == _words(t.label)]
            if len(same) == 1:
                theme, how = same[0], "same words as a label: check"
            elif parent in found and found[parent][0] not in ("", IGNORE):
                theme, how = found[parent][0], "its parent"
            elif counts.get(guid, 0) == 0:
                theme, how = IGNORE, "no codings"
        found[path] = (theme, how)
        rows.append({"code": path, "theme_id": theme, "matched_by": how, "codings": counts.get(guid, 0)})
    return pd.DataFrame(rows, columns=CODE_MAP_COLUMNS)


def check_code_map(
    table: pd.DataFrame, project: Project, codebook: Codebook, where: Path
) -> tuple[dict[str, str], list[str]]:
    """The code map as {code path: theme id or ``ignore``} and every problem: a code of the project the
    map leaves undecided or lacks, a theme id the codebook lacks."""
    problems = Problems()
    themes = {t.id for t in codebook.themes} | {NO_THEME}
    missing = [c for c in ("code", "theme_id") if c not in table.columns]
    if missing:
        raise InputError(
            f"{where}: missing column(s) {', '.join(missing)}. The code map's header is {','.join(CODE_MAP_COLUMNS)}."
        )
    mapping: dict[str, str] = {}
    for index, row in table.iterrows():
        code, theme = " ".join(str(row["code"]).split()), str(row["theme_id"]).strip()
        line = int(index) + 2
        if not theme:
            problems.add(
                f"{where}, line {line}: code {code!r} is mapped to no theme. Write a theme id of the codebook, or "
                f"'{IGNORE}' if it is no theme (e.g. a code for good quotes).",
                kind=f"{where}: codes mapped to no theme",
                where=f"line {line}",
            )
        elif theme != IGNORE and theme not in themes:
            close = difflib.get_close_matches(theme, sorted(themes), n=1, cutoff=0.6)
            hint = f" Did you mean {close[0]!r}?" if close else ""
            problems.add(
                f"{where}, line {line}: {theme!r} is not a theme of the codebook.{hint} Write a theme id, or '{IGNORE}'."
            )
        else:
            mapping[code] = theme
    counts = project.codings_per_code()
    used = {path for guid, path in project.codes.items() if counts.get(guid, 0)}
    absent = sorted(used - set(mapping) - {" ".join(str(c).split()) for c in table["code"]})
    if absent:
        problems.add(
            f"{where}: the project's code(s) {', '.join(map(repr, absent[:5]))}{' …' if len(absent) > 5 else ''} "
            f"are not in the code map ({len(absent)} in all). Add a row for each, or delete the map and run make "
            "check to draft it again."
        )
    return mapping, problems.messages()

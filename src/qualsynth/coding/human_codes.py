"""Human codes, placed exactly on the passages they name (rule ``training_set``).

Two layouts are read, from CSV or Excel files (``human_codes`` in the config names a file, a folder of
them, or a list):

* a **coding sheet** as ``make sample`` writes it: one row per passage with ``segment_id``, ``coder``
  and ``theme_ids`` (ids separated by ``;``, ``none`` for a passage read and left uncoded, empty for
  one not coded yet);
* a **long table**: one row per code, ``coder, theme_id`` and the passage as ``segment_id`` or, in a
  hand-written file, as ``doc_id`` plus an ``anchor`` (a verbatim excerpt of the passage). An empty
  ``theme_id`` records a passage read and left uncoded.

Every row is placed on exactly one passage or reported with its reason: an anchor that matches no
passage or several, an unknown ``segment_id`` or theme is an error naming the file and line; a code
on a passage that has since left the corpus (its speaker withdrew consent, its document was
excluded) or on an interviewer's turn is reported, never used and never a silent guess.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from qualsynth.coding.code_files import human_code_files
from qualsynth.coding.sheet import NO_THEME
from qualsynth.errors import InputError, Problems
from qualsynth.ingest.inputs import read_table

CODE_COLUMNS = ["segment_id", "coder", "theme_id"]
PLACEMENT_COLUMNS = ["file", "line", "coder", "segment_id", "theme_id", "status", "reason"]
PLACED, NOT_PLACED, NOT_CODED = "placed", "not placed", "not coded yet"
# The human codes rule import_qdpx reads from a QDA project (in the processed folder).
IMPORTED_FILE = "human_codes_from_qdpx.csv"
# Tokens an anchor must avoid: pseudonyms, redaction tags, and capitalised words inside a sentence
# (which may be names that a later, stricter de-identification would replace).
_PSEUDONYM = re.compile(r"^(?:[A-Z]{2}\d{2}[A-Z]?|S-[0-9a-f]{8,12})\W*$")
_TAG = re.compile(r"\[[A-Z_]+\]")
_SAFE_CAPITALISED = {"I", "I'm", "I've", "I'd", "I'll", "I’m", "I’ve", "I’d", "I’ll"}
_THEME_SPLIT = re.compile(r"[;,\s]+")
_WITHDRAWN_TURN = re.compile(r"^turn (\d+) by ")


def anchor_for(text: str) -> str:
    """The longest run of words in ``text`` free of pseudonyms, tags and mid-sentence capitals."""
    tokens = list(re.finditer(r"\S+", text))
    best: tuple[int, int] = (0, 0)
    run_start = 0
    for index, token in enumerate(tokens + [None]):
        if token is None or not _safe(token.group(0), tokens[index - 1].group(0) if index else ""):
            if index - run_start > best[1] - best[0]:
                best = (run_start, index)
            run_start = index + 1
    if best[1] - best[0] == 0:
        return ""
    start, end = tokens[best[0]].start(), tokens[best[1] - 1].end()
    return text[start:end].strip(" ,;:—–-")


def _safe(word: str, previous: str) -> bool:
    if _PSEUDONYM.match(word) or _TAG.search(word):
        return False
    first = word.lstrip("\"'“‘(")[:1]
    sentence_start = previous == "" or previous.rstrip("\"'”’)").endswith((".", "!", "?", "…"))
    return not (first.isupper() and not sentence_start and word.strip("\"'“‘”’(),.;:!?") not in _SAFE_CAPITALISED)


def _normalise(text: str) -> str:
    return " ".join(text.split()).casefold()


@dataclass
class HumanCodes:
    """Placed codes (``segment_id, coder, theme_id``; an empty theme_id marks a passage read and left
    uncoded) and what became of every row of every file (``placement``, no text in it)."""

    codes: pd.DataFrame
    placement: pd.DataFrame

    def summary(self) -> dict[str, int]:
        counts = self.placement["status"].value_counts()
        return {
            "rows": len(self.placement),
            "placed": int(counts.get(PLACED, 0)),
            "not_placed": int(counts.get(NOT_PLACED, 0)),
            "not_coded_yet": int(counts.get(NOT_CODED, 0)),
        }


@dataclass(frozen=True)
class Corpus:
    """What placing a code needs to know about this run's passages and what left the corpus."""

    segments: pd.DataFrame
    excluded_documents: dict[str, str]  # doc_id → reason
    withdrawn_turns: frozenset[str]  # "<doc_id>-t<NNN>": turns removed because the speaker withdrew

    @classmethod
    def from_tables(cls, segments: pd.DataFrame, exclusions: pd.DataFrame | None = None) -> Corpus:
        exclusions = (
            exclusions if exclusions is not None else pd.DataFrame(columns=["unit", "doc_id", "reason", "detail"])
        )
        documents = exclusions[exclusions["unit"] == "document"]
        withdrawn = set()
        for row in exclusions[exclusions["reason"] == "consent_withdrawn"].itertuples():
            match = _WITHDRAWN_TURN.match(str(row.detail))
            if match:
                withdrawn.add(f"{row.doc_id}-t{int(match.group(1)):03d}")
        return cls(segments, dict(zip(documents["doc_id"], documents["reason"])), frozenset(withdrawn))


def read_code_file(path: Path) -> pd.DataFrame:
    """A CSV or Excel file of human codes as text columns."""
    if not path.exists():
        raise InputError(f"{path}: file not found. Check config key 'human_codes'.")
    if path.suffix.lower() == ".xlsx":
        try:
            frame = pd.read_excel(path, sheet_name=0, dtype=str, keep_default_na=False)
        except Exception as exc:  # openpyxl raises many kinds for a damaged workbook
            raise InputError(
                f"{path}: cannot be read as an Excel workbook ({exc}). Save it again from Excel "
                "as .xlsx, or as CSV UTF-8."
            ) from None
        return frame.apply(lambda col: col.astype(str).str.strip())
    if path.suffix.lower() != ".csv":
        raise InputError(f"{path}: human codes must be a .csv or .xlsx file. Save it as one of those.")
    return read_table(path)


def read_human_codes(
    paths: str | Path | Sequence[str | Path],
    corpus: Corpus,
    theme_ids: Iterable[str],
    theme_labels: dict[str, str] | None = None,
) -> HumanCodes:
    """Place every row of every human-codes file on one passage, or report why it is not placed."""
    themes = set(theme_ids)
    segments = corpus.segments
    known = segments.set_index("segment_id")
    by_doc = {doc: group for doc, group in segments.groupby("doc_id")}
    codes: list[dict[str, str]] = []
    placement: list[dict[str, object]] = []
    decided: dict[tuple[str, str], tuple[str, frozenset[str]]] = {}
    for path in human_code_files(paths):
        table = read_code_file(path)
        sheet = "theme_ids" in table.columns
        _check_columns(table, path, sheet)
        per_row: dict[tuple[str, str], set[str]] = {}
        for index, row in table.iterrows():
            line = int(index) + 2
            coder = row["coder"]
            if not coder:
                raise InputError(f"{path}, line {line}: the coder is empty. Write the coder's id (e.g. A).")
            wanted = _themes_of(row, path, line, sheet, themes, theme_labels or {})
            record = {
                "file": path.name,
                "line": line,
                "coder": coder,
                "segment_id": row.get("segment_id", ""),
                "theme_id": ";".join(sorted(wanted)) if wanted else "",
            }
            if wanted is None:
                placement.append({**record, "status": NOT_CODED, "reason": "theme_ids is empty"})
                continue
            segment_id, reason = _place(row, path, line, known, by_doc, corpus)
            if segment_id is None:
                placement.append({**record, "status": NOT_PLACED, "reason": reason})
                continue
            if not known.loc[segment_id, "is_participant"]:
                placement.append(
                    {
                        **record,
                        "segment_id": segment_id,
                        "status": NOT_PLACED,
                        "reason": "an interviewer's or facilitator's turn: only participants' passages are coded",
                    }
                )
                continue
            placement.append({**record, "segment_id": segment_id, "status": PLACED, "reason": ""})
            per_row.setdefault((segment_id, coder), set()).update(wanted or {""})
        for (segment_id, coder), found in per_row.items():
            found = frozenset(t for t in found if t) or frozenset({""})
            earlier = decided.get((segment_id, coder))
            if earlier and earlier[1] != found:
                raise InputError(
                    f"{path}: coder {coder} coded passage {segment_id} differently here and in {earlier[0]}. "
                    "Keep one coding of each passage per coder: remove the older file's rows or sheet."
                )
            decided[(segment_id, coder)] = (path.name, found)
            codes += [{"segment_id": segment_id, "coder": coder, "theme_id": t} for t in sorted(found)]
    table = pd.DataFrame(codes, columns=CODE_COLUMNS).drop_duplicates()
    table = table.sort_values(["coder", "segment_id", "theme_id"], kind="stable").reset_index(drop=True)
    return HumanCodes(table, pd.DataFrame(placement, columns=PLACEMENT_COLUMNS))


def code_file_problems(
    paths: str | Path | Sequence[str | Path], theme_ids: Iterable[str], theme_labels: dict[str, str] | None = None
) -> list[str]:
    """What can be wrong in the human-codes files before any passage exists: files, columns, coders and
    theme ids, every row of every file. Where each code lands is checked when the passages exist."""
    themes = set(theme_ids)
    problems = Problems()
    for path in human_code_files(paths):
        try:
            table = read_code_file(path)
            sheet = "theme_ids" in table.columns
            _check_columns(table, path, sheet)
        except InputError as exc:
            problems.add(str(exc))
            continue
        for index, row in table.iterrows():
            line = int(index) + 2
            if not row["coder"]:
                problems.add(f"{path}, line {line}: the coder is empty. Write the coder's id (e.g. A).")
            try:
                _themes_of(row, path, line, sheet, themes, theme_labels or {})
            except InputError as exc:
                problems.add(str(exc))
    return problems.messages()


def _check_columns(table: pd.DataFrame, path: Path, sheet: bool) -> None:
    if sheet:
        missing = [c for c in ("segment_id", "coder", "theme_ids") if c not in table.columns]
        layout = "a coding sheet needs segment_id, coder and theme_ids"
    else:
        missing = [c for c in ("coder", "theme_id") if c not in table.columns]
        if "segment_id" not in table.columns and not {"doc_id", "anchor"} <= set(table.columns):
            missing.append("segment_id (or doc_id and anchor)")
        layout = "a long table needs coder, theme_id and segment_id (or doc_id and anchor)"
    if missing:
        raise InputError(
            f"{path}: missing column(s) {', '.join(missing)}: {layout}. See data/raw/README.md, section human codes."
        )


def _themes_of(
    row: pd.Series, path: Path, line: int, sheet: bool, themes: set[str], labels: dict[str, str]
) -> set[str] | None:
    """The theme ids a row applies (an empty set: read, no theme), or None: not coded yet."""
    if sheet:
        cell = row["theme_ids"].strip()
        if not cell:
            return None
        values = [v for v in _THEME_SPLIT.split(cell) if v]
        if any(v.casefold() == NO_THEME for v in values):
            if len(values) > 1:
                raise InputError(
                    f"{path}, line {line}: theme_ids holds '{NO_THEME}' and theme ids. Write either "
                    f"'{NO_THEME}' or the themes that apply."
                )
            return set()
    else:
        values = [row["theme_id"]] if row["theme_id"] else []
    for value in values:
        if value not in themes:
            raise InputError(
                f"{path}, line {line}: theme {value!r} is not in the codebook.{_did_you_mean(value, themes, labels)} "
                "Correct the theme id or add the theme to the codebook."
            )
    return set(values)


def _did_you_mean(value: str, themes: set[str], labels: dict[str, str]) -> str:
    by_label = {label.casefold(): theme for theme, label in labels.items()}
    if value.casefold() in by_label:
        return f" It is the label of theme {by_label[value.casefold()]!r}: write the id."
    words = sorted(re.split(r"[_\s-]+", value.casefold()))
    same_words = [t for t in sorted(themes) if sorted(t.split("_")) == words]
    close = same_words or difflib.get_close_matches(value, sorted(themes), n=1, cutoff=0.6)
    return f" Did you mean {close[0]!r}?" if close else ""


def _place(
    row: pd.Series, path: Path, line: int, known: pd.DataFrame, by_doc: dict[str, pd.DataFrame], corpus: Corpus
) -> tuple[str | None, str]:
    """The passage a row names, or (None, why it is not placed); raises where the row is wrong."""
    segment_id = row.get("segment_id", "")
    anchor = row.get("anchor", "")
    doc_id = row.get("doc_id", "")
    if segment_id:
        if segment_id in known.index:
            if doc_id and known.loc[segment_id, "doc_id"] != doc_id:
                raise InputError(
                    f"{path}, line {line}: passage {segment_id} belongs to document "
                    f"{known.loc[segment_id, 'doc_id']!r}, not {doc_id!r}. Correct the doc_id or the segment_id."
                )
            if anchor and _normalise(anchor) not in _normalise(known.loc[segment_id, "text"]):
                raise InputError(
                    f"{path}, line {line}: passage {segment_id} does not contain the row's anchor: its text "
                    "changed since it was coded. Check the passage and code it again."
                )
            return segment_id, ""
        gone = _left_corpus(segment_id, doc_id, corpus)
        if gone:
            return None, gone
        if not anchor:
            raise InputError(
                f"{path}, line {line}: passage {segment_id!r} is not a passage of this run (the text or "
                "the segmentation changed since it was coded). Draw and code it again, or give an anchor."
            )
    if not anchor:
        raise InputError(f"{path}, line {line}: neither segment_id nor anchor is given. Name the passage.")
    doc_id = doc_id or segment_id.rsplit("-t", 1)[0]
    if doc_id in corpus.excluded_documents:
        return None, f"its document was excluded ({corpus.excluded_documents[doc_id].replace('_', ' ')})"
    passages = by_doc.get(doc_id)
    if passages is None:
        raise InputError(f"{path}, line {line}: document {doc_id!r} has no passages in this run. Check the doc_id.")
    wanted = _whole_words(_normalise(anchor))
    matches = [s for s, text in zip(passages["segment_id"], passages["text"]) if wanted.search(_normalise(text))]
    if len(matches) == 1:
        return matches[0], ""
    if not matches:
        if any(turn.startswith(f"{doc_id}-t") for turn in corpus.withdrawn_turns):
            return None, "no passage holds the anchor; the document lost turns whose speaker withdrew consent"
        raise InputError(
            f"{path}, line {line}: the anchor matches no passage of document {doc_id!r}. Copy it again "
            "from the passage (or the passage was split: give its segment_id instead)."
        )
    raise InputError(
        f"{path}, line {line}: the anchor matches {len(matches)} passages of document {doc_id!r} "
        f"({', '.join(matches[:3])}{'…' if len(matches) > 3 else ''}). Give the segment_id, or a longer anchor."
    )


def _whole_words(anchor: str) -> re.Pattern[str]:
    """The anchor as a pattern that does not start or end inside a word ("the" is not in "then")."""
    return re.compile(
        ("(?<!\\w)" if anchor[:1].isalnum() else "") + re.escape(anchor) + ("(?!\\w)" if anchor[-1:].isalnum() else "")
    )


def _left_corpus(segment_id: str, doc_id: str, corpus: Corpus) -> str:
    """Why a passage is no longer in the corpus, if it left it for a known reason."""
    turn = re.match(r"^(.*-t\d{3})-s\d{2}$", segment_id)
    if turn and turn.group(1) in corpus.withdrawn_turns:
        return "its speaker withdrew consent"
    for doc in filter(None, [doc_id, segment_id.rsplit("-t", 1)[0], re.sub(r"-r\d{4}q\d{2}-s\d{2}$", "", segment_id)]):
        if doc in corpus.excluded_documents:
            return f"its document was excluded ({corpus.excluded_documents[doc].replace('_', ' ')})"
    return ""


def imported_passages(placement: pd.DataFrame, coder: str) -> set[str]:
    """The passages ``coder`` coded in a QDA project only (rule ``import_qdpx``'s codes), not in a coding sheet."""
    mine = placement[(placement["coder"] == coder) & (placement["status"] == PLACED)]
    imported = mine["file"] == IMPORTED_FILE
    return set(mine.loc[imported, "segment_id"]) - set(mine.loc[~imported, "segment_id"])


def coded_units(
    codes: pd.DataFrame, segments: pd.DataFrame, coder: str, imported: set[str] = frozenset()
) -> pd.DataFrame:
    """For each unit ``coder`` coded any passage of: its participant passages, how many they coded,
    whether they coded them all (``complete``: only then is the unit's human coding known), and whether
    that coding was done in another tool (``imported``: every coded passage of the unit is in ``imported``),
    which makes it no sample of the rest."""
    said = segments[segments["is_participant"]]
    mine = codes[codes["coder"] == coder]
    touched = said[said["segment_id"].isin(set(mine["segment_id"]))]
    columns = ["unit_id", "passages", "passages_coded", "complete", "imported"]
    if touched.empty:
        return pd.DataFrame(
            {
                "unit_id": pd.Series(dtype=str),
                "passages": pd.Series(dtype="int64"),
                "passages_coded": pd.Series(dtype="int64"),
                "complete": pd.Series(dtype=bool),
                "imported": pd.Series(dtype=bool),
            }
        )
    coded = touched.groupby("unit_id")["segment_id"].nunique()
    total = said[said["unit_id"].isin(coded.index)].groupby("unit_id")["segment_id"].size()
    table = pd.DataFrame(
        {"unit_id": coded.index, "passages": total.reindex(coded.index).to_numpy(), "passages_coded": coded.to_numpy()}
    )
    table["complete"] = table["passages"] == table["passages_coded"]
    by_unit = touched.groupby("unit_id")["segment_id"].agg(lambda ids: set(ids) <= imported)
    table["imported"] = table["unit_id"].map(by_unit).astype(bool) & bool(imported)
    return table[columns].astype({"passages": "int64", "passages_coded": "int64"}).reset_index(drop=True)

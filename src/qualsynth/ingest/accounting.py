"""The accounting of the clean stage: every document, turn and survey row is a segment or an exclusion,
in each shard and once the shards are put together."""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd


class Accounts:
    """Running tallies for the end-of-stage check that nothing was lost."""

    def __init__(self) -> None:
        self.units_in = 0
        self.units_in_excluded_documents = 0
        self.survey_rows_in = 0
        self.survey_rows_empty = 0
        self.survey_rows_in_excluded_documents = 0
        self.placeholder_answers = 0


def assemble(frames: Sequence[pd.DataFrame]) -> pd.DataFrame:
    """One table from the shards' tables, in doc_id order (each shard's rows are already in it, and a
    stable sort keeps each document's rows as they were): the same bytes however the corpus was split."""
    whole = pd.concat([f for f in frames if len(f)] or frames[:1], ignore_index=True)
    return whole.sort_values("doc_id", kind="stable").reset_index(drop=True)


def check_assembled(documents: pd.DataFrame, segments: pd.DataFrame, exclusions: pd.DataFrame) -> None:
    """Fail loudly unless every registered document is in exactly one shard's segments or exclusions."""
    with_segments = set(segments["doc_id"])
    excluded = list(exclusions.loc[exclusions["unit"] == "document", "doc_id"])
    missing = set(documents["doc_id"]) - with_segments - set(excluded)
    if missing or with_segments & set(excluded) or len(excluded) != len(set(excluded)):
        raise AssertionError(
            f"accounting: {len(documents)} documents registered, {len(with_segments)} with segments and "
            f"{len(excluded)} excluded across the shards ({len(missing)} unaccounted for). Please report this as a bug."
        )


def check_accounting(
    documents: pd.DataFrame,
    segments: pd.DataFrame,
    exclusions: pd.DataFrame,
    redactions: pd.DataFrame,
    accounts: Accounts,
) -> dict[str, int]:
    """Fail loudly unless every document, unit and survey row is a segment or an exclusion."""
    excluded = exclusions
    excluded_docs = set(excluded.loc[excluded["unit"] == "document", "doc_id"])
    docs_with_segments = set(segments["doc_id"])
    n_docs = len(documents)
    if len(docs_with_segments) + len(excluded_docs) != n_docs or docs_with_segments & excluded_docs:
        raise AssertionError(
            f"accounting: {n_docs} documents in, {len(docs_with_segments)} with segments and "
            f"{len(excluded_docs)} excluded. Please report this as a bug."
        )
    unit_ids = segments["segment_id"].str.rsplit("-", n=1).str[0]
    units_segmented = int(unit_ids.nunique())
    units_excluded = int((excluded["unit"] == "turn").sum())
    if units_segmented + units_excluded + accounts.units_in_excluded_documents != accounts.units_in:
        raise AssertionError(
            f"accounting: {accounts.units_in} turns/answers in, but {units_segmented} segmented, "
            f"{units_excluded} excluded and {accounts.units_in_excluded_documents} in excluded documents. "
            "Please report this as a bug."
        )
    survey = segments[segments["segment_id"].str.contains(r"-r\d{4}q\d{2}-", regex=True)]
    rows_with_segments = int(survey["segment_id"].str.extract(r"^(.*-r\d{4})q")[0].nunique())
    if (
        rows_with_segments + accounts.survey_rows_empty + accounts.survey_rows_in_excluded_documents
        != accounts.survey_rows_in
    ):
        raise AssertionError(
            f"accounting: {accounts.survey_rows_in} survey rows in, {rows_with_segments} with segments and "
            f"{accounts.survey_rows_empty} without free text. Please report this as a bug."
        )
    return {
        "documents_in": n_docs,
        "documents_with_segments": len(docs_with_segments),
        "documents_excluded": len(excluded_docs),
        "units_in": accounts.units_in,
        "units_segmented": units_segmented,
        "units_excluded": units_excluded,
        "units_in_excluded_documents": accounts.units_in_excluded_documents,
        "survey_rows_in": accounts.survey_rows_in,
        "survey_rows_with_segments": rows_with_segments,
        "survey_rows_excluded": accounts.survey_rows_empty,
        "survey_rows_in_excluded_documents": accounts.survey_rows_in_excluded_documents,
        "survey_placeholder_answers": accounts.placeholder_answers,
        "segments": len(segments),
        "redactions": len(redactions),
    }

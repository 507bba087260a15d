"""Rule ``code_themes`` (notebook 01): the coders' codes combined into the machine codes, the reference
coder's codes put in their place wherever they coded, every unit's calibrated probability, agreement with
the human coders, and the record of what coded this. The notebook calls :func:`code_themes` and shows
what it returns."""

from __future__ import annotations

import hashlib
import json
import logging
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from qualsynth.coding.agreement import agreement_table, decision_frame
from qualsynth.coding.calibration import assemble_unit_scores, calibration_table
from qualsynth.coding.codebook import Codebook
from qualsynth.coding.combine import CALIBRATED, add_codes, assemble_codes, final_codes, with_human_codes
from qualsynth.coding.evidence import calibrated_codes, cut_offs
from qualsynth.coding.steps import read_codebook
from qualsynth.settings import Settings
from qualsynth.tables import read_parquet

log = logging.getLogger(__name__)


@dataclass
class CodedThemes:
    """What ``code_themes`` made: ``outputs`` by the rule's output names, and what the notebook shows."""

    outputs: dict[str, Any]
    codebook: Codebook
    said: pd.DataFrame  # participant passages
    coders: dict[str, pd.DataFrame]  # rules, supervised, semantic: each coder's own codes
    machine: pd.DataFrame
    reference: pd.DataFrame
    second: pd.DataFrame
    complete: set[str]  # units the reference coder coded in full
    combine: str
    semantic: str  # "off", "comparison" or "final"


def compared_coders(
    machine: pd.DataFrame, coders: dict[str, pd.DataFrame], without_semantic: pd.DataFrame, semantic: str
) -> list[tuple[str, pd.DataFrame]]:
    """The automatic codes measured against the reference coder, by name: the machine codes, each coder's
    own (the supervised coder's when it was trained), and with the semantic coder in the final codes, the
    machine codes without it."""
    compared = [("machine", machine), ("rules", coders["rules"])]
    if not coders["supervised"].empty:
        compared.append(("supervised", coders["supervised"]))
    if semantic != "off":
        compared.append(("semantic", coders["semantic"]))
    if semantic == "final":
        compared.append(("machine without semantic", without_semantic))
    return compared


def agreement(
    segments: pd.DataFrame,
    reference: pd.DataFrame,
    second: pd.DataFrame,
    compared: Sequence[tuple[str, pd.DataFrame]],
    theme_ids: Sequence[str],
    names: dict[str, str],
    min_reference_positives: int,
    n_bootstrap: int,
    seed: int,
) -> pd.DataFrame:
    """Agreement with the reference coder (``names["reference"]``) over the passages they coded: each of
    ``compared``, and the second coder on the passages both coded."""
    if reference.empty:
        return pd.DataFrame(columns=["comparison", "theme_id"])
    unit_of = dict(zip(segments["segment_id"], segments["unit_id"]))
    coded = sorted(reference["segment_id"].unique())
    options = dict(min_reference_positives=min_reference_positives, n_bootstrap=n_bootstrap, seed=seed)
    tables = [
        agreement_table(
            decision_frame(reference, other, coded, unit_of, theme_ids),
            f"{name} vs {names['reference']}",
            theme_ids,
            **options,
        )
        for name, other in compared
    ]
    if len(second):
        both = sorted(set(second["segment_id"]) & set(coded))
        tables.append(
            agreement_table(
                decision_frame(reference[reference["segment_id"].isin(both)], second, both, unit_of, theme_ids),
                f"{names['second']} vs {names['reference']}",
                theme_ids,
                **options,
            )
        )
    return pd.concat(tables, ignore_index=True)


def per_theme_agreement(table: pd.DataFrame, theme_ids: Sequence[str], names: dict[str, str]) -> pd.DataFrame:
    """The machine's agreement with the reference coder theme by theme, with the human–human kappa beside it
    where the second coder coded."""
    if table.empty:
        return pd.DataFrame()
    columns = ["reference_positives", "other_positives", "precision", "recall", "f1", "kappa", "flag"]
    machine = table[table["comparison"] == f"machine vs {names['reference']}"].set_index("theme_id")
    per_theme = machine.loc[list(theme_ids), columns]
    human = table[table["comparison"] == f"{names['second']} vs {names['reference']}"].set_index("theme_id")
    if len(human):
        per_theme["human_kappa"] = human.loc[list(theme_ids), "kappa"]
    return per_theme


def disagreements(
    per_theme: pd.DataFrame,
    reference: pd.DataFrame,
    machine: pd.DataFrame,
    segments: pd.DataFrame,
    themes: int = 3,
    per_side: int = 2,
) -> pd.DataFrame:
    """For the judged themes with the lowest F1: passages the reference coder gave the theme and the machine
    missed, and passages the machine gave it among those the coder read and left without it."""
    rows: list[dict[str, str]] = []
    if per_theme.empty:
        return pd.DataFrame(columns=["theme_id", "kind", "segment_id", "text"])
    text_of = dict(zip(segments["segment_id"], segments["text"]))
    judged = per_theme[per_theme["flag"] == ""].sort_values("f1").head(themes).index
    human = set(zip(reference["segment_id"], reference["theme_id"]))
    automatic = set(zip(machine["segment_id"], machine["theme_id"]))
    read = set(reference["segment_id"])
    for theme in judged:
        missed = sorted(s for s, t in human if t == theme and (s, theme) not in automatic)[:per_side]
        extra = sorted(s for s, t in automatic if t == theme and s in read and (s, theme) not in human)[:per_side]
        rows += [
            {"theme_id": theme, "kind": kind, "segment_id": s, "text": text_of[s]}
            for kind, found in [("missed", missed), ("extra", extra)]
            for s in found
        ]
    return pd.DataFrame(rows, columns=["theme_id", "kind", "segment_id", "text"])


def coverage(codes: pd.DataFrame, said: pd.DataFrame, theme_ids: Sequence[str]) -> pd.DataFrame:
    """Passages and units each theme's final codes cover."""
    return (
        codes.merge(said[["segment_id", "unit_id"]], on="segment_id")
        .groupby("theme_id")
        .agg(passages=("segment_id", "nunique"), units=("unit_id", "nunique"))
        .reindex(list(theme_ids), fill_value=0)
    )


def code_themes(
    segments: Path,
    rules: Sequence[Path],
    supervised: Sequence[Path],
    semantic: Sequence[Path],
    unit_scores: Sequence[Path],
    passage_scores: Sequence[Path],
    coded_units: Path,
    coder: Path,
    human_codes: Path,
    human_codes_files: Sequence[Path],
    codebook: Path,
    codebook_schema: Path,
    settings: Settings,
) -> CodedThemes:
    """The coding stage's results for the whole corpus, from what ``training_set``, ``train_coder`` and each
    shard's ``code_shard`` made."""
    coding = settings.coding
    names = {"reference": coding.coders.reference, "second": coding.coders.second}
    passages = read_parquet(segments)
    book = read_codebook(codebook, codebook_schema)
    theme_ids = [t.id for t in book.themes]
    human = read_parquet(human_codes)
    reference = human[human["coder"] == names["reference"]]
    second = human[human["coder"] == names["second"]]
    units_coded = read_parquet(coded_units)
    complete = set(units_coded.loc[units_coded["complete"], "unit_id"])
    said = passages[passages["is_participant"]]
    trained = set(json.loads(coder.read_text(encoding="utf-8"))["trained"])
    coders = {
        name: assemble_codes([read_parquet(p) for p in paths])
        for name, paths in [("rules", rules), ("supervised", supervised), ("semantic", semantic)]
    }
    mode = (
        "final"
        if coding.semantic.enabled and coding.semantic.in_final
        else ("comparison" if coding.semantic.enabled else "off")
    )
    shard_scores = pd.concat([read_parquet(p) for p in unit_scores], ignore_index=True)
    combine = coding.combine
    if combine == CALIBRATED and shard_scores["score"].isna().all():
        log.warning(
            "coding.combine is 'calibrated' but no unit is coded in full, so there are no calibrated probabilities: "
            "the machine codes are the rules and supervised coders' (union) until `make sample` draws units to code."
        )
        combine = "union"
    if combine == CALIBRATED:
        scored = pd.concat([read_parquet(p) for p in passage_scores], ignore_index=True)
        coders["calibrated"] = calibrated_codes(scored, cut_offs(shard_scores, scored, said))
        without_semantic = coders["calibrated"]
    else:
        without_semantic = final_codes(coders["rules"], coders["supervised"], trained, combine)
    machine = add_codes(without_semantic, coders["semantic"]) if mode == "final" else without_semantic
    codes = with_human_codes(machine, reference, names["reference"])
    scores = assemble_unit_scores(shard_scores, passages, machine, reference, complete, theme_ids)
    calibration = calibration_table(scores, theme_ids)
    table = agreement(
        passages,
        reference,
        second,
        compared_coders(machine, coders, without_semantic, mode),
        theme_ids,
        names,
        coding.min_human_codes,
        coding.bootstrap,
        coding.seed,
    )
    run = {
        "codebook_version": book.version,
        "codebook_sha256": book.sha256,
        "settings": {
            name: getattr(coding, name)
            for name in [
                "combine",
                "negation_window",
                "min_human_codes",
                "cv_folds",
                "bootstrap",
                "seed",
                "threshold_beta",
            ]
        },
        "coders": names,
        "human_codes_files": {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in human_codes_files},
        "reference_coded_passages": int(reference["segment_id"].nunique()),
        "reference_coded_units": len(complete),
        "second_coded_passages": int(second["segment_id"].nunique()),
        "second_coded_units": int(said.loc[said["segment_id"].isin(set(second["segment_id"])), "unit_id"].nunique()),
        "supervised_themes": sorted(trained),
        "semantic": {
            name: getattr(coding.semantic, name) for name in ["enabled", "in_final", "threshold", "batch_size"]
        },
        "calibration": calibration.set_index("theme_id").loc["ALL"].to_dict() if complete else None,
    }
    outputs = {
        "codes": codes,
        "machine_codes": machine,
        "unit_scores": scores,
        "agreement": table,
        "calibration": calibration,
        "run": run,
    }
    return CodedThemes(outputs, book, said, coders, machine, reference, second, complete, combine, mode)

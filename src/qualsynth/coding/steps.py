"""The machine-coding rules, one function each: read the rule's inputs, run the stage's logic, return
its outputs by the rule's output names (``workflow/scripts/<rule>.py`` writes them)."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from threadpoolctl import threadpool_limits

from qualsynth.coding import embeddings
from qualsynth.coding.calibration import codebook_references, coded_unit_scorer
from qualsynth.coding.codebook import Codebook, load_codebook
from qualsynth.coding.evidence import score_shard
from qualsynth.coding.human_codes import Corpus, coded_units, imported_passages, read_human_codes
from qualsynth.coding.pieces import pieces
from qualsynth.coding.rules import CODE_COLUMNS, rules_codes
from qualsynth.coding.semantic import predict_semantic, reference_texts, train_semantic
from qualsynth.coding.supervised import (
    codebook_examples,
    fold_probabilities,
    labelled_segments,
    predict_supervised,
    tfidf_rows,
    train_supervised,
)
from qualsynth.config import load_schema
from qualsynth.settings import Settings
from qualsynth.tables import read_parquet

log = logging.getLogger(__name__)


def read_codebook(codebook: Path, schema: Path) -> Codebook:
    """The codebook, checked against its schema."""
    return load_codebook(codebook, load_schema(schema))


def training_set(
    segments: Path,
    exclusions: Path,
    codebook: Path,
    codebook_schema: Path,
    human_codes: Sequence[Path],
    settings: Settings,
) -> dict[str, Any]:
    """The human codes placed on their passages (every row placed or reported), the units the reference
    coder coded in full, and the passages the supervised coder learns from."""
    passages = read_parquet(segments)
    themes = read_codebook(codebook, codebook_schema).themes
    corpus = Corpus.from_tables(passages, pd.read_csv(exclusions, dtype=str, keep_default_na=False))
    placed = read_human_codes(list(human_codes), corpus, [t.id for t in themes], {t.id: t.label for t in themes})
    human = placed.codes
    reference_id = settings.coding.coders.reference
    reference = human[human["coder"] == reference_id]
    units = coded_units(human, passages, reference_id, imported_passages(placed.placement, reference_id))
    training = labelled_segments(passages, reference).sort_values("segment_id").reset_index(drop=True)
    summary = placed.summary()
    log.info(
        "%d rows of human codes: %d placed on passages, %d not placed, %d not coded yet (see "
        "human_codes_placement.csv)",
        summary["rows"],
        summary["placed"],
        summary["not_placed"],
        summary["not_coded_yet"],
    )
    not_placed = placed.placement.loc[placed.placement["status"] == "not placed", "reason"]
    for reason, count in not_placed.value_counts().items():
        log.warning("%d row(s) not placed: %s", count, reason)
    log.info(
        "coder %s coded %d passages; %d units in full, %d in part",
        reference_id,
        len(training),
        int(units["complete"].sum()),
        int((~units["complete"]).sum()),
    )
    return {"human_codes": human, "placement": placed.placement, "coded_units": units, "training": training}


def embed_shard(segments: Path, settings: Settings) -> dict[str, Any]:
    """Sentence embeddings of one shard's participant passages, and the device that computed them."""
    passages = read_parquet(segments)
    said = passages[passages["is_participant"]].sort_values("segment_id")
    device = embeddings.device()
    model = embeddings.load_model(device)
    vectors = embeddings.embed(model, said["text"].tolist(), settings.coding.semantic.batch_size)
    log.info("%d passages embedded on %s", len(said), device)
    return {
        "embeddings": pd.DataFrame({"segment_id": said["segment_id"].to_numpy(), "embedding": list(vectors)}),
        "device": embeddings.describe_device(device),
    }


def train_coder(
    human_codes: Path,
    training: Path,
    coded_units: Path,
    codebook: Path,
    codebook_schema: Path,
    settings: Settings,
    workers: int = 1,
) -> dict[str, Any]:
    """The supervised coder (and the semantic coder's cut-offs, when on), trained once on the human-coded
    sample, and the calibration from passage codes to a probability per unit; the classifiers fitted
    over ``workers`` threads."""
    themes = read_codebook(codebook, codebook_schema).themes
    coding = settings.coding
    human = read_parquet(human_codes)
    reference = human[human["coder"] == coding.coders.reference]
    labelled = read_parquet(training)
    complete = set(read_parquet(coded_units).query("complete")["unit_id"])
    # BLAS on one thread: the fits' results would otherwise depend on how many it gets, so on the machine;
    # the rule's threads go to the themes' fits instead (map_in_threads).
    with threadpool_limits(limits=1):
        supervised = train_supervised(labelled, reference, themes, coding, workers) if len(labelled) else None
    semantic = None
    vectors = references = seed_vectors = None
    if coding.semantic.enabled:
        model = embeddings.load_model()
        batch = coding.semantic.batch_size
        vectors = embeddings.embed(model, labelled["text"].tolist(), batch)
        texts, _ = reference_texts(themes)
        semantic = train_semantic(
            themes,
            embeddings.embed(model, texts, batch),
            labelled,
            vectors,
            reference,
            coding,
            coding.semantic.threshold,
        )
        codebook_texts, owner, kind = codebook_references(themes)
        references = (embeddings.embed(model, codebook_texts, batch), owner, kind)
        seed_vectors = embeddings.embed(model, codebook_examples(themes)[0], batch)
        log.info(
            "semantic coder: cut-offs calibrated on the human codes for %d of %d themes; the config's %.2f for "
            "the rest",
            len(semantic.calibrated),
            len(themes),
            coding.semantic.threshold,
        )
    else:
        log.info(
            "semantic coder: off (coding.semantic.enabled is false%s)",
            "" if embeddings.available() else "; the semantic extra is not installed",
        )
    rules = rules_codes(labelled.assign(is_participant=True), themes, coding.negation_window)
    with threadpool_limits(limits=1):
        calibration = coded_unit_scorer(
            labelled,
            reference,
            complete,
            rules,
            themes,
            coding.cv_folds,
            vectors,
            references,
            seed_vectors,
            coding.seed,
            coding.classifiers,
            workers,
        )
    _log_training(supervised, calibration, len(labelled), len(themes))
    summary = {
        "trained": sorted(supervised.trained) if supervised else [],
        "fold_thresholds": (
            {t: [round(float(c), 6) for _, c in m] for t, m in sorted(supervised.models.items())} if supervised else {}
        ),
        "reference_coded_passages": len(labelled),
        "semantic": (
            {
                "calibrated": sorted(semantic.calibrated),
                "thresholds": {t: c for t, c in sorted(semantic.thresholds.items())},
                "model": embeddings.MODEL,
            }
            if semantic
            else None
        ),
        "calibration": calibration.summary if calibration else None,
    }
    return {"coder": {"supervised": supervised, "semantic": semantic, "scorer": calibration}, "summary": summary}


def _log_training(supervised: Any, calibration: Any, passages: int, themes: int) -> None:
    if supervised is None:
        log.info("no human codes: the supervised coder is not trained")
    else:
        log.info(
            "supervised coder trained on %d passages for %d of %d themes", passages, len(supervised.trained), themes
        )
    if calibration is None:
        log.info("no unit coded in full: machine shares will be reported uncorrected")
    else:
        log.info(
            "unit calibration on %(coded_units)d units coded in full, %(folds)d folds: %(expected_positives)s "
            "expected vs %(human_positives)d human positives (raw machine: %(raw_machine_positives)d)",
            calibration.summary,
        )


def code_shard(
    segments: Path,
    coder: Path,
    embeddings_file: Path | None,
    codebook: Path,
    codebook_schema: Path,
    settings: Settings,
    workers: int = 1,
) -> dict[str, Any]:
    """The rules, supervised and (when on) semantic coders on one shard's passages, and each of its units'
    probability that the reference coder would find each theme there."""
    import joblib

    passages = read_parquet(segments)
    themes = read_codebook(codebook, codebook_schema).themes
    theme_ids = [t.id for t in themes]
    rules = rules_codes(passages, themes, settings.coding.negation_window, workers)
    trained = joblib.load(coder)
    none = pd.DataFrame(columns=CODE_COLUMNS)
    shard = pieces(passages)  # participant passages in segment_id order, and the units they make up
    supervised = none
    if trained["supervised"] is not None:
        x = tfidf_rows(trained["supervised"], shard.passages)
        fold_p = fold_probabilities(trained["supervised"], shard.passages, x)
        supervised = predict_supervised(trained["supervised"], passages, fold_p, x)
    semantic = none
    vectors = None
    if embeddings_file is not None:
        by_id = read_parquet(embeddings_file).set_index("segment_id")["embedding"]
        vectors = np.vstack([np.asarray(by_id[s], dtype=np.float32) for s in shard.passages["segment_id"]])
        if trained["semantic"] is not None:
            semantic = predict_semantic(trained["semantic"], passages, read_parquet(embeddings_file))
    scores, passages_scored = score_shard(trained.get("scorer"), shard, rules, theme_ids, vectors)
    log.info(
        "%d participant passages in %d units: %d rules codes, %d supervised codes, %d semantic codes",
        int(passages["is_participant"].sum()),
        int((shard.table["role"] == "").sum()),
        len(rules),
        len(supervised),
        len(semantic),
    )
    return {
        "rules": rules,
        "supervised": supervised,
        "semantic": semantic,
        "unit_scores": scores,
        "passage_scores": passages_scored,
    }

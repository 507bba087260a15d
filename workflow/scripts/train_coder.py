"""Rule train_coder: train the supervised coder (and calibrate the semantic coder, when on) once on
the human-coded sample, and the calibration from passage codes to a probability per unit → coder.joblib."""
from pathlib import Path

import joblib

from qualsynth.coding import embeddings
from qualsynth.coding.calibration import coded_unit_calibration
from qualsynth.coding.codebook import load_codebook
from qualsynth.coding.rules import CodingSettings, rules_codes
from qualsynth.coding.semantic import reference_texts, train_semantic
from qualsynth.coding.supervised import train_supervised
from qualsynth.config import load_schema
from qualsynth.logs import clear_errors, start_log
from qualsynth.tables import atomic, read_parquet, write_json

log = start_log(snakemake.log[0], "train_coder")
with clear_errors(log):
    codebook = load_codebook(Path(snakemake.input.codebook), load_schema(Path(snakemake.input.schema)))
    theme_ids = [t.id for t in codebook.themes]
    settings = CodingSettings(**snakemake.params.coding)
    semantic_config = snakemake.params.semantic
    human = read_parquet(Path(snakemake.input.human_codes))
    reference = human[human["coder"] == snakemake.params.coders["reference"]]
    training = read_parquet(Path(snakemake.input.training))
    coded_units = read_parquet(Path(snakemake.input.coded_units))
    supervised = train_supervised(training, reference, codebook.themes, settings) if len(training) else None
    semantic = None
    if semantic_config["enabled"]:
        model = embeddings.load_model()
        texts, _ = reference_texts(codebook.themes)
        batch = semantic_config["batch_size"]
        semantic = train_semantic(codebook.themes, embeddings.embed(model, texts, batch), training,
                                  embeddings.embed(model, training["text"].tolist(), batch), reference, settings,
                                  semantic_config["threshold"])
        log.info("semantic coder: cut-offs calibrated on the human codes for %d of %d themes; the config's %.2f for "
                 "the rest", len(semantic.calibrated), len(codebook.themes), semantic_config["threshold"])
    else:
        log.info("semantic coder: off (semantic.enabled is false%s)",
                 "" if embeddings.available() else "; the semantic extra is not installed")
    complete = set(coded_units.loc[coded_units["complete"], "unit_id"])
    rules = rules_codes(training.assign(is_participant=True), codebook.themes, settings.negation_window)
    calibration = coded_unit_calibration(training, reference, complete, rules, theme_ids, supervised,
                                         settings.cv_folds, settings.seed)
    with atomic(Path(snakemake.output.coder)) as partial:
        joblib.dump({"supervised": supervised, "semantic": semantic, "calibration": calibration}, partial, compress=3)
    summary = {
        "trained": sorted(supervised.trained) if supervised else [],
        "fold_thresholds": ({t: [round(float(c), 6) for _, c in m] for t, m in sorted(supervised.models.items())}
                            if supervised else {}),
        "reference_coded_passages": len(training),
        "semantic": ({"calibrated": sorted(semantic.calibrated),
                      "thresholds": {t: c for t, c in sorted(semantic.thresholds.items())},
                      "model": embeddings.MODEL} if semantic else None),
        "calibration": calibration.summary if calibration else None,
    }
    write_json(summary, Path(snakemake.output.summary))
    if supervised is None:
        log.info("no human codes: the supervised coder is not trained")
    else:
        log.info("supervised coder trained on %d passages for %d of %d themes", len(training),
                 len(supervised.trained), len(codebook.themes))
    if calibration is None:
        log.info("no unit coded in full: machine shares will be reported uncorrected")
    else:
        log.info("unit calibration on %(coded_units)d units coded in full, %(folds)d folds: %(expected_positives)s "
                 "expected vs %(human_positives)d human positives (raw machine: %(raw_machine_positives)d)",
                 calibration.summary)

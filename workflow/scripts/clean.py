"""Rule clean: parse, attribute, de-identify and segment → segments.parquet and audit tables."""
from pathlib import Path

from qualsynth.clean import CleanSettings, clean
from qualsynth.config import load_schema
from qualsynth.inputs import read_roster, waves_from_config
from qualsynth.logs import clear_errors, start_log
from qualsynth.tables import read_parquet, write_csv, write_parquet

log = start_log(snakemake.log[0], "clean")
with clear_errors(log):
    raw_dir = Path(snakemake.params.raw_dir)
    roster = read_roster(raw_dir, load_schema(Path(snakemake.input.schema)), snakemake.params.roles)
    settings = CleanSettings(
        interviewer_labels=snakemake.params.interviewer_labels,
        segment_max_words=snakemake.params.segment_max_words,
        waves=waves_from_config(snakemake.params.waves),
        surveys=snakemake.params.surveys,
        on_bad_document=snakemake.params.on_bad_document,
        places=snakemake.params.places,
        redact_terms=snakemake.params.redact_terms,
        detect_third_party_names=snakemake.params.detect_third_party_names,
        workers=snakemake.threads,
    )
    result = clean(read_parquet(Path(snakemake.input.documents)), roster, raw_dir, settings)
    out_dir = Path(snakemake.output.deidentified)
    out_dir.mkdir(parents=True, exist_ok=True)
    for doc_id, text in sorted(result.texts.items()):
        (out_dir / f"{doc_id}.txt").write_text(text, encoding="utf-8", newline="\n")
    write_parquet(result.segments, Path(snakemake.output.segments))
    write_csv(result.exclusions, Path(snakemake.output.exclusions))
    write_csv(result.redactions, Path(snakemake.output.redactions))
    write_parquet(result.likert, Path(snakemake.output.likert))
    for key, value in result.counts.items():
        log.info("%s: %d", key, value)

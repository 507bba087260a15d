rule validate_inputs:
    input:
        register=RAW / "documents.csv",
        roster=RAW / "participants.csv",
        sources=raw_sources,
        schema="workflow/schemas/register.schema.yaml",
    output:
        documents=processed("documents.parquet"),
    params:
        raw_dir=lambda wildcards, input: str(Path(input.register).parent),
        waves=config["waves"],
        methods=config["methods"],
    log:
        LOGS / "validate_inputs.log",
    benchmark:
        BENCH / "validate_inputs.tsv"
    conda:
        ENV
    script:
        "../scripts/validate_inputs.py"


rule clean:
    input:
        documents=processed("documents.parquet"),
        roster=RAW / "participants.csv",
        sources=raw_sources,
        schema="workflow/schemas/roster.schema.yaml",
    output:
        segments=processed("segments.parquet"),
        deidentified=directory(processed("deidentified")),
        exclusions=report(processed("exclusions.csv"), caption="../report/exclusions.rst", category="Accounting"),
        redactions=report(processed("redactions.csv"), caption="../report/redactions.rst", category="Accounting"),
        likert=processed("likert.parquet"),
    params:
        raw_dir=lambda wildcards, input: str(Path(input.roster).parent),
        roles=config["roles"],
        interviewer_labels=config["interviewer_labels"],
        segment_max_words=config["segment_max_words"],
        waves=config["waves"],
        surveys=config.get("surveys"),
        on_bad_document=config["on_bad_document"],
        places=config.get("places"),
        redact_terms=config["redact_terms"],
        detect_third_party_names=config["detect_third_party_names"],
    threads: workflow.cores
    log:
        LOGS / "clean.log",
    benchmark:
        BENCH / "clean.tsv"
    conda:
        ENV
    script:
        "../scripts/clean.py"

rule validate_inputs:
    input:
        register=RAW / "documents.csv",
        roster=RAW / "participants.csv",
        sources=raw_sources,
        schema=qualsynth_file("workflow/schemas/register.schema.yaml"),
    output:
        documents=processed("documents.parquet"),
    log:
        LOGS / "validate_inputs.log",
    benchmark:
        BENCH / "validate_inputs.tsv"
    conda:
        ENV
    params:
        raw_dir=lambda wildcards, input: str(Path(input.register).parent),
        support=raw_support_files(),
        settings=params_for(config, "validate_inputs"),
    script:
        "../scripts/validate_inputs.py"


# A checkpoint, so that Snakemake looks again after it runs: when an edit leaves the corpus-wide
# scan unchanged (the usual case), only the edited document's shard is cleaned again.
# The sources themselves are not listed as inputs here or in clean_shard: the register
# (documents.parquet, and each shard's rows of it) carries every source's sha256, so an edited source
# reruns what reads it, and Snakemake checks thousands fewer files on every start.
checkpoint scan_corpus:
    input:
        documents=processed("documents.parquet"),
        roster=RAW / "participants.csv",
        schema=qualsynth_file("workflow/schemas/roster.schema.yaml"),
    output:
        scan=processed("shards/scan.json"),
        registers=shard_outputs(processed("shards/register/{shard}.parquet")),
    log:
        LOGS / "scan_corpus.log",
    benchmark:
        BENCH / "scan_corpus.tsv"
    conda:
        ENV
    # Nothing else can run while the corpus is scanned: it reads the documents on every core.
    threads: min(4, workflow.cores)
    params:
        raw_dir=lambda wildcards, input: str(Path(input.roster).parent),
        settings=params_for(config, "scan_corpus"),
    script:
        "../scripts/scan_corpus.py"


rule clean_shard:
    input:
        documents=after("scan_corpus", processed("shards/register/{shard}.parquet")),
        roster=RAW / "participants.csv",
        scan=after("scan_corpus", processed("shards/scan.json")),
        schema=qualsynth_file("workflow/schemas/roster.schema.yaml"),
    output:
        segments=processed("shards/clean/{shard}/segments.parquet"),
        deidentified=directory(processed("shards/clean/{shard}/deidentified")),
        exclusions=processed("shards/clean/{shard}/exclusions.csv"),
        redactions=processed("shards/clean/{shard}/redactions.csv"),
        likert=processed("shards/clean/{shard}/likert.parquet"),
        review=sensitive("shards/{shard}/deidentification_review.csv"),
        counts=processed("shards/clean/{shard}/counts.json"),
    log:
        LOGS / "clean_shard/{shard}.log",
    benchmark:
        BENCH / "clean_shard/{shard}.tsv"
    wildcard_constraints:
        shard=r"\d+",
    conda:
        ENV
    threads: max(1, workflow.cores // len(SHARDS))
    resources:
        mem_mb=2000,
    params:
        raw_dir=lambda wildcards, input: str(Path(input.roster).parent),
        shards=len(SHARDS),
        settings=params_for(config, "clean_shard"),
    script:
        "../scripts/clean_shard.py"


rule clean:
    input:
        documents=processed("documents.parquet"),
        segments=shard_outputs(processed("shards/clean/{shard}/segments.parquet")),
        deidentified=shard_outputs(processed("shards/clean/{shard}/deidentified")),
        exclusions=shard_outputs(processed("shards/clean/{shard}/exclusions.csv")),
        redactions=shard_outputs(processed("shards/clean/{shard}/redactions.csv")),
        likert=shard_outputs(processed("shards/clean/{shard}/likert.parquet")),
        counts=shard_outputs(processed("shards/clean/{shard}/counts.json")),
        review=shard_outputs(sensitive("shards/{shard}/deidentification_review.csv")),
    output:
        segments=processed("segments.parquet"),
        units=processed("units.parquet"),
        deidentified=directory(processed("deidentified")),
        exclusions=report(
            processed("exclusions.csv"),
            caption="../report/exclusions.rst",
            category="Accounting",
        ),
        redactions=report(
            processed("redactions.csv"),
            caption="../report/redactions.rst",
            category="Accounting",
        ),
        likert=processed("likert.parquet"),
        review=sensitive("deidentification_review.csv"),
    log:
        LOGS / "clean.log",
    benchmark:
        BENCH / "clean.tsv"
    conda:
        ENV
    script:
        "../scripts/clean.py"

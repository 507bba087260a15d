# A checkpoint, so that Snakemake looks again after it runs: when an edit leaves the human-coded
# sample unchanged (the usual case), the supervised coder is not trained again.
checkpoint training_set:
    input:
        segments=processed("segments.parquet"),
        exclusions=processed("exclusions.csv"),
        codebook=config["codebook"],
        schema=qualsynth_file("workflow/schemas/codebook.schema.yaml"),
        human_codes=human_codes_input,
    output:
        human_codes=processed("shards/human_codes.parquet"),
        placement=processed("human_codes_placement.csv"),
        coded_units=processed("coded_units.parquet"),
        training=processed("shards/training.parquet"),
    log:
        LOGS / "training_set.log",
    benchmark:
        BENCH / "training_set.tsv"
    conda:
        ENV
    params:
        settings=params_for(config, "training_set"),
    script:
        "../scripts/training_set.py"


# Sentence embeddings of one shard's participant passages, when the semantic coder is on: computed
# once and kept, for the semantic coder and the discovery notebook.
rule embed_shard:
    input:
        segments=processed("shards/clean/{shard}/segments.parquet"),
    output:
        embeddings=processed("shards/embed/{shard}/embeddings.parquet"),
        device=processed("shards/embed/{shard}/device.json"),
    log:
        LOGS / "embed_shard/{shard}.log",
    benchmark:
        BENCH / "embed_shard/{shard}.tsv"
    wildcard_constraints:
        shard=r"\d+",
    conda:
        ENV
    threads: max(1, workflow.cores // len(SHARDS))
    resources:
        mem_mb=4000,
    params:
        settings=params_for(config, "embed_shard"),
    script:
        "../scripts/embed_shard.py"


rule train_coder:
    input:
        human_codes=after("training_set", processed("shards/human_codes.parquet")),
        training=after("training_set", processed("shards/training.parquet")),
        coded_units=after("training_set", processed("coded_units.parquet")),
        codebook=config["codebook"],
        schema=qualsynth_file("workflow/schemas/codebook.schema.yaml"),
    output:
        coder=processed("shards/coder.joblib"),
        summary=processed("shards/coder.json"),
    log:
        LOGS / "train_coder.log",
    benchmark:
        BENCH / "train_coder.tsv"
    conda:
        ENV
    threads: min(8, workflow.cores)
    params:
        settings=params_for(config, "train_coder"),
    script:
        "../scripts/train_coder.py"


rule code_shard:
    input:
        segments=processed("shards/clean/{shard}/segments.parquet"),
        coder=after("training_set", processed("shards/coder.joblib")),
        embeddings=if_semantic(processed("shards/embed/{shard}/embeddings.parquet")),
        codebook=config["codebook"],
        schema=qualsynth_file("workflow/schemas/codebook.schema.yaml"),
    output:
        rules=processed("shards/code/{shard}/rules.parquet"),
        supervised=processed("shards/code/{shard}/supervised.parquet"),
        semantic=processed("shards/code/{shard}/semantic.parquet"),
        unit_scores=processed("shards/code/{shard}/unit_scores.parquet"),
        passage_scores=processed("shards/code/{shard}/passage_scores.parquet"),
    log:
        LOGS / "code_shard/{shard}.log",
    benchmark:
        BENCH / "code_shard/{shard}.tsv"
    wildcard_constraints:
        shard=r"\d+",
    conda:
        ENV
    threads: max(1, workflow.cores // len(SHARDS))
    resources:
        mem_mb=2000,
    params:
        settings=params_for(config, "code_shard"),
    script:
        "../scripts/code_shard.py"


rule code_themes:
    input:
        segments=processed("segments.parquet"),
        rules=shard_outputs(processed("shards/code/{shard}/rules.parquet")),
        supervised=shard_outputs(processed("shards/code/{shard}/supervised.parquet")),
        semantic=shard_outputs(processed("shards/code/{shard}/semantic.parquet")),
        unit_scores=shard_outputs(processed("shards/code/{shard}/unit_scores.parquet")),
        passage_scores=shard_outputs(
            processed("shards/code/{shard}/passage_scores.parquet")
        ),
        coded_units=processed("coded_units.parquet"),
        coder=processed("shards/coder.json"),
        human_codes=processed("shards/human_codes.parquet"),
        human_codes_file=human_codes_input,
        codebook=config["codebook"],
        schema=qualsynth_file("workflow/schemas/codebook.schema.yaml"),
    output:
        codes=processed("codes.parquet"),
        machine_codes=processed("machine_codes.parquet"),
        unit_scores=processed("unit_scores.parquet"),
        agreement=report(
            processed("agreement.csv"),
            caption="../report/agreement.rst",
            category="Coding",
        ),
        calibration=processed("calibration.csv"),
        run=processed("coding_run.json"),
    log:
        notebook=LOGS / "notebooks/01_code_themes.ipynb",
    benchmark:
        BENCH / "code_themes.tsv"
    conda:
        ENV
    params:
        settings=params_for(config, "code_themes"),
    notebook:
        "../../notebooks/01_code_themes.ipynb"

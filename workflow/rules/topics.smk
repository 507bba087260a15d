rule discover_themes:
    input:
        segments=processed("segments.parquet"),
        codes=processed("codes.parquet"),
        embeddings=(
            shard_outputs(processed("shards/embed/{shard}/embeddings.parquet"))
            if SEMANTIC and config["topics"]["embeddings"]
            else []
        ),
        codebook=config["codebook"],
        schema=qualsynth_file("workflow/schemas/codebook.schema.yaml"),
    output:
        topics=processed("topics.parquet"),
        segment_topics=processed("segment_topics.parquet"),
        selection=processed("topic_selection.csv"),
    log:
        notebook=LOGS / "notebooks/02_discover_themes.ipynb",
    benchmark:
        BENCH / "discover_themes.tsv"
    # Ahead of export_qdpx, which the report does not wait for: on few cores the report starts sooner.
    priority: 1
    conda:
        ENV
    params:
        settings=params_for(config, "discover_themes"),
    notebook:
        "../../notebooks/02_discover_themes.ipynb"

rule synthesise:
    input:
        segments=processed("segments.parquet"),
        units=processed("units.parquet"),
        unit_scores=processed("unit_scores.parquet"),
        coded_units=processed("coded_units.parquet"),
        register=sample_register_input,
        codes=processed("codes.parquet"),
        likert=processed("likert.parquet"),
        exclusions=processed("exclusions.csv"),
        codebook=config["codebook"],
        schema=qualsynth_file("workflow/schemas/codebook.schema.yaml"),
    output:
        prevalence=report(
            processed("tables/prevalence.csv"),
            caption="../report/prevalence.rst",
            category="Synthesis",
        ),
        by_place=processed("tables/prevalence_by_place.csv"),
        by_wave=processed("tables/prevalence_by_wave.csv"),
        by_role=processed("tables/prevalence_by_role.csv"),
        by_method=processed("tables/prevalence_by_method.csv"),
        by_source=processed("tables/prevalence_by_source.csv"),
        by_place_wave=processed("tables/prevalence_by_place_wave.csv"),
        wave_change=processed("tables/wave_change.csv"),
        wave_change_by_place=processed("tables/wave_change_by_place.csv"),
        wave_change_by_source=processed("tables/wave_change_by_source.csv"),
        place_divergence=processed("tables/place_divergence.csv"),
        sequencing=processed("tables/sequencing.csv"),
        stage_order=processed("tables/stage_order.csv"),
        cooccurrence=processed("tables/cooccurrence.csv"),
        stance=processed("tables/stance.csv"),
        likert=processed("tables/likert.csv"),
        likert_by_wave=processed("tables/likert_by_wave.csv"),
        quotes=processed("tables/quotes.csv"),
        participation=processed("tables/participation.csv"),
        power=processed("tables/power.csv"),
        key_findings=processed("tables/findings.csv"),
        design=processed("sample_design.csv"),
        findings=report(
            processed("findings.json"),
            caption="../report/findings.rst",
            category="Synthesis",
        ),
    log:
        notebook=LOGS / "notebooks/03_synthesise.ipynb",
    benchmark:
        BENCH / "synthesise.tsv"
    # Ahead of export_qdpx, which the report does not wait for: on few cores the report starts sooner.
    priority: 1
    conda:
        ENV
    params:
        settings=params_for(config, "synthesise"),
    notebook:
        "../../notebooks/03_synthesise.ipynb"

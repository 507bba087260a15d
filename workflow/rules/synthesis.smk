rule synthesise:
    input:
        segments=processed("segments.parquet"),
        codes=processed("codes.parquet"),
        exclusions=processed("exclusions.csv"),
        codebook=config["codebook"],
        schema="workflow/schemas/codebook.schema.yaml",
    output:
        prevalence=processed("tables/prevalence.csv"),
        by_place=processed("tables/prevalence_by_place.csv"),
        by_wave=processed("tables/prevalence_by_wave.csv"),
        wave_change=processed("tables/wave_change.csv"),
        place_gaps=processed("tables/place_gaps.csv"),
        cooccurrence=processed("tables/cooccurrence.csv"),
        findings=processed("findings.json"),
    params:
        wave_order=[w["id"] for w in config["waves"]],
        bootstrap=config["synthesis"]["bootstrap"],
        seed=config["synthesis"]["seed"],
        min_cell_size=config["min_cell_size"],
    log:
        notebook=LOGS / "notebooks/03_synthesise.ipynb",
    benchmark:
        BENCH / "synthesise.tsv"
    conda:
        ENV
    notebook:
        "../../notebooks/03_synthesise.ipynb"

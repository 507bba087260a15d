rule code_themes:
    input:
        segments=processed("segments.parquet"),
        codebook=config["codebook"],
        schema="workflow/schemas/codebook.schema.yaml",
    output:
        codes=processed("codes.parquet"),
    log:
        notebook=LOGS / "notebooks/01_code_themes.ipynb",
    benchmark:
        BENCH / "code_themes.tsv"
    conda:
        ENV
    notebook:
        "../../notebooks/01_code_themes.ipynb"

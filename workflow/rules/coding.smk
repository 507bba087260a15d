rule code_themes:
    input:
        segments=processed("segments.parquet"),
        exclusions=processed("exclusions.csv"),
        codebook=config["codebook"],
        schema="workflow/schemas/codebook.schema.yaml",
        human_codes=human_codes_input,
    output:
        codes=processed("codes.parquet"),
        agreement=report(processed("agreement.csv"), caption="../report/agreement.rst", category="Coding"),
        run=processed("coding_run.json"),
    params:
        coding=config["coding"],
        coders=config["coders"],
    threads: workflow.cores
    log:
        notebook=LOGS / "notebooks/01_code_themes.ipynb",
    benchmark:
        BENCH / "code_themes.tsv"
    conda:
        ENV
    notebook:
        "../../notebooks/01_code_themes.ipynb"

rule export_qdpx:
    input:
        segments=processed("segments.parquet"),
        documents=processed("documents.parquet"),
        deidentified=processed("deidentified"),
        machine_codes=processed("machine_codes.parquet"),
        human_codes=processed("shards/human_codes.parquet"),
        codebook=config["codebook"],
        schema="workflow/schemas/codebook.schema.yaml",
    output:
        processed("project.qdpx"),
    params:
        name=config["report"]["title"],
    log:
        LOGS / "export_qdpx.log",
    benchmark:
        BENCH / "export_qdpx.tsv"
    conda:
        ENV
    script:
        "../scripts/export_qdpx.py"


rule import_qdpx:
    input:
        qdpx=qdpx_import_input,
        segments=processed("segments.parquet"),
        deidentified=processed("deidentified"),
        codebook=config["codebook"],
        schema="workflow/schemas/codebook.schema.yaml",
    output:
        processed("human_codes_from_qdpx.csv"),
    params:
        min_overlap=config["qdpx_min_overlap"],
    log:
        LOGS / "import_qdpx.log",
    conda:
        ENV
    script:
        "../scripts/import_qdpx.py"

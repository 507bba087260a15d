rule export_qdpx:
    input:
        segments=processed("segments.parquet"),
        documents=processed("documents.parquet"),
        deidentified=processed("deidentified"),
        machine_codes=processed("machine_codes.parquet"),
        human_codes=processed("shards/human_codes.parquet"),
        codebook=config["codebook"],
        schema=qualsynth_file("workflow/schemas/codebook.schema.yaml"),
    output:
        qdpx=processed("project.qdpx"),
    log:
        LOGS / "export_qdpx.log",
    benchmark:
        BENCH / "export_qdpx.tsv"
    conda:
        ENV
    params:
        settings=params_for(config, "export_qdpx"),
    script:
        "../scripts/export_qdpx.py"


rule import_qdpx:
    input:
        qdpx=qdpx_import_input,
        documents=processed("documents.parquet"),
        segments=processed("segments.parquet"),
        deidentified=processed("deidentified"),
        code_map=CODING["qdpx_code_map"],
        codebook=config["codebook"],
        schema=qualsynth_file("workflow/schemas/codebook.schema.yaml"),
    output:
        human_codes=processed("human_codes_from_qdpx.csv"),
        report=processed("qdpx_import.csv"),
        sources=processed("qdpx_sources.csv"),
    log:
        LOGS / "import_qdpx.log",
    conda:
        ENV
    params:
        settings=params_for(config, "import_qdpx"),
    script:
        "../scripts/import_qdpx.py"

# The human-coding sample. Run only on request (`make sample N=…`), never by `make report`: it is
# the one step that writes beside the raw data, appending the batch it draws to the sample register
# (sampling.register under raw_dir), which the estimates then read as an input.
rule draw_sample:
    input:
        units=processed("units.parquet"),
        coded_units=coded_units_input,
        unit_scores=uncertainty_input,
        segments=processed("segments.parquet"),
        deidentified=processed("deidentified"),
        codebook=config["codebook"],
        schema=qualsynth_file("workflow/schemas/codebook.schema.yaml"),
    output:
        draw=processed("sample/draw.json"),
    log:
        LOGS / "draw_sample.log",
    conda:
        ENV
    params:
        register=str(RAW / config["sampling"]["register"]),
        settings=params_for(config, "draw_sample"),
    script:
        "../scripts/draw_sample.py"

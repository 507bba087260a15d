rule render_report:
    input:
        qmd=qualsynth_file("report/synthesis.qmd"),
        css=qualsynth_file("report/styles.css"),
        documents=processed("documents.parquet"),
        units=processed("units.parquet"),
        exclusions=processed("exclusions.csv"),
        redactions=processed("redactions.csv"),
        agreement=processed("agreement.csv"),
        calibration=processed("calibration.csv"),
        placement=processed("human_codes_placement.csv"),
        coding_run=processed("coding_run.json"),
        topics=processed("topics.parquet"),
        tables=rules.synthesise.output,
    output:
        html=report(
            REPORT_OUT / "synthesis.html",
            caption="../report/synthesis.rst",
            category="Report",
        ),
        docx=REPORT_OUT / "synthesis.docx",
        render=REPORT_OUT / "render.json",
    log:
        LOGS / "render_report.log",
    benchmark:
        BENCH / "render_report.tsv"
    conda:
        ENV
    params:
        settings=params_for(config, "render_report"),
        processed_dir=lambda wildcards, input: str(Path(input.documents).parent),
    script:
        "../scripts/render_report.py"

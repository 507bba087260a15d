rule render_report:
    input:
        qmd="report/synthesis.qmd",
        css="report/styles.css",
        documents=processed("documents.parquet"),
        exclusions=processed("exclusions.csv"),
        redactions=processed("redactions.csv"),
        prevalence=processed("tables/prevalence.csv"),
        by_place=processed("tables/prevalence_by_place.csv"),
        by_wave=processed("tables/prevalence_by_wave.csv"),
        wave_change=processed("tables/wave_change.csv"),
        place_divergence=processed("tables/place_divergence.csv"),
        findings=processed("findings.json"),
    output:
        html=REPORT_OUT / "synthesis.html",
        docx=REPORT_OUT / "synthesis.docx",
    params:
        engine=config["report"]["engine"],
        processed_dir=lambda wildcards, input: str(Path(input.findings).parent),
    log:
        LOGS / "render_report.log",
    benchmark:
        BENCH / "render_report.tsv"
    conda:
        ENV
    script:
        "../scripts/render_report.py"

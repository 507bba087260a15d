# Provenance and the audit trail: raw checksums at the start, the manifest at the end, and the
# audit folder (`make audit`).
rule record_raw_checksums:
    input:
        raw_files,
    output:
        checksums=processed("raw_checksums.json"),
    log:
        LOGS / "record_raw_checksums.log",
    # First, so that the record is of the raw data as the run found it.
    priority: 100
    conda:
        ENV
    params:
        raw_dir=str(RAW),
    script:
        "../scripts/record_raw_checksums.py"


rule manifest:
    input:
        raw=processed("raw_checksums.json"),
        outputs=[path for step in provenance().values() for path in step["outputs"]],
    output:
        manifest=processed("manifest.json"),
    log:
        LOGS / "manifest.log",
    conda:
        ENV
    params:
        rules=provenance(),
        raw_dir=str(RAW),
        codebook=config["codebook"],
        config=json.loads(json.dumps(config, default=str)),
        checkout=str(QUALSYNTH),
    script:
        "../scripts/manifest.py"


rule audit:
    input:
        manifest=processed("manifest.json"),
        exclusions=processed("exclusions.csv"),
        redactions=processed("redactions.csv"),
        agreement=processed("agreement.csv"),
        notebooks=[
            rules.code_themes.output,
            rules.discover_themes.output,
            rules.synthesise.output,
        ],
    output:
        index=REPORT_OUT / "audit/index.html",
        manifest=REPORT_OUT / "audit/manifest.json",
        exclusions=REPORT_OUT / "audit/exclusions_by_reason.csv",
        redactions=REPORT_OUT / "audit/redactions_by_category.csv",
        agreement=REPORT_OUT / "audit/agreement.csv",
        notebooks=directory(REPORT_OUT / "audit/notebooks"),
    log:
        LOGS / "audit.log",
    conda:
        ENV
    params:
        # The executed notebooks are the notebook rules' logs.
        executed=[
            str(getattr(rules, name).rule.log["notebook"]) for name in NOTEBOOK_RULES
        ],
    script:
        "../scripts/audit.py"


# The last sweep before anything is published: every roster name and every replaced name, looked for
# once more in the report, the tables, the topics and the QDA export; a hit stops the run.
rule sweep_names:
    input:
        roster=RAW / "participants.csv",
        schema=qualsynth_file("workflow/schemas/roster.schema.yaml"),
        review=sensitive("deidentification_review.csv"),
        report=rules.render_report.output,
        qdpx=rules.export_qdpx.output,
        tables=rules.synthesise.output,
        topics=rules.discover_themes.output,
    output:
        sweep=processed("sweep.json"),
    log:
        LOGS / "sweep_names.log",
    conda:
        ENV
    params:
        published=lambda wildcards, input: [
            *input.report,
            *input.qdpx,
            *input.tables,
            *input.topics,
        ],
        raw_dir=lambda wildcards, input: str(Path(input.roster).parent),
        settings=params_for(config, "sweep_names"),
    script:
        "../scripts/sweep_names.py"

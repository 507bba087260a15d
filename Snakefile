# qualsynth: raw inquiry data → de-identified segments → coded themes → synthesis → report.
# Entry point only: the rules live in workflow/rules/, the logic in src/qualsynth/.
from snakemake.utils import min_version

min_version("9.0")


configfile: "config/config.yaml"


report: "workflow/report/workflow.rst"


include: "workflow/rules/common.smk"
include: "workflow/rules/ingest.smk"
include: "workflow/rules/coding.smk"
include: "workflow/rules/sampling.smk"
include: "workflow/rules/topics.smk"
include: "workflow/rules/synthesis.smk"
include: "workflow/rules/report.smk"
include: "workflow/rules/refiqda.smk"
include: "workflow/rules/audit.smk"


rule all:
    default_target: True
    input:
        rules.render_report.output,
        rules.discover_themes.output,
        rules.export_qdpx.output,
        rules.manifest.output,
        rules.sweep_names.output,

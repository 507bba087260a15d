from qualsynth.console import Summary

RUN = """Using profile /work/main/workflow/profiles/default for setting default command line arguments.
Job stats:
job              count
-------------  -------
synthesise           1
total                2

[Sun Dec  6 20:45:47 2026]
localrule synthesise:
    input: data/processed/segments.parquet, data/processed/units.parquet
    output: data/processed/tables/prevalence.csv
    reason: Missing output files: data/processed/findings.json
INFO qualsynth.provenance.steps: manifest of 61 outputs
Finished jobid: 0 (Rule: synthesise)
1 of 12 steps (8%) done
WARNING qualsynth.coding.exchange: 2 coding(s) not placed: its words lie on the research team's turns
Finished jobid: 3 (Rule: render_report)
2 of 12 steps (17%) done
Finished jobid: 9 (Rule: all)
12 of 12 steps (100%) done
"""


def shown(text):
    summary = Summary()
    return [line for line in map(summary.line, text.splitlines(keepends=True)) if line is not None]


def test_the_console_shows_each_finished_step_and_warnings_not_snakemake_s_inputs():
    assert shown(RUN) == [
        "  [ 1/12] synthesise",
        "WARNING qualsynth.coding.exchange: 2 coding(s) not placed: its words lie on the research team's turns",
        "  [ 2/12] render report",
    ]


def test_the_console_shows_everything_from_the_first_error_on():
    failing = "1 of 4 steps (25%) done\nError in rule synthesise:\n    input: a.parquet\n    log: logs/x.log\n"
    assert shown(failing) == ["Error in rule synthesise:", "    input: a.parquet", "    log: logs/x.log"]

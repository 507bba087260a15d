"""make check on the demo's inputs with twelve problems planted across the config, the codebook, the
register, the roster, a survey export and the human codes: one run lists every one of them, each naming
its file and line, or its key or field, and the fix."""

import shutil
import subprocess
import sys

import pandas as pd
import yaml

from tests.workflow import copy_project

SURVEY = "data/raw/surveys/2023-05_partner_survey_export.csv"
SHEET = "data/raw/human_codes/coding_sheet_batch-02_A.csv"


def check(project):
    return subprocess.run([sys.executable, "-m", "qualsynth.coding.check"], cwd=project, capture_output=True, text=True)


def rewrite_csv(path, change):
    table = pd.read_csv(path, dtype=str, keep_default_na=False)
    change(table)
    table.to_csv(path, index=False)


def plant_problems(project):
    config = yaml.safe_load((project / "config/config.yaml").read_text(encoding="utf-8"))
    config["synthesis"]["min_cell"] = 5  # 1: misspelt key
    config["report"]["engine"] = "latex"  # 2: not an engine
    (project / "config/config.yaml").write_text(yaml.safe_dump(config, sort_keys=False), encoding="utf-8")

    codebook = yaml.safe_load((project / "config/codebook.yaml").read_text(encoding="utf-8"))
    theme = codebook["areas"][0]["themes"][0]  # goal_uncertainty
    theme["include"] = theme.pop("inclusion")  # 3 and 4: the names people reach for
    theme["exclude"] = theme.pop("exclusion")
    (project / "config/codebook.yaml").write_text(yaml.safe_dump(codebook, sort_keys=False), encoding="utf-8")

    def register(table):
        table.loc[0, "method"] = "interveiw"  # 5: line 2, af-w1-int-01
        table.loc[1, "date"] = "2031-01-01"  # 6: line 3, af-w1-fg-01, after every wave

    rewrite_csv(project / "data/raw/documents.csv", register)

    def roster(table):
        table.loc[1, "role"] = "funders"  # 7: line 3
        table.loc[len(table)] = table.loc[0]  # 8: NB01 again, on the last line

    rewrite_csv(project / "data/raw/participants.csv", roster)

    def survey(table):
        table.loc[0, "Place"] = "Saltmash"  # 9: row 2
        table.loc[1, "I understand what the programme is trying to achieve"] = "Agreed"  # 10: row 3

    rewrite_csv(project / SURVEY, survey)

    def sheet(table):
        table.loc[0, "coder"] = ""  # 11: line 2
        table.loc[1, "theme_ids"] = "participation_barriers;relationshps"  # 12: line 3

    rewrite_csv(project / SHEET, sheet)


def test_check_passes_the_demo_as_it_is(tmp_path):
    result = check(copy_project(tmp_path))
    assert result.returncode == 0, result.stderr
    assert "No problems found in: config, codebook (32 themes), register (66 documents), roster (43 participants)" in (
        result.stdout
    )


def test_check_lists_every_planted_problem_in_one_run(tmp_path):
    project = copy_project(tmp_path)
    roster_lines = len((project / "data/raw/participants.csv").read_text(encoding="utf-8").splitlines())
    plant_problems(project)
    result = check(project)
    assert result.returncode == 1
    report = result.stderr
    expected = [
        "config key 'synthesis.min_cell': unknown key 'min_cell' (did you mean 'min_cell_size'?)",
        "config key 'report.engine': 'latex' is not valid; expected one of 'auto', 'quarto', 'fallback'",
        "codebook.yaml: area 'goals', theme 'goal_uncertainty': unknown field 'include' (did you mean 'inclusion'?)",
        "codebook.yaml: area 'goals', theme 'goal_uncertainty': unknown field 'exclude' (did you mean 'exclusion'?)",
        "documents.csv, line 2: method 'interveiw' is not one of the configured methods",
        "documents.csv, line 3: date 2031-01-01 of 'af-w1-fg-01' falls in no wave",
        "participants.csv, line 3: role 'funders' is not one of the configured roles",
        f"participants.csv, line {roster_lines + 1}: participant_id 'NB01' is already used on line 2",
        "2023-05_partner_survey_export.csv, row 2: place 'Saltmash' is not a place in the register",
        "2023-05_partner_survey_export.csv, row 3, column 'I understand what the programme is trying to achieve': "
        "answer 'Agreed' is not on the Likert scale",
        "coding_sheet_batch-02_A.csv, line 2: the coder is empty",
        "coding_sheet_batch-02_A.csv, line 3: theme 'relationshps' is not in the codebook. Did you mean 'relationships'",
    ]
    missing = [line for line in expected if line not in report]
    assert not missing, report
    assert report.startswith("12 problem(s) to fix before a run:"), report


def test_a_check_that_found_nothing_stands_until_something_it_read_changes(tmp_path, monkeypatch, capsys):
    from pathlib import Path

    from qualsynth.coding.check import main

    checkout = Path(__file__).resolve().parents[2]
    consultation = checkout / "tests/data/consultation"
    project = tmp_path / "consultation"
    (project / "data").mkdir(parents=True)
    shutil.copytree(consultation / "raw", project / "data/raw")
    shutil.copy(consultation / "codebook.yaml", project / "codebook.yaml")
    config = yaml.safe_load((consultation / "config.yaml").read_text(encoding="utf-8"))
    config.update(raw_dir="data/raw", codebook="codebook.yaml")
    (project / "config.yaml").write_text(yaml.safe_dump(config), encoding="utf-8")
    monkeypatch.chdir(checkout)  # the checkout's schemas, as make runs it
    args = ["--configfile", str(project / "config.yaml")]

    def said():
        code = main(args)
        out = capsys.readouterr()
        return code, out.out + out.err

    first = said()
    assert first[0] == 0 and "unchanged" not in first[1] and (project / "logs/check.json").is_file()
    assert said() == (0, first[1].rstrip().removesuffix(".") + " (unchanged since the last check).\n")
    # An edit to a raw file is read again, and its problem found; no stamp is left behind.
    survey = project / "data/raw/consultation_2021_spring.csv"
    survey.write_text(survey.read_text(encoding="utf-8").replace("Harbourside", "Harborside", 1), encoding="utf-8")
    code, text = said()
    assert code == 1 and "place 'Harborside' is not a place in the register" in text
    assert not (project / "logs/check.json").exists()

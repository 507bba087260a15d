"""The Snakefile itself: lint-clean, and a bad config stops it before any job runs."""

from pathlib import Path

import pytest
import yaml

from tests.workflow import copy_project, snakemake

pytestmark = pytest.mark.workflow


def test_snakemake_lint_is_clean(tmp_path):
    result = snakemake(copy_project(tmp_path), "--lint")
    assert result.returncode == 0, result.stdout + result.stderr


def test_a_config_with_an_unknown_key_fails_before_any_job_naming_the_key(tmp_path):
    project = copy_project(tmp_path)
    config = yaml.safe_load((project / "config/config.yaml").read_text())
    config["segment_max_wrds"] = 80
    (project / "bad.yaml").write_text(yaml.safe_dump(config))
    result = snakemake(project, "--configfile", "bad.yaml")
    output = result.stdout + result.stderr
    assert result.returncode != 0
    assert "config key 'segment_max_wrds': unknown key" in output
    assert "localrule" not in output and "rule validate_inputs" not in output
    assert not (project / "data/processed").exists()


def test_a_config_value_of_the_wrong_type_fails_naming_the_key_and_expected_type(tmp_path):
    project = copy_project(tmp_path)
    result = snakemake(project, "--config", "ingest={segment_max_words: many}")
    output = result.stdout + result.stderr
    assert result.returncode != 0
    assert "config key 'ingest.segment_max_words': 'many' is not valid; expected a value of type integer" in output
    assert not (project / "data/processed").exists()


def test_a_key_of_the_old_flat_layout_fails_naming_the_section_it_moved_to(tmp_path):
    project = copy_project(tmp_path)
    result = snakemake(project, "--config", "segment_max_words=80")
    output = result.stdout + result.stderr
    assert result.returncode != 0
    assert "config key 'segment_max_words' has moved to 'ingest.segment_max_words'" in output
    assert not (project / "data/processed").exists()


def test_the_readme_diagram_is_the_one_the_rules_give_and_holds_every_rule():
    import subprocess
    import sys

    from tests.workflow import ROOT

    check = subprocess.run([sys.executable, "docs/rulegraph.py", "--check"], cwd=ROOT, capture_output=True, text=True)
    assert check.returncode == 0, check.stdout + check.stderr
    rules = subprocess.run(
        [str(Path(sys.executable).parent / "snakemake"), "--list-rules"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    diagram = (ROOT / "README.md").read_text(encoding="utf-8").split("<!-- rulegraph")[1].split("<!-- /rulegraph")[0]
    # 20 rules: the 19 before the last sweep, and sweep_names.
    assert len(rules) == 20 and all(f"    {rule}\n" in diagram for rule in rules)

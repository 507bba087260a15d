"""The machine-coding rules on the counterfactual corpus: training_set, train_coder, code_shard and code_themes.
(embed_shard needs the semantic extra; tests/e2e/test_semantic_workflow.py runs it.)"""

from __future__ import annotations

import copy
import hashlib
import json

import joblib
import pandas as pd
import pytest

from qualsynth.coding.steps import code_shard, train_coder
from qualsynth.tables import read_parquet, write_outputs
from tests.rules.conftest import (
    ANSWER,
    CODER_A,
    DOCUMENTS,
    HUMAN_CODE_ROWS,
    HUMAN_CODES,
    KEYWORD_DOCUMENTS,
    KEYWORDS,
    SCHEMAS,
    SHARDS,
    rule_settings,
)

# One worker runs the corpus through the rules (conftest.py), once.
pytestmark = pytest.mark.xdist_group("rules")

ANSWERS = [f"{doc}-{ANSWER}" for doc in sorted(DOCUMENTS)]
THEMES = 32  # the themes of config/codebook.yaml (37 ids, less its 5 areas)


def test_training_set_places_every_row_of_the_human_codes(project):
    placement = pd.read_csv(project.output("training_set", "placement"), keep_default_na=False)
    assert len(placement) == HUMAN_CODE_ROWS
    assert set(placement["status"]) == {"placed"}
    assert list(placement["line"]) == list(range(2, HUMAN_CODE_ROWS + 2))  # the file's lines after its header
    assert set(placement["file"]) == {"human_codes.csv"}
    human = read_parquet(project.output("training_set", "human_codes"))
    assert set(human["coder"]) == {"A"}
    assert set(zip(human["segment_id"], human["theme_id"])) == CODER_A


def test_training_set_marks_every_unit_coder_a_coded_in_full(project):
    units = read_parquet(project.output("training_set", "coded_units"))
    # Coder A coded the one participant passage of each of the eight interviews.
    assert list(units["unit_id"]) == sorted(DOCUMENTS)
    assert (units["passages"] == 1).all() and (units["passages_coded"] == 1).all()
    assert units["complete"].all()
    training = read_parquet(project.output("training_set", "training"))
    assert list(training["segment_id"]) == ANSWERS


def test_train_coder_trains_no_theme_with_fewer_human_codes_than_min_human_codes(project):
    summary = json.loads(project.output("train_coder", "summary").read_text(encoding="utf-8"))
    # Each theme has 4 codes from coder A, under the config's min_human_codes of 5, in every fold.
    assert project.config["coding"]["min_human_codes"] == 5
    assert summary["trained"] == []
    assert summary["reference_coded_passages"] == 8
    assert (summary["calibration"]["coded_units"], summary["calibration"]["human_positives"]) == (8, HUMAN_CODE_ROWS)
    coder = joblib.load(project.output("train_coder", "coder"))
    assert coder["supervised"].trained == set() and coder["semantic"] is None


# Themes without a model have no fold probability: their mean over the folds is NaN, as intended, with numpy's
# warning about it.
@pytest.mark.filterwarnings("ignore:Mean of empty slice:RuntimeWarning")
def test_train_coder_trains_each_theme_with_enough_human_codes(project, tmp_path):
    # With min_human_codes 2, each of the five themes coded in 4 interviews keeps at least 2 positives in
    # every fold's training data (5 folds over 8 units hold out at most 2), so all five are trained.
    config = copy.deepcopy(project.config)
    config["coding"]["min_human_codes"] = 2
    out = {"coder": tmp_path / "coder.joblib", "summary": tmp_path / "coder.json"}
    write_outputs(
        train_coder(
            project.output("training_set", "human_codes"),
            project.output("training_set", "training"),
            project.output("training_set", "coded_units"),
            project.codebook,
            SCHEMAS / "codebook.schema.yaml",
            rule_settings(config, "train_coder"),
        ),
        out,
    )
    summary = json.loads(out["summary"].read_text(encoding="utf-8"))
    assert summary["trained"] == sorted(KEYWORD_DOCUMENTS)
    assert sorted(summary["fold_thresholds"]) == sorted(KEYWORD_DOCUMENTS)
    # code_shard then codes with it: supervised codes only for trained themes, only on participant passages.
    shard = project.output("clean_shard", "segments", 0)
    coded = code_shard(
        shard,
        out["coder"],
        None,
        project.codebook,
        SCHEMAS / "codebook.schema.yaml",
        rule_settings(config, "code_shard"),
    )
    passages = read_parquet(shard)
    assert set(coded["supervised"]["theme_id"]) <= set(KEYWORD_DOCUMENTS)
    assert set(coded["supervised"]["segment_id"]) <= set(passages.loc[passages["is_participant"], "segment_id"])
    assert set(coded["supervised"]["coder"]) <= {"supervised"}


def test_code_shard_rules_codes_name_the_keyword_seen_in_each_passage(project):
    for shard in range(SHARDS):
        docs = set(read_parquet(project.output("clean_shard", "segments", shard))["doc_id"])
        rules = read_parquet(project.output("code_shard", "rules", shard))
        five = rules[rules["theme_id"].isin(set(KEYWORDS))]
        expected = {(f"{doc}-{ANSWER}", theme) for theme, ds in KEYWORD_DOCUMENTS.items() for doc in ds if doc in docs}
        assert set(zip(five["segment_id"], five["theme_id"])) == expected, shard
        assert (five["evidence"] == five["theme_id"].map(KEYWORDS)).all(), shard
        assert set(rules["coder"]) == {"rules"}
        # Only the shard's own participant passages are coded; the interviewer's questions never.
        assert {s.rsplit("-", 2)[0] for s in rules["segment_id"]} <= docs
        assert rules["segment_id"].str.endswith(ANSWER).all()


def test_code_shard_codes_slow_as_slow_change_in_the_shard_holding_al_w1_02(project):
    # "Slow. I spent weeks getting to know the housing team": "slow" is a keyword of slow_change.
    shard = next(
        k for k in range(SHARDS) if project.output("clean_shard", "deidentified", k).joinpath("al-w1-02.txt").exists()
    )
    rules = read_parquet(project.output("code_shard", "rules", shard))
    slow = rules[rules["theme_id"] == "slow_change"]
    assert list(zip(slow["segment_id"], slow["evidence"])) == [(f"al-w1-02-{ANSWER}", "Slow")]


def test_code_shard_scores_every_unit_of_the_shard_for_every_theme(project):
    for shard in range(SHARDS):
        docs = set(read_parquet(project.output("clean_shard", "segments", shard))["doc_id"])
        # No supervised coder was trained (see train_coder) and the semantic coder is off: no codes from them.
        assert read_parquet(project.output("code_shard", "supervised", shard)).empty
        assert read_parquet(project.output("code_shard", "semantic", shard)).empty
        scores = read_parquet(project.output("code_shard", "unit_scores", shard))
        whole = scores[scores["role"] == ""]
        assert len(whole) == len(docs) * THEMES
        assert set(whole["unit_id"]) == docs
        assert whole["score"].between(0, 1).all()


def test_code_themes_final_codes_are_coder_a_codes_wherever_a_coded(project):
    codes = read_parquet(project.output("code_themes", "codes"))
    assert set(zip(codes["segment_id"], codes["theme_id"])) == CODER_A
    assert set(codes["coder"]) == {"A"}
    # The rules coder also finds "Slow" in al-w1-02; coder A did not code slow_change there, so it is not final.
    machine = read_parquet(project.output("code_themes", "machine_codes"))
    assert (f"al-w1-02-{ANSWER}", "slow_change") in set(zip(machine["segment_id"], machine["theme_id"]))
    assert "slow_change" not in set(codes["theme_id"])


def test_code_themes_records_the_coders_and_the_human_codes_file(project):
    run = json.loads(project.output("code_themes", "run").read_text(encoding="utf-8"))
    assert run["coders"] == {"reference": "A", "second": "B"}
    assert (run["reference_coded_passages"], run["reference_coded_units"]) == (8, 8)
    assert (run["second_coded_passages"], run["second_coded_units"]) == (0, 0)
    assert run["human_codes_files"] == {"human_codes.csv": hashlib.sha256(HUMAN_CODES.read_bytes()).hexdigest()}
    assert run["supervised_themes"] == []


def test_code_themes_agreement_counts_the_keywords_against_coder_a(project):
    agreement = pd.read_csv(project.output("code_themes", "agreement"))
    machine = agreement[agreement["comparison"] == "machine vs A"].set_index("theme_id")
    for theme in KEYWORDS:
        # The keyword is in exactly the four passages coder A coded with the theme.
        row = machine.loc[theme]
        assert (row["reference_positives"], row["other_positives"], row["precision"], row["recall"]) == (4, 4, 1, 1)
    assert (machine.loc["slow_change", "reference_positives"], machine.loc["slow_change", "other_positives"]) == (0, 1)
    assert set(agreement["comparison"]) == {"machine vs A", "rules vs A"}  # no coder B, no supervised coder

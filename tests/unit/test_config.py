import copy

import pytest
import yaml

from qualsynth.config import check_config, coerce_scalars, load_schema
from qualsynth.errors import ConfigError


@pytest.fixture
def config(root):
    return yaml.safe_load((root / "config/config.yaml").read_text())


@pytest.fixture
def schema(schemas):
    return load_schema(schemas / "config.schema.yaml")


def test_check_config_accepts_the_shipped_config(config, schema):
    check_config(config, schema, "config.yaml")


def test_check_config_names_an_unknown_key(config, schema):
    bad = copy.deepcopy(config)
    bad["ingest"]["segment_max_wrds"] = 80
    with pytest.raises(
        ConfigError, match=r"config key 'ingest.segment_max_wrds': unknown key .*known keys: .*segment_max_words"
    ):
        check_config(bad, schema, "config.yaml")


def test_check_config_names_a_key_of_the_wrong_type_and_what_was_expected(config, schema):
    bad = copy.deepcopy(config)
    bad["ingest"]["segment_max_words"] = "eighty"
    with pytest.raises(
        ConfigError,
        match=r"config key 'ingest.segment_max_words': 'eighty' is not valid; expected a value of type integer",
    ):
        check_config(bad, schema, "config.yaml")


def test_check_config_names_a_nested_key_and_its_allowed_values(config, schema):
    bad = copy.deepcopy(config)
    bad["report"]["engine"] = "latex"
    with pytest.raises(
        ConfigError,
        match=r"config key 'report.engine': 'latex' is not valid; expected one of 'auto', 'quarto', 'fallback'",
    ):
        check_config(bad, schema, "config.yaml")


def test_check_config_names_a_bad_wave_date(config, schema):
    bad = copy.deepcopy(config)
    bad["inquiry"]["waves"][1]["start"] = "2023-13-01"
    with pytest.raises(ConfigError, match=r"config key 'inquiry.waves.1.start'"):
        check_config(bad, schema, "config.yaml")


def test_text_from_a_nested_command_line_value_becomes_the_number_or_flag_the_schema_asks_for(schema):
    given = {
        "ingest": {"segment_max_words": "80", "detect_third_party_names": "false", "interviewer_labels": ["8"]},
        "synthesis": {"min_cell_size": "12", "salience": "0.4", "estimation": {"population": "finite"}},
        "sampling": {"size": "24", "where": "null"},
        "coding": {"human_codes": "null"},
    }
    coerced = coerce_scalars(given, schema)
    assert coerced["ingest"] == {
        "segment_max_words": 80,
        "detect_third_party_names": False,
        "interviewer_labels": ["8"],
    }
    assert coerced["synthesis"] == {"min_cell_size": 12, "salience": 0.4, "estimation": {"population": "finite"}}
    # size may be text or a number: it stays text. "null" is nothing wherever nothing is allowed.
    assert coerced["sampling"] == {"size": "24", "where": None} and coerced["coding"] == {"human_codes": None}


def test_text_that_is_not_a_number_is_left_for_the_check_to_refuse(schema):
    coerced = coerce_scalars({"ingest": {"segment_max_words": "many"}}, schema)
    assert coerced == {"ingest": {"segment_max_words": "many"}}

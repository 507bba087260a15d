import dataclasses

import pytest
import yaml

from qualsynth.config import load_schema
from qualsynth.errors import ConfigError
from qualsynth.settings import (
    MOVED_KEYS,
    IngestSettings,
    Settings,
    check_moved_keys,
    load_settings,
    params_for,
    readers,
    settings_for,
)


@pytest.fixture
def config(root):
    return yaml.safe_load((root / "config/config.yaml").read_text())


def test_the_corpus_scan_is_not_given_the_passage_length_so_changing_it_does_not_rerun_the_scan(config):
    scan = params_for(config, "scan_corpus")
    assert set(scan) == {"inquiry", "ingest"}
    assert set(scan["inquiry"]) == {"roles"}
    assert set(scan["ingest"]) == {
        "interviewer_labels",
        "respondent_labels",
        "not_speakers",
        "surveys",
        "places",
        "on_bad_document",
        "redact_terms",
        "detect_third_party_names",
        "never_redact",
    }
    assert params_for(config, "clean_shard")["ingest"]["segment_max_words"] == 120


def test_a_rule_is_given_the_keys_it_reads_with_their_values_and_the_defaults_of_keys_left_out(config):
    # The demo config has no ingest.places: the rule is given its default, None.
    assert params_for(config, "scan_corpus")["ingest"]["places"] is None
    assert params_for(config, "render_report") == {
        "inquiry": {"labels": {}},
        "report": {"engine": "auto", "title": "Learning synthesis"},
    }
    assert params_for(config, "import_qdpx") == {"coding": {"qdpx_min_overlap": 0.5, "coders": {"reference": "A"}}}
    assert params_for(config, "training_set") == {"coding": {"coders": {"reference": "A"}}}
    assert params_for(config, "embed_shard") == {"coding": {"semantic": {"batch_size": 64}}}


def test_reading_a_key_the_rule_was_not_given_fails_loudly_instead_of_taking_a_default(config):
    settings = settings_for("scan_corpus", params_for(config, "scan_corpus"))
    assert settings.ingest.interviewer_labels == ["INTERVIEWER", "INT", "FACILITATOR"]
    with pytest.raises(ConfigError, match=r"'ingest.segment_max_words' is read here but the rule was not given it"):
        settings.ingest.segment_max_words  # noqa: B018
    with pytest.raises(ConfigError, match=r"'synthesis.min_cell_size'"):
        settings.synthesis.min_cell_size  # noqa: B018


def test_load_settings_turns_each_section_into_its_dataclass(config):
    settings = load_settings(config)
    assert [w.id for w in settings.inquiry.waves] == ["W1", "W2", "W3", "W4"]
    assert str(settings.inquiry.waves[0].end) == "2023-06-30"
    assert settings.coding.coders.reference == "A" and settings.coding.coders.second == "B"
    assert settings.coding.threshold_beta == 0.5 and settings.coding.semantic.enabled is False
    assert settings.synthesis.min_cell_size == 5 and settings.synthesis.estimation.population == "finite"
    assert settings.topics.k_max == 40 and settings.report.engine == "auto"


def _schema_keys(schema, sections, path=""):
    """Each key of the schema's sections (dotted) → its schema; a section's subsections recursively."""
    found = {}
    for name, spec in schema.get("properties", {}).items():
        key = f"{path}.{name}" if path else name
        if key in sections:
            found.update(_schema_keys(spec, sections, key))
        elif path:
            found[key] = spec
    return found


def test_the_schema_and_the_settings_have_the_same_keys_and_defaults(schemas):
    keys = readers()
    sections = {".".join(k.split(".")[:n]) for k in keys for n in range(1, k.count(".") + 1)}
    schema = _schema_keys(load_schema(schemas / "config.schema.yaml"), sections)
    assert set(schema) == set(keys)
    built = load_settings({})
    for key, spec in schema.items():
        if "default" in spec:
            value = built
            for part in key.split("."):
                value = getattr(value, part)
            assert (list(value) if isinstance(value, tuple) else value) == spec["default"], key


def test_every_key_a_rule_reads_names_a_rule_of_the_workflow(root):
    snakefiles = "".join(p.read_text() for p in (root / "workflow/rules").glob("*.smk"))
    for key, rules in readers().items():
        for rule in rules:
            assert f"rule {rule}:" in snakefiles or f"checkpoint {rule}:" in snakefiles, (key, rule)


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("segment_max_words", "ingest.segment_max_words"),
        ("waves", "inquiry.waves"),
        ("min_cell_size", "synthesis.min_cell_size"),
        ("human_codes", "coding.human_codes"),
    ],
)
def test_a_key_from_the_old_flat_layout_is_refused_with_the_place_it_moved_to(config, old, new):
    with pytest.raises(ConfigError, match=rf"config key '{old}' has moved to '{new}'"):
        check_moved_keys({**config, old: 1}, "config.yaml")


def test_the_semantic_topics_switch_moved_to_topics_embeddings(config):
    config["coding"]["semantic"]["topics"] = True
    with pytest.raises(ConfigError, match=r"'coding.semantic.topics' has moved to 'topics.embeddings'"):
        check_moved_keys(config, "config.yaml")


def test_moved_keys_name_places_that_exist():
    fields = readers()
    assert all(
        new in fields
        for new in MOVED_KEYS.values()
        if new not in ("coding.coders", "coding.semantic", "synthesis.estimation")
    )
    assert {"coding.coders.reference", "coding.semantic.enabled", "synthesis.estimation.population"} <= set(fields)


def test_settings_are_frozen_dataclasses():
    assert dataclasses.is_dataclass(Settings) and dataclasses.is_dataclass(IngestSettings)
    with pytest.raises(dataclasses.FrozenInstanceError):
        load_settings({}).report.engine = "quarto"  # type: ignore[misc]

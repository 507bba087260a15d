import copy

import pytest
import yaml

from qualsynth.coding.codebook import load_codebook
from qualsynth.config import load_schema
from qualsynth.errors import InputError

GOOD = {
    "version": "1",
    "areas": [
        {
            "id": "rel",
            "label": "Relations",
            "themes": [
                {"id": "trust", "label": "Trust", "definition": "Trust.", "keywords": ["trust"]},
                {"id": "care", "label": "Care", "definition": "Care.", "keywords": ["care"]},
            ],
        }
    ],
}


def load(tmp_path, schemas, data):
    path = tmp_path / "codebook.yaml"
    path.write_text(yaml.safe_dump(data))
    return load_codebook(path, load_schema(schemas / "codebook.schema.yaml"))


def test_load_codebook_keeps_codebook_order_and_areas(tmp_path, schemas):
    codebook = load(tmp_path, schemas, GOOD)
    assert [t.id for t in codebook.themes] == ["trust", "care"]
    assert codebook.areas() == [("rel", "Relations")]
    assert len(codebook.sha256) == 64


def test_load_codebook_names_the_theme_missing_a_field(tmp_path, schemas):
    bad = yaml.safe_load(yaml.safe_dump(GOOD))
    del bad["areas"][0]["themes"][1]["definition"]
    with pytest.raises(InputError, match=r"area 'rel', theme 'care': 'definition' is a required property"):
        load(tmp_path, schemas, bad)


def test_load_codebook_refuses_a_duplicate_theme_id(tmp_path, schemas):
    bad = yaml.safe_load(yaml.safe_dump(GOOD))
    bad["areas"][0]["themes"][1]["id"] = "trust"
    with pytest.raises(InputError, match=r"theme 'trust', field 'id': the id is used twice"):
        load(tmp_path, schemas, bad)


def test_load_codebook_shipped_with_the_project_is_valid(root, schemas):
    codebook = load_codebook(root / "config/codebook.yaml", load_schema(schemas / "codebook.schema.yaml"))
    assert len(codebook.themes) == 32
    assert len(codebook.areas()) == 5


def test_load_codebook_names_the_theme_with_a_bad_regular_expression(tmp_path, schemas):
    bad = yaml.safe_load(yaml.safe_dump(GOOD))
    bad["areas"][0]["themes"][1]["patterns"] = ["care(s"]
    with pytest.raises(
        InputError, match=r"theme 'care', field 'patterns': 'care\(s' is not a valid regular expression"
    ):
        load(tmp_path, schemas, bad)


def test_load_codebook_refuses_a_theme_outside_any_area(tmp_path, schemas):
    bad = yaml.safe_load(yaml.safe_dump(GOOD))
    bad["themes"] = [{"id": "stray", "label": "Stray", "definition": "d", "keywords": ["x"]}]
    with pytest.raises(InputError, match=r"top level: unknown field 'themes'; the fields are areas, version"):
        load(tmp_path, schemas, bad)


def test_load_codebook_lists_every_problem_with_the_schemas_names_for_misnamed_fields(tmp_path, schemas):
    bad = yaml.safe_load(yaml.safe_dump(GOOD))
    theme = bad["areas"][0]["themes"][0]
    theme["include"] = theme.pop("inclusion", "talk of the goal")
    theme["exclude"] = "anything else"
    theme["keywrods"] = theme.pop("keywords")
    with pytest.raises(InputError) as raised:
        load(tmp_path, schemas, bad)
    message = str(raised.value)
    # Three misnamed fields at once, each with the name the schema uses; without its keywords, the
    # theme has neither keywords nor patterns, a fourth problem.
    assert message.startswith("4 problems:")
    assert "area 'rel', theme 'trust': needs 'keywords' or 'patterns'" in message
    for wrong, right in [("exclude", "exclusion"), ("include", "inclusion"), ("keywrods", "keywords")]:
        assert f"unknown field {wrong!r} (did you mean {right!r}?)" in message


def test_load_codebook_names_the_theme_missing_its_id(tmp_path, schemas):
    bad = yaml.safe_load(yaml.safe_dump(GOOD))
    del bad["areas"][0]["themes"][1]["id"]
    with pytest.raises(InputError, match=r"area 'rel', theme '\(no id\)': 'id' is a required property"):
        load(tmp_path, schemas, bad)


def test_require_themes_names_the_config_key_and_the_unknown_theme(root, schemas):
    codebook = load_codebook(root / "config/codebook.yaml", load_schema(schemas / "codebook.schema.yaml"))
    codebook.require_themes(["goal_clarity"], "synthesis.stages.early")
    with pytest.raises(InputError, match=r"config key 'synthesis.stages.later': 'challenging_practise' is not a theme"):
        codebook.require_themes(["goal_clarity", "challenging_practise"], "synthesis.stages.later")


def test_load_codebook_takes_a_text_or_a_list_wherever_a_list_is_natural(tmp_path, schemas):
    data = copy.deepcopy(GOOD)
    theme = data["areas"][0]["themes"][0]
    theme["keywords"] = "quick fix"
    theme["examples"] = "We stopped looking for the quick fix."
    theme["inclusion"] = ["Talk of fixes.", "Talk of shortcuts."]
    loaded = load(tmp_path, schemas, data).themes[0]
    assert (loaded.keywords, loaded.examples, loaded.inclusion) == (
        ("quick fix",),
        ("We stopped looking for the quick fix.",),
        "Talk of fixes. Talk of shortcuts.",
    )


def test_load_codebook_says_what_form_a_field_takes(tmp_path, schemas):
    data = copy.deepcopy(GOOD)
    data["areas"][0]["themes"][0]["keywords"] = {"quick": "fix"}
    with pytest.raises(InputError, match=r"field 'keywords': \{'quick': 'fix'\} is not a word or phrase, or a list"):
        load(tmp_path, schemas, data)

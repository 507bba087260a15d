"""make new: the template of a new inquiry's folder."""

from pathlib import Path

import pytest
import yaml

from qualsynth.coding.codebook import load_codebook
from qualsynth.config import config_problems, load_schema, project_folder
from qualsynth.errors import InputError
from qualsynth.new import TEMPLATE, new_inquiry

SCHEMAS = Path(__file__).parents[2] / "workflow/schemas"


def schema_keys(schema, prefix=""):
    """Every key the config schema defines, as dotted paths (an array's items under its own key)."""
    keys = []
    items = schema.get("items", {}) if schema.get("type") == "array" else {}
    for name, sub in {**schema.get("properties", {}), **items.get("properties", {})}.items():
        keys.append(prefix + name)
        keys += schema_keys(sub, f"{prefix}{name}.")
    return keys


def test_the_template_config_names_every_key_of_the_schema():
    text = (TEMPLATE / "config.yaml").read_text(encoding="utf-8")
    keys = schema_keys(load_schema(SCHEMAS / "config.schema.yaml"))
    assert len(keys) > 60
    # A key shows as "name:" or "{name:" in the file, written out or commented out.
    missing = [k for k in keys if f"{k.rsplit('.', 1)[-1]}:" not in text]
    assert missing == []


def test_the_template_config_and_codebook_pass_their_checks():
    config = yaml.safe_load((TEMPLATE / "config.yaml").read_text(encoding="utf-8"))
    assert config_problems(config, load_schema(SCHEMAS / "config.schema.yaml"), "config.yaml") == []
    codebook = load_codebook(Path(str(TEMPLATE / "codebook.yaml")), load_schema(SCHEMAS / "codebook.schema.yaml"))
    assert [t.id for t in codebook.themes] == ["waiting_times", "easy_to_reach"]


def test_new_inquiry_writes_the_folder_and_titles_it_from_its_name(tmp_path):
    folder = tmp_path / "warm-spaces_2025"
    written = new_inquiry(folder)
    assert {p.relative_to(folder).as_posix() for p in written} == {
        "README.md",
        "config.yaml",
        "codebook.yaml",
        "data/raw/documents.csv",
        "data/raw/participants.csv",
        ".gitignore",
    }
    assert (folder / "data/raw/human_codes").is_dir()
    assert yaml.safe_load((folder / "config.yaml").read_text(encoding="utf-8"))["report"]["title"] == "Warm spaces 2025"
    assert (folder / "data/raw/documents.csv").read_text(encoding="utf-8") == "doc_id,path,place,date,method,title\n"
    assert "data/processed/" in (folder / ".gitignore").read_text(encoding="utf-8")


def test_a_title_with_a_colon_stays_one_yaml_string(tmp_path):
    new_inquiry(tmp_path / "warm", "Warm Spaces: two winters")
    config = yaml.safe_load((tmp_path / "warm/config.yaml").read_text(encoding="utf-8"))
    assert config["report"]["title"] == "Warm Spaces: two winters"
    assert (tmp_path / "warm/README.md").read_text(encoding="utf-8").startswith("# Warm Spaces: two winters\n")


def test_new_inquiry_refuses_a_folder_with_files_in_it(tmp_path):
    (tmp_path / "notes.txt").write_text("mine", encoding="utf-8")
    with pytest.raises(InputError, match="exists and is not empty"):
        new_inquiry(tmp_path, "Mine")
    assert [p.name for p in tmp_path.iterdir()] == ["notes.txt"]


def test_new_inquiry_refuses_a_folder_inside_the_checkout(tmp_path):
    with pytest.raises(InputError, match=r"inside the qualsynth checkout.*make new DIR=\.\./my-inquiry"):
        new_inquiry(tmp_path / "checkout/inquiry", checkout=tmp_path / "checkout")
    assert not (tmp_path / "checkout").exists()


@pytest.mark.parametrize(
    ("config", "project"),
    [("inq/config.yaml", "inq"), ("inq/config/config.yaml", "inq"), ("config/config.yaml", ".")],
)
def test_a_configs_paths_start_from_its_project_folder(tmp_path, config, project):
    assert project_folder(tmp_path / config) == (tmp_path / project).resolve()

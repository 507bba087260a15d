"""The rules that carry work to and from human coders, on the counterfactual corpus: draw_sample, export_qdpx
and import_qdpx."""

from __future__ import annotations

import copy
import hashlib
import re
import shutil
import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from qualsynth.coding.exchange import draw_sample, import_qdpx
from qualsynth.errors import InputError
from qualsynth.tables import read_parquet, write_outputs
from tests.rules.conftest import ANSWER, CODER_A, DATA, DOCUMENTS, SCHEMAS, rule_settings

# One worker runs the corpus through the rules (conftest.py), once.
pytestmark = pytest.mark.xdist_group("rules")

QDA = "{urn:QDA-XML:project:1.0}"
DRAWN_ON = "2024-01-15"


def draw(
    project,
    raw: Path,
    out_dir: Path,
    size: int,
    coded_in_full: tuple[str, ...] = (),
    scores: Path | None = None,
    strata: list[str] | None = None,
) -> dict:
    """The draw_sample rule as its script runs it, with `make sample N=size`, when the reference coder has
    coded the units ``coded_in_full`` and no other; with ``scores`` (the units' calibrated probabilities),
    `make sample N=size BY=uncertainty`."""
    coded = out_dir.parent / "coded_units.parquet"
    write_outputs(
        {"coded": pd.DataFrame({"unit_id": list(coded_in_full), "complete": [True] * len(coded_in_full)})},
        {"coded": coded},
    )
    config = copy.deepcopy(project.config)
    config["sampling"].update(size=size, drawn_on=DRAWN_ON, by="uncertainty" if scores else "strata")
    if strata is not None:
        config["sampling"]["strata"] = strata
    summary = draw_sample(
        project.output("clean", "units"),
        coded,
        scores,
        project.output("clean", "segments"),
        project.output("clean", "deidentified"),
        project.codebook,
        SCHEMAS / "codebook.schema.yaml",
        raw / project.config["sampling"]["register"],
        out_dir,
        rule_settings(config, "draw_sample"),
    )
    write_outputs({"draw": summary}, {"draw": out_dir / "draw.json"})
    return summary


@pytest.fixture
def raw(tmp_path) -> Path:
    """A copy of the raw folder of the corpus, for the one rule that writes beside the raw data."""
    shutil.copytree(DATA / "raw", tmp_path / "raw")
    return tmp_path / "raw"


def checksums(folder: Path) -> dict[str, str]:
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in folder.rglob("*")
        if p.is_file()
    }


def test_draw_sample_appends_one_unit_per_stratum_to_a_register_it_creates(project, raw, tmp_path):
    before = checksums(raw)
    summary = draw(project, raw, tmp_path / "sample", 4)
    register = pd.read_csv(raw / "coding_sample.csv", dtype=str)
    # Four strata (Alder and Birch × W1 and W2), each of two interviews: one drawn from each, with chance 1/2.
    assert len(register) == 4
    assert sorted(register["stratum"]) == ["Alder / W1", "Alder / W2", "Birch / W1", "Birch / W2"]
    for row in register.itertuples():
        assert DOCUMENTS[row.unit_id] == (row.place, row.wave)
        assert row.stratum == f"{row.place} / {row.wave}"
    assert set(register["stratum_units"]) == {"2"} and set(register["inclusion_probability"]) == {"0.5"}
    assert set(register["batch"]) == {"1"} and set(register["drawn_on"]) == {DRAWN_ON}
    assert (summary["batch"], summary["units"], summary["passages"], summary["strata"]) == (1, 4, 4, 4)
    # The raw folder gains the register and nothing else changes in it.
    assert checksums(raw) == {**before, "coding_sample.csv": checksums(raw)["coding_sample.csv"]}
    # The coding sheet: the drawn interviews' participant passages, for coder A to fill in.
    sheet = pd.read_excel(tmp_path / "sample/batch-01/coding_sheet_batch-01.xlsx", sheet_name="coding", dtype=str)
    assert sorted(sheet["segment_id"]) == sorted(f"{unit}-{ANSWER}" for unit in register["unit_id"])
    assert set(sheet["coder"]) == {"A"}
    assert sheet["theme_ids"].isna().all()
    with zipfile.ZipFile(tmp_path / "sample/batch-01/coding_sample_batch-01.qdpx") as qdpx:
        root = ET.fromstring(qdpx.read("project.qde"))
    assert sorted(s.get("name") for s in root.iter(f"{QDA}TextSource")) == sorted(register["unit_id"])


def test_draw_sample_draws_the_units_left_in_a_second_batch(project, raw, tmp_path):
    draw(project, raw, tmp_path / "sample", 4)
    first = set(pd.read_csv(raw / "coding_sample.csv", dtype=str)["unit_id"])
    summary = draw(project, raw, tmp_path / "sample", 4)
    register = pd.read_csv(raw / "coding_sample.csv", dtype=str)
    second = register[register["batch"] == "2"]
    assert summary["batch"] == 2 and len(register) == 8
    assert list(register["unit_id"][:4]) == sorted(first)  # the first batch kept as it was, in front
    assert set(second["unit_id"]) == set(DOCUMENTS) - first
    # One interview left in each stratum, and it is drawn: chance 1.
    assert set(second["stratum_units"]) == {"1"} and set(second["inclusion_probability"]) == {"1.0"}
    assert (tmp_path / "sample/batch-02/coding_sheet_batch-02.xlsx").is_file()


def test_draw_sample_draws_no_unit_coded_in_full_already(project, raw, tmp_path):
    coded = sorted(DOCUMENTS)[:2]
    summary = draw(project, raw, tmp_path / "sample", 6, coded_in_full=tuple(coded))
    register = pd.read_csv(raw / "coding_sample.csv", dtype=str)
    # The six units neither drawn nor coded are all drawn.
    assert summary["units"] == 6 and set(register["unit_id"]) == set(DOCUMENTS) - set(coded)


def test_draw_sample_by_uncertainty_needs_coded_units_and_records_every_units_stratum(project, raw, tmp_path):
    scores = tmp_path / "unit_scores.parquet"
    units = sorted(DOCUMENTS)
    table = pd.DataFrame({"unit_id": units, "role": "", "theme_id": "t1", "score": float("nan"), "human": float("nan")})
    write_outputs({"scores": table}, {"scores": scores})
    with pytest.raises(InputError, match="draw a first batch with `make sample N=…` \\(without BY\\)"):
        draw(project, raw, tmp_path / "sample", 2, scores=scores)
    assert not (raw / "coding_sample.csv").exists()
    first = draw(project, raw, tmp_path / "sample", 4)
    register = pd.read_csv(raw / "coding_sample.csv", dtype=str)
    coded = set(register["unit_id"])
    # The machine is sure of two of the four units left (0 and 1), unsure of the other two (0.5).
    left = [u for u in units if u not in coded]
    probability = {u: 0.5 for u in units} | {left[0]: 0.0, left[1]: 1.0}
    table = table.assign(score=[probability[u] for u in units], human=[1.0 if u in coded else np.nan for u in units])
    write_outputs({"scores": table}, {"scores": scores})
    # Two units per crossing of the 4 place × wave strata with at least 2 uncertainty strata: 16 at least.
    with pytest.raises(InputError, match="Draw at least 16 by uncertainty"):
        draw(project, raw, tmp_path / "sample", 2, scores=scores)
    summary = draw(project, raw, tmp_path / "sample", 4, scores=scores, strata=[])
    assert first["batch"] == 1 and summary["batch"] == 2
    register = pd.read_csv(raw / "coding_sample.csv", dtype=str)
    second = register[register["batch"] == "2"]
    # Four units left, two sure (u 0) and two not (u 0.5): two strata, each drawn whole.
    assert sorted(second["stratum"]) == ["uncertainty 1 of 2"] * 2 + ["uncertainty 2 of 2"] * 2
    assert set(second["inclusion_probability"]) == {"1.0"}
    strata = pd.read_csv(raw / "coding_sample_strata.csv", dtype=str)
    # Every unit's stratum for batch 2, the drawn ones as the register has them.
    assert sorted(strata["unit_id"]) == units and set(strata["batch"]) == {"2"}
    of = dict(zip(strata["unit_id"], strata["stratum"]))
    assert {of[left[0]], of[left[1]]} == {"uncertainty 1 of 2"} and of[left[2]] == "uncertainty 2 of 2"
    assert all(of[u] == s for u, s in zip(second["unit_id"], second["stratum"]))


def test_draw_sample_refuses_fewer_units_than_strata(project, raw, tmp_path):
    with pytest.raises(InputError, match=r"N=3: the units left to draw fall in 4 strata \(place × wave\)"):
        draw(project, raw, tmp_path / "sample", 3)
    assert not (raw / "coding_sample.csv").exists()


def read_project(qdpx: Path) -> tuple[ET.Element, dict[str, str]]:
    """The project.qde's root and the text of each source file in the archive, by source guid."""
    with zipfile.ZipFile(qdpx) as archive:
        root = ET.fromstring(archive.read("project.qde"))
        texts = {
            Path(name).stem: archive.read(name).decode("utf-8")
            for name in archive.namelist()
            if name.startswith("sources/")
        }
    return root, texts


def test_export_qdpx_writes_each_deidentified_document_with_coder_a_codes(exported):
    project = exported
    root, texts = read_project(project.output("export_qdpx", "qdpx"))
    users = {u.get("guid"): u.get("name") for u in root.iter(f"{QDA}User")}
    # The machine codes are the calibrated coder's (coding.combine: calibrated), trained on coder A's units.
    assert sorted(users.values()) == ["A", "qualsynth calibrated"]
    themes = {
        c.get("guid"): re.match(r"\[(\w+)\]", c.find(f"{QDA}Description").text).group(1)
        for c in root.iter(f"{QDA}Code")
        if c.get("isCodable") == "true"
    }
    sources = {s.get("name"): s for s in root.iter(f"{QDA}TextSource")}
    assert sorted(sources) == sorted(DOCUMENTS)
    segments = read_parquet(project.output("clean", "segments")).set_index("segment_id")
    deidentified = project.output("clean", "deidentified")
    by_a = set()
    for doc, source in sources.items():
        text = texts[source.get("guid")]
        assert text == (deidentified / f"{doc}.txt").read_text(encoding="utf-8")
        for selection in source.iter(f"{QDA}PlainTextSelection"):
            start, end = int(selection.get("startPosition")), int(selection.get("endPosition"))
            assert text[start:end] == segments.loc[selection.get("name"), "text"]
            for coding in selection.iter(f"{QDA}Coding"):
                if users[coding.get("creatingUser")] == "A":
                    by_a.add((selection.get("name"), themes[coding.find(f"{QDA}CodeRef").get("targetGUID")]))
    assert by_a == CODER_A


def run_import_qdpx(project, qdpx: Path, code_map: Path) -> dict:
    """The import_qdpx rule as its script runs it, with the code map make check drafts (written to ``code_map``)
    when there is none yet."""
    if not code_map.exists():
        from qualsynth.coding.code_map import draft_code_map
        from qualsynth.coding.codebook import load_codebook
        from qualsynth.coding.qda_project import read_project as read_qdpx
        from qualsynth.config import load_schema

        book = load_codebook(project.codebook, load_schema(SCHEMAS / "codebook.schema.yaml"))
        write_outputs({"map": draft_code_map(read_qdpx(qdpx), book)}, {"map": code_map})
    return import_qdpx(
        qdpx,
        project.output("validate_inputs", "documents"),
        project.output("clean", "segments"),
        project.output("clean", "deidentified"),
        code_map,
        project.codebook,
        SCHEMAS / "codebook.schema.yaml",
        project.settings_for("import_qdpx"),
    )


def test_import_qdpx_gives_back_coder_a_codes_from_the_exported_project(exported, tmp_path):
    project = exported
    outputs = run_import_qdpx(project, project.output("export_qdpx", "qdpx"), tmp_path / "map.csv")
    table = outputs["human_codes"]
    # qualsynth's own coders are left out; A read and coded every passage, so there is no negative row.
    assert set(table["coder"]) == {"A"}
    assert len(table) == len(CODER_A)
    assert set(zip(table["segment_id"], table["theme_id"])) == CODER_A
    assert (table["doc_id"] + "-" + ANSWER == table["segment_id"]).all()
    assert (table["anchor"].str.len() > 0).all()
    # Every source is matched by its name, every coding placed exactly where it was exported.
    assert set(outputs["sources"]["matched_by"]) == {"name"}
    assert set(outputs["report"]["status"]) == {"placed"}


def test_import_qdpx_refuses_a_code_the_code_map_leaves_undecided(exported, tmp_path):
    project = exported
    edited = tmp_path / "coded.qdpx"
    with zipfile.ZipFile(project.output("export_qdpx", "qdpx")) as source, zipfile.ZipFile(edited, "w") as target:
        for name in source.namelist():
            data = source.read(name)
            if name == "project.qde":
                # As if the coder renamed the goal clarity code in their QDA tool.
                data = (
                    data.decode("utf-8")
                    .replace('name="Clarity and shared understanding of purpose"', 'name="Purpose, renamed"')
                    .replace("[goal_clarity] ", "")
                    .encode("utf-8")
                )
            target.writestr(name, data)
    with pytest.raises(InputError, match=r"map.csv, line \d+: code '[^']* > Purpose, renamed' is mapped to no theme"):
        run_import_qdpx(project, edited, tmp_path / "map.csv")

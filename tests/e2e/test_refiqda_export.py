"""The demo's REFI-QDA export: valid against the standard's schema, readable by pyrefiqda, every
coding on the exact characters of its passage, and a round trip that loses nothing."""

import os
import shutil
import tempfile
import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path

import pandas as pd
import pytest

from qualsynth.coding.code_map import check_code_map, draft_code_map
from qualsynth.coding.codebook import load_codebook
from qualsynth.coding.qda_project import read_project
from qualsynth.coding.refiqda import NS, coded_units
from qualsynth.coding.refiqda_import import import_project
from qualsynth.config import load_schema
from tests.workflow import ROOT, snakemake

# The tests that read the shared builds (tests/e2e/conftest.py) run in one worker, which builds them once.
pytestmark = [pytest.mark.e2e, pytest.mark.xdist_group("shared-builds")]
# The standard's schema is not shipped with the project; it sits beside the checkout, or where
# QUALSYNTH_REFI_QDA_XSD says.
XSD = Path(os.environ.get("QUALSYNTH_REFI_QDA_XSD", ROOT.parent / "shared/refi-qda/Project.xsd"))
Q = f"{{{NS}}}"


@pytest.fixture(scope="session")
def pipeline(demo_project):
    processed = demo_project / "data/processed"
    segments = pd.read_parquet(processed / "segments.parquet")
    codebook = load_codebook(ROOT / "config/codebook.yaml", load_schema(ROOT / "workflow/schemas/codebook.schema.yaml"))
    human = pd.read_parquet(processed / "shards/human_codes.parquet")  # as the coding stage placed them
    texts = {
        doc: (processed / f"deidentified/{doc}.txt").read_text(encoding="utf-8") for doc in set(segments["doc_id"])
    }
    return {
        "qdpx": processed / "project.qdpx",
        "documents": pd.read_parquet(processed / "documents.parquet"),
        "segments": segments,
        "codebook": codebook,
        "texts": texts,
        "codes": pd.read_parquet(processed / "machine_codes.parquet"),
        "human": human,
        "agreement": pd.read_csv(processed / "agreement.csv"),
    }


def test_project_validates_against_the_refi_qda_schema(pipeline):
    if not XSD.exists():
        pytest.skip(f"the REFI-QDA schema is not at {XSD}: schema validation not run")
    import xmlschema

    with zipfile.ZipFile(pipeline["qdpx"]) as archive:
        qde = archive.read("project.qde").decode("utf-8")
    errors = [f"{e.path}: {e.reason}" for e in xmlschema.XMLSchema(str(XSD)).iter_errors(qde)]
    assert errors == []


def test_pyrefiqda_reads_what_the_pipeline_made(pipeline):
    from pyrefiqda import RefiProject

    with tempfile.TemporaryDirectory() as folder:
        project = RefiProject.load(pipeline["qdpx"], extract_dir=folder)
    segments, codes = pipeline["segments"], pipeline["codes"]
    areas = project.code_book.codes.code
    assert len(areas) == 5 and sum(len(a.code) for a in areas) == len(pipeline["codebook"].themes) == 32
    assert len(project.sources.text_source) == segments["doc_id"].nunique() == 64
    assert len(project.cases.case) == segments.loc[segments["is_participant"], "participant_id"].nunique()
    users = {u.guid: u.name for u in project.users.user}
    by_user: dict[str, int] = {}
    for source in project.sources.text_source:
        for selection in source.plain_text_selection:
            for coding in selection.coding:
                by_user[users[coding.creating_user]] = by_user.get(users[coding.creating_user], 0) + 1
    agreement = pipeline["agreement"].set_index(["comparison", "theme_id"])
    # Each machine coder behind the final codes is a user of its own (a code two coders decided counts for
    # both): with coding.combine: calibrated, the calibrated coder alone.
    machine = codes.loc[codes["coder"] != "A", "coder"].str.split("+").explode().value_counts()
    assert set(machine.index) == {"calibrated"}
    assert by_user == {
        **{f"qualsynth {coder}": int(n) for coder, n in machine.items()},
        # The human coders' positive codes, as the agreement table counts them.
        "A": int(agreement.loc[("machine vs A", "ALL (pooled)"), "reference_positives"]),
        "B": int(agreement.loc[("B vs A", "ALL (pooled)"), "other_positives"]),
    }


def test_every_coding_spans_exactly_its_passage(pipeline):
    text_of = pipeline["segments"].set_index("segment_id")["text"]
    checked = 0
    with zipfile.ZipFile(pipeline["qdpx"]) as archive:
        root = ET.fromstring(archive.read("project.qde"))
        for source in root.iter(f"{Q}TextSource"):
            plain = archive.read("sources/" + source.get("plainTextPath").removeprefix("internal://")).decode("utf-8")
            for selection in source.iter(f"{Q}PlainTextSelection"):
                start, end = int(selection.get("startPosition")), int(selection.get("endPosition"))
                assert plain[start:end] == text_of[selection.get("name")], selection.get("name")
                checked += len(selection.findall(f"{Q}Coding"))
    assert checked == len(coded_units(pipeline["codes"], pipeline["human"]))


def test_export_then_import_gives_the_same_segment_theme_coder_set(pipeline):
    project = read_project(pipeline["qdpx"])
    code_map, problems = check_code_map(
        draft_code_map(project, pipeline["codebook"]), project, pipeline["codebook"], Path("map")
    )
    assert problems == []  # qualsynth names each code by its theme: the draft maps every one
    back = import_project(
        project, pipeline["documents"], pipeline["segments"], pipeline["texts"], code_map, skip_users=()
    ).codes
    positives = back[back["theme_id"] != ""]
    expected = coded_units(pipeline["codes"], pipeline["human"])
    assert set(zip(positives["segment_id"], positives["theme_id"], positives["coder"])) == set(
        zip(expected["segment_id"], expected["theme_id"], expected["coder"])
    )


def test_config_names_a_coded_project_to_import(demo_project, pipeline, tmp_path):
    project = shutil.copytree(demo_project, tmp_path / "project", symlinks=True)  # the built demo stays as it is
    shutil.copyfile(pipeline["qdpx"], project / "coded.qdpx")
    # The code map make check drafts (every code of qualsynth's own export is matched).
    draft_code_map(read_project(project / "coded.qdpx"), pipeline["codebook"]).to_csv(
        project / "qdpx_code_map.csv", index=False
    )
    result = snakemake(
        project,
        "--profile",
        "workflow/profiles/default",
        "--config",
        "coding={qdpx_import: coded.qdpx}",
        "--",
        "data/processed/human_codes_from_qdpx.csv",
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    imported = pd.read_csv(project / "data/processed/human_codes_from_qdpx.csv", keep_default_na=False)
    positives = imported[imported["theme_id"] != ""]
    human = pipeline["human"][pipeline["human"]["theme_id"] != ""]
    # qualsynth's own coders are left out of an import; the human coders' codes come back as they were.
    assert set(positives["coder"]) == {"A", "B"}
    assert set(zip(positives["segment_id"], positives["theme_id"], positives["coder"])) == set(
        zip(human["segment_id"], human["theme_id"], human["coder"])
    )

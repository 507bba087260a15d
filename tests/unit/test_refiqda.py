import zipfile
from pathlib import Path

import pandas as pd
import pytest

from qualsynth.coding.code_map import check_code_map, draft_code_map
from qualsynth.coding.codebook import Codebook, Theme
from qualsynth.coding.qda_project import read_project
from qualsynth.coding.refiqda import NS, coded_units, export_project, export_sample_qdpx, guid
from qualsynth.coding.refiqda_import import ALIGNED, import_project
from qualsynth.errors import InputError

NVIVO = Path(__file__).resolve().parents[1] / "data/qdpx/nvivo_style"
THEMES = (
    Theme("relationships", "Relationships and trust", "power", "Power", "d", ("trust",)),
    Theme("goal_uncertainty", "Uncertainty about goals and purpose", "goals", "Goals", "d", ("unclear",)),
)
CODEBOOK = Codebook("1", "0" * 64, THEMES)
# Our de-identified text of d1 (Unix line endings; the NVivo project holds the same with \r\n).
TEXT = (
    "INTERVIEWER: What changed?\n"
    "AB01: We finally got the housing team and the surgery in one room. It took a year.\n"
    "AB02: Nobody upstairs has said what it is for. We are still guessing.\n"
)
P1 = "We finally got the housing team and the surgery in one room. It took a year."
P2 = "Nobody upstairs has said what it is for. We are still guessing."


def segments_of(text: str, first: str = P1) -> pd.DataFrame:
    rows = []
    for n, (passage, person, role) in enumerate(
        [("What changed?", "", "interviewer"), (first, "AB01", "resident"), (P2, "AB02", "worker")], start=1
    ):
        start = text.index(passage)
        rows.append(
            {
                "segment_id": f"d1-t{n:03d}-s01",
                "unit_id": "d1",
                "doc_id": "d1",
                "place": "X",
                "wave": "W1",
                "method": "interview",
                "participant_id": person,
                "role": role,
                "is_participant": bool(person),
                "start": start,
                "end": start + len(passage),
                "text": passage,
            }
        )
    return pd.DataFrame(rows)


def nvivo_project(tmp_path: Path) -> Path:
    target = tmp_path / "nvivo.qdpx"
    with zipfile.ZipFile(target, "w") as archive:
        for path in NVIVO.rglob("*"):
            if path.is_file():
                archive.write(path, path.relative_to(NVIVO).as_posix())
    return target


def run_import(path: Path, segments: pd.DataFrame, codebook: Codebook, texts: dict, **options) -> pd.DataFrame:
    """The codes a project gives, its code map the draft as it stands (every used code matched)."""
    project = read_project(path)
    mapping, problems = check_code_map(draft_code_map(project, codebook), project, codebook, Path("map.csv"))
    assert problems == []
    documents = pd.DataFrame({"doc_id": sorted(texts), "path": [f"{d}.txt" for d in sorted(texts)], "title": ""})
    return import_project(project, documents, segments, texts, mapping, **options)


def test_the_code_map_leaves_a_used_code_that_matches_no_theme_for_the_user_and_says_so(tmp_path):
    project = read_project(nvivo_project(tmp_path))
    draft = draft_code_map(project, CODEBOOK).set_index("code")
    # By label, by id in another case; the area code holds no coding; "Funding worries" is no theme here.
    assert draft["theme_id"].to_dict() == {
        "Power, participation and relationships": "ignore",
        "Power, participation and relationships > Relationships and trust": "relationships",
        "GOAL_UNCERTAINTY": "goal_uncertainty",
        "Funding worries": "",
    }
    _, problems = check_code_map(draft.reset_index(), project, CODEBOOK, Path("map.csv"))
    assert problems == [
        "map.csv, line 5: code 'Funding worries' is mapped to no theme. Write a theme id of the codebook, or "
        "'ignore' if it is no theme (e.g. a code for good quotes)."
    ]


def test_import_maps_overlapping_selections_to_passages_by_hand(tmp_path):
    codebook = Codebook(
        "1", "0" * 64, (*THEMES, Theme("funding", "Funding worries", "goals", "Goals", "d", ("money",)))
    )
    table = run_import(nvivo_project(tmp_path), segments_of(TEXT), codebook, {"d1": TEXT}).codes
    got = set(zip(table["segment_id"], table["theme_id"], table["coder"]))
    # Coder One: A covers all of passage 1 and six characters of passage 2 (below half of either),
    # B lies inside passage 2, coded by the id in another case. Coder Two: "the surgery" inside
    # passage 1 (the unmatched code, now a theme), and one selection over both passages.
    assert got == {
        ("d1-t002-s01", "relationships", "Coder One"),
        ("d1-t003-s01", "goal_uncertainty", "Coder One"),
        ("d1-t002-s01", "funding", "Coder Two"),
        ("d1-t002-s01", "relationships", "Coder Two"),
        ("d1-t003-s01", "relationships", "Coder Two"),
    }
    assert set(table["doc_id"]) == {"d1"} and all(table["anchor"].str.len() > 0)


def test_import_counts_uncoded_passages_of_a_coded_source_as_negatives(tmp_path):
    codebook = Codebook(
        "1", "0" * 64, (*THEMES, Theme("funding", "Funding worries", "goals", "Goals", "d", ("money",)))
    )
    text = TEXT + "AB03: Honestly I have nothing to add about any of that at all.\n"
    segments = pd.concat(
        [
            segments_of(text),
            pd.DataFrame(
                [
                    {
                        "segment_id": "d1-t004-s01",
                        "unit_id": "d1",
                        "doc_id": "d1",
                        "place": "X",
                        "wave": "W1",
                        "method": "interview",
                        "participant_id": "AB03",
                        "role": "worker",
                        "is_participant": True,
                        "start": text.index("Honestly"),
                        "end": len(text) - 1,
                        "text": text[text.index("Honestly") : -1],
                    }
                ]
            ),
        ],
        ignore_index=True,
    )
    qdpx = tmp_path / "more.qdpx"
    with zipfile.ZipFile(nvivo_project(tmp_path)) as source, zipfile.ZipFile(qdpx, "w") as target:
        for name in source.namelist():
            data = source.read(name)
            target.writestr(
                name, data + text.splitlines()[-1].encode() + b"\r\n" if name.startswith("sources/") else data
            )
    table = run_import(qdpx, segments, codebook, {"d1": text}).codes
    negatives = table[table["theme_id"] == ""]
    assert set(zip(negatives["segment_id"], negatives["coder"])) == {
        ("d1-t004-s01", "Coder One"),
        ("d1-t004-s01", "Coder Two"),
    }


def test_export_then_import_gives_back_the_same_codes(tmp_path):
    segments = segments_of(TEXT)
    codes = pd.DataFrame(
        {
            "segment_id": ["d1-t002-s01", "d1-t003-s01"],
            "theme_id": ["relationships", "goal_uncertainty"],
            "coder": ["rules+supervised", "rules"],
            "score": [1.0, 1.0],
            "evidence": ["trust", "x"],
        }
    )
    human = pd.DataFrame(
        {"segment_id": ["d1-t002-s01", "d1-t003-s01"], "coder": ["A", "A"], "theme_id": ["relationships", ""]}
    )
    units = coded_units(codes, human)
    documents = pd.DataFrame({"doc_id": ["d1"], "place": ["X"], "wave": ["W1"], "method": ["interview"]})
    target = export_project(tmp_path / "p.qdpx", segments, documents, units, CODEBOOK, {"d1": TEXT}, "Test")
    back = run_import(target, segments, CODEBOOK, {"d1": TEXT}, skip_users=()).codes
    positives = back[back["theme_id"] != ""]
    assert set(zip(positives["segment_id"], positives["theme_id"], positives["coder"])) == {
        ("d1-t002-s01", "relationships", "qualsynth rules"),
        ("d1-t002-s01", "relationships", "qualsynth supervised"),
        ("d1-t003-s01", "goal_uncertainty", "qualsynth rules"),
        ("d1-t002-s01", "relationships", "A"),
    }
    # The same outputs give the same archive, byte for byte.
    again = export_project(tmp_path / "q.qdpx", segments, documents, units, CODEBOOK, {"d1": TEXT}, "Test")
    assert again.read_bytes() == target.read_bytes()


def test_import_refuses_a_file_that_is_not_a_project(tmp_path):
    bad = tmp_path / "coded.qdpx"
    bad.write_bytes(b"not a zip")
    with pytest.raises(InputError, match="coded.qdpx: not a .qdpx file"):
        read_project(bad)
    empty = tmp_path / "empty.qdpx"
    with zipfile.ZipFile(empty, "w") as archive:
        archive.writestr("sources/x.txt", "text")
    with pytest.raises(InputError, match="no .qde project file inside"):
        read_project(empty)


def test_import_aligns_a_source_whose_text_changed_and_places_its_selections_where_they_were(tmp_path):
    # The transcript was corrected after the project was exported: "housing team" is now "housing office",
    # and the words after it sit two characters later.
    corrected = TEXT.replace("housing team", "housing office")
    codebook = Codebook(
        "1", "0" * 64, (*THEMES, Theme("funding", "Funding worries", "goals", "Goals", "d", ("money",)))
    )
    segments = segments_of(corrected, P1.replace("housing team", "housing office"))
    imported = run_import(nvivo_project(tmp_path), segments, codebook, {"d1": corrected})
    got = set(zip(imported.codes["segment_id"], imported.codes["theme_id"], imported.codes["coder"]))
    assert {g for g in got if g[1]} == {
        ("d1-t002-s01", "relationships", "Coder One"),
        ("d1-t003-s01", "goal_uncertainty", "Coder One"),
        ("d1-t002-s01", "funding", "Coder Two"),
        ("d1-t002-s01", "relationships", "Coder Two"),
        ("d1-t003-s01", "relationships", "Coder Two"),
    }
    # The selections over the changed word are placed by aligning their text, the others as they are.
    assert set(imported.report.loc[imported.report["status"] == ALIGNED, "selection"]) == {
        "C0000000-0000-4000-8000-00000000000A",
        "C0000000-0000-4000-8000-00000000000D",
    }


# A survey export's de-identified text: two responses, the second with two answers.
SURVEY = (
    "S-aaaaaaaaaaaa (question 1): The bus only comes once an hour.\n\n"
    "S-bbbbbbbbbbbb (question 1): Nothing.\n\n"
    "S-bbbbbbbbbbbb (question 2): We finally trust the council a bit.\n\n"
)


def survey_segments() -> pd.DataFrame:
    rows = []
    for sid, unit, person, answer in [
        ("sv-r0002q01-s01", "sv-r0002", "S-aaaaaaaaaaaa", "The bus only comes once an hour."),
        ("sv-r0003q01-s01", "sv-r0003", "S-bbbbbbbbbbbb", "Nothing."),
        ("sv-r0003q02-s01", "sv-r0003", "S-bbbbbbbbbbbb", "We finally trust the council a bit."),
    ]:
        start = SURVEY.index(answer)
        rows.append(
            {
                "segment_id": sid,
                "unit_id": unit,
                "doc_id": "sv",
                "place": "X",
                "wave": "W1",
                "method": "survey",
                "participant_id": person,
                "role": "resident",
                "is_participant": True,
                "start": start,
                "end": start + len(answer),
                "text": answer,
            }
        )
    return pd.DataFrame(rows)


def code_in_tool(project: Path, target: Path, codings: list[tuple[str, int, int, str]]) -> Path:
    """What a QDA tool does: add selections with codings by a user "Coder A" to the named sources."""
    import xml.etree.ElementTree as ET

    ET.register_namespace("", NS)
    with zipfile.ZipFile(project) as source:
        root = ET.fromstring(source.read("project.qde"))
        users = root.find(f"{{{NS}}}Users")
        ET.SubElement(users, f"{{{NS}}}User", {"guid": "user-a", "name": "Coder A"})
        sources = {s.get("name"): s for s in root.iter(f"{{{NS}}}TextSource")}
        for k, (name, start, end, code) in enumerate(codings):
            selection = ET.SubElement(
                sources[name],
                f"{{{NS}}}PlainTextSelection",
                {"guid": f"sel-{k}", "startPosition": str(start), "endPosition": str(end)},
            )
            coding = ET.SubElement(selection, f"{{{NS}}}Coding", {"guid": f"cod-{k}", "creatingUser": "user-a"})
            ET.SubElement(coding, f"{{{NS}}}CodeRef", {"targetGUID": guid("code", code)})
        with zipfile.ZipFile(target, "w") as out:
            for name in source.namelist():
                out.writestr(name, ET.tostring(root, encoding="utf-8") if name == "project.qde" else source.read(name))
    return target


def test_sample_project_round_trip_places_every_code_on_its_passage(tmp_path):
    segments = pd.concat([segments_of(TEXT), survey_segments()], ignore_index=True)
    units = pd.DataFrame(
        {
            "unit_id": ["d1", "sv-r0002", "sv-r0003"],
            "place": "X",
            "wave": "W1",
            "method": ["interview", "survey", "survey"],
        }
    )
    texts = {"d1": TEXT, "sv": SURVEY}
    project = export_sample_qdpx(tmp_path / "sample.qdpx", ["d1", "sv-r0003"], segments, units, CODEBOOK, texts, "T")
    with zipfile.ZipFile(project) as archive:
        qde = archive.read("project.qde").decode()
        sources = [archive.read(n).decode() for n in sorted(archive.namelist()) if n.startswith("sources/")]
    # One source per drawn unit: the whole interview, and the second response's two answers only.
    assert 'name="d1"' in qde and 'name="sv-r0003"' in qde and 'name="sv-r0002"' not in qde
    response = (
        "S-bbbbbbbbbbbb (question 1): Nothing.\n\nS-bbbbbbbbbbbb (question 2): We finally trust the council a bit."
    )
    assert sorted(sources) == sorted([TEXT, response])
    assert "[none]" in qde
    # The coder marks "trust the council" in the response (positions in that source's text), a sentence of the
    # interview's first answer, and "No theme applies" on the interview's second answer.
    trust = response.index("trust the council")
    first = TEXT.index("We finally got")
    second = TEXT.index("Nobody upstairs")
    coded = code_in_tool(
        project,
        tmp_path / "coded.qdpx",
        [
            ("sv-r0003", trust, trust + len("trust the council"), "relationships"),
            ("d1", first, first + len(P1), "relationships"),
            ("d1", second, second + 10, "none"),
        ],
    )
    table = run_import(coded, segments, CODEBOOK, texts).codes
    got = set(zip(table["segment_id"], table["coder"], table["theme_id"]))
    assert got == {
        ("sv-r0003q02-s01", "Coder A", "relationships"),
        ("sv-r0003q01-s01", "Coder A", ""),
        ("d1-t002-s01", "Coder A", "relationships"),
        ("d1-t003-s01", "Coder A", ""),
    }


def test_a_table_of_coded_excerpts_is_placed_by_the_excerpts_text(tmp_path):
    # As Taguette exports its highlights: id, document, tag, content; one row per highlight and tag.
    table = tmp_path / "highlights.csv"
    table.write_text(
        "id,document,tag,content\n"
        "1,d1.odt,Relationships and trust,the housing team and the surgery in one room\n"
        "1,d1.odt,Funding worries,the housing team and the surgery in one room\n"
        '2,d1.odt,GOAL_UNCERTAINTY,"<p>Nobody upstairs has said what it is for.</p>"\n'
        "3,d1.odt,GOAL_UNCERTAINTY,What changed?\n"
        "4,d9.odt,GOAL_UNCERTAINTY,Anything at all\n",
        encoding="utf-8",
    )
    codebook = Codebook(
        "1", "0" * 64, (*THEMES, Theme("funding", "Funding worries", "goals", "Goals", "d", ("money",)))
    )
    imported = run_import(table, segments_of(TEXT), codebook, {"d1": TEXT})
    got = {(c.segment_id, c.theme_id, c.coder) for c in imported.codes.itertuples() if c.theme_id}
    # No coder column: the reference coder's ("A"). The third lies on the interviewer's turn; d9 is no document.
    assert got == {
        ("d1-t002-s01", "relationships", "A"),
        ("d1-t002-s01", "funding", "A"),
        ("d1-t003-s01", "goal_uncertainty", "A"),
    }
    report = imported.report.set_index("selection")
    assert report.loc["row 5", "status"] == "not placed" and "research team" in report.loc["row 5", "reason"]
    assert report.loc["row 6", "reason"] == "the source matches no document of the register by name or text"


def test_a_position_inside_a_character_is_placed_nowhere():
    from qualsynth.coding.refiqda_import import Alignment

    # A position the project's counting cannot map onto the text comes as -1: no word is taken from the start.
    alignment = Alignment.of("one two three", "one two three")
    assert alignment.locate(-1, 7) is None and alignment.locate(0, 7) == (0, 7, 1.0)


def test_a_row_of_coded_excerpts_that_names_no_code_is_reported(tmp_path):
    table = tmp_path / "highlights.csv"
    table.write_text(
        "document,tag,content\n"
        "d1.odt,Relationships and trust,the housing team and the surgery in one room\n"
        "d1.odt,,Nobody upstairs has said what it is for.\n",
        encoding="utf-8",
    )
    imported = run_import(table, segments_of(TEXT), CODEBOOK, {"d1": TEXT})
    report = imported.report.set_index("selection")
    assert report.loc["row 3", ["status", "reason"]].tolist() == ["not placed", "it names no code"]
    assert report.loc["row 2", "status"] == "placed"

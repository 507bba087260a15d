"""The whole workflow on the bundled demo inquiry (data/raw), in a temporary copy of the project.

Expected values come from the corpus's design (data/raw/README.md): 66 registered documents, of
which the duplicate rw-w2-fg-01-final and the near-empty kv-w3-int-04 are excluded; the withdrawn
participant AF02 speaks 14 turns across the two Ashby Fields focus groups.
"""

import csv
import json
import re
import shutil
from pathlib import Path

import pandas as pd
import pytest

from qualsynth.ingest.inputs import split_names
from tests.data.planted_themes.plant import planted_segments
from tests.workflow import ROOT, copy_project, report_text, snakemake

# The tests that read the shared builds (tests/e2e/conftest.py) run in one worker, which builds them once.
pytestmark = [pytest.mark.e2e, pytest.mark.xdist_group("shared-builds")]
PLANTED = ROOT / "tests/data/planted"
BASE64 = re.compile(r"data:[\w/+.-]+;base64,[A-Za-z0-9+/=\s]+")


@pytest.fixture(scope="session")
def project(demo_project):
    return demo_project


def output_texts(project: Path) -> dict[Path, str]:
    texts = {}
    for folder in ["data/processed", "report/_output", "logs"]:
        for path in (project / folder).rglob("*"):
            if path.is_file() and path.suffix in {".txt", ".csv", ".json", ".html", ".ipynb", ".log", ".md"}:
                # Embedded images are base64, not text anyone reads: letters in them match names by chance.
                texts[path] = BASE64.sub("", path.read_text(encoding="utf-8", errors="replace"))
    segments = pd.read_parquet(project / "data/processed/segments.parquet")
    texts[project / "segments.parquet"] = "\n".join(segments["text"])
    return texts


def test_demo_documents_are_all_accounted_for(project):
    exclusions = pd.read_csv(project / "data/processed/exclusions.csv")
    documents = exclusions[exclusions["unit"] == "document"].set_index("doc_id")["reason"].to_dict()
    assert documents == {"kv-w3-int-04": "no_participant_turns", "rw-w2-fg-01-final": "duplicate"}
    assert (exclusions["reason"] == "consent_withdrawn").sum() == 14
    segments = pd.read_parquet(project / "data/processed/segments.parquet")
    assert segments["doc_id"].nunique() == 66 - 2
    assert sorted(segments["place"].unique()) == [
        "Ashby Fields",
        "Eastmoor",
        "Kelham Vale",
        "Northbridge",
        "Redwater",
        "Saltmarsh",
    ]
    assert sorted(segments["wave"].unique()) == ["W1", "W2", "W3", "W4"]


def test_withdrawn_participants_words_appear_in_no_output(project):
    sentences = [s for s in (PLANTED / "withdrawn_sentences.txt").read_text(encoding="utf-8").split("\n") if s.strip()]
    for path, text in output_texts(project).items():
        flat = " ".join(text.split())
        for sentence in sentences:
            assert " ".join(sentence.split()) not in flat, (path, sentence)


def test_roster_names_and_contact_details_appear_in_no_output(project):
    with open(project / "data/raw/participants.csv", encoding="utf-8") as handle:
        names = [n for row in csv.DictReader(handle) for n in split_names(row["names"])]
    contacts = []
    for manifest in PLANTED.glob("*.csv"):
        with open(manifest, encoding="utf-8") as handle:
            contacts += [r["value"] for r in csv.DictReader(handle) if r["kind"] != "third_party_name"]
    patterns = [re.compile(rf"(?<!\w){re.escape(v)}(?!\w)", re.I) for v in names + contacts]
    for path, text in output_texts(project).items():
        for pattern in patterns:
            assert not pattern.search(text), (path, pattern.pattern)


def test_restoring_consent_brings_the_withdrawn_words_back(tmp_path):
    """The withdrawal test can fail: with consent restored, the same sentences are in the segments."""
    project = copy_project(tmp_path)
    roster = project / "data/raw/participants.csv"
    roster.write_text(
        roster.read_text(encoding="utf-8").replace(
            "community_member,Ashby Fields,withdrawn", "community_member,Ashby Fields,given"
        )
    )
    result = snakemake(project, "data/processed/segments.parquet")
    assert result.returncode == 0, result.stderr[-3000:]
    flat = " ".join(" ".join(pd.read_parquet(project / "data/processed/segments.parquet")["text"]).split())
    sentences = [s for s in (PLANTED / "withdrawn_sentences.txt").read_text(encoding="utf-8").split("\n") if s.strip()]
    assert all(" ".join(s.split()) in flat for s in sentences)


def test_third_party_name_recall_on_the_planted_names(project):
    """Recall of the third-party name heuristic: planted name forms that survive into any output."""
    forms = []
    for manifest in PLANTED.glob("*.csv"):
        with open(manifest, encoding="utf-8") as handle:
            forms += [r["value"] for r in csv.DictReader(handle) if r["kind"] == "third_party_name"]
    everything = "\n".join(output_texts(project).values())
    leaked = [f for f in forms if re.search(rf"(?<!\w){re.escape(f)}(?!\w)", everything, re.I)]
    recall = 1 - len(leaked) / len(forms)
    print(f"third-party name recall: {recall:.3f} ({len(forms) - len(leaked)} of {len(forms)} forms removed)")
    assert recall >= 0.9, leaked


def test_agreement_covers_every_theme_for_each_comparison(project):
    agreement = pd.read_csv(project / "data/processed/agreement.csv", keep_default_na=False)
    assert set(agreement["comparison"]) == {"machine vs A", "rules vs A", "supervised vs A", "B vs A"}
    # Counted from data/raw/human_codes/: coder A's two sheets hold every participant passage of 24
    # documents and 100 survey responses (547 rows, 670 theme codes, 418 unit-theme pairs); coder B's
    # the 90 passages of 6 of those documents.
    for comparison, rows in agreement.groupby("comparison"):
        assert len(rows) == 32 + 2, comparison
        pooled = rows[rows["theme_id"] == "ALL (pooled)"].iloc[0]
        assert (pooled["n_segments"], pooled["n_units"]) == ((547, 124) if comparison != "B vs A" else (90, 6))
    codes = pd.read_parquet(project / "data/processed/codes.parquet")
    # The machine's codes are the calibrated coder's (coding.combine: calibrated) wherever A did not code.
    assert set(codes["coder"]) == {"calibrated", "A"}
    assert codes["evidence"].str.len().gt(0).all()
    # On the passages coder A coded, the final codes are A's: no machine code is left there.
    human = pd.read_parquet(project / "data/processed/shards/human_codes.parquet")
    coded = set(human.loc[human["coder"] == "A", "segment_id"])
    assert set(codes.loc[codes["segment_id"].isin(coded), "coder"]) == {"A"}
    assert len(codes[codes["coder"] == "A"]) == (human.loc[human["coder"] == "A", "theme_id"] != "").sum() == 670


def test_demo_sample_design_and_estimates(project):
    design = json.loads((project / "data/processed/findings.json").read_text())["design"]
    # The register's two batches: 24 documents and 100 survey responses, all coded in full.
    assert (design["kind"], design["sampled_and_coded"], design["batches"], design["units"]) == (
        "probability sample",
        124,
        2,
        184,
    )
    overall = pd.read_csv(project / "data/processed/tables/prevalence.csv")
    assert (overall["units"] == 184).all() and (overall["coded_units"] == 124).all()
    assert set(overall["estimator"]) <= {"design-based", "human codes only"}
    assert ((overall["share_lo"] <= overall["share"]) & (overall["share"] <= overall["share_hi"])).all()
    # The calibrated probabilities expect about as many positives on the coded units as coder A found.
    calibration = pd.read_csv(project / "data/processed/calibration.csv").set_index("theme_id").loc["ALL"]
    assert 0.8 <= calibration["expected_ratio"] <= 1.25 and calibration["human_positives"] == 418


def test_discover_themes_writes_topics_mapped_to_the_codebook(project):
    topics = pd.read_parquet(project / "data/processed/topics.parquet")
    selection = pd.read_csv(project / "data/processed/topic_selection.csv")
    assert selection["chosen"].sum() == 1 and len(topics) == int(selection.loc[selection["chosen"], "k"].iloc[0])
    assert list(selection["k"]) == list(range(15, 41))
    segment_topics = pd.read_parquet(project / "data/processed/segment_topics.parquet")
    assert topics["n_segments"].sum() == (segment_topics["topic_id"] >= 0).sum()
    assert topics["codebook_may_miss"].dtype == bool
    assert (project / "logs/notebooks/02_discover_themes.ipynb").exists()


# Words a reader would expect in a label of each theme planted in the demo (tests/data/planted_themes), and
# spoken filler and interview talk that should name no topic; both written for this test.
PLANTED_KEY_WORDS = {
    "flooding": {"flood", "water", "rain", "river", "sea", "drain", "sandbag", "insurance", "storm", "tide"},
    "debt": {"debt", "loan", "owe", "borrow", "lender", "bailiff", "catalogue", "credit", "repayment", "payday"},
}
FILLER = set(
    "um er erm uh yeah yes like know mean think just really actually basically honestly sort kind thing things "
    "lot bit said say tell told talk talking come came go going got get couldn didn doesn don wasn isn ve ll "
    "laughs inaudible crosstalk name okay right well".split()
)


def test_each_planted_theme_is_recovered_as_a_topic_the_codebook_misses(project):
    planted = planted_segments(pd.read_parquet(project / "data/processed/segments.parquet"))
    assert sorted(pd.Series(planted).value_counts().items()) == [("debt", 16), ("flooding", 16)]
    topic_of = pd.read_parquet(project / "data/processed/segment_topics.parquet").set_index("segment_id")["topic_id"]
    topics = pd.read_parquet(project / "data/processed/topics.parquet").set_index("topic_id")
    for theme, key_words in PLANTED_KEY_WORDS.items():
        ids = [s for s, t in planted.items() if t == theme]
        best = topic_of.loc[ids].value_counts()
        members = topic_of[topic_of == best.index[0]].index
        # At least 70% of its passages in one topic, whose passages are at least 60% planted ones.
        assert best.iloc[0] / len(ids) >= 0.7, (theme, best.iloc[0])
        assert sum(planted.get(s) == theme for s in members) / len(members) >= 0.6, (theme, len(members))
        topic = topics.loc[best.index[0]]
        label = set(topic["label"].replace(",", " ").split())
        assert topic["codebook_may_miss"] and len(label & key_words) >= 2 and not label & FILLER, topic["label"]


def test_no_topic_label_in_the_report_holds_a_filler_word(project):
    html = " ".join((project / "report/_output/synthesis.html").read_text(encoding="utf-8").split())
    section = html[html.index('id="what-the-codebook-may-be-missing"') : html.index('id="questions-to-explore"')]
    rows = re.findall(r"<tr[^>]*>\s*<td[^>]*>([^<]+)</td>", section)
    labels = [" ".join(row.split()) for row in rows]
    assert len(labels) >= 15  # one row per topic: the demo's k is chosen in 15–40
    assert {word for label in labels for word in label.replace(",", " ").split()} & FILLER == set()


def test_every_quote_is_part_of_a_consenting_participants_passage(project):
    quotes = pd.read_csv(project / "data/processed/tables/quotes.csv", dtype={"participant_id": str})
    segments = pd.read_parquet(project / "data/processed/segments.parquet").set_index("segment_id")
    with open(ROOT / "data/raw/participants.csv", encoding="utf-8") as f:
        consent = {row["participant_id"]: row["consent"] for row in csv.DictReader(f)}
    assert len(quotes) >= 2 * 32 and quotes["theme_id"].nunique() == 32
    for q in quotes.itertuples():
        segment = segments.loc[q.segment_id]
        assert segment["is_participant"] and segment["participant_id"] == q.participant_id
        # Roster participants must have given consent; survey respondents (not in the roster) consented on the form.
        assert consent.get(q.participant_id, "given") == "given", q.segment_id
        assert segment["doc_id"].startswith("sv-") or q.participant_id in consent, q.segment_id
        assert segment["text"][q.quote_start : q.quote_end] == q.text and q.text in segment["text"]
    # Quotes for one theme come from more than one place wherever the theme was coded in more than one.
    assert (quotes.groupby("theme_id")["place"].nunique() > 1).all()


def test_no_quote_is_attributed_to_a_group_of_fewer_than_five_people(project):
    # The demo's synthesis.min_cell_size is 5; the demo has one associate per place.
    tables = project / "data/processed/tables"
    quotes = pd.read_csv(tables / "quotes.csv", dtype=str, keep_default_na=False).to_dict(orient="records")
    topics = pd.read_parquet(project / "data/processed/topics.parquet")
    quotes += [q for listed in topics["quotes"] for q in json.loads(listed)]
    segments = pd.read_parquet(project / "data/processed/segments.parquet")
    said = segments[segments["is_participant"]]
    html = (project / "report/_output/synthesis.html").read_text(encoding="utf-8")
    # Each printed quote and the attribution after it (a callout's) or at its foot (a topic's): "— Associate".
    printed_quotes = [
        (plain_words(quote), who)
        for quote, who in re.findall(r"<blockquote>\s*<p>(.*?)</p>\s*(?:</blockquote>\s*)?<p>— (.*?)</p>", html, re.S)
    ]
    generalised = printed = 0
    for q in quotes:
        named = {c: q[f"attributed_{c}"] for c in ("role", "place", "wave", "method") if q[f"attributed_{c}"]}
        group = said
        for column, value in named.items():
            group = group[group[column] == value]
        assert group["participant_id"].nunique() >= 5, (q["segment_id"], named)
        generalised += len(named) < 4
        # The report's attribution: "— Associate, Saltmarsh, W4 (interview)".
        for who in [who for quote, who in printed_quotes if quote.startswith(plain_words(q["text"])[:80])]:
            printed += 1
            words = [w.strip() for w in re.sub(r" \([^()]*\)$", "", who).split(",")]
            assert (q["place"] in words) == ("place" in named), (q["segment_id"], who)
            assert (q["wave"] in words) == ("wave" in named), (q["segment_id"], who)
    assert printed > 0
    assert generalised > 0  # the demo has one associate per place: their quotes lose the place at least


def test_with_the_semantic_coder_off_the_log_says_so(project):
    log = (project / "logs/train_coder.log").read_text()
    assert "semantic coder: off (coding.semantic.enabled is false" in log
    assert not (project / "data/processed/shards/embed").exists()


def test_demo_states_no_direction_its_interval_does_not_support(project):
    """Every 'rose', 'fell' and 'raised it most' in findings.json, the change tables and the report rests
    on an interval that excludes no change; the counts of places count only those."""
    processed = project / "data/processed"
    findings = json.loads((processed / "findings.json").read_text(encoding="utf-8"))
    for theme, trend in findings["trends"].items():
        if trend["direction"] == "rose":
            assert trend["change_lo"] > 0 and trend["clear"], (theme, trend)
        elif trend["direction"] == "fell":
            assert trend["change_hi"] < 0 and trend["clear"], (theme, trend)
        else:
            assert trend["direction"] == "no clear change" and not trend["clear"], (theme, trend)
    for name in ["wave_change", "wave_change_by_place"]:
        table = pd.read_csv(processed / "tables" / f"{name}.csv").dropna(subset=["change"])
        assert (table.loc[table["direction"] == "rose", "change_lo"] > 0).all(), name
        assert (table.loc[table["direction"] == "fell", "change_hi"] < 0).all(), name
        assert set(table["direction"]) <= {"rose", "fell", "no clear change"}, name
    by_place = pd.read_csv(processed / "tables/wave_change_by_place.csv")
    for theme, trend in findings["trends"].items():
        here = by_place[(by_place["theme_id"] == theme) & ~by_place["suppressed"].astype(bool)]
        assert trend["places_rose"] == int((here["direction"] == "rose").sum())
        assert trend["places_rose"] == int((here["clear"] & (here["change"] > 0)).sum())
    for theme, gap in findings["place_divergence"].items():
        assert gap["clear"] == (gap["gap_lo"] > 0), theme
    # The report's words: a theme said to rise or fall is one whose change is clear that way.
    html = (project / "report/_output/synthesis.html").read_text(encoding="utf-8")
    text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", BASE64.sub("", html)))
    labels = {t: label for t, label in zip(*_codebook_labels(project))}
    said = 0
    for theme, label in labels.items():
        for way in ("rose", "fell"):
            for _ in re.finditer(re.escape(label) + r" " + way + r"\b", text):
                said += 1
                assert findings["trends"][theme]["direction"] == way, (label, way)
    assert said > 0  # the report does state the clear changes
    assert "no theme clearly" in text or said >= 2
    # A place difference is stated only where the gap's interval, over every pair of places, excludes none.
    differs = [t for t, label in labels.items() if f"{label} differs between places" in text]
    assert differs and all(findings["place_divergence"][t]["gap_lo"] > 0 for t in differs), differs
    # A survey statement said to rise or fall: its change's interval, over every statement, excludes none.
    changes = findings["likert"]["changes"]
    questions = pd.read_csv(processed / "tables/likert.csv").set_index("question")["item"].to_dict()
    for question, item in questions.items():
        for way in ("rose", "fell"):
            if f"agreement that “{question}” {way}" in text.replace("Agreement", "agreement"):
                low, high = changes[item]["change_lo"], changes[item]["change_hi"]
                assert (low > 0) if way == "rose" else (high < 0), (question, way)


def plain_words(text: str) -> str:
    """A quote's words as the report prints them, typography and markup aside."""
    plain = re.sub(r"<[^>]+>", "", text).translate(str.maketrans("‘’“”…", "''\"\"."))
    return " ".join(plain.replace("..", "").split())


def _codebook_labels(project: Path) -> tuple[list[str], list[str]]:
    from qualsynth.coding.steps import read_codebook

    book = read_codebook(project / "config/codebook.yaml", project / "workflow/schemas/codebook.schema.yaml")
    return [t.id for t in book.themes], [t.label for t in book.themes]


GRADES = {"high", "moderate", "low", "very low"}


def _key_messages(processed: Path) -> list[dict]:
    findings = json.loads((processed / "findings.json").read_text(encoding="utf-8"))
    by_id = {f["id"]: f for f in findings["findings"]}
    return [by_id[i] for i in findings["key_messages"]]


def test_demo_key_messages_recover_the_designed_story(project):
    """The demo's story (data/raw/README.md): goals grew clearer as uncertainty fell; capturing and sharing
    learning is the least developed, raised as a gap; participation works differently from place to place;
    relationship and diagnostic work came before challenging practice."""
    keys = _key_messages(project / "data/processed")
    assert 5 <= len(keys) <= 8
    by_themes = {frozenset(k["theme_ids"]): k for k in keys}
    goals = by_themes[frozenset({"goal_clarity", "goal_uncertainty"})]
    assert goals["title"] == "Goals and purpose: improving" and goals["valence"] == "strength"
    assert goals["evidence"]["moves"].get("goal_uncertainty") == "fell"
    assert "agreement that “I understand what the programme is trying to achieve” rose" in goals["statement"]
    learning = by_themes[frozenset({"learning_capture"})]
    assert learning["kind"] == "ranking" and learning["title"] == "Capturing and sharing learning: the least developed"
    assert learning["valence"] == "need" and "Capturing and sharing learning rose" in learning["statement"]
    participation = by_themes[frozenset({"participation_effective", "participation_barriers"})]
    assert (
        participation["title"] == "Participation: differs between places" and participation["evidence"]["places_differ"]
    )
    order = next(k for k in keys if k["kind"] == "sequencing")
    assert order["title"] == "The early work came first" and order["evidence"]["places_early_first"] == 6
    for key in keys:
        assert key["confidence"] in GRADES and key["question"].endswith("?"), key["id"]
        assert [a["component"] for a in key["assessments"]] == [
            "methodological limitations",
            "coherence",
            "adequacy",
            "relevance",
        ]
    # The report opens with them, in the same order.
    text = report_text(project)
    opening = text[text.index("Key messages", 200) : text.index("About the inquiry", text.index("Key messages", 200))]
    positions = [opening.index(k["title"]) for k in keys]
    assert positions == sorted(positions)


def test_every_finding_rests_on_an_interval_that_supports_it(project):
    """Each finding in findings.json, read against the published tables: a change is clear that way, a
    difference between places has a gap whose interval excludes none, a ranking clears every other item."""
    processed = project / "data/processed"
    findings = json.loads((processed / "findings.json").read_text(encoding="utf-8"))["findings"]
    change = pd.read_csv(processed / "tables/wave_change.csv").set_index("theme_id")
    gaps = pd.read_csv(processed / "tables/place_divergence.csv").set_index("theme_id")
    likert = pd.read_csv(processed / "tables/likert.csv").set_index("item")

    def clear_change(theme, way):
        row = change.loc[theme]
        return row["direction"] == way and (row["change_lo"] > 0 if way == "rose" else row["change_hi"] < 0)

    kinds = set()
    for finding in findings:
        kinds.add(finding["kind"])
        theme, evidence = finding["theme_ids"][0], finding["evidence"]
        if finding["kind"] == "change":
            assert clear_change(theme, "rose" if evidence["change"] > 0 else "fell"), finding["id"]
        elif finding["kind"] == "place difference":
            assert gaps.loc[theme, "gap_lo"] > 0, finding["id"]
        elif finding["kind"] == "survey change":
            assert evidence["change_lo"] > 0 or evidence["change_hi"] < 0, finding["id"]
        elif finding["kind"] == "ranking":
            others = likert.drop(index=evidence["item"])
            mine = likert.loc[evidence["item"]]
            assert mine["share_agree_hi"] < others["share_agree_lo"].min() or (
                mine["share_agree_lo"] > others["share_agree_hi"].max()
            ), finding["id"]
        elif finding["kind"] == "pair":
            assert all(clear_change(t, way) for t, way in evidence["moves"].items()), finding["id"]
            assert all(gaps.loc[t, "gap_lo"] > 0 for t in evidence["places_differ"]), finding["id"]
    assert {"pair", "change", "place difference", "ranking", "sequencing"} <= kinds


def test_with_the_ratings_turned_round_capturing_learning_becomes_a_strength(project, tmp_path):
    """The survey's counterfactual: every rating turned round on its 1–5 scale. Agreement that learning is
    captured and shared, the demo's lowest, becomes its highest, and its key message turns from a need to a
    strength."""
    copy = tmp_path / "turned"
    shutil.copytree(project, copy, symlinks=True, ignore=shutil.ignore_patterns("_output", ".snakemake"))
    likert = copy / "data/processed/likert.parquet"
    ratings = pd.read_parquet(likert)
    ratings.assign(value=6 - ratings["value"]).to_parquet(likert, index=False)
    result = snakemake(
        copy, "--profile", "workflow/profiles/default", "--forcerun", "synthesise", "--until", "synthesise"
    )
    assert result.returncode == 0, result.stderr[-3000:]
    learning = [k for k in _key_messages(copy / "data/processed") if k["theme_ids"] == ["learning_capture"]]
    assert [(k["title"], k["valence"]) for k in learning] == [
        ("Capturing and sharing learning: the most developed", "strength")
    ]

"""An inquiry larger than a page can list: which places the figures keep, what the appendix lists, and what
they say about the rest."""

import re
from types import SimpleNamespace

import pandas as pd

from qualsynth.report.sections.appendix import inputs_table
from qualsynth.report.sections.findings import stages


def test_the_stage_figure_of_many_places_keeps_those_with_most_participants_and_says_so(tmp_path):
    places = [f"P{k:02d}" for k in range(1, 27)]
    # 26 places: P05 and P17 have the fewest participants, so the 24 shown are the other places.
    participants = [2 if p == "P05" else 1 if p == "P17" else 10 + k for k, p in enumerate(places)]
    order = pd.DataFrame(
        {"place": places, "early_onset": 1.0, "later_onset": 2.0, "order": "early first", "participants": participants}
    )
    sequencing = {
        "early_themes": ["a"],
        "later_themes": ["b"],
        "places": 26,
        "places_early_first": 26,
        "places_later_first": 0,
        "places_same_wave": 0,
        "salience": 0.5,
    }
    shares = SimpleNamespace(sequencing=sequencing, stage_order=order)
    text = stages(SimpleNamespace(wave_order=["W1", "W2"]), shares, tmp_path, "area", ["a", "b"])
    assert "in the 24 of the 26 places with the most participants" in text
    assert "`tables/stage_order.csv`" in text
    # The figure stands in a paragraph of its own, so that it keeps its caption.
    assert "\n\n![When the early and the later work" in text
    alt = re.search(r'fig-alt="([^"]*)"', text).group(1)
    assert re.findall(r"(P\d\d): early", alt) == [p for p in places if p not in ("P05", "P17")]


def test_the_appendix_lists_few_documents_one_by_one_and_many_by_method():
    documents = pd.DataFrame(
        {
            "doc_id": ["d2", "d1", "s1"],
            "method": ["interview", "interview", "survey"],
            "n_bytes": [10, 20, 5],
            "sha256": ["b" * 64, "a" * 64, "c" * 64],
        }
    )
    listed = inputs_table(documents, limit=3)
    assert listed.index("d1") < listed.index("d2") and "c" * 64 in listed
    # Two interviews of 10 and 20 bytes, one survey of 5: counted by method, no checksum printed.
    summary = inputs_table(documents, limit=2)
    rows = [[c.strip() for c in line.strip("|").split("|")] for line in summary.splitlines() if line.startswith("|")]
    assert rows[0] == ["Method", "Documents", "Bytes"]
    assert rows[2:] == [["interview", "2", "30"], ["survey", "1", "5"]]
    assert "a" * 64 not in summary and "3 documents" in summary and "raw_checksums.json" in summary

import pandas as pd
import pytest

from qualsynth.coding.codebook import Codebook, Theme
from qualsynth.report.prose import attribution
from qualsynth.synthesis.quotes import attributions, describes_self, exemplar_quotes, quote_span

CODEBOOK = Codebook("t", "0" * 64, (Theme("trust", "Trust", "rel", "Relations", "d", ("trust",)),))
TEXT = {
    "s1": "We trust each other now, and that took two years of turning up every week.",
    "s2": "Honestly the trust is there with the council officers, which I never expected to say.",
    "s3": "I think trust grows when people see you come back after the first meeting and the second.",
    "s4": "Trust, yes, fine, but it is thin and it goes the moment the money stops flowing here.",
    "s5": "Trust.",
}
SEGMENTS = pd.DataFrame(
    [
        {
            "segment_id": sid,
            "doc_id": f"d{i}",
            "place": place,
            "wave": "W1",
            "role": role,
            "method": "interview",
            "participant_id": person,
            "is_participant": True,
            "text": TEXT[sid],
        }
        for i, (sid, place, role, person) in enumerate(
            [
                ("s1", "X", "resident", "p1"),
                ("s2", "X", "worker", "p2"),
                ("s3", "Y", "resident", "p3"),
                ("s4", "Z", "worker", "p1"),
                ("s5", "Z", "resident", "p5"),
            ]
        )
    ]
)
# s1 is coded by both coders; the rest by the rules coder alone, s2 also carrying another theme.
CODES = pd.DataFrame(
    {
        "segment_id": ["s1", "s2", "s2", "s3", "s4", "s5"],
        "theme_id": ["trust", "trust", "other", "trust", "trust", "trust"],
        "coder": ["rules+supervised", "rules", "rules", "rules", "rules", "rules"],
        "score": [1.0] * 6,
        "evidence": ["trust || p=0.9", "trust", "x", "trust", "Trust", "Trust"],
    }
)


def test_exemplar_quotes_prefer_agreement_then_new_places_and_roles():
    quotes = exemplar_quotes(SEGMENTS, CODES, CODEBOOK, per_theme=3, max_words=60, min_words=8)
    # s1 first (two coders agree). Then a new place and a new role: s3 is Y but a resident like s1; s4 is Z
    # and a worker but p1 again; so none qualifies on both counts. A new place: s3 (s2 is X, s4 is p1,
    # s5 is too short). Then anyone not yet quoted: s2.
    assert list(quotes["segment_id"]) == ["s1", "s3", "s2"]
    assert list(quotes["rank"]) == [1, 2, 3]
    assert list(quotes["place"]) == ["X", "Y", "X"]


def test_every_quote_is_a_contiguous_part_of_its_segment():
    quotes = exemplar_quotes(SEGMENTS, CODES, CODEBOOK, per_theme=5, max_words=10, min_words=3)
    for q in quotes.itertuples():
        assert TEXT[q.segment_id][q.quote_start : q.quote_end] == q.text


def test_quote_span_keeps_short_passages_whole_and_cuts_long_ones_at_sentences():
    text = "First we met. Then nothing happened for months. The trust came later, slowly. And then it went."
    assert quote_span(text, ["trust"], 60) == (0, len(text))
    start, end = quote_span(text, ["trust"], 6)
    # Words per sentence: 3, 5, 5, 4. From the sentence with "trust", as many whole sentences as fit in 6 words.
    assert text[start:end] == "The trust came later, slowly."
    start, end = quote_span(text, ["trust"], 9)
    assert text[start:end] == "The trust came later, slowly. And then it went."


def _speaker(person, role, place, wave, participant=True, method="interview"):
    return {
        "participant_id": person,
        "role": role,
        "place": place,
        "wave": wave,
        "is_participant": participant,
        "method": method,
    }


# With at least 3 people to a group: 5 residents speak in Y in W1 (4 interviewed, 1 in the survey); 2 in X in W1 and 1 more there in
# W2; one worker speaks at all (two interviewers, not participants, share the worker role in X, W1);
# 3 volunteers, each in a different place.
SPEAKERS = pd.DataFrame(
    [_speaker(f"r{i}", "resident", "Y", "W1") for i in range(4)]
    + [_speaker("r4", "resident", "Y", "W1", method="survey")]
    + [
        _speaker("r5", "resident", "X", "W1"),
        _speaker("r6", "resident", "X", "W1"),
        _speaker("r7", "resident", "X", "W2"),
    ]
    + [
        _speaker("w1", "worker", "X", "W1"),
        _speaker("i1", "worker", "X", "W1", False),
        _speaker("i2", "worker", "X", "W1", False),
    ]
    + [
        _speaker("v1", "volunteer", "X", "W1"),
        _speaker("v2", "volunteer", "Y", "W1"),
        _speaker("v3", "volunteer", "Z", "W2"),
    ]
)


def test_an_attribution_names_no_group_of_fewer_people_than_disclosure_control_allows():
    quotes = pd.DataFrame(
        [
            {"role": "resident", "place": "Y", "wave": "W1", "method": "interview"},
            {"role": "resident", "place": "Y", "wave": "W1", "method": "survey"},
            {"role": "resident", "place": "X", "wave": "W1", "method": "interview"},
            {"role": "worker", "place": "X", "wave": "W1", "method": "interview"},
            {"role": "volunteer", "place": "Z", "wave": "W2", "method": "interview"},
        ]
    )
    found = attributions(quotes, SPEAKERS, min_people=3)
    columns = ["attributed_role", "attributed_place", "attributed_wave", "attributed_method"]
    assert [tuple(row) for row in found[columns].itertuples(index=False)] == [
        ("resident", "Y", "W1", "interview"),  # 5 residents there and then, 4 of them interviewed
        ("resident", "Y", "W1", ""),  # the one surveyed would be named by "(survey)"
        ("resident", "X", "", "interview"),  # 2 in X in W1, 3 in X over both waves
        ("", "", "", "interview"),  # the only worker who speaks; 11 participants interviewed
        ("volunteer", "", "", "interview"),  # one volunteer per place, 3 in all
    ]
    assert list(found["place"]) == ["Y", "Y", "X", "X", "Z"]  # the audit columns are kept


def test_the_report_attributes_a_quote_as_far_as_it_was_published():
    quote = pd.DataFrame(
        [
            {
                "attributed_role": "resident",
                "attributed_place": "Y",
                "attributed_wave": "W1",
                "attributed_method": "focus_group",
            },
            {
                "attributed_role": "resident",
                "attributed_place": "X",
                "attributed_wave": float("nan"),
                "attributed_method": "",
            },
            {"attributed_role": "", "attributed_place": "", "attributed_wave": "", "attributed_method": float("nan")},
        ]
    )
    found = [attribution(q) for q in quote.itertuples()]
    assert found == ["Resident, Y, W1 (focus group)", "Resident, X", "A participant"]


@pytest.mark.parametrize(
    ("text", "identifying"),
    [
        ("I'm EM06. I volunteer at the warm space at the mosque, Tuesdays and Thursdays.", True),
        ("Well, I'm KV02, nobody calls me that except the bank.", True),
        ("Formally I'm the council's sponsor, so I sit on the steering group.", True),
        ("I help out at the food bank every Friday and people talk to me there.", True),
        ("I’m EM04. I’m on Larkfield, been there thirty-one years.", True),
        ("Hello, my name is [NAME] and I run the youth club.", True),
        ("If I'm honest, I'm not sure what the programme is for.", False),
        ("I'm the one who fills the form in and moans about it after.", False),
        ("I work in housing and the forms are endless.", False),
    ],
)
def test_describes_self_finds_introductions_posts_and_weekly_rounds(text, identifying):
    assert describes_self(text) is identifying

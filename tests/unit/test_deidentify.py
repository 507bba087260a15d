from pathlib import Path

from qualsynth.ingest.deidentify import (
    NameIndex,
    Redaction,
    deidentify_document,
    deidentify_passage,
    deidentify_text,
    name_variants,
    normalise_label,
)
from qualsynth.ingest.keeplists import bundled
from qualsynth.ingest.persons import PersonFinder

ROOT = Path(__file__).resolve().parents[2]
NAMES = {"Ada Lovelace": "R1", "Ada": "R1", "Ben Carter": "R2", "Ben": "R2"}


def clean(text):
    return deidentify_text(text, NameIndex(NAMES))


def test_name_variants_adds_first_names():
    assert name_variants(["Ada Lovelace", "Ada", "Benny"]) == ["Ada Lovelace", "Ada", "Benny"]
    assert name_variants(["Ben Carter"]) == ["Ben Carter", "Ben"]


def test_name_variants_never_takes_a_title_for_a_first_name():
    assert name_variants(["Ruth Adeyemi", "Dr Adeyemi"]) == ["Ruth Adeyemi", "Ruth", "Dr Adeyemi"]


def test_normalise_label_ignores_case_and_punctuation():
    assert normalise_label("  DR. Ada-Lovelace ") == "dr ada lovelace"


def test_deidentify_text_replaces_full_names_first_names_and_possessives():
    text, found = clean("Ada Lovelace met Ben. It was Ben's idea, not Benjamin's.")
    assert text == "R1 met R2. It was R2's idea, not Benjamin's."
    assert clean("Ada'll ring, and Ben’d know.")[0] == "R1'll ring, and R2’d know."
    assert clean("the ring-Ben-first rule")[0] == "the ring-R2-first rule"
    assert deidentify_text("Ask Farah Rudd-Abbott.", NameIndex({"Farah Rudd-Abbott": "X9"}))[0] == "Ask X9."
    assert found == [Redaction(0, 2, "NAME", "R1"), Redaction(7, 9, "NAME", "R2"), Redaction(18, 20, "NAME", "R2")]


def test_deidentify_text_tags_contact_details():
    text, found = clean("Mail a.b@x.org.uk or ring 0113 496 0000, at 14 Mill Lane, LS6 2AB.")
    assert text == "Mail [EMAIL] or ring [PHONE], at [ADDRESS], [POSTCODE]."
    assert [r.category for r in found] == ["EMAIL", "PHONE", "ADDRESS", "POSTCODE"]
    assert text[found[1].start : found[1].end] == "[PHONE]"


def test_deidentify_text_leaves_text_without_identifiers_alone():
    assert clean("Nothing to see here in 2023.") == ("Nothing to see here in 2023.", [])


FINDER = PersonFinder(bundled())


def document(*passages, roster, speakers=()):
    """The document's passages after de-identification, with the people finder on."""
    return [r.text for r in deidentify_document(list(passages), NameIndex(roster), FINDER, speakers=speakers)]


def test_roster_names_are_matched_in_their_case_where_they_are_ordinary_words():
    roster = {"Hope Pritchard": "W01", "Hope": "W01", "Priya Shah": "W02", "Priya": "W02"}
    assert document("I hope nobody minds. Hope said it was fine.", roster=roster, speakers=["W01"]) == [
        "I hope nobody minds. W01 said it was fine."
    ]
    # A name that is no ordinary word is found in any case: a survey answer's "priya".
    assert document("thanks to priya", roster=roster, speakers=["W02"]) == ["thanks to W02"]


def test_roster_names_and_ids_are_never_matched_inside_other_words():
    roster = {"DC": "DC10", "Ada": "R1"}
    assert document("DC02 met DC1002 about adaptations, then Ada.", roster=roster, speakers=["DC10", "R1"]) == [
        "DC02 met DC1002 about adaptations, then R1."
    ]


def test_a_participants_first_name_does_not_spread_to_saints_days_and_institutions():
    roster = {"David Jones": "W02", "David": "W02", "Hope Pritchard": "W01", "Hope": "W01"}
    assert document(
        "At St David's Hospice on St David's Day, David said the Hope Street hub was shut.",
        roster=roster,
        speakers=["W02", "W01"],
    ) == ["At St David's Hospice on St David's Day, W02 said the Hope Street hub was shut."]


def test_a_third_party_never_gets_a_participants_pseudonym():
    roster = [
        ("Daniel Price", "W03"),
        ("Dan", "W03"),
        ("Sam Ode", "W04"),
        ("Sam", "W04"),
        ("Sam Lee", "W05"),
        ("Sam", "W05"),
    ]
    # W03 neither speaks here nor is named in full: the caretaker "Dan" is a generic name.
    assert document("Dan the caretaker fixed the boiler.", roster=roster) == ["[NAME] the caretaker fixed the boiler."]
    # Named in full, the participant is supported, and his short name takes his pseudonym.
    assert document("Daniel Price came.", "Dan stayed late.", roster=roster) == ["W03 came.", "W03 stayed late."]
    # Two supported participants share "Sam": which one is meant is not known.
    assert document("Sam brought the urn.", roster=roster, speakers=["W04", "W05"]) == ["[NAME] brought the urn."]


def test_capitalised_common_nouns_brands_and_titles_are_kept():
    text = "My PhD was on Google and Instagram, and a PhD Student called Dean Wilson helped."
    assert document(text, roster={}) == ["My PhD was on Google and Instagram, and a PhD Student called [NAME] helped."]


def test_welsh_gaelic_and_irish_places_and_organisations_are_kept():
    text = (
        "She went from Ysbyty Gwynedd to Canolfan Hamdden Bangor, then Cymdeithas Tai Clwyd; "
        "Comhairle nan Eilean Siar and Conradh na Gaeilge wrote, and Gaelscoil na Móna closed."
    )
    assert document(text, roster={}) == [text]


def test_organisations_named_after_people_keep_their_names():
    text = "The Paul Hamlyn Foundation funds Nye Bevan House, next to the Royal Albert Edward Infirmary."
    assert document(text, roster={}) == [text]


def test_a_name_found_in_one_document_is_not_a_name_in_another():
    first = document("Councillor Tregothnan opened it. Tregothnan was late.", roster={})
    assert first == ["Councillor [NAME] opened it. [NAME] was late."]
    # Another document: the word is not a name there unless its own context makes it one.
    assert document("Our tea comes from the Tregothnan estate.", roster={}) == [
        "Our tea comes from the Tregothnan estate."
    ]


def test_every_decision_comes_back_with_its_reason_for_the_review():
    scrubbed = deidentify_passage("Dr Okafor rang Ysbyty Gwynedd.", None, people=FINDER, always_redact=["Gwynedd"])
    assert scrubbed.text == "Dr [NAME] rang Ysbyty [NAME]."
    reasons = [(d.start, d.end, d.decision, d.reason) for d in scrubbed.decisions]
    assert reasons == [(3, 9, "replaced", "after a title"), (22, 29, "replaced", "ingest.always_redact")]


def test_people_on_hand_labelled_text_by_another_hand():
    """tests/data/third_party_names (six texts, the set the rules were first tuned on) and bench/deid_dev
    (twelve texts with a roster, written blind for tuning): development figures, not held-out ones."""
    from bench.bench_deidentify import score

    old = score(ROOT / "tests/data/third_party_names")
    assert old["person_mentions"] == 103  # labels.csv: 103 rows of kind person
    assert old["third_party_recall"] >= 0.9
    assert old["precision"] >= 0.85
    assert old["places_and_organisations_replaced"] <= 0.1
    dev = score(ROOT / "bench/deid_dev")
    assert dev["participants_replaced"] == 1.0
    assert dev["participant_given_another_pseudonym"] == 0
    assert dev["third_party_given_a_pseudonym"] == 0
    # Floors below the measured values: nicknames, authors and initials no one is named by are missed.
    assert dev["third_party_recall"] >= 0.88
    assert dev["precision"] >= 0.9
    assert dev["places_and_organisations_replaced"] <= 0.07


def test_roster_names_are_found_without_their_accents():
    roster = [("Siân Pryce", "W06"), ("Siân", "W06")]
    # Transcribers and survey respondents drop accents, and capitals.
    assert document("Sian came, then SIÂN, then sian.", roster=roster, speakers=["W06"]) == [
        "W06 came, then W06, then W06."
    ]

from qualsynth.ingest.deidentify import NameIndex, Redaction, deidentify_text, name_variants, normalise_label

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
    text, found = clean("Ada Lovelace met ben. It was Ben's idea, not Benjamin's.")
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


def guesser(*texts, keep=()):
    from qualsynth.ingest.deidentify import ThirdPartyNames

    names = ThirdPartyNames(keep)
    for text in texts:
        names.learn(text)
    return names


def test_third_party_names_catch_full_names_titles_and_later_first_names():
    corpus = [
        "My neighbour Stacey Turner rang.",
        "Thanks for that. Stacey's lad was there too.",
        "We met Councillor Mahmood at the Mill Street Centre.",
    ]
    names = guesser(*corpus, keep=["Mill Street"])
    # Learned: the first word of a full name, and the name after a title.
    assert names.first_names == {"stacey", "mahmood"}
    text, found = deidentify_text(corpus[1] + " " + corpus[2], None, third_party=names)
    assert text == "Thanks for that. [NAME]'s lad was there too. We met Councillor [NAME] at the Mill Street Centre."
    assert [r.category for r in found] == ["OTHER_NAME", "OTHER_NAME"]


def test_third_party_names_leave_ordinary_capitalised_words_alone():
    corpus = ["Thanks Priya, that helps.", "thanks again", "I'm Sue, by the way.", "Honestly? It's fine."]
    names = guesser(*corpus)
    # "thanks" is written in lower case elsewhere, so "Thanks Priya" teaches no first name "thanks";
    # "I'm" is a contraction, not a name.
    assert names.first_names == set()
    assert (
        deidentify_text("Thanks for coming. I'm not sure.", None, third_party=names)[0]
        == "Thanks for coming. I'm not sure."
    )


def test_deidentify_text_replaces_configured_terms():
    text, found = deidentify_text(
        "The Larkfield Trust and larkfield trust again.", None, redact_terms=["Larkfield Trust"]
    )
    assert text == "The [REDACTED] and [REDACTED] again."
    assert [(r.start, r.end, r.category) for r in found] == [(4, 14, "TERM"), (19, 29, "TERM")]


def test_third_party_names_catch_the_plural_of_a_learned_first_name():
    names = guesser("My mate Kieran Ashworth lost his job.", "I could fill the hall with Kierans.")
    text, found = deidentify_text("I could fill the hall with Kierans.", None, third_party=names)
    assert text == "I could fill the hall with [NAME]."
    # A word that only ends like a plural of a name is left alone: "Sues" is not "Susan".
    assert (
        deidentify_text("Kierans and Sues.", None, third_party=guesser("Susan Field came."))[0] == "Kierans and Sues."
    )


def test_third_party_names_leave_hospitals_and_places_named_after_people_alone():
    corpus = [
        "She was moved from the Royal Victoria Infirmary to James Cook University Hospital.",
        "Then they sent her back to the James Cook, and Dr James Cook was nothing to do with it.",
        "Our Shauna Pike rang the St Mary's School office.",
    ]
    names = guesser(*corpus)
    text = " ".join(deidentify_text(line, None, third_party=names)[0] for line in corpus)
    assert text == (
        "She was moved from the Royal Victoria Infirmary to James Cook University Hospital. "
        "Then they sent her back to the James Cook, and Dr [NAME] was nothing to do with it. "
        "Our [NAME] rang the St Mary's School office."
    )


def test_third_party_names_never_take_a_kept_term_for_a_person():
    corpus = ["Lena Hollis from Better Start rang.", "The Better Start team came."]
    # Without the term kept, "Better Start" after "from" reads as a full name; after "the" it does not.
    assert [deidentify_text(line, None, third_party=guesser(*corpus))[0] for line in corpus] == [
        "[NAME] from [NAME] rang.",
        "The Better Start team came.",
    ]
    kept = guesser(*corpus, keep=["Better Start"])
    assert deidentify_text(corpus[0], None, third_party=kept)[0] == "[NAME] from Better Start rang."


def test_third_party_names_on_a_hand_labelled_sample_not_written_for_the_demo():
    """tests/data/third_party_names: six fictional texts by another hand, every proper noun labelled."""
    from bench.bench_third_party_names import sample_scores

    scores = sample_scores()
    assert scores["person_mentions"] == 103  # labels.csv: 103 rows of kind person
    # Floors, not the measured values: the step misses first names never given in full ("Hope",
    # "Kirsty"), and must stop taking hospitals, charities and towns for people.
    assert scores["recall"] >= 0.55
    assert scores["precision"] >= 0.8
    assert scores["non_person_spans_replaced"].get("organisation", 0) <= 5
    # The hospitals named after a person or a place, as the texts write them, are kept.
    kept = {"James Cook", "James Cook University Hospital", "Royal Victoria Infirmary", "Freeman"}
    assert not [s for s in scores["replaced_but_no_person"] if s.split(" ", 1)[1] in kept]

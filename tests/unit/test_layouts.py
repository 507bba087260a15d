import pytest

from qualsynth.errors import InputError
from qualsynth.ingest.layouts import (
    INTERVIEWER_ONLY,
    NARRATOR,
    ONE_SPEAKER,
    UNLABELLED,
    Hints,
    Transcript,
    Turn,
    classify,
    parse_transcript,
)


def test_parse_transcript_reads_plain_and_timestamped_labels_and_continuations():
    text = "HOST: Hi.\n\n[00:00:09] Ben Carter: One,\nand two.\n00:01:02 Ada: Three."
    assert parse_transcript(text, "t.txt").turns == [
        Turn(1, "HOST", "Hi."),
        Turn(3, "Ben Carter", "One, and two."),
        Turn(5, "Ada", "Three."),
    ]


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("Jane Doe  0:03", ("header", "Jane Doe", "")),
        ("Speaker 1  00:00:12", ("header", "Speaker 1", "")),
        ("00:00:03 Speaker 1", ("header", "Speaker 1", "")),
        ("Jane Doe (00:01):", ("header", "Jane Doe", "")),
        ("Jane Doe: (00:03)", ("header", "Jane Doe", "")),
        ("Jane Doe [00:01:02]", ("header", "Jane Doe", "")),
        ("**Jane Doe**", ("header", "Jane Doe", "")),
        ("Jane Doe (00:01): Hi there.", ("labelled", "Jane Doe", "Hi there.")),
        ("[00:01:02] Jane Doe: Text.", ("labelled", "Jane Doe", "Text.")),
        ("**Jane Doe:** Text.", ("labelled", "Jane Doe", "Text.")),
        ("**Jane Doe**: Text.", ("labelled", "Jane Doe", "Text.")),
        ("Ana de la Cruz: Hola.", ("labelled", "Ana de la Cruz", "Hola.")),
        ("Speaker 12: Yes.", ("labelled", "Speaker 12", "Yes.")),
        ("so what I said was: no", ("text", "", "so what I said was: no")),
        ("Room 101 was: cold", ("text", "", "Room 101 was: cold")),
        ("\\[04:09\\] And then we left.", ("text", "", "And then we left.")),
        ("Mm-hm.", ("text", "", "Mm-hm.")),
    ],
)
def test_classify_reads_the_labels_tools_write(line, expected):
    assert classify(line) == expected


def test_classify_takes_a_known_name_alone_on_a_line_for_a_header():
    assert classify("Priya Shah") == ("text", "", "Priya Shah")
    assert classify("Priya Shah", {"priya shah"}) == ("header", "Priya Shah", "")


def test_parse_transcript_reads_a_name_and_time_with_the_turn_below_and_joins_a_speaker_s_blocks():
    text = "Interviewer  0:00\nWelcome.\n\nJo Bell  0:05\nThanks.\nSecond paragraph.\n\nJo Bell  1:10\nStill me.\n"
    assert parse_transcript(text, "t.txt").turns == [
        Turn(1, "Interviewer", "Welcome."),
        Turn(4, "Jo Bell", "Thanks. Second paragraph. Still me."),
    ]


def test_parse_transcript_sets_a_short_title_block_apart():
    found = parse_transcript("Interview 4 – youth worker\n12 March 2024\n\nAda: Hello.", "t.txt")
    assert found == Transcript([Turn(4, "Ada", "Hello.")], [1, 2])
    # In a title block, "Duration: 41 min" is shaped like a labelled line; its label occurs once and names
    # no one, while Ada's recurs.
    text = "Interview 4 – youth worker\nDuration: 41 min\n\nAda: Hello.\nBen: Hi.\nAda: Bye."
    assert parse_transcript(text, "t.txt").preamble == [1, 2]
    # A transcript that starts with a label starts with a turn.
    assert parse_transcript("Duration: 41 min\nAda: Hello.\nAda: Bye.", "t.txt").preamble == []


def test_parse_transcript_refuses_long_text_before_the_first_label_naming_the_line_and_the_layouts_tried():
    text = (
        "A pasted summary of a meeting that ran on for many words and was never labelled by speaker at all, "
        "which is what people paste when the notes come from someone else.\nAda: hi"
    )
    with pytest.raises(InputError, match=r"t.txt, line 1: 1 line\(s\) of text \(the longest 32 words\) before the "):
        parse_transcript(text, "t.txt")
    with pytest.raises(InputError, match=r"Tried: 'Name: text' lines"):
        parse_transcript(text, "t.txt")


def test_parse_transcript_gives_unlabelled_paragraphs_to_the_participant_when_only_the_interviewer_is_labelled():
    text = "Reads the task.\nI think this is clear.\nMODERATOR: Could you start with task 1?\nYes. Done.\n"
    hints = Hints(frozenset({"moderator"}), frozenset({"moderator"}), participant=True)
    assert parse_transcript(text, "t.txt", hints=hints) == Transcript(
        [
            Turn(1, UNLABELLED, "Reads the task. I think this is clear."),
            Turn(3, "MODERATOR", "Could you start with task 1?"),
            Turn(4, UNLABELLED, "Yes. Done."),
        ],
        [],
        INTERVIEWER_ONLY,
    )


def test_parse_transcript_reads_unlabelled_text_as_one_participant_s_only_when_the_register_names_one():
    with pytest.raises(InputError, match="no speaker label found"):
        parse_transcript("My reflection.\nSecond line.", "t.txt")
    found = parse_transcript("My reflection.\nSecond line.", "t.txt", hints=Hints(participant=True))
    assert found == Transcript([Turn(1, UNLABELLED, "My reflection. Second line.")], [], ONE_SPEAKER)


def test_parse_transcript_reads_numbered_paragraphs():
    found = parse_transcript([(2, "**Ada:** One."), (3, "Two."), (5, "**Ben:** Three.")], "t.docx")
    assert found.turns == [Turn(2, "Ada", "One. Two."), Turn(5, "Ben", "Three.")]


def test_parse_transcript_sets_apart_the_lines_a_transcription_tool_adds():
    text = (
        "Meeting-Transcript\nAda Bell started transcription\n\nAda Bell  0:03\nHello.\n\nBen Cole  0:09\nHi.\n\n"
        "Transcribed by https://otter.ai\n"
    )
    found = parse_transcript(text, "t.txt")
    assert found.turns == [Turn(4, "Ada Bell", "Hello."), Turn(7, "Ben Cole", "Hi.")]
    assert (found.preamble, found.notices) == ([1], [2, 10])  # the start notice is a tool's too


def test_an_observer_s_own_account_before_the_first_speaker_is_the_research_team_s():
    account = (
        "Observed 11.30 to 13.30 in the church hall, around twenty-five people over the session, a mix of older "
        "residents and two young mums with babies, soup and bread served from twelve."
    )
    text = f"{account}\n\n**Jo Ruddick:** said Wednesday is busiest.\n"
    with pytest.raises(InputError, match="name the note-taker in a header block"):
        parse_transcript(text, "notes.md")
    found = parse_transcript(text, "notes.md", hints=Hints(narrator=True))
    assert found.turns == [Turn(1, NARRATOR, account), Turn(3, "Jo Ruddick", "said Wednesday is busiest.")]


def test_a_participant_s_words_shaped_like_a_label_stay_theirs_when_only_the_interviewer_is_labelled():
    text = "Reads the task.\nLocation: Cork. Time window of fifteen days.\nMODERATOR: Try fewer days?\nOkay.\n"
    hints = Hints(frozenset({"moderator"}), frozenset({"moderator"}), participant=True)
    assert parse_transcript(text, "t.odt", hints=hints).turns == [
        Turn(1, UNLABELLED, "Reads the task. Location: Cork. Time window of fifteen days."),
        Turn(3, "MODERATOR", "Try fewer days?"),
        Turn(4, UNLABELLED, "Okay."),
    ]


def test_the_register_s_interviewer_only_layout_needs_the_interviewer_s_label_among_the_team_s():
    text = "Q: How did the move go?\nIt went fine.\nQ: Did you think of leaving?\nNo.\n"
    hints = Hints(frozenset({"moderator"}), frozenset({"moderator"}), participant=True, layout=INTERVIEWER_ONLY)
    with pytest.raises(InputError, match=r"the label\(s\) 'Q' recur and are no research team label"):
        parse_transcript(text, "t.txt", hints=hints)


def test_a_line_starting_with_a_conjunction_or_a_bare_clock_time_is_words():
    assert classify("And Mary: she said no") == ("text", "", "And Mary: she said no")
    assert classify("10:30 was when I arrived") == ("text", "", "10:30 was when I arrived")
    assert classify("[10:30] And then we left.") == ("text", "", "And then we left.")

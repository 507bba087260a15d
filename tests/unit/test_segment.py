from qualsynth.ingest.segment import split_turn


def test_split_turn_keeps_short_turns_whole():
    assert split_turn("One two. Three four.", 10) == [(0, 20)]


def test_split_turn_cuts_at_sentence_ends_within_the_word_limit():
    text = "One two three. Four five six. Seven eight."
    # 3 + 3 words fit in 6; the third sentence starts a new segment.
    assert split_turn(text, 6) == [(0, 29), (30, 42)]


def test_split_turn_keeps_a_sentence_longer_than_the_limit_whole():
    text = "a b c d e f g. H i."
    assert split_turn(text, 3) == [(0, 14), (15, 19)]


def test_split_turn_does_not_cut_before_a_lower_case_word():
    # "e.g. the" is not a sentence end: the next word is not capitalised.
    assert split_turn("Use e.g. the hub. Then go.", 3) == [(0, 17), (18, 26)]

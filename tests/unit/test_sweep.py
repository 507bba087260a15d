import zipfile

from qualsynth.ingest.keeplists import bundled
from qualsynth.provenance.sweep import Hit, names_to_sweep, output_texts, sweep, sweep_message


def test_names_to_sweep_skip_names_that_are_ordinary_words_and_initials():
    names = names_to_sweep(["Hope Pritchard", "Hope", "Priya"], ["Kieran Ashworth's", "JT", "Will"], bundled())
    # "Hope" and "Will" alone would stop every report that hopes or wills; "JT" could be an abbreviation.
    assert names == {"Hope Pritchard": "roster", "Priya": "roster", "Kieran Ashworth": "replaced"}


def test_sweep_names_the_output_and_position_never_the_name(tmp_path):
    report = tmp_path / "synthesis.html"
    report.write_text("<p>Quiet.</p>\n<p>As Priya said, <b>it</b> helped.</p>\n<p>Priyanka came.</p>", "utf-8")
    project = tmp_path / "project.qdpx"
    with zipfile.ZipFile(project, "w") as archive:
        archive.writestr("sources/a.txt", "Kieran Ashworth rang.")
    texts = output_texts([report, project])
    hits = sweep(texts, {"Priya": "roster", "Kieran Ashworth": "replaced"})
    # "Priyanka" holds "Priya" but is another word; tags are blanked, positions kept: line 2 starts at
    # character 14 ("<p>Quiet.</p>" and its newline), and "<p>As " takes six more.
    assert hits == [
        Hit(str(report), "line 2, character 20", "roster"),
        Hit(str(project), "line 1, character 0", "replaced"),
    ]
    message = sweep_message(hits)
    assert "Priya" not in message and "Kieran" not in message
    assert "line 2, character 20" in message and "ingest.always_redact" in message


def test_sweep_takes_the_leftmost_then_the_longest_whole_word_name():
    # "Ann Leeds": "Ann Lee" runs on into "Leeds", so only "Ann" stands whole there; "Lee Ann Lee":
    # "Lee Ann" starts first and takes the "Ann" that "Ann Lee" would have begun with; "-" is not part
    # of a word, so the "Ann" of "Jo-Ann" stands whole.
    text = "Ann Leeds met Lee Ann Lee; Annie and Jo-Ann came."
    names = {"Ann": "roster", "Ann Lee": "replaced", "Lee Ann": "roster", "Lee": "replaced"}
    assert sweep({"out.md": text}, names) == [
        Hit("out.md", "line 1, character 0", "roster"),
        Hit("out.md", "line 1, character 14", "roster"),
        Hit("out.md", "line 1, character 22", "replaced"),
        Hit("out.md", "line 1, character 40", "roster"),
    ]


def test_each_hit_is_on_the_line_that_holds_it_with_blank_lines_and_a_name_just_after_a_newline():
    # "Ann Smith\n" is characters 0–9 and the blank line's newline is 10; "said " starts line 3 at 11, so
    # its name is at 16; that line's newline is 25 and the last name starts line 4 at 26.
    text = "Ann Smith\n\nsaid Ann Smith\nAnn Smith"
    assert sweep({"out.md": text}, {"Ann Smith": "roster"}) == [
        Hit("out.md", "line 1, character 0", "roster"),
        Hit("out.md", "line 3, character 16", "roster"),
        Hit("out.md", "line 4, character 26", "roster"),
    ]

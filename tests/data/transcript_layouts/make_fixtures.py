"""Regenerate the transcript-layout fixtures in this folder.

Run from anywhere:

    /work/main/.venv/bin/python tests/data/transcript_layouts/make_fixtures.py

Everything is deterministic: the text is fixed below, the .docx core
properties carry a fixed date, the .docx zip members carry a fixed date, and
the random bytes of broken/binary.txt come from a seeded generator.  Running
the script twice gives byte-identical files.

The layouts follow what each tool writes (see README.md for the source of
each).  All people, places and organisations are invented.

expected.yaml is NOT written by this script: it was written by hand from the
fixtures.
"""

from __future__ import annotations

import datetime as _dt
import io
import random
import zipfile
from pathlib import Path

from docx import Document
from docx.shared import Pt, RGBColor

HERE = Path(__file__).resolve().parent
BROKEN = HERE / "broken"
FIXED_DATE = _dt.datetime(2024, 3, 12, 9, 0, 0)
ZIP_DATE = (2024, 3, 12, 9, 0, 0)


# --------------------------------------------------------------------------
# helpers
# --------------------------------------------------------------------------


def write_text(name: str, text: str, *, encoding: str = "utf-8", newline: str = "\n", bom: bytes = b"") -> None:
    """Write text byte-exactly: `text` uses \\n; it is converted to `newline`."""
    data = text.replace("\n", newline).encode(encoding)
    (HERE / name).write_bytes(bom + data)


def new_document(title: str):
    doc = Document()
    cp = doc.core_properties
    cp.author = "Fixture generator"
    cp.last_modified_by = "Fixture generator"
    cp.title = title
    cp.created = FIXED_DATE
    cp.modified = FIXED_DATE
    cp.last_printed = FIXED_DATE
    cp.revision = 1
    cp.comments = "Test fixture; every person and place in it is invented."
    style = doc.styles["Normal"]
    style.font.name = "Calibri"
    style.font.size = Pt(11)
    return doc


KEEP_STYLES = {"Normal", "DefaultParagraphFont", "TableNormal", "NoList", "TableGrid"}
DROP_RELTYPES = ("stylesWithEffects", "webSettings", "customXml", "theme", "fontTable", "numbering", "thumbnail")


def _slim(doc) -> None:
    """Drop the parts of python-docx's default template that a transcript
    does not need (the default template alone is ~35 KB zipped), so each
    fixture stays under 10 KB.  What is left is still a valid .docx."""
    for rels in (doc.part.package.rels, doc.part.rels):
        for r_id, rel in list(rels.items()):
            if rel.reltype.rsplit("/", 1)[-1] in DROP_RELTYPES:
                del rels[r_id]
    styles = doc.styles.element
    for child in list(styles):
        tag = child.tag.rsplit("}", 1)[-1]
        if tag == "latentStyles":
            styles.remove(child)
        elif tag == "style":
            sid = child.get("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}styleId")
            if sid not in KEEP_STYLES:
                styles.remove(child)


def save_docx(doc, name: str) -> None:
    """Save with fixed zip timestamps so the file is byte-reproducible."""
    _slim(doc)
    raw = io.BytesIO()
    doc.save(raw)
    raw.seek(0)
    out = io.BytesIO()
    with zipfile.ZipFile(raw) as zin, zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as zout:
        for item in zin.infolist():
            info = zipfile.ZipInfo(item.filename, date_time=ZIP_DATE)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o600 << 16
            zout.writestr(info, zin.read(item.filename))
    (HERE / name).write_bytes(out.getvalue())


# --------------------------------------------------------------------------
# 1. Otter.ai TXT export
# --------------------------------------------------------------------------

OTTER_TXT = """\
Priya Natarajan  0:03
Okay, so we're recording now. Um, thanks for making time, Zoë — I know Thursdays are your busiest day.

Zoë Hartmann  0:11
Yeah, no, it's fine. It's fine. The van doesn't come till two, so.

Priya Natarajan  0:16
Great. So could you start by telling me how you first got involved with the food bank?

Zoë Hartmann  0:22
Sure. So, uh, I started back in 2019, just sorting tins on a Saturday. My neighbour dragged me along, honestly. And then during the first lockdown everything kind of exploded — we went from, like, forty households a week to nearly two hundred — and somebody had to do the rota, and I'm the one who said “I’ll have a go”, so.

Zoë Hartmann  0:48
And I never really stopped. Now I coordinate about sixty volunteers across the two sites, which is, um, a lot of WhatsApp messages.

Priya Natarajan  0:57
Mm-hm.

Zoë Hartmann  0:58
A lot. [inaudible] on a Sunday night especially.

Priya Natarajan  1:02
What would you say is the hardest part of that role?

Zoë Hartmann  1:06
Honestly? Keeping people. People come in really keen and then life happens. Students go home for the summer, retired folks have hospital appointments, that kind of thing. And the referral side has got more complicated too, because the council changed the voucher system last year and nobody told us properly.

Speaker 3  1:24
[crosstalk] Sorry — Zoë, the van's here early.

Zoë Hartmann  1:26
Oh, you're joking. Can we pause for two minutes?

Priya Natarajan  1:28
Of course, yeah, go.
"""

# --------------------------------------------------------------------------
# 2. Rev TXT transcript
# --------------------------------------------------------------------------

REV_TXT = """\
Interviewer (00:02):
Thanks for agreeing to talk to me today. Just to confirm, you're happy for this to be recorded?

Siân Pritchard (00:08):
Yes, that's fine. Yeah.

Interviewer (00:10):
Lovely. So you've been coming to the community diabetes clinic at Llys Meddyg for about, what, two years?

Siân Pritchard (00:17):
About that, yeah. Since my diagnosis. Before that I'd only ever seen my GP, and, um, to be honest the first appointment was a bit of a shock. The nurse — Gwen, she's lovely — she sat me down and went through everything, the food diary, the finger pricks, all of it. And I remember thinking "I can't do this every day."

Siân Pritchard (00:41):
But you do get used to it. You do. The group sessions helped more than anything, because you're not the only one sat there feeling daft.

Interviewer (00:50):
Mm-hmm.

Siân Pritchard (00:51):
There was one fella, Dilwyn, he'd been diabetic thirty years and he'd just laugh about it. [inaudible 00:00:56] made it feel normal.

Interviewer (01:00):
What about getting to the clinic itself? How does that work for you?

Siân Pritchard (01:04):
That's the hard bit. The bus only goes twice a day from our village, so if the appointment runs late I'm stuck in town till half five. I’ve missed two because of it.

Interviewer (01:15):
Did the clinic offer any alternatives? Phone appointments, or—

Siân Pritchard (01:18):
[crosstalk 00:01:18] They did offer video, but the signal at ours is terrible.

Interviewer (01:23):
Right, that makes sense.
"""

# --------------------------------------------------------------------------
# 3. Otter.ai DOCX export (a transcription service's DOCX)
# --------------------------------------------------------------------------

SERVICE_DOCX = [
    ("Tomás Ibarra", "0:02", ["Right, can everyone hear me okay? [crosstalk] Okay, brilliant."]),
    ("Speaker 2", "0:09", ["Yeah."]),
    (
        "Tomás Ibarra",
        "0:11",
        [
            "So tonight we're just talking about the Friday drop-in at the Marsh "
            "Lane youth club. There are no right or wrong answers, and you can skip "
            "anything you don't want to answer.",
            "Who wants to start? What do you actually like about coming here?",
        ],
    ),
    ("Kayleigh Doyle", "0:25", ["Um, the people, I guess. It's the only place where nobody's on at you."]),
    ("Ade Bankole", "0:31", ["And the food. Be honest, it's the food."]),
    ("Kayleigh Doyle", "0:33", ["[laughs] Yeah, okay, the food."]),
    ("Tomás Ibarra", "0:36", ["Mm-hm. And if you could change one thing?"]),
    (
        "Ade Bankole",
        "0:40",
        [
            "Longer hours, definitely. Like, it shuts at nine, and that's when "
            "stuff actually starts happening outside — that's when people get into "
            "trouble, you know what I mean? My cousin got stopped twice last month "
            "just walking home from the chippy. If the club was open till eleven "
            "on a Friday, half of us would just stay here. [inaudible] and the "
            "staff are sound, so it's not like anyone would be causing problems.",
            "Also the Wi-Fi. The Wi-Fi is shocking.",
        ],
    ),
    ("Kayleigh Doyle", "1:08", ["It’s literally “Marsh Lane Guest” and it never works."]),
    ("Tomás Ibarra", "1:13", ["Noted. I’ll pass that on — no promises though."]),
]


def make_service_docx() -> None:
    doc = new_document("Marsh Lane youth club focus group")
    for speaker, time, paragraphs in SERVICE_DOCX:
        p = doc.add_paragraph()
        p.add_run(speaker).bold = True
        p.add_run("  ")
        t = p.add_run(time)
        t.font.color.rgb = RGBColor(0x80, 0x80, 0x80)
        for text in paragraphs:
            doc.add_paragraph(text)
        doc.add_paragraph()
    save_docx(doc, "service.docx")


# --------------------------------------------------------------------------
# 4. Zoom cloud-recording transcript (.vtt)
# --------------------------------------------------------------------------

ZOOM_VTT = """\
WEBVTT

1
00:00:01.260 --> 00:00:04.890
Hannah Osei: Okay, I think the recording's started. Can you see the little red dot?

2
00:00:05.400 --> 00:00:06.330
José Ferreira: Yep, I can see it.

3
00:00:06.910 --> 00:00:13.520
Hannah Osei: Great. So, um, first of all, could you tell me a bit about your role in the peer support group?

4
00:00:14.100 --> 00:00:24.680
José Ferreira: Sure. So I've been a peer supporter at the Tuesday group for about eighteen months now. I came in as a member first, actually — I was really struggling after I lost my job —

5
00:00:24.680 --> 00:00:36.210
José Ferreira: and after a while the facilitator, Bernie, asked if I'd think about doing the training. And I said “me? No chance.” But, uh, here I am.

6
00:00:36.900 --> 00:00:37.500
Hannah Osei: Mm-hm.

7
00:00:37.800 --> 00:00:51.040
José Ferreira: What I do now is mostly the welcome bit. Making the tea, sitting with the new people so they're not on their own, because that first night is, like, terrifying. You don't know anyone. You don't know the rules.

8
00:00:51.500 --> 00:00:58.020
Hannah Osei: And what difference do you think the group makes for people who come along?

9
00:00:58.600 --> 00:01:02.310
José Ferreira: Honestly, I think for some people it's the only time in the week they

10
00:01:02.310 --> 00:01:09.750
José Ferreira: talk to anyone properly. [inaudible] especially the older guys. They won't go to the GP, but they'll come for a brew.

11
00:01:10.200 --> 00:01:12.080
Mark Liddell: Sorry, sorry — am I in the right meeting?

12
00:01:12.300 --> 00:01:14.900
Hannah Osei: [crosstalk] Hi Mark, yes, come in, we've just started.

13
00:01:15.400 --> 00:01:16.120
Mark Liddell: Cheers.
"""

# --------------------------------------------------------------------------
# 5. Microsoft Teams transcript (.vtt)
# --------------------------------------------------------------------------

TEAMS_VTT = """\
WEBVTT

5c0f2a91-3d7e-4b8a-a1f6-92c4d7e0b3a5/11-0
00:00:02.118 --> 00:00:05.402
<v Okonkwo, Adaeze>OK, I think we're recording. Thanks both for joining.</v>

a8e14d7b-6f02-4c39-8b5e-1d7f3a9c2e60/14-0
00:00:05.918 --> 00:00:07.001
<v Siobhán Walsh>No problem.</v>

5c0f2a91-3d7e-4b8a-a1f6-92c4d7e0b3a5/19-0
00:00:07.560 --> 00:00:15.330
<v Okonkwo, Adaeze>So this is the end-of-winter review for the Warm Spaces programme. Siobhán, you ran the library site at Brookfield — can you tell us how the season went?</v>

a8e14d7b-6f02-4c39-8b5e-1d7f3a9c2e60/27-0
00:00:16.021 --> 00:00:27.664
<v Siobhán Walsh>Yeah, so, um, overall really well. We were open Monday to Thursday, ten till four, and we averaged about twenty-five people a day, which was way more than we planned for. We ran out of soup twice in the first week.</v>

a8e14d7b-6f02-4c39-8b5e-1d7f3a9c2e60/27-1
00:00:27.664 --> 00:00:41.209
<v Siobhán Walsh>The thing that surprised me was who came. We expected older people — and we did get them — but we also got a lot of young mums, and people working from home who couldn't afford to put the heating on.</v>

5c0f2a91-3d7e-4b8a-a1f6-92c4d7e0b3a5/33-0
00:00:41.800 --> 00:00:42.390
<v Okonkwo, Adaeze>Mm-hmm.</v>

a8e14d7b-6f02-4c39-8b5e-1d7f3a9c2e60/35-0
00:00:42.710 --> 00:00:50.115
<v Siobhán Walsh>And honestly the “warm space” name put some people off. One lady said to me, “I’m not a charity case, I just like the library.”</v>

e3b97c40-2a5d-4f18-9e6c-7b0a1d4f8c25/41-0
00:00:50.900 --> 00:00:55.480
<v Rhys Morgan>That’s interesting, because at the leisure centre we had the opposite problem, we—</v>

a8e14d7b-6f02-4c39-8b5e-1d7f3a9c2e60/44-0
00:00:55.480 --> 00:00:57.020
<v Siobhán Walsh>[crosstalk] Sorry, go on.</v>

e3b97c40-2a5d-4f18-9e6c-7b0a1d4f8c25/46-0
00:00:57.500 --> 00:01:06.870
<v Rhys Morgan>No, no, it’s fine. I was just going to say nobody at ours knew it was a warm space at all. [inaudible] the signage was in the wrong place.</v>

5c0f2a91-3d7e-4b8a-a1f6-92c4d7e0b3a5/52-0
00:01:07.300 --> 00:01:10.950
<v Okonkwo, Adaeze>Right. OK, let’s capture that as an action for next year.</v>

5c0f2a91-3d7e-4b8a-a1f6-92c4d7e0b3a5/53-0
00:01:11.020 --> 00:01:12.300
<v Okonkwo, Adaeze>Thanks, both.</v>
"""

# --------------------------------------------------------------------------
# 6. Microsoft Teams transcript downloaded as .docx
# --------------------------------------------------------------------------

TEAMS_DOCX_HEADER = [
    "Patient Participation Group interview-20240312_100215-Meeting Transcript",
    "12 March 2024, 10:02am",
    "24m 37s",
    "Farah Siddiqui started transcription",
]

TEAMS_DOCX = [
    (
        "Farah Siddiqui",
        "0:05",
        [
            "Morning both. So, as I said in the email, this is just an informal "
            "chat about how the PPG has worked since the practice merger."
        ],
    ),
    ("Björn Lindqvist", "0:14", ["Morning."]),
    ("Gloria Asante", "0:14", ["Morning, yeah."]),
    ("Farah Siddiqui", "0:17", ["Björn, maybe you could start — how long have you chaired the group?"]),
    (
        "Björn Lindqvist",
        "0:22",
        [
            "Uh, four years in May. I took over from Margaret when she moved to Devon.",
            "Before the merger we were meeting in the waiting room after hours, "
            "about eight or nine of us, and it felt like the practice actually "
            "listened. We got the new phone system changed, we got the ramp at "
            "the back door.",
            "Since the merger it's, um — it's different. The meetings are online, "
            "the practice manager changes every few months, and I don't think half "
            "the patients know we exist.",
        ],
    ),
    ("Farah Siddiqui", "1:03", ["Mm-hmm."]),
    ("Gloria Asante", "1:04", ["Can I just add to that? [crosstalk] Sorry, Björn."]),
    ("Björn Lindqvist", "1:06", ["No, go ahead."]),
    (
        "Gloria Asante",
        "1:08",
        [
            "The online thing is a real barrier. My mum's eighty-two, she's on the "
            "group, and she can't get Teams to work on her tablet, so she just "
            "doesn't come any more. She used to love it — she called it “my "
            "committee”."
        ],
    ),
    ("Farah Siddiqui", "1:22", ["That's really useful. What would help, do you think?"]),
    (
        "Gloria Asante",
        "1:26",
        ["Honestly? A room. One evening a month in a proper room. [inaudible] the church hall would do it for free."],
    ),
]


def make_teams_docx() -> None:
    doc = new_document("Patient Participation Group interview")
    for line in TEAMS_DOCX_HEADER:
        doc.add_paragraph(line)
    for speaker, time, paragraphs in TEAMS_DOCX:
        p = doc.add_paragraph()
        p.add_run(speaker)
        p.add_run("   ")
        p.add_run(time)
        for text in paragraphs:
            doc.add_paragraph(text)
    save_docx(doc, "teams.docx")


# --------------------------------------------------------------------------
# 7. Microsoft Word (365) "Transcribe", added to the document
# --------------------------------------------------------------------------

WORD_TRANSCRIBE = [
    ("00:00:00", "Speaker 1", "OK, so I've pressed record. Can you hear me all right, Mrs Novak?"),
    ("00:00:05", "Speaker 2", "Yes, dear, loud and clear."),
    ("00:00:08", "Speaker 1", "Lovely. So, um, how long have you been having calls from the befriending service?"),
    (
        "00:00:14",
        "Speaker 2",
        "Oh, it must be... three years? Since my husband passed. Renée rings me "
        "every Wednesday at eleven, regular as clockwork.",
    ),
    (
        "00:00:24",
        "Speaker 2",
        "And we just chat, you know, about nothing really. The garden, the "
        "telly, her grandchildren. She's got twins, Zoë and Léa, they're ever "
        "so bright.",
    ),
    ("00:00:37", "Speaker 1", "Mm-hmm."),
    ("00:00:38", "Speaker 2", "I look forward to it all week — I don't mind admitting that."),
    ("00:00:43", "Speaker 1", "What difference would you say it's made?"),
    (
        "00:00:47",
        "Speaker 2",
        "Well, before, I could go days without speaking to anyone. Days. The "
        "only voice I'd hear was the woman on the radio. [inaudible] my son's "
        "in Canada, so he can only ring at weekends because of the time "
        "difference.",
    ),
    (
        "00:01:02",
        "Speaker 2",
        "Now I've got something to get up for on a Wednesday. I put my "
        "lipstick on, even though she can’t see me! [laughs]",
    ),
    ("00:01:10", "Speaker 1", "[crosstalk] That's lovely."),
    ("00:01:12", "Speaker 2", "Is that what you wanted? “Days”, I said."),
    ("00:01:14", "Speaker 1", "That's perfect, thank you. Just a couple more questions."),
]


def make_word_transcribe_docx() -> None:
    doc = new_document("Befriending service telephone interview")
    for time, speaker, text in WORD_TRANSCRIBE:
        doc.add_paragraph(f"{time} {speaker}")
        doc.add_paragraph(text)
        doc.add_paragraph()
    save_docx(doc, "word_transcribe.docx")


# --------------------------------------------------------------------------
# 8a. hand-typed Word: bold "Name:" run at the start of the paragraph
# --------------------------------------------------------------------------

# (label as typed in bold, rest of paragraph in a normal run); a label of
# None is a continuation paragraph with no label.
BOLD_INLINE = [
    (
        "Interviewer:",
        " Thank you for coming in, Margaret. Could you start by telling me a little about who you care for?",
    ),
    (
        "Margaret O’Donnell: ",
        "It’s my husband, Pat. He had a stroke four "
        "years ago — a big one — and he needs help with pretty much everything "
        "now. Washing, dressing, his tablets.",
    ),
    (
        None,
        "I gave up work to do it. I was a dinner lady at St Brendan’s for "
        "twenty-two years, and I loved it, but there was no way round it.",
    ),
    ("Interviewer:", " That’s a big change."),
    ("Margaret O’Donnell:", " Mm. Um, it is."),
    ("Interviewer:", " How did you find out about the carers’ group?"),
    (
        "Margaret O’Donnell:",
        " The district nurse, Chloé, she gave me a "
        "leaflet. I left it on the fridge for about six months, to be honest. I "
        "kept thinking, “That’s not for me, I’m just his wife.” You don’t think "
        "of yourself as a carer, do you? You just… do it.",
    ),
    (
        None,
        "And then one Tuesday I’d had a terrible night with him, and I "
        "just rang the number. [inaudible] a lovely girl answered, and I cried "
        "down the phone for ten minutes.",
    ),
    ("Interviewer:", " Mm-hm."),
    ("Margaret O’Donnell:", " She didn’t rush me. That’s what I remember."),
    ("Interviewer:", " And what’s the group itself like?"),
    (
        "Margaret O’Donnell:",
        " Oh, it’s a laugh, honestly. We have a moan, we have a cake — [crosstalk] sorry, is that your phone?",
    ),
    ("Interviewer:", " Sorry, that’s me — carry on."),
]


def make_bold_inline_docx() -> None:
    doc = new_document("Carers group interview 02")
    for label, text in BOLD_INLINE:
        p = doc.add_paragraph()
        if label is not None:
            p.add_run(label).bold = True
        p.add_run(text)
    save_docx(doc, "bold_inline.docx")


# --------------------------------------------------------------------------
# 8b. hand-typed Word: bold name as its own paragraph
# --------------------------------------------------------------------------

BOLD_HEADING = [
    (
        "Facilitator",
        [
            "Okay, welcome everyone, and thank you for staying after class. Today "
            "I want to ask about the Saturday conversation café."
        ],
    ),
    (
        "Amira Haddad",
        [
            "For me it is the best part of the week. In the week I am with my "
            "children, I don’t speak English with anybody, only “hello” at the "
            "shop.",
            "Here I can practise and nobody laughs — well, we laugh, but together.",
        ],
    ),
    ("Dawit Tesfaye", ["Yes. Same."]),
    ("Facilitator", ["Mm-hm. Dawit, what about you? What brought you here?"]),
    (
        "Dawit Tesfaye",
        [
            "My caseworker, she told me about it. At first I was, um, shy. I "
            "didn’t want to come because my English was very bad. [inaudible] now "
            "I can talk to my landlord on the phone, I can go to the job centre "
            "alone."
        ],
    ),
    ("Lúcia Santos", ["[crosstalk] And the volunteers are very patient."]),
    ("Dawit Tesfaye", ["Very patient, yes."]),
    ("Facilitator", ["Is there anything you would change?"]),
    (
        "Lúcia Santos",
        [
            "Maybe more time. Two hours is not enough — it goes so fast. And maybe "
            "a crèche, because some women cannot come with small children."
        ],
    ),
]


def make_bold_heading_docx() -> None:
    doc = new_document("Conversation cafe focus group")
    for speaker, paragraphs in BOLD_HEADING:
        doc.add_paragraph().add_run(speaker).bold = True
        for text in paragraphs:
            doc.add_paragraph(text)
        doc.add_paragraph()
    save_docx(doc, "bold_heading.docx")


# --------------------------------------------------------------------------
# 9a. Word table, two columns (Speaker | Transcript) with a header row
# --------------------------------------------------------------------------

TABLE_TWO = [
    ("Interviewer", ["Thanks for talking to me, Ngozi. How often do you use the dial-a-ride service?"]),
    (
        "Ngozi Adébáyò",
        [
            "Um, twice a week, usually. Tuesdays for the market and Fridays for my "
            "dialysis — well, Fridays is the hospital transport, that’s different, "
            "sorry."
        ],
    ),
    ("Interviewer", ["No, that’s fine. So Tuesdays."]),
    (
        "Ngozi Adébáyò",
        [
            "Tuesdays, yes.",
            "The driver on Tuesdays, Len, he’s wonderful. He helps me with the "
            "shopping bags right to my door, and he always says “Mind the step, "
            "queen.” Every single time! [laughs]",
        ],
    ),
    (
        "Ngozi Adébáyò",
        [
            "But booking is the problem. You have to ring by noon the day before, "
            "and the line is always engaged. Always. I’ve sat there pressing "
            "redial for forty minutes. [inaudible] and by the time you get "
            "through, the slots are gone."
        ],
    ),
    ("Interviewer", ["Mm-hm."]),
    ("Interviewer", ["Have you tried the online booking?"]),
    ("Ngozi Adébáyò", ["[crosstalk] I don’t have the internet, love."]),
    ("Interviewer", ["Right, of course."]),
]


def _fill_cell(cell, paragraphs):
    cell.paragraphs[0].text = paragraphs[0]
    for text in paragraphs[1:]:
        cell.add_paragraph(text)


def make_table_two_column_docx() -> None:
    doc = new_document("Dial-a-ride user interview")
    table = doc.add_table(rows=1, cols=2)
    table.style = "Table Grid"
    hdr = table.rows[0].cells
    hdr[0].paragraphs[0].add_run("Speaker").bold = True
    hdr[1].paragraphs[0].add_run("Transcript").bold = True
    for speaker, paragraphs in TABLE_TWO:
        cells = table.add_row().cells
        _fill_cell(cells[0], [speaker])
        _fill_cell(cells[1], paragraphs)
    save_docx(doc, "table_two_column.docx")


# --------------------------------------------------------------------------
# 9b. Word table, three columns (Time | Speaker | Text) with a header row
# --------------------------------------------------------------------------

TABLE_THREE = [
    (
        "00:00:04",
        "Moderator",
        [
            "Right, we’re recording. So this is the second tenants’ focus group "
            "for Elm Court. Let’s start with repairs — how has it been since the "
            "new contractor started?"
        ],
    ),
    ("00:00:15", "Paulette", ["Uh, worse. Honestly worse."]),
    ("00:00:17", "Jürgen", ["Much worse."]),
    (
        "00:00:18",
        "Paulette",
        [
            "I reported a leak in my bathroom in October — October! — and they "
            "came out in January. Three times they booked and didn’t turn up. You "
            "take the day off work, you sit there, nothing. Not even a phone call.",
            "And when they finally came, the lad said, “Oh, that’s not a plumbing "
            "job, that’s a roofing job,” and left. So I’m back to square one.",
        ],
    ),
    ("00:00:47", "Moderator", ["Mm-hm."]),
    ("00:00:48", "Femi", ["[crosstalk] Same with the lift in block B."]),
    ("00:00:50", "Moderator", ["Sorry, Femi, go on."]),
    (
        "00:00:52",
        "Femi",
        [
            "The lift in block B has been out for six weeks. There’s a lady on the "
            "ninth floor with a walking frame. [inaudible] she hasn’t been out "
            "since."
        ],
    ),
    ("00:01:05", "Jürgen", ["It’s not right."]),
    ("00:01:06", "Jürgen", ["They need to be fined, I think, the contractor."]),
]


def make_table_three_column_docx() -> None:
    doc = new_document("Elm Court tenants focus group 2")
    table = doc.add_table(rows=1, cols=3)
    table.style = "Table Grid"
    hdr = table.rows[0].cells
    for cell, title in zip(hdr, ("Time", "Speaker", "Text")):
        cell.paragraphs[0].add_run(title).bold = True
    for time, speaker, paragraphs in TABLE_THREE:
        cells = table.add_row().cells
        _fill_cell(cells[0], [time])
        _fill_cell(cells[1], [speaker])
        _fill_cell(cells[2], paragraphs)
    save_docx(doc, "table_three_column.docx")


# --------------------------------------------------------------------------
# 10a. "[00:01:02] Name: text"
# --------------------------------------------------------------------------

STAMP_BEFORE = """\
[00:00:03] Researcher: OK, that's recording. Thanks for doing this, Dolores.
[00:00:06] Dolores Quiñones: Oh, it's my pleasure, really.
[00:00:09] Researcher: So you've been coming to the Tuesday digital drop-in at the library. How did that start?
[00:00:15] Dolores Quiñones: My granddaughter bought me a tablet for my birthday and I, um, I didn't have a clue. I kept pressing the wrong thing and the screen would go sideways. She lives in Leeds, so she couldn't keep popping round to show me.
[00:00:31] Dolores Quiñones: Then I saw a poster by the returns desk — “Get online with confidence” — and I thought, well, why not.
[00:00:38] Researcher: Mm-hm.
[00:00:39] Dolores Quiñones: Now I do my video calls, my online banking, the lot. [inaudible] I even did the census on it!
[00:00:47] Researcher: That's brilliant. Was there anything you found difficult?
[00:00:51] Dolores Quiñones: Passwords. [laughs] Every single website wants a different password with a capital letter and a squiggle.
[00:00:58] Researcher: [crosstalk] Oh, don't —
[00:00:59] Dolores Quiñones: And then it says “too weak”! Too weak! I'm eighty-one, I'm not weak.
"""

# --------------------------------------------------------------------------
# 10b. Sonix TXT export: "Name: [00:00:07] text", media file name first
# --------------------------------------------------------------------------

STAMP_AFTER = """\
community_garden_interview_03.m4a

Inês Carvalho: [00:00:00] Right, I think we're going. So, first question, how did you get involved with the Grove Street garden?

Malachy Byrne: [00:00:07] Oh, by accident really. I was walking the dog past and there was this fella — Dev — up to his knees in nettles, and I said "you want a hand with that?" And that was, what, five years ago now.

Inês Carvalho: [00:00:19] [laughs] Brilliant.

Malachy Byrne: [00:00:21] We've got thirty-odd beds now. There's a school group on Wednesdays, the mental health team bring people on a Thursday, and then weekends it's, um, whoever turns up, really.

Malachy Byrne: [00:00:36] The thing I'd say is it's not really about the veg. I mean, the veg is nice, don't get me wrong. But it's the talking. People'll tell you things over a wheelbarrow they’d never tell a doctor.

Inês Carvalho: [00:00:49] Mm-hm.

Malachy Byrne: [00:00:50] [inaudible] especially the lads.

Inês Carvalho: [00:00:53] What worries you about the garden's future?

Malachy Byrne: [00:00:56] The lease. The council's lease runs out in 2026 and nobody will tell us anything. [crosstalk] We've written three times.

Inês Carvalho: [00:01:05] I'm sorry — that sounds really stressful.
"""

# --------------------------------------------------------------------------
# 10c. "Name (00:01): text"
# --------------------------------------------------------------------------

STAMP_PARENS = """\
Interviewer (00:01): Thanks for fitting me in before training, Rafał. Could you describe the club for me?
Rafał Nowak (00:06): Yeah, sure. So we're a wheelchair basketball club, we train Monday and Thursday nights at the leisure centre, and we've got, um, about twenty-two regular players. Ages fifteen to sixty-eight!
Interviewer (00:18): Wow.
Rafał Nowak (00:19): Yeah, our oldest, Brenda — she's a machine. She'll take anyone out.
Interviewer (00:24): [laughs] And what are the biggest challenges for the club?
Rafał Nowak (00:28): Chairs. Sports chairs are about three, four grand each, and most of our players can't afford their own. We've got nine club chairs and half of them are held together with [inaudible] and gaffer tape.
Rafał Nowak (00:41): And the hall. The leisure centre keep "double booking" us with the five-a-side lot.
Interviewer (00:46): Mm-hm.
Interviewer (00:47): Has that happened recently?
Rafał Nowak (00:49): [crosstalk] Last Thursday! We turned up and there was a — there was a birthday party in there.
Interviewer (00:55): Oh no. That’s “double booking” all right.
"""

# --------------------------------------------------------------------------
# 11a. Interviewer: / Respondent:
# --------------------------------------------------------------------------

INTERVIEWER_RESPONDENT = """\
Interviewer: Could you start by telling me what a typical night at the shelter looks like?

Respondent: Sure. Doors open at half seven. We do a quick check-in — names, any medication, whether anyone's been drinking — and then it's tea and toast while the beds get sorted.

We've got fourteen beds in the church hall, and, um, on a cold night we'll have twenty people wanting them. That's the worst part, honestly. Turning people away.

Interviewer: What happens to the people you can't take?

Respondent: We ring round. Sometimes St Anne's has space, sometimes the council will put someone in a B&B for a night. Noémie, our coordinator, is amazing at that. [inaudible] but mostly, you know, we give them a sleeping bag and a flask and a list of day centres, and you just hope.

Interviewer: Mm-hm.

Respondent: It doesn't get easier.

Interviewer: Is there someone you think about in particular?

Respondent: There was a lad — I'll call him “J” — he was nineteen, he'd been kicked out by his stepdad. He came every night for a month and then just... stopped coming. We never found out what happened. [crosstalk]

Interviewer: Take your time.

Respondent: Sorry. Yeah. Sorry — where were we?
"""

# --------------------------------------------------------------------------
# 11b. I: / R:
# --------------------------------------------------------------------------

I_R = """\
I: Thanks for agreeing to this. Can you tell me how the breakfast club started?
R: It was the head's idea, really — Mrs Ó Briain. She noticed kids coming in hungry, falling asleep in lessons, kicking off by ten o'clock. So in 2021 we got a grant from the Family Fund and opened the doors at 7:45.
I: And how many children come?
R: Um, on a normal day about forty. On a Monday it's more like sixty, because, well, weekends are hard for some families.
I: Mm-hm.
R: We do toast, cereal, fruit, and on Fridays pancakes, which is chaos. [laughs]
I: What's the hardest part?
R: Funding, every year. The grant runs out in July and we don't know yet if it's renewed. [inaudible] the PTA have said they'll help, but bake sales won't cover it.
R: And staffing. I'm in at 7:15 and I don't finish till 3:30, and then there's after-school club.
I: [crosstalk] That's a long day.
R: It is. But you see a kid who came in “grey in the face” eating a proper breakfast and laughing with his mates — that's why we do it.
"""

# --------------------------------------------------------------------------
# 12. encodings, all "Name: text"
# --------------------------------------------------------------------------

UTF16 = """\
Interviewer: Thanks for bringing the baby along — she's gorgeous.
Chloë Baptiste: [laughs] Thank you. She's been up since four, so fingers crossed she sleeps.
Interviewer: So how did you hear about the feeding café?
Chloë Baptiste: The health visitor, at the ten-day check. I was really struggling — she wasn't latching, I was in so much pain — and she said “go to the Wednesday café at the children’s centre, they’re brilliant.”
Chloë Baptiste: And they were. One of the peer supporters, Maryam, sat with me for nearly an hour. Nobody had done that, not even in hospital.
Interviewer: Mm-hm.
Interviewer: What was it about that hour that helped?
Chloë Baptiste: Um, she didn't make me feel stupid. [inaudible] and she showed me a different hold, and it just... clicked.
Interviewer: [crosstalk] Oh, she's awake.
Chloë Baptiste: Sorry — give me a sec.
"""

UTF8_BOM = """\
Interviewer: So tell me about the shed.
Seán Gallagher: Well, it's not a shed, technically. It's an old bus depot. [laughs] But “Men’s Depot” doesn't have the same ring to it.
Interviewer: [laughs] Fair enough.
Seán Gallagher: Uh, we've about thirty members. Most are retired — tradesmen, a few engineers, one ex-bank manager who's useless with a saw, God love him.
Seán Gallagher: The idea is you come in, you make something, and you talk while you're doing it. Shoulder to shoulder, not face to face. Men don't like face to face.
Interviewer: Mm-hm.
Seán Gallagher: We've had fellas come in who hadn't spoken to anyone in weeks — since their wife died, or they'd been made redundant — and [inaudible] six months later they're running the Tuesday session.
Interviewer: What do you make?
Seán Gallagher: Bird boxes, benches, toys for the children's ward. [crosstalk] We did a — sorry — we did a whole playground for the primary school last summer.
Interviewer: That's amazing.
"""

CP1252 = """\
Interviewer: Thanks for seeing me, Renée. Can you tell me about the café?
Renée Dubois: Of course. It’s a pay-as-you-feel café — you pay what you can, or you volunteer an hour instead. We use surplus food from the supermarkets that would otherwise go in the skip.
Interviewer: How long has it been running?
Renée Dubois: Um, three years in September. We started in the back room of the Methodist church with a kettle and a slow cooker. Now we do lunch five days a week, about ninety covers a day.
Interviewer: Mm-hm.
Renée Dubois: The thing people don’t expect is who comes. It’s not just people who are struggling. It’s “everyone” — nurses on their break, students, pensioners, a few lads from the building site. [inaudible] and that’s the point, really. Nobody knows who paid and who didn’t.
Interviewer: Does that ever cause tension?
Renée Dubois: [crosstalk] Sometimes — not often.
Renée Dubois: Once a man complained that someone had “only put in 50p”, and I said, well, that’s their business, not yours. He still comes, mind. He puts in a fiver every time now, out of spite! [laughs]
Interviewer: That’s brilliant.
"""

# --------------------------------------------------------------------------
# 13. header block before the first turn
# --------------------------------------------------------------------------

WITH_HEADER = """\
Interview 4 – Youth worker, 12 March 2024
Recorded at Northgate Youth Hub
Duration: 41 min

Interviewer: Thanks for making time, Kwame. Can you describe your role at the hub?
Kwame Mensah: Yeah, so I'm a senior youth worker. I run the Tuesday and Thursday open sessions and the detached work on Friday nights — that's going out on the streets, basically, the parks, the bus station, wherever the young people are.
Interviewer: What does a typical Friday look like?
Kwame Mensah: Me and one other worker, Síofra, we walk a loop from about seven till half ten. We've got hot chocolate in a flask, condoms, bus passes, leaflets. Mostly we just chat. You build trust over months, not weeks.
Kwame Mensah: Sometimes it's quiet. Sometimes you've got a fight kicking off and you're trying to, um, calm it down without making it worse.
Interviewer: Mm-hm.
Kwame Mensah: [inaudible] the police turning up usually makes it worse, to be honest.
Interviewer: How has funding affected the work?
Kwame Mensah: It's been cut three years running. We used to have four detached workers; now it's two. We lost the minibus. The young people notice — they say “you lot are always leaving.” [crosstalk]
Interviewer: Sorry, go on.
Kwame Mensah: No, I just mean — consistency is everything in this job, and that's the first thing to go.
"""

# --------------------------------------------------------------------------
# broken/
# --------------------------------------------------------------------------

NO_LABELS = """\
Summary of the volunteer coordinators' meeting, 4 March

The group discussed the spring rota and agreed to move the Saturday collection to 10am from April. Attendance at the Tuesday session has dropped since the bus route changed, and several volunteers suggested a car-share list.

Funding for the hall hire is confirmed until the end of the financial year. After that the committee will apply to the community chest fund, and Bernadette offered to draft the application.

Next steps
- Update the rota and circulate it by Friday
- Ask the council about the bus route consultation
- Book the hall for the AGM in June

The next meeting is on 1 April at the library.
"""

NO_SPEAKERS_VTT = """\
WEBVTT

1
00:00:00.000 --> 00:00:03.500
Welcome back to the spring training session for new volunteers.

2
00:00:03.800 --> 00:00:08.200
Today we're going to go through safeguarding basics and the sign-in process.

3
00:00:08.600 --> 00:00:13.900
If you haven't had your DBS check yet, please see Carol at the break.

4
00:00:14.300 --> 00:00:19.050
Right, let's start with the sign-in sheet, which lives on the clipboard by the door.

5
00:00:19.400 --> 00:00:22.700
Everyone signs in and out, every shift, no exceptions.
"""


def make_binary() -> None:
    rng = random.Random(20240312)
    data = bytearray(rng.getrandbits(8) for _ in range(384))
    for i in range(0, len(data), 29):  # guarantee NUL bytes throughout
        data[i] = 0
    (BROKEN / "binary.txt").write_bytes(bytes(data))


def make_empty_docx() -> None:
    doc = new_document("")
    save_docx(doc, "broken/empty.docx")


# --------------------------------------------------------------------------


def main() -> None:
    BROKEN.mkdir(exist_ok=True)
    write_text("otter.txt", OTTER_TXT)
    write_text("rev.txt", REV_TXT)
    make_service_docx()
    write_text("zoom.vtt", ZOOM_VTT)
    write_text("teams.vtt", TEAMS_VTT)
    make_teams_docx()
    make_word_transcribe_docx()
    make_bold_inline_docx()
    make_bold_heading_docx()
    make_table_two_column_docx()
    make_table_three_column_docx()
    write_text("stamp_before.txt", STAMP_BEFORE)
    write_text("stamp_after.txt", STAMP_AFTER)
    write_text("stamp_parens.txt", STAMP_PARENS)
    write_text("interviewer_respondent.txt", INTERVIEWER_RESPONDENT)
    write_text("i_r.txt", I_R)
    # Windows Notepad "Unicode": UTF-16 LE with BOM, CRLF line ends
    write_text("utf16.txt", UTF16, encoding="utf-16-le", newline="\r\n", bom=b"\xff\xfe")
    write_text("utf8_bom.txt", UTF8_BOM, bom=b"\xef\xbb\xbf")
    # Windows-1252 ("ANSI" in Notepad), CRLF line ends
    write_text("cp1252.txt", CP1252, encoding="cp1252", newline="\r\n")
    write_text("with_header.txt", WITH_HEADER)
    write_text("broken/no_labels.txt", NO_LABELS)
    write_text("broken/no_speakers.vtt", NO_SPEAKERS_VTT)
    make_empty_docx()
    make_binary()


if __name__ == "__main__":
    main()

"""Deterministic generator for the binary / non-UTF-8 held-out transcripts.

Writes, next to this script:
  teams_b.docx, word_b.docx, bold_b.docx, table_b.docx, odt_b.odt,
  otter_b_utf16.txt

The plain UTF-8 files (otter_b.txt, rev_b.txt, ...) are written by hand and
are not touched here.  Every date is fixed and every zip member gets a fixed
timestamp, so re-running the script gives byte-identical files.

Run with:  /work/main/.venv/bin/python make_heldout.py
"""

import datetime as dt
import io
import zipfile
from pathlib import Path
from xml.sax.saxutils import escape

import docx
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Pt, RGBColor

HERE = Path(__file__).resolve().parent
ZIP_TIME = (2024, 6, 11, 9, 0, 0)


# --------------------------------------------------------------------------
# helpers
# --------------------------------------------------------------------------
def normalise_zip(data: bytes) -> bytes:
    """Re-pack a zip with fixed member timestamps (python-docx uses 'now')."""
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            zi = zipfile.ZipInfo(info.filename, date_time=ZIP_TIME)
            zi.compress_type = zipfile.ZIP_DEFLATED
            zi.external_attr = 0o644 << 16
            zi.create_system = 0
            dst.writestr(zi, src.read(info.filename))
    return out.getvalue()


def new_doc(title, author, when):
    d = docx.Document()
    cp = d.core_properties
    cp.title = title
    cp.author = author
    cp.last_modified_by = author
    cp.created = when
    cp.modified = when
    cp.last_printed = when
    cp.revision = 1
    cp.comments = ""
    cp.subject = ""
    cp.keywords = ""
    cp.category = ""
    return d


def save_doc(d, name):
    buf = io.BytesIO()
    d.save(buf)
    (HERE / name).write_bytes(normalise_zip(buf.getvalue()))


def add_hyperlink(paragraph, url, text):
    part = paragraph.part
    r_id = part.relate_to(url, RT.HYPERLINK, is_external=True)
    link = OxmlElement("w:hyperlink")
    link.set(qn("r:id"), r_id)
    run = OxmlElement("w:r")
    rpr = OxmlElement("w:rPr")
    color = OxmlElement("w:color")
    color.set(qn("w:val"), "0563C1")
    underline = OxmlElement("w:u")
    underline.set(qn("w:val"), "single")
    rpr.append(color)
    rpr.append(underline)
    run.append(rpr)
    t = OxmlElement("w:t")
    t.text = text
    t.set(qn("xml:space"), "preserve")
    run.append(t)
    link.append(run)
    paragraph._p.append(link)


# --------------------------------------------------------------------------
# 6. Microsoft Teams transcript .docx
# --------------------------------------------------------------------------
TEAMS_DOCX = [
    (
        "Bukola Adebayo",
        "0:05",
        "Okay, so I've started the transcript, just so we've got notes for Jo, who couldn't make it. Um, first thing is the respite sitting service.",
    ),
    (
        "Renée Fortier",
        "0:16",
        "Yeah, so we've had four new referrals this month, which is great, but we've only got two sitters who can do evenings.",
    ),
    ("Gareth Lloyd-Jones", "0:27", "Is that still the, uh, the DBS delay?"),
    ("Renée Fortier", "0:30", "Partly. One of them's been waiting nine weeks."),
    ("Bukola Adebayo", "0:35", "Nine weeks is ridiculous."),
    ("Bukola Adebayo", "0:38", "Sorry. Carry on, Renée."),
    (
        "Renée Fortier",
        "0:40",
        "No, you're right, it is. And the carers notice. Mrs. Delacroix said to me, “I only need two hours on a Wednesday, from 6:30, so I can go to my own appointments,” and I couldn't give her that.",
    ),
    ("Gareth Lloyd-Jones", "0:58", "Could the peer group cover some of that? Not as sitters, but, like, buddying?"),
    (
        "Bukola Adebayo",
        "1:06",
        "Insurance, Gareth. We looked at it last year. [inaudible] the answer from the insurer was basically: not without training.",
    ),
    ("Gareth Lloyd-Jones", "1:15", "Right. Yeah."),
    ("Renée Fortier", "1:17", "What about the café session? Attendance was up — twenty-two people, I think."),
    ("Bukola Adebayo", "1:24", "Twenty-three, because Dafydd brought his mum. Which, honestly, was lovely."),
    ("Gareth Lloyd-Jones", "1:31", "Good. Shall we move on to the grant report?"),
    ("Bukola Adebayo", "1:34", "Yes. I'll stop the transcript there, actually, because that bit's got figures in."),
]


def make_teams_docx():
    d = new_doc("Carers Network monthly catch-up", "Microsoft Teams", dt.datetime(2024, 6, 11, 9, 42, 0))
    p = d.add_paragraph()
    r = p.add_run("Carers Network monthly catch-up-20240611_090312-Meeting Recording")
    r.font.size = Pt(14)
    d.add_paragraph("June 11, 2024, 9:03AM")
    d.add_paragraph("38m 42s")
    d.add_paragraph("")
    d.add_paragraph("Bukola Adebayo started transcription")
    d.add_paragraph("")
    for name, t, text in TEAMS_DOCX:
        head = d.add_paragraph()
        hr = head.add_run(f"{name}   {t}")
        hr.font.color.rgb = RGBColor(0x61, 0x61, 0x61)
        d.add_paragraph(text)
        d.add_paragraph("")
    d.add_paragraph("Bukola Adebayo stopped transcription")
    save_doc(d, "teams_b.docx")


# --------------------------------------------------------------------------
# 7. Word 365 "Transcribe" export .docx
# --------------------------------------------------------------------------
WORD_TRANSCRIBE = [
    (
        "00:00:00",
        "Speaker 1",
        "So thanks for agreeing to this. It’s about the changes at Millbrook Leisure Centre, the pool especially.",
    ),
    ("00:00:08", "Speaker 2", "Yeah, no problem. I’ve been swimming there since, gosh, since it opened really."),
    ("00:00:14", "Speaker 1", "What’s changed for you since the refurbishment?"),
    (
        "00:00:18",
        "Speaker 2",
        "Well, the hoist. The old hoist was awful, it used to jam halfway, and once I was just sort of dangling there for ten minutes. Now it’s electric and the staff actually know how to use it.",
    ),
    (
        "00:00:38",
        "Speaker 2",
        "But the changing places room is at the other end from the pool now. So it’s a long way in a wet chair, if you see what I mean.",
    ),
    ("00:00:49", "Speaker 1", "That’s—"),
    ("00:00:50", "Speaker 3", "Mum, sorry, the car park ticket runs out at 11:15."),
    ("00:00:54", "Speaker 2", "Thanks, love. We’ve got time. Where was I?"),
    ("00:00:58", "Speaker 1", "The changing room being far from the pool."),
    (
        "00:01:01",
        "Speaker 2",
        "Oh, yes. So I’d say, the rule should be simple: the accessible changing room goes nearest the water. It’s not rocket science. [inaudible] they told me it was the plumbing.",
    ),
    ("00:01:15", "Speaker 1", "And the session times, do those work for you?"),
    ("00:01:19", "Speaker 2", "The quiet swim is good. Tuesday and Friday mornings. I wish there was a weekend one."),
    ("00:01:26", "Speaker 1", "Okay. Anything else you’d want the council to hear?"),
    ("00:01:30", "Speaker 2", "Just — ask us before you build it, not after. That’s all."),
]


def make_word_docx():
    d = new_doc("Millbrook pool interview", "Nadia Qureshi", dt.datetime(2024, 4, 23, 14, 5, 0))
    d.add_heading("Audio file", level=1)
    p = d.add_paragraph()
    add_hyperlink(
        p,
        "https://example.sharepoint.com/personal/nqureshi/Documents/Transcribed%20Files/Millbrook%20pool%20interview.m4a",
        "Millbrook pool interview.m4a",
    )
    d.add_heading("Transcript", level=1)
    for t, spk, text in WORD_TRANSCRIBE:
        d.add_paragraph(f"{t} {spk}")
        d.add_paragraph(text)
    save_doc(d, "word_b.docx")


# --------------------------------------------------------------------------
# 8. Typed Word transcript with bold "Name:" labels
# --------------------------------------------------------------------------
# (label or None for an unlabelled continuation paragraph, text)
BOLD = [
    ("Carys Morgan", "Thanks for having me round, Mr Yılmaz. Can you tell me a bit about the house first?"),
    (
        "Ömer Yılmaz",
        "Call me Ömer, please. It’s a 1930s semi, we bought it in ’89. Solid house, but, er, the windows are original and the roof was leaking into the back bedroom.",
    ),
    ("Carys Morgan", "And that’s what you applied for?"),
    (
        "Ömer Yılmaz",
        "Yes. Well, my daughter applied, online, because I don’t do the computer. The plan was simple: fix the roof first, then the windows if there was money left.",
    ),
    (
        None,
        "What happened instead was they sent a surveyor who said the roof was fine and the windows were the priority. So they did the windows. Lovely windows. And the roof still leaks.",
    ),
    (None, "[laughs] You have to laugh."),
    ("Carys Morgan", "Did you challenge that?"),
    ("Ömer Yılmaz", "I rang. I was on hold from 9:15 until nearly ten o’clock, and then the line cut off."),
    ("Carys Morgan", "Oh no."),
    ("Ömer Yılmaz", "Yeah."),
    ("Carys Morgan", "What do you think would have—"),
    (
        "Ömer Yılmaz",
        "Someone who comes back. That’s all. Someone who comes back and looks at what they did and says, “is it right?” [inaudible] not a form.",
    ),
    ("Carys Morgan", "That’s a really clear message. Thank you, Ömer."),
]


def make_bold_docx():
    d = new_doc("Interview 4 – Warm Homes repair grant", "Carys Morgan", dt.datetime(2024, 5, 10, 16, 20, 0))
    d.add_heading("Interview 4 – Warm Homes repair grant", level=1)
    d.add_paragraph("Recorded 9 May 2024 at the participant’s home, Brackenfield")
    for label, text in BOLD:
        p = d.add_paragraph()
        if label is not None:
            p.add_run(f"{label}:").bold = True
            p.add_run(f" {text}")
        else:
            p.add_run(text)
    save_doc(d, "bold_b.docx")


# --------------------------------------------------------------------------
# 9. Word table: Speaker | Text
# --------------------------------------------------------------------------
# cell text may be a list of paragraphs
TABLE = [
    ("Lena Schäfer", ["So, Arthur, how often do you use the Dial-a-Ride bus?"]),
    ("Arthur Pennington", ["Twice a week. Tuesdays for the market, and Thursdays to the day centre."]),
    ("Lena Schäfer", ["And how do you book?"]),
    (
        "Arthur Pennington",
        [
            "Phone. You ring the office between 9:00 and 12:00 the day before, and, um, if you ring at five past twelve you’ve had it."
        ],
    ),
    ("Arthur Pennington", ["I’ve been caught out like that twice."]),
    ("Lena Schäfer", ["Has the driver ever—"]),
    (
        "Arthur Pennington",
        ["Dagný? Oh, she’s marvellous. She waits. Some of the others, they beep once and they’re off."],
    ),
    ("Lena Schäfer", ["Is there anything about the bus itself?"]),
    (
        "Arthur Pennington",
        [
            "The ramp. It’s steep. I’m all right, but Mrs. Haworth from my road, she won’t go on it now.",
            "Her words were: “I’m not being tipped out on the high street.”",
        ],
    ),
    ("", ["[inaudible] she told the office, but nothing came of it."]),
    ("Lena Schäfer", ["Yeah."]),
    ("Arthur Pennington", ["Anyway. It gets me out. Without it I’d be stuck in."]),
    ("Lena Schäfer", ["Thank you, Arthur, that’s really helpful."]),
]


def make_table_docx():
    d = new_doc("Dial-a-Ride user interview", "Lena Schäfer", dt.datetime(2024, 2, 27, 11, 0, 0))
    d.add_paragraph("Dial-a-Ride user interview — transcript")
    tbl = d.add_table(rows=1, cols=2)
    tbl.style = "Table Grid"
    hdr = tbl.rows[0].cells
    hdr[0].paragraphs[0].add_run("Speaker").bold = True
    hdr[1].paragraphs[0].add_run("Text").bold = True
    for spk, paras in TABLE:
        cells = tbl.add_row().cells
        if spk:
            cells[0].paragraphs[0].add_run(spk)
        cells[1].paragraphs[0].add_run(paras[0])
        for extra in paras[1:]:
            cells[1].add_paragraph(extra)
    save_doc(d, "table_b.docx")


# --------------------------------------------------------------------------
# 14. OpenDocument text, "Name: text"
# --------------------------------------------------------------------------
ODT_TITLE = "SoundBase youth music project – evaluation interview"
ODT_SUBTITLE = "12 June 2024, Riverside Hall"
# paragraphs as typed; "" is an empty paragraph
ODT_PARAS = [
    "Imogen: Thanks both for staying behind. So, Thảo, you’ve run the Thursday sessions for how long?",
    "",
    "Thảo: Since September. Before that I was a volunteer.",
    "What I told the steering group was this: if we want the older ones to keep coming, they need to run something themselves. Not just turn up and be taught.",
    "",
    "Imogen: And has that happened?",
    "",
    "Thảo: Slowly — Jayden’s the best example, to be honest.",
    "",
    "Jayden: [laughs] Don’t.",
    "",
    "Thảo: It’s true! He runs the beat-making corner now.",
    "",
    "Imogen: Jayden, what’s that been like?",
    "",
    "Jayden: Um. Good. Bit scary at first. Like, I’m, um, I’m only sixteen and some of the younger ones are, like, really loud. But yeah, it’s good. My mum said, “you’re actually enjoying something,” so.",
    "",
    "Imogen: What would you change?",
    "",
    "Jayden: Longer sessions. It’s 6:00 till 7:30 and by the time the laptops load it’s basically seven.",
    "",
    "Thảo: Yeah.",
    "",
    "Imogen: That’s fair. [inaudible] I’ll see if the hall can do till eight.",
    "",
    "Jayden: Sick. Thanks.",
]

ODF_NS = (
    'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
    'xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" '
    'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
    'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
    'xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0" '
    'xmlns:xlink="http://www.w3.org/1999/xlink" '
    'xmlns:dc="http://purl.org/dc/elements/1.1/" '
    'xmlns:meta="urn:oasis:names:tc:opendocument:xmlns:meta:1.0" '
    'xmlns:svg="urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0" '
    'xmlns:loext="urn:org:documentfoundation:names:experimental:office:xmlns:loext:1.0"'
)


def odt_content():
    body = []
    body.append(f'<text:p text:style-name="Title">{escape(ODT_TITLE)}</text:p>')
    body.append(f'<text:p text:style-name="P1">{escape(ODT_SUBTITLE)}</text:p>')
    body.append('<text:p text:style-name="Standard"/>')
    for para in ODT_PARAS:
        if para == "":
            body.append('<text:p text:style-name="Standard"/>')
        else:
            body.append(f'<text:p text:style-name="Standard">{escape(para)}</text:p>')
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f'<office:document-content {ODF_NS} office:version="1.3">'
        "<office:scripts/>"
        "<office:font-face-decls>"
        '<style:font-face style:name="Liberation Serif" svg:font-family="&apos;Liberation Serif&apos;" '
        'style:font-family-generic="roman" style:font-pitch="variable"/>'
        "</office:font-face-decls>"
        "<office:automatic-styles>"
        '<style:style style:name="P1" style:family="paragraph" style:parent-style-name="Standard">'
        '<style:text-properties fo:font-style="italic"/></style:style>'
        "</office:automatic-styles>"
        "<office:body><office:text>"
        "<text:sequence-decls>"
        '<text:sequence-decl text:display-outline-level="0" text:name="Illustration"/>'
        '<text:sequence-decl text:display-outline-level="0" text:name="Table"/>'
        '<text:sequence-decl text:display-outline-level="0" text:name="Text"/>'
        '<text:sequence-decl text:display-outline-level="0" text:name="Drawing"/>'
        '<text:sequence-decl text:display-outline-level="0" text:name="Figure"/>'
        "</text:sequence-decls>" + "".join(body) + "</office:text></office:body></office:document-content>"
    )


def odt_styles():
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f'<office:document-styles {ODF_NS} office:version="1.3">'
        "<office:font-face-decls>"
        '<style:font-face style:name="Liberation Serif" svg:font-family="&apos;Liberation Serif&apos;" '
        'style:font-family-generic="roman" style:font-pitch="variable"/>'
        '<style:font-face style:name="Liberation Sans" svg:font-family="&apos;Liberation Sans&apos;" '
        'style:font-family-generic="swiss" style:font-pitch="variable"/>'
        "</office:font-face-decls>"
        "<office:styles>"
        '<style:default-style style:family="paragraph">'
        '<style:text-properties style:font-name="Liberation Serif" fo:font-size="12pt" fo:language="en" fo:country="GB"/>'
        "</style:default-style>"
        '<style:style style:name="Standard" style:family="paragraph" style:class="text"/>'
        '<style:style style:name="Heading" style:family="paragraph" style:parent-style-name="Standard" '
        'style:next-style-name="Text_20_body" style:class="text">'
        '<style:paragraph-properties fo:margin-top="0.423cm" fo:margin-bottom="0.212cm" fo:keep-with-next="always"/>'
        '<style:text-properties style:font-name="Liberation Sans" fo:font-size="14pt"/></style:style>'
        '<style:style style:name="Text_20_body" style:display-name="Text body" style:family="paragraph" '
        'style:parent-style-name="Standard" style:class="text"/>'
        '<style:style style:name="Title" style:family="paragraph" style:parent-style-name="Heading" '
        'style:next-style-name="Text_20_body" style:class="chapter">'
        '<style:paragraph-properties fo:text-align="center"/>'
        '<style:text-properties fo:font-size="28pt" fo:font-weight="bold"/></style:style>'
        "</office:styles>"
        "<office:automatic-styles>"
        '<style:page-layout style:name="pm1"><style:page-layout-properties fo:page-width="21.001cm" '
        'fo:page-height="29.7cm" style:print-orientation="portrait" fo:margin-top="2cm" '
        'fo:margin-bottom="2cm" fo:margin-left="2cm" fo:margin-right="2cm"/></style:page-layout>'
        "</office:automatic-styles>"
        "<office:master-styles>"
        '<style:master-page style:name="Standard" style:page-layout-name="pm1"/>'
        "</office:master-styles>"
        "</office:document-styles>"
    )


def odt_meta():
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f'<office:document-meta {ODF_NS} office:version="1.3">'
        "<office:meta>"
        "<meta:creation-date>2024-06-12T19:48:10.000000000</meta:creation-date>"
        "<dc:date>2024-06-13T10:02:44.000000000</dc:date>"
        "<meta:editing-duration>PT41M12S</meta:editing-duration>"
        "<meta:editing-cycles>3</meta:editing-cycles>"
        "<meta:generator>LibreOffice/7.6.4.1$Linux_X86_64 LibreOffice_project/60$Build-1</meta:generator>"
        "<dc:title>SoundBase evaluation interview</dc:title>"
        "</office:meta></office:document-meta>"
    )


def odt_manifest():
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" '
        'manifest:version="1.3">\n'
        ' <manifest:file-entry manifest:full-path="/" manifest:version="1.3" '
        'manifest:media-type="application/vnd.oasis.opendocument.text"/>\n'
        ' <manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>\n'
        ' <manifest:file-entry manifest:full-path="styles.xml" manifest:media-type="text/xml"/>\n'
        ' <manifest:file-entry manifest:full-path="meta.xml" manifest:media-type="text/xml"/>\n'
        "</manifest:manifest>\n"
    )


def make_odt():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        # mimetype must be first and stored (uncompressed, no extra field)
        zi = zipfile.ZipInfo("mimetype", date_time=ZIP_TIME)
        zi.compress_type = zipfile.ZIP_STORED
        zi.create_system = 0
        z.writestr(zi, "application/vnd.oasis.opendocument.text")
        for name, data in [
            ("content.xml", odt_content()),
            ("styles.xml", odt_styles()),
            ("meta.xml", odt_meta()),
            ("META-INF/manifest.xml", odt_manifest()),
        ]:
            zi = zipfile.ZipInfo(name, date_time=ZIP_TIME)
            zi.compress_type = zipfile.ZIP_DEFLATED
            zi.create_system = 0
            z.writestr(zi, data.encode("utf-8"))
    (HERE / "odt_b.odt").write_bytes(out.getvalue())


# --------------------------------------------------------------------------
# 13. Otter.ai TXT layout saved as UTF-16 LE with BOM and CRLF
# --------------------------------------------------------------------------
OTTER_UTF16 = """Dafydd Rhys  59:31  
Okay, we're back on. Sorry about that, the kettle. So you were saying about the first repair café.

Joaquín Ortega  59:39  
Yes, so, the very first one was in the church hall, October 2019. We had, um, four volunteers and a table of screwdrivers, basically. And a queue out the door by 10:15.

Dafydd Rhys  59:58  
What were people bringing?

Joaquín Ortega  1:00:01  
Toasters. So many toasters. Lamps, a sewing machine, somebody brought a, uh, a Victorian clock that had belonged to her grandmother.

Joaquín Ortega  1:00:19  
And that one — we couldn't fix it that day. But Malcolm took it home and three weeks later she got it back, ticking. She cried. I nearly cried.

Dafydd Rhys  1:00:38  
Yeah.

Unknown Speaker  1:00:39  
Sorry, is this the queue for bikes?

Joaquín Ortega  1:00:41  
Bikes are outside, love, the blue gazebo. [laughs] Sorry.

Dafydd Rhys  1:00:46  
No, no. What's the hardest thing about running it now?

Joaquín Ortega  1:00:50  
Insurance and parts. The insurer's position is basically: no gas appliances, no microwaves. Fair enough. But parts, you can't get a hinge for a kettle, the whole thing's glued shut. They make them so you can't open them. [inaudible]

Dafydd Rhys  1:01:12  
And volunteers?

Joaquín Ortega  1:01:14  
We've got eleven now. Mostly retired, couple of students. We need an electrician, if you know one, “a proper one,” as Malcolm says.

Dafydd Rhys  1:01:21  
[laughs] I'll put that in the write-up.



Transcribed by https://otter.ai
"""


def make_otter_utf16():
    data = OTTER_UTF16.replace("\n", "\r\n")
    (HERE / "otter_b_utf16.txt").write_bytes(b"\xff\xfe" + data.encode("utf-16-le"))


if __name__ == "__main__":
    make_teams_docx()
    make_word_docx()
    make_bold_docx()
    make_table_docx()
    make_odt()
    make_otter_utf16()
    print("done")

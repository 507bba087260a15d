#!/usr/bin/env python3
"""Build the held-out REFI-QDA case: a small library-service interview inquiry coded in ATLAS.ti.

Writes, next to this script:

- raw/                     four interview transcripts (UTF-8, LF, "Name: text" turns), documents.csv,
                           participants.csv
- codebook.yaml            two areas, six themes (workflow/schemas/codebook.schema.yaml)
- coded.qdpx               the project as ATLAS.ti (Windows) would export it after the team imported
                           the transcripts and coded them (see README.md for what is imitated and why)
- expected.yaml            every selection as it was meant: source, doc_id, code path, theme, the exact
                           selected text in ATLAS.ti's copy, the speakers of the turns it lies in, and
                           whether it covers the word the team corrected after import

Deterministic: GUIDs are uuid5 of fixed names, times are fixed, the ZIP entries carry a fixed date.
Run it twice and the bytes are the same. It checks itself (every selection's text, the speakers, the
XML against /work/shared/refi-qda/Project.xsd when the xmlschema package is importable) and stops on
any mismatch.

    python bench/heldout_qdpx/make_heldout.py            # build and check
    python bench/heldout_qdpx/make_heldout.py --xsd PATH # another copy of Project.xsd
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import io
import sys
import uuid
import zipfile
from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

import yaml

HERE = Path(__file__).resolve().parent
DEFAULT_XSD = Path("/work/shared/refi-qda/Project.xsd")

# --------------------------------------------------------------------------------------------------
# The inquiry: Quillbrook Libraries, spring 2025. Every name below is invented.
# --------------------------------------------------------------------------------------------------

PROJECT_NAME = "Quillbrook Libraries Interviews 2025"
ORIGIN = "ATLAS.ti Win 23.4.0"
NS = uuid.UUID("6b1f3c1e-8d0a-4e53-9a57-2f0d2b7c4a10")  # namespace for every GUID of this case

CODER = "Delphine Mabry"  # did all the coding
IMPORTER = "Rafael Dunmore"  # created the project and imported the transcripts; coded nothing

DOCS = [
    {
        "doc_id": "qb-int-01",
        "path": "quillbrook/2025-03-11_interview_branch_manager.txt",
        "place": "Quillbrook",
        "date": "2025-03-11",
        "title": "Interview (branch manager)",
        "speaker": "Marguerite",
        "turns": [
            ("Interviewer", "Thanks for making time, Marguerite. Could you start by telling me a bit about your role?"),
            (
                "Marguerite",
                "Of course. I'm the branch manager at Tanner Row, so the central library, and I also look after the two small branches on the east side. I've been with the service about nineteen years now, which makes me feel very old.",
            ),
            ("Interviewer", "And what's changed most in that time?"),
            (
                "Marguerite",
                "Honestly, the hours. When I started we were open six days and two late evenings. Now it's five days, and since the budget round last year we close at five every day. The late evenings were when the working parents came in, and the students, and we've just lost that crowd. They don't come back on a Saturday morning either, because, well, we're not open on a Saturday any more.",
            ),
            ("Interviewer", "When did the Saturday opening stop?"),
            (
                "Marguerite",
                "April last year. We fought it, we had a petition with something like two thousand names on it, but the council needed the saving. Saturday was our busiest day for families, so that one really hurt.",
            ),
            ("Interviewer", "How has the team coped with the changes?"),
            (
                "Marguerite",
                "We're stretched. I've got four full-time equivalents where I used to have seven, and two of those are split across the branches. When somebody's off sick I end up on the counter myself, which is fine, I like the counter, but it means the outreach work just doesn't happen. Our volunteers are wonderful, they run the reading groups and the Knit and Natter, but you can't ask a volunteer to cover a shift on their own.",
            ),
            ("Interviewer", "You mentioned outreach. What does that look like at the moment?"),
            (
                "Marguerite",
                "Mostly it's the home library service, we deliver to about sixty people who can't get in, and the mobile van which goes out to Fernhythe and the villages. The van is a lifeline up there. Orla runs it and she knows every single borrower by name.",
            ),
            ("Interviewer", "What about digital services – the computers, wifi, that kind of thing?"),
            (
                "Marguerite",
                "The public computers are always full. People come in to do their Universal Credit journal, to print a boarding pass, to apply for jobs. We run a digital drop-in on Thursday mornings and the queue is out the door. A lot of what we do now is really helping people fill in forms that used to be on paper.",
            ),
            ("Interviewer", "Is there anything you'd want the council to hear from this research?"),
            (
                "Marguerite",
                "That a library isn't just a building with books in. For some people we're the only place they speak to anyone all week. If you cut the hours, you cut that.",
            ),
            ("Interviewer", "Thank you, that's really helpful."),
            ("Marguerite", "You're welcome. Good luck with it."),
        ],
    },
    {
        "doc_id": "qb-int-02",
        "path": "quillbrook/2025-03-14_interview_library_user.txt",
        "place": "Quillbrook",
        "date": "2025-03-14",
        "title": "Interview (reading group member)",
        "speaker": "Dennis",
        "turns": [
            ("Interviewer", "Dennis, thanks for coming in. How long have you been using the library?"),
            (
                "Dennis",
                "Oh, on and off since I was a lad. But properly, every week, since I retired. That'd be six years now. My wife passed in 2019 and I didn't know what to do with myself, to be honest.",
            ),
            ("Interviewer", "What brought you in at that point?"),
            (
                "Dennis",
                "My daughter signed me up for the reading group. I thought it'd be all literary types, you know, but it's a good bunch. We meet the second Tuesday, we argue about the book, we have a cup of tea. Some weeks it's the only conversation I have that isn't with the telly.",
            ),
            ("Interviewer", "That sounds important to you."),
            (
                "Dennis",
                "It is. Eileen who runs it, she's a volunteer, she rings round if someone doesn't turn up. That's the sort of thing you don't see on a spreadsheet.",
            ),
            ("Interviewer", "Have you used any of the other services?"),
            (
                "Dennis",
                "The computer help on a Thursday. I had to do my pension online, and the bus pass renewal, and I'd not a clue. The young lad there, Tomasz, sat with me for the best part of an hour. I've got my own tablet now, um, I can do the e-books, though I still prefer a proper book.",
            ),
            ("Interviewer", "Have the changes to the opening hours affected you?"),
            # "scraped" is the transcription error the team corrected in ATLAS.ti (see EDIT below)
            (
                "Dennis",
                "A bit. The Saturday opening got scraped in April, and that was when my grandson and I used to come in together. He's nine. We'd choose his books and then go for a bacon sandwich. Now he's at his dad's in the week so, [pause] well, that's stopped.",
            ),
            ("Interviewer", "I'm sorry to hear that."),
            ("Dennis", "Not your fault, love. It's the money, isn't it. Everybody's short."),
            ("Interviewer", "If you could change one thing about the library, what would it be?"),
            (
                "Dennis",
                "Open it on a Saturday again. And put a few more staff on, they're run ragged. Last month the digital session was cancelled twice because there was nobody to cover.",
            ),
        ],
    },
    {
        "doc_id": "fh-int-01",
        "path": "fernhythe/2025-04-02_interview_mobile_librarian.txt",
        "place": "Fernhythe",
        "date": "2025-04-02",
        "title": "Interview (mobile librarian)",
        "speaker": "Orla",
        "turns": [
            ("Interviewer", "Can you describe what a typical week on the mobile library looks like?"),
            (
                "Orla",
                "So the van does a fortnightly timetable, ten stops each week, the Fernhythe estate on a Tuesday and Friday, then the villages – Oxcombe, Low Fold, Emberton – on the other days. We're parked maybe forty minutes at each stop. It's not long, but people plan their day around it.",
            ),
            ("Interviewer", "Who uses it most?"),
            (
                "Orla",
                "Older people, mainly, and mums with little ones. There's no bus from Low Fold after two o'clock, so for some of them we're the only service that actually comes to them. I've got one gentleman, he's ninety-one, he waits at the end of his drive with his returns in a carrier bag.",
            ),
            ("Interviewer", "[laughs] That's lovely."),
            (
                "Orla",
                "He's a character. But honestly, the van's on its last legs. It broke down three times over the winter and each time we had to cancel the whole round. People don't get a text or anything, they just stand there waiting.",
            ),
            ("Interviewer", "What happens to the community library at the centre?"),
            (
                "Orla",
                "The Fernhythe room in the community centre is open Wednesday afternoons and it's run completely by volunteers now. Two of them are in their eighties. If one of them's poorly it just doesn't open. We used to have a paid assistant there three days a week but that post went in the restructure.",
            ),
            ("Interviewer", "Do people on the estate use digital services through you?"),
            (
                "Orla",
                "We've got a dongle on the van for wifi and one laptop. People ask me to help them with things all the time – renewing a blue badge, booking a GP appointment online. I'm not trained for it really, I just muddle through. There's no broadband in half of those houses.",
            ),
            ("Interviewer", "What do you think the service is most valuable for, out here?"),
            (
                "Orla",
                "Company, if I'm honest. People come on the van and they chat, they tell me about the grandkids, they swap recipes with each other in the queue. For the rhyme time mums it's the same, it gets them out of the house. The books are almost the excuse.",
            ),
            ("Interviewer", "Is there anything that would make the biggest difference?"),
            (
                "Orla",
                "A reliable van and a second pair of hands. I'm on my own on the van most days and I can't do the home deliveries and the stops at the same time.",
            ),
        ],
    },
    {
        "doc_id": "fh-int-02",
        "path": "fernhythe/2025-04-09_interview_parent.txt",
        "place": "Fernhythe",
        "date": "2025-04-09",
        "title": "Interview (parent)",
        "speaker": "Zofia",
        # this one came from a Word transcript: typographic apostrophes
        "turns": [
            ("Interviewer", "Zofia, thanks for talking to me. How do you use the library service?"),
            (
                "Zofia",
                "Mostly the van, and rhyme time at the community centre when it’s on. I’ve got a two-year-old, Ilse, and a baby, so getting into Quillbrook is a whole expedition. Two buses with a double buggy, you can forget it.",
            ),
            ("Interviewer", "Tell me about rhyme time."),
            (
                "Zofia",
                "It’s the best thing in my week, honestly. It’s on a Wednesday, half an hour, songs and a story. Ilse loves it, she does all the actions. But it’s like, it’s been cancelled a lot lately because there’s no one to run it. Orla did it when she could but she’s got the van.",
            ),
            ("Interviewer", "How did you find out about it?"),
            (
                "Zofia",
                "The health visitor told me. I’d never have known otherwise. When I moved here I didn’t know anyone, my family’s all in Gdańsk, and the rhyme time mums are basically my friends now. We’ve got a WhatsApp group.",
            ),
            ("Interviewer", "What about the mobile library – how does that fit in?"),
            (
                "Zofia",
                "It stops outside the Spar on a Tuesday at quarter past ten. Ilse picks her own books, which she thinks is a massive deal. The van’s really good for board books. I wish it came more than once a fortnight though, and the times don’t always work with nap time. Last time I was five minutes late with the buggy and [inaudible] it had gone.",
            ),
            ("Interviewer", "Do you use anything online – e-books, the app?"),
            (
                "Zofia",
                "I tried the app to renew but I got locked out and gave up. I don’t have a laptop, just my phone, and our wifi is rubbish. I’d use the audiobooks if it was easier.",
            ),
            ("Interviewer", "Is there anything you’d change?"),
            (
                "Zofia",
                "Proper hours at the community room, like more than one afternoon. And somewhere warm to go with the kids in winter that doesn’t cost anything. That’s what the library could be, you know? Somewhere you’re allowed to just be.",
            ),
            ("Interviewer", "That’s really helpful, thank you."),
            ("Zofia", "No worries."),
        ],
    },
]

PARTICIPANTS = [
    ("QB01", "Marguerite Osei-Hale;Marguerite;Maggie", "staff", "Quillbrook", "given"),
    ("QB02", "Dennis Whitlow;Dennis", "user", "Quillbrook", "given"),
    ("FH01", "Orla Penhallow;Orla", "staff", "Fernhythe", "given"),
    ("FH02", "Zofia Marchetti;Zofia", "user", "Fernhythe", "given"),
]

# How ATLAS.ti names each document: the imported file's name, extension included; the team renamed
# one document in ATLAS.ti after import.
SOURCE_NAMES = {
    "qb-int-01": "2025-03-11_interview_branch_manager.txt",
    "qb-int-02": "2025-03-14_interview_library_user.txt",
    "fh-int-01": "2025-04-02_interview_mobile_librarian.txt",
    "fh-int-02": "Int 4 – Zofia (parent, Fernhythe)",
}

# The correction the team made to ATLAS.ti's copy of one document after import (edit mode):
# one word in the middle of a turn, one character longer.
EDIT = {"doc_id": "qb-int-02", "old": "got scraped in April", "new": "got scrapped in April", "word": "scrapped"}

CODEBOOK = {
    "version": "heldout-qdpx-2025.1",
    "areas": [
        {
            "id": "access",
            "label": "Access and reach",
            "description": "Whether people can get to the library service, when, and how.",
            "themes": [
                {
                    "id": "opening_hours",
                    "label": "Opening hours",
                    "definition": "When libraries are open or closed, and what changes to opening times mean for who can use them.",
                    "keywords": ["opening hours", "opening", "closed", "Saturday", "late evenings", "afternoons"],
                },
                {
                    "id": "mobile_outreach",
                    "label": "Mobile and outreach services",
                    "definition": "Services that go out to people: the mobile library van, its stops and timetable, the home library service.",
                    "keywords": [
                        "mobile library",
                        "the van",
                        "home library service",
                        "home deliveries",
                        "stops",
                        "outreach",
                    ],
                },
                {
                    "id": "digital_inclusion",
                    "label": "Digital help",
                    "definition": "Help with computers, online forms, wifi, apps and e-books, and gaps in people's access or skills.",
                    "keywords": ["computers", "online", "wifi", "broadband", "app", "laptop", "e-books", "digital"],
                },
            ],
        },
        {
            "id": "community",
            "label": "Library as community space",
            "description": "What the library means to people beyond lending books, and who keeps it going.",
            "themes": [
                {
                    "id": "social_connection",
                    "label": "Social connection",
                    "definition": "The library as a place to meet people, talk and feel less alone.",
                    "keywords": [
                        "lonely",
                        "company",
                        "chat",
                        "friends",
                        "reading group",
                        "conversation",
                        "speak to anyone",
                    ],
                },
                {
                    "id": "children_families",
                    "label": "Children and families",
                    "definition": "Children, parents and carers: rhyme time, choosing books with children, getting there with small children.",
                    "keywords": ["rhyme time", "kids", "children", "grandson", "buggy", "mums", "families"],
                },
                {
                    "id": "staffing_pressures",
                    "label": "Staffing and volunteers",
                    "definition": "Staff numbers and cover, volunteers, and what happens when there is nobody to run a service.",
                    "keywords": [
                        "staff",
                        "volunteers",
                        "volunteer",
                        "cover",
                        "restructure",
                        "no one to run",
                        "stretched",
                    ],
                },
            ],
        },
    ],
}

# ATLAS.ti's code tree. key -> (name, parent key or None, colour, comment, theme id or None)
CODES = {
    "hours": ("Opening hours", None, "#46AA00", "Hours, closures and changes to them.", "opening_hours"),
    "sat": ("Saturday closure", "hours", "#7CC43A", None, "opening_hours"),
    "eve": ("Evening hours", "hours", "#A6D96A", None, "opening_hours"),
    "mobile": ("Mobile library & outreach", None, "#1F78B4", "The van, its stops, home delivery.", "mobile_outreach"),
    "digital": ("Digital help", None, "#6A3D9A", None, "digital_inclusion"),
    "social": ("Social connection", None, "#E31A1C", None, "social_connection"),
    "families": ("Children & families", None, "#FF7F00", "Rhyme time, kids, parents.", "children_families"),
    "staff": ("Staffing and volunteers", None, "#B15928", None, "staffing_pressures"),
    "quote": ("Quotable", None, "#FFD700", "Candidate quotes for the report.", None),
    "transport": ("Transport", None, "#999999", "Created early on; never applied.", None),
}
CODE_ORDER = ["hours", "sat", "eve", "mobile", "digital", "social", "families", "staff", "quote", "transport"]

# Code groups and document groups, exported by ATLAS.ti as Sets.
CODE_GROUPS = [("Access", ["hours", "mobile", "digital"]), ("Community", ["social", "families", "staff"])]
DOC_GROUPS = [("Quillbrook", ["qb-int-01", "qb-int-02"]), ("Fernhythe", ["fh-int-01", "fh-int-02"])]

# The coding, in the order it was done. (doc_id, code key, exact text in ATLAS.ti's copy with LF line
# ends, quotation comment or None). Turns are separated by "\n\n" in the copy.
SELECTIONS = [
    # qb-int-01, Marguerite (branch manager)
    (
        "qb-int-01",
        "hours",
        "the hours. When I started we were open six days and two late evenings. Now it's five days, and since the budget round last year we close at five every day.",
        None,
    ),
    (
        "qb-int-01",
        "eve",
        "The late evenings were when the working parents came in, and the students, and we've just lost that crowd.",
        None,
    ),
    (
        "qb-int-01",
        "sat",
        "When did the Saturday opening stop?\n\nMarguerite: April last year. We fought it, we had a petition with something like two thousand names on it, but the council needed the saving. Saturday was our busiest day for families, so that one really hurt.",
        None,
    ),
    (
        "qb-int-01",
        "staff",
        "We're stretched. I've got four full-time equivalents where I used to have seven, and two of those are split across the branches.",
        None,
    ),
    (
        "qb-int-01",
        "staff",
        "Our volunteers are wonderful, they run the reading groups and the Knit and Natter, but you can't ask a volunteer to cover a shift on their own.",
        None,
    ),
    (
        "qb-int-01",
        "mobile",
        "Mostly it's the home library service, we deliver to about sixty people who can't get in, and the mobile van which goes out to Fernhythe and the villages. The van is a lifeline up there.",
        None,
    ),
    (
        "qb-int-01",
        "digital",
        "What about digital services – the computers, wifi, that kind of thing?",
        "Question coded for context.",
    ),
    (
        "qb-int-01",
        "digital",
        "The public computers are always full. People come in to do their Universal Credit journal, to print a boarding pass, to apply for jobs. We run a digital drop-in on Thursday mornings and the queue is out the door.",
        None,
    ),
    (
        "qb-int-01",
        "quote",
        "Marguerite: That a library isn't just a building with books in. For some people we're the only place they speak to anyone all week. If you cut the hours, you cut that.\n",
        None,
    ),
    ("qb-int-01", "social", "For some people we're the only place they speak to anyone all week.", None),
    # qb-int-02, Dennis (reading group member) -- the edited document
    ("qb-int-02", "social", "My wife passed in 2019 and I didn't know what to do with myself, to be honest.", None),
    (
        "qb-int-02",
        "social",
        "We meet the second Tuesday, we argue about the book, we have a cup of tea. Some weeks it's the only conversation I have that isn't with the telly.",
        None,
    ),
    ("qb-int-02", "quote", "Some weeks it's the only conversation I have that isn't with the telly.", None),
    ("qb-int-02", "staff", "Eileen who runs it, she's a volunteer, she rings round if someone doesn't turn up.", None),
    (
        "qb-int-02",
        "digital",
        "I had to do my pension online, and the bus pass renewal, and I'd not a clue. The young lad there, Tomasz, sat with me for the best part of an hour.",
        None,
    ),
    (
        "qb-int-02",
        "sat",
        "The Saturday opening got scrapped in April, and that was when my grandson and I used to come in together.",
        "Transcript said 'scraped' - corrected to 'scrapped' in the document. DM",
    ),
    ("qb-int-02", "families", "He's nine. We'd choose his books and then go for a bacon sandwich.", None),
    ("qb-int-02", "hours", "Open it on a Saturday again.", None),
    (
        "qb-int-02",
        "staff",
        "And put a few more staff on, they're run ragged. Last month the digital session was cancelled twice because there was nobody to cover.",
        None,
    ),
    # fh-int-01, Orla (mobile librarian)
    (
        "fh-int-01",
        "mobile",
        "So the van does a fortnightly timetable, ten stops each week, the Fernhythe estate on a Tuesday and Friday, then the villages – Oxcombe, Low Fold, Emberton – on the other days.",
        None,
    ),
    (
        "fh-int-01",
        "mobile",
        "Who uses it most?\n\nOrla: Older people, mainly, and mums with little ones. There's no bus from Low Fold after two o'clock, so for some of them we're the only service that actually comes to them.",
        None,
    ),
    (
        "fh-int-01",
        "quote",
        "I've got one gentleman, he's ninety-one, he waits at the end of his drive with his returns in a carrier bag.",
        None,
    ),
    (
        "fh-int-01",
        "mobile",
        "the van's on its last legs. It broke down three times over the winter and each time we had to cancel the whole round.",
        None,
    ),
    ("fh-int-01", "hours", "The Fernhythe room in the community centre is open Wednesday afternoons", None),
    (
        "fh-int-01",
        "staff",
        "it's run completely by volunteers now. Two of them are in their eighties. If one of them's poorly it just doesn't open. We used to have a paid assistant there three days a week but that post went in the restructure.",
        None,
    ),
    (
        "fh-int-01",
        "digital",
        "People ask me to help them with things all the time – renewing a blue badge, booking a GP appointment online. I'm not trained for it really, I just muddle through.",
        None,
    ),
    (
        "fh-int-01",
        "social",
        "Company, if I'm honest. People come on the van and they chat, they tell me about the grandkids, they swap recipes with each other in the queue.",
        None,
    ),
    ("fh-int-01", "families", "For the rhyme time mums it's the same, it gets them out of the house.", None),
    (
        "fh-int-01",
        "staff",
        "A reliable van and a second pair of hands. I'm on my own on the van most days and I can't do the home deliveries and the stops at the same time.",
        None,
    ),
    # fh-int-02, Zofia (parent) -- the renamed document
    (
        "fh-int-02",
        "families",
        "getting into Quillbrook is a whole expedition. Two buses with a double buggy, you can forget it.",
        None,
    ),
    (
        "fh-int-02",
        "families",
        "Tell me about rhyme time.\n\nZofia: It’s the best thing in my week, honestly. It’s on a Wednesday, half an hour, songs and a story. Ilse loves it, she does all the actions.",
        None,
    ),
    ("fh-int-02", "staff", "it’s been cancelled a lot lately because there’s no one to run it.", None),
    (
        "fh-int-02",
        "social",
        "When I moved here I didn’t know anyone, my family’s all in Gdańsk, and the rhyme time mums are basically my friends now.",
        None,
    ),
    (
        "fh-int-02",
        "mobile",
        "I wish it came more than once a fortnight though, and the times don’t always work with nap time.",
        None,
    ),
    (
        "fh-int-02",
        "digital",
        "I tried the app to renew but I got locked out and gave up. I don’t have a laptop, just my phone, and our wifi is rubbish.",
        None,
    ),
    ("fh-int-02", "hours", "Proper hours at the community room, like more than one afternoon.", None),
    ("fh-int-02", "families", "And somewhere warm to go with the kids in winter that doesn’t cost anything.", None),
    ("fh-int-02", "quote", "Somewhere you’re allowed to just be.", None),
]

MEMO_TEXT = (
    "Coding decisions (DM)\n"
    "Interviewer questions are coded only where the question frames the answer.\n"
    "Quotable = candidate quotes for the report, coded on top of the theme codes.\n"
    "Sub-codes under Opening hours: Saturday closure, Evening hours."
)

# Fixed times (UTC): project created, documents imported, coding sessions, the edit, the export.
T_PROJECT = dt.datetime(2025, 6, 2, 8, 55, 4)
T_IMPORT = dt.datetime(2025, 6, 2, 9, 12, 40)
T_CODING_DAY = {
    "qb-int-01": (2025, 6, 9),
    "qb-int-02": (2025, 6, 11),
    "fh-int-01": (2025, 6, 16),
    "fh-int-02": (2025, 6, 18),
}
T_EDIT = dt.datetime(2025, 6, 11, 10, 21, 37)  # between the 3rd and 4th quotation in qb-int-02
T_MEMO = dt.datetime(2025, 6, 9, 9, 48, 2)
T_EXPORT = dt.datetime(2025, 7, 3, 16, 4, 51)


# --------------------------------------------------------------------------------------------------


def guid(*parts: str) -> str:
    """ATLAS.ti writes upper-case GUIDs without braces."""
    return str(uuid.uuid5(NS, "/".join(parts))).upper()


def stamp(t: dt.datetime) -> str:
    return t.strftime("%Y-%m-%dT%H:%M:%SZ")


def raw_text(doc: dict) -> str:
    """The transcript as the team received it: one turn per paragraph, a blank line between, LF, a final newline."""
    return "\n\n".join(f"{who}: {what}" for who, what in doc["turns"]) + "\n"


def tool_copy_lf(doc: dict) -> str:
    """ATLAS.ti's own copy, in the units its positions count: one character per line end, no final
    line end (the last paragraph has none), and the team's correction applied."""
    text = raw_text(doc).rstrip("\n")
    if doc["doc_id"] == EDIT["doc_id"]:
        assert text.count(EDIT["old"]) == 1, "the edited phrase must occur once"
        text = text.replace(EDIT["old"], EDIT["new"])
    return text


def to_crlf(text: str) -> str:
    return text.replace("\n", "\r\n")


def paragraphs(text_lf: str) -> list[tuple[int, int, str]]:
    """(start, end, line) of every line of the copy (positions in line-end-as-one-character units)."""
    out, pos = [], 0
    for line in text_lf.split("\n"):
        out.append((pos, pos + len(line), line))
        pos += len(line) + 1
    return out


def speakers_of(text_lf: str, start: int, end: int) -> list[str]:
    """Labels of the turns whose visible characters the selection covers, in order."""
    found = []
    for p_start, p_end, line in paragraphs(text_lf):
        if not line.strip():
            continue
        lo, hi = max(start, p_start), min(end, p_end)
        if lo < hi and text_lf[lo:hi].strip():
            label = line.split(":", 1)[0]
            if label not in found:
                found.append(label)
    return found


def quotation_name(text_lf: str) -> str:
    """ATLAS.ti names a quotation after its first characters."""
    flat = " ".join(text_lf.split())
    return flat if len(flat) <= 40 else flat[:40] + "..."


def docx_bytes(text_lf: str) -> bytes:
    """A minimal Word document with one paragraph per line: ATLAS.ti's rich-text copy of the source."""
    paras = "".join(
        f'<w:p><w:r><w:t xml:space="preserve">{escape(line)}</w:t></w:r></w:p>' if line else "<w:p/>"
        for line in text_lf.split("\n")
    )
    document = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\r\n'
        '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
        f"<w:body>{paras}<w:sectPr/></w:body></w:document>"
    )
    content_types = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\r\n'
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        '<Override PartName="/word/document.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
        "</Types>"
    )
    rels = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\r\n'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" '
        'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
        'Target="word/document.xml"/></Relationships>'
    )
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in (
            ("[Content_Types].xml", content_types),
            ("_rels/.rels", rels),
            ("word/document.xml", document),
        ):
            info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            z.writestr(info, data.encode("utf-8"))
    return buf.getvalue()


# --------------------------------------------------------------------------------------------------


def build(xsd: Path) -> None:
    raw_dir = HERE / "raw"
    docs = {d["doc_id"]: d for d in DOCS}

    # 1. raw/ ----------------------------------------------------------------------------------
    for d in DOCS:
        n = len(d["turns"])
        assert 12 <= n <= 16, (d["doc_id"], n)
        p = raw_dir / d["path"]
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_bytes(raw_text(d).encode("utf-8"))
    with open(raw_dir / "documents.csv", "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["doc_id", "path", "place", "date", "method", "title"])
        for d in DOCS:
            w.writerow([d["doc_id"], d["path"], d["place"], d["date"], "interview", d["title"]])
    with open(raw_dir / "participants.csv", "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["participant_id", "names", "role", "place", "consent"])
        w.writerows(PARTICIPANTS)

    # 2. codebook.yaml -------------------------------------------------------------------------
    theme_ids = {t["id"] for a in CODEBOOK["areas"] for t in a["themes"]}
    assert len(CODEBOOK["areas"]) == 2 and len(theme_ids) == 6
    (HERE / "codebook.yaml").write_text(
        "# Held-out codebook for the ATLAS.ti case (workflow/schemas/codebook.schema.yaml).\n"
        + yaml.safe_dump(CODEBOOK, sort_keys=False, allow_unicode=True, width=100),
        encoding="utf-8",
    )

    # 3. the project ----------------------------------------------------------------------------
    u_coder, u_importer = guid("user", CODER), guid("user", IMPORTER)
    code_guid = {k: guid("code", k) for k in CODES}
    src_guid = {d["doc_id"]: guid("source", d["doc_id"]) for d in DOCS}
    copies = {d["doc_id"]: tool_copy_lf(d) for d in DOCS}

    def code_path(key: str) -> str:
        name, parent, *_ = CODES[key]
        return f"{code_path(parent)} > {name}" if parent else name

    # locate every selection in the tool's copy and give it its times
    sels, per_doc_count = [], {}
    for i, (doc_id, code, text_lf, comment) in enumerate(SELECTIONS):
        copy = copies[doc_id]
        assert copy.count(text_lf) == 1, f"selection {i} must occur exactly once in {doc_id}: {text_lf[:50]!r}"
        start = copy.index(text_lf)
        end = start + len(text_lf)
        k = per_doc_count.get(doc_id, 0)
        per_doc_count[doc_id] = k + 1
        y, m, day = T_CODING_DAY[doc_id]
        created = dt.datetime(y, m, day, 10, 2, 11) + dt.timedelta(minutes=6 * k + (k * 7) % 5, seconds=(k * 37) % 60)
        if doc_id == EDIT["doc_id"] and created >= T_EDIT:
            created += dt.timedelta(minutes=4)
        edited = False
        if doc_id == EDIT["doc_id"]:
            w0 = copy.index(EDIT["new"]) + EDIT["new"].index(EDIT["word"])
            edited = start < w0 + len(EDIT["word"]) and w0 < end
        sels.append(
            {
                "i": i,
                "doc_id": doc_id,
                "code": code,
                "text_lf": text_lf,
                "comment": comment,
                "start": start,
                "end": end,
                "created": created,
                "edited": edited,
                "guid": guid("selection", doc_id, str(i)),
                "coding_guid": guid("coding", doc_id, str(i)),
                "speakers": speakers_of(copy, start, end),
            }
        )
    assert 30 <= len(sels) <= 40, len(sels)
    assert sum(s["edited"] for s in sels) == 1
    assert any(s["speakers"] == ["Interviewer"] for s in sels)
    assert sum(len(s["speakers"]) == 2 for s in sels) >= 2

    L = ['<?xml version="1.0" encoding="utf-8"?>']
    L.append(
        f"<Project name={quoteattr(PROJECT_NAME)} origin={quoteattr(ORIGIN)} "
        f'creatingUserGUID="{u_importer}" creationDateTime="{stamp(T_PROJECT)}" '
        f'modifyingUserGUID="{u_coder}" modifiedDateTime="{stamp(T_EXPORT)}" '
        'xmlns="urn:QDA-XML:project:1.0">'
    )
    L.append("  <Users>")
    L.append(f'    <User guid="{u_importer}" name={quoteattr(IMPORTER)} />')
    L.append(f'    <User guid="{u_coder}" name={quoteattr(CODER)} />')
    L.append("  </Users>")

    L.append("  <CodeBook>")
    L.append("    <Codes>")

    def emit_code(key: str, depth: int) -> None:
        name, _parent, color, comment, _theme = CODES[key]
        pad = "  " * depth
        children = [k for k in CODE_ORDER if CODES[k][1] == key]
        head = f'{pad}<Code guid="{code_guid[key]}" name={quoteattr(name)} isCodable="true" color="{color}"'
        if not comment and not children:
            L.append(head + " />")
            return
        L.append(head + ">")
        if comment:
            L.append(f"{pad}  <Description>{escape(comment)}</Description>")
        for c in children:
            emit_code(c, depth + 1)
        L.append(f"{pad}</Code>")

    for key in CODE_ORDER:
        if CODES[key][1] is None:
            emit_code(key, 3)
    L.append("    </Codes>")
    L.append("  </CodeBook>")

    files: dict[str, bytes] = {}
    L.append("  <Sources>")
    for d in DOCS:
        doc_id, g = d["doc_id"], src_guid[d["doc_id"]]
        copy = copies[doc_id]
        files[f"sources/{g}.txt"] = to_crlf(copy).encode("utf-8")
        files[f"sources/{g}.docx"] = docx_bytes(copy)
        edited_doc = doc_id == EDIT["doc_id"]
        mod_user = u_coder if edited_doc else u_importer
        mod_time = T_EDIT if edited_doc else T_IMPORT
        L.append(
            f'    <TextSource guid="{g}" name={quoteattr(SOURCE_NAMES[doc_id])} '
            f'richTextPath="internal://{g}.docx" plainTextPath="internal://{g}.txt" '
            f'creatingUser="{u_importer}" creationDateTime="{stamp(T_IMPORT)}" '
            f'modifyingUser="{mod_user}" modifiedDateTime="{stamp(mod_time)}">'
        )
        for s in (s for s in sels if s["doc_id"] == doc_id):
            L.append(
                f'      <PlainTextSelection guid="{s["guid"]}" name={quoteattr(quotation_name(s["text_lf"]))} '
                f'startPosition="{s["start"]}" endPosition="{s["end"]}" '
                f'creatingUser="{u_coder}" creationDateTime="{stamp(s["created"])}" '
                f'modifyingUser="{u_coder}" modifiedDateTime="{stamp(s["created"])}">'
            )
            if s["comment"]:
                L.append(f"        <Description>{escape(s['comment'])}</Description>")
            L.append(
                f'        <Coding guid="{s["coding_guid"]}" creatingUser="{u_coder}" creationDateTime="{stamp(s["created"])}">'
            )
            L.append(f'          <CodeRef targetGUID="{code_guid[s["code"]]}" />')
            L.append("        </Coding>")
            L.append("      </PlainTextSelection>")
        L.append("    </TextSource>")
    L.append("  </Sources>")

    memo_guid = guid("note", "coding decisions")
    files[f"sources/{memo_guid}.txt"] = to_crlf(MEMO_TEXT).encode("utf-8")
    files[f"sources/{memo_guid}.docx"] = docx_bytes(MEMO_TEXT)
    L.append("  <Notes>")
    L.append(
        f'    <Note guid="{memo_guid}" name="Coding decisions" richTextPath="internal://{memo_guid}.docx" '
        f'plainTextPath="internal://{memo_guid}.txt" creatingUser="{u_coder}" creationDateTime="{stamp(T_MEMO)}" '
        f'modifyingUser="{u_coder}" modifiedDateTime="{stamp(T_MEMO)}" />'
    )
    L.append("  </Notes>")

    L.append("  <Sets>")
    for name, keys in CODE_GROUPS:
        L.append(f'    <Set guid="{guid("codegroup", name)}" name={quoteattr(name)}>')
        L.extend(f'      <MemberCode targetGUID="{code_guid[k]}" />' for k in keys)
        L.append("    </Set>")
    for name, ids in DOC_GROUPS:
        L.append(f'    <Set guid="{guid("docgroup", name)}" name={quoteattr(name)}>')
        L.extend(f'      <MemberSource targetGUID="{src_guid[i]}" />' for i in ids)
        L.append("    </Set>")
    L.append("  </Sets>")
    L.append("</Project>")
    qde = ("\r\n".join(L) + "\r\n").encode("utf-8")

    # validate the XML against the standard's schema
    try:
        import xmlschema  # noqa: PLC0415
    except ImportError:
        print("xmlschema is not installed: the .qde was NOT validated against Project.xsd", file=sys.stderr)
        validated = False
    else:
        schema = xmlschema.XMLSchema(str(xsd))
        errors = list(schema.iter_errors(qde.decode("utf-8")))
        if errors:
            for e in errors[:10]:
                print(e, file=sys.stderr)
            raise SystemExit("the .qde does not validate against Project.xsd")
        validated = True

    qde_name = f"{PROJECT_NAME}.qde"
    entries = [(qde_name, qde)] + sorted(files.items())
    out = HERE / "coded.qdpx"
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in entries:
            info = zipfile.ZipInfo(name, date_time=T_EXPORT.timetuple()[:6])
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            z.writestr(info, data)

    # 4. expected.yaml ----------------------------------------------------------------------------
    expected = {
        "tool": ORIGIN,
        "project": "coded.qdpx",
        "qde": qde_name,
        "coder": CODER,
        "positions": "characters of sources/<guid>.txt with each CRLF line end counted as one character",
        "selections": [],
    }
    for s in sels:
        crlf_text = to_crlf(s["text_lf"])
        expected["selections"].append(
            {
                "guid": s["guid"],
                "source": SOURCE_NAMES[s["doc_id"]],
                "doc_id": s["doc_id"],
                "code": code_path(s["code"]),
                "theme": CODES[s["code"]][4],
                "text": crlf_text,
                "speakers": s["speakers"],
                "edited": s["edited"],
                "start": s["start"],
                "end": s["end"],
            }
        )
    with open(HERE / "expected.yaml", "w", encoding="utf-8", newline="\n") as f:
        f.write(
            "# The intended coding of coded.qdpx, one entry per PlainTextSelection (written by make_heldout.py).\n"
            "# text: the exact selected characters of ATLAS.ti's copy (sources/<guid>.txt, CRLF line ends).\n"
            "# start/end: the project's startPosition/endPosition (a CRLF counts as one character).\n"
        )
        yaml.safe_dump(expected, f, sort_keys=False, allow_unicode=True, width=4096)

    # 5. check what was written, from the files alone ------------------------------------------------
    check(out, HERE / "expected.yaml", docs)
    print(
        f"wrote {out.relative_to(HERE.parent.parent)}: {len(DOCS)} sources, {len(sels)} selections, "
        f"{len(CODES)} codes; XSD {'valid' if validated else 'not checked'}"
    )


def check(qdpx: Path, expected_path: Path, docs: dict) -> None:
    import xml.etree.ElementTree as ET  # noqa: PLC0415

    ns = {"q": "urn:QDA-XML:project:1.0"}
    exp = yaml.safe_load(expected_path.read_text(encoding="utf-8"))
    with zipfile.ZipFile(qdpx) as z:
        qdes = [n for n in z.namelist() if n.endswith(".qde")]
        assert qdes == [exp["qde"]], qdes
        root = ET.fromstring(z.read(qdes[0]))
        by_guid = {}
        for src in root.findall("q:Sources/q:TextSource", ns):
            path = "sources/" + src.get("plainTextPath").removeprefix("internal://")
            crlf = z.read(path).decode("utf-8")
            assert "\r\n" in crlf and "\n" not in crlf.replace("\r\n", "")
            lf = crlf.replace("\r\n", "\n")
            for sel in src.findall("q:PlainTextSelection", ns):
                a, b = int(sel.get("startPosition")), int(sel.get("endPosition"))
                by_guid[sel.get("guid")] = (src.get("name"), lf, a, b)
    users = {u.get("guid"): u.get("name") for u in root.findall("q:Users/q:User", ns)}
    coders = {users[s.get("creatingUser")] for s in root.iter("{urn:QDA-XML:project:1.0}PlainTextSelection")}
    assert coders == {exp["coder"]}, coders
    assert len(by_guid) == len(exp["selections"])
    raw_by_id = {d: (HERE / "raw" / docs[d]["path"]).read_text(encoding="utf-8") for d in docs}
    for e in exp["selections"]:
        name, lf, a, b = by_guid[e["guid"]]
        assert name == e["source"]
        assert (a, b) == (e["start"], e["end"])
        assert lf[a:b].replace("\n", "\r\n") == e["text"], e["guid"]
        assert speakers_of(lf, a, b) == e["speakers"]
        in_raw = e["text"].replace("\r\n", "\n") in raw_by_id[e["doc_id"]]
        assert in_raw != e["edited"], (e["guid"], "only the edited selection's text is missing from the raw file")
    # the copy differs from the raw file only by line ends, the final newline and the one correction
    for d, raw in raw_by_id.items():
        copy = tool_copy_lf(docs[d])
        undo = copy.replace(EDIT["new"], EDIT["old"]) if d == EDIT["doc_id"] else copy
        assert undo + "\n" == raw, d


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--xsd", type=Path, default=DEFAULT_XSD, help="the REFI-QDA Project.xsd")
    args = ap.parse_args()
    build(args.xsd)


if __name__ == "__main__":
    main()

"""Build the NVivo-style REFI-QDA fixture in this folder.

    python tests/data/qdpx_nvivo/make_fixture.py

What it does (deterministically: fixed GUIDs, fixed dates, fixed zip timestamps):

1. writes raw/millbrook/MB_int02_volunteer_2024-03-19.docx (the one transcript the transcription
   service delivered as Word), from GARETH_TRANSCRIPT below;
2. makes NVivo's copy of each of the five transcripts as NVivo holds it after import: the document's
   paragraphs joined with Windows line ends (CRLF), no line end after the last paragraph; for the
   coordinator's interview, with the team's in-NVivo correction applied (EDIT below);
3. finds every intended selection (SELECTIONS below) in NVivo's copy of its source, as NVivo knew
   it: startPosition / endPosition are Unicode character offsets (code points) into that copy,
   CRLF counting as two characters, endPosition exclusive; checks that each text occurs exactly
   once, that it lies in the speaker turns the intent says, and that it can (or, for the edited
   words, cannot) be found in the raw file;
4. writes coded.qdpx (project.qde + Sources/<guid>.txt + Sources/<guid>.docx) and validates
   project.qde against the REFI-QDA schema when xmlschema and the schema are to hand;
5. writes expected.yaml from the intent (the checks in 3 only confirm it).

The raw .txt transcripts, documents.csv, participants.csv and codebook.yaml are hand-written
files in this folder; this script reads the .txt transcripts and never rewrites them.
"""

from __future__ import annotations

import io
import json
import re
import sys
import uuid
import zipfile
from dataclasses import dataclass
from pathlib import Path
from xml.sax.saxutils import escape

HERE = Path(__file__).resolve().parent
RAW = HERE / "raw"
SCHEMA = Path("/work/shared/refi-qda/Project.xsd")

NS = uuid.UUID("6d1f3a52-4c1e-4b8e-9a51-0f2a7c9e1b44")


def guid(key: str) -> str:
    """A fixed GUID for a fixture object: random-looking version-4 GUIDs as NVivo makes them (lower
    case, no braces), derived from a name so that every run gives the same ones."""
    return str(uuid.UUID(bytes=uuid.uuid5(NS, "qdpx_nvivo/" + key).bytes, version=4))


ZIP_TIME = (2024, 6, 28, 16, 40, 12)  # when the team exported the project from NVivo

PROJECT_NAME = "Food Share Evaluation 2024"
ORIGIN = "NVivo 14"
PROJECT_CREATED = "2024-05-20T09:58:02Z"

# ---------------------------------------------------------------------------------------------
# Users: the lead researcher and the second coder (NVivo user profiles: a name; initials HM, TB)
# ---------------------------------------------------------------------------------------------
USERS = {
    "HM": {"name": "Helen Marsh", "role": "lead"},
    "TB": {"name": "Tom Baxter", "role": "second"},
}
for _k, _u in USERS.items():
    _u["guid"] = guid("user/" + _k)

# ---------------------------------------------------------------------------------------------
# The code tree (NVivo "Codes"; every NVivo code is codable). theme = the codebook theme id the
# code belongs to (None: an area folder or a code that matches no theme).
# ---------------------------------------------------------------------------------------------


@dataclass
class Code:
    name: str
    theme: str | None
    color: str | None = None
    description: str | None = None
    children: tuple = ()


CODE_TREE = (
    Code(
        "Running the service",
        None,
        "#1F4E79",
        "Grouping code for the codebook area 'Running the service'. Code to the codes below it.",
        (
            Code(
                "Funding uncertainty",
                "funding_uncertainty",
                "#2E75B6",
                "Short-term, late or insecure money and what it does to planning.",
                (
                    Code("Short-term grants", "funding_uncertainty", "#9DC3E6"),
                    Code("Fundraising", "funding_uncertainty", "#9DC3E6"),
                ),
            ),
            Code(
                "Volunteer burnout", "volunteer_burnout", "#C55A11", "Volunteers tired, over-stretched, stepping back."
            ),
            Code(
                "Premises and logistics",
                "premises_logistics",
                "#7F6000",
                None,
                (Code("Storage and fridges", "premises_logistics", "#BF9000"),),
            ),
            Code(
                "Working with partners",
                "partnership_working",
                "#548235",
                None,
                (Code("Referrals", "partnership_working", "#A9D18E"),),
            ),
        ),
    ),
    Code(
        "People using the service",
        None,
        "#7030A0",
        "Grouping code for the codebook area 'People using the service'.",
        (
            Code("Stigma and dignity", "stigma_dignity", "#B4009E"),
            Code(
                "Social connection",
                "social_connection",
                "#00B0F0",
                None,
                (Code("Loneliness", "social_connection", "#9BE5FF"),),
            ),
            Code(
                "Rising need and cost of living",
                "rising_need",
                "#C00000",
                None,
                (Code("Energy bills", "rising_need", "#FF7C80"),),
            ),
            Code("Choice and quality of food", "food_choice", "#00B050"),
        ),
    ),
    Code("Good quotes", None, "#FFC000", "Quotable lines for the report. Not a theme."),
)


def walk_codes(codes=CODE_TREE, prefix=""):
    for c in codes:
        path = f"{prefix} > {c.name}" if prefix else c.name
        yield path, c
        yield from walk_codes(c.children, path)


CODE_PATHS = {path: c for path, c in walk_codes()}
for _path in CODE_PATHS:
    CODE_PATHS[_path].guid = guid("code/" + _path)

# ---------------------------------------------------------------------------------------------
# The one transcript delivered as .docx: a "Name  m:ss" paragraph, then the text paragraph(s).
# (Written here as lines; each non-empty line becomes one Word paragraph.)
# ---------------------------------------------------------------------------------------------
GARETH_TRANSCRIPT = """\
Interviewer  0:00
Okay, that's recording. Thanks for coming in, Gareth. Can you start by telling me how you got involved?

Gareth Lyle  0:07
Sure. So I retired from the council, highways, in 2022, and my wife said, you need something to do or you'll drive me mad. [laughs] A mate from the bowls club was already doing the collections, so I started going round with him in the van on a Friday, picking up from the supermarkets, and it sort of grew from there. Now I do Fridays and most Tuesdays, and I cover when someone's off.

Interviewer  0:34
What does a typical Friday look like?

Gareth Lyle  0:37
Start at eight at the Tesco on the ring road, then the Co-op, then the bakery on Mill Street if they've got anything. Then back to the hall and unload. The van's borrowed, it belongs to the church, so we have to have it back by twelve for their lunch club, which makes it a bit of a scramble. Some weeks we're turning stuff away because we can't get it back and into the freezers in time. It's daft, really. Good food, and nowhere to put it.

Interviewer  1:10
How do you find the volunteering itself?

Gareth Lyle  1:13
I love it, most of the time. The people are great, the other volunteers I mean, and the folk who come in. You get to know them. There's an old chap, comes every week, doesn't really need much, I think he just comes for the cup of tea and a natter, and that's fine, that's half of what it's for if you ask me. But it's more than I signed up for now. It was meant to be a morning a week.

Interviewer  1:44
More than you signed up for, in what way?

Gareth Lyle  1:47
Well, it creeps, doesn't it. Somebody's poorly, can you do Tuesday. The new lad hasn't got his DBS through, can you do the delivery round. And you say yes because if you don't, people don't get their food. I'm not complaining, exactly. But there's a few of us holding the whole thing up, and we're not getting any younger. I had a bit of a wobble with my heart last autumn and my wife put her foot down, said two days and that's it. I've mostly stuck to it.

Interviewer  2:25
Do you feel supported by the organisation?

Gareth Lyle  2:29
Dawn's brilliant, she'd do anything for you. But she's stretched too. There's no, like, proper induction or anything, you just learn from whoever's on. And you can tell when money's tight because there's a lot of talk about whether we'll still be here next year, and that gets to people. You don't want to give your time to something that might just stop.

Interviewer  2:55
What about the people using the service, what do you hear from them?

Gareth Lyle  2:59
Prices, mainly. People say they used to be able to manage and now they can't, the electric and the rent went up and the wages didn't. We've had a couple of people I recognised from the council, from my old job, and you could see they were mortified. I just treat them the same as anybody. Nobody wants a fuss made. Oh, and they ask for fresh stuff. Tins are fine, but people want veg, milk, eggs, and that's exactly what we struggle to store.

Interviewer  3:35
If you could change one thing?

Gareth Lyle  3:38
A proper walk-in fridge and our own van. Then half my worries go away. And maybe a few more younger ones on the rota, so it's not all us old codgers.

Interviewer  3:49
Brilliant, thank you.
"""

# ---------------------------------------------------------------------------------------------
# The five sources. name: the source's name in NVivo (the file name without extension, as NVivo
# names an imported file, except the focus group, which the team renamed in NVivo).
# ---------------------------------------------------------------------------------------------


@dataclass
class Source:
    key: str
    doc_id: str
    path: str  # relative to raw/
    name: str
    imported: str  # creationDateTime in NVivo
    modified: str  # modifiedDateTime in NVivo
    text: str = ""  # NVivo's copy (CRLF)
    raw_text: str = ""  # the raw file's text, as a reader of the raw file sees it (LF)

    @property
    def guid(self) -> str:
        return guid("source/" + self.key)


SOURCES = [
    Source(
        "mb-int-01",
        "mb-int-01",
        "millbrook/MB_int01_coordinator_2024-03-12.txt",
        "MB_int01_coordinator_2024-03-12",
        "2024-05-20T10:02:14Z",
        "2024-06-03T09:05:41Z",
    ),
    Source(
        "mb-int-02",
        "mb-int-02",
        "millbrook/MB_int02_volunteer_2024-03-19.docx",
        "MB_int02_volunteer_2024-03-19",
        "2024-05-20T10:02:15Z",
        "2024-05-20T10:02:15Z",
    ),
    Source(
        "sc-int-01",
        "sc-int-01",
        "saltney_cross/SC_int01_member_2024-04-09.txt",
        "SC_int01_member_2024-04-09",
        "2024-05-20T10:02:16Z",
        "2024-05-20T10:02:16Z",
    ),
    Source(
        "sc-int-02",
        "sc-int-02",
        "saltney_cross/SC_int02_centre_worker_2024-04-16.txt",
        "SC_int02_centre_worker_2024-04-16",
        "2024-05-20T10:02:17Z",
        "2024-05-20T10:02:17Z",
    ),
    Source(
        "mb-fg-01",
        "mb-fg-01",
        "millbrook/MB_fg01_volunteers_2024-05-02.txt",
        "FG - Millbrook volunteers",
        "2024-05-20T10:02:18Z",
        "2024-05-20T10:11:03Z",
    ),
]
SOURCE_BY_KEY = {s.key: s for s in SOURCES}

# The team's correction in NVivo (edit mode) after import, in turn 6 of the coordinator's
# interview: the transcriber's "[inaudible]" replaced by the funder's name, checked against the
# recording. The raw file was never changed.
EDIT = {
    "source": "mb-int-01",
    "turn": 6,
    "raw": "a grant from [inaudible] and that runs out",
    "project": "a grant from the Hollins Trust and that runs out",
    "raw_excerpt": "My post is paid for by a grant from [inaudible] and that runs out at the end of March next year",
    "project_excerpt": "My post is paid for by a grant from the Hollins Trust and that runs out at the end of March next year",
}

# ---------------------------------------------------------------------------------------------
# The coding, as the team did it. One code per selection (NVivo writes one PlainTextSelection per
# coding reference). text: exactly what was selected in NVivo's copy ("\r\n" where the selection
# crosses a line end). turns: the 1-based speaker turns (every turn counted, the interviewer's
# included) the selection lies in.
# (source, user, code path, turns, text[, edited])
# ---------------------------------------------------------------------------------------------
A1 = "Running the service"
A2 = "People using the service"
FUND = f"{A1} > Funding uncertainty"
BURN = f"{A1} > Volunteer burnout"
PREM = f"{A1} > Premises and logistics"
PART = f"{A1} > Working with partners"
STIG = f"{A2} > Stigma and dignity"
SOC = f"{A2} > Social connection"
NEED = f"{A2} > Rising need and cost of living"
FOOD = f"{A2} > Choice and quality of food"
QUOTES = "Good quotes"

CRLF = "\r\n"

SELECTIONS = [
    # --- mb-int-01: Dawn Pritchard, coordinator (edited in NVivo, turn 6) -----------------------
    (
        "mb-int-01",
        "HM",
        NEED,
        [4],
        "When I started we were doing maybe thirty, thirty-five households on a Tuesday. Last week it was eighty-one.",
    ),
    (
        "mb-int-01",
        "HM",
        NEED + " > Energy bills",
        [4],
        "The energy bills were the big thing last winter — people were choosing between heating and eating, "
        "literally, I had a woman tell me she'd been going to bed at seven to keep warm.",
    ),
    (
        "mb-int-01",
        "HM",
        FUND + " > Short-term grants",
        [6],
        "My post is paid for by a grant from the Hollins Trust and that runs out at the end of March next year, "
        "and honestly I don't know what happens after that.",
        True,
    ),
    (
        "mb-int-01",
        "HM",
        FUND,
        [6],
        "Everything we get is one year, eighteen months if we're lucky. So you spend half your time writing the "
        "next bid before you've even started the thing the last bid paid for.",
    ),
    (
        "mb-int-01",
        "HM",
        FUND + " > Fundraising",
        [6],
        "The church gives us the hall for a peppercorn, and we do a bit of fundraising, quiz nights, the bucket "
        "at the Co-op at Christmas, but that's hundreds, not thousands.",
    ),
    (
        "mb-int-01",
        "HM",
        FUND,
        [7, 8],
        "What does that uncertainty mean for you personally?"
        + CRLF
        + CRLF
        + "Dawn Pritchard  2:42"
        + CRLF
        + "It means I don't sleep great in February, put it that way. [laughs] No, seriously, it's hard to plan. "
        "I can't promise the volunteers anything, I can't say to the school, yes, we'll definitely do the holiday "
        "lunches in August, because I don't know if I'll be here in August. And you feel a bit of a fraud asking "
        "people to commit when you can't commit yourself.",
    ),
    ("mb-int-01", "HM", BURN, [9], "You mentioned volunteers. How are they doing?"),
    (
        "mb-int-01",
        "HM",
        BURN,
        [10],
        "Honestly? Tired. We've got a core of about twelve who are brilliant, and most of them are retired, and "
        "they're doing two, three shifts a week because there's nobody else. Pat's been here since it started and "
        "she's seventy-four. I worry about them, I really do. Two people stepped back after Christmas and they "
        "both said the same thing, it's just too much, it's relentless. What would actually help is a second paid "
        "person, even ten hours, so it's not all landing on the same people. I've put that in the bid. We'll see.",
    ),
    (
        "mb-int-01",
        "HM",
        PREM + " > Storage and fridges",
        [12],
        "When Tesco give us a big chilled donation on a Friday there's genuinely nowhere to put it, so either it "
        "goes out the door that afternoon or it goes in the bin, and that kills me.",
    ),
    (
        "mb-int-01",
        "HM",
        STIG,
        [14],
        "So we've tried to make it not feel like a handout, we moved to the pantry model last year, where you pick "
        "what you want off the shelves and pay £3 for your shop. It sounds small but people say it feels "
        "different, like they're shopping, not being given a parcel. It gives people a bit of pride back, I think.",
    ),
    (
        "mb-int-01",
        "HM",
        FUND,
        [16],
        "Three-year funding. Honestly. Just knowing we'll be here. Everything else, the fridge, the volunteers, "
        "the space, we can sort if we know we're not going to fold in eighteen months.",
    ),
    # --- mb-int-02: Gareth Lyle, volunteer driver (.docx); lead and second coder ---------------
    (
        "mb-int-02",
        "HM",
        PREM,
        [4],
        "The van's borrowed, it belongs to the church, so we have to have it back by twelve for their lunch club, "
        "which makes it a bit of a scramble.",
    ),
    (
        "mb-int-02",
        "HM",
        SOC + " > Loneliness",
        [6],
        "There's an old chap, comes every week, doesn't really need much, I think he just comes for the cup of "
        "tea and a natter, and that's fine, that's half of what it's for if you ask me.",
    ),
    (
        "mb-int-02",
        "HM",
        BURN,
        [8],
        "Well, it creeps, doesn't it. Somebody's poorly, can you do Tuesday. The new lad hasn't got his DBS "
        "through, can you do the delivery round. And you say yes because if you don't, people don't get their "
        "food. I'm not complaining, exactly. But there's a few of us holding the whole thing up, and we're not "
        "getting any younger. I had a bit of a wobble with my heart last autumn and my wife put her foot down, "
        "said two days and that's it. I've mostly stuck to it.",
    ),
    (
        "mb-int-02",
        "HM",
        STIG,
        [12],
        "We've had a couple of people I recognised from the council, from my old job, and you could see they "
        "were mortified. I just treat them the same as anybody. Nobody wants a fuss made.",
    ),
    (
        "mb-int-02",
        "HM",
        FOOD,
        [12],
        "Oh, and they ask for fresh stuff. Tins are fine, but people want veg, milk, eggs, and that's exactly "
        "what we struggle to store.",
    ),
    (
        "mb-int-02",
        "TB",
        BURN,
        [8],
        "But there's a few of us holding the whole thing up, and we're not getting any younger.",
    ),
    (
        "mb-int-02",
        "TB",
        NEED,
        [12],
        "Prices, mainly. People say they used to be able to manage and now they can't, the electric and the rent "
        "went up and the wages didn't.",
    ),
    ("mb-int-02", "TB", STIG, [12], "you could see they were mortified"),
    (
        "mb-int-02",
        "TB",
        PREM + " > Storage and fridges",
        [14],
        "A proper walk-in fridge and our own van. Then half my worries go away. And maybe a few more younger ones "
        "on the rota, so it's not all us old codgers.",
    ),
    # --- sc-int-01: Shona Whitlock, pantry member -------------------------------------------------
    (
        "sc-int-01",
        "HM",
        PART + " > Referrals",
        [2],
        "Mrs Akhtar, she's the family support worker at my youngest's school, she could see I was struggling, I "
        "think, and she said have you heard about the pantry on a Wednesday at the community centre. And I said "
        "no, because honestly I didn't want to hear about it. I'd always managed. But she gave me a referral slip "
        "and kept asking, nicely, and in the end I went.",
    ),
    # a whole paragraph selected by triple-click: the paragraph's line end comes with it
    (
        "sc-int-01",
        "HM",
        STIG,
        [4],
        "Horrible, if I'm honest. Not because of them, they were lovely. Just me. I sat in the car for about ten "
        "minutes. I kept thinking somebody would see me, one of the other mums. And then when I went in, the "
        "woman on the door, Lorraine, she just said hiya, grab a basket, like it was the corner shop, and I "
        "could've cried. It was so normal. That made a massive difference." + CRLF,
    ),
    (
        "sc-int-01",
        "HM",
        NEED + " > Energy bills",
        [6],
        "My gas and electric nearly doubled, I'm on a prepayment meter so you see it going in real time, which is "
        "awful.",
    ),
    ("sc-int-01", "HM", QUOTES, [6], "I was skipping meals so they could have tea. You don't tell anyone that."),
    (
        "sc-int-01",
        "HM",
        FOOD,
        [8],
        "Which matters, because my middle one's got a dairy allergy, so a parcel full of stuff he can't eat is no "
        "good to me.",
    ),
    (
        "sc-int-01",
        "HM",
        SOC + " > Loneliness",
        [10],
        "It is. When you're skint you stop going out, don't you. You can't go for a coffee, you can't do the soft "
        "play. So you just end up in the house. The Wednesday thing is the only time some weeks I talk to an adult "
        "who isn't at work. Sounds sad when I say it out loud.",
    ),
    (
        "sc-int-01",
        "HM",
        STIG,
        [14],
        "Just that people shouldn't be ashamed. I was, and I wasted months being too proud.",
    ),
    # --- sc-int-02: Kwame Asante, community development worker ----------------------------------
    ("sc-int-02", "HM", PART + " > Referrals", [3], "How do referrals into the pantry work?"),
    (
        "sc-int-02",
        "HM",
        PART + " > Referrals",
        [4],
        "The schools are our biggest referrer, the two primaries especially. Then Citizens Advice, the health "
        "visitors, the housing officers.",
    ),
    (
        "sc-int-02",
        "HM",
        PART,
        [4],
        "The partnership with the schools has been the making of it. Their family workers know who's struggling "
        "way before anyone else does.",
    ),
    (
        "sc-int-02",
        "HM",
        FUND + " > Short-term grants",
        [6],
        "that's all on a twelve-month grant from the council's household support money, and every year it's "
        "announced late.",
    ),
    # one answer split by the transcription service into two consecutive turns of the same speaker
    (
        "sc-int-02",
        "HM",
        NEED,
        [8, 9],
        "The biggest change is working families. People in care jobs, retail, a few self-employed people, people "
        "you'd never have imagined needing us five years ago."
        + CRLF
        + CRLF
        + "Kwame Asante  2:14"
        + CRLF
        + "And more older people this winter, which I hadn't expected, pensioners who were frightened of the "
        "heating bills. A couple of them told me they'd been sitting in the library all day to stay warm.",
    ),
    (
        "sc-int-02",
        "HM",
        STIG,
        [11],
        "Food banks do amazing work but a lot of people here told us they felt judged going to one, having to "
        "show a voucher, queuing outside where everyone can see.",
    ),
    (
        "sc-int-02",
        "HM",
        BURN,
        [13],
        "The risk is people burn out, especially the ones who are dealing with their own stuff at home.",
    ),
    (
        "sc-int-02",
        "HM",
        SOC,
        [15],
        "We've started a Thursday cook-and-eat in the café, and the conversations there are brilliant. People "
        "swap recipes, they talk about their kids. That's where the community bit really happens.",
    ),
    # --- mb-fg-01: focus group, three Millbrook volunteers (renamed in NVivo) ---------------------
    (
        "mb-fg-01",
        "HM",
        SOC + " > Loneliness",
        [6],
        "Some of the folk who come for lunch, they're on their own, they've nobody. There's one lady, she comes "
        "in her best coat every Thursday, it's her outing for the week.",
    ),
    ("mb-fg-01", "HM", QUOTES, [6], "It's not about the food really, it's about sitting down together."),
    # selected from the speaker's name line down to the end of the answer
    (
        "mb-fg-01",
        "HM",
        BURN,
        [9],
        "Pat Hennessy  1:50" + CRLF + "The numbers. When we started it was a handful of regulars. Now the queue's "
        "out the door by half nine and it's the same dozen of us doing it. I'm seventy-four and some weeks I'm in "
        "three, four days. My knees don't thank me. I keep saying I'll cut down and then somebody rings, and you "
        "can't say no, can you.",
    ),
    (
        "mb-fg-01",
        "HM",
        BURN,
        [10],
        "I did six days straight over Christmas and by New Year I was wiped out, properly exhausted.",
    ),
    ("mb-fg-01", "HM", PREM + " > Storage and fridges", [11], "We've got one fridge. One. For forty lunches."),
    (
        "mb-fg-01",
        "HM",
        STIG,
        [13],
        "Some of them are embarrassed, you can see it. They keep their hood up. We had a gentleman last month, "
        "he'd been a manager at the old biscuit factory, and he said to me, I used to give to the food bank "
        "collection at work, and now look at me. I just said, love, that's exactly why we're here, you paid in, "
        "now you're drawing out. He laughed, but you could see it hurt.",
    ),
    (
        "mb-fg-01",
        "HM",
        FUND + " > Short-term grants",
        [15],
        "Stop making Dawn write a new bid every year. She spends weeks on it. Give us three years and let her get "
        "on with running the place.",
    ),
    # the same words coded a second time, to another code (a second coding reference, same span)
    (
        "mb-fg-01",
        "HM",
        QUOTES,
        [15],
        "Stop making Dawn write a new bid every year. She spends weeks on it. Give us three years and let her get "
        "on with running the place.",
    ),
    (
        "mb-fg-01",
        "TB",
        SOC,
        [7],
        "After the redundancy I was in a bad way, if I'm honest. You feel useless. Here, people are glad to see "
        "you, they ask after you if you're not in. That's worth a lot.",
    ),
    (
        "mb-fg-01",
        "TB",
        BURN,
        [16],
        "And pay somebody to organise the volunteers. We're held together with goodwill and sticky tape, and the "
        "goodwill's wearing a bit thin.",
    ),
]

# When each user coded each source (the first coding; later ones follow at CODING_STEP seconds).
CODING_START = {
    ("mb-int-01", "HM"): "2024-06-03T09:21:07",
    ("mb-int-02", "HM"): "2024-06-04T13:40:22",
    ("sc-int-01", "HM"): "2024-06-05T10:03:51",
    ("sc-int-02", "HM"): "2024-06-06T14:17:09",
    ("mb-fg-01", "HM"): "2024-06-10T09:48:35",
    ("mb-int-02", "TB"): "2024-06-18T11:02:44",
    ("mb-fg-01", "TB"): "2024-06-18T11:36:10",
}
CODING_STEP = 97

# ---------------------------------------------------------------------------------------------


def read_docx_paragraphs(path: Path) -> list[str]:
    import docx

    return [p.text for p in docx.Document(str(path)).paragraphs]


def normalise_zip(data: bytes) -> bytes:
    """Rewrite a zip with every entry's timestamp fixed (python-docx stamps the current time)."""
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            zi = zipfile.ZipInfo(info.filename, date_time=(2024, 3, 21, 9, 30, 0))
            zi.compress_type = zipfile.ZIP_DEFLATED
            zi.create_system = 0
            zi.external_attr = 0
            dst.writestr(zi, src.read(info.filename))
    return out.getvalue()


def write_raw_docx(path: Path) -> None:
    import datetime

    import docx

    d = docx.Document()
    for line in GARETH_TRANSCRIPT.split("\n"):
        if line.strip():
            d.add_paragraph(line)
    cp = d.core_properties
    stamp = datetime.datetime(2024, 3, 21, 9, 30, 0)
    cp.author = "ClearScript Transcription"
    cp.last_modified_by = "ClearScript Transcription"
    cp.title = "Interview - Gareth Lyle - 19 March 2024"
    cp.created = stamp
    cp.modified = stamp
    cp.revision = 1
    buf = io.BytesIO()
    d.save(buf)
    path.write_bytes(normalise_zip(buf.getvalue()))


def nvivo_copy(paragraphs: list[str]) -> str:
    """NVivo's plain text of a document: its paragraphs joined with CRLF."""
    return CRLF.join(paragraphs)


LABEL = re.compile(r"^(?P<name>\S.*?)  (?P<ts>\d{1,2}:\d{2}(?::\d{2})?)$")


def turns_of(text: str, newline: str) -> list[dict]:
    """Speaker turns of a transcript: [{n, speaker, start, end}] with [start, end) running from the
    label line's first character to the end of the turn's last non-empty line."""
    turns = []
    pos = 0
    for line in text.split(newline):
        m = LABEL.match(line)
        if m:
            turns.append({"n": len(turns) + 1, "speaker": m["name"], "start": pos, "end": pos + len(line)})
        elif line.strip() and turns:
            turns[-1]["end"] = pos + len(line)
        pos += len(line) + len(newline)
    return turns


def word_count(s: str) -> int:
    return len(re.findall(r"\w[\w'’-]*", s))


def build_sources() -> None:
    for s in SOURCES:
        raw_path = RAW / s.path
        if raw_path.suffix == ".docx":
            paragraphs = read_docx_paragraphs(raw_path)
            s.raw_text = "\n".join(paragraphs)
        else:
            raw = raw_path.read_bytes().decode("utf-8")
            assert "\r" not in raw and not raw.startswith("\ufeff"), s.path
            s.raw_text = raw
            body = raw[:-1] if raw.endswith("\n") else raw
            if s.key == EDIT["source"]:
                assert body.count(EDIT["raw"]) == 1
                body = body.replace(EDIT["raw"], EDIT["project"])
            paragraphs = body.split("\n")
        s.text = nvivo_copy(paragraphs)


def place_selections() -> list[dict]:
    out = []
    seen_per = {}
    for i, row in enumerate(SELECTIONS, 1):
        key, user, code, turns, text = row[:5]
        edited = bool(row[5]) if len(row) > 5 else False
        s = SOURCE_BY_KEY[key]
        assert code in CODE_PATHS, code
        start = s.text.find(text)
        assert start >= 0, f"selection {i} not found in NVivo's copy of {key}: {text[:60]!r}"
        # exactly one place in the text (the same span may be coded twice, to two codes)
        assert s.text.find(text, start + 1) == -1, f"selection {i} occurs more than once in {key}"
        end = start + len(text)
        # the turns it lies in, by the transcript's own labels
        tt = turns_of(s.text, CRLF)
        hit = [t for t in tt if t["start"] < end and start < t["end"]]
        assert [t["n"] for t in hit] == turns, (i, key, [t["n"] for t in hit], turns)
        speakers = []
        for t in hit:
            if t["speaker"] not in speakers:
                speakers.append(t["speaker"])
        # can the words be found in the raw file (line ends as the raw file has them)?
        in_raw = text.replace(CRLF, "\n") in s.raw_text
        assert in_raw == (not edited), (i, key, "edited" if edited else "not edited", in_raw)
        if edited:
            assert EDIT["project"] in text and key == EDIT["source"] and turns == [EDIT["turn"]]
        n = seen_per.get((key, user), 0)
        seen_per[(key, user)] = n + 1
        created = _timestamp(CODING_START[(key, user)], n * CODING_STEP)
        out.append(
            {
                "i": i,
                "key": key,
                "user": user,
                "code": code,
                "turns": turns,
                "text": text,
                "edited": edited,
                "start": start,
                "end": end,
                "speakers": speakers,
                "created": created,
                "guid": guid(f"selection/{i:02d}"),
                "coding_guid": guid(f"coding/{i:02d}"),
            }
        )
    return out


def _timestamp(base: str, plus_seconds: int) -> str:
    import datetime

    t = datetime.datetime.fromisoformat(base) + datetime.timedelta(seconds=plus_seconds)
    return t.strftime("%Y-%m-%dT%H:%M:%SZ")


# ---------------------------------------------------------------------------------------------
# project.qde, laid out as NVivo for Windows writes it (.NET XmlSerializer style: utf-8
# declaration, xmlns:xsd declared, two-space indent, " />", CRLF line ends)
# ---------------------------------------------------------------------------------------------


def attr(**kw) -> str:
    parts = []
    for k, v in kw.items():
        if v is None:
            continue
        parts.append(f'{k}="{escape(str(v), {chr(34): "&quot;"})}"')
    return " ".join(parts)


def code_xml(c: Code, path: str, depth: int, lines: list[str]) -> None:
    pad = "  " * depth
    a = attr(guid=c.guid, name=c.name, isCodable="true", color=c.color)
    if not c.description and not c.children:
        lines.append(f"{pad}<Code {a} />")
        return
    lines.append(f"{pad}<Code {a}>")
    if c.description:
        lines.append(f"{pad}  <Description>{escape(c.description)}</Description>")
    for ch in c.children:
        code_xml(ch, f"{path} > {ch.name}", depth + 1, lines)
    lines.append(f"{pad}</Code>")


def project_qde(selections: list[dict]) -> str:
    lead = USERS["HM"]["guid"]
    L = ['<?xml version="1.0" encoding="utf-8"?>']
    L.append(
        '<Project xmlns:xsd="http://www.w3.org/2001/XMLSchema" '
        + attr(name=PROJECT_NAME, origin=ORIGIN, creatingUserGUID=lead, creationDateTime=PROJECT_CREATED, basePath="")
        + ' xmlns="urn:QDA-XML:project:1.0">'
    )
    L.append("  <Users>")
    for u in USERS.values():
        L.append(f"    <User {attr(guid=u['guid'], name=u['name'])} />")
    L.append("  </Users>")
    L.append("  <CodeBook>")
    L.append("    <Codes>")
    for c in CODE_TREE:
        code_xml(c, c.name, 3, L)
    L.append("    </Codes>")
    L.append("  </CodeBook>")
    L.append("  <Sources>")
    for s in SOURCES:
        L.append(
            "    <TextSource "
            + attr(
                guid=s.guid,
                name=s.name,
                richTextPath=f"internal://{s.guid}.docx",
                plainTextPath=f"internal://{s.guid}.txt",
                creatingUser=lead,
                creationDateTime=s.imported,
                modifyingUser=lead,
                modifiedDateTime=s.modified,
            )
            + ">"
        )
        # NVivo lists a source's coding references node by node, in the order they were made
        mine = [x for x in selections if x["key"] == s.key]
        mine.sort(key=lambda x: (x["created"], x["i"]))
        for x in mine:
            u = USERS[x["user"]]["guid"]
            L.append(
                "      <PlainTextSelection "
                + attr(
                    guid=x["guid"],
                    name="",
                    startPosition=x["start"],
                    endPosition=x["end"],
                    creatingUser=u,
                    creationDateTime=x["created"],
                    modifyingUser=u,
                    modifiedDateTime=x["created"],
                )
                + ">"
            )
            L.append(
                "        <Coding " + attr(guid=x["coding_guid"], creatingUser=u, creationDateTime=x["created"]) + ">"
            )
            L.append(f"          <CodeRef {attr(targetGUID=CODE_PATHS[x['code']].guid)} />")
            L.append("        </Coding>")
            L.append("      </PlainTextSelection>")
        L.append("    </TextSource>")
    L.append("  </Sources>")
    L.append("</Project>")
    return CRLF.join(L)


# ---------------------------------------------------------------------------------------------
# Sources/<guid>.docx: NVivo's rich-text copy, a minimal WordprocessingML package
# ---------------------------------------------------------------------------------------------
CT = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\r\n'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/word/document.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
    "</Types>"
)
RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\r\n'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" '
    'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
    'Target="word/document.xml"/></Relationships>'
)


def rich_docx(text: str) -> bytes:
    body = []
    for p in text.split(CRLF):
        if p:
            body.append(f'<w:p><w:r><w:t xml:space="preserve">{escape(p)}</w:t></w:r></w:p>')
        else:
            body.append("<w:p/>")
    doc = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\r\n'
        '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>'
        + "".join(body)
        + "<w:sectPr/></w:body></w:document>"
    )
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        for name, data in (("[Content_Types].xml", CT), ("_rels/.rels", RELS), ("word/document.xml", doc)):
            zi = zipfile.ZipInfo(name, date_time=ZIP_TIME)
            zi.compress_type = zipfile.ZIP_DEFLATED
            zi.create_system = 0
            z.writestr(zi, data.encode("utf-8"))
    return out.getvalue()


def write_qdpx(path: Path, qde: str) -> None:
    entries = [("project.qde", qde.encode("utf-8"))]
    for s in SOURCES:
        entries.append((f"Sources/{s.guid}.txt", s.text.encode("utf-8")))
        entries.append((f"Sources/{s.guid}.docx", rich_docx(s.text)))
    with zipfile.ZipFile(path, "w") as z:
        for name, data in entries:
            zi = zipfile.ZipInfo(name, date_time=ZIP_TIME)
            zi.compress_type = zipfile.ZIP_DEFLATED
            zi.create_system = 0
            zi.external_attr = 0x20  # FILE_ATTRIBUTE_ARCHIVE, as a Windows zipper sets it
            z.writestr(zi, data)


def validate(qde: str) -> None:
    try:
        import xmlschema
    except ImportError:
        print("xmlschema not installed: project.qde not validated", file=sys.stderr)
        return
    if not SCHEMA.exists():
        print(f"{SCHEMA} not found: project.qde not validated", file=sys.stderr)
        return
    xmlschema.XMLSchema(str(SCHEMA)).validate(qde)
    print(f"project.qde validates against {SCHEMA}")


# ---------------------------------------------------------------------------------------------
# expected.yaml
# ---------------------------------------------------------------------------------------------


def q(s) -> str:
    """A YAML double-quoted scalar (JSON string syntax is a subset of it)."""
    return json.dumps(s, ensure_ascii=False)


def expected_yaml(selections: list[dict]) -> str:
    L = [
        "# What coded.qdpx holds, written from the fixture's intended coding (make_fixture.py).",
        "# Positions: Unicode code points into NVivo's copy of the source (Sources/<guid>.txt, CRLF",
        "# line ends, each CRLF two characters), endPosition exclusive. turns: 1-based speaker turns,",
        "# counting every turn, the interviewer's included.",
        f"project: {q(PROJECT_NAME)}",
        f"origin: {q(ORIGIN)}",
        "interviewer_label: Interviewer",
        "coders:",
    ]
    for u in USERS.values():
        L.append(f"  {q(u['name'])}: {u['role']}")
    L.append("users:")
    for u in USERS.values():
        L.append(f"  {q(u['name'])}: {u['guid']}")
    L.append("sources:")
    for s in SOURCES:
        L.append(f"  - name: {q(s.name)}")
        L.append(f"    guid: {s.guid}")
        L.append(f"    doc_id: {s.doc_id}")
        L.append(f"    raw_path: {q(s.path)}")
        L.append(f"    renamed_in_nvivo: {'true' if s.name != Path(s.path).stem else 'false'}")
        L.append(f"    edited_in_nvivo: {'true' if s.key == EDIT['source'] else 'false'}")
        L.append(f"    turns: {len(turns_of(s.text, CRLF))}")
        L.append(f"    selections: {sum(1 for x in selections if x['key'] == s.key)}")
    L.append("codes:  # every code in the project, by its path in the tree: the codebook theme id it belongs to")
    for path, c in CODE_PATHS.items():
        L.append(f"  {q(path)}: {c.theme if c.theme else 'null'}")
    L.append("selections:")
    for x in selections:
        s = SOURCE_BY_KEY[x["key"]]
        L.append(f"  - guid: {x['guid']}")
        L.append(f"    source: {q(s.name)}")
        L.append(f"    doc_id: {s.doc_id}")
        L.append(f"    code: {q(x['code'])}")
        L.append(f"    theme: {CODE_PATHS[x['code']].theme or 'null'}")
        L.append(f"    user: {q(USERS[x['user']]['name'])}")
        L.append(f"    start: {x['start']}")
        L.append(f"    end: {x['end']}")
        L.append(f"    text: {q(x['text'])}")
        L.append(f"    turns: {json.dumps(x['turns'])}")
        L.append(f"    speakers: {q(x['speakers'])}")
        L.append(f"    edited: {'true' if x['edited'] else 'false'}")
    src = SOURCE_BY_KEY[EDIT["source"]]
    L.append("edited_source:")
    L.append(f"  source: {q(src.name)}")
    L.append(f"  doc_id: {src.doc_id}")
    L.append(f"  turn: {EDIT['turn']}")
    L.append(
        "  what_changed: "
        + q(
            "After import the team corrected the transcript in NVivo (edit mode): in Dawn Pritchard's answer "
            "on funding (turn 6) the transcriber's '[inaudible]' became the funder's name, 'the Hollins Trust', "
            "checked against the recording. The raw file still reads '[inaudible]'. Everything after the edit "
            f"sits {len(EDIT['project']) - len(EDIT['raw']):+d} characters later in NVivo's copy than in the raw "
            "text (besides the CRLF line ends)."
        )
    )
    L.append(f"  raw_excerpt: {q(EDIT['raw_excerpt'])}")
    L.append(f"  project_excerpt: {q(EDIT['project_excerpt'])}")
    L.append(f"  shift: {len(EDIT['project']) - len(EDIT['raw'])}")
    return "\n".join(L) + "\n"


def report(selections: list[dict]) -> None:
    for s in SOURCES:
        tt = turns_of(s.text, CRLF)
        words = []
        for t in tt:
            if t["speaker"] != "Interviewer":
                body = s.text[t["start"] : t["end"]].split(CRLF, 1)[1]
                words.append(word_count(body))
        n = sum(1 for x in selections if x["key"] == s.key)
        print(
            f"{s.name:36} {len(tt):2} turns, participant answers {min(words)}-{max(words)} words "
            f"(median {sorted(words)[len(words) // 2]}), {n} selections"
        )


def main() -> None:
    write_raw_docx(RAW / "millbrook/MB_int02_volunteer_2024-03-19.docx")
    build_sources()
    # the tool's copy must be the raw transcript (bar the edit and the line ends)
    for s in SOURCES:
        assert s.text.replace(CRLF, "\n") == (
            s.raw_text.rstrip("\n").replace(EDIT["raw"], EDIT["project"])
            if s.key == EDIT["source"]
            else s.raw_text.rstrip("\n")
        ), s.key
    selections = place_selections()
    qde = project_qde(selections)
    validate(qde)
    write_qdpx(HERE / "coded.qdpx", qde)
    (HERE / "expected.yaml").write_text(expected_yaml(selections), encoding="utf-8")
    report(selections)
    print(f"{len(selections)} selections; coded.qdpx {(HERE / 'coded.qdpx').stat().st_size} bytes")


if __name__ == "__main__":
    main()

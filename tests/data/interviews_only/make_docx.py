"""Write the two Word transcripts of the men's sheds test inquiry, byte for byte the same on every run.

    .venv/bin/python tests/data/interviews_only/make_docx.py

Each turn is one paragraph that starts with the speaker's label in bold ("Alun:" then the words in a
plain run), as a typist working in Word lays them out. The core properties carry fixed dates and the
zip entries a fixed timestamp, so the files do not change when the script runs again.
"""

import datetime as dt
import io
import zipfile
from pathlib import Path

import docx
from docx.shared import Pt

RAW = Path(__file__).resolve().parent / "raw"

ALUN = {  # Whinfell, wave 2, 25 March 2025; interviewer Tom Brierley, labelled "Interviewer"
    "path": "whinfell/Alun Pritchard interview 25.03.25.docx",
    "title": "Men\u2019s Sheds Evaluation \u2013 Wave 2 \u2013 Whinfell",
    "subtitle": "Interview with a shed volunteer, 25 March 2025, Whinfell Village Hall",
    "author": "Tom Brierley",
    "when": dt.datetime(2025, 3, 27, 9, 41, 0),
    "turns": [
        ("Interviewer", "Thanks for seeing me, Alun. Can you tell me what you do at the shed?"),
        (
            "Alun",
            "A bit of everything. I\u2019m the one who opens up Monday and Friday, I do the minibus run round Fellside and the top estate, and I\u2019m the one who checks the machines are safe every week. I was a maintenance fitter at the brickworks for thirty years so I know my way round a guard and an emergency stop. Sheila does the paperwork and I do the practical. That\u2019s how we\u2019ve always split it.",
        ),
        ("Interviewer", "How did you come to volunteer?"),
        (
            "Alun",
            "After I retired my wife said I needed something, same as everyone here I suppose. I came as a member first. Then the chap who used to open up moved to his daughter\u2019s in Leeds and nobody else would take the key, so I did. That\u2019s four years ago now. I don\u2019t mind. I like being useful. But I\u2019m seventy next birthday and I think about what happens when I can\u2019t do it.",
        ),
        ("Interviewer", "What happens if you can\u2019t?"),
        (
            "Alun",
            "That\u2019s the question. We\u2019ve talked about it on the committee. We need two or three more people who\u2019ll open up and do the safety checks. Jimmy Caddick\u2019s shown an interest, he\u2019s younger, he\u2019s only sixty. But it\u2019s a responsibility, isn\u2019t it, if somebody cuts themselves on your watch. Some of the men are frightened of that. We could do with proper training, someone coming in to do a first aid day and a machine induction course.",
        ),
        ("Interviewer", "Brian mentioned you used to ring him on Wednesdays."),
        (
            "Alun",
            "[laughs] Did he. Yes. After Jean died he stopped coming, and I knew him from the pit, I knew what he was like. So I\u2019d ring and say I\u2019m passing, do you want a lift. I\u2019d ring every week till he said yes. You can\u2019t force people. But you can keep asking. We do that for a few of them now. I keep a list in my head of who\u2019s not been for a bit.",
        ),
        ("Interviewer", "What do you think the shed does for the village?"),
        (
            "Alun",
            "It\u2019s one of the last places men of my generation meet. The club\u2019s shut, the chapel\u2019s nearly shut. Men here don\u2019t talk about how they\u2019re feeling, they talk about the lathe and the football. But while they\u2019re doing that they\u2019re looking out for each other. And we do things for the village, benches, the Christmas lights frame, repairs for the old folk. People see us as part of Whinfell now.",
        ),
        ("Interviewer", "Thank you, Alun. Anything to add?"),
        (
            "Alun",
            "Just the roof. Put that in big letters. We\u2019ve had the buckets out since October and we lost the lathe. Whoever reads this, we need somewhere dry, or there won\u2019t be a shed to evaluate next year.",
        ),
    ],
}

OWEN = {  # Port Lannick, wave 2, 15 April 2025; interviewer Helen Okafor
    "path": "port_lannick/2025-04-15_Owen_Rosewarne.docx",
    "title": "Port Lannick Community Shed \u2013 coordinator interview (wave 2)",
    "subtitle": None,
    "author": "Helen Okafor",
    "when": dt.datetime(2025, 4, 22, 14, 5, 0),
    "turns": [
        (
            "Helen Okafor",
            "Thanks, Owen. It\u2019s a year since we last spoke to people at Port Lannick. What\u2019s changed?",
        ),
        (
            "Owen Rosewarne",
            "Quite a lot. The biggest news is the harbour commissioners finally gave us a three-year lease on the net loft, so that\u2019s the building sorted for now. We had a campaign, people wrote letters, the Gazette did a piece. Pete Tregaskis gave a speech at the harbour meeting that had grown men welling up. It means we can plan. We\u2019ve put in a proper heater and had the wiring done.",
        ),
        ("Helen Okafor", "That\u2019s good news. How is the shed funded now?"),
        (
            "Owen Rosewarne",
            "A mix. We got a three-year grant from the Trevarrow Coastal Trust for my hours, twelve a week, which is the first time I\u2019ve been paid. Then we\u2019ve got the gig restoration, which the rowing club is paying towards, and donations from the repairs. It\u2019s still hand to mouth for electricity and insurance. I\u2019d say I spend a quarter of my time on funding and reporting, which is time I\u2019m not at the bench with the men.",
        ),
        ("Helen Okafor", "How is the referral relationship with the surgery working?"),
        (
            "Owen Rosewarne",
            "Nadia\u2019s been great. She rings, she brings people down. The problem last year was we never closed the loop, she didn\u2019t know who\u2019d stuck with it. Now we\u2019ve got a simple sheet, I text her monthly with who\u2019s still coming, first names only, with their say-so. About two thirds of her referrals are still coming after three months. Some of the men are quite unwell when they arrive, and I did the mental health first aid course in the autumn, which helps me feel less out of my depth.",
        ),
        ("Helen Okafor", "What about volunteers?"),
        (
            "Owen Rosewarne",
            "We\u2019ve grown to six key holders, from just me. That was deliberate, I nearly burnt out last year. Pete\u2019s one of them now, believe it or not, and Len does the Friday. I took a week off in February for the first time in three years and the shed opened every day. That was a proud moment. We\u2019ve also got a couple of younger men, one in his forties who\u2019s out of work, and they\u2019ve brought a different energy.",
        ),
        ("Helen Okafor", "What do the men get out of it, in your view?"),
        (
            "Owen Rosewarne",
            "Friendship, mostly, though they\u2019d never call it that. Purpose. Skills, both learning new ones and being asked to teach the ones they\u2019ve got. The fishermen teaching the younger lads splicing, that\u2019s priceless. And safety, in a way, because we notice when someone\u2019s not right. Last winter we had two men we were really worried about and both of them are still with us, and still coming.",
        ),
        ("Helen Okafor", "Anything you\u2019d want to say to the funders?"),
        (
            "Owen Rosewarne",
            "Three years is better than one, but it\u2019s not forever. Men\u2019s sheds are cheap, we\u2019re not asking for much. But stability makes all the difference. And please, fewer forms. If the outcome you want is men who aren\u2019t lonely, come down on a Tuesday and see it.",
        ),
    ],
}


def build(spec):
    d = docx.Document()
    d.styles["Normal"].font.name = "Calibri"
    d.styles["Normal"].font.size = Pt(11)
    d.add_heading(spec["title"], level=1)
    if spec["subtitle"]:
        d.add_paragraph().add_run(spec["subtitle"]).italic = True
    for label, text in spec["turns"]:
        p = d.add_paragraph()
        p.add_run(label + ":").bold = True
        p.add_run(" " + text)
    cp = d.core_properties
    cp.author = spec["author"]
    cp.last_modified_by = spec["author"]
    cp.title = ""
    cp.subject = ""
    cp.comments = ""
    cp.keywords = ""
    cp.category = ""
    cp.revision = 3
    cp.created = spec["when"] - dt.timedelta(days=1, hours=2)
    cp.modified = spec["when"]
    buf = io.BytesIO()
    d.save(buf)
    # python-docx stamps each zip entry with the current time: rewrite them with a fixed one
    stamp = spec["when"].timetuple()[:6]
    src = zipfile.ZipFile(io.BytesIO(buf.getvalue()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for info in src.infolist():
            zi = zipfile.ZipInfo(info.filename, date_time=stamp)
            zi.compress_type = zipfile.ZIP_DEFLATED
            zi.external_attr = 0o600 << 16
            z.writestr(zi, src.read(info.filename))
    path = RAW / spec["path"]
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(out.getvalue())
    return path


if __name__ == "__main__":
    for spec in (ALUN, OWEN):
        print(build(spec))

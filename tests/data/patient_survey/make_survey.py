"""Write the patient-survey test design: five quarterly exports of a (fictional) community health
services feedback form, 600 respondents in three areas, and the truth a careful coder would find.

    python tests/data/patient_survey/make_survey.py

Each respondent is given a set of themes first (the truth), at prevalences that differ by area and
quarter; their answers are then written from phrases that express those themes. Some phrases use
the codebook's keywords and some say the same thing in other words; some phrases about nothing in
the codebook happen to contain a keyword ("I can't wait to get back to my allotment"). So the
keyword coder both misses and over-codes, as on real comments, while the truth is known exactly:
``truth.csv`` (beside raw/, never read by the pipeline) lists every answer's themes. The same seed
writes the same files.
"""

from __future__ import annotations

import csv
import datetime as dt
import random
from pathlib import Path

HERE = Path(__file__).resolve().parent
SEED = 20261130
AREAS = ["Northfield", "Riverside", "Castleton"]
QUARTERS = [
    ("2025-Q1", dt.datetime(2025, 1, 6)),
    ("2025-Q2", dt.datetime(2025, 4, 7)),
    ("2025-Q3", dt.datetime(2025, 7, 7)),
    ("2025-Q4", dt.datetime(2025, 10, 6)),
    ("2026-Q1", dt.datetime(2026, 1, 5)),
]
PER_EXPORT = 120
ROLES = [("Patient", 0.7), ("Carer or family member", 0.3)]
QUESTIONS = ["What did we do well?", "What could we do better?", "Is there anything else you would like to tell us?"]

# Theme → (prevalence, area multipliers, quarterly change) and phrases: "k" use the codebook's words,
# "p" say the same thing without them.
THEMES: dict[str, dict] = {
    "waiting_times": {
        "p": 0.30,
        "trend": -0.03,
        "area": [1.3, 1.0, 0.7],
        "k": [
            "The wait in A&E was over five hours.",
            "We were waiting two hours past the appointment time.",
            "Far too long a wait for a scan.",
            "The waiting list for physio is ridiculous.",
        ],
        "q": [
            "We sat there from nine until gone two before anyone saw us.",
            "Eleven weeks for a first appointment is too long.",
            "Nobody came for most of the afternoon and my mum was getting upset.",
        ],
    },
    "booking": {
        "p": 0.20,
        "trend": 0.0,
        "area": [1.0, 1.2, 0.8],
        "k": [
            "I was on hold for forty minutes trying to book an appointment.",
            "The phone line is always engaged at 8am.",
            "Booking is a nightmare.",
        ],
        "q": [
            "You ring at eight and by ten past all the slots are gone.",
            "Getting through to reception took me three days.",
            "I gave up ringing and just turned up.",
        ],
    },
    "transport_access": {
        "p": 0.12,
        "trend": 0.0,
        "area": [0.6, 0.8, 1.8],
        "k": [
            "There is only one bus an hour from the village.",
            "The taxi there and back cost me more than I could manage.",
            "Public transport to the clinic is hopeless.",
        ],
        "q": [
            "It's two changes and an hour and a half each way without a car.",
            "My neighbour had to drive me as nothing runs on a Sunday.",
            "Getting there is the hardest part for me.",
        ],
    },
    "parking": {
        "p": 0.14,
        "trend": 0.0,
        "area": [1.4, 1.0, 0.6],
        "k": [
            "Parking was impossible, I drove round for half an hour.",
            "The car park is always full.",
            "Not enough parking spaces for blue badge holders.",
        ],
        "q": [
            "I had to leave the car on a side street and walk ten minutes on crutches.",
            "Nowhere to leave the car anywhere near the entrance.",
        ],
    },
    "digital": {
        "p": 0.10,
        "trend": 0.02,
        "area": [1.0, 1.0, 1.0],
        "k": [
            "The new app makes booking much easier.",
            "I got a text message reminder which was handy.",
            "The online form kept crashing.",
        ],
        "q": ["Being able to see my results on my phone saved a trip.", "I don't have a smartphone so I was stuck."],
    },
    "staff_kindness": {
        "p": 0.35,
        "trend": 0.0,
        "area": [1.0, 1.0, 1.0],
        "k": [
            "The nurses were so kind to my dad.",
            "Lovely caring staff on the ward.",
            "Everyone was friendly and patient with me.",
            "The receptionist was really kind when I got upset.",
        ],
        "q": [
            "The healthcare assistant held my hand when I was scared, I won't forget that.",
            "They made my mum feel like a person and not a number.",
            "Nothing was too much trouble for them.",
        ],
    },
    "clinical_skill": {
        "p": 0.15,
        "trend": 0.0,
        "area": [1.0, 1.0, 1.0],
        "k": ["The consultant was very thorough.", "Very professional from start to finish."],
        "q": [
            "The doctor spotted what three others had missed.",
            "I felt in safe hands with the surgeon.",
            "They knew exactly what to do when my sats dropped.",
        ],
    },
    "pain": {
        "p": 0.08,
        "trend": 0.0,
        "area": [1.0, 1.0, 1.0],
        "k": [
            "I was left in pain for hours before anyone brought painkillers.",
            "They got the pain under control quickly.",
        ],
        "q": [
            "Nobody gave me anything for it until the night shift came on.",
            "My tablets were late every evening and I could barely move.",
        ],
    },
    "dignity": {
        "p": 0.07,
        "trend": 0.0,
        "area": [1.0, 1.0, 1.0],
        "k": ["No privacy on a mixed bay.", "I was embarrassed, the curtain was left open."],
        "q": [
            "They talked about my bowels in front of the whole bay.",
            "They always knocked and asked before coming in.",
        ],
    },
    "continuity": {
        "p": 0.10,
        "trend": 0.0,
        "area": [1.0, 1.0, 1.0],
        "k": [
            "A different doctor every time, I had to start again.",
            "Seeing the same nurse each visit made a big difference.",
        ],
        "q": [
            "Every appointment was someone new who hadn't read my notes.",
            "It helps that it's always Sue on a Tuesday.",
        ],
    },
    "explained": {
        "p": 0.18,
        "trend": 0.0,
        "area": [1.0, 1.0, 1.0],
        "k": [
            "The doctor explained everything clearly.",
            "Nobody explained what the tablets were for.",
            "It was clear what would happen next.",
        ],
        "q": [
            "I came out not knowing what was wrong with me.",
            "She drew me a diagram of the operation, which helped.",
        ],
    },
    "listened": {
        "p": 0.15,
        "trend": 0.0,
        "area": [1.0, 1.0, 1.0],
        "k": ["For once I felt listened to.", "They didn't listen to me when I said something was wrong."],
        "q": [
            "I kept telling them the dose was wrong and got brushed off.",
            "They took what I said about my son seriously.",
        ],
    },
    "joined_up": {
        "p": 0.09,
        "trend": 0.0,
        "area": [1.0, 1.0, 1.0],
        "k": ["The hospital and the GP don't talk to each other.", "I had to tell the same story to five people."],
        "q": [
            "My letter never reached the surgery so the referral was lost.",
            "Nobody at the clinic had the results the ward took.",
        ],
    },
    "discharge": {
        "p": 0.08,
        "trend": 0.0,
        "area": [1.0, 1.0, 1.0],
        "k": ["Discharge took all day waiting for medication.", "I was sent home without a plan."],
        "q": ["They told me I could go at ten and I left at six.", "Nobody arranged any help at home afterwards."],
    },
    "cleanliness": {
        "p": 0.08,
        "trend": 0.0,
        "area": [1.0, 1.0, 1.0],
        "k": ["The toilets were dirty.", "Spotlessly clean ward."],
        "q": [
            "There was blood on the floor of the bathroom that nobody mopped.",
            "You could see they scrub that place every day.",
        ],
    },
    "food": {
        "p": 0.06,
        "trend": 0.0,
        "area": [1.0, 1.0, 1.0],
        "k": ["The food was cold by the time it reached me.", "Lovely meals and a choice every day."],
        "q": ["Nothing I could eat with my diabetes on the menu.", "The soup was the highlight of my stay."],
    },
    "cost": {
        "p": 0.05,
        "trend": 0.0,
        "area": [1.0, 1.0, 1.0],
        "k": ["The prescription cost is a worry on my pension.", "I can't afford the trips every week."],
        "q": [
            "Thirty pounds a week in fares adds up when you're on benefits.",
            "We had to choose between the gas and the hospital visits.",
        ],
    },
    "children": {
        "p": 0.06,
        "trend": 0.0,
        "area": [1.0, 1.0, 1.0],
        "k": [
            "Brilliant with my son, they made him laugh.",
            "The children's ward staff were amazing with our daughter.",
        ],
        "q": [
            "They got down to his level and explained the needle to him.",
            "Our toddler was terrified and nobody tried to calm her.",
        ],
    },
    "accessibility": {
        "p": 0.05,
        "trend": 0.0,
        "area": [1.0, 1.0, 1.0],
        "k": ["No ramp at the side entrance for my wheelchair.", "The hearing loop didn't work."],
        "q": ["The doors are too heavy to open with a frame.", "There was nobody to sign for my husband, who is Deaf."],
    },
    "staffing": {
        "p": 0.12,
        "trend": 0.02,
        "area": [1.0, 1.0, 1.0],
        "k": ["They are so short staffed it isn't fair on anyone.", "The nurses were run off their feet."],
        "q": ["Two nurses for thirty beds at night.", "You could see they hadn't stopped for a break all shift."],
    },
}
# Phrases about none of the themes that contain a keyword of one: the keyword coder's false positives.
DISTRACTORS = [
    "I can't wait to get back to my allotment.",
    "My daughter drove me in and stayed all day.",
    "The café does a decent cup of tea.",
    "My son works in the NHS himself.",
    "It was a pain finding the right ward.",
    "Clear signs at the front door.",
    "Thank you for being kind enough to read this.",
    "My wife will fill in her own form online.",
    "I would book the same clinic again.",
    "My grandson says the waiting room wifi is good.",
    "I understand you are all under pressure.",
]
FILLERS = [
    "Thank you.",
    "Nothing else.",
    "No.",
    "N/A",
    "All fine.",
    "Keep up the good work.",
    "Not really.",
    "Overall a good experience.",
]
RATINGS = ["Very poor", "Poor", "Fair", "Good", "Very good"]


def themes_for(rng: random.Random, area: int, quarter: int) -> list[str]:
    chosen = []
    for theme, spec in THEMES.items():
        p = spec["p"] * spec["area"][area] + spec["trend"] * quarter
        if rng.random() < min(max(p, 0.0), 0.95):
            chosen.append(theme)
    return chosen


def answers_for(rng: random.Random, themes: list[str]) -> tuple[list[str], list[set[str]]]:
    """Three answers and, for each, the themes it expresses."""
    texts = [[], [], []]
    truth = [set(), set(), set()]
    for theme in themes:
        q = rng.choice([0, 1, 1, 2]) if theme not in ("staff_kindness", "clinical_skill") else rng.choice([0, 0, 2])
        spec = THEMES[theme]
        bank = spec["k"] if rng.random() < 0.5 else spec["q"]
        texts[q].append(rng.choice(bank))
        truth[q].add(theme)
    for q in range(3):
        if rng.random() < 0.12:
            texts[q].append(rng.choice(DISTRACTORS))
        if not texts[q] and rng.random() < 0.45:
            texts[q].append(rng.choice(FILLERS))
        rng.shuffle(texts[q])
    return [" ".join(t) for t in texts], truth


def main() -> None:
    rng = random.Random(SEED)
    raw = HERE / "raw"
    raw.mkdir(exist_ok=True)
    register = []
    truth_rows = []
    number = 1000
    for quarter, (label, start) in enumerate(QUARTERS):
        name = f"feedback_export_{label}.csv"
        rows = []
        for _ in range(PER_EXPORT):
            number += 1
            area = rng.choices(range(3), weights=[0.4, 0.35, 0.25])[0]
            role = rng.choices([r for r, _ in ROLES], weights=[w for _, w in ROLES])[0]
            themes = themes_for(rng, area, quarter)
            answers, truth = answers_for(rng, themes)
            submitted = start + dt.timedelta(days=rng.randrange(0, 80), minutes=rng.randrange(0, 1440))
            rating = RATINGS[
                min(
                    4,
                    max(
                        0,
                        3
                        - len([t for t in themes if t in ("waiting_times", "booking", "staffing")])
                        + rng.choice([-1, 0, 0, 1]),
                    ),
                )
            ]
            email = f"patient{number}@example.net" if rng.random() < 0.2 else ""
            rows.append(
                [f"FB-{number}", submitted.strftime("%d/%m/%Y %H:%M"), AREAS[area], role, email, rating, *answers]
            )
            line = len(rows) + 1  # the CSV line of this response (the header is line 1)
            doc_id = f"fb-{label.lower()}"
            for q, found in enumerate(truth, start=1):
                if answers[q - 1]:
                    truth_rows.append(
                        {"doc_id": doc_id, "row": line, "question": q, "theme_ids": ";".join(sorted(found)) or "none"}
                    )
        with open(raw / name, "w", encoding="utf-8", newline="") as handle:
            out = csv.writer(handle)
            out.writerow(
                [
                    "Response ID",
                    "Submitted",
                    "Service area",
                    "I am a",
                    "Email (optional)",
                    "Overall, how was your experience?",
                    *QUESTIONS,
                ]
            )
            out.writerows(rows)
        register.append(
            {
                "doc_id": f"fb-{label.lower()}",
                "path": name,
                "place": "All areas",
                "date": (start + dt.timedelta(days=80)).date().isoformat(),
                "method": "feedback_form",
                "title": f"Feedback export {label}",
            }
        )
    with open(raw / "documents.csv", "w", encoding="utf-8", newline="") as handle:
        out = csv.DictWriter(handle, fieldnames=["doc_id", "path", "place", "date", "method", "title"])
        out.writeheader()
        out.writerows(register)
    (raw / "participants.csv").write_text("participant_id,names,role,place,consent\n", encoding="utf-8")
    with open(HERE / "truth.csv", "w", encoding="utf-8", newline="") as handle:
        out = csv.DictWriter(handle, fieldnames=["doc_id", "row", "question", "theme_ids"])
        out.writeheader()
        out.writerows(truth_rows)


if __name__ == "__main__":
    main()

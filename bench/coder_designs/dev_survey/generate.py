#!/usr/bin/env python
"""Synthetic coder-evaluation data set: dev_survey.

Open-ended question in a residents' survey about a community health
programme ("Healthy Neighbourhoods").  One free-text answer per respondent,
10 themes, 5 places, 2 waves.  Known truth = the theme(s) each hand-written
sentence was written to carry.

Run:  python generate.py      (rewrites units.csv, passages.csv, truth.csv,
                               README.md in this folder; byte-identical on rerun)
"""

import math
import re
from pathlib import Path

import numpy as np
import pandas as pd

SEED = 20250611
OUT = Path(__file__).resolve().parent
N_UNITS = 1800
UNIT_PREFIX = "HN"
PLACES = {  # place: share of respondents
    "Ashcombe": 0.31,
    "Brindle Hill": 0.24,
    "Carrow Fen": 0.11,
    "Dunmore Cross": 0.20,
    "Elmsworth": 0.14,
}
WAVES = ["2025", "2026"]
P_WAVE2 = 0.55
RHO = 0.40  # shared "engagement" factor across themes (Gaussian copula; marginals kept)
P_AMBIGUOUS = 0.05  # share of theme sentences drawn from the ambiguous-but-coded bank
P_CONFUSABLE = 0.10  # share drawn from other themes' near-miss sentences that actually carry this theme
P_COMBO = 0.35  # if a unit holds both themes of a combo pair, chance of one two-theme sentence
TITLE = "dev_survey - synthetic coder-evaluation data (community health programme)"
QUESTION = (
    "Is there anything you would like to tell us about the Healthy Neighbourhoods "
    "programme - what has worked well for you and what could be better?"
)

# Intended prevalence: p = base (wave 2025) + place offset + wave delta (2026), clipped.
THEMES = {
    "staff_manner": dict(base=0.36, place={"Dunmore Cross": -0.08}, wave=0.0),
    "waiting_times": dict(base=0.22, place={"Ashcombe": 0.05}, wave=0.14),
    "health_benefits": dict(base=0.38, place={}, wave=0.0),
    "social_contact": dict(base=0.12, place={"Carrow Fen": 0.12, "Elmsworth": 0.05}, wave=0.0),
    "travel_access": dict(base=0.08, place={"Carrow Fen": 0.22}, wave=0.0),
    "opening_hours": dict(base=0.18, place={}, wave=-0.11),
    "information_publicity": dict(base=0.13, place={"Brindle Hill": 0.06}, wave=0.0),
    "continuity_of_staff": dict(base=0.06, place={}, wave=0.13),
    "interpreting_language": dict(base=0.015, place={"Brindle Hill": 0.06}, wave=0.0),
    "privacy_confidentiality": dict(base=0.035, place={}, wave=0.0),
}

# ---------------------------------------------------------------------------
# Hand-written sentence banks.  near: entries are either a plain string (carries
# NO theme) or (string, other_theme) = shares words with this theme but a careful
# coder would code it as other_theme instead.
# ---------------------------------------------------------------------------
BANK = {}

BANK["staff_manner"] = dict(
    explicit=[
        "The staff are really friendly and welcoming.",
        "Staff were kind and patient with me every time.",
        "I was treated with respect by everyone I met on the programme.",
        "The nurse was very rude to me at my first appointment.",
        "Friendly staff who actually listen.",
        "Everyone working there is polite and caring.",
        "The health trainer was so supportive and never judgemental.",
        "Some of the staff can be quite dismissive and unfriendly.",
        "The receptionist was abrupt and made me feel like a nuisance.",
        "Lovely staff, always smiling and helpful.",
        "Staff attitude is excellent from top to bottom.",
    ],
    implicit=[
        "The lady on the desk remembered my name and asked how my mum was getting on.",
        "Nobody ever made me feel stupid for asking questions.",
        "She sat with me until I stopped crying and didn't rush me out.",
        "I got told off like a naughty schoolchild for turning up five minutes late.",
        "They speak to you like a person, not a number.",
        "The young man who runs the walks has the patience of a saint.",
        "I felt judged the minute I walked through the door because of my weight.",
        "They always have time for a cup of tea and a word with you.",
        "You can tell the people there genuinely care what happens to you.",
        "The woman who did my check sighed and rolled her eyes when I couldn't remember my tablets.",
        "I never once felt like I was being a bother to them.",
    ],
    hedged=[
        "staff mostly ok i guess, one or two a bit grumpy",
        "cant fault the girls on reception tbh",
        "They're all lovely, honestly couldn't ask for nicer people.",
        "The nurse was a bit off with me but maybe she was having a bad day.",
        "very freindly and helpfull people",
        "I suppose they were polite enough, nothing special.",
        "Staf were great!!",
        "could be a bit more understanding at times, not everyone finds it easy to ask for help",
        "Diamonds, the lot of them.",
        "Sometimes feel like they talk down to you a bit, not sure if its just me.",
    ],
    ambiguous=[
        "It was ok there, they did what they needed to do.",
        "The people running it seem to know what they're doing.",
    ],
    near=[
        "My daughter is a nurse herself so she was keen for me to try it.",
        "I'm a friendly sort of person anyway so I just got stuck in.",
        "I used to be a care worker myself before I retired.",
        "The respect I have for the NHS generally is huge, whatever the politics.",
        "The receptionist job was advertised in the window and my niece applied for it.",
        "My own GP is very nice but I've only seen her twice in ten years.",
        "I filled in the same survey last year, I think.",
        "I volunteer at the food bank on Tuesdays, so that keeps me busy.",
        ("There just aren't enough staff, so of course you wait ages.", "waiting_times"),
        ("The staff keep changing, the ones I knew have all left.", "continuity_of_staff"),
    ],
)

BANK["waiting_times"] = dict(
    explicit=[
        "The waiting times for an appointment are far too long.",
        "I waited six weeks for my first appointment.",
        "Had to wait over an hour in the waiting room even though I had a set time.",
        "The waiting list for the weight management course is ridiculous.",
        "Long waits to get seen are the main problem.",
        "I was put on a waiting list and heard nothing for months.",
        "Getting an appointment is nearly impossible, you have to wait weeks.",
        "The wait to get onto the physio sessions was about three months.",
        "Appointments always run late and you end up waiting around.",
        "Waiting time has got much worse this year.",
        "I was seen quickly with no waiting at all, which was a nice surprise.",
    ],
    implicit=[
        "By the time they got round to seeing me my knee had already sorted itself out.",
        "You ring at eight on the dot and every slot has gone by ten past.",
        "I sat there for ninety minutes past my time with a toddler on my knee.",
        "They told me the next free slot was in March, and it was October.",
        "Took forever to hear back after the referral.",
        "I've been chasing a date for my review since the summer.",
        "Every single session is fully booked weeks ahead.",
        "It was three months between the doctor referring me and my first session.",
        "The queue for the drop-in was out the door before it even opened.",
        "I gave up in the end because nobody could fit me in.",
    ],
    hedged=[
        "wating list way too long",
        "bit of a wait to get in but worth it i suppose",
        "Apointments take ages to come thru",
        "Maybe it's just bad luck but I always seem to be kept hanging about.",
        "the wait is a joke tbh",
        "Its been months, still waiting",
        "Not sure why it takes so long to get seen, probably short staffed?",
        "Could do with less hanging round on the day.",
        "waited n waited n waited",
        "Reckon it took about 8 weeks to get a slot, maybe more.",
    ],
    ambiguous=[
        "It all takes a while but that's the NHS for you.",
        "Things could move a bit faster.",
    ],
    near=[
        "I can't wait for the new walking route to open in spring.",
        "The waiting room is bright and has plenty of magazines.",
        "My husband waited in the car while I went in.",
        "I read my book in the waiting area, it's nice and quiet.",
        "I've got a long list of things I still want to try.",
        "My neighbour is on the waiting list for a new hip at the hospital, nothing to do with this.",
        "Time flies in the sessions.",
        "I waited until after Christmas to sign up because of family stuff.",
        ("The wait for a bus back home is the worst part, they only run hourly.", "travel_access"),
        ("I waited outside for the clinic to open on a Saturday but it turns out it's weekdays only.", "opening_hours"),
    ],
)

BANK["health_benefits"] = dict(
    explicit=[
        "My health has improved massively since joining.",
        "I've lost two stone on the programme.",
        "My blood pressure is down and my doctor is really pleased.",
        "I feel much healthier and have more energy.",
        "The programme has really helped my mental health.",
        "I've stopped smoking thanks to the support I got.",
        "My diabetes is better controlled now.",
        "It improved my fitness and I can walk further without getting out of breath.",
        "I'm eating more healthily and cooking from scratch now.",
        "My health hasn't improved at all despite going every week.",
        "Helped me lose weight and sleep better.",
    ],
    implicit=[
        "I can get up the stairs to my flat without stopping now.",
        "My trousers are falling off me, I've had to buy a new belt.",
        "I'm off two of my tablets since last spring.",
        "I play football with my grandson in the park now, which I couldn't do before.",
        "I haven't touched a cigarette since February.",
        "I've got my mornings back, I'm not dragging myself out of bed any more.",
        "The fog has lifted a bit, I don't feel so low.",
        "We swapped takeaways for proper home cooking most nights.",
        "My sugar levels are the best they've been in years.",
        "I don't get out of puff walking to the shops anymore.",
    ],
    hedged=[
        "think ive lost a bit of weight, not weighed myself lately tho",
        "Feel a bit better in myself maybe",
        "defo fitter than i was",
        "Made some difference to my blood presure I think.",
        "Not sure its made me any healthier to be honest.",
        "Helped with my anxeity a fair bit.",
        "kind of eating better, kind of not lol",
        "My knees are less achy, could be the weather though.",
        "Lost a few pounds, early days.",
        "feeling healthyer overall",
    ],
    ambiguous=[
        "It's been good for me overall.",
        "I think I'm doing better than I was last year.",
    ],
    near=[
        "I've had health problems for years, mostly my back.",
        "I'd like to lose weight but I haven't joined the weight group yet.",
        "My husband's health is the reason I went along in the first place.",
        "Health and safety rules meant we couldn't use the main room one week.",
        "My mum lost a lot of weight in hospital last year, which worried us.",
        "I filled in a long health questionnaire at the start.",
        "Fitness classes on the telly are no substitute, that's what I was doing before.",
        "The healthy cooking class used a lot of kitchen gadgets I don't have.",
    ],
)

BANK["social_contact"] = dict(
    explicit=[
        "I've made new friends through the walking group.",
        "It's helped with my loneliness.",
        "Meeting other people in the same boat has been great.",
        "The social side of the group is the best part.",
        "I was very isolated before and now I see people every week.",
        "Nice to have a chat and some company.",
        "I've met some lovely people and we meet up outside the sessions now.",
        "Feeling less lonely since my husband died.",
        "It's a good way to meet people in the area.",
        "The group sessions are very sociable.",
    ],
    implicit=[
        "Tuesdays are the only day I speak to anyone apart from the cat.",
        "A few of us go for a coffee after the walk now.",
        "I hadn't really left the flat since lockdown until I started coming.",
        "We've got a WhatsApp going and someone's always checking in.",
        "It's somewhere to go where people know you.",
        "I look forward to seeing the same faces every week.",
        "After my wife passed the evenings were very long, this has filled some of them.",
        "One of the ladies came round to visit when I was poorly.",
        "We have a laugh together, it's more than just exercise.",
        "Being around others who get it makes a big difference.",
    ],
    hedged=[
        "made a few mates i guess",
        "bit of company, nice enough",
        "its good to get out the house and see ppl",
        "Not really a joiner but the others are alright.",
        "sort of feel less on my own",
        "Would be nice if there was more time to chat after.",
        "good craic with the group",
        "Havent made friends exactly but its nice to see folk.",
        "the social bit is prob what keeps me going",
        "I dont go out much so its something to do with other people, I suppose.",
    ],
    ambiguous=[
        "It gives me a reason to get dressed on a Wednesday.",
        "The group is alright.",
    ],
    near=[
        "My friend's son runs a gym in town.",
        "The group exercise room gets very hot in summer.",
        "Meeting rooms are a bit tired and need decorating.",
        "A friends and family card was on the table but I didn't fill it in.",
        "My partner and I split up last year so it's been a tough time.",
        "I'm a private sort of person.",
        "The group photo from the summer is up on the wall.",
        "My daughter's having a big party for her fortieth next month.",
        ("I'm not on social media so I never saw any of the adverts for it.", "information_publicity"),
        ("The social prescriber was the one who told me about it.", "information_publicity"),
    ],
)

BANK["travel_access"] = dict(
    explicit=[
        "The bus service to the centre is terrible.",
        "It's too far to travel for someone without a car.",
        "Parking at the centre is a nightmare.",
        "Transport is the biggest barrier for me.",
        "I can't get there on public transport.",
        "There's only one bus an hour and it doesn't go near the venue.",
        "The cost of travel adds up when it's every week.",
        "Easy to get to, the bus stops right outside.",
        "Need better transport links to the sessions.",
        "The venue is miles away from where I live.",
    ],
    implicit=[
        "Two changes and an hour each way, for a thirty minute session.",
        "I rely on my neighbour to drive me and she's not always free.",
        "My legs won't take me up that hill to the hall.",
        "Taxi there and back is twelve pound, I can't do that every week.",
        "The last one back to the village leaves at half four.",
        "If you haven't got wheels you've had it round here.",
        "You have to circle round for ages to find a space.",
        "It's a good walk from the estate and there's no pavement half the way.",
        "They moved it across town and that was me done.",
        "My son drops me off on his way to work, otherwise I wouldn't manage.",
    ],
    hedged=[
        "bit of a trek tbh",
        "hard to get too without a car",
        "bus is rubbish",
        "Maybe put on a minibus? Not sure if thats possible.",
        "parkin is awful",
        "Its a fair old way for us out here.",
        "I suppose it's not that far if you drive.",
        "getting there is the hardest bit for me",
        "wish it was closer to home",
        "Trnasport is a problem for a lot of older people.",
    ],
    ambiguous=[
        "It's not the easiest place to find.",
        "I'd go more often if it was in the village.",
    ],
    near=[
        "I used to drive buses for a living before my heart trouble.",
        "My car failed its MOT last month, what a week.",
        "The walk leader takes us on a different route each week.",
        "Parking tickets were handed out at the library next door last week, not that it affects me.",
        "I drove my mum to her hospital appointment, not this programme.",
        "My grandson is learning to drive.",
        "Moving house was stressful this year.",
        "The route for the health walk is lovely along the canal.",
        ("The bus stop outside my house had an advert for the programme, that's how I heard.", "information_publicity"),
    ],
)

BANK["opening_hours"] = dict(
    explicit=[
        "The opening hours don't suit people who work.",
        "Sessions are only during the day when I'm at work.",
        "Would be great if it was open in the evenings.",
        "Need weekend sessions.",
        "The clinic closes at four which is too early.",
        "The new evening sessions are a big improvement.",
        "Opening times are very limited.",
        "Nothing on at weekends or after work.",
        "Times of the sessions clash with the school run.",
        "It's only open on weekdays during office hours.",
    ],
    implicit=[
        "By the time I finish my shift everything's shut.",
        "Half nine on a Tuesday morning is no good to anyone with a job.",
        "I'd have to take a day's leave to go.",
        "They've started doing Thursday nights now so I can finally make it.",
        "Everything is in school hours so I have to bring the little one.",
        "Saturday mornings would be ideal for people like me.",
        "I can never get there before they lock up.",
        "It's all nine-to-five and I work nine-to-five.",
        "Morning slots only, and I'm on nights, so I'm asleep.",
        "Could they do something after tea for those of us who work?",
    ],
    hedged=[
        "times not great for me",
        "maybe later sessions?",
        "open more often would be good",
        "Evnings would be better i think",
        "wish they did weekends, not sure if they can though",
        "the hours are a bit rubbish if your working",
        "sessions at daft o'clock in the morning",
        "Openng times could be better.",
        "Can't always make the times but that's on me I suppose.",
        "if it stayed open a bit later itd help loads",
    ],
    ambiguous=[
        "It's hard to fit in around everything else.",
        "I can only go now and again.",
    ],
    near=[
        "My hours at work got cut so money's tight at the moment.",
        "I spend hours on my allotment in the summer.",
        "The session is an hour long which is about right.",
        "My daughter works evenings at the supermarket.",
        "I usually go on a Monday.",
        "Weekend trips away are my treat to myself.",
        "The evening news had a piece about obesity that made me think.",
        "The time went really quickly.",
        ("I only open my post once a week and that's how I missed the letter about it.", "information_publicity"),
    ],
)

BANK["information_publicity"] = dict(
    explicit=[
        "I didn't know about the programme until a friend told me.",
        "It needs to be advertised more.",
        "The information I was given was clear and easy to understand.",
        "Nobody explained what the sessions would involve.",
        "Better publicity would help more people find out about it.",
        "The leaflets are confusing and full of jargon.",
        "I found out about it by chance on Facebook.",
        "We never got any information about the changes to the timetable.",
        "The website is out of date.",
        "More people would come if they knew it existed.",
    ],
    implicit=[
        "It's the best kept secret in town.",
        "I only heard because the lady next door mentioned it at bingo.",
        "I turned up for a session that had been cancelled and nobody had told us.",
        "Half my street have no idea it's there.",
        "The letter was so full of long words I gave it to my son to read.",
        "It wasn't clear what I was signing up for.",
        "My GP mentioned it in passing otherwise I'd never have known.",
        "Put something through people's doors, not everyone's online.",
        "The noticeboard at the shop still has last year's dates on it.",
        "I had no idea it was free until my second visit.",
    ],
    hedged=[
        "didnt know it existed til recently",
        "maybe advertise a bit more?",
        "Info could be clearer I guess",
        "not sure everyones heard of it",
        "leaflet was a bit confusing tbh",
        "word of mouth mostly, thats how i found out",
        "Should be on the local radio or something",
        "Wasnt told much before I started.",
        "could do with better comunication about whats on",
        "found out on facebook, bit random",
    ],
    ambiguous=[
        "I was a bit confused at the start.",
        "My friend brought me along the first time.",
    ],
    near=[
        "I informed my employer I'd be at a session and they were fine with it.",
        "I'm on Facebook far too much, my daughter says.",
        "The radio in the main room was always playing, a bit loud.",
        "I wasn't sure if I'd like it but I gave it a go.",
        "My friend told me she'd lost weight, and I was pleased for her.",
        "We learnt a lot of information about portion sizes.",
        "Nobody told me the tea would be so strong, ha.",
        "The noticeboard in the entrance is full of photos from the summer party.",
        "I advertise my cake stall in the same building.",
    ],
)

BANK["continuity_of_staff"] = dict(
    explicit=[
        "I see a different person every time which means repeating my story.",
        "It would help to have the same worker throughout.",
        "Staff turnover is very high, they keep changing.",
        "I've had four different health trainers in six months.",
        "Having the same nurse every time made a big difference.",
        "The staff keep leaving and new ones start.",
        "No continuity, every appointment is someone new.",
        "My key worker left and nobody replaced her for ages.",
        "Consistent staff would help build trust.",
        "Lots of agency staff now, never the same face.",
    ],
    implicit=[
        "Every visit I have to go through my whole history again from the start.",
        "She knew me and my situation, then one day she was just gone.",
        "Just as you get used to someone they move on.",
        "It's like starting over each time with someone who's never met you.",
        "I've stopped bothering to explain, they'll be gone next month anyway.",
        "The lovely lad who ran the walks went off to university and it's not been the same.",
        "They've had about five people in that role since I started.",
        "He knows my history so I don't have to explain myself every time.",
        "Different face every week, you can't build anything that way.",
        "The girl I'd got used to went on maternity leave and they never covered it properly.",
    ],
    hedged=[
        "always someone new, bit annoying",
        "diff person each time",
        "would be nice to see the same one maybe",
        "they keep changin staff",
        "Not sure who my worker is now tbh",
        "the turnover is crazy",
        "Think my trainer left? Nobody said.",
        "miss the old team to be honest",
        "Kind of lost track of who's who there now.",
        "new faces all the time, hard to keep up",
    ],
    ambiguous=[
        "It's not the same as it used to be.",
        "There have been a lot of changes this year.",
    ],
    near=[
        "The changing rooms at the pool are a bit grotty.",
        "The same three songs play at every exercise class.",
        "Every week we do the same route, which suits me.",
        "My old GP retired last year, the new one seems fine.",
        "I've changed my phone number so I hope you have the new one.",
        "Our team won the quiz at the summer fete.",
        "They changed the logo, not sure why they bothered.",
        "New faces in my street since the flats went up.",
        ("I'm the same weight as when I started, annoyingly.", "health_benefits"),
    ],
)

BANK["interpreting_language"] = dict(
    explicit=[
        "There was no interpreter available so my son had to translate for me.",
        "English is not my first language and the sessions are hard to follow.",
        "Leaflets should be translated into other languages.",
        "Having an interpreter at my appointments was a big help.",
        "The language barrier made it difficult to explain my problems.",
        "They need staff who speak Polish.",
        "Please provide information in Urdu and Bengali.",
        "I could not understand the nurse because my English is not good.",
        "An interpreter on the phone was offered but it did not work well.",
        "More support for people who don't speak English.",
    ],
    implicit=[
        "My daughter has to come with me to tell them what I am saying.",
        "I understand maybe half of what is said in the group.",
        "The papers were only in one language and it is not mine.",
        "They found a lady who speaks my language and then I could really talk.",
        "I nod because I am shy to say I did not understand.",
        "It is difficult for me with the words, I am from Romania.",
        "My mother doesn't come because she can't follow the conversation.",
        "Sometimes my children explain for us, but they miss school to do it.",
        "Speak slowly please, for people like me who are still learning.",
        "Pictures on the forms would help when reading is hard in a new country.",
    ],
    hedged=[
        "my english not so good, hard sometimes",
        "maybe translation would help some people",
        "interpretor would be good",
        "not sure they have anyone who speaks arabic",
        "the words in the letter very difficult for me",
        "I think more languages needed for this area",
        "its ok but sometimes i dont understand the teacher",
        "transalted leaflets pls",
        "Some of my neighbours would come if it was in their own language, I reckon.",
        "english only is a problem for lot of people here",
    ],
    ambiguous=[
        "It was hard for me to understand everything.",
        "I needed someone to come with me to explain.",
    ],
    near=[
        "I speak my mind, always have done.",
        "My grandson is learning French at school.",
        "Body language says a lot, I always think.",
        "We had a Polish lady in the group who made amazing cakes.",
        "The signs in the building are clear enough.",
        "I used to teach English before I retired.",
        "My neighbour speaks four languages, puts me to shame.",
        "The instructor explains the stretches in plain words, which I like.",
        ("The language in the leaflet was a bit patronising.", "information_publicity"),
        ("I translated my old recipes into healthier versions and we eat much better now.", "health_benefits"),
    ],
)

BANK["privacy_confidentiality"] = dict(
    explicit=[
        "I was worried about my privacy when talking in front of others.",
        "There's no private room to talk about personal things.",
        "I'm not sure my information is kept confidential.",
        "People in the waiting area can hear everything you say at reception.",
        "I didn't like my details being shared with my GP without asking me.",
        "Confidentiality is important and I felt it was respected.",
        "They asked personal questions in a busy room with no privacy.",
        "I want to know who sees my data.",
        "Everyone knows everyone here so privacy matters.",
        "A private space for weigh-ins would be better.",
    ],
    implicit=[
        "You have to say why you're there out loud at the desk with a queue behind you.",
        "Being weighed in the middle of the room in front of everyone was humiliating.",
        "The woman from my road was in the group and now half the street knows my business.",
        "I'd rather my employer didn't find out I'd been going.",
        "They took my notes out to the corridor and left them on a chair.",
        "The partition between the booths is paper thin.",
        "I wasn't asked before they passed my details on to the council.",
        "Who else gets to read what I tell them?",
        "The door was left open while I was talking about my mental health.",
        "In a small place like ours you don't want your name on a list pinned to the wall.",
    ],
    hedged=[
        "bit worried about who sees my info",
        "not much privacy at the desk tbh",
        "Would be nice to talk somewhere a bit more private maybe",
        "confidentiallity??",
        "i dont really want people knowing my buisness",
        "Not sure where my details end up, probably fine",
        "weigh ins in front of every1 not great",
        "Think they shared my stuff with the doctor, didn't mind that much but should of asked.",
        "feels a bit exposed in there",
        "a screen or something at reception would help",
    ],
    ambiguous=[
        "I felt a bit uncomfortable being asked all those questions.",
        "I'd prefer to see someone on my own.",
    ],
    near=[
        "They gave me a personal exercise plan on paper.",
        "The questionnaire data will hopefully help future groups.",
        "My personal trainer at the gym charges a fortune.",
        "They share the building with a toddler group.",
        "It's private land behind the building, so we can't walk there.",
        "I don't mind people knowing I'm trying to lose weight, I'm open about it.",
        "My details were all correct on the letter, for once.",
        "I keep a private diary, always have.",
        (
            "Sharing recipes with the others in the cooking group is my favourite part, we have a right laugh.",
            "social_contact",
        ),
        ("My information pack arrived a week after I'd already started.", "information_publicity"),
        ("Personal best on the walk last week, I'm really chuffed with how far I can go now.", "health_benefits"),
    ],
)

# Two-theme sentences, used when a unit holds both themes.
COMBOS = {
    ("staff_manner", "waiting_times"): [
        "The nurses are lovely but you wait forever to see one.",
        "Lovely staff, shame about the six week wait.",
        "Even when they're running an hour late the staff are always apologetic and kind.",
        "waited ages but the girls on reception were really nice about it",
    ],
    ("health_benefits", "social_contact"): [
        "I've lost a stone and made some good friends along the way.",
        "The walks have got me fitter and I've got people to talk to now.",
        "Being out with the group every week has done my blood pressure and my mood the world of good.",
    ],
    ("travel_access", "opening_hours"): [
        "By the time I've got off work and got two buses over there, it's shut.",
        "Evening sessions would be great if there was a bus home after seven.",
    ],
    ("continuity_of_staff", "staff_manner"): [
        "The new trainers don't seem as caring as the old team who left.",
        "Every time I get used to someone kind, they leave.",
    ],
    ("information_publicity", "interpreting_language"): [
        "The leaflets are only in English so my neighbours never hear about it.",
        "Nobody told my mum about the sessions in a language she understands.",
    ],
    ("privacy_confidentiality", "staff_manner"): [
        "The receptionist shouted my personal details across the room, no tact at all.",
    ],
}

FILLER = [
    "Thank you for asking.",
    "Keep up the good work.",
    "No other comments.",
    "I've been going since last year.",
    "I go with my sister.",
    "The tea and biscuits are nice.",
    "I hope the funding continues.",
    "It would be a shame if it stopped.",
    "Overall I'd recommend it.",
    "Not much else to say really.",
    "I've done the chair exercises and the cooking course.",
    "The room is clean and tidy.",
    "I'm 67 and retired.",
    "I care for my husband who has dementia.",
    "The coffee could be stronger!",
    "I've filled in a lot of these forms.",
    "My friend did it last year.",
    "It's a good idea in principle.",
    "Everything was fine.",
    "Some sessions are better than others.",
    "I liked the cooking one best.",
    "I don't really have any complaints.",
    "Hope this helps.",
    "Please keep it going.",
    "The building needs a lick of paint.",
    "It's for a good cause.",
    "I did the eight week course.",
    "I mostly go to the walks.",
    "Not sure what else to add.",
    "More funding needed generally.",
    "The room gets cold in winter.",
    "There was a raffle at Christmas.",
    "I only went twice so can't say much.",
    "My wife filled this in with me.",
    "Great idea for the area.",
    "Good value for the taxpayer I'd say.",
    "I'm not very good with computers so I did this on paper.",
    "Chairs are uncomfortable.",
    "There should be more things like this.",
    "The toilets need updating.",
    "I had a hip replacement two years ago.",
    "The survey is too long.",
    "I've recommended it to my cousin.",
    "I just go along and do my best.",
    "It's what you make of it really.",
    "Sometimes it's a bit noisy with the kids' club next door.",
    "The music in the exercise class is a bit old fashioned.",
    "I work part time at the library.",
    "I have three grandchildren.",
    "The programme seems well organised.",
    "Can't think of anything else.",
    "I'd give it eight out of ten.",
    "I was a bit nervous at first.",
    "The equipment is a bit dated.",
    "It's better than nothing.",
    "They did a session on sleep which was interesting.",
    "The mats in the exercise room smell a bit.",
    "I went with an open mind.",
    "I used to go to a slimming club years ago.",
    "I'm not really a survey person.",
    "My dog comes on the walks.",
    "The council should fund more of this.",
    "Good luck with the review.",
]

BLANK = [
    "no comment",
    "No comment.",
    "not applicable",
    "nothing really",
    "nothing",
    "Nothing to add.",
    "none",
    "-",
    "fine",
    "ok",
    "All fine.",
    "not sure",
    "dont know",
    ".",
    "no",
    "Nope",
    "nothing else thanks",
    "see above",
    "No",
    "nil",
]

# Place-specific local vocabulary (applied to most answers from that place).
PLACE_VOCAB = {
    "Ashcombe": [(r"\bbuses\b", "hoppers"), (r"\bbus\b", "hopper")],
    "Elmsworth": [
        (r"\bthe (centre|clinic)\b", "the Lantern"),
        (r"\bhealth trainers\b", "coaches"),
        (r"\bhealth trainer\b", "coach"),
    ],
    "Carrow Fen": [(r"\bthe hall\b", "the Barn"), (r"\bwalking group\b", "walking club"), (r"\bgroup\b", "club")],
}
P_VOCAB = 0.75

MISSPELL = [
    ("appointment", "apointment"),
    ("definitely", "definately"),
    ("really", "realy"),
    ("because", "becuase"),
    ("friendly", "freindly"),
    ("receive", "recieve"),
    ("probably", "probly"),
    ("their", "thier"),
    ("weight", "wieght"),
    ("interpreter", "interpretor"),
    ("information", "infomation"),
    ("privacy", "privicy"),
    ("transport", "transprot"),
    ("evening", "evenning"),
    ("waiting", "waitng"),
    ("sessions", "sesions"),
    ("confidential", "confidental"),
    ("different", "diffrent"),
]
P_MISSPELL = 0.25

# ---------------------------------------------------------------------------
# Engine
# ---------------------------------------------------------------------------
WORD_RE = re.compile(r"[A-Za-z]{5,}")
_erf = np.frompyfunc(math.erf, 1, 1)


def phi(x):
    return 0.5 * (1.0 + _erf(np.asarray(x) / math.sqrt(2.0)).astype(float))


def intended_p(theme, place, wave):
    t = THEMES[theme]
    p = t["base"] + t["place"].get(place, 0.0) + (t["wave"] if wave == WAVES[1] else 0.0)
    return float(min(max(p, 0.005), 0.95))


def text_of(entry):
    return entry if isinstance(entry, str) else entry[0]


def build_pools():
    conf = {t: [] for t in THEMES}
    near_none = []
    for t, b in BANK.items():
        for e in b["near"]:
            if isinstance(e, str):
                near_none.append(e)
            else:
                conf[e[1]].append(e[0])
    return conf, near_none


def check_banks():
    assert list(BANK) == list(THEMES)
    seen = set()
    for t, b in BANK.items():
        assert len(b["explicit"]) >= 10 and len(b["implicit"]) >= 10 and len(b["hedged"]) >= 10, t
        assert len(b["explicit"]) + len(b["implicit"]) + len(b["hedged"]) >= 30, t
        assert len(b["near"]) >= 8, t
        for e in b["near"]:
            if not isinstance(e, str):
                assert e[1] in THEMES and e[1] != t, e
        for s in b["explicit"] + b["implicit"] + b["hedged"] + b["ambiguous"] + [text_of(e) for e in b["near"]]:
            assert s not in seen, s
            seen.add(s)
    for pair, lst in COMBOS.items():
        assert pair[0] in THEMES and pair[1] in THEMES
        for s in lst:
            assert s not in seen, s
            seen.add(s)
    assert len(FILLER) >= 60
    for s in FILLER:
        assert s not in seen, s
        seen.add(s)


def keep_case(repl):
    def f(m):
        s = m.group(0)
        if s[:1].isupper() and repl[:1].islower():
            return repl[:1].upper() + repl[1:]
        return repl

    return f


def apply_vocab(text, place):
    for pat, repl in PLACE_VOCAB.get(place, []):
        text = re.sub(pat, keep_case(repl), text, flags=re.IGNORECASE)
    return text


def add_typo(s, rng):
    words = list(WORD_RE.finditer(s))
    if not words:
        return s
    m = words[int(rng.integers(len(words)))]
    w = m.group(0)
    i = int(rng.integers(1, len(w) - 1))
    op = int(rng.integers(3))
    if op == 0:
        w2 = w[:i] + w[i + 1] + w[i] + w[i + 2 :]
    elif op == 1:
        w2 = w[:i] + w[i + 1 :]
    else:
        w2 = w[:i] + w[i] + w[i:]
    return s[: m.start()] + w2 + s[m.end() :]


def misspell(s, rng):
    for right, wrong in MISSPELL:
        if re.search(right, s, flags=re.IGNORECASE) and rng.random() < P_MISSPELL:
            s = re.sub(right, wrong, s, count=1, flags=re.IGNORECASE)
    return s


class Picker:
    def __init__(self, rng, conf, near_none):
        self.rng = rng
        self.conf = conf
        self.near_none = near_none

    def choose(self, pool, used):
        avail = [s for s in pool if s not in used] or list(pool)
        s = avail[int(self.rng.integers(len(avail)))]
        used.add(s)
        return s

    def theme_sentence(self, t, used):
        r = self.rng.random()
        b = BANK[t]
        if r < P_AMBIGUOUS:
            pool = b["ambiguous"]
        elif r < P_AMBIGUOUS + P_CONFUSABLE and self.conf[t]:
            pool = self.conf[t]
        else:
            pool = b["explicit"] + b["implicit"] + b["hedged"]
        return self.choose(pool, used)


def compose_answer(themes, place, rng, picker):
    used = set()
    sents = []
    if not themes:
        if rng.random() < 0.40:
            return BLANK[int(rng.integers(len(BLANK)))]
        n = int(rng.choice([1, 2, 3], p=[0.45, 0.40, 0.15]))
        for _ in range(n):
            sents.append(picker.choose(FILLER, used))
        if rng.random() < 0.40:
            sents.append(picker.choose(picker.near_none, used))
    else:
        handled = set()
        for (a, b), lst in COMBOS.items():
            if a in themes and b in themes and a not in handled and b not in handled and rng.random() < P_COMBO:
                sents.append(picker.choose(lst, used))
                handled.update((a, b))
        for t in themes:
            if t in handled:
                continue
            k = 2 if (len(themes) <= 2 and rng.random() < 0.25) else 1
            for _ in range(k):
                sents.append(picker.theme_sentence(t, used))
        room = max(0, 5 - len(sents))
        if room and rng.random() < 0.30:
            sents.append(picker.choose(picker.near_none, used))
            room -= 1
        nf = min(room, int(rng.choice([0, 1, 2], p=[0.50, 0.38, 0.12])))
        for _ in range(nf):
            sents.append(picker.choose(FILLER, used))
    order = rng.permutation(len(sents))
    sents = [sents[i] for i in order]
    out = []
    for s in sents:
        s = misspell(s, rng)
        if rng.random() < 0.06:
            s = add_typo(s, rng)
        if rng.random() < 0.12 and s[:1].isupper() and not s.startswith("I "):
            s = s[0].lower() + s[1:]
        if rng.random() < 0.15 and s.endswith("."):
            s = s[:-1]
        out.append(s)
    text = ""
    for i, s in enumerate(out):
        if i == 0:
            text = s
        else:
            text += " - " + s if rng.random() < 0.06 else " " + s
    if place in PLACE_VOCAB and rng.random() < P_VOCAB:
        text = apply_vocab(text, place)
    r = rng.random()
    if r < 0.25:
        text = text.replace("'", "")
    elif r < 0.35:
        text = text.replace("'", "\u2019")
    r = rng.random()
    if r < 0.14:
        text = text.lower()
    elif r < 0.15:
        text = text.upper()
    return text


def main():
    check_banks()
    rng = np.random.default_rng(SEED)
    conf, near_none = build_pools()
    picker = Picker(rng, conf, near_none)
    places = list(PLACES)
    w = np.array([PLACES[p] for p in places])
    w = w / w.sum()
    themes = list(THEMES)
    n = N_UNITS
    place_idx = rng.choice(len(places), size=n, p=w)
    wave_idx = (rng.random(n) < P_WAVE2).astype(int)
    z = rng.standard_normal(n)
    e = rng.standard_normal((n, len(themes)))
    lat = RHO * z[:, None] + math.sqrt(1 - RHO**2) * e
    u = phi(-lat)  # uniform marginals; high engagement -> small u
    P = np.array([[intended_p(t, places[place_idx[i]], WAVES[wave_idx[i]]) for t in themes] for i in range(n)])
    has = u < P

    units, passages, truth = [], [], []
    for i in range(n):
        uid = f"{UNIT_PREFIX}{i + 1:04d}"
        place = places[place_idx[i]]
        wave = WAVES[wave_idx[i]]
        units.append((uid, place, wave, "survey"))
        ths = [themes[j] for j in range(len(themes)) if has[i, j]]
        text = compose_answer(ths, place, rng, picker)
        sid = f"{uid}-s01"
        passages.append((sid, uid, 1, "participant", text))
        for t in ths:
            truth.append((sid, t))

    units_df = pd.DataFrame(units, columns=["unit_id", "place", "wave", "method"])
    pass_df = pd.DataFrame(passages, columns=["segment_id", "unit_id", "turn", "speaker", "text"])
    truth_df = pd.DataFrame(truth, columns=["segment_id", "theme_id"])

    # checks
    assert len(units_df) == n and units_df.unit_id.is_unique
    assert pass_df.segment_id.is_unique and len(pass_df) == n
    part = set(pass_df.loc[pass_df.speaker == "participant", "segment_id"])
    assert set(truth_df.segment_id) <= part
    assert not truth_df.duplicated().any()
    assert set(truth_df.theme_id) == set(themes)

    kw = dict(index=False, encoding="utf-8", lineterminator="\n")
    units_df.to_csv(OUT / "units.csv", **kw)
    pass_df.to_csv(OUT / "passages.csv", **kw)
    truth_df.to_csv(OUT / "truth.csv", **kw)
    back = pd.read_csv(OUT / "passages.csv")  # default reader must see every text (no NA-like answers)
    assert back.text.notna().all() and len(back) == len(pass_df)
    write_readme(units_df, pass_df, truth_df)


def write_readme(units_df, pass_df, truth_df):
    themes = list(THEMES)
    places = list(PLACES)
    seg2unit = dict(zip(pass_df.segment_id, pass_df.unit_id))
    tu = truth_df.assign(unit_id=truth_df.segment_id.map(seg2unit))[["unit_id", "theme_id"]].drop_duplicates()
    has = pd.crosstab(tu.unit_id, tu.theme_id).reindex(index=units_df.unit_id, columns=themes, fill_value=0) > 0
    has.index = units_df.index
    L = []
    L.append(f"# {TITLE}\n")
    L.append(
        "Made by `generate.py` (numpy `default_rng(%d)`); rerunning it rewrites `units.csv`, "
        "`passages.csv`, `truth.csv` and this README byte-identically.\n" % SEED
    )
    L.append("## How it was made\n")
    L.append(f'- Question: "{QUESTION}"')
    L.append(f"- {N_UNITS} respondents, one free-text answer each (method `survey`, turn 1, speaker `participant`).")
    L.append(
        "- Places drawn with shares "
        + ", ".join(f"{p} {s:.2f}" for p, s in PLACES.items())
        + f"; wave {WAVES[1]} with probability {P_WAVE2}."
    )
    L.append(
        f"- Each respondent holds each theme with the intended probability for its place and wave below. "
        f"Themes are linked through one shared respondent 'engagement' factor (Gaussian copula, rho={RHO}), "
        f"which keeps each theme's marginal probability but makes long multi-theme answers and empty answers more realistic."
    )
    L.append(
        "- Text is composed from hand-written sentence banks: per theme about 10 explicit, 10 implicit/paraphrased "
        "and 10 hedged/colloquial/misspelt sentences, 2 ambiguous sentences, and 8-11 near-miss sentences. "
        "A respondent gets 1-2 sentences per theme held (1 when holding 3 or more), sometimes a near-miss "
        "(carries no theme) and 0-2 off-topic filler sentences (bank of %d), shuffled. "
        "Respondents with no theme give a blank-ish answer (%d variants, 40%%) or 1-3 filler/near-miss sentences."
        % (len(FILLER), len(BLANK))
    )
    L.append(
        f"- Human-coder imperfection: {P_AMBIGUOUS:.0%} of theme sentences come from an 'ambiguous' bank "
        "(vague wording a human coder still coded); they are counted as true codes."
    )
    L.append(
        f"- {P_CONFUSABLE:.0%} of theme sentences (where available) are another theme's near-miss that actually carries "
        "this theme (shares the other theme's words). When a respondent holds both themes of certain pairs, "
        f"with probability {P_COMBO} a single sentence carrying both is used."
    )
    L.append(
        "- Noise: misspellings of common words, random typos (6% of sentences), lower-cased sentence starts, "
        "dropped full stops, whole answers lower-cased (14%) or upper-cased (1%), apostrophes dropped (25%) "
        "or curly (10%), and place vocabulary applied to 75% of answers from: "
        + "; ".join(f"{p} ({', '.join(r for _, r in v)})" for p, v in PLACE_VOCAB.items())
        + "."
    )
    L.append(
        "- Truth (`truth.csv`) = the themes the chosen sentences were written to carry; one row per "
        "(segment, theme); segments without themes do not appear.\n"
    )
    L.append("## Intended unit-level prevalence by place and wave\n")
    hdr = "| theme | " + " | ".join(f"{p} {w}" for p in places for w in WAVES) + " |"
    L.append(hdr)
    L.append("|" + "---|" * (1 + len(places) * len(WAVES)))
    for t in themes:
        L.append(f"| {t} | " + " | ".join(f"{intended_p(t, p, w):.3f}" for p in places for w in WAVES) + " |")
    L.append("")
    L.append("## Realised unit-level shares\n")
    L.append(f"Units: {len(units_df)}; passages: {len(pass_df)}; true codes: {len(truth_df)}.\n")
    L.append("| theme | overall | " + " | ".join(f"wave {w}" for w in WAVES) + " | " + " | ".join(places) + " |")
    L.append("|" + "---|" * (2 + len(WAVES) + len(places)))
    for t in themes:
        row = [f"{has[t].mean():.3f}"]
        row += [f"{has.loc[units_df.wave == w, t].mean():.3f}" for w in WAVES]
        row += [f"{has.loc[units_df.place == p, t].mean():.3f}" for p in places]
        L.append(f"| {t} | " + " | ".join(row) + " |")
    L.append("")
    L.append(
        "Group sizes: "
        + ", ".join(f"{p} {int((units_df.place == p).sum())}" for p in places)
        + "; "
        + ", ".join(f"wave {w} {int((units_df.wave == w).sum())}" for w in WAVES)
        + "."
    )
    L.append("Units with no theme: %d (%.1f%%)." % ((~has.any(axis=1)).sum(), 100 * (~has.any(axis=1)).mean()))
    (OUT / "README.md").write_text("\n".join(L) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()

#!/usr/bin/env python
"""Synthetic coder-evaluation data set: heldout_interview.

Semi-structured interviews with participants of a rural employment support
programme ("Upland Pathways").  ~110 transcripts, each 8-20 participant turns
alternating with interviewer questions (which carry no themes).  10 themes,
5 places, 2 waves.  Truth per participant turn = the theme(s) each
hand-written sentence was written to carry.

Run:  python generate.py      (rewrites units.csv, passages.csv, truth.csv,
                               README.md in this folder; byte-identical on rerun)
"""

import math
import re
from pathlib import Path

import numpy as np
import pandas as pd

SEED = 392  # chosen from seeds 1-2000: rare themes realised at 2-5% and realised shares / wave changes close to intended (n=110 is small)
OUT = Path(__file__).resolve().parent
N_UNITS = 110
UNIT_PREFIX = "UP"
PLACES = {
    "Glenmarrow": 0.26,
    "Thornby Moor": 0.28,
    "Ashlet Quay": 0.20,
    "Pennock": 0.16,
    "Ravensgill": 0.10,
}
WAVES = ["2025", "2026"]
P_WAVE2 = 0.50
RHO = 0.20
P_AMBIGUOUS = 0.05
P_CONFUSABLE = 0.10
P_COMBO = 0.40
MIN_TURNS, MAX_TURNS = 8, 20
TITLE = "heldout_interview - synthetic coder-evaluation data (rural employment support interviews)"

THEMES = {
    "transport_barriers": dict(base=0.40, place={"Ravensgill": 0.15, "Ashlet Quay": -0.12}, wave=0.0),
    "adviser_relationship": dict(base=0.38, place={}, wave=0.0),
    "confidence_wellbeing": dict(base=0.25, place={}, wave=0.12),
    "skills_training": dict(base=0.12, place={}, wave=0.12),
    "job_quality": dict(base=0.12, place={"Ashlet Quay": 0.18}, wave=0.0),
    "digital_connectivity": dict(base=0.22, place={"Thornby Moor": 0.05}, wave=-0.13),
    "caring_responsibilities": dict(base=0.14, place={}, wave=0.0),
    "benefits_rules": dict(base=0.11, place={}, wave=0.0),
    "employer_attitudes": dict(base=0.045, place={}, wave=0.0),
    "housing_instability": dict(base=0.04, place={"Ashlet Quay": 0.03}, wave=0.0),
}

BANK = {}

BANK["transport_barriers"] = dict(
    explicit=[
        "The bus only runs twice a day, so I couldn't get to the job even if I got it.",
        "Transport is the big problem out here.",
        "I haven't got a car and there's no public transport to speak of.",
        "They paid for my bus pass, which made a massive difference.",
        "The nearest jobs are in town, forty minutes by car, and I don't drive.",
        "Without a driving licence you're stuck round here.",
        "The train station closed years ago.",
        "Getting to the appointments in town cost me a fortune in bus fares.",
        "Travel costs eat up most of what you'd earn.",
        "I had to turn down an interview because there was no bus that would get me there in time.",
    ],
    implicit=[
        "If I start at seven in the morning, there's just no way of getting there.",
        "My brother runs me in when he can, but he's got his own work.",
        "I'd cycle, but it's eleven miles over the top and in winter, forget it.",
        "The last one back leaves town at ten past five, so any shift that ends later is out.",
        "I spent two hours each way to get to a twenty-minute meeting.",
        "Half the jobs say 'own vehicle essential' and that's me out.",
        "They gave me money for a moped and honestly that changed everything.",
        "You're relying on lifts from people, and people let you down.",
        "When the school runs stopped, the only way out of the village went with it.",
        "I walked it, three miles, in the rain, just to make the meeting.",
    ],
    hedged=[
        "It's, um, the buses, really, they're just not there.",
        "I mean, if I had a car it'd be different, wouldn't it.",
        "Sometimes I can get a lift, sometimes not, it depends.",
        "Getting in to town is, yeah, it's a nightmare to be honest.",
        "The buss is every two hours if you're lucky.",
        "I suppose it's a long way, but you get used to it.",
        "Petrol's not cheap either, you know, when you're on nothing.",
        "I think if the transport was better I'd have been working by now, maybe.",
        "You kind of need wheels out here, that's just how it is.",
        "It's a trek, it is, a proper trek.",
    ],
    ambiguous=[
        "It's just where we are, isn't it, it's the back of beyond.",
        "Everything's so spread out.",
    ],
    near=[
        "I used to drive a delivery van, years ago.",
        "My dad was a bus driver for thirty years.",
        "My car's an old banger but it's paid for.",
        "They moved the office to the old library, which is nicer inside.",
        "The road past our house is getting busier with tourists.",
        "I've travelled a lot in my life, I lived abroad for a bit.",
        "The journey of getting back to work is a long one, I'll say that.",
        "Transport was one of the things on the form they gave me, I ticked 'no problems'.",
        ("My licence, that's what I'm after, they've put me on a course for it.", "skills_training"),
        ("The signal drops out on the bus so I can't do my applications on the way in.", "digital_connectivity"),
    ],
)

BANK["adviser_relationship"] = dict(
    explicit=[
        "My adviser was brilliant, she really listened to me.",
        "I trusted my key worker completely.",
        "The adviser treated me like a person, not a number.",
        "I didn't get on with my first adviser at all.",
        "Having the same work coach all the way through really helped.",
        "My adviser rang me every week to check how I was getting on.",
        "The support from my adviser was the best part of the programme.",
        "My work coach didn't seem to understand my situation.",
        "She was more like a friend than an adviser, to be honest.",
        "The key worker pushed me, but in a good way.",
    ],
    implicit=[
        "Dave, the fella I saw, he never once made me feel like I was wasting his time.",
        "She texted me the night before my interview just to say good luck.",
        "He'd clearly not read my notes from the last time.",
        "I could tell her things I hadn't told my own family.",
        "When I missed a session she didn't give me a row, she just asked if I was okay.",
        "It felt like she was on my side for once.",
        "I dreaded going in to see him, honestly, he'd just tick boxes.",
        "She remembered my kids' names, little things like that.",
        "He went and found out about the course for me when I couldn't face ringing them.",
        "She believed in me before I did.",
    ],
    hedged=[
        "She was alright, yeah, she was nice enough.",
        "I mean, he tried, I'll give him that.",
        "Um, my advisor, she was, yeah, she was good actually.",
        "I suppose I got on with him okay, mostly.",
        "It kind of depended who you got, and I got a good one.",
        "She was, like, really down to earth, you know?",
        "Not sure he really got me, but fair enough.",
        "My worker was sound, proper sound.",
        "I think if I'd had a different one I'd have packed it in.",
        "She's, er, she's left now, which is a shame, we got on.",
    ],
    ambiguous=[
        "They were there if I needed them.",
        "It was good to have someone to go to.",
    ],
    near=[
        "My financial adviser at the bank wasn't much help with the loan.",
        "I advise everyone to read the small print.",
        "My mate's a key worker at the care home.",
        "The receptionist at the office always had the radio on.",
        "I had a coach when I played rugby as a lad.",
        "I saw the advert for the programme at the doctor's.",
        "We did a group session, there were about eight of us.",
        "I've got a meeting with someone on Thursday, I think.",
        ("My adviser told me about the forklift course and I did it the month after.", "skills_training"),
        ("The adviser said I'd lose my housing benefit if I took more hours.", "benefits_rules"),
    ],
)

BANK["confidence_wellbeing"] = dict(
    explicit=[
        "My confidence has gone through the roof since I started.",
        "I was really depressed before and this helped me get out of it.",
        "I feel much more confident going into interviews now.",
        "It's done wonders for my mental health.",
        "My anxiety was really bad at the start.",
        "I feel more motivated than I have in years.",
        "The rejections knocked my confidence badly.",
        "I've got my self-esteem back.",
        "I was so low I couldn't see the point of applying for anything.",
        "It gave me a sense of purpose again.",
    ],
    implicit=[
        "Before, I couldn't even make a phone call without shaking.",
        "I actually get up in the morning now, with a reason to.",
        "I walked into that interview with my head up, for the first time in ages.",
        "There were weeks I didn't leave the house.",
        "My wife says I'm a different man.",
        "Every 'no thanks' felt like another kick.",
        "I started to think, actually, maybe I can do this.",
        "I'd lost myself a bit, after the redundancy.",
        "I can look people in the eye now.",
        "Some days it's just getting out of bed that's the win.",
    ],
    hedged=[
        "I feel, I dunno, a bit better in myself, maybe.",
        "It's helped with my nerves, sort of.",
        "Um, I was in a bad place, yeah.",
        "Yeah, I'm more confident, I think, a bit.",
        "It's not like a miracle, but I'm less anxious.",
        "My head was all over the place, honestly.",
        "I kind of believe in myself a bit more now, which is weird.",
        "Some days I'm fine, some days I'm not.",
        "I was proper down, like properly.",
        "My confidance was at rock bottom.",
    ],
    ambiguous=[
        "It got me out of a rut.",
        "It's been good for me, generally.",
    ],
    near=[
        "The weather's been depressing this summer, hasn't it.",
        "I'm not a nervous flyer, I'll go anywhere.",
        "My cousin works in mental health nursing.",
        "They had a motivational speaker come in, he talked about his own business.",
        "The feeling in the village is that nobody cares about us.",
        "Happy hour at the pub is the only thing happening round here.",
        "I'm the positive one in our family, always have been.",
        "My son struggles with his nerves at school.",
        ("I did a mental health first aid course through them, got the certificate.", "skills_training"),
    ],
)

BANK["skills_training"] = dict(
    explicit=[
        "I did a forklift licence through the programme.",
        "The training courses were really useful.",
        "I got my CSCS card, so now I can work on building sites.",
        "I'd like to do more training, maybe an IT course.",
        "The course they put me on was a waste of time, I already knew it all.",
        "I got a food hygiene certificate.",
        "They paid for my HGV training.",
        "I didn't have any qualifications when I started.",
        "Learning new skills was the best thing about it.",
        "There weren't any courses nearby that I could do.",
    ],
    implicit=[
        "I can drive a telehandler now, which opens up the farm work.",
        "I'd never written a CV in my life and now I've got one I'm proud of.",
        "Two weeks in a classroom and I came out with a bit of paper that employers actually ask for.",
        "I want to get my tickets for chainsaw work.",
        "They taught us how to do an interview, properly, role plays and everything.",
        "I'm doing my level two in childcare at the college now.",
        "I did the first aid one and the manual handling one.",
        "Everything I'd learnt was twenty years out of date.",
        "I'd love to learn welding but the nearest place that does it is miles away.",
        "I can make a proper flat white now, they taught us on the cafe placement.",
    ],
    hedged=[
        "I did a course, um, customer service I think it was.",
        "The training was, yeah, it was okay.",
        "Maybe I'd do another course, if there was one.",
        "I'm not really a classroom person, but I got through it.",
        "I got a certifcate for something, health and safety.",
        "I suppose it was useful, the computer bit.",
        "Could have done with more hands-on stuff, you know.",
        "I'd like a trade, like, electrics or something.",
        "The course was a bit basic for me to be honest.",
        "Didn't finish the english and maths, might go back to it.",
    ],
    ambiguous=[
        "I learned a lot from it.",
        "It showed me what I could do.",
    ],
    near=[
        "My daughter's doing her GCSEs this year.",
        "We did a training walk for the charity fun run.",
        "I'm training the dog, she's a nightmare.",
        "The college building in town is massive now.",
        "My skills at cooking are non-existent, my partner does it.",
        "Over the course of about six months we met every couple of weeks.",
        "My brother's a plumber, he did an apprenticeship.",
        "Practice makes perfect, my nan used to say.",
    ],
)

BANK["job_quality"] = dict(
    explicit=[
        "All the jobs round here are seasonal, you're laid off every October.",
        "It's zero-hours contracts or nothing.",
        "The wages are terrible, minimum wage if you're lucky.",
        "There just aren't any decent jobs in this area.",
        "The job I got is only part-time and I need full-time.",
        "Most of the work is in tourism and it dries up in winter.",
        "I found a permanent job with proper hours, which I never thought I'd find.",
        "Agency work is all there is and it's so insecure.",
        "The pay is so low I'm barely better off than before.",
        "The jobs are there but they're low paid and dead end.",
    ],
    implicit=[
        "Come the end of the holidays the caravan park lets everyone go.",
        "They'll ring you at six in the morning to say there's a shift, or there isn't.",
        "You're cleaning holiday cottages for peanuts.",
        "I'm forty-two and I'm picking fruit alongside students.",
        "It's four hours here, six hours there, never enough to live on.",
        "There's the factory, the care homes, and that's your lot.",
        "I had my hours cut the week after I signed the contract.",
        "Everything going is for summer, nothing for the winter months.",
        "I got taken on full-time at the garage, with a pension and everything.",
        "People with degrees are stacking shelves out here.",
    ],
    hedged=[
        "The jobs are, well, they're not great, are they.",
        "It's mostly seasonal, I think.",
        "Bit of cleaning, bit of bar work, nothing steady.",
        "Minimum wage, yeah, that's about it.",
        "I mean, a jobs a job, but.",
        "Not much going round here, to be honest, not proper jobs anyway.",
        "I think there's more work in summer, maybe.",
        "Zero hours, which is, you know, it's hard to plan.",
        "The hours are all over the place.",
        "its all temp work round here",
    ],
    ambiguous=[
        "There's not a lot for people like me.",
        "It's not a career, is it.",
    ],
    near=[
        "My dad worked down the pit his whole life.",
        "The summer is lovely here, the valley's full of walkers.",
        "My sister's got a job in the city.",
        "Jobs around the house keep me busy.",
        "My partner works in the hotel, she enjoys it.",
        "I had a job interview last week, it went alright I think.",
        "The season starts at Easter, the whole village comes alive.",
        "Working hours at the office were nine till four, so I went in the mornings.",
        ("Part-time is all I can do with the kids at school.", "caring_responsibilities"),
    ],
)

BANK["digital_connectivity"] = dict(
    explicit=[
        "The broadband here is so slow you can't do anything online.",
        "There's no mobile signal at my house.",
        "Every job application is online now and I don't have a computer.",
        "I'm not good with computers, so the online forms were a struggle.",
        "They lent me a laptop, which meant I could finally apply for things.",
        "I have to go to the library to use the internet.",
        "My phone's too old to run the apps they want you to use.",
        "Since we got fibre broadband in the village it's much easier.",
        "The online journal is impossible to use on a phone.",
        "I can't afford the data to be online all the time.",
    ],
    implicit=[
        "I stand at the top of the garden holding my phone up to get one bar.",
        "It took me three goes to upload my CV because it kept cutting out.",
        "My daughter fills everything in for me, I haven't a clue with it.",
        "The village hall has wifi now so I go there on a Tuesday.",
        "Video interviews are no good when the picture freezes every ten seconds.",
        "I'm sixty-one, I never needed a password for anything before.",
        "Everything's 'apply on our website', even for the farm jobs.",
        "I missed the text about the interview because there's no reception down the lane.",
        "They showed me how to set up an email address, which sounds daft, but I'd never had one.",
        "The page times out before I've even finished typing.",
    ],
    hedged=[
        "The internet's, um, patchy, yeah.",
        "I'm not very techy, if you know what I mean.",
        "Sometimes the signal's fine, sometimes it's not.",
        "I think the wifi's better now, maybe.",
        "Computers and me don't really get on.",
        "I've got a phone, but, you know, it's not a smart one.",
        "the broadbands rubbish",
        "Online stuff, yeah, I kind of struggle with it.",
        "I suppose I manage with the library computers.",
        "internets always down out here",
    ],
    ambiguous=[
        "It's all done differently now, isn't it.",
        "I'm a bit behind the times with that sort of thing.",
    ],
    near=[
        "I signed up to a dating site, don't tell my mum.",
        "My son's always on his phone, drives me mad.",
        "I listen to the radio online while I do the garden.",
        "I'm on the computer for hours doing my family history.",
        "The signal box at the old station is a holiday let now.",
        "My phone number changed last year so I had to tell everyone.",
        "I watched a video online about how to fix my bike.",
        "We're all connected in the village, everyone knows everyone.",
        "The network of farms round here all know each other.",
    ],
)

BANK["caring_responsibilities"] = dict(
    explicit=[
        "I can only work during school hours because of the kids.",
        "Childcare is so expensive it's not worth me working.",
        "I care for my mum, so I can't do full-time.",
        "There's no childcare in the village at all.",
        "Being a single parent makes it really hard to find work that fits.",
        "I'm a carer for my husband, he has MS.",
        "They helped me find a childminder, which meant I could start the job.",
        "The school holidays are a nightmare for working parents.",
        "My caring responsibilities come first.",
        "Nursery fees would eat my whole wage.",
    ],
    implicit=[
        "I have to be at the school gate at quarter past three, no matter what.",
        "My dad can't be left on his own for more than a couple of hours now.",
        "The nearest nursery is twelve miles and has a waiting list of a year.",
        "When the little one's poorly, that's me off, there's nobody else.",
        "My mother-in-law has the baby on Mondays and Tuesdays, so those are my days.",
        "I do her tablets, her meals, her washing, and then people ask why I'm not working.",
        "Who'd have my boy after school? There's nobody.",
        "They let me do the sessions while the kids were at nursery, which made all the difference.",
        "My wife's on oxygen now, so I'm here most of the day.",
        "Summer's six weeks of juggling.",
    ],
    hedged=[
        "It's the kids, really, that's the thing.",
        "I mean, I'd work more, but who'd look after my mam?",
        "Childcare's, um, it's a problem, yeah.",
        "I suppose when they're older it'll be easier.",
        "I kind of fit it round the kids, you know.",
        "The childminder's full, so, yeah.",
        "I look after my nan a bit, not full on, but a bit.",
        "It's hard with three of them under five.",
        "my mums not well so I'm needed at home",
        "Maybe when he starts school I'll go full-time.",
    ],
    ambiguous=[
        "There's a lot going on at home.",
        "Family comes first, doesn't it.",
    ],
    near=[
        "My kids are grown up now, they've both left home.",
        "I used to work in a care home, years ago.",
        "I don't care what the job is, I just want one.",
        "My son's doing well at school.",
        "Childcare was never an issue for me, my partner does the school run.",
        "We're a close family.",
        "My daughter had a baby last year, so I'm a grandad now.",
        "Take care of yourself, that's what I tell people.",
        (
            "The care I got from the woman I saw every fortnight was amazing, she really looked out for me.",
            "adviser_relationship",
        ),
    ],
)

BANK["benefits_rules"] = dict(
    explicit=[
        "I got sanctioned for missing an appointment I didn't know about.",
        "I was scared that taking a job would mess up my benefits.",
        "The rules on Universal Credit are impossible to understand.",
        "They threatened to stop my benefits if I didn't apply for more jobs.",
        "If I work more than sixteen hours I lose part of my benefits.",
        "The benefit system punishes you for trying to work.",
        "They explained how my benefits would change if I took the job, which helped.",
        "Having to apply for thirty-five hours of jobs a week is ridiculous.",
        "My benefits were stopped for four weeks.",
        "The jobcentre rules don't make sense for people in rural areas.",
    ],
    implicit=[
        "If the hours go up, the money from the government goes down, so what's the point.",
        "They stopped my money because I was ten minutes late for my appointment.",
        "I have to prove I've spent thirty-five hours a week looking, when there are two jobs in the whole valley.",
        "I was terrified of getting a letter saying they'd take it all off me.",
        "The better-off calculation they did showed I'd actually be worse off working.",
        "I spent months waiting for my claim to go through with nothing coming in.",
        "Miss one thing and your payment's gone for a month.",
        "I had to take the first thing going or they'd stop it.",
        "The forms asked me the same questions five different ways.",
        "Once you come off it, getting back on takes weeks, so you daren't risk it.",
    ],
    hedged=[
        "It's the, um, the benefits thing, you worry, don't you.",
        "I think I'd lose some of my money, maybe, if I went full-time.",
        "The sanctions are, yeah, they're harsh.",
        "I don't really understand how it all works with my UC.",
        "the jobcentre are always on at you",
        "I suppose they've got rules, but some of them are daft.",
        "I got a sanction once, never again.",
        "Not sure if I'm allowed to do volunteering on my benefits.",
        "I was worried about my housing benefit, sort of.",
        "univeral credit is a nightmare",
    ],
    ambiguous=[
        "You feel watched all the time.",
        "It's a system, and you're just a number in it.",
    ],
    near=[
        "The benefits of living in the country are the views and the quiet.",
        "My sister works at the jobcentre in town.",
        "I don't like rules much, never have.",
        "I got a letter from the council about my bins.",
        "My credit card's maxed out, I won't lie.",
        "I sign for my mum's parcels, she's never in.",
        "My friend got a sanction once, years back, but I never have.",
        "The jobcentre moved to a smaller building last year.",
        (
            "The rules at the hostel were strict, and I never knew if I'd have a bed the next month.",
            "housing_instability",
        ),
    ],
)

BANK["employer_attitudes"] = dict(
    explicit=[
        "Employers don't want to know once they see my age.",
        "Because of my criminal record, nobody will give me a chance.",
        "As soon as I mention my disability the interview goes cold.",
        "The employer was really understanding about my mental health.",
        "Employers round here only hire people they know.",
        "I've been discriminated against because of my accent.",
        "Employers see the gap in my CV and bin it.",
        "The employer the programme linked me with was willing to give me a chance.",
        "There's a stigma about being on benefits when you go for jobs.",
        "Some employers think if you're over fifty you're past it.",
    ],
    implicit=[
        "The minute I said where I'd been for the last three years, his face changed.",
        "They were lovely on the phone, then they saw the wheelchair.",
        "He took me on knowing everything, and I'll never forget that.",
        "You can tell they're thinking 'too old' before you've even sat down.",
        "It's who your dad is round here, not what you can do.",
        "They said I was overqualified, which I think means old.",
        "After the accident nobody wanted to risk taking me on.",
        "Once they hear you've been out of work that long, they assume there's something wrong with you.",
        "The farmer said he'd rather have a lad from the village.",
        "She didn't blink at my conviction, just asked when I could start.",
    ],
    hedged=[
        "I think, um, they just see my age, maybe.",
        "I don't know, maybe it's the gap on my CV.",
        "Employers are, yeah, some are okay, some aren't.",
        "I kind of feel judged when I walk in for an interview.",
        "It's hard with a record, you know.",
        "I'm not saying they're prejudiced, but.",
        "Some bosses just dont want to know",
        "I reckon they want younger people.",
        "I suppose they've got to think about their business.",
        "Nobody wants to take a chance on someone like me, I think.",
    ],
    ambiguous=[
        "I never hear back from anyone I apply to.",
        "They always go for someone else.",
    ],
    near=[
        "My old employer went bust in the pandemic.",
        "I've got a good reference from my last boss.",
        "The boss of the programme came to visit once.",
        "My record collection is massive, vinyl mostly.",
        "I'm not bothered about my age, I've still got plenty of energy.",
        "The employers' breakfast was held at the hotel, I didn't go.",
        "Age is just a number, my nan says.",
        "I've employed people myself, when I had the shop.",
        ("The farmer pays cash in hand, no contract, and you never know if there's work next week.", "job_quality"),
    ],
)

BANK["housing_instability"] = dict(
    explicit=[
        "I was homeless for part of the time I was on the programme.",
        "I'm sofa surfing at the moment, which makes everything harder.",
        "My landlord is selling up and I've got to be out by the end of the month.",
        "Rents here are so high because of the holiday lets.",
        "I'm in temporary accommodation miles from anywhere.",
        "We were evicted last year.",
        "Finding somewhere affordable to live round here is impossible.",
        "My housing situation is stable now, which means I can focus on work.",
        "I was living in a caravan with no heating all winter.",
        "The hostel was no place to be getting up for interviews from.",
    ],
    implicit=[
        "Half the houses in the village are second homes, empty nine months of the year.",
        "I've moved four times in two years.",
        "I'm in my mate's spare room until something comes up.",
        "The letter said two months' notice, and that was that.",
        "You can't put an address on a form when you haven't got one.",
        "My stuff's in bin bags at my sister's.",
        "The council put us in a B&B on the coast for six weeks.",
        "I'm back at my mum's at thirty-four, in my old bedroom, because I couldn't keep up the rent.",
        "The static is freezing and the site closes in January.",
        "Once I had my own front door, everything else started falling into place.",
    ],
    hedged=[
        "Housing's, um, yeah, it's a bit up in the air at the moment.",
        "I think I might have to move again, not sure.",
        "I'm kind of between places.",
        "The rent's going up and I don't know, maybe I'll have to go.",
        "It's not ideal where I am but it's a roof.",
        "stayin at a friends for now",
        "I suppose I've been lucky, I've mostly had somewhere, mostly.",
        "Finding a place, honestly, it's harder than finding a job.",
        "the holiday lets have pushed everyone out",
        "I'm on the housing list but it's years.",
    ],
    ambiguous=[
        "Things at home have been unsettled.",
        "I don't know where I'll be in six months.",
    ],
    near=[
        "I live with my partner and the dog, it's a nice little house.",
        "My house is on the main road, so it's easy to find.",
        "Home is where the heart is.",
        "I grew up in the house I live in now.",
        "The housing estate has a new play park.",
        "We're thinking of moving to be nearer my mum one day.",
        "My landlord's alright actually, fixes things quickly.",
        "I've got a mortgage, so I need a decent wage.",
        ("The holiday lets give a bit of cleaning work in summer, but it's gone by October.", "job_quality"),
    ],
)

COMBOS = {
    ("transport_barriers", "job_quality"): [
        "The pay doesn't even cover the cost of getting there.",
        "There's work at the hotel on the coast but it's split shifts and no bus between them.",
    ],
    ("transport_barriers", "caring_responsibilities"): [
        "I'd have to get the kids to school, then an hour on the bus, and be back for three, it doesn't add up.",
    ],
    ("transport_barriers", "benefits_rules"): [
        "They stopped my money because the bus was late and I missed signing on.",
    ],
    ("adviser_relationship", "confidence_wellbeing"): [
        "She kept telling me I was better than I thought I was, and eventually I believed her.",
        "Having him in my corner, it lifted me, I stopped feeling so useless.",
    ],
    ("digital_connectivity", "skills_training"): [
        "They did a computer course at the hall that showed me how to apply for things online.",
    ],
    ("caring_responsibilities", "employer_attitudes"): [
        "When the little one's poorly that's me off work, and employers don't like it.",
    ],
    ("job_quality", "benefits_rules"): [
        "Taking seasonal work means coming off and back on benefits every year, and that's weeks with nothing.",
    ],
    ("housing_instability", "transport_barriers"): [
        "Since I got moved to the temporary place I'm two buses from anywhere.",
    ],
}

FILLER = [
    "Yeah, I think so.",
    "Um, let me think.",
    "That's a good question.",
    "I've lived here all my life.",
    "I'm thirty-eight, I've got two brothers.",
    "It was about two years ago now.",
    "I heard about it from a friend.",
    "My last job was in a warehouse.",
    "I worked at the creamery for eleven years until I left.",
    "I don't really know what else to say.",
    "It's hard to explain.",
    "I suppose so, yeah.",
    "Not really, no.",
    "That was about it, really.",
    "I went every fortnight.",
    "I started in the spring.",
    "We had a meeting first and they explained what it was.",
    "There was a lot of paperwork at the start.",
    "I'm still on it now.",
    "I finished in March.",
    "I'd recommend it, yeah.",
    "I can't remember exactly.",
    "It was in the old library building.",
    "I like walking, fishing, that sort of thing.",
    "My partner works at the school.",
    "I'm a bit of a homebody.",
    "I was born just over the hill.",
    "We've got a dog.",
    "It is what it is.",
    "Sorry, I'm rambling.",
    "What was the question again?",
    "Oh, that's going back a bit.",
    "I think that's everything.",
    "Put it this way, I'm glad I did it.",
    "I've no complaints really.",
    "It's a small place, everybody knows everybody.",
    "I used to play football for the village team.",
    "My granddad farmed up here.",
    "I keep myself to myself mostly.",
    "I'm not a big talker, sorry.",
    "Yes, that's right.",
    "I did the first meeting and then it went from there.",
    "We met in the cafe sometimes.",
    "They did a review every three months.",
    "It was alright, yeah.",
    "I'm still in touch with a couple of people from it.",
    "I've got an interview on Friday, actually.",
    "I work at the garden centre now.",
    "My brother did the same programme a couple of years before me.",
    "It was the winter, so it was quiet anyway.",
    "There was a lot of form filling.",
    "It's been a long few years.",
    "That's about the size of it.",
    "I'd have to think about that.",
    "Well, there you go.",
    "I suppose everyone's different.",
    "I've been thinking about that since you asked.",
    "I'm glad someone's asking, to be honest.",
    "I'm not sure, really.",
    "It's nice round here in the spring.",
    "We used to go to the agricultural show every year.",
    "I left school and went straight into work.",
    "My mum still lives in the same house I grew up in.",
    "We had a lot of snow that first winter.",
    "The group was a mix of ages, which was nice.",
    "There was a young lad and a woman about my age.",
    "I'd been out of work about eighteen months by then.",
    "I did a bit of volunteering at the food bank.",
    "My partner was working at the time.",
    "I do a bit of gardening for a neighbour, unpaid.",
    "I used to work on the boats.",
    "It was a Tuesday, I remember, because of the market.",
    "They had tea and biscuits, which was nice.",
    "I can't say I knew much about it before.",
    "My friend said to give it a go.",
    "First time I'd been in that building.",
    "We talked about what I'd done before.",
    "They gave me a folder with all the information in.",
    "I filled in a questionnaire about myself.",
    "I'm not one for fuss.",
    "Everyone round here knows my family.",
    "I've always been a grafter.",
    "My dad's retired now.",
    "It rains a lot here, as you can probably tell.",
    "I was in the army for a few years.",
    "We talked about that in the first meeting, I think.",
    "That's what I said to them, anyway.",
    "I can't complain, honestly.",
    "It's hard to say what made the difference.",
    "We've been here about ten years now.",
    "I'm from a farming family.",
    "My mate did the same thing and got on alright.",
    "I wouldn't have gone otherwise.",
    "That was the plan, anyway.",
    "I still see some of them in the village.",
]
OPENERS = [
    "Yeah.",
    "Yeah, yeah.",
    "Oh, right.",
    "Mm.",
    "Honestly?",
    "Right, well.",
    "Okay.",
    "Ha, yeah.",
    "No.",
    "Hmm.",
]
LEADS = ["Um, ", "Well, ", "I mean, ", "So, ", "You know, ", "Like, ", "Er, ", "And ", "But "]

OPENING_Q = [
    "Thanks for agreeing to talk to me. Could you start by telling me a bit about yourself?",
    "Thanks for making the time. To start, can you tell me a little about your situation before you joined?",
    "Shall we start with a bit about you and how you came to the programme?",
]
GENERIC_Q = [
    "How did you first get involved with the programme?",
    "What was that like?",
    "Can you say a bit more about that?",
    "How did that make you feel?",
    "What happened next?",
    "Was there anything that made it harder?",
    "What did you find most useful?",
    "Is there anything you'd change?",
    "How are things now?",
    "Could you give me an example?",
    "And how did you get on with that?",
    "What does a typical week look like for you?",
    "Mm-hm. Go on.",
    "Right. And then?",
    "What would you say to someone thinking of joining?",
    "How did you find the support overall?",
    "Was that what you expected?",
    "What are your plans for the next year or so?",
    "Is there anything else you'd like to add?",
    "Okay. Anything else about that?",
]
TOPIC_Q = {
    "transport_barriers": [
        "How do you get around, day to day?",
        "How far is it to where the work is?",
        "How did you get to the sessions?",
    ],
    "adviser_relationship": [
        "Tell me about the person you worked with on the programme.",
        "How did you get on with your adviser?",
        "Who did you see when you went in?",
    ],
    "confidence_wellbeing": [
        "Has anything changed for you personally since you started?",
        "How have you been feeling in yourself?",
        "How were you feeling before you started?",
    ],
    "skills_training": [
        "Did you do any courses or training?",
        "Was there anything you learned along the way?",
        "What did they offer you besides the meetings?",
    ],
    "job_quality": [
        "What kind of work is there locally?",
        "What sort of jobs have you been looking at?",
        "Tell me about the work you've had.",
    ],
    "digital_connectivity": [
        "How do you go about looking for jobs?",
        "How do you do your applications?",
        "How do you keep in touch with them?",
    ],
    "caring_responsibilities": [
        "What's home life like for you?",
        "Who else is at home with you?",
        "How does work fit with everything else at home?",
    ],
    "benefits_rules": [
        "Were you claiming anything at the time?",
        "What about money while you were looking?",
        "How did the jobcentre side of things work for you?",
    ],
    "employer_attitudes": [
        "How have you found employers when you've applied?",
        "What happens at interviews?",
        "How did the employer react?",
    ],
    "housing_instability": [
        "Where are you living at the moment?",
        "Tell me about where you're staying.",
        "Has anything changed at home since we last spoke?",
    ],
}
CLOSING = [
    "That's really helpful, thank you.",
    "Thanks, that's everything I wanted to ask.",
    "Brilliant, thank you for your time.",
]

PLACE_VOCAB = {
    "Ravensgill": [(r"\bbuses\b", "Fellrunners"), (r"\bbuss?\b", "Fellrunner")],
    "Ashlet Quay": [(r"\bthe jobcentre\b", "the Buroo"), (r"\bjobcentre\b", "Buroo")],
    "Glenmarrow": [(r"\b(advisers?|advisors?|key worker|work coach)\b", "mentor")],
    "Thornby Moor": [(r"\bbroadband\b", "net"), (r"\binternet\b", "net"), (r"\bwifi\b", "net")],
}
P_VOCAB = 0.80

MISSPELL = [
    ("definitely", "definately"),
    ("really", "realy"),
    ("because", "cos"),
    ("adviser", "advisor"),
    ("probably", "probly"),
    ("confidence", "confidance"),
    ("going to", "gonna"),
    ("want to", "wanna"),
    ("course", "coarse"),
    ("interview", "intervew"),
]
P_MISSPELL = 0.15

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
    assert list(BANK) == list(THEMES) == list(TOPIC_Q)
    seen = set()
    for t, b in BANK.items():
        assert len(b["explicit"]) >= 10 and len(b["implicit"]) >= 10 and len(b["hedged"]) >= 10, t
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
        if re.search(r"\b" + right, s, flags=re.IGNORECASE) and rng.random() < P_MISSPELL:
            s = re.sub(r"\b" + right, wrong, s, count=1, flags=re.IGNORECASE)
    return s


def lower_first(s):
    if s.startswith("I ") or s.startswith("I'") or s.startswith("I,"):
        return s
    return s[:1].lower() + s[1:]


def spoken_noise(s, rng):
    """Transcription-style disfluencies for one participant sentence."""
    s = misspell(s, rng)
    r = rng.random()
    if r < 0.12:
        s = LEADS[int(rng.integers(len(LEADS)))] + lower_first(s)
    elif r < 0.16:
        w = s.split(" ", 1)
        if len(w) == 2:
            s = w[0].rstrip(",.?!") + "- " + w[0] + " " + w[1]
    if rng.random() < 0.02:
        ws = s.split(" ")
        if len(ws) > 4:
            k = int(rng.integers(1, len(ws) - 1))
            ws[k] = "[inaudible]"
            s = " ".join(ws)
    if rng.random() < 0.02:
        s = add_typo(s, rng)
    if rng.random() < 0.03:
        s = s + " [laughs]"
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


def compose_turn(themes, rng, picker, used):
    sents = []
    if themes:
        handled = set()
        for (a, b), lst in COMBOS.items():
            if a in themes and b in themes and a not in handled and b not in handled and rng.random() < P_COMBO:
                sents.append(picker.choose(lst, used))
                handled.update((a, b))
        for t in themes:
            if t in handled:
                continue
            k = 2 if rng.random() < 0.25 else 1
            for _ in range(k):
                sents.append(picker.theme_sentence(t, used))
        if rng.random() < 0.35:
            sents.append(picker.choose(FILLER, used))
        if rng.random() < 0.12:
            sents.append(picker.choose(picker.near_none, used))
    else:
        n = int(rng.choice([1, 2, 3], p=[0.45, 0.40, 0.15]))
        for _ in range(n):
            sents.append(picker.choose(FILLER, used))
        if rng.random() < 0.30:
            sents.append(picker.choose(picker.near_none, used))
    order = rng.permutation(len(sents))
    sents = [spoken_noise(sents[i], rng) for i in order]
    if rng.random() < 0.30:
        sents.insert(0, OPENERS[int(rng.integers(len(OPENERS)))])
    return " ".join(sents)


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
    u = phi(-lat)
    P = np.array([[intended_p(t, places[place_idx[i]], WAVES[wave_idx[i]]) for t in themes] for i in range(n)])
    has = u < P

    units, passages, truth = [], [], []
    for i in range(n):
        uid = f"{UNIT_PREFIX}{i + 1:03d}"
        place = places[place_idx[i]]
        wave = WAVES[wave_idx[i]]
        units.append((uid, place, wave, "interview"))
        ths = [themes[j] for j in range(len(themes)) if has[i, j]]
        n_turns = int(rng.integers(MIN_TURNS, MAX_TURNS + 1))
        turn_themes = [[] for _ in range(n_turns)]
        for t in ths:
            k = min(n_turns, 2 + int(rng.binomial(3, 0.5)))
            for j in sorted(rng.choice(n_turns, size=k, replace=False).tolist()):
                turn_themes[j].append(t)
        used = set()
        vocab_on = place in PLACE_VOCAB and rng.random() < P_VOCAB
        r = rng.random()
        apos = "drop" if r < 0.15 else ("curly" if r < 0.25 else "keep")
        turn = 0

        def add(speaker, text, tt):
            nonlocal turn
            turn += 1
            if vocab_on:
                text = apply_vocab(text, place)
            if apos == "drop":
                text = text.replace("'", "")
            elif apos == "curly":
                text = text.replace("'", "\u2019")
            sid = f"{uid}-t{turn:02d}"
            passages.append((sid, uid, turn, speaker, text))
            for t in tt:
                truth.append((sid, t))

        for j in range(n_turns):
            tt = [t for t in themes if t in turn_themes[j]]  # fixed order
            if j == 0:
                q = OPENING_Q[int(rng.integers(len(OPENING_Q)))]
            elif tt and rng.random() < 0.45:
                t0 = tt[int(rng.integers(len(tt)))]
                q = TOPIC_Q[t0][int(rng.integers(len(TOPIC_Q[t0])))]
            else:
                q = GENERIC_Q[int(rng.integers(len(GENERIC_Q)))]
            add("interviewer", q, [])
            add("participant", compose_turn(tt, rng, picker, used), tt)
        add("interviewer", CLOSING[int(rng.integers(len(CLOSING)))], [])

    units_df = pd.DataFrame(units, columns=["unit_id", "place", "wave", "method"])
    pass_df = pd.DataFrame(passages, columns=["segment_id", "unit_id", "turn", "speaker", "text"])
    truth_df = pd.DataFrame(truth, columns=["segment_id", "theme_id"])

    assert len(units_df) == n and units_df.unit_id.is_unique
    assert pass_df.segment_id.is_unique
    npart = pass_df[pass_df.speaker == "participant"].groupby("unit_id").size()
    assert npart.min() >= MIN_TURNS and npart.max() <= MAX_TURNS
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
    part = pass_df[pass_df.speaker == "participant"]
    seg_share = truth_df.groupby("theme_id").segment_id.nunique().reindex(themes, fill_value=0) / len(part)
    L = []
    L.append(f"# {TITLE}\n")
    L.append(
        "Made by `generate.py` (numpy `default_rng(%d)`); rerunning it rewrites `units.csv`, "
        "`passages.csv`, `truth.csv` and this README byte-identically. With only 110 transcripts the realised "
        "shares are noisy, so the seed was picked from 1-2000 as one whose rare themes land at 2-5%% and whose "
        "realised shares and wave changes sit close to the intended ones (picked on the theme draws only).\n" % SEED
    )
    L.append("## How it was made\n")
    L.append(
        f"- {N_UNITS} semi-structured interview transcripts (method `interview`). Each has "
        f"{MIN_TURNS}-{MAX_TURNS} participant turns (uniform), each preceded by an interviewer question, "
        "plus a closing interviewer line. Turns are numbered 1, 2, ... across both speakers. "
        "Interviewer turns carry no themes."
    )
    L.append(
        "- Places drawn with shares "
        + ", ".join(f"{p} {s:.2f}" for p, s in PLACES.items())
        + f"; wave {WAVES[1]} with probability {P_WAVE2}."
    )
    L.append(
        f"- Each transcript holds each theme with the intended probability for its place and wave below "
        f"(shared per-transcript factor, Gaussian copula rho={RHO}, marginals kept). A theme held by a "
        "transcript is placed in 2-5 of its participant turns (2 + Binomial(3, 0.5)), chosen at random, so some "
        "turns carry several themes."
    )
    L.append(
        "- Participant text is composed from hand-written, spoken-style sentence banks: per theme about "
        "10 explicit, 10 implicit/paraphrased and 10 hedged/colloquial/misspelt sentences, 2 ambiguous sentences "
        "and 8-10 near-misses. A themed turn gets 1-2 sentences per theme, sometimes a filler and/or a "
        "near-miss (no theme); an unthemed turn gets 1-3 filler sentences (bank of %d) and sometimes a near-miss. "
        "When the next turn is themed, the interviewer asks a topical question 45%% of the time (cue "
        "only; the participant's words carry the theme)." % len(FILLER)
    )
    L.append(
        f"- Human-coder imperfection: {P_AMBIGUOUS:.0%} of theme sentences come from an 'ambiguous' bank "
        "(vague wording a human coder still coded); they are counted as true codes."
    )
    L.append(
        f"- {P_CONFUSABLE:.0%} of theme sentences (where available) are another theme's near-miss that actually "
        "carries this theme. If a turn holds both themes of certain pairs, with probability "
        f"{P_COMBO} one sentence carrying both is used."
    )
    L.append(
        "- Noise: transcription disfluencies (leading 'um', 'I mean', false starts), rare [inaudible] and "
        "[laughs], rare typos and misspellings, per-transcript apostrophe style (15% dropped, 10% curly), "
        "and place vocabulary applied to 80% of transcripts from: "
        + "; ".join(f"{p} ({', '.join(r for _, r in v)})" for p, v in PLACE_VOCAB.items())
        + "."
    )
    L.append(
        "- Truth (`truth.csv`) = one row per (participant turn, theme) the turn's sentences were written to "
        "carry; turns without themes do not appear.\n"
    )
    L.append("## Intended transcript-level prevalence by place and wave\n")
    L.append("| theme | " + " | ".join(f"{p} {w}" for p in places for w in WAVES) + " |")
    L.append("|" + "---|" * (1 + len(places) * len(WAVES)))
    for t in themes:
        L.append(f"| {t} | " + " | ".join(f"{intended_p(t, p, w):.3f}" for p in places for w in WAVES) + " |")
    L.append("")
    L.append("## Realised shares\n")
    L.append(
        f"Units (transcripts): {len(units_df)}; passages: {len(pass_df)} "
        f"({len(part)} participant, {len(pass_df) - len(part)} interviewer); true codes: {len(truth_df)}.\n"
    )
    L.append(
        "Unit level = share of transcripts with the theme in at least one turn; turn level = share of "
        "participant turns coded with the theme.\n"
    )
    L.append(
        "| theme | unit overall | "
        + " | ".join(f"wave {w}" for w in WAVES)
        + " | "
        + " | ".join(places)
        + " | turn level |"
    )
    L.append("|" + "---|" * (3 + len(WAVES) + len(places)))
    for t in themes:
        row = [f"{has[t].mean():.3f}"]
        row += [f"{has.loc[units_df.wave == w, t].mean():.3f}" for w in WAVES]
        row += [f"{has.loc[units_df.place == p, t].mean():.3f}" for p in places]
        row += [f"{seg_share[t]:.3f}"]
        L.append(f"| {t} | " + " | ".join(row) + " |")
    L.append("")
    L.append(
        "Group sizes: "
        + ", ".join(f"{p} {int((units_df.place == p).sum())}" for p in places)
        + "; "
        + ", ".join(f"wave {w} {int((units_df.wave == w).sum())}" for w in WAVES)
        + "."
    )
    L.append(
        "Transcripts with no theme: %d. Participant turns with no theme: %d of %d."
        % ((~has.any(axis=1)).sum(), len(part) - truth_df.segment_id.nunique(), len(part))
    )
    (OUT / "README.md").write_text("\n".join(L) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()

#!/usr/bin/env python
"""Synthetic coder-evaluation data set: heldout_survey.

Open-ended question in a tenants' survey of a housing association
("Greyfriars Homes").  One free-text answer per respondent, 12 themes,
6 places (estates), 2 waves.  Known truth = the theme(s) each hand-written
sentence was written to carry.

Run:  python generate.py      (rewrites units.csv, passages.csv, truth.csv,
                               README.md in this folder; byte-identical on rerun)
"""

import math
import re
from pathlib import Path

import numpy as np
import pandas as pd

SEED = 73120518
OUT = Path(__file__).resolve().parent
N_UNITS = 2000
UNIT_PREFIX = "GT"
PLACES = {
    "Aldwick Park": 0.28,
    "Bellhaven": 0.09,
    "Corran Rise": 0.22,
    "Hallam Gate": 0.17,
    "Mossgate": 0.15,
    "Wrenfield": 0.09,
}
WAVES = ["2025", "2026"]
P_WAVE2 = 0.50
RHO = 0.40
P_AMBIGUOUS = 0.05
P_CONFUSABLE = 0.10
P_COMBO = 0.35
TITLE = "heldout_survey - synthetic coder-evaluation data (housing association tenants' survey)"
QUESTION = (
    "Is there anything else you would like to tell us about your home, your neighbourhood "
    "or the service you receive from Greyfriars Homes?"
)

THEMES = {
    "repairs_service": dict(base=0.38, place={"Corran Rise": 0.07}, wave=-0.03),
    "damp_mould": dict(base=0.12, place={"Aldwick Park": 0.14, "Wrenfield": -0.07}, wave=0.05),
    "staff_helpfulness": dict(base=0.27, place={}, wave=0.0),
    "communication_contact": dict(base=0.22, place={}, wave=0.14),
    "rent_charges": dict(base=0.08, place={}, wave=0.13),
    "antisocial_behaviour": dict(base=0.10, place={"Mossgate": 0.13, "Bellhaven": -0.06}, wave=0.0),
    "communal_areas": dict(base=0.12, place={}, wave=0.0),
    "safety_security": dict(base=0.08, place={"Mossgate": 0.07}, wave=0.0),
    "heating_energy": dict(base=0.06, place={}, wave=0.12),
    "space_overcrowding": dict(base=0.035, place={}, wave=0.0),
    "adaptations_access": dict(base=0.025, place={"Bellhaven": 0.07}, wave=0.0),
    "tenant_voice": dict(base=0.10, place={}, wave=0.0),
}

BANK = {}

BANK["repairs_service"] = dict(
    explicit=[
        "Repairs take far too long to be done.",
        "I reported a repair in January and it still hasn't been fixed.",
        "The repairs service is shocking.",
        "The repair was done quickly and to a good standard.",
        "Contractors didn't turn up for the repair appointment twice.",
        "Outstanding repairs have been left for months.",
        "The quality of repairs is poor, they have to come back again and again.",
        "I have been waiting for my kitchen repair for over a year.",
        "Every repair takes several visits to get fixed.",
        "Small repairs get ignored completely.",
    ],
    implicit=[
        "The back door hasn't shut properly since last winter and I've rung about it four times.",
        "A man came, looked at the leaking tap, said he'd need a part, and that's the last I saw of him.",
        "I stayed in all day for the plumber and nobody came.",
        "My bathroom light has been hanging off the ceiling since March.",
        "They patched the fence with a bit of board that blew off a week later.",
        "The broken window was boarded up and it's still boarded up eight months on.",
        "Whoever fitted my new cooker left the old one in the garden.",
        "They sent three different blokes and none of them had the right tools.",
        "Had my toilet sorted within a day, to be fair to them.",
        "The job was marked as complete on the system but nobody ever came out.",
    ],
    hedged=[
        "repairs slow as usual",
        "reparis never get done",
        "still waiting on my kitchen cupboard door, think its been 6 months?",
        "They did fix the sink eventually, I suppose.",
        "repair men dont turn up half the time",
        "Maybe they're busy but it's been ages for a simple job.",
        "repairs ok i guess, bit hit and miss",
        "the workmanship is shoddy tbh",
        "reported it loads of times, nothing",
        "quick to fix stuff usually, no complaints there",
    ],
    ambiguous=[
        "Things get done eventually.",
        "There's always something that needs doing in this flat.",
    ],
    near=[
        "I've done a lot of the decorating myself and I'm proud of how it looks.",
        "My son is training to be an electrician.",
        "I'm handy with DIY so I do my own bits of painting.",
        "My car has been in for repairs all week.",
        "I repaired my relationship with my sister this year, which has been lovely.",
        "I work in maintenance myself at the hospital.",
        "The fix for the parking problem has been a permit scheme, which I think works.",
        "The van from the repairs firm was parked outside next door's, no idea what for.",
        ("They've just repainted the railings and swept the paths round the next block, looks nice.", "communal_areas"),
        ("I reported the noise from next door and nobody did anything.", "antisocial_behaviour"),
    ],
)

BANK["damp_mould"] = dict(
    explicit=[
        "There is black mould in the bedroom.",
        "Damp is a serious problem in my flat.",
        "The condensation is so bad the windows are streaming every morning.",
        "Mould keeps coming back however often I clean it.",
        "My child's asthma is worse because of the damp.",
        "Damp patches on the walls in every room.",
        "Since the damp proofing was done the house is much better.",
        "The mould in the bathroom is a health hazard.",
        "There's a leak from the flat above causing damp in my ceiling.",
        "Damp and mould is my main problem.",
    ],
    implicit=[
        "Everything in the wardrobe smells musty and my coats have gone green.",
        "I wipe the walls down with bleach every Sunday and it's back by Wednesday.",
        "The wallpaper is peeling off behind the settee and there are black spots underneath.",
        "We have to keep the baby's cot away from the outside wall because it's always wet.",
        "Water runs down the inside of the windows and pools on the sill.",
        "There's a brown stain spreading across the ceiling from upstairs.",
        "The little one keeps getting chest infections and the doctor asked about our house.",
        "You can smell it as soon as you walk in, that earthy smell.",
        "My shoes went furry at the bottom of the cupboard.",
        "The corner of the bedroom is black and it's spreading.",
    ],
    hedged=[
        "bit of mold in the bathroom but its manageable",
        "damp?? they just tell us to open windows",
        "condensaton every morning",
        "some damp in the back bedroom, not too bad",
        "mould mould mould",
        "Think the damp's coming from the gutter maybe",
        "the dampness is getting worse i think",
        "maybe its just an old house but its always damp",
        "black stuff on the walls again",
        "Mould is back, same as every winter.",
    ],
    ambiguous=[
        "The bedroom never feels quite dry.",
        "It's an old building and it shows in winter.",
    ],
    near=[
        "The dog came in soaking wet and muddy after the park.",
        "My mum had mould in her house years ago, nothing like that here.",
        "It was a damp squib of a fun day, only four people turned up.",
        "I wash my windows every week, I'm fussy like that.",
        "The leak was in the car, not the house, thankfully.",
        "My washing machine leaked but I sorted it with the insurance.",
        "Wet weather means the kids are stuck inside, which drives me mad.",
        "Mould on the bread is the only mould in this house, touch wood.",
        ("The bins outside are always overflowing and smell.", "communal_areas"),
    ],
)

BANK["staff_helpfulness"] = dict(
    explicit=[
        "The housing officer is very helpful.",
        "Staff are polite and friendly when I call.",
        "The staff at the office were rude and unhelpful.",
        "My housing officer went above and beyond for me.",
        "Customer service staff don't seem to care.",
        "Everyone I have dealt with has been helpful and understanding.",
        "The staff are professional and courteous.",
        "The woman on the phone was really helpful and sorted it out.",
        "Staff attitude needs to improve.",
        "The workmen were polite and cleaned up after themselves.",
    ],
    implicit=[
        "Sharon at the office is a godsend, she always sorts things out for me.",
        "The lad who came round treated my home with respect and took his boots off.",
        "I was made to feel like I was begging when I asked for help.",
        "When my husband died they couldn't have done more for me.",
        "The man on the phone talked over me and then just hung up.",
        "She explained everything patiently even though I asked three times.",
        "They've never once made me feel like a nuisance.",
        "My patch officer knows all the kids' names.",
        "Got spoken to like dirt at the front desk.",
        "The young woman who visited after the flood was lovely and practical.",
    ],
    hedged=[
        "staff ok mostly",
        "housing oficer is nice enough",
        "Some are helpful, some not so much.",
        "cant complain about the people in the office",
        "a bit snotty on the phone sometimes",
        "the workmen were nice i guess",
        "maybe they could be a bit more sympathetic",
        "always polite, never get anywhere though",
        "Stafff are great thank you",
        "They're only human, most of them try their best.",
    ],
    ambiguous=[
        "I've had mixed experiences.",
        "It depends who you get.",
    ],
    near=[
        "My sister works for the council's housing team.",
        "My neighbour is very helpful, she takes my bins out.",
        "I'm a support worker myself so I know how hard the job is.",
        "The staff at the doctor's surgery are lovely.",
        "The office staff moved to a new building in town.",
        "Helpful that the bus stops right outside.",
        "Friendly neighbourhood, everyone says hello.",
        "My daughter is a receptionist at a letting agent.",
        ("There aren't enough staff to answer the phones.", "communication_contact"),
        (
            "The officer told me the rent is going up by seven percent in April and I don't know how we'll find it.",
            "rent_charges",
        ),
    ],
)

BANK["communication_contact"] = dict(
    explicit=[
        "It's impossible to get through on the phone.",
        "Nobody ever calls back.",
        "Communication is poor, we are never kept informed.",
        "I emailed three times and got no reply.",
        "The phone line is always engaged.",
        "They never update you on what's happening with your case.",
        "It's very easy to contact them through the app.",
        "I was on hold for 45 minutes.",
        "Letters are sent out too late to be useful.",
        "Communication has improved since they started texting reminders.",
    ],
    implicit=[
        "You press option two, then option four, then you're listening to music for an hour.",
        "I found out about the scaffolding when it went up outside my bedroom window.",
        "Left messages, sent emails, went to the office. Silence.",
        "They said someone would ring me within 48 hours - that was in May.",
        "I had to go through my councillor to get any answer at all.",
        "Nobody tells us anything until it's already happened.",
        "The online form crashes every time I try to submit it.",
        "I get a text the day before now, which is handy.",
        "You explain it all to one person and then the next person has no record of it.",
        "I rang at 9 and they'd already stopped taking calls for the day.",
    ],
    hedged=[
        "hard to get hold of anyone",
        "phones are a nightmare tbh",
        "never hear back, maybe they're busy",
        "no comunication at all",
        "emial replies are slow",
        "would be nice to be kept in the loop a bit more",
        "hold music drives me mad lol",
        "Sometimes they answer quick, sometimes not at all.",
        "keep us informed please!",
        "not sure who to contact for anything now",
    ],
    ambiguous=[
        "It's hard to know what's going on.",
        "I never know where I stand with them.",
    ],
    near=[
        "I phone my daughter every evening.",
        "The new phone mast on the hill spoils the view.",
        "Most of us on the block chat through a group on our phones.",
        "My broadband is rubbish but that's not their fault.",
        "Email address changed, please update your records.",
        "They texted me about the survey, which is how I'm filling this in.",
        "Calls from the estate agent next door are constant, nothing to do with you.",
        "I keep all my letters in a folder in the kitchen drawer.",
        ("They wrote to say the rent is going up again and it's more than we can manage.", "rent_charges"),
        ("I can't get through the front door with my wheelchair.", "adaptations_access"),
    ],
)

BANK["rent_charges"] = dict(
    explicit=[
        "The rent is too high for what we get.",
        "Service charges keep going up every year.",
        "The rent increase this year was huge.",
        "I can't afford the rent anymore.",
        "Rent is reasonable compared to private renting.",
        "I don't understand what the service charge actually pays for.",
        "Value for money is poor given the rent.",
        "The rent rise on top of everything else is a struggle.",
        "Rent arrears are building up because of the increase.",
        "Affordable rent is anything but affordable.",
    ],
    implicit=[
        "Every April it goes up and my wages don't.",
        "After I've paid them there's barely enough left for food.",
        "I'm paying nearly half my wages just to keep a roof over my head.",
        "I had to borrow off my mum to pay them this month.",
        "It's cheaper than the private landlord I had before, I'll give them that.",
        "What we pay each week has gone up by more than a tenner in two years.",
        "They keep adding little bits onto the bill and calling it something new.",
        "Honestly I'm one more increase away from not coping.",
        "I've been behind since the last letter about the new amount.",
        "For what we hand over each month you'd expect the place to be kept up.",
    ],
    hedged=[
        "rent to high",
        "rent going up again, not sure how much longer we can manage",
        "servise charge is a rip off",
        "Think the rent is fair enough to be honest",
        "prob paying too much for what it is",
        "reant is ok I guess",
        "its dear for what you get",
        "The charges are a bit confusing, maybe they're fine.",
        "cant keep up with the rent rises",
        "money's tight and the rent doesn't help",
    ],
    ambiguous=[
        "Everything costs more these days.",
        "It's not cheap living here.",
    ],
    near=[
        "I rent a garage from the council as well, separate to this.",
        "The rental van blocked the road when next door moved.",
        "I work in a bank so I'm good with money.",
        "I pay my rent by direct debit, always on time.",
        "I rent out my parking space to a neighbour, all above board.",
        "Council tax went up too but that's nothing to do with you.",
        "I was charged for a parking ticket outside my own house.",
        "The charity shop on the parade is great for kids' clothes.",
        (
            "Money advice from the tenancy support team helped me sort my debts, they were brilliant with me.",
            "staff_helpfulness",
        ),
        ("Gas and electric bills have doubled and this flat eats heat.", "heating_energy"),
    ],
)

BANK["antisocial_behaviour"] = dict(
    explicit=[
        "Antisocial behaviour on the estate is out of control.",
        "My neighbours are very noisy late at night.",
        "There's drug dealing going on in the stairwell.",
        "I reported antisocial behaviour and nothing was done.",
        "Youths hang around causing trouble every evening.",
        "Noise from the flat above is unbearable.",
        "Vandalism is a big problem here.",
        "The antisocial behaviour team dealt with my complaint quickly.",
        "Neighbours from hell, music at 3am.",
        "Problem neighbours make life miserable.",
    ],
    implicit=[
        "The lads on motorbikes tear round the green till midnight.",
        "I've had eggs thrown at my window twice this month.",
        "There are needles in the play area some mornings.",
        "The couple upstairs scream at each other most nights and I hear every word.",
        "Someone keeps setting fire to the bins behind our block.",
        "You can smell weed coming through the vents all day.",
        "Since the family at number 12 moved out it's been bliss.",
        "Dogs barking from six in the morning, left alone all day.",
        "I daren't say anything to them, they'd put my windows through.",
        "My car's been keyed three times.",
    ],
    hedged=[
        "noisy neighbours",
        "bit of trouble with kids on the estate but nothing major",
        "naybours are a nightmare",
        "some dodgy goings on in the flats",
        "anti social behavour is bad round here",
        "maybe its just me but the noise is getting worse",
        "the guy next door is a pain, thats all im saying",
        "few issues with the neighbours, sorted now i think",
        "crack dens, no joke",
        "Could do with more done about the noise.",
    ],
    ambiguous=[
        "It's not the area it used to be.",
        "Some people round here have no consideration.",
    ],
    near=[
        "My neighbours are lovely and we look out for each other.",
        "The noise of the traffic on the main road doesn't bother me any more.",
        "My kids play out on the green with the other kids, it's nice.",
        "Next door helped me move the sofa.",
        "I'm a light sleeper anyway.",
        "The dog next door is the friendliest dog I've ever met.",
        "Kids' party next door was a bit loud but it was only once, fair enough.",
        "The police station in town closed down last year.",
        ("Noise from the boiler keeps me awake, it bangs all night and the radiators stay cold.", "heating_energy"),
        ("The trouble with the rent is it keeps going up.", "rent_charges"),
    ],
)

BANK["communal_areas"] = dict(
    explicit=[
        "The communal areas are filthy.",
        "The stairwells haven't been cleaned in months.",
        "Grass cutting is done regularly and the grounds look nice.",
        "The bin store is overflowing and attracts rats.",
        "The cleaners do a good job in the corridors.",
        "Communal gardens are overgrown and neglected.",
        "The lift area stinks and is never cleaned.",
        "Fly-tipping in the shared areas is never removed.",
        "The grounds maintenance has gone downhill.",
        "The communal hallway needs painting.",
    ],
    implicit=[
        "There's a mattress been dumped by the back entrance since Easter.",
        "The hedges are so high you can't see out the ground floor windows.",
        "Someone used to come and mop the stairs on a Friday, not any more.",
        "Foxes have ripped the bin bags open and there's rubbish all over the path.",
        "The lads with the mowers just leave the clippings all over the path.",
        "Cigarette ends and chip papers on every landing.",
        "The little garden out front looks a picture since the volunteers took it on.",
        "The carpet on our landing is sticky and has been for a year.",
        "Weeds growing out of the paving round the back of the block.",
        "You hold your breath going down the stairs.",
    ],
    hedged=[
        "stairs could be cleaner",
        "bins are a disgrace",
        "garderns look ok i guess",
        "hallway smells a bit, not sure whose job it is",
        "the grass needs cutting more often maybe",
        "comunal area is a tip",
        "cleaning seems to have stopped?",
        "rubbish everywhere round the back",
        "outside is kept nice to be fair",
        "the cleaner comes sometimes, hit and miss",
    ],
    ambiguous=[
        "The place looks tired.",
        "It could be kept nicer outside.",
    ],
    near=[
        "I keep my own garden nice, I love my roses.",
        "I'm out in my own back garden every chance I get.",
        "We share a driveway with next door and it's never a problem.",
        "My cleaner comes on a Thursday, I pay her myself.",
        "The park down the road has a new playground.",
        "Bin collection day changed to Monday, took some getting used to.",
        "Shared ownership might be an option for us one day.",
        "The grass is always greener, as they say, but I like it here.",
        ("The stairwell light is out and it's pitch black at night, I'm scared I'll get jumped.", "safety_security"),
        ("People hang about in the stairwell smoking things they shouldn't.", "antisocial_behaviour"),
    ],
)

BANK["safety_security"] = dict(
    explicit=[
        "I don't feel safe in my home.",
        "The door entry system has been broken for months.",
        "Better lighting is needed around the car park, it feels unsafe.",
        "The security door is always being left open.",
        "My locks need replacing, I don't feel secure.",
        "CCTV would make us feel safer.",
        "The new security gates have made a real difference.",
        "I feel safe living here.",
        "The main entrance door doesn't lock so anyone can walk in.",
        "Our back gate has no lock which is a security risk.",
    ],
    implicit=[
        "I don't go out after dark if I can help it.",
        "Strangers wander into the block because the buzzer's been bust since Christmas.",
        "I've put a chair under the door handle at night since the break-in.",
        "The path to the bus stop is pitch black in winter.",
        "Somebody tried my door handle at two in the morning.",
        "I sleep better now they've put the new fob system in.",
        "My daughter won't visit in the evening because of the walk from the car.",
        "The front door of the building just swings open in the wind.",
        "I keep a baseball bat by the bed, that's how it is.",
        "The window catches on the ground floor are useless, a child could open them from outside.",
    ],
    hedged=[
        "dont feel that safe tbh",
        "door entry broke again",
        "more lights maybe?",
        "bit scary at night round here",
        "securty is a joke",
        "feel safe enough I suppose",
        "the main door never shuts properly, worries me a bit",
        "Think we need cameras.",
        "not safe for women on there own at night",
        "lock on the back door is dodgy",
    ],
    ambiguous=[
        "I worry when I'm on my own.",
        "It's a bit isolated where we are.",
    ],
    near=[
        "Fire alarm test every Monday, very loud.",
        "My job is in security at the shopping centre.",
        "I lock myself out at least once a year, I'm hopeless.",
        "Safe to say I'm happy here overall.",
        "I feel secure in my tenancy, which matters at my age.",
        "Social security have messed up my claim again.",
        "The security deposit on my last place was never returned.",
        "The gas safety check was done on time.",
    ],
)

BANK["heating_energy"] = dict(
    explicit=[
        "The heating system is old and keeps breaking down.",
        "Our energy bills are sky high because the flat is so poorly insulated.",
        "The new boiler has made a big difference.",
        "We have no hot water again.",
        "The storage heaters are expensive to run and useless.",
        "The windows are draughty and the heat just escapes.",
        "I can't afford to heat my home.",
        "Insulation needs improving in these houses.",
        "The solar panels have cut our electricity bill.",
        "The heating doesn't work properly in the bedrooms.",
    ],
    implicit=[
        "We sit in the living room in coats and blankets from October.",
        "The meter eats twenty pounds a week in winter.",
        "You can feel the wind coming through the frames.",
        "The shower runs cold after about two minutes.",
        "Since they clad the outside of the block it's like a different flat, lovely and warm.",
        "I only put the radiator on in the baby's room.",
        "The top-up key goes in the meter more often than I can afford.",
        "The radiators are lukewarm at best.",
        "Ice on the inside of the windows last January.",
        "Going to bed at seven just to keep warm.",
    ],
    hedged=[
        "heating rubbish",
        "bills are crazy, think its the old heaters",
        "boiler playing up again",
        "bit drafty in winter",
        "the flats freezing, not sure if its the windows or what",
        "heatin costs too much",
        "new boiler is great tbf",
        "maybe better insulashun would help",
        "hot water comes and goes",
        "its cold, simple as",
    ],
    ambiguous=[
        "Winters are hard in this house.",
        "It's an expensive house to live in.",
    ],
    near=[
        "I work at the power station.",
        "Energy levels are low since my operation.",
        "Cold callers come round selling stuff, annoying.",
        "They put new windows in next door, ours are fine.",
        "Heated arguments at the residents' meeting, ha.",
        "I warm up leftovers most nights, cooking for one.",
        "The insulation tape I bought fixed my hoover cable.",
        "The hot food van comes round the estate on Fridays.",
        ("The boiler man was polite and wiped his feet.", "staff_helpfulness"),
    ],
)

BANK["space_overcrowding"] = dict(
    explicit=[
        "Our flat is overcrowded, there are five of us in two bedrooms.",
        "We need a bigger house.",
        "I've been on the transfer list for years.",
        "The children have to share a bedroom and there isn't enough space.",
        "We applied for a move to a larger property but heard nothing.",
        "Overcrowding is affecting my children's schoolwork.",
        "We are desperate for a three bedroom house.",
        "There is no space for my son to do his homework.",
        "I want to downsize now the kids have left but there are no smaller homes.",
        "The flat is too small for a family.",
    ],
    implicit=[
        "My teenage son sleeps on the settee because there's nowhere else.",
        "Three kids in one room, and one of them is sixteen.",
        "We eat our tea on our knees because a table won't fit.",
        "I've bid on every house that comes up and never get anywhere.",
        "My girls are eleven and fourteen and they top-and-tail in a single.",
        "The cot is in our bedroom and the baby is nearly three.",
        "My mum moved in to help and now we're on top of each other.",
        "Since the twins arrived we can't move for stuff.",
        "It's rattling round on my own in a three bed when a family needs it.",
        "The points system means we'll never get out of here.",
    ],
    hedged=[
        "need more room",
        "flats to small for us now",
        "been on the list forever",
        "overcrouded",
        "abit cramped but we manage",
        "would like a move, not sure how it works",
        "bigger place pls",
        "kids sharing, not ideal",
        "Maybe one day we'll get a swap.",
        "too many of us in here tbh",
    ],
    ambiguous=[
        "It's a squeeze.",
        "We've outgrown it really.",
    ],
    near=[
        "There's plenty of space in the garden for the kids to play.",
        "My daughter moved out last year to go to university.",
        "Transfer of my benefits to universal credit was a nightmare.",
        "The parking spaces are always taken by people who don't live here.",
        "I've lived here for twenty years and don't want to move.",
        "The storage cupboard is handy for the hoover.",
        "The new houses they've built across the road look nice.",
        "My bedroom is lovely and bright in the mornings.",
    ],
)

BANK["adaptations_access"] = dict(
    explicit=[
        "I need a walk-in shower because I can't get in the bath.",
        "Grab rails were fitted quickly after I asked.",
        "The lift is often broken and I'm in a wheelchair.",
        "Adaptations for my disability have taken over a year.",
        "There's no ramp at the front door.",
        "My home isn't suitable for my mobility needs.",
        "The occupational therapist recommended adaptations but nothing has happened.",
        "I need a stair lift.",
        "The level access shower has changed my life.",
        "Disabled access to the building is poor.",
    ],
    implicit=[
        "I have to shuffle up the stairs on my bottom to get to bed.",
        "My husband hasn't had a proper wash in months because he can't step over the bath.",
        "When the lift is out I'm stuck on the fourth floor.",
        "The step at the back is too high for my frame.",
        "They put a rail by the toilet and I'm much more independent.",
        "I can't get the chair through the bedroom door.",
        "My daughter has to carry me down to go to her house.",
        "The OT came out last spring and we're still waiting.",
        "With my hip the way it is, the stairs are a mountain.",
        "A handrail on the path would mean I could get to the bins myself.",
    ],
    hedged=[
        "need rails",
        "lift broke again, im stuck",
        "adaptions take forever",
        "bath is hard for me now, maybe a shower?",
        "not great for wheelchairs",
        "I'm getting older and the stairs are getting harder.",
        "ramp would be nice",
        "disabilty needs not met",
        "sort of manage with the steps",
        "shower seat pls",
    ],
    ambiguous=[
        "The house isn't really right for me any more.",
        "I struggle around the house.",
    ],
    near=[
        "Access to the internet is poor round here.",
        "My disability benefits were cut last year.",
        "The kids built a ramp for their bikes on the green.",
        "I had a stair carpet fitted, paid for it myself.",
        "The rail in the wardrobe fell down, I fixed it.",
        "Access to the back garden is through the kitchen.",
        "My mum is in a care home now so I visit twice a week.",
        "I take the shopping up in the lift, it's handy.",
    ],
)

BANK["tenant_voice"] = dict(
    explicit=[
        "Tenants are never listened to.",
        "They don't consult us on decisions that affect our homes.",
        "The residents' association is a good way to have your say.",
        "Our views are ignored.",
        "I'd like more opportunities to be involved in decisions.",
        "They asked for our opinions on the new kitchens and actually listened.",
        "Surveys like this never change anything.",
        "Tenant involvement is just a tick-box exercise.",
        "Nobody listens to tenants about what the estate needs.",
        "The tenant panel has real influence.",
    ],
    implicit=[
        "They'd already decided before they held the so-called meeting.",
        "We said we didn't want the trees cut down and they cut them down anyway.",
        "It's nice to feel our opinion counts for something for once.",
        "Decisions are made in an office by people who've never been here.",
        "I went to the open day and they genuinely took notes on what we said.",
        "They treat us like we should be grateful.",
        "I've filled in this survey three years running and nothing changes.",
        "Nobody from the board has ever set foot on our estate.",
        "We petitioned about the parking and it made no difference whatsoever.",
        "There should be tenants sitting on the board.",
    ],
    hedged=[
        "do they even read these",
        "nobody listens",
        "maybe actually listen to tenants for once",
        "i feel ignored",
        "tenents voice doesnt matter",
        "would be good to have more say i guess",
        "not sure anyone cares what we think",
        "they ask, but do they listen?",
        "Consultation is a joke",
        "We get asked sometimes, I suppose.",
    ],
    ambiguous=[
        "They do what they want.",
        "It's them and us.",
    ],
    near=[
        "I listen to the radio most of the day.",
        "I voted in the local elections.",
        "My voice has gone from shouting at the football.",
        "I was involved in the church committee for years.",
        "The residents' association organised a lovely summer fun day.",
        "Nobody listens to me at home either, ha.",
        "My opinion of the area has gone up since the new shops opened.",
        "I'm on the school governors, so I know how long meetings can drag.",
        (
            "I'd like to know what's happening with the works on the roof, nobody has said a word.",
            "communication_contact",
        ),
    ],
)

COMBOS = {
    ("repairs_service", "damp_mould"): [
        "I've reported the mould four times and nobody has come to look at it.",
        "They painted over the damp patch instead of fixing the cause and it's come straight back.",
        "The leak from the bathroom upstairs has been reported since March and now the ceiling is black.",
    ],
    ("repairs_service", "communication_contact"): [
        "Nobody rings to say the repair appointment is cancelled, you just sit in all day.",
        "I can't find out when my repair is booked, the phone line just rings out.",
    ],
    ("rent_charges", "communal_areas"): [
        "We pay a service charge for cleaning that never happens.",
        "Eighteen pound a month extra for a gardener we've never seen.",
    ],
    ("heating_energy", "repairs_service"): [
        "Cold showers for three weeks while they waited for a part for the boiler.",
        "The heating's been broken since November and they keep saying an engineer is coming.",
    ],
    ("antisocial_behaviour", "safety_security"): [
        "With the drug dealing on the stairs I don't feel safe coming home at night.",
        "Gangs hang around the broken entrance door and I'm scared to go out.",
    ],
    ("tenant_voice", "communication_contact"): [
        "They never tell us anything and never ask what we think.",
    ],
    ("damp_mould", "heating_energy"): [
        "We can't afford to heat the flat properly so the walls are running with condensation.",
    ],
    ("adaptations_access", "repairs_service"): [
        "The lift has been broken for three weeks and I can't get down with my walker.",
    ],
}

FILLER = [
    "I've lived here for fifteen years.",
    "I live with my two children.",
    "I'm retired and live alone.",
    "No further comments.",
    "Thank you.",
    "It's a nice area overall.",
    "I moved here from down south.",
    "Good location for the shops.",
    "The school is just round the corner.",
    "I like living here.",
    "My family live nearby.",
    "Overall I'm satisfied.",
    "It's home.",
    "The view from my window is lovely.",
    "I've got a dog and a cat.",
    "I work shifts at the warehouse.",
    "Could be better, could be worse.",
    "Keep it up.",
    "I'm happy here on the whole.",
    "The bus route into town is handy.",
    "I have no complaints at the moment.",
    "My kids go to the school up the road.",
    "I'd like to buy my home one day.",
    "Nothing else to add.",
    "It's handy for the doctors.",
    "The new shop on the corner is good.",
    "I've been a tenant since 2009.",
    "My partner works away a lot.",
    "This is my first tenancy.",
    "I grew up on this estate.",
    "I moved here after my divorce.",
    "The park is nice in summer.",
    "The area has changed a lot over the years.",
    "It's close to my work.",
    "I've filled this in on my phone.",
    "Please excuse the spelling.",
    "I'm partially sighted so my son is typing this.",
    "Good luck with the survey.",
    "Hope this is useful.",
    "I have a small garden which I enjoy.",
    "I'm a carer for my mum.",
    "I moved in last year.",
    "I'd recommend the area to friends.",
    "The community centre does a good lunch club.",
    "I'm on the waiting list for an allotment.",
    "My grandchildren visit at weekends.",
    "It's a typical estate really.",
    "I'm a student nurse.",
    "The schools round here are good.",
    "It's convenient for the motorway.",
    "I have lived in three different flats with Greyfriars.",
    "Not much to say really.",
    "It is what it is.",
    "Fingers crossed for next year.",
    "I'm generally content.",
    "I walk my dog on the fields behind.",
    "My neighbour helped me fill this in.",
    "There's a good chippy nearby.",
    "I'd give them six out of ten.",
    "I've had worse landlords.",
    "Let's see what happens.",
    "We've been here since the flats were built.",
]

BLANK = [
    "No comments",
    "no",
    "not applicable",
    "nothing really",
    "nothing",
    "Nothing further.",
    "none thanks",
    "--",
    "ok",
    "fine thanks",
    "All good",
    "not really",
    "cant think of anything",
    "x",
    "No.",
    "none at present",
    "as above",
    "nothing to say",
    "Nope.",
    "no thank you",
]

PLACE_VOCAB = {
    "Mossgate": [
        (r"\bstairwells\b", "closes"),
        (r"\bstairwell\b", "close"),
        (r"\blandings?\b", "close"),
        (r"\bthe stairs\b", "the close"),
    ],
    "Aldwick Park": [(r"\bmouldy\b", "mildewed"), (r"\bmou?ld\b", "mildew")],
    "Corran Rise": [(r"\b(contractors|workmen|repair men|the plumber)\b", "the Daltons")],
    "Wrenfield": [(r"\b(housing|patch) officer\b", "neighbourhood coach")],
    "Hallam Gate": [
        (r"\bservice charges\b", "estate charges"),
        (r"\bservice charge\b", "estate charge"),
        (r"\bservise charge\b", "estate charge"),
    ],
}
P_VOCAB = 0.75

MISSPELL = [
    ("repair", "repiar"),
    ("definitely", "definately"),
    ("really", "realy"),
    ("because", "becuase"),
    ("neighbour", "nieghbour"),
    ("receive", "recieve"),
    ("separate", "seperate"),
    ("their", "thier"),
    ("maintenance", "maintainance"),
    ("communal", "comunal"),
    ("heating", "heatting"),
    ("ceiling", "cieling"),
    ("bedroom", "bedrom"),
    ("months", "mounths"),
    ("tenant", "tennant"),
    ("condensation", "condensasion"),
    ("behaviour", "behavour"),
    ("officer", "oficer"),
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

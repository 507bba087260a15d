#!/usr/bin/env python3
"""Generate the synthetic Better Neighbourhoods residents' survey exports.

Standard library only and fully seeded (random.Random(7)), so running it again
reproduces the same files byte for byte.

Writes, relative to this script's folder:
  raw/residents_survey_wave1.csv   raw/residents_survey_wave2.csv
  raw/documents.csv                raw/participants.csv (header only)
  truth.csv                        (respondent_id, question, themes)
"""

import csv
import os
import random
from datetime import datetime, timedelta

HERE = os.path.dirname(os.path.abspath(__file__))
RAW = os.path.join(HERE, "raw")

rng = random.Random(7)

DISTRICTS = ["Ashdown", "Bexley Vale", "Carrow", "Dunmere"]
DISTRICT_SHARE = [0.30, 0.25, 0.25, 0.20]
ROLES = ["Resident", "Local business owner", "Works in the area"]
ROLE_SHARE = [0.80, 0.09, 0.11]
SATISFACTION = [  # best first
    "Very satisfied",
    "Fairly satisfied",
    "Neither satisfied nor dissatisfied",
    "Fairly dissatisfied",
    "Very dissatisfied",
]

COL_ID = "Respondent ID"
COL_DATE = "Date submitted"
COL_DISTRICT = "District"
COL_ROLE = "Which best describes you?"
Q_BEST = "What is the best thing about living or working here?"
Q_IMPROVE = "What one thing would most improve your neighbourhood?"
COL_SAT = "Overall, how satisfied are you with your area as a place to live?"
COL_EMAIL = "Email address (optional)"
COLUMNS = [COL_ID, COL_DATE, COL_DISTRICT, COL_ROLE, Q_BEST, Q_IMPROVE, COL_SAT, COL_EMAIL]

WAVES = [
    # (wave, first day, last day, number of responses)
    (1, datetime(2025, 3, 3), datetime(2025, 5, 30), 248),
    (2, datetime(2025, 9, 1), datetime(2025, 11, 28), 257),
]

# ---------------------------------------------------------------------------
# Phrase bank.  For each theme:
#   w      base weight (relative chance of being raised)
#   pb     chance that, when raised, it is raised as a "best thing"
#   imp    phrasings for the "what would improve" question
#   best   phrasings for the "best thing" question
# Roughly half of each theme's phrasings avoid the codebook keywords.
# {district} is replaced with the respondent's district.
# ---------------------------------------------------------------------------
THEMES = {
    # ----- housing ---------------------------------------------------------
    "damp_and_mould": dict(
        w=4.0,
        pb=0.04,
        imp=[
            "Sort out the damp in the flats on our estate, it's making people ill.",
            "Get the landlords to deal with mould properly instead of just painting over it.",
            "Every winter the condensation runs down our windows and the walls go black.",
            "Our bathroom ceiling is green and fuzzy and my son's asthma is getting worse.",
            "The walls in the back room are always wet to the touch and the wallpaper is peeling off.",
            "Homes that are fit to breathe in – the smell in our stairwell is like a cellar.",
        ],
        best=[
            "Since the council treated the mould in our flat it actually feels like home.",
            "Our housing association finally fixed the leak that was soaking the back wall, so things are looking up.",
            "The new windows they fitted mean we don't wake up to puddles on the sills any more.",
        ],
    ),
    "housing_affordability": dict(
        w=5.0,
        pb=0.06,
        imp=[
            "More affordable homes so our kids don't have to move away.",
            "Rent has gone up three times in two years and wages haven't moved.",
            "Young couples are priced out completely, house prices here are silly.",
            "My daughter is 29 and still in her old room because there's nothing she can pay for on a nurse's wage.",
            "Homes that ordinary working folk can actually get on the ladder with.",
            "Half my wages go on keeping a roof over our heads, something has to give.",
        ],
        best=[
            "Rents are a bit lower than the towns around us.",
            "It's still cheaper to live here than in the city, just about.",
        ],
    ),
    "social_housing_repairs": dict(
        w=4.0,
        pb=0.08,
        imp=[
            "Repairs take months, I've been waiting since January for a new boiler part.",
            "The housing association needs to actually turn up when they book a visit.",
            "The lift in our block has been broken for six weeks and my mum is on the fourth floor.",
            "Our front door doesn't lock properly and nobody comes to fix it however many times I ring.",
            "The stairwells on the estate haven't been painted since the nineties and the entry door is smashed.",
            "When you report something broken you get a reference number and then nothing ever happens.",
        ],
        best=[
            "The new repairs team are quick, they sorted my kitchen tap in two days.",
            "Our block has had new windows and a new roof this year which is great.",
            "The caretaker on our estate keeps the communal bits spotless.",
        ],
    ),
    "overcrowding": dict(
        w=1.6,
        pb=0.05,
        imp=[
            "Five of us in a two bedroom flat, we've been on the transfer list for four years.",
            "We need proper family homes, not more tiny one bed flats.",
            "Our flat is overcrowded and the kids have nowhere to do homework.",
            "My three boys share one room and the baby sleeps in with us.",
            "We've been waiting years to be moved somewhere with space for the children to grow up.",
            "Build houses with a garden and enough rooms, families are squashed in like sardines.",
        ],
        best=[
            "We finally got moved to a three-bed last year and it has changed our lives.",
            "Plenty of room for the children compared to where we lived before.",
        ],
    ),
    "new_development": dict(
        w=3.5,
        pb=0.08,
        imp=[
            "Stop the developers building on every green field without putting in a school or doctors.",
            "The planning department should make sure the infrastructure comes before the houses.",
            "Hundreds of new build homes went up in {district} and not a single extra school place.",
            "They keep putting up houses on the fields but the primary school is already full.",
            "All these new estates and the drains can't cope, the road floods every time it rains.",
            "Nobody asked us before they concreted over the meadow behind the church.",
        ],
        best=[
            "The new development has a decent play park and a shop.",
            "The new homes by the old brickworks have brought some young families in which is nice.",
        ],
    ),
    "private_landlords": dict(
        w=1.8,
        pb=0.05,
        imp=[
            "Licence the landlords, some of the houses on our road are a disgrace.",
            "Letting agents charge whatever they like and fix nothing.",
            "I got a section 21 eviction notice after asking for the heating to be fixed.",
            "The man who owns our house hasn't answered a message since March.",
            "Too many family houses carved up into bedsits with bins overflowing out front.",
            "People renting privately live in fear of complaining in case they get chucked out.",
        ],
        best=[
            "Our landlord is brilliant, fixes things the same week.",
            "We've had the same house for eight years and the owner has never put the price up.",
        ],
    ),
    "homelessness_rough_sleeping": dict(
        w=1.0,
        pb=0.08,
        imp=[
            "More help for the homeless people sleeping in the shop doorways on the high street.",
            "There are more rough sleepers every year and nowhere for them to go.",
            "Families stuck in temporary accommodation for years, it's shameful.",
            "There's a young lad in a sleeping bag by the station every night and it breaks my heart.",
            "Somewhere warm for people who've got nowhere to live, especially in winter.",
            "We keep finding tents in the woods behind the retail park.",
        ],
        best=[
            "The homeless charity on Mill Lane does amazing work.",
            "The church runs a night shelter in winter and loads of people volunteer.",
        ],
    ),
    # ----- transport -------------------------------------------------------
    "bus_services": dict(
        w=11.0,
        pb=0.18,
        imp=[
            "Buses that actually turn up, the 42 was cancelled three times last week.",
            "Bring back the evening bus service, the last one leaves at six.",
            "The timetable changes every few months and nobody tells you.",
            "If you don't drive you're stuck, there's one service an hour to town and it's often late.",
            "I wait forty minutes at the shelter in the rain and then two come at once.",
            "Public transport to the hospital is hopeless without a car.",
        ],
        best=[
            "Good bus links into the city.",
            "The 7 runs every ten minutes so I don't need a car.",
            "Public transport is decent, I can get to work easily.",
        ],
    ),
    "road_condition_potholes": dict(
        w=16.0,
        pb=0.02,
        imp=[
            "Fix the potholes, I've had two tyres go this year.",
            "The roads are a disgrace, proper resurfacing not just patching.",
            "The road surface on Station Road is breaking up.",
            "There's a crater outside the school that's been there since Christmas.",
            "Patch jobs that wash out after a week of rain are a waste of money.",
            "My car's suspension is wrecked from the state of the lanes round here.",
        ],
        best=[
            "They finally resurfaced our street and it's like driving on silk.",
            "The lane into the village has been properly mended at last.",
        ],
    ),
    "parking": dict(
        w=14.0,
        pb=0.05,
        imp=[
            "More parking near the shops, you can never get a space.",
            "Residents' permit scheme, commuters fill our street every day.",
            "Enforcement of people parking on the pavement and across driveways.",
            "I can't get near my own house after six because of all the cars from the flats.",
            "Vans left on the verges for weeks at a time, nobody does anything.",
            "People leave their cars on our road all day to avoid the station charges.",
        ],
        best=[
            "Free parking in the town centre after 3pm.",
            "Easy to find somewhere to leave the car.",
        ],
    ),
    "traffic_speeding": dict(
        w=5.5,
        pb=0.04,
        imp=[
            "Speed cameras on the main road, cars do 50 past the school.",
            "20mph zone and speed bumps on our estate please.",
            "Something done about the boy racers revving round the retail park at night.",
            "Drivers treat our lane like a racetrack and one day a child will get hit.",
            "Motorbikes tearing up and down the road at all hours.",
            "Cars fly through the village far too fast, nobody sticks to the limit.",
        ],
        best=[
            "Since the speed camera went in the road is much quieter.",
            "The new humps outside the school have made it much calmer.",
        ],
    ),
    "cycling_infrastructure": dict(
        w=2.2,
        pb=0.2,
        imp=[
            "Proper segregated cycle lanes, painted lines don't protect anyone.",
            "Somewhere safe to lock a bike in town.",
            "Connect the cycling routes so they don't just stop at the roundabout.",
            "I'd ride to work if I didn't feel like I'd be knocked off by a lorry.",
            "A safe off-road path to the secondary school so the children can pedal there.",
            "The towpath should be surfaced so you can ride along it in winter.",
        ],
        best=[
            "The new cycle path along the river is lovely.",
            "I can ride to work along the old railway line without going near traffic.",
        ],
    ),
    "pavements_walking": dict(
        w=4.0,
        pb=0.3,
        imp=[
            "Pavements so uneven my mum fell and broke her wrist.",
            "A crossing by the Co-op, it's impossible to get across with a pushchair.",
            "Dropped kerbs, I can't get my wheelchair off the kerb at the end of my road.",
            "Overgrown hedges mean you have to step into the road with the buggy.",
            "The path to the station is cracked and floods every time it rains.",
            "Getting about on foot with a mobility scooter is a nightmare, you're forced into the road.",
        ],
        best=[
            "Everything is within walking distance.",
            "I can get to the shops, the school and the GP on foot in ten minutes.",
            "Nice level paths along the river for my wheelchair.",
        ],
    ),
    "congestion": dict(
        w=5.0,
        pb=0.1,
        imp=[
            "Sort the traffic on the ring road, it takes 40 minutes to go two miles.",
            "The school run causes gridlock on our street twice a day.",
            "Congestion at the roundabout by the retail park is unbearable at weekends.",
            "It's nose to tail from the bypass to the station every morning.",
            "Lorries cutting through the village because the main road is always jammed.",
            "Getting out of our estate at half eight is impossible, there's only one way in and out.",
        ],
        best=[
            "Not much traffic compared to the city.",
            "Getting around by car is easy, you're on the motorway in five minutes.",
        ],
    ),
    "rail_station_access": dict(
        w=1.6,
        pb=0.35,
        imp=[
            "Reopen the old station, the line still runs right past the village.",
            "More trains in the evening, the last one back from the city is at 10.",
            "Step-free access at the station, I can't get over the footbridge with my walker.",
            "The 7.12 into the city is always cancelled or short-formed and packed.",
            "We need a proper link to London that doesn't mean changing twice.",
            "The ticket office closing means there's nobody to help you on the platform.",
        ],
        best=[
            "Good rail links to London.",
            "Forty minutes into the city on the fast service, perfect for commuting.",
        ],
    ),
    # ----- safety ----------------------------------------------------------
    "antisocial_behaviour": dict(
        w=8.0,
        pb=0.06,
        imp=[
            "Deal with the anti-social behaviour around the shops in the evenings.",
            "Gangs of youths on scooters intimidating people outside the Co-op.",
            "Constant nuisance from the flat above, shouting and music until 3am.",
            "Kids throwing stones at buses and setting bins on fire.",
            "Groups hanging around the precinct drinking and shouting abuse at people going past.",
            "I don't let my daughter go to the rec because of the lads who hang about on the benches.",
        ],
        best=[
            "Much less anti-social behaviour than where we lived before.",
            "It's quiet, we never have any trouble.",
        ],
    ),
    "street_lighting": dict(
        w=3.0,
        pb=0.05,
        imp=[
            "Better street lights on the path to the station, it's pitch black.",
            "The lighting in the underpass has been out for months.",
            "Women don't feel safe walking home after dark.",
            "Half the lamps on our road are broken and it feels unsafe coming home from work in winter.",
            "Turning the lights off at midnight was a mistake, you can't see who's around.",
            "The alley behind the shops is black as anything after five o'clock.",
        ],
        best=[
            "The new LED street lights make it feel much safer at night.",
            "The town centre is well lit and busy in the evenings.",
        ],
    ),
    "drug_dealing": dict(
        w=2.2,
        pb=0.03,
        imp=[
            "Stop the drug dealing outside the primary school gates.",
            "You can smell weed everywhere you go on the estate.",
            "Found needles in the play area again last week.",
            "Cars pulling up, quick handshake through the window, off they go – everyone knows what's going on in that car park.",
            "County lines kids being used to run packages around the estate.",
            "The stink of skunk in our stairwell is constant and I worry about my kids breathing it.",
        ],
        best=[
            "The estate is much better since they shut the crack house on Elm Road.",
        ],
    ),
    "police_visibility": dict(
        w=4.5,
        pb=0.08,
        imp=[
            "More police on the streets, you never see an officer.",
            "Ring 101 and you wait an hour and then nobody comes.",
            "Bring back our PCSO, she knew everyone by name.",
            "Report something and you get a crime number and never hear anything again.",
            "The nearest station is twenty miles away and it shows.",
            "A copper walking round the village once a week would make a world of difference.",
        ],
        best=[
            "The local police team are great and come to the residents' meetings.",
            "Our neighbourhood sergeant actually answers her emails.",
        ],
    ),
    "burglary_vehicle_crime": dict(
        w=2.5,
        pb=0.15,
        imp=[
            "Three houses on our street were burgled in one month.",
            "Catalytic converters stolen off cars in broad daylight.",
            "Bike theft at the station is out of control.",
            "Someone tried my back door at 2am and I haven't slept properly since.",
            "Vans getting their tools nicked every week, tradesmen are leaving the area.",
            "Parcels taken off doorsteps within minutes of being delivered.",
        ],
        best=[
            "Very little crime, we've never been burgled in 30 years.",
            "We never lock the back door, it's that sort of place.",
        ],
    ),
    "fly_tipping_litter": dict(
        w=6.0,
        pb=0.06,
        imp=[
            "Clear the fly-tipping from the lane, there's been a mattress there since Easter.",
            "Litter picking in the town centre more than once a week.",
            "Fines for people who leave dog mess on the pavement.",
            "Old sofas and fridges dumped in the alley behind our houses.",
            "Crisp packets and cans everywhere after the weekend, it looks like nobody cares.",
            "The verges along the bypass are covered in bags and bottles.",
        ],
        best=[
            "Streets are clean, hardly any litter.",
            "The volunteers who do the clean-up every month keep the place looking lovely.",
        ],
    ),
    # ----- health and care -------------------------------------------------
    "gp_appointments": dict(
        w=7.5,
        pb=0.07,
        imp=[
            "Being able to get a GP appointment without ringing at 8am for an hour.",
            "The surgery phones are engaged all morning and then all the slots have gone.",
            "A doctor who knows you rather than a different locum every time.",
            "Three weeks to be seen by a nurse, it's ridiculous.",
            "The online form closes at 9 and if you miss it you're told to go to A&E.",
            "My dad waited a month for his blood pressure check and ended up in hospital.",
        ],
        best=[
            "Our GP practice is brilliant, always get seen the same day.",
            "The medical centre is two minutes away and the receptionists are kind.",
        ],
    ),
    "dentist_access": dict(
        w=2.5,
        pb=0.03,
        imp=[
            "An NHS dentist within 30 miles would be a start.",
            "No dental practice is taking new patients, we've been on a waiting list for two years.",
            "My kids haven't had their teeth checked since before Covid.",
            "I pulled my own tooth out because I couldn't get seen anywhere.",
            "People are going private for a check-up because there's simply no choice.",
            "Somewhere to get the kids' check-ups without a three-hour round trip.",
        ],
        best=[
            "Having an NHS dentist in the village is rare and we value it.",
            "We got the whole family registered for check-ups in town, which felt like winning the lottery.",
        ],
    ),
    "mental_health_support": dict(
        w=2.2,
        pb=0.06,
        imp=[
            "Mental health support for young people, CAMHS waiting lists are over a year.",
            "More counselling that doesn't need a referral.",
            "Somewhere to go for people struggling with anxiety and depression.",
            "My son was in crisis and we were told to wait eighteen months to be seen.",
            "Talking therapies shouldn't have a waiting list longer than a school year.",
            "Since the drop-in closed there's nowhere for men like me to talk when things get dark.",
        ],
        best=[
            "The peer support group that meets on Thursdays got me through a really bad year.",
        ],
    ),
    "adult_social_care": dict(
        w=2.2,
        pb=0.1,
        imp=[
            "More carers, my mum gets fifteen minute visits and they're always rushed.",
            "Support for the elderly living alone, especially in winter.",
            "Proper social care so people can come home from hospital.",
            "My dad has dementia and we've waited six months for an assessment.",
            "Help for families looking after someone full time, I haven't had a day off in three years.",
            "Adaptations like grab rails and ramps take forever to arrive.",
        ],
        best=[
            "Good home care for my mum, the same carers every day.",
            "The team who come in to help my dad wash and dress each morning are angels.",
        ],
    ),
    "loneliness_isolation": dict(
        w=1.8,
        pb=0.12,
        imp=[
            "Something for older folk who are lonely, a lunch club or coffee morning.",
            "Since my husband died I'm on my own all day and some days I don't speak to anyone.",
            "The villages are isolated without a car, folk get stuck at home.",
            "Some weeks the only person I talk to is the lady at the till.",
            "A friendly face calling in on the old folk who never go out.",
            "New mums have nowhere to meet other parents, I didn't know a soul when I had my first.",
        ],
        best=[
            "Never feel isolated, there's always something on for my age group.",
            "The Tuesday coffee morning means I actually see people every week.",
        ],
    ),
    "air_quality": dict(
        w=1.8,
        pb=0.25,
        imp=[
            "Air quality by the school is awful with all the idling cars.",
            "Pollution from the lorries on the bypass, my son's asthma is worse.",
            "Dust from the quarry covers everything.",
            "You can taste the diesel when you stand at the lights on the main road.",
            "The smell from the waste plant makes it impossible to open the windows in summer.",
            "Ban wood burners, the whole estate is hazy on winter evenings.",
        ],
        best=[
            "Clean air and quiet.",
            "Fresh clean air, you can see the stars at night.",
        ],
    ),
    # ----- local economy ---------------------------------------------------
    "high_street_empty_shops": dict(
        w=4.5,
        pb=0.05,
        imp=[
            "Fill the empty shops on the high street, it's like a ghost town.",
            "The town centre is just vape shops, charity shops and bookies now.",
            "Half the units in the precinct are boarded up.",
            "Since the bank and the butcher closed there's no reason to go into the middle of town.",
            "Landlords of the closed-down units should be made to let them out cheaply.",
            "The main shopping street has lost Boots, the bank and the post office in two years.",
        ],
        best=[
            "The high street has picked up, a couple of nice new shops have opened.",
            "Fewer shutters down in the middle of town than a year ago.",
        ],
    ),
    "local_jobs": dict(
        w=2.5,
        pb=0.2,
        imp=[
            "Decent jobs for young people so they don't have to leave.",
            "Apprenticeships with local firms instead of everyone commuting out.",
            "Training courses for adults who want to retrain.",
            "The factory closing took 400 livelihoods with it and nothing has replaced it.",
            "All that's on offer round here is zero-hours warehouse shifts.",
            "My grandson has sent out 60 CVs and not had one reply.",
        ],
        best=[
            "Plenty of jobs at the new business park.",
            "Lots of work locally, I can get to mine in ten minutes.",
        ],
    ),
    "cost_of_living": dict(
        w=4.0,
        pb=0.04,
        imp=[
            "Help with energy bills, we're choosing between heating and eating.",
            "The food bank has never been busier.",
            "Prices in the only supermarket are way higher than in town.",
            "Everything has gone up and my pension hasn't kept pace.",
            "I work two jobs and still can't make it to the end of the month.",
            "Families are going without hot meals so the kids can have school shoes.",
        ],
        best=[
            "The community larder has helped us through a tough winter.",
        ],
    ),
    "business_rates_support": dict(
        w=0.25,
        pb=0.05,
        imp=[
            "Cut business rates or there'll be no small shops left.",
            "Footfall has halved since Christmas and we get no help at all.",
            "Grants for shopfront improvements would help small businesses like mine.",
            "The money we pay the council for our unit is crippling and we see nothing for it.",
            "Help independent traders with the cost of the premises, we can't compete with online.",
            "A simple point of contact at the council for traders, not six different departments.",
        ],
        best=[
            "The business support team at the council helped us get started.",
            "The Chamber of Trade has been a real help since we opened.",
        ],
    ),
    "markets_independent_shops": dict(
        w=3.5,
        pb=0.75,
        imp=[
            "Bring back the Saturday market.",
            "More independent shops rather than another chain coffee place.",
            "A greengrocer and a fishmonger so we don't have to drive to the big Tesco.",
            "Somewhere to buy fresh bread that isn't wrapped in plastic.",
        ],
        best=[
            "The Thursday market is brilliant.",
            "Lovely local shops, the butcher knows you by name.",
            "The little family-run places on Bridge Street – the cheesemonger, the hardware shop, the florist.",
            "You can buy everything you need from folk who live here.",
            "Proper traders who've been here for generations.",
        ],
    ),
    "broadband_mobile": dict(
        w=2.0,
        pb=0.05,
        imp=[
            "Decent broadband, I can't work from home on 2 megabits.",
            "No mobile signal anywhere in the village.",
            "Full fibre was promised three years ago and we're still waiting.",
            "I have to stand in the garden to make a phone call.",
            "Video calls drop every five minutes which is hopeless when you run a business from home.",
            "The children can't do their homework online because the connection keeps cutting out.",
        ],
        best=[
            "Fast fibre broadband since they upgraded the exchange.",
            "We can finally stream a film without it buffering.",
        ],
    ),
    "night_time_economy": dict(
        w=0.9,
        pb=0.45,
        imp=[
            "A decent pub that isn't full of sports TV.",
            "Somewhere to eat out in the evening without driving into the city.",
            "More cafés and restaurants so people stay in town after work.",
            "Everything shuts at five, the place is dead at night.",
            "A wine bar or a little bistro would make a huge difference to the place.",
            "Somewhere for a date night that isn't a chain.",
        ],
        best=[
            "Great pubs, the Red Lion does the best Sunday roast in the county.",
            "Lively on a Friday night, lots of places to eat and drink.",
        ],
    ),
    # ----- community and voice ---------------------------------------------
    "parks_green_spaces": dict(
        w=10.0,
        pb=0.75,
        imp=[
            "The play area on Green Lane needs new equipment, half of it is taped off.",
            "Look after the park properly, the grass is never cut and the bins overflow.",
            "More trees on the main roads.",
            "The swings at the rec have been broken since last summer.",
            "Somewhere nice to sit outside with benches and flowers.",
            "A fenced area for toddlers to run about in on the common.",
        ],
        best=[
            "The park is beautiful, we're there every weekend.",
            "Lots of green space and lovely walks.",
            "The woods and the river are on our doorstep.",
            "Being able to take the dog across the fields and the common every morning.",
            "The rec has had new swings and the little ones love it.",
        ],
    ),
    "youth_provision": dict(
        w=4.0,
        pb=0.12,
        imp=[
            "Reopen the youth club, teenagers have nowhere to go.",
            "Activities for young people in the holidays that don't cost a fortune.",
            "Give the kids something to do in the evenings besides sitting in bus shelters.",
            "My 14-year-old has nothing to do here except stare at his phone.",
            "A skate park or a football cage for the older ones.",
            "Bring back the Scouts and the Guides, there's such a long waiting list.",
        ],
        best=[
            "The youth centre does fantastic work with the teenagers.",
            "My two love the football club and the drama group on Saturdays.",
        ],
    ),
    "community_spirit": dict(
        w=20.0,
        pb=0.9,
        imp=[
            "Bring the community back together, people don't know their neighbours anymore.",
            "It used to be that you knew everyone on the street, now doors stay shut.",
        ],
        best=[
            "Friendly neighbours, everyone looks out for each other.",
            "Real community spirit, especially since Covid.",
            "The people. Simple as that.",
            "Everyone says hello in the street.",
            "When my husband was ill the whole road rallied round with meals.",
            "It still feels like a village where you know everyone by name.",
            "It's a close-knit place and I've lived here 40 years.",
        ],
    ),
    "community_venues": dict(
        w=2.5,
        pb=0.45,
        imp=[
            "Keep the library open, it's the only warm free place in town.",
            "A proper community centre that groups can afford to hire.",
            "The village hall roof needs fixing before it falls in.",
            "Somewhere indoors for clubs and groups to meet that isn't the back room of a pub.",
            "Since they sold off the old drill hall there's nowhere for the WI or the choir.",
            "The books and computers at the Carnegie building are a lifeline, don't cut the hours.",
        ],
        best=[
            "The library is brilliant, always something on.",
            "The new hall on Station Road hosts everything from toddler groups to tea dances.",
        ],
    ),
    "council_listening": dict(
        w=2.5,
        pb=0.1,
        imp=[
            "The council should actually listen instead of asking and then doing what it wanted anyway.",
            "Another consultation, nothing ever changes.",
            "Councillors who turn up outside election time.",
            "We filled in the last survey and never heard what happened.",
            "Decisions get made in County Hall by folk who have never set foot in {district}.",
            "Tell us what you did with what we told you last year.",
        ],
        best=[
            "Our local councillor is excellent and always gets back to you.",
            "It's good that someone is finally asking residents what they think.",
        ],
    ),
    "local_events": dict(
        w=1.8,
        pb=0.6,
        imp=[
            "Bring back the summer festival.",
            "More events for families in the town square.",
            "The bonfire night display was cancelled and nothing replaced it.",
            "Something to bring everyone together a few times a year, like a street party.",
        ],
        best=[
            "The Christmas lights switch-on and the carnival are great.",
            "The summer fun day on the green gets the whole town out.",
            "The Boxing Day duck race is brilliant.",
        ],
    ),
}

# One-word answers (a single theme, said in one word).
ONE_WORD_IMPROVE = {
    "parking": ["Parking", "parking", "PARKING"],
    "road_condition_potholes": ["Potholes", "potholes!", "Roads"],
    "bus_services": ["Buses", "buses"],
    "fly_tipping_litter": ["Litter", "Rubbish"],
    "dentist_access": ["Dentists"],
    "broadband_mobile": ["Broadband"],
    "police_visibility": ["Police", "Policing"],
    "street_lighting": ["Lighting"],
    "traffic_speeding": ["Speeding"],
    "congestion": ["Traffic"],
}
ONE_WORD_BEST = {
    "community_spirit": ["Neighbours", "Community", "People", "neighbours"],
    "parks_green_spaces": ["Parks", "Countryside", "countryside"],
    "markets_independent_shops": ["Market"],
    "bus_services": ["Buses"],
    "rail_station_access": ["Trains"],
}

# Answers that carry no theme.
FILLER_BEST = [
    "Not much to be honest.",
    "It's home.",
    "Been here all my life, wouldn't move.",
    "Hard to say.",
    "Nothing really",
    "Everything!",
    "It's ok I suppose.",
    "Where do I start.",
    "Not sure.",
    "Close to family.",
    "It's where I grew up.",
    "Good schools nearby.",
    "My garden.",
]
FILLER_IMPROVE = [
    "Can't think of anything.",
    "Not sure.",
    "Just keep doing what you're doing.",
    "No comment",
    "N/A",
    "n/a",
    "Too many things to list.",
    "Nothing, it's fine as it is.",
    "Don't know",
    "-",
]
TAGS = [  # extra sentences with no theme
    "I've lived here 30 years.",
    "Thanks for asking.",
    "Otherwise it's fine.",
    "That's my main thing.",
    "Just my opinion.",
    "Please actually do something this time.",
    "We moved here in 2019.",
    "Otherwise no complaints.",
]

# Prevalence modifiers ------------------------------------------------------
DISTRICT_MULT = {
    "Ashdown": {  # market town
        "high_street_empty_shops": 2.5,
        "markets_independent_shops": 2.0,
        "night_time_economy": 2.2,
        "parking": 1.3,
        "homelessness_rough_sleeping": 2.5,
        "congestion": 1.2,
        "air_quality": 1.5,
        "business_rates_support": 1.5,
        "community_venues": 1.3,
        "local_events": 1.5,
    },
    "Bexley Vale": {  # suburban, commuters, growing fast
        "rail_station_access": 3.0,
        "congestion": 2.2,
        "parking": 1.6,
        "new_development": 2.8,
        "cycling_infrastructure": 2.0,
        "gp_appointments": 1.4,
        "housing_affordability": 1.5,
        "burglary_vehicle_crime": 1.7,
        "bus_services": 0.6,
        "drug_dealing": 0.5,
        "damp_and_mould": 0.5,
        "social_housing_repairs": 0.4,
        "overcrowding": 0.5,
    },
    "Carrow": {  # urban, large estates
        "damp_and_mould": 3.0,
        "social_housing_repairs": 3.0,
        "overcrowding": 3.0,
        "antisocial_behaviour": 1.8,
        "drug_dealing": 3.2,
        "cost_of_living": 1.8,
        "youth_provision": 1.8,
        "street_lighting": 1.3,
        "mental_health_support": 1.5,
        "fly_tipping_litter": 1.6,
        "private_landlords": 1.8,
        "local_jobs": 1.5,
        "parks_green_spaces": 0.6,
        "community_spirit": 0.7,
        "traffic_speeding": 0.7,
        "broadband_mobile": 0.3,
        "new_development": 0.5,
    },
    "Dunmere": {  # rural villages
        "bus_services": 2.0,
        "broadband_mobile": 3.5,
        "traffic_speeding": 2.0,
        "loneliness_isolation": 2.2,
        "adult_social_care": 1.6,
        "road_condition_potholes": 1.6,
        "community_spirit": 1.4,
        "parks_green_spaces": 1.3,
        "dentist_access": 1.6,
        "damp_and_mould": 0.4,
        "social_housing_repairs": 0.3,
        "drug_dealing": 0.3,
        "antisocial_behaviour": 0.5,
        "congestion": 0.4,
        "high_street_empty_shops": 0.5,
        "night_time_economy": 0.5,
        "overcrowding": 0.3,
        "homelessness_rough_sleeping": 0.3,
        "parking": 0.6,
        "cycling_infrastructure": 0.6,
    },
}
WAVE_MULT = {
    1: {},  # spring baseline
    2: {  # autumn: darker evenings, heating season, last survey's follow-up
        "street_lighting": 2.3,
        "damp_and_mould": 1.8,
        "cost_of_living": 1.7,
        "road_condition_potholes": 1.2,
        "adult_social_care": 1.2,
        "loneliness_isolation": 1.3,
        "council_listening": 1.5,
        "parks_green_spaces": 0.7,
        "local_events": 0.6,
        "cycling_infrastructure": 0.8,
        "air_quality": 0.8,
    },
}
ROLE_MULT = {
    "Resident": {"business_rates_support": 0.4},
    "Local business owner": {
        "business_rates_support": 30.0,
        "high_street_empty_shops": 3.0,
        "parking": 2.0,
        "markets_independent_shops": 1.8,
        "broadband_mobile": 1.5,
        "local_jobs": 1.5,
        "damp_and_mould": 0.3,
        "overcrowding": 0.3,
        "social_housing_repairs": 0.3,
        "private_landlords": 0.5,
        "dentist_access": 0.5,
        "youth_provision": 0.6,
    },
    "Works in the area": {
        "congestion": 2.0,
        "parking": 1.6,
        "bus_services": 1.5,
        "rail_station_access": 1.6,
        "night_time_economy": 1.5,
        "damp_and_mould": 0.4,
        "overcrowding": 0.4,
        "social_housing_repairs": 0.4,
        "local_jobs": 1.3,
    },
}
DISTRICT_MOOD = {"Ashdown": 3.7, "Bexley Vale": 3.8, "Carrow": 3.0, "Dunmere": 3.6}

FIRST_NAMES = [
    "sam",
    "j",
    "priya",
    "tom",
    "karen",
    "mo",
    "liz",
    "dave",
    "aisha",
    "gareth",
    "helen",
    "raj",
    "chris",
    "nadia",
    "pete",
    "sue",
    "kofi",
    "emma",
]
SURNAMES = [
    "smith",
    "patel",
    "jones",
    "okafor",
    "taylor",
    "wright",
    "khan",
    "evans",
    "brown",
    "hughes",
    "nowak",
    "clarke",
]
DOMAINS = ["example.com", "example.org", "example.net"]


def weighted_pick(items, weights):
    total = sum(weights)
    x = rng.random() * total
    for item, wt in zip(items, weights):
        x -= wt
        if x < 0:
            return item
    return items[-1]


def sample_themes(district, wave, role):
    names = list(THEMES)
    weights = []
    for name in names:
        wt = THEMES[name]["w"]
        wt *= DISTRICT_MULT[district].get(name, 1.0)
        wt *= WAVE_MULT[wave].get(name, 1.0)
        wt *= ROLE_MULT[role].get(name, 1.0)
        weights.append(wt)
    k = weighted_pick([1, 2, 3], [0.38, 0.40, 0.22])
    chosen = []
    for _ in range(k):
        pick = weighted_pick(names, weights)
        i = names.index(pick)
        chosen.append(pick)
        del names[i]
        del weights[i]
    return chosen


def roughen(text):
    """Small, realistic variations in how people type."""
    r = rng.random()
    if r < 0.08:
        text = text.lower()
    elif r < 0.10:
        text = text.upper()
    if rng.random() < 0.25:
        text = text.replace("'", "\u2019")  # phone keyboards
    if rng.random() < 0.12 and text.endswith("."):
        text = text[:-1]
    if rng.random() < 0.03:
        text = "  " + text + " "
    return text


def build_answer(themes, question, district):
    """Return answer text for the given themes (possibly empty list)."""
    if not themes:
        return rng.choice(FILLER_BEST if question == Q_BEST else FILLER_IMPROVE)
    one_word = ONE_WORD_BEST if question == Q_BEST else ONE_WORD_IMPROVE
    if len(themes) == 1 and themes[0] in one_word and rng.random() < 0.08:
        return rng.choice(one_word[themes[0]])
    key = "best" if question == Q_BEST else "imp"
    sentences = [rng.choice(THEMES[t][key]).format(district=district) for t in themes]
    if len(sentences) < 3 and rng.random() < 0.15:
        sentences.append(rng.choice(TAGS))
    if len(sentences) >= 2 and rng.random() < 0.3:
        # "X. Also y." style
        second = sentences[1]
        if not (second.startswith("I ") or second.startswith("I'")):
            second = second[0].lower() + second[1:]
        sentences[1] = "Also " + second
    return roughen(" ".join(sentences))


def satisfaction(district, best_themes, improve_themes):
    score = DISTRICT_MOOD[district] + 0.3 * len(best_themes) - 0.25 * max(0, len(improve_themes) - 1)
    score += rng.gauss(0, 0.9)
    score = max(1, min(5, round(score)))
    return SATISFACTION[5 - score]


def random_submission(start, end):
    days = (end - start).days
    # more responses soon after launch and again before the close
    if rng.random() < 0.6:
        d = int(rng.triangular(0, days, 0))
    else:
        d = rng.randint(0, days)
    hour = weighted_pick(list(range(6, 24)), [1, 2, 3, 3, 3, 3, 4, 4, 3, 3, 3, 3, 4, 5, 6, 6, 4, 2])
    minute = rng.randint(0, 59)
    return start + timedelta(days=d, hours=hour, minutes=minute)


def main():
    os.makedirs(RAW, exist_ok=True)
    truth_rows = []
    doc_rows = []
    next_id = 100 + rng.randint(0, 50)
    for wave, start, end, n in WAVES:
        stamps = sorted(random_submission(start, end) for _ in range(n))
        rows = []
        for stamp in stamps:
            next_id += rng.choice([1, 1, 1, 1, 2, 3])  # gaps: abandoned responses
            rid = f"RS-{next_id:06d}"
            district = weighted_pick(DISTRICTS, DISTRICT_SHARE)
            role = weighted_pick(ROLES, ROLE_SHARE)
            themes = sample_themes(district, wave, role)

            r = rng.random()
            best_blank = r < 0.08
            improve_blank = 0.08 <= r < 0.13
            best_t, imp_t = [], []
            for t in themes:
                if best_blank:
                    imp_t.append(t)
                elif improve_blank:
                    best_t.append(t)
                elif rng.random() < THEMES[t]["pb"]:
                    best_t.append(t)
                else:
                    imp_t.append(t)

            answers = {}
            for q, ts, blank in ((Q_BEST, best_t, best_blank), (Q_IMPROVE, imp_t, improve_blank)):
                if blank or (not ts and rng.random() < 0.2):
                    answers[q] = ""
                    ts.clear()
                else:
                    answers[q] = build_answer(ts, q, district)
                truth_rows.append([rid, q, ";".join(sorted(ts))])

            email = ""
            if rng.random() < 0.08:
                email = "{}.{}{}@{}".format(
                    rng.choice(FIRST_NAMES),
                    rng.choice(SURNAMES),
                    rng.choice(["", "", str(rng.randint(1, 99))]),
                    rng.choice(DOMAINS),
                )
            rows.append(
                {
                    COL_ID: rid,
                    COL_DATE: stamp.strftime("%Y-%m-%d %H:%M"),
                    COL_DISTRICT: district,
                    COL_ROLE: role,
                    Q_BEST: answers[Q_BEST],
                    Q_IMPROVE: answers[Q_IMPROVE],
                    COL_SAT: satisfaction(district, best_t, imp_t),
                    COL_EMAIL: email,
                }
            )

        name = f"residents_survey_wave{wave}.csv"
        with open(os.path.join(RAW, name), "w", encoding="utf-8", newline="") as f:
            w = csv.DictWriter(f, fieldnames=COLUMNS)
            w.writeheader()
            w.writerows(rows)
        season = "spring" if wave == 1 else "autumn"
        doc_rows.append(
            [
                f"rs-w{wave}",
                name,
                "All districts",
                stamps[0].strftime("%Y-%m-%d"),
                "survey",
                f"Better Neighbourhoods residents\u2019 survey \u2013 wave {wave} ({season} 2025)",
            ]
        )

    with open(os.path.join(RAW, "documents.csv"), "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f)
        w.writerow(["doc_id", "path", "place", "date", "method", "title"])
        w.writerows(doc_rows)
    with open(os.path.join(RAW, "participants.csv"), "w", encoding="utf-8", newline="") as f:
        csv.writer(f).writerow(["participant_id", "names", "role", "place", "consent"])
    with open(os.path.join(HERE, "truth.csv"), "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f)
        w.writerow(["respondent_id", "question", "themes"])
        w.writerows(truth_rows)


if __name__ == "__main__":
    main()

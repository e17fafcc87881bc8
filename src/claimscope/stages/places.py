"""The places stage: find place mentions in the body and resolve them against the gazetteer.

Mentions come from spaCy's GPE/LOC/FAC entities, from capitalised names the gazetteer knows
(spaCy often tags Syrian villages PERSON or ORG), from cue patterns ("the village of X",
"X province") and from a wire dateline ("BEIRUT (Reuters) -"); a well-known place that opens
an organisation's name ("the Ohio Department of Health") is mentioned too. Each is resolved with its
context: its prior (country, then a state by its population, then towns by theirs), the
rank of the items it is listed with ("Mali, Niger and Chad" are countries), countries and
regions named in the same sentence, a "Town, Country" qualifier, the document's country
focus (the dateline and the other names' votes: a name said again is no new evidence), and
the document's coherence (`Coherence`: the readings of all mentions pull one another toward
one area, so that "Paris" and "Henry County" both end up in Tennessee). An unknown village
falls back to the region (then the country) the text puts it in, never elsewhere.
"""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from functools import cache
from importlib.resources import files
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from claimscope.config import Settings
from claimscope.document import (
    DATELINE_NOTE,
    DEMONYM_NOTE,
    EMBEDDED_NOTE,
    Document,
    Entity,
    Place,
    Resolution,
)
from claimscope.gazetteer import Gazetteer, GazetteerEntry, key_skeleton, name_key, skeleton
from claimscope.pipeline import register
from claimscope.stages.language import parse

PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
# Labels under which spaCy hides place names it does not know.
MISTAGGED_LABELS = frozenset({"PERSON", "ORG"})
# A word right before a name that makes it a location ("in Douma", "near Furaykah").
LOCATION_PREPOSITIONS = frozenset(
    {"in", "near", "at", "from", "to", "into", "outside", "around", "toward", "towards",
     "across", "through", "between", "inside", "nearby", "of", "on", "via", "and",
     "targeting", "targeted", "shelled", "struck", "hit", "entered", "captured", "besieged",
     "stormed", "recaptured", "seized", "bombed", "liberated", "reached", "over",
     "throughout", "within", "retook", "overran", "raided", "toured", "bombarded",
     "encircled", "pounded"}
)
# Labels spaCy gives a demonym ('Ohioans' NORP, sometimes GPE).
DEMONYM_LABELS = frozenset({"NORP", "GPE"})
# Notes that say what a mention is, not how it was resolved.
ROLE_NOTES = frozenset({DATELINE_NOTE, DEMONYM_NOTE, EMBEDDED_NOTE})
# Weak prepositions: good enough for a name the gazetteer has in the context country only.
WEAK_PREPOSITIONS = frozenset({"of", "on", "and", "to", "from"})
# A weapon noun after a name makes it the weapon's ('Grad missiles', 'Tomahawk cruise
# missiles'); a country, a region or a place of BIG_CITY or more before one is where they
# came from or hit ('Gaza rockets').
WEAPON_AFTER = re.compile(
    r"[ \t]+(?:cruise[ \t]+|ballistic[ \t]+|anti-tank[ \t]+|multiple[ \t]+)?"
    r"(?:missiles?|rockets?|launchers?|rifles?|warheads?)\b", re.IGNORECASE)
# A word that heads an organisation's name: an entity the gazetteer does not know with one
# of these in it is the body, not an unknown place to fall back from.
ORG_HEAD = re.compile(
    r"\b(?:Observatory|Ministry|Council|Committee|Commission|Party|Agency|Organi[sz]ation|"
    r"Association|Institute|Foundation|Movement|Network|Coalition|Federation)\b")
# Verbs whose object is as often a town as a person ('al-Shabaab attacked Kismayo', with the
# town tagged PERSON): like a weak preposition, a place where the story's country has it.
ASSAULT_VERBS = frozenset({"attacked", "shelled", "bombed", "struck", "stormed", "besieged",
                           "captured", "seized", "retook", "recaptured", "overran", "raided",
                           "hit", "shelling", "bombing", "besieging", "capturing"})
# Verbs of going somewhere: 'Sharif visited Jacobabad' with the town tagged PERSON.
VISIT_VERBS = frozenset({"visited", "toured", "visiting", "touring", "reached", "entered"})
STRONG_BEFORE = LOCATION_PREPOSITIONS - WEAK_PREPOSITIONS
# A town this big keeps its name even where spaCy tags it as a common word or a surname.
WELL_KNOWN_CITY = 500_000
# An event of world news named after its place ('the Paris attacks', 'the Geneva talks', 'the
# Minsk agreements'): the place is the famous one, whatever town of the story's state shares
# its name.
WORLD_EVENT_AFTER = re.compile(
    r"(?:'s|’s)?[ \t]+(?:terror(?:ist)?[ \t]+attacks?|attacks|bombings|massacre|"
    r"(?:climate[ \t]+|peace[ \t]+)?(?:agreements?|accords?|talks|summit|conference|deal|"
    r"process)|treaty|protocol|convention)\b")
# A title GeoNames writes before some cities' names that news leaves out (name keys): 'Ciudad
# Juárez', 'Heroica Matamoros', 'City of Westminster'.
CITY_TITLE = re.compile(r"(?:ciudad|heroica|city of) (?!de |del )")
# A capital this big is known by its name, whatever its size among cities ('Tallinn', 'Juba').
KNOWN_CAPITAL = 100_000
# A word after a place name that makes the whole a news outlet's name.
OUTLET_WORD = re.compile(
    r"[ \t]+(?:Wire|News|Service|Agency|Press|Times|Post|Dispatch|Herald|Tribune|Journal|"
    r"Radio|TV|Television|Daily|Gazette|Monitor|Observer|Chronicle|Independent)\b"
)
OUTLET_ENDING = re.compile(OUTLET_WORD.pattern + r"$")
# A word after a name that makes the whole a street's name ('Cooper Street', 'Mayfield
# Road', 'Lafayette Ave.'): the town is not mentioned.
_STREET_WORDS = r"Street|Road|Avenue|Drive|Boulevard|Blvd\.?|Parkway|Circle"
STREET_AFTER = re.compile(
    rf"[ \t]+(?:{_STREET_WORDS}|St\.|Rd\.|Ave\.|Dr\.|Lane|Pkwy\.?|Terrace)(?![\w'’-])")
# ... or ending an entity's name: the entity is the street.
STREET_END = re.compile(
    rf"[^\W\d_][ \t]+(?:{_STREET_WORDS}|St\.?|Rd\.?|Ave\.?|Dr\.?|Lane|Pkwy\.?|Terrace)$")
# A whole name that is a street's, which spaCy often tags ORG or PERSON ('Villanova Drive',
# 'Freeman Circle'); not 'Lane', a surname as often.
STREET_NAME = re.compile(
    r"(?:[NSEW]\.[ \t]+)?[A-Z][\w'’-]*(?:[ \t]+[A-Z][\w'’-]*){0,3}[ \t]+"
    rf"(?:{_STREET_WORDS}|St\.?|Rd\.?|Ave\.?)")
# A currency sign right after a name makes it a currency's ('US$460', 'NZ$5'); not one
# after a space ('will pay Hall County $2 million').
CURRENCY_AFTER = re.compile(r"[$€£¥]")
# A byline: 'BY CHAD KLIMACK', 'By Georgia Wells' opening a line; the first name is no place.
BYLINE_BEFORE = re.compile(r"(?:\bBY|(?:^|(?<=\n))[ \t]*By)[ \t]+$")
BYLINE_AFTER = re.compile(r"[ \t]+[A-Z][A-Za-z'’-]+\b")
# Languages that are also places' names or demonyms ('English', Indiana; 'Spanish', Spain).
LANGUAGES = frozenset(
    {"English", "Spanish", "French", "German", "Arabic", "Russian", "Chinese", "Mandarin",
     "Cantonese", "Portuguese", "Italian", "Japanese", "Korean", "Hindi", "Urdu", "Persian",
     "Farsi", "Turkish", "Hebrew", "Swahili", "Dutch", "Greek", "Polish", "Ukrainian",
     "Vietnamese", "Pashto", "Dari", "Kurdish", "Somali", "Tagalog"})
_LANGUAGE = "(?:" + "|".join(sorted(LANGUAGES)) + ")"
# A run of languages ('English', 'English and Spanish', 'Arabic, French or English') said
# to be one: after 'in', 'speaks', 'translated into' ... and before no noun it qualifies
# ('in English.', not 'in Russian hands'), or before 'language', '-speaking' ...
_LANGUAGE_RUN = _LANGUAGE + r"(?:(?:,[ \t]+|[ \t]+(?:and|or)[ \t]+)" + _LANGUAGE + r")*"
LANGUAGE_PHRASE = re.compile(
    r"\b(?:(?:in|speaks?|spoke|spoken|speaking|fluent in|into)[ \t]+" + _LANGUAGE_RUN
    + r"(?=[ \t]*(?:[.,;:)\"”]|$))|" + _LANGUAGE_RUN
    + r"(?=-speak|[ \t]+(?:language|speakers?|translation|subtitles|interpreter)s?\b))")
# A bare direction, which some countries' admin1 units are called ('South', 'Centre').
DIRECTION_NAME = re.compile(
    r"(?:north|south|east|west|central|centre|center|est|ouest|nord|sud|"
    r"(?:north|south|east|west)ern|(?:north|south) ?(?:east|west)(?:ern)?)")
# A word after a place name that makes the whole a disease's or a pathogen's name.
_DISEASE = (r"(?:virus|viruses|ebolavirus|fever|disease|encephalitis|"
            r"(?:hemorrhagic|haemorrhagic)[ \t]+fever)")
DISEASE_AFTER = re.compile(r"[ \t]*-?[ \t]*" + _DISEASE + r"\b", re.IGNORECASE)
# ... or a name spaCy took whole with its disease word ('West Nile Virus').
DISEASE_END = re.compile(r"[ \t]" + _DISEASE + r"$", re.IGNORECASE)
# Kinds of administrative unit after a name: a cue to its reading, never part of a listed
# region's name the way 'desert', 'valley' or 'Strip' are.
UNIT_KINDS = frozenset({"province", "governorate", "district", "oblast", "prefecture",
                        "department", "county", "municipality", "state"})
SETTLEMENT_WORDS = ("village", "town", "city", "hamlet", "settlement", "township", "locality",
                    "neighbourhood", "neighborhood", "suburb", "camp", "municipality")
ADMIN_WORDS = ("province", "governorate", "region", "district", "oblast", "state",
               "prefecture", "department", "county", "countryside", "desert", "valley")
# Counties and parishes are admin2, which the bundled gazetteer lacks.
ADMIN2_WORDS = frozenset({"county", "parish", "borough"})
# Words that open Arabic, Berber and Hebrew place and person names ('Abu Salim', 'Deir
# Hafer', 'Bin Laden'): the word after one is part of that name, no place by itself.
NAME_PARTICLES = frozenset({"abu", "umm", "bin", "ibn", "bir", "ain", "deir", "kafr", "tel",
                            "tal", "beit", "bayt", "khirbet", "wadi", "ras", "bani", "beni",
                            "sidi", "al", "el"})
# Earlier items of a list: "the towns of Saraqib, Ariha and " before "Sarmin".
# An item holds no preposition: in "the village of Cellardyke in Fife, Scotland" Scotland is
# no village.
_LIST_ITEMS = (r"(?:(?:(?!\b(?:in|near|at|on|of)\b)[^,.;:\n]){1,40}?"
               r"(?:,\s+and\s+|,\s+|\s+and\s+))*")
# Two or more names of one or two words joined by commas and no other word.
NAME_LIST = re.compile(r"(?!The\b)[A-Z][\w'’-]+(?:[ \t][A-Z][\w'’-]+)?(?:,[ \t]+[A-Z][\w'’-]+"
                       r"(?:[ \t][A-Z][\w'’-]+)?)+")
# 'in' before an area, with its article and direction ('in northern Iraq', ', in the Donetsk').
_IN_AREA = (r",?[ \t]+in[ \t]+(?:the[ \t]+)?(?:(?:north|south|east|west|central|north-?east|"
            r"north-?west|south-?east|south-?west)(?:ern)?[ \t]+)?")
# The rest of a list of places and 'in' before the country that holds them all ('Asos,
# Hakurk and Gara in northern Iraq').
LIST_THEN_IN = re.compile(
    r"(?:(?:,[ \t]+(?:and[ \t]+)?|[ \t]+and[ \t]+)[A-Z][\w'’-]*(?:[ \t][A-Z][\w'’-]*){0,2})*"
    + _IN_AREA)
# "X in the Donetsk region", "X, in southern Idlib": the words between a place and the
# region written right after it that encloses it.
IN_REGION_AFTER = re.compile(_IN_AREA)
# "near X", "on the outskirts of X", "X countryside": ACLED precision 2.
NEAR_BEFORE = re.compile(
    r"(?:\bnear(?:by)?|\boutskirts\s+of|\bcountryside\s+of|\bvicinity\s+of|\baround|\boutside|"
    r"\bclose\s+to|\b(?:north|south|east|west|north-?east|north-?west|south-?east|south-?west)"
    r"(?:ern)?\s+of|\bkm\s+(?:from|of)|\bkilometres\s+(?:from|of)|\bmiles\s+(?:from|of)|"
    r"\bedge\s+of)\s+(?:the\s+)?(?:(?:[\w'’-]+\s+){0,2}?(?:" + "|".join(SETTLEMENT_WORDS)
    + r")s?\s+of\s+"
    + _LIST_ITEMS + r")?$",
    re.IGNORECASE,
)
# A capitalised word or a hyphen right before or after an entity: it may be part of a
# longer name spaCy cut ('Goz Beida', 'Guinea-Bissau').
PART_BEFORE = re.compile(r"(?:[A-Z][\w'’]*[ \t]+|[A-Za-z][-‑‐])$")
# ... or a Romance connector and a capital: 'Rio Grande' of 'Rio Grande do Sul'.
PART_AFTER = re.compile(r"(?:[ \t]+(?:(?:do|dos|da|das|de|del|di)[ \t]+)?[A-Z]|[-‑‐][A-Z])")
# People named by where they live: 'a Rochester man', 'two Dayton residents'.
RESIDENT_AFTER = re.compile(
    r"[ \t]+(?:man|woman|men|women|boy|girl|boys|girls|teen|teens|teenager|teenagers|"
    r"resident|residents|couple|native|natives|youth|mother|father|pupils|students|parents|"
    r"families|homeowners|motorists|drivers|taxpayers|shoppers|neighbors|neighbours|"
    r"businesses|hospital|hospitals|farm|farms|camp|camps|laboratory|mine|slum|slums|area)\b")
# A word after a town's name that makes it the town whatever spaCy tags it: its public
# servants ('Fargo police', 'a Danbury firefighter') or what is based there.
LOCAL_AFTER = re.compile(
    r"(?:'s|’s)?(?:[ \t]+(?:police|policemen|mayor|sheriff|sheriff's|firefighters?|"
    r"detectives?|officials|officers?|council|councilman|councilwoman|aldermen|"
    r"residents?|voters|schools|city[ \t]+(?:council|hall|officials|manager|limits))\b"
    r"|[-‑‐](?:based|born|area)\b)")
# A legislator's party and home after the name: 'Rep. Charles Rangel, D-N.Y.,', '(R-Elbow
# Lake)', 'Tony Sertich, DFL-Chisholm'. The home is named, whatever spaCy makes of it.
AFFILIATION = re.compile(
    r"(?<=[,(])[ \t]?(?:D|R|I|DFL)[-‑](?P<place>(?:[A-Z]\.){2,3}|[A-Z][a-z]{1,4}\.(?=[ \t,)]|$)"
    r"|[A-Z][\w'’]+(?:[ \t][A-Z][\w'’]+){0,2})(?=[ \t]?[,;)]|\.?[ \t]|\.?$)")
# A lowercase word of an admin unit's kind ending an entity ('Hebei province').
KIND_LAST = re.compile(
    r"[ \t]+(?:province|region|district|governorate|oblast|prefecture|state)$")
# A lake, valley, river, island ... named with its kind is one name, not the town inside
# it ('Lake Erie' is no Erie, 'Salinas Valley' no Salinas, 'Fort Hood' no 'Fort').
FEATURE_WORDS = frozenset({"lake", "fort", "mount", "isle", "valley", "delta", "bay", "canal",
                           "river", "creek", "mountain", "mountains", "island", "islands",
                           "strait", "gulf", "sea", "desert", "plateau", "peninsula"})
FEATURE_NAME = re.compile(
    r"^(?:the[ \t]+)?(?:Lake|Fort|Mount|Isle)[ \t]+[A-Z]|[ \t](?:Lake|Valley|Delta|Bay|Canal|"
    r"River|Creek|Mountains?|Islands?|Strait|Gulf|Sea|Desert|Plateau|Peninsula|"
    r"Proving[ \t]+Ground)$")
# A valley, river ... word ending a name: 'Swat Valley' is in the district of Swat.
FEATURE_LAST = re.compile(r"[ \t]+(?:Valley|River|Mountains?|Hills|Plain|Plains)$")
# Names listed before a plural kind ('Walton and Oconee counties', 'Idlib and Hama
# provinces'): each is a unit of that kind, however spaCy tags it.
_LISTED_NAME = r"[A-Z][\w'’.-]*(?:[ \t][A-Z][\w'’.-]*){0,2}"
KIND_LIST = re.compile(
    rf"(?P<items>{_LISTED_NAME}(?:,[ \t]+{_LISTED_NAME})*,?[ \t]+(?:and|&)[ \t]+"
    rf"{_LISTED_NAME})[ \t]+(?P<kind>counties|parishes|provinces|governorates|districts|"
    r"regions|oblasts|prefectures)\b")
KIND_SINGULAR = {"counties": "County", "parishes": "Parish"}
# State abbreviations that are also English words: short of their stop they are the word
# ('a Catholic Mass', 'Miss World', 'Noah's Ark'), not Massachusetts, Mississippi, Arkansas.
WORD_ABBREVIATIONS = frozenset({"mass", "miss", "wash", "ill", "ore", "ark"})
# A capital's initial and a space before an abbreviation ('W. ' of 'W. Va.').
SPACED_INITIAL = re.compile(r"(?<![\w.])([A-Z]\.)[ \t]$")
# 'US-made missiles', 'Iranian-supplied drones': where a weapon comes from, not where the
# story is.
MADE_AFTER = re.compile(r"[-‑‐](?:made|built|supplied|manufactured|designed|produced)\b")
# A lowercase modifier hyphened to a name ('Sligo-based'): the name is where it is.
LOCAL_SUFFIX = re.compile(r"(?<=[a-z])[-‑‐](?:based|born|area)$")
# The part of LOCAL_AFTER only a town has: 'Energy officials' are a ministry's.
POLICE_AFTER = re.compile(
    r"(?:'s|’s)?(?:[ \t]+(?:police|policemen|sheriff|sheriff's|firefighters?|"
    r"detectives?)\b|[-‑‐]based\b)", re.IGNORECASE)
# A town's own public body after its name ('Oakland Police Department', 'Norfolk School
# District', 'Danbury City Council'): the body is in the town it is named after, and LGL and
# GWN annotate the town there (GeoVirus does not). Not universities, schools, firms or teams,
# which are often elsewhere or named after someone ('Oakland University' is in Rochester,
# Michigan; 'San Jose Elementary School' after a saint).
LOCAL_BODY_AFTER = re.compile(
    r"(?:'s|’s)?[ \t]+(?:County[ \t]+)?(?:Police|Sheriff|Fire|Public[ \t]+(?:Schools?|Library|"
    r"Works)|School[ \t]+(?:District|Board|Committee)|"
    r"City[ \t]+(?:Council|Hall|Commission|Manager|Attorney)|Town[ \t]+(?:Council|Hall|Board)|"
    r"Village[ \t]+Board|Board[ \t]+of[ \t]+(?:Education|Selectmen|Supervisors|Aldermen)|"
    r"Planning[ \t]+(?:Commission|Board)|Housing[ \t]+Authority|Municipal|Township|"
    r"Courthouse|District[ \t]+Court|Municipal[ \t]+Court|Superior[ \t]+Court|Circuit[ \t]+Court|"
    r"Chamber[ \t]+of[ \t]+Commerce|Health[ \t]+Department|Parks[ \t]+and[ \t]+Recreation)\b")
# The last word of a facility's name: a building stands in the town that opens its name
# ('Hartford Hospital', 'the Ubay L.G. Cotamura Community Hospital', 'Feltham Magistrates'
# Court'), where a firm, a college or a team often does not ('Columbia University').
FACILITY_END = re.compile(
    r"[ \t](?:Hospital|Airport|Court|Courthouse|Center|Centre|Clinic|Infirmary|Station|Hall|"
    r"Library|Jail|Prison|Reservoir|Park)(?:'s|’s)?$")
# ... unless a university's or a college's ('Columbia University Medical Center'), named after
# the school, not the town.
SCHOOL_WORD = re.compile(r"\b(?:University|College)\b")
# A name after another in a list ('Nakuru and ', 'Bondo, '): an item of a list of places may
# go by an older or local name ('Bunyala' for Port Victoria).
LISTED_AFTER = re.compile(
    r"[A-Z][\w'’.-]*(?:,[ \t]*|[ \t]+(?:and|or)[ \t]+|,[ \t]+(?:and|or)[ \t]+)$")
# ... or before another ('between Hpakant and Lone Khin').
LISTED_BEFORE = re.compile(r"(?:,[ \t]*|[ \t]+(?:and|or)[ \t]+)[A-Z]")
# Words before a name that do not make a town's alternate name its name: an organisation is
# 'at Google', a person 'between' others.
ALIAS_DOUBTFUL = frozenset({"at", "between", "and", "on"})
# Words before a name that place it even where the name is also a person's ('the mayoral
# election in Sochi'), unless a possessive follows ('in Clinton's proposal').
INSIDE_WORDS = frozenset({"in", "near", "outside", "inside", "into", "throughout", "within"})
# Titles inside a PERSON span that opens with a town ('Avondale Mayor Ed Rieker', 'Erie GM
# Sherry Bassin'): the span is a town and a person, not a person's name.
PERSON_TITLES = frozenset(
    {"mayor", "gm", "ceo", "chief", "coach", "director", "manager", "sheriff", "president",
     "governor", "gov", "sen", "rep", "judge", "councilman", "councilwoman", "commissioner",
     "superintendent", "officer", "captain", "spokesman", "spokeswoman", "secretary"})
# Words that make a name a place's or a building's, whatever spaCy tags it.
PLACE_KIND_WORDS = frozenset(
    {*SETTLEMENT_WORDS, *ADMIN_WORDS, *ADMIN2_WORDS, *FEATURE_WORDS, "hospital", "airport",
     "court", "courthouse", "center", "centre", "clinic", "station", "hall", "library", "jail",
     "prison", "park", "racecourse", "stadium", "square", "street", "road", "avenue"})
PERSON_SPAN_NOT = PLACE_KIND_WORDS | PERSON_TITLES
# The last word of a newspaper's name: the town in 'The Des Moines Register', 'the Madison
# Catholic Herald' is the outlet's, not a place of the story (see OUTLET_WORD).
OUTLET_END = re.compile(
    r"[ \t](?:Register|Herald|Times|News|Post|Tribune|Journal|Gazette|Courant|Sentinel|"
    r"Inquirer|Examiner|Chronicle|Dispatch|Globe|Courier|Bee|Ledger|Press|Daily|Citizen|"
    r"Enquirer|Observer|Independent|Telegraph|Guardian|Monitor|Advocate|Reporter)(?:'s|’s)?$")
# A title before a name makes it a person's: 'Mr. Sharon', 'Sen. Kettering', 'Mayor Mullins'.
# Not 'Chief' or 'Deputy', which open offices' names ('Chief Kanawha Circuit Judge').
TITLE_BEFORE = re.compile(
    r"\b(Mr|Mrs|Ms|Miss|Dr|Sen|Rep|Gov|Gen|Lt|Sgt|Capt|Col|Cpl|Det|Judge|Officer|"
    r"Coach|President|Pastor|Rev|St|Mayor|Sheriff|Commissioner|Councilman|"
    r"Councilwoman|Secretary|Minister|Senator|Governor|Prince|King|Queen|Sir|Lord|Bishop|"
    r"Prof|Professor|Ambassador|Superintendent|Inspector|Justice|Chairman|"
    r"Speaker|Pope|Cardinal|Archbishop|Patriarch|Imam|Rabbi|Sheikh|Ayatollah)\.?[ \t]+$")
# Titles that also open names of places and titles of contests ('St. Kitts', 'Miss America',
# 'Prince George', 'King William', 'Queen Anne's County'): after them an untagged name may
# still be a place.
PLACE_TITLES = frozenset({"St", "Miss", "Prince", "King", "Queen", "Lord", "Sir"})
# A verb after a name tagged PERSON that says it is a person: 'Sharon said'.
PERSON_AFTER = re.compile(r"[ \t]+(?:said|says|told|added|asked|wrote|explained)\b")
# What a government does in the news ('Kiev rejected the claims', 'Tallinn has warned'): a
# capital by another spelling or a smaller one tagged PERSON is the government doing it, not
# a person ('Saul's troops').
STANCE_AFTER = re.compile(
    r"[ \t]+(?:(?:has|have|had|will|would|also)[ \t]+)?(?:said|says|told|added|denied|denies|"
    r"warned|warns|rejected|rejects|accused|accuses|insisted|insists|responded|condemned|"
    r"condemns|urged|urges|announced|announces|claimed|claims|called|demanded|threatened|"
    r"vowed|agreed|refused|protested|welcomed|blamed|dismissed|recalled|summoned|expelled|"
    r"confirmed|retaliated)\b")
# "in the (northern) countryside of Hama": the province of that town.
COUNTRYSIDE_OF = re.compile(
    r"\bcountryside\s+of\s+([A-Z][\w'’-]+(?:[ -][A-Z][\w'’-]+)?)")
NEAR_AFTER = re.compile(r"^(?:'s|’s)?\s+(?:countryside|outskirts|suburbs|environs|area)\b",
                        re.IGNORECASE)
# 'stormed Kurya village': not 'town' or 'city', which open names ('Lewis town hall').
SETTLEMENT_AFTER = re.compile(r"[ \t]+(?:village|hamlet)\b(?![ \t]+(?:green|hall|board|council))")
# 'an Ossetian-controlled village' names who holds it, not the village.
CONTROLLED_END = re.compile(r"[-‑‐](?:controlled|held|run|occupied)$", re.IGNORECASE)
# Not across a blank line: 'Bushfires threaten towns' is a headline, not a cue for the body's
# first word ('Fire crews battled ...').
SETTLEMENT_BEFORE = re.compile(
    r"\b(?:" + "|".join(SETTLEMENT_WORDS)
    + r")s?(?=\s)[ \t]*\n?[ \t]*(?:(?:of|(?-i:called|named))\s+" + _LIST_ITEMS + r")?\Z",
    re.IGNORECASE,
)
# A name's possessive right before a word ('Germany's ', 'the U.S.' '): where a country's,
# the word is its place ('Syria's Idlib') or its person ('Argentina's Milei').
COUNTRY_POSSESSIVE = re.compile(
    r"(?P<country>[A-Z][\w.-]*(?:[ \t][A-Z][\w.-]*){0,2})(?:'s|’s|')[ \t]+$")
# An apposition that says what kind of place a name is: 'Wad Madani, capital of Gezira
# state', 'Gao, a town in northern Mali', 'Gezira, a state of Sudan', 'Tamarasheni, a
# Georgian town a stone's throw from ...'. Global news introduces its places so. Not 'In
# late May, the city of San Jose', which names the next place.
APPOSITIVE_KIND = re.compile(
    r"^,[ \t]+(?:(?:the[ \t]+)?(?:[a-z][\w-]*[ \t]+){0,2}(?P<capital>capital)[ \t]+of\b|"
    r"(?:a|an)[ \t]+(?:[A-Za-z][\w'’-]*[ \t]+){0,2}"
    r"(?P<kind>town|city|village|port|hamlet|settlement|suburb|province|region|state|district|"
    r"governorate|county|oblast|prefecture)(?:[ \t]+(?:of|in|near|on|outside|about|some|a)\b|"
    r"(?=[,.;:)])))")
# A capitalised word right after a name, which may make it a longer name ('Kansas City').
NEXT_NAME_WORD = re.compile(r"[ \t]+[A-Z][\w'’.-]*")
# A country's demonym and a kind of place before a name ('the Syrian town of Manbij', 'the
# German island Rugen', 'the Ukrainian port city of Odesa'): the place is in that country,
# as in 'Manbij, Syria'. Global news introduces places abroad so.
DEMONYM_KIND_BEFORE = re.compile(
    r"\b(?P<demonym>[A-Z][a-z]+(?:[ \t][A-Z][a-z]+)?)[ \t]+(?:(?:border|port|coastal|"
    r"frontline|front-line|mountain|desert|island|rebel-held|government-held)[ \t]+)?"
    r"(?:island|town|city|village|province|region|state|port|capital|district|county|resort|"
    r"hamlet|municipality|governorate|enclave|settlement|prefecture|oblast|department|suburb|"
    r"neighbou?rhood|stronghold|area|locality|community)[ \t]+(?:of[ \t]+)?$")
ADMIN_BEFORE = re.compile(
    r"\b(?:province|governorate|region|district|oblast|state|prefecture)\s+of\s+$", re.IGNORECASE
)
ADMIN_AFTER = re.compile(
    r"^(?:'s|’s)?\s+(?:province|governorate|region|district|oblast|state|prefecture)\b",
    re.IGNORECASE,
)
DIRECTION_BEFORE = re.compile(
    r"\b(?:north|south|east|west|central|northern|southern|eastern|western|"
    r"(?:north|south)-?(?:east|west)(?:ern)?|rural|greater)\s+$",
    re.IGNORECASE,
)
# One capitalised name token, with an optional Arabic article ('al-Sukhnah', "Z'ainiyah").
# Or a dotted abbreviation ('U.S.', 'N.J.'), which spaCy tags as a place of its own only
# outside a name: 'the U.S. Department of Education', 'the S.C. Highway Patrol'.
_TOKEN = (r"(?:(?:[A-Z]\.){2,3}(?![\w.])|(?:(?:al|el|as|ash|ad|ar|at|an|az|ez|ed|es|ul|ud)[-‑‐])?"
          r"[A-Z][\w'’ʿʾ]*(?:[-‑‐][\w'’ʿʾ]+)*)")
_CONNECTOR = (r"(?:al|el|as|ash|ad|ar|at|an|az|ez|ed|es|de|del|da|di|do|dos|das|la|le|of|bin"
              r"|ibn|abu)")
NAME_SEQUENCE = re.compile(rf"{_TOKEN}(?:[ \t]+(?:{_CONNECTOR}[ \t]+)?{_TOKEN}){{0,4}}")
# A run of names joined by 'and' or 'of the' as well: the long official names of countries
# ('Bosnia and Herzegovina', 'Democratic Republic of the Congo'), which spaCy often cuts in
# two ('Democratic Republic' + 'Congo', 'Trinidad' + 'Tobago'). Only a name the gazetteer
# lists across such a joiner is taken from it; 'Mali and Niger' stays two names.
_JOINER = rf"(?:{_CONNECTOR}|and|&|of[ \t]+the)"
JOINED_SEQUENCE = re.compile(rf"{_TOKEN}(?:[ \t]+(?:{_JOINER}[ \t]+)?{_TOKEN}){{1,5}}")
LONG_JOINER = re.compile(r"[ \t](?:and|&|of[ \t]+the)[ \t]")
TOKEN = re.compile(_TOKEN)
# A token of capitalised parts joined by hyphens, and its parts of two letters or more: not
# 'Sligo-based' or 'Part-time' (a modifier), nor 'al-Sukhnah' (one name with its article).
COMPOUND = re.compile(r"[A-Z][^\W_]*(?:[-‑‐][A-Z][^\W_]*)+")
NAME_PART = re.compile(r"(?<![^\W_])[A-Z][^\W_]+")
# The end of a dotted abbreviation without its last stop: 'U.S', 'D.C', 'W.Va'.
DOTTED = re.compile(r"(?<![A-Za-z])(?:[A-Z][a-z]?\.\s?)+[A-Z][a-z]?$")
# Capitalised words (two for 'Sri Lankan', 'South Korean') that may be a demonym.
DEMONYM_WORDS = re.compile(
    r"\b(?:(?:New|North|South|East|Sri|Saudi|Costa|Puerto|Sierra|Cape|Cabo|Hong)\s)?"
    r"[A-Z][a-z]+\b")
# What may come before a place that opens an organisation's name ('the Ohio Department of
# Health'). Not '... of': LGL and GeoVirus annotate 'the University of Georgia' but not 'Bank
# of America' or 'Council of Europe' (23 of 44 such names there: a coin toss).
ORG_OPENING = re.compile(r"\s*(?:the\s+)?", re.IGNORECASE)
# A number right before an abbreviation that also writes an era makes it the era.
ERA_ABBREVIATIONS = frozenset({"B.C."})
ERA_BEFORE = re.compile(r"\d[ \t]*$")
# A name in capitals ('DRC', 'UAE', 'U.A.E.'), as countries are abbreviated.
ACRONYM = re.compile(r"[A-Z]{2,4}|(?:[A-Z]\.){2,4}")
POSSESSIVE = re.compile(r"(?:'s|’s|')$")
# 'Lutheran School in Lombard': a place spaCy took into the end of a name after 'in'.
IN_BEFORE = re.compile(r"[ \t]in[ \t]+$")
# 'the University of Rochester', 'Troop 172 of Wakefield': a body named with where it is. Not
# an office of a field ('Chamber of Commerce', 'Department of Energy'), whose 'of' takes no
# place, nor 'of America' ('Bank of America'), a firm's word for a continent or a country.
OF_PLACE_BEFORE = re.compile(r"(?P<head>[\w.'’-]+)[ \t]+of(?P<the>[ \t]+the)?[ \t]+$")
# ... nor a hamlet: 'the International Federation of Red Cross' is no Red Cross, Louisiana.
NAMED_BODY_TOWN = 1_000
OFFICE_HEADS = frozenset({
    "Chamber", "Department", "Dept.", "Ministry", "Minister", "Secretary", "Bureau", "Office",
    "Division", "Commission", "Committee", "Board", "Council", "Court", "Academy", "Institute",
    "College", "School", "Faculty", "Director", "Sisters", "Brothers", "Daughters", "Sons"})
POSSESSIVE_ONLY = re.compile(r"(?:'s|’s|')?")
POSSESSIVE_AFTER = re.compile(r"'s|’s|'(?!\w)")
# A saint's name with its possessive names a place as a whole ('St. John's', 'St. Mary's
# County', 'St. George's'): the 's is no possessive there.
SAINT_POSSESSIVE = re.compile(r"(?:St\.?|Saint|Ste\.?)[ \t]+[A-Z]\w*(?:'s|’s)$")
SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z\"“'‘(])|\n\s*\n")
MAX_NAME_TOKENS = 5
# Cities at least this big are places even without a preposition before them.
BIG_CITY = 100_000
# A populated place abroad this small is not believed over the country the sentence names.
SMALL_PLACE = 100_000
REGION_SOURCES = ("admin1", "admin2", "region")
# Prior of a bare mention by gazetteer layer; towns get log10(population) / 2 instead.
SOURCE_PRIOR = {"country": 3.0, "admin1": 2.0, "region": 2.0, "admin2": 1.5,
                "district": 1.5}
CAPITAL_BONUS = 0.5
# An admin1's prior grows by this much per tenfold population above ADMIN1_BIG (tuned on
# GeoVirus: 1.0 is best there and on LGL; 1.5 loses on GeoVirus).
ADMIN1_SIZE_PRIOR = 1.0
ADMIN1_BIG = 1_000_000
# A mention is an anchor (votes for its country, centres the map) when no reading in another
# country has a prior within this margin of its best one.
ANCHOR_MARGIN = 1.0
# Spatial minimality: candidates near the document's anchors win, on this scale.
NEAR_KM = 300.0
SPATIAL_WEIGHT = 2.0
# Document coherence: every mention's readings, weighted by how likely each is, pull the
# readings of the other mentions toward them (local news names many small ambiguous towns
# and counties of one area; no single one of them is an anchor, together they are). Tuned on
# the even-numbered LGL articles; see the issue 3 notes.
COHERENCE_TOP = 12  # readings per mention that take part, by prior
# One round of pulls: three (the first setting) scored the same on LGL and one toponym
# (gold spans) or two (analyze) fewer on GeoVirus, for three times the work.
COHERENCE_ROUNDS = 1
COHERENCE_WEIGHT = 10.0
COHERENCE_KM = 150.0
# Readings' likelihoods are softmax(SHARPNESS * score): a big city's namesake hamlet barely
# vouches for its neighbours, equally likely readings (ten Henry Counties) all do.
COHERENCE_SHARPNESS = 2.0
# Two readings in one admin1 count as this near; a state and a town inside it as 1.
SAME_ADMIN1 = 0.6
# A country is a fair reading whatever else the document names: its floor of pull.
COUNTRY_PULL = 0.2
# A reading by the mention's own name beats one that merely lists it as an alternate name
# ('Mexico' is the country, not Mexico City).
EXACT_NAME_BONUS = 1.5
# How alike (difflib's ratio) each word of a fuzzy match is to the mention's: 'Idleb' and
# 'Idlib' 0.8, 'Quneitra' and 'Qunaytirah' 0.78; 'Swat' and 'South' 0.44.
FUZZY_WORD_RATIO = 0.6
# Abbreviations a writer uses for the word a gazetteer spells out.
SHORT_FORMS = {"st": "saint", "ste": "sainte", "mt": "mount", "ft": "fort", "pt": "point"}
# A mention listed among countries (states) reads as a country (state) by this much more.
LIST_BONUS = 3.0
# What separates the items of a list: 'Mali, Niger and Chad', 'Ohio or Indiana'.
LIST_SEPARATOR = re.compile(r"\s*(?:,\s*(?:and\s+|or\s+)?|\s(?:and|or|&)\s+)\s*")
# The share of the document's other country evidence that makes a country the story's own:
# its towns are believed even where a sentence names another country.
STORY_SHARE = 0.5
# Country evidence for no country in a document's share: one small town's vote (0.5) is a
# third of the evidence, not all of it ('Hampton Park' made Charleston Australian).
SHARE_PRIOR = 1.0
# Country evidence that makes a country one the document is about, for doubtful names.
MAYBE_EVIDENCE = 1.0
# A town this big by its own name in a country the document names is a doubtful name's
# reading after a locative preposition ('now operate from Timbuktu' in a story naming Mali,
# Niger and Burkina Faso), not before a possessive ('to DAC's mission').
MAYBE_TOWN = 50_000
# How a given span the gazetteer lacks was placed by the place found inside it.
INNER_NOTE = "near the place named inside it"
# Fallbacks that the place named inside a name overrides: the document's, not the sentence's.
INNER_OVER = frozenset({"fallback to the document's region", "fallback to country",
                        "not in gazetteer"})
# A wire dateline opening the body: 'BAGHDAD (Reuters) -', 'KABUL, May 3 —', 'GEORGETOWN,
# Guyana (AP) --'. The place is where the reporter files from: the article's likely country.
_MONTH = r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?"
DATELINE = re.compile(
    r"[ \t]*(?P<place>[A-Z][\w.'’-]*(?:[ \t]+[A-Z][\w.'’-]*){0,3})"
    r"(?:,[ \t]+(?P<qualifier>[A-Z][\w.]*(?:[ \t]+[A-Z][\w.]*){0,2}))?"
    r"(?P<date>,?[ \t]+" + _MONTH + r"[ \t]+\d{1,2}(?:,[ \t]+\d{4})?)?"
    r"(?:[ \t]*\((?P<agency>[\w .&'-]{2,30})\))?[ \t]*(?:--?|—|–)[ \t]"
)
# How far into the body a dateline may open a sentence: past a headline of a sentence or
# two the body keeps ('Flood closes bridge. SPRINGFIELD -- ...').
DATELINE_REACH = 300
# A dateline's country counts as much as a country named in the text.
DATELINE_VOTE = 3.0
# A town this many times smaller than a city of BIG_CITY or more by the same name is read
# only where the text places it ('Paris, Texas'; see `_far_namesakes`). A national story
# that names Texas elsewhere does not make 'the attacks in Paris' Texan.
NAMESAKE_RATIO = 10.0
# ... where the town lies in the story's own country, only a city of that country, a capital
# or a city this big abroad counts as the famous namesake.
WORLD_CITY = 2_000_000
# The coherence pull (mean nearness of the document's other names' readings) that places
# such a town: local news that names its county, neighbours and state gives 0.4-1.0; a US
# political story naming a few states among many places gives it 0.1-0.25.
NAMESAKE_PULL = 0.3
# A town or county the document names (another name, read without doubt) this near vouches
# for a small namesake: 'Georgetown' in a story that names Washington is the one in DC.
LOCAL_KM = 50.0
# A small town named like an admin1 elsewhere is rarely what a bare mention means (towns
# named like countries are: local news says 'Palestine' for Palestine, Texas).
SHADOW_PENALTY = 3.0


@cache
def stopnames() -> frozenset[str]:
    text = (files("claimscope") / "data" / "geo" / "stopnames.txt").read_text(encoding="utf-8")
    return frozenset(ln.strip() for ln in text.splitlines() if ln.strip() and ln[0] != "#")


@cache
def seat_rows() -> tuple[tuple[tuple[str, ...], str, str, str], ...]:
    """(names, city, country code, admin1) of the seats of power news names for the power."""
    text = (files("claimscope") / "data" / "geo" / "seats.tsv").read_text(encoding="utf-8")
    rows = [ln.split("\t") for ln in text.splitlines() if ln.strip() and ln[0] != "#"]
    return tuple(((name, *(a for a in aliases.split("|") if a)), city, cc, admin1)
                 for name, aliases, city, cc, admin1 in rows[1:])


@cache
def seat_keys() -> frozenset[str]:
    return frozenset(name_key(n) for names, *_ in seat_rows() for n in names)


@cache
def shared_gazetteer(extra: Path | None) -> Gazetteer:
    """One gazetteer per process and extra file: stages built often share it."""
    return Gazetteer(extra=extra)


@dataclass(slots=True)
class Mention:
    start: int
    end: int
    text: str
    candidates: list[GazetteerEntry]
    origin: str  # entity, gazetteer, pattern, demonym, affiliation, dateline, given, repeat, seat
    label: str | None = None  # the spaCy label of an entity with exactly this span
    near: bool = False
    settlement: bool = False
    admin: bool = False
    direction: bool = False
    # a lake, valley, fort ... read as the place it is named after: near it, not at it
    feature: bool = False
    qualifier: list[GazetteerEntry] = field(default_factory=list)  # "Gao, Mali" -> Mali
    # a repeat's source: the offset of the mention that placed its name ('in Huntsville')
    repeats: int | None = None
    # the places named inside a name the gazetteer lacks ('Vancouver' of 'Vancouver
    # International Airport'), which place it where the fallback would put it elsewhere
    inner: list[Mention] = field(default_factory=list)
    # names an event of world news ('the Paris attacks', 'the Minsk agreements')
    world_event: bool = False


@dataclass(slots=True)
class Context:
    """What the document says about where it is, for ranking candidates."""

    sentences: list[tuple[int, int]]
    doc_countries: defaultdict[str, float]  # country code -> evidence weight
    # per sentence index: country codes and admin/region entries named in it, with offsets
    sentence_countries: dict[int, set[str]]
    sentence_regions: dict[int, list[tuple[int, GazetteerEntry]]]
    # per sentence index: the countries named outright in it, with offsets
    sentence_country_marks: dict[int, list[tuple[int, str]]] = field(default_factory=dict)
    # per sentence index: the countries whose demonym it has ('Israeli troops')
    sentence_demonyms: dict[int, set[str]] = field(default_factory=dict)
    # per sentence index: the units a mention with a unit's word names ('the Donetsk
    # region'), with its offset, however ambiguous its name alone is
    sentence_units: dict[int, list[tuple[int, list[GazetteerEntry]]]] = field(
        default_factory=dict)
    # (country, admin1 code) -> how often the document names that region
    doc_regions: defaultdict[tuple[str | None, str | None], int] = field(
        default_factory=lambda: defaultdict(int)
    )
    # a mention's name -> the regions its mentions add to doc_regions, discounted when one of
    # them is resolved ('Minsk' is no vote for Minsk province over the city)
    region_votes: defaultdict[str, list[tuple[str | None, str | None]]] = field(
        default_factory=lambda: defaultdict(list)
    )
    # offset of the mention (or demonym) -> its country votes, so a mention can discount
    # its own vote when it is itself resolved
    votes: defaultdict[int, list[tuple[str, float]]] = field(
        default_factory=lambda: defaultdict(list)
    )
    # unambiguous places below country level: the document's spatial centre
    points: list[tuple[int, GazetteerEntry]] = field(default_factory=list)
    # offset of a mention listed among countries or among states ('Mali, Niger and Chad')
    # -> that rank ('country', 'admin1'): its reading of that rank is the likely one
    list_rank: dict[int, str] = field(default_factory=dict)
    # offset of a mention -> its name key: a name said four times is one piece of evidence
    names: dict[int, str] = field(default_factory=dict)
    # offset of a mention -> the readings of the places listed with it ('the villages of
    # Ceamurlia de Jos, Maliuc and Caraorman'), where a name the gazetteer lacks falls back
    neighbours: dict[int, list[GazetteerEntry]] = field(default_factory=dict)
    coherence: Coherence | None = None

    def vote(self, offset: int, cc: str, weight: float) -> None:
        self.doc_countries[cc] += weight
        self.votes[offset].append((cc, weight))

    def top_region(self) -> tuple[str | None, str | None] | None:
        """The province most of the document's regions and towns lie in, if half do: a
        story from Kostiantynivka, Bakhmut and Horlivka is a Donetsk story, whatever 'Kyiv
        did not comment' adds."""
        counts = Counter(self.doc_regions)
        counts.update((e.country_code, e.admin1_code) for _, e in self.points if e.admin1_code)
        if not counts:
            return None
        key, count = max(counts.items(), key=lambda kv: kv[1])
        return key if count / sum(counts.values()) >= 0.5 else None

    def sentence_of(self, offset: int) -> int:
        for i, (s, e) in enumerate(self.sentences):
            if s <= offset < e:
                return i
        return -1

    def share(self, cc: str | None, exclude: int | None = None, prior: float = 0.0) -> float:
        """The share of the document's country evidence for `cc`, less that of `exclude`;
        `prior` is evidence for no country, so that little evidence makes a small share."""
        own = list(self.votes.get(exclude, [])) if exclude is not None else []
        key = self.names.get(exclude) if exclude is not None else None
        if key is not None:
            # 'Dublin' said four times does not make the article Irish for the fifth.
            own = [v for pos, votes in self.votes.items()
                   if self.names.get(pos) == key for v in votes]
        total = sum(self.doc_countries.values()) - sum(w for _, w in own)
        weight = self.doc_countries.get(cc, 0.0) if cc else 0.0
        weight -= sum(w for c, w in own if c == cc)
        return weight / (total + prior) if cc and total + prior > 1e-9 else 0.0

    def evidence(self, cc: str, exclude: int) -> float:
        """The document's country evidence for `cc` but that of the name at `exclude`."""
        key = self.names.get(exclude)
        own = sum(w for pos, votes in self.votes.items()
                  if pos == exclude or (key is not None and self.names.get(pos) == key)
                  for c, w in votes if c == cc)
        return self.doc_countries.get(cc, 0.0) - own

    def closeness(self, e: GazetteerEntry, exclude: int) -> float:
        """Mean nearness (1 at the spot, 1/e at NEAR_KM) of `e` to the other anchors."""
        # A region is near the places inside it, however far its centroid lies.
        near = [1.0 if e.is_admin1 and (p.country_code, p.admin1_code)
                == (e.country_code, e.admin1_code) else math.exp(-_km(e, p) / NEAR_KM)
                for pos, p in self.points if pos != exclude]
        return sum(near) / len(near) if near else 0.0

    def top_country(self) -> str | None:
        if not self.doc_countries:
            return None
        cc, weight = max(self.doc_countries.items(), key=lambda kv: kv[1])
        return cc if weight / sum(self.doc_countries.values()) >= 0.5 else None


FloatArray = npt.NDArray[np.float64]


def _spatial(e: GazetteerEntry) -> bool:
    """Whether `e` is a point that can be near or far: not a country, sea or continent."""
    return not e.is_country and e.precision < 4


@dataclass(slots=True)
class Coherence:
    """Soft readings of the document's mentions: each reading weighted by its likelihood."""

    entries: list[GazetteerEntry]
    group: npt.NDArray[np.int64]  # which mention (by name) each reading belongs to
    keys: list[str]  # the name key of each group
    # each reading's likelihood over that of the likeliest reading of its mention
    relative: FloatArray

    def reweigh(self, scores: FloatArray) -> None:
        n = len(self.keys)
        top = np.full(n, -np.inf)
        np.maximum.at(top, self.group, scores)
        self.relative = np.exp(scores - top[self.group]) if len(scores) else scores

    @classmethod
    def build(cls, mentions: list[Mention]) -> Coherence:
        by_key: dict[str, list[GazetteerEntry]] = {}
        bonus: dict[int, float] = {}
        for m in mentions:
            key = name_key(_bare(m.text))
            readings = by_key.setdefault(key, [])
            for e in sorted(m.candidates, key=_prior, reverse=True)[:COHERENCE_TOP]:
                if not _named(e, key) or _shadowed(e, m):
                    continue  # an alternate name ('China' for Arcade, NY) is no evidence
                if e not in readings:
                    readings.append(e)
                if any(q.country_code == e.country_code
                       and (q.is_country or q.admin1_code == e.admin1_code)
                       for q in m.qualifier):
                    # The bonus goes to the reading kept, which an earlier mention may have
                    # brought as an equal but distinct object.
                    bonus[id(readings[readings.index(e)])] = 10.0
        entries: list[GazetteerEntry] = []
        group: list[int] = []
        keys: list[str] = []
        for key, readings in by_key.items():
            if not any(_spatial(e) for e in readings):
                continue  # 'Iraq' says nothing about which Springfield is meant
            entries.extend(readings)
            group.extend([len(keys)] * len(readings))
            keys.append(key)
        base = COHERENCE_SHARPNESS * np.array(
            [_prior(e) + bonus.get(id(e), 0.0) for e in entries], dtype=np.float64)
        ids = np.array(group, dtype=np.int64)
        out = cls(entries, ids, keys, base)
        out.reweigh(base)
        near = out._nearness(entries)
        for _ in range(COHERENCE_ROUNDS):
            out.reweigh(base + COHERENCE_SHARPNESS * COHERENCE_WEIGHT * out._pulls(near, ids))
        return out

    def _nearness(self, cands: list[GazetteerEntry]) -> FloatArray:
        """Nearness (1 at the spot or inside, falling with distance) of `cands` to the readings."""
        if not cands or not self.entries:
            return np.zeros((len(cands), len(self.entries)), dtype=np.float64)
        lat1 = np.radians([e.lat for e in cands])[:, None]
        lon1 = np.radians([e.lon for e in cands])[:, None]
        lat2 = np.radians([e.lat for e in self.entries])[None, :]
        lon2 = np.radians([e.lon for e in self.entries])[None, :]
        h = (np.sin((lat2 - lat1) / 2) ** 2
             + np.cos(lat1) * np.cos(lat2) * np.sin((lon2 - lon1) / 2) ** 2)
        km = 2 * 6371.0 * np.arcsin(np.minimum(1.0, np.sqrt(h)))
        near = np.exp(-km / COHERENCE_KM)
        # Same admin1: a state holds its towns wherever its centroid lies.
        area1 = np.array([f"{c.country_code}|{c.admin1_code}" if c.admin1_code else ""
                          for c in cands])[:, None]
        area2 = np.array([f"{e.country_code}|{e.admin1_code}" if e.admin1_code else "-"
                          for e in self.entries])[None, :]
        inside = (np.array([c.is_admin1 for c in cands])[:, None]
                  | np.array([e.is_admin1 for e in self.entries])[None, :])
        near = np.where(area1 == area2, np.maximum(near, np.where(inside, 1.0, SAME_ADMIN1)),
                        near)
        spatial = np.array([_spatial(e) for e in self.entries])
        near = near * spatial[None, :] * np.array([_spatial(c) for c in cands])[:, None]
        # A country is near every place inside it (its centroid says nothing).
        codes = np.array([e.country_code or "" for e in self.entries])
        for i, c in enumerate(cands):
            if c.is_country and c.country_code:
                near[i] = np.where((codes == c.country_code) & spatial, 1.0, 0.0)
        return np.asarray(near, dtype=np.float64)

    def _pulls(self, near: FloatArray, own: npt.NDArray[np.int64]) -> FloatArray:
        """Per row of `near`: the mean over the mentions other than `own` (-1: none) of the
        nearness of their best reading, relative to their likeliest."""
        n_groups = len(self.keys)
        if not len(near) or not n_groups:
            return np.zeros(len(near), dtype=np.float64)
        # A county name shared by ten states still vouches fully for the town in one of them.
        starts = np.flatnonzero(np.r_[True, self.group[1:] != self.group[:-1]])
        best = np.maximum.reduceat(near * self.relative[None, :], starts, axis=1)
        rows = np.arange(len(near))
        mine = np.where(own >= 0, best[rows, np.maximum(own, 0)], 0.0)
        others = n_groups - (own >= 0)
        total = best.sum(axis=1) - mine
        return np.asarray(np.where(others > 0, total / np.maximum(others, 1), 0.0),
                          dtype=np.float64)

    def pull(self, cands: list[GazetteerEntry], key: str) -> list[float]:
        """The pull of the other mentions (not those named `key`) on each of `cands`."""
        own = self.keys.index(key) if key in self.keys else -1
        pulls = self._pulls(self._nearness(cands), np.full(len(cands), own, dtype=np.int64))
        return [float(p) for p in pulls]


def _shadowed(e: GazetteerEntry, m: Mention) -> bool:
    """A small town named like an admin1 elsewhere, for a mention that may mean the admin1:
    one of its own country ('California', Maryland) or a big one abroad; a small district
    abroad ('Berea', Lesotho) shadows no Berea, Kentucky."""
    return e.feature_class == "P" and e.population < BIG_CITY and not m.settlement and any(
        c.is_admin1 and name_key(c.name) == name_key(e.name) and c.admin1_code != e.admin1_code
        and (c.country_code == e.country_code or c.population >= ADMIN1_BIG)
        for c in m.candidates)


def _named(e: GazetteerEntry, key: str) -> bool:
    """Whether mention key `key` is the name of `e`, or an alias the bundled tables list.

    GeoNames' alternate names of towns are not: they include old and foreign names
    ('China' for Arcade, NY; 'Mexico' for Mexico City).
    """
    if e.source not in ("cities", "extra"):
        return True
    own = _short_forms(name_key(e.name))
    if e.population >= BIG_CITY and (title := CITY_TITLE.match(own)) is not None:
        # GeoNames' 'Ciudad Juárez' and 'Heroica Matamoros' are 'Juarez' and 'Matamoros' in
        # the news, not the towns of those bare names 700 km away.
        own = own[title.end():]
    # A transliteration of the name ('Ḩamāh' for 'Hama') is the name; where the skeleton
    # has two letters, the names must also end alike ('Boni' is no Bonn).
    short = _short_forms(key)
    skeleton_own = key_skeleton(own)
    return own == short or (
        skeleton_own == key_skeleton(short)
        and (len(skeleton_own) >= 3 or own.rstrip("h")[-1:] == short.rstrip("h")[-1:])
    )


def _resembles(own: str, key: str) -> bool:
    """Whether a fuzzy match is a spelling of the same words ('Idleb' of 'Idlib', 'Tell
    Abiad' of 'Tal Abyad'), word by word; not another word with the same consonants ('Swat
    Valley' is no 'South Valley')."""
    a, b = own.split(), key.split()
    if len(a) != len(b):
        return SequenceMatcher(None, own, key).ratio() >= FUZZY_WORD_RATIO
    return all(SequenceMatcher(None, x, y).ratio() >= FUZZY_WORD_RATIO
               for x, y in zip(a, b, strict=True))


def _spelled(found: list[GazetteerEntry], key: str) -> list[GazetteerEntry]:
    """Drop the smaller towns that are called `key` only by an alternate name or a spelling
    variant when a city of BIG_CITY or more has it as its own name: 'Pittsburgh' is not
    Pittsburg, California, nor 'Glasgow' a town that once was called so."""
    exact = [e for e in found if e.feature_class == "P" and e.population >= BIG_CITY
             and _short_forms(name_key(e.name)) == key]
    if not exact:
        return found
    floor = max(e.population for e in exact)
    return [e for e in found if e.feature_class != "P" or e.population >= floor
            or _short_forms(name_key(e.name)) == key]


def _short_forms(key: str) -> str:
    return " ".join(SHORT_FORMS.get(t, t) for t in key.split())


@register("places")
class PlacesStage:
    name = "places"
    requires: tuple[str, ...] = ("entities",)
    assigns: tuple[str, ...] = ("places",)

    def __init__(self, settings: Settings, gazetteer: Gazetteer | None = None) -> None:
        self.gazetteer = gazetteer or shared_gazetteer(settings.gazetteer_path)
        self._seat_patterns: list[tuple[re.Pattern[str], GazetteerEntry]] | None = None

    def seats(self) -> list[tuple[re.Pattern[str], GazetteerEntry]]:
        """A pattern of each seat's names and the city it stands in (`seats.tsv`)."""
        if self._seat_patterns is None:
            self._seat_patterns = []
            for names, city, cc, admin1 in seat_rows():
                towns = [e for e in self.gazetteer.lookup(city) if e.feature_class == "P"
                         and e.country_code == cc and e.admin1 == admin1]
                if towns:
                    alternatives = "|".join(re.escape(n) for n in sorted(names, key=len,
                                                                         reverse=True))
                    self._seat_patterns.append((
                        re.compile(rf"(?<![\w'’.-])(?:{alternatives})(?![\w-])"),
                        max(towns, key=lambda e: e.population)))
        return self._seat_patterns

    def __call__(self, doc: Document) -> Document:
        mentions, ctx = self._analyse(doc)
        doc.places = [
            self._place(doc, m, ctx, f"place{i}") for i, m in enumerate(mentions, start=1)
        ]
        # The repeats last: each takes its source's reading as one sense made it.
        _one_sense_per_document([p for m, p in zip(mentions, doc.places, strict=True)
                                 if m.repeats is None],
                                [p for m, p in zip(mentions, doc.places, strict=True)
                                 if m.settlement or m.admin])
        _read_as_sources(mentions, doc.places)
        _sync_entities(doc, mentions, doc.places)
        # Last, and read as a given span: they add no evidence to the others' readings, and
        # keep their ids.
        for m in self._embedded(doc, ctx):
            place = self._resolve_mention(doc, m.start, m.end)
            # Only as a town of that name: not where another reading of the document put it
            # ('McGill' read as Israel), which the name inside a name would spread.
            if place.resolved is not None and any(
                    e.geonameid == place.resolved.geonameid for e in m.candidates):
                place.id = f"place{len(doc.places) + 1}"
                place.resolution_note = EMBEDDED_NOTE
                doc.places.append(place)
        return doc

    def resolve_mention(self, doc: Document, start: int, end: int) -> Place:
        """Resolve a given span (e.g. a gold toponym) with the document as context.

        A span the stage found itself is answered by its place in `doc.places`, as `analyze`
        output it; any other span is resolved as that place would be, one sense per document
        included, from the text the stages read (text written without case: its cased copy).
        """
        with doc.reading_cased():
            place = self._resolve_mention(doc, start, end)
        place.text = doc.text[place.start : place.end]
        return place

    def _resolve_mention(self, doc: Document, start: int, end: int) -> Place:
        doc.span(start, end)
        for found_place in doc.places:
            if (found_place.start, found_place.end) == (start, end):
                return found_place
        mentions, ctx = self._analyse(doc)
        text = doc.text[start:end]
        # 'European diplomats': a continent's demonym is a toponym where one is given.
        country = self._demonym_country(text) or self._demonym_state(text) \
            or self.gazetteer.continent_demonym(_bare(text))
        m = Mention(start, end, text, [country] if country else self._lookup(text), "given")
        if m.origin == "given" and text[:1].isupper() and not any(
                e.source in ("country", "admin1") for e in m.candidates):
            # Local news calls a county by its bare name ('Gwinnett schools', 'in Preble'):
            # a given name may be the county or parish of that name, beside its towns. Not
            # looked for in text: bare, such names are surnames and words as often ('Carter').
            m.candidates = m.candidates + [
                e for kind in ("County", "Parish")
                for e in self.gazetteer.lookup(f"{_bare(text)} {kind}") if e.is_admin2]
        for found in mentions:
            if found.start == start and found.end == end:
                m = found
        index = 1 + sum(1 for f in mentions if f.start < start)
        _set_cues(doc.text, m, self.gazetteer)
        given = self._place(doc, m, ctx, f"place{index}")
        inner = [p for p in doc.places if start <= p.start and p.end <= end and p.resolved]
        if inner and (given.resolved is None or (given.resolution_note or "").startswith(
                "fallback")):
            # A name the gazetteer lacks around a place the stage found ('Town of Groton',
            # 'St. Marys River', 'North Dallas') is near that place, as `analyze` says, rather
            # than anywhere in the state or country it fell back to; not a place elsewhere
            # ('West Midlands' is in England, whatever 'Midlands' was read as).
            near = max(inner, key=lambda p: p.end - p.start)
            if near.resolved is not None and (
                    given.resolved is None
                    or near.resolved.country_code == given.resolved.country_code):
                return Place(given.id, text, start, end, near.resolved,
                             min(max(near.geo_precision or 2, 2), 3), INNER_NOTE)
        earlier = [p for p in doc.places if p.start < start]
        _one_sense_per_document([*earlier, given], [given] if m.settlement or m.admin else [])
        return given

    # --- finding mentions ---

    def _analyse(self, doc: Document) -> tuple[list[Mention], Context]:
        cached = doc.scratch.get("places.analysis")
        if cached is not None and cached[0] == doc.text and cached[1] == len(doc.entities):
            return cached[2], cached[3]
        mentions = self._find(doc)
        for m in mentions:
            m.candidates = _without_small_namesakes(m)
        ctx = self._context(doc, mentions)
        for m in mentions:
            if ctx.list_rank.get(m.start) == "country":
                m.candidates = _without_small_namesakes(m, among_countries=True)
        ctx.coherence = Coherence.build(mentions)
        doc.scratch["places.analysis"] = (doc.text, len(doc.entities), mentions, ctx)
        return mentions, ctx

    def _lookup(self, name: str) -> list[GazetteerEntry]:
        abbreviation = self.gazetteer.abbreviation(name)
        if abbreviation is None:
            # 'S.C', 'D-Calif': an abbreviation short of its stop. Not a town's own name
            # ('Alta, Norway' is no 'Alta.', Alberta; 'Vic' no 'Vic.', Victoria).
            short = self.gazetteer.abbreviation(name + ".")
            if short is not None and ("." in name or (
                    name.lower() not in WORD_ABBREVIATIONS and not any(
                        _named(e, name_key(name)) for e in self.gazetteer.lookup(name)))):
                abbreviation = short
        if abbreviation is not None:
            return [abbreviation]  # 'Tenn.', 'S.C': the state, not a town called 'SC'
        name = _bare(name)
        found = self.gazetteer.lookup(name)
        if not found and SAINT_POSSESSIVE.fullmatch(name):
            # 'St. Louis's' (a capitalised run with its possessive): the saint's town.
            name = POSSESSIVE.sub("", name)
            found = self.gazetteer.lookup(name)
        full = _short_forms(name_key(name))
        if full != name_key(name):
            # GeoNames spells 'Mt. Pleasant' out as 'Mount Pleasant' (and lists few short forms).
            found = list(dict.fromkeys([*found, *self.gazetteer.lookup(full)]))
        return _spelled(found, full)

    def _dateline(self, doc: Document) -> Mention | None:
        """The place of a wire dateline at the start of the body ('BEIRUT (Reuters) -'), or
        in capitals opening a sentence right after it: a headline kept in the body ('Flood
        closes bridge. SPRINGFIELD -- ...')."""
        body = doc.body_span()
        reach = min(body.end, body.start + DATELINE_REACH)
        starts = [body.start, *(m.end() for m in SENTENCE_END.finditer(doc.text, body.start,
                                                                        reach))]
        for at in starts:
            found = DATELINE.match(doc.text, at, min(body.end, at + 120))
            if found is None:
                continue
            place = found.group("place")
            if not (place.isupper() or (at == body.start
                                        and (found.group("agency") or found.group("date")))):
                # 'Police - ...': a dateline is in capitals or carries a date/agency; after a
                # headline only capitals tell it from a sentence ('Officials - who ...').
                continue
            start, end = found.span("place")
            cands = [e for e in self._lookup(place) if _named(e, name_key(place))]
            if cands:
                return Mention(start, end, place, cands, "dateline")
            if at == body.start:
                return None
        return None

    def _demonym_country(self, text: str) -> GazetteerEntry | None:
        """'Russian', 'Americans': a gold span may be a demonym; it stands for the country.
        A breakaway region's ('Abkhaz', 'South Ossetian') stands for the region."""
        key = name_key(_bare(text))
        cc = self.gazetteer.demonyms.get(key) or (
            self.gazetteer.demonyms.get(key[:-1]) if key.endswith("s")
            and not any(e.is_country for e in self.gazetteer.lookup(_bare(text)))
            else None)  # 'Philippines', 'Laos' are countries, not plurals of 'Philippine'

        if cc:
            return self.gazetteer.country(cc)
        return self.gazetteer.region_demonym(_bare(text))

    def _demonym_state(self, text: str) -> GazetteerEntry | None:
        """'Ohioans', 'Dagestani': a demonym of a state or province stands for it."""
        return self.gazetteer.admin1_demonym(_bare(text))

    def _find(self, doc: Document) -> list[Mention]:
        text = doc.text
        body = doc.body_span()
        labels = {(e.start, e.end): e.label for e in doc.entities}
        found: list[Mention] = []
        for ent in doc.entities:
            start, end = _trim(text, ent.start, ent.end)
            street = ent.label in MISTAGGED_LABELS and STREET_NAME.fullmatch(text, start, end)
            if (ent.label not in PLACE_LABELS and not street) \
                    or doc.in_boilerplate(ent.start, ent.end):
                continue
            kind = KIND_LAST.search(text, start, end)
            if kind is not None and kind.start() > start:
                # 'Nyanza province': the place is 'Nyanza' (as LGL and GeoVirus mark it);
                # the word after it still cues its kind (`_set_cues`).
                end = kind.start()
            if start < end:
                start, end = self._whole_name(text, start, end)
                end = self._saint_possessive(text, start, end)
                found.append(Mention(start, end, text[start:end], self._lookup(text[start:end]),
                                     "entity", label=ent.label))
        dateline = self._dateline(doc)
        if dateline is not None:
            found = [m for m in found if not _overlaps([(dateline.start, dateline.end)],
                                                       m.start, m.end)]
            found.append(dateline)
        taken = [(m.start, m.end) for m in found if m.candidates]
        for seq in NAME_SEQUENCE.finditer(text, body.start, body.end):
            for m in self._split_sequence(text, seq.start(), seq.end()):
                if doc.in_boilerplate(m.start, m.end) or _overlaps(taken, m.start, m.end):
                    continue
                m.label = labels.get((m.start, m.end))
                found.append(m)
        # An entity the gazetteer does not know gives way to the names inside it when they
        # cover it ("Syria's Idlib"); else it stays whole ("Qasr Zubaydiyat", not "Qasr").
        for whole in [m for m in found if m.origin == "entity" and not m.candidates]:
            inner = [m for m in found if m.origin != "entity"
                     and whole.start <= m.start and m.end <= whole.end]
            rest = text[whole.start:whole.end]
            for part in inner:
                rest = rest.replace(part.text, " ")
            natural = FEATURE_NAME.search(whole.text) is not None
            if inner and natural:
                # Read as the place it is named after, the nearest point the gazetteer has.
                whole.candidates = [
                    e for m in inner if m.text.lower() not in FEATURE_WORDS
                    for e in m.candidates if _named(e, name_key(m.text))]
                whole.feature = bool(whole.candidates)
            opened = any(_kind_named(m) and m.start == whole.start for m in inner)
            if inner and not natural and not opened and STREET_END.search(whole.text):
                # 'Mayfield Road', 'Main Street' spaCy tags as a place: a street (LGL marks
                # it whole), not the town and the village called 'Road' inside it.
                found = [m for m in found if m not in inner]
                continue
            if inner and not natural and (not re.search(r"[A-Z]", rest) or opened):
                # ... or an area named with its kind opens it: 'Boone County Jail' is a
                # building in Boone County.
                found.remove(whole)
            else:
                if not natural:
                    whole.inner = [m for m in inner if m.candidates and m.origin != "demonym"]
                found = [m for m in found if m not in inner]
        joined = [m for m in self._joined_names(doc)
                  if dateline is None or not _overlaps([(dateline.start, dateline.end)],
                                                       m.start, m.end)]
        if joined:
            # The whole name, not the pieces spaCy or the name runs made of it.
            spans = [(m.start, m.end) for m in joined]
            found = [m for m in found if not _overlaps(spans, m.start, m.end)] + joined
        units = list(self._kind_lists(doc))
        if units:
            spans = [(m.start, m.end) for m in units]
            found = [m for m in found if not _overlaps(spans, m.start, m.end)] + units
        homes = [m for m in self._affiliations(doc)
                 if not _overlaps([(k.start, k.end) for k in joined], m.start, m.end)]
        if homes:
            spans = [(m.start, m.end) for m in homes]
            found = [m for m in found if not _overlaps(spans, m.start, m.end)] + homes
        seats = list(self._seats(doc))
        if seats:
            spans = [(m.start, m.end) for m in seats]
            found = [m for m in found if not _overlaps(spans, m.start, m.end)] + seats
        kept: list[Mention] = []
        maybe: list[Mention] = []
        echoes: list[Mention] = []
        bare: list[Mention] = []
        for m in sorted(found, key=lambda m: (m.start, -(m.end - m.start))):
            if (kept and m.start < kept[-1].end) or (maybe and m.start < maybe[-1].end):
                continue
            ext = self._extend(text, m.end)
            if ext is not None and m.candidates:
                m.end, m.candidates = ext
                m.text = text[m.start:m.end]
            spaced = SPACED_INITIAL.search(text, max(0, m.start - 4), m.start)
            state = self.gazetteer.abbreviation(
                (spaced.group(1) + m.text).replace(" ", "")) if spaced else None
            if spaced is not None and state is not None:
                # 'W. Va.' is West Virginia, not 'Va.' (Virginia) after a stray initial.
                m.start, m.candidates = spaced.start(), [state]
                m.text = text[m.start:m.end]
            _set_cues(text, m, self.gazetteer)
            if m.origin == "kind list":
                m.admin = True  # 'Oconee' of 'Walton and Oconee counties'
            verdict = self._keep(doc, m)
            if verdict == "yes":
                kept.append(m)
            elif verdict == "maybe":
                maybe.append(m)
            elif verdict == "echo":
                echoes.append(m)
            elif m.origin == "pattern" and not m.candidates and m.label != "PERSON":
                bare.append(m)
        if maybe:
            # A doubtful name is a place when the document is about a country that has it.
            ctx = self._context(doc, kept)
            top = ctx.top_country()
            # Global news names several countries: one the document names outright (a
            # country, a region, a dateline, a big city, a demonym: MAYBE_EVIDENCE) vouches
            # for a province or region of its own by that name, as its main country does
            # for any reading ('the South African region KwaZulu-Natal' tagged ORG).
            named_countries = {cc for cc, weight in ctx.doc_countries.items()
                               if weight >= MAYBE_EVIDENCE}
            for m in maybe:
                named = ctx.sentence_countries.get(ctx.sentence_of(m.start), set())
                if any(e.country_code in named or e.country_code == top
                       or (e.country_code in named_countries
                           and (e.source in ("admin1", "region")
                                or (e.feature_class == "P" and e.population >= MAYBE_TOWN
                                    and _word_before(doc.text, m.start) in LOCATION_PREPOSITIONS
                                    and not POSSESSIVE_AFTER.match(doc.text, m.end)))
                           and _named(e, name_key(_bare(m.text))))
                       for e in m.candidates):
                    kept.append(m)
                elif _rank_of_list(doc.text, kept, m) in _ranks(m):
                    kept.append(m)  # 'Mali, Niger and Chad': Niger tagged PERSON
        if echoes:
            # One sense per document: a name spaCy tags ORG or PERSON here is the town the
            # document names as a place elsewhere ('in Torrington' ... 'Torrington will').
            # Only a mention placed by its tag or its words vouches: not one that is itself
            # a doubtful name ('shot Bell' ... 'Bell ran' is a man throughout).
            said = {name_key(_bare(k.text)) for k in kept
                    if _locative(doc.text, k)}
            for m in echoes:
                if name_key(_bare(m.text)) in said and not _overlaps(
                        [(k.start, k.end) for k in kept], m.start, m.end):
                    kept.append(m)
            # A list's item between places is a place ('Homa Bay, Rongo, Siaya' with Rongo
            # tagged PERSON), one item after another along the list.
            vouch = [k for k in kept if _locative(doc.text, k)]
            pending = [m for m in echoes if m not in kept]
            while pending:
                listed = [m for m in pending if any(
                    _listed(doc.text, k, m) or _listed(doc.text, m, k) for k in vouch)
                    and not _overlaps([(k.start, k.end) for k in kept], m.start, m.end)]
                if not listed:
                    break
                kept.extend(listed)
                vouch.extend(listed)
                pending = [m for m in pending if m not in listed]
            # ... or a town of the province the document is about ('Canaan will
            # experience ...' in a Connecticut story, Canaan tagged ORG), by its own name:
            # local news names its own towns bare. Not a surname of the story's people nor
            # an acronym ('TPE', Taipei's consonants).
            region = self._context(doc, kept).top_region() if pending else None
            for m in pending:
                key = name_key(_bare(m.text))
                if region is not None and not _person_word(doc, m.text) \
                        and not ACRONYM.fullmatch(m.text) and any(
                        _named(e, key) and (e.country_code, e.admin1_code) == region
                        for e in m.candidates) and not _overlaps(
                        [(k.start, k.end) for k in kept], m.start, m.end):
                    kept.append(m)
        if bare:
            # 'Avoyelles task force arrests 14' in a Louisiana story: local news names the
            # counties and parishes of its own state bare, as it names its towns.
            region = self._context(doc, kept).top_region()
            for m in bare if region is not None else []:
                name = _bare(m.text)
                counties = [e for kind in ("County", "Parish")
                            for e in self.gazetteer.lookup(f"{name} {kind}")
                            if e.is_admin2 and (e.country_code, e.admin1_code) == region]
                if counties and not _person_word(doc, name) \
                        and not _written_lowercase(doc.text, name) \
                        and name_key(name) not in stopnames() and not _overlaps(
                            [(k.start, k.end) for k in kept], m.start, m.end):
                    m.candidates = counties
                    kept.append(m)
        kept.extend(self._repeats(doc, kept))
        kept.extend(self._demonyms(doc, kept))
        kept.sort(key=lambda m: m.start)
        return kept

    def _repeats(self, doc: Document, kept: list[Mention]) -> Iterator[Mention]:
        """The other occurrences of a name the document places by its tag or its words, or of
        a well-known place's: one sense per document for finding places, as for resolving
        them. 'Huntsville' said 'in Huntsville' is also the town of 'Huntsville High School',
        'the Huntsville City Manager' and 'Huntsville police' (LGL and GWN annotate such
        modifiers; spaCy tags them ORG or PERSON, or takes them into a longer name, and
        `_keep` drops them)."""
        text = doc.text
        body = doc.body_span()
        taken = [(m.start, m.end) for m in kept]
        labels = {(e.start, e.end): e.label for e in doc.entities}
        persons = [e for e in doc.entities if e.label == "PERSON"]
        sources: dict[str, Mention] = {}
        for k in kept:
            name = _bare(k.text)
            # Only a place by its own name, placed by its tag or its words or well known
            # (a country, a state, a city of WELL_KNOWN_CITY): not a town's alternate name,
            # a demonym, a surname the gazetteer has as a town ('Lincoln', 'Welch'), nor a
            # name the document also writes as a common word ('the story', 'council').
            if k.candidates and k.origin != "demonym" \
                    and (_locative(text, k) or _well_known(k)) \
                    and len(name_key(name)) > 1 and not _written_lowercase(text, name) \
                    and any(_named(e, name_key(name)) for e in k.candidates):
                sources.setdefault(name, k)
        for name, source in sources.items():
            # Also before a hyphen and a capital ('Logan-Rogersville', 'Watertown-Mayer'),
            # not before a lowercase word ('Sligo-based' is taken whole elsewhere).
            for found in re.finditer(rf"(?<![\w'’.-]){re.escape(name)}"
                                     rf"(?!\w|-[^A-Z]|-$|[.’']\w)", text[: body.end]):
                start, end = found.span()
                if start < body.start or _overlaps(taken, start, end) \
                        or doc.in_boilerplate(start, end):
                    continue
                if any(e.start <= start and end <= e.end and e.start < start for e in persons):
                    continue  # 'George Washington', 'Michael Jordan': a person's name
                if TITLE_BEFORE.search(text, max(0, start - 12), start) or (
                        labels.get((start, end)) == "PERSON" and PERSON_AFTER.match(text, end)):
                    continue  # 'Mr. Sharon', 'Sharon said'
                m = Mention(start, end, name, list(source.candidates), "repeat",
                            label=labels.get((start, end)), repeats=source.start)
                if _names_something_else(doc, m, name_key(name)):
                    continue
                if self._longer_place(text, end, name):
                    continue  # 'Kansas City Power & Light' names Kansas City, not Kansas
                _set_cues(text, m, self.gazetteer)
                taken.append((start, end))
                yield m

    def _embedded(self, doc: Document, ctx: Context) -> Iterator[Mention]:
        """Towns opening an organisation's name ('the Canaan Board of Finance', 'Hartford
        Hospital', 'The Tega Cay Volunteer Fire Department', which spaCy may take for a
        person's), which LGL and GWN annotate as toponyms: one of the province the document
        is about, after a locative preposition ('at the Huntsville High School') or named as a
        place elsewhere in the document; or one of the document's country opening a
        facility's name ('at the Ubay Community Hospital'; not a university's). Not an
        outlet's ('The Moscow Times', 'the Des Moines Register': GeoVirus annotates none and
        a reader does not take them for places of the story), an institution's word
        ('Supreme', a stop name), a surname of the story's people, a common word, nor one
        in the middle of a name."""
        text = doc.text
        region = ctx.top_region()
        country = ctx.top_country()
        taken = [(p.start, p.end) for p in doc.places]
        said = {name_key(_bare(p.text)) for p in doc.places}
        for ent in doc.entities:
            if ent.label not in ("ORG", "FAC", "PERSON") \
                    or doc.in_boilerplate(ent.start, ent.end):
                continue
            opening = ORG_OPENING.match(text, ent.start, ent.end)
            seq = NAME_SEQUENCE.match(text, opening.end() if opening else ent.start, ent.end)
            if seq is None:
                continue
            m = next(self._split_sequence(text, seq.start(), seq.end()), None)
            if m is None or not m.candidates or m.start != seq.start() or m.end >= ent.end \
                    or _overlaps(taken, m.start, m.end) or OUTLET_END.search(ent.text) \
                    or POSSESSIVE_ONLY.fullmatch(text, m.end, ent.end):
                continue  # 'McGill’s' alone is no name around McGill: spaCy's for the one
            after = NEXT_NAME_WORD.match(text, m.end, ent.end)
            if after is not None and after.group().strip().lower() in FEATURE_WORDS:
                continue  # 'the Green Valley Community Center' is no Green's
            key = name_key(_bare(m.text))
            named = [e for e in m.candidates if _named(e, key)]
            if not named or key in stopnames() or key in seat_keys() \
                    or _names_something_else(doc, m, key) \
                    or TITLE_BEFORE.search(text, max(0, m.start - 12), m.start) \
                    or _person_word(doc, m.text) or _written_lowercase(text, m.text):
                continue  # 'Hope Church' beside 'there is hope'
            article = re.search(r"(?:\b[Tt]he[ \t]+)?$", text[max(0, ent.start - 8):ent.start])
            placed = _word_before(text, ent.start - (len(article.group()) if article else 0)) \
                in STRONG_BEFORE
            local = region is not None and any(
                (e.country_code, e.admin1_code) == region for e in named)
            facility = FACILITY_END.search(ent.text) is not None \
                and SCHOOL_WORD.search(ent.text) is None and country is not None \
                and any(e.country_code == country for e in named)
            if (local and (placed or key in said)) or (facility and (placed or key in said
                                                                     or local)):
                taken.append((m.start, m.end))
                yield m

    def _seats(self, doc: Document) -> Iterator[Mention]:
        """'the White House said', 'the Kremlin denied': a seat of power named for the power
        is a place in the city it stands in; not a seat's name opening a longer name ('the
        White House Correspondents' Association')."""
        text = doc.text
        # From the title on: one sense per document takes the first reading of a name.
        body_end = doc.body_span().end
        for pattern, city in self.seats():
            for found in pattern.finditer(text, 0, body_end):
                start, end = found.span()
                after = NEXT_NAME_WORD.match(text, end)
                if doc.in_boilerplate(start, end) or (
                        after is not None and name_key(after.group()) not in stopnames()):
                    continue  # 'White House Monday' is the seat on a weekday
                yield Mention(start, end, text[start:end], [city], "seat")

    def _longer_place(self, text: str, end: int, name: str) -> bool:
        """Whether `name` and the capitalised word after it are another place's own name
        ('Kansas' + 'City', 'Mexico' + 'City')."""
        after = NEXT_NAME_WORD.match(text, end)
        if after is None:
            return False
        longer = name + after.group()
        key = name_key(longer)
        return any(name_key(e.name) == key for e in self.gazetteer.lookup(longer))

    def _affiliations(self, doc: Document) -> Iterator[Mention]:
        """The homes in legislators' affiliations ('D-N.Y.', 'R-Elbow Lake', 'D-Braxton') the
        gazetteer knows by their own name, as an abbreviation or as a county."""
        body = doc.body_span()
        for found in AFFILIATION.finditer(doc.text, body.start, body.end):
            start, end = found.span("place")
            if doc.text[end - 1] == "." and self.gazetteer.abbreviation(doc.text[start:end]) \
                    is None:
                end -= 1  # 'D-Ohio.' ends a sentence
            name = doc.text[start:end]
            cands = [e for e in self._lookup(name)
                     if _named(e, name_key(name)) or self.gazetteer.abbreviation(name)]
            # A delegate's district is often a county by its bare name ('D-Braxton'); a
            # senator's home a state ('R-Iowa' is no Iowa County).
            if not any(e.is_country or e.is_admin1 for e in cands):
                cands += [e for kind in ("County", "Parish")
                          for e in self.gazetteer.lookup(f"{name} {kind}") if e.is_admin2]
            if cands and not doc.in_boilerplate(start, end):
                yield Mention(start, end, name, cands, "affiliation")

    def _kind_lists(self, doc: Document) -> Iterator[Mention]:
        """The items of a list before a plural kind ('Walton and Oconee counties', 'Idlib and
        Hama provinces'): the gazetteer's units of that kind ('Oconee County'), else its
        regions by that name."""
        body = doc.body_span()
        text = doc.text
        for found in KIND_LIST.finditer(text, body.start, body.end):
            singular = KIND_SINGULAR.get(found.group("kind"))
            start = found.start("items")
            for item in re.split(r",?[ \t]+(?:and|&)[ \t]+|,[ \t]+", found.group("items")):
                at = text.index(item, start)
                start = at + len(item)
                if singular is not None:
                    cands = [e for e in self._lookup(f"{item} {singular}")
                             if e.source == "admin2"]
                else:
                    key = name_key(item)
                    readings = self._lookup(item)
                    cands = [e for e in readings if e.feature_class == "A" and _named(e, key)]
                    if not cands and not DIRECTION_NAME.fullmatch(key):
                        # 'Chiure and Macomia districts': a unit no bundled layer has is read
                        # through the town it is named after ('Rajouri and Poonch districts':
                        # India's Poonch, not the district across the line the layer has).
                        cands = [e for e in readings
                                 if e.feature_class == "P" and _named(e, key)
                                 ] or self.gazetteer.districts(item)
                if cands and not doc.in_boilerplate(at, start):
                    yield Mention(at, start, item, cands, "kind list")

    def _demonyms(self, doc: Document, kept: list[Mention]) -> Iterator[Mention]:
        """'Syrian officials', 'two Iraqis': a demonym stands for its country (LGL and GWN
        count them as toponyms); its place carries the note DEMONYM_NOTE."""
        taken = [(m.start, m.end) for m in kept]
        body = doc.body_span()
        groups = {(e.start, e.end) for e in doc.entities if e.label in DEMONYM_LABELS}
        for word in DEMONYM_WORDS.finditer(doc.text, body.start, body.end):
            spans = [word.span()]
            parts = list(re.finditer(r"\S+", word.group()))
            if len(parts) > 1 and self._demonym_country(parts[0].group()) is not None:
                # 'Saudi Crown Prince', 'Saudi Iranian talks': a pair that is no demonym
                # ('Sri Lankan' is one) may open with one; not 'North American' (no
                # 'American').
                spans += [(word.start() + p.start(), word.start() + p.end()) for p in parts]
            for start, end in spans:
                mention = self._demonym_at(doc, start, end, groups, taken)
                if mention is not None:
                    yield mention
                    if (start, end) == word.span():
                        break

    def _demonym_at(self, doc: Document, start: int, end: int, groups: set[tuple[int, int]],
                    taken: list[tuple[int, int]]) -> Mention | None:
        """The demonym mention at `start:end`, if the words there are one and free."""
        text = doc.text[start:end]
        country = self._demonym_country(text)
        if country is None and (start, end) in groups:
            # A state's demonym only where spaCy sees a group of people: 'Gunman' is
            # no Gunma-an, though the suffix rules make it one.
            country = self._demonym_state(text)
        if country is None or doc.in_boilerplate(start, end) or _overlaps(taken, start, end):
            return None
        if _language(doc.text, start, end):
            return None  # 'printed in English and Spanish': a language, no people
        return Mention(start, end, text, [country], "demonym")

    def _joined_names(self, doc: Document) -> Iterator[Mention]:
        """Names the gazetteer lists across an 'and' or 'of the' ('Trinidad and Tobago',
        'Democratic Republic of the Congo'), by their own name or a bundled alias."""
        text = doc.text
        body = doc.body_span()
        labels = {(e.start, e.end): e.label for e in doc.entities}
        for seq in JOINED_SEQUENCE.finditer(text, body.start, body.end):
            if not LONG_JOINER.search(seq.group()):
                continue
            for m in self._split_sequence(text, seq.start(), seq.end()):
                key = name_key(m.text)
                if (LONG_JOINER.search(m.text) and not doc.in_boilerplate(m.start, m.end)
                        and any(_named(e, key) for e in m.candidates)):
                    m.label = labels.get((m.start, m.end))
                    yield m

    def _saint_possessive(self, text: str, start: int, end: int) -> int:
        """The end of a saint's name with the possessive spaCy left out of it ('St. John'
        of 'St. John's, Ariz.'), where the gazetteer has a place called so; else `end`.
        'St. John' alone is a Jersey parish, and outweighed the Arizona town."""
        whole = text[start:end + 2]
        if not SAINT_POSSESSIVE.fullmatch(whole):
            return end
        key = _short_forms(name_key(whole))
        if any(_short_forms(name_key(e.name)) == key for e in self.gazetteer.lookup(whole)):
            return end + 2
        return end

    def _whole_name(self, text: str, start: int, end: int) -> tuple[int, int]:
        """The span of the longer name the gazetteer lists around an entity spaCy cut short:
        'Guinea' of 'Guinea-Bissau', 'Beida' of 'Goz Beida'; else the entity's own."""
        if not (PART_BEFORE.search(text, max(0, start - 40), start)
                or PART_AFTER.match(text, end)):
            return start, end
        own = name_key(text[start:end])
        for seq in NAME_SEQUENCE.finditer(text, max(0, start - 40), min(len(text), end + 40)):
            if seq.start() <= start and end <= seq.end():
                for m in self._split_sequence(text, seq.start(), seq.end()):
                    key = name_key(m.text)
                    # A place's own name, longer by a word: not 'An Albany' (an article the
                    # keys fold), nor 'Dublin City' or 'Michigan State' (other names' forms).
                    if m.start <= start and end <= m.end and len(key.split()) > len(
                            own.split()) and any(name_key(e.name) == key for e in m.candidates):
                        return m.start, m.end
        return start, end

    def _split_sequence(self, text: str, start: int, end: int) -> Iterator[Mention]:
        """Longest gazetteer names inside a capitalised run, left to right; else the run."""
        tokens: list[tuple[int, int]] = []
        for t in TOKEN.finditer(text, start, end):
            based = LOCAL_SUFFIX.search(t.group())
            if based is not None:
                # 'Sligo-based', 'Rock Hill-based': the name before the modifier.
                tokens.append((t.start(), t.start() + based.start()))
                continue
            parts = list(NAME_PART.finditer(text, *t.span()))
            if COMPOUND.fullmatch(t.group()) and all(self._lookup(p.group()) for p in parts):
                # 'Egypt-US talks', 'Logan-Rogersville', 'Sen. Ann Roe, D-Plymouth': a
                # compound of names the gazetteer knows names each ('Guinea-Bissau' still
                # matches whole, as two parts; 'Vest-Agder' is no 'Agder').
                tokens.extend(p.span() for p in parts)
            else:
                tokens.append(t.span())
        i = 0
        any_hit = False
        while i < len(tokens):
            opener = text[tokens[i][0]:tokens[i][1]].lower()
            # 'Abu Salim': a particle with a name after it is no place alone ('Abu', Japan).
            particle = opener in NAME_PARTICLES and i + 1 < len(tokens)
            shortest = i + 2 if particle else i + 1
            for j in range(min(len(tokens), i + MAX_NAME_TOKENS), shortest - 1, -1):
                s, e = tokens[i][0], tokens[j - 1][1]
                s, e = _trim(text, s, e)
                cands = self._lookup(text[s:e]) if s < e else []
                if not cands and j - i > 1 and s < e:
                    # 'Maguindanao del Sur', 'Imphal East': a second-level unit by a name of
                    # several words, which no town shares (one word alone often does).
                    cands = self.gazetteer.districts(text[s:e])
                last_word = text[tokens[j - 1][0]:tokens[j - 1][1]].lower()
                if cands and j < len(tokens) and last_word in ADMIN_WORDS \
                        and last_word not in ADMIN2_WORDS:
                    # 'Minnesota State Patrol' is no 'Minnesota State'; 'Laurel County
                    # Fiscal Court' is Laurel County's.
                    cands = []
                if cands and j < len(tokens) and j - i > 1 and last_word == "city" and not any(
                        c.feature_class == "P" and c.population >= BIG_CITY
                        and _named(c, name_key(text[s:e])) for c in cands):
                    # 'Dublin City Council', 'San Fernando City Councilwoman': the city's body;
                    # not 'Kansas City Chiefs', a city by that whole name.
                    cands = []
                next_word = text[tokens[j][0]:tokens[j][1]].lower() if j < len(tokens) else ""
                if next_word in ADMIN2_WORDS:
                    cands = []  # 'Douglas County' is neither the town nor an admin1 Douglas
                if cands:
                    yield Mention(s, e, text[s:e], cands, "gazetteer")
                    any_hit = True
                    i = j
                    break
            else:
                i += 2 if particle else 1
        if not any_hit:
            s, e = _trim(text, start, end)
            if s < e:
                # Unknown names matter only with a cue ("the village of X"); _keep decides.
                yield Mention(s, e, text[s:e], [], "pattern")

    def _extend(self, text: str, end: int) -> tuple[int, list[GazetteerEntry]] | None:
        """'Homs' + ' desert', 'Gaza' + ' Strip': a listed region one lowercase word longer."""
        m = re.match(r"[ \t]+([A-Za-z]+)", text[end:end + 20])
        if not m or m.group(1).lower() in UNIT_KINDS:
            # 'East Java province' is East Java (its kind a cue), not the island of Java
            # that a region lookup of the longer name finds.
            return None
        new_end = end + m.end()
        start = end
        while start > 0 and not text[start - 1].isspace():
            start -= 1
        cands = [e for e in self.gazetteer.lookup(text[start:new_end]) if e.source == "region"]
        return (new_end, cands) if cands else None

    def _keep(self, doc: Document, m: Mention) -> str:
        """'yes', 'no', 'maybe' (kept only if the context has a candidate's country) or
        'echo' (kept only if the document names it as a place elsewhere)."""
        if m.origin == "seat":
            return "yes"
        cue = m.settlement or m.admin
        key = name_key(_bare(m.text))
        if not (cue or m.qualifier):
            if m.label == "ARMED_GROUP":
                return "no"  # 'in Taliban attacks', 'PKK' (no Pakokku): a group, no place
            if WEAPON_AFTER.match(doc.text, m.end) and not any(
                    e.source in ("country", "region") or e.population >= BIG_CITY
                    for e in m.candidates):
                return "no"  # 'Grad missiles', 'Tomahawk cruise missiles': a weapon's name
            if not m.candidates and " " in m.text and ORG_HEAD.search(m.text):
                # 'the Syrian Observatory for Human Rights' tagged GPE; not the town of
                # Institute, West Virginia, which the gazetteer lacks.
                return "no"
        if key in seat_keys():
            return "no"  # 'Nixon's White House Wars': a seat's name in a title, no town
        if set(key.split()) <= set(ADMIN_WORDS) | ADMIN2_WORDS:
            return "no"  # 'Region', 'the Province': a kind of place, not a place
        if DIRECTION_NAME.fullmatch(key) and not m.admin:
            # 'the South', 'West': Cameroon's South and West regions only with 'region'
            return "no"
        if _names_something_else(doc, m, key):
            return "no"
        if self._demonym_country(m.text) is not None or (
                m.label in DEMONYM_LABELS and self._demonym_state(m.text) is not None):
            return "no"  # 'Ukrainian officials', tagged GPE: `_demonyms` takes them
        before = _word_before(doc.text, m.start)
        # 'A Gainesville man': a place names where people are from, however spaCy tags it;
        # 'Grovetown police': the town whose police they are.
        strong = before in STRONG_BEFORE or (
            (RESIDENT_AFTER.match(doc.text, m.end) is not None
             or (POLICE_AFTER.match(doc.text, m.end) is not None
                 and not m.text.isupper()))  # 'UN police' are no town's
            and any(_named(e, key) for e in m.candidates))
        if m.origin not in ("dateline", "affiliation", "kind list") \
                and not (cue or m.near or m.qualifier or _well_known(m)):
            # Precision on news nobody annotated for places (issue 12): what spaCy tags GPE
            # there is often no place, and a preposition before it says little ('over
            # Sanders', 'between Clinton and Trump', 'at Google').
            if " " not in m.text and _bare(m.text) in _full_person_names(doc) \
                    and _acts_as_person(doc, _bare(m.text)) and not (
                        before in INSIDE_WORDS and not POSSESSIVE_AFTER.match(doc.text, m.end)):
                return "no"  # the first or last name of a person of the story
            if key in stopnames():
                return "no"  # 'Congress' and 'Nov.' tagged GPE, 'Super' of 'Super Tuesday'
            if m.candidates and not m.feature \
                    and (before not in LOCATION_PREPOSITIONS or before in ALIAS_DOUBTFUL) \
                    and not LISTED_AFTER.search(doc.text, max(0, m.start - 60), m.start) \
                    and not LISTED_BEFORE.match(doc.text, m.end) \
                    and not any(_by_own_name(e, key, before in LOCATION_PREPOSITIONS)
                                for e in m.candidates):
                # Only a town's alternate name ('Google' Topeka's, 'Sodom' Ithaca's, 'Super'
                # Spur's): GeoNames lists nicknames, old and foreign names that are words.
                return "no"
        if m.origin not in ("dateline", "affiliation") \
                and not (cue or m.near or m.qualifier or strong) and not _well_known(m):
            word = _lone_word(doc, m)
            if word is not None and word.pos_ != "PROPN" and not word.text.isupper():
                return "no"  # 'Man charged', 'Home', 'Free': a capitalised common word
            if word is not None and word.text in _person_names(doc):
                return "no"  # 'Moore said' after 'Roy Moore': the person, not Moore, Oklahoma
            if _written_lowercase(doc.text, m.text):
                return "no"  # 'Man In December Slaying' ... 'the man': a common word
        if not (cue or m.near or m.qualifier or _well_known(m)) and _before_person(doc, m):
            return "no"  # 'Energy Secretary Steven Chu', 'Justice Nathan Mihara': a title
        if m.origin == "entity" and not (m.candidates or cue or m.near or m.qualifier) \
                and self._after_country_possessive(doc.text, m.start):
            return "no"  # 'Argentina's Milei', 'Germany's Scholz' tagged GPE: a leader
        if m.origin == "entity" and not (cue or m.near or m.qualifier) \
                and ACRONYM.fullmatch(m.text) and not any(
                    e.source not in ("cities", "extra") or name_key(e.name) == key
                    or (e.feature_class == "P" and e.population >= WELL_KNOWN_CITY)
                    for e in m.candidates):
            # 'PKK' tagged GPE: an acronym that is no place's own name (only Pakokku's
            # consonants) is an organisation's; not 'NYC' or 'DRC'.
            return "no"
        if m.origin in ("entity", "dateline", "affiliation", "kind list"):
            return "yes"
        if not m.candidates:
            inside = _inside_other_entity(doc, m, MISTAGGED_LABELS | PLACE_LABELS)
            # 'in Institute', 'near Ushba' tagged GPE: a place the gazetteer lacks, where a
            # locative preposition and spaCy's tag agree.
            placed = strong and m.label in PLACE_LABELS
            return "yes" if (cue or placed) and not inside else "no"
        at_name_end = _located_at_name_end(doc, m, key)
        if _inside_other_entity(doc, m, MISTAGGED_LABELS | {"NORP", "ARMED_GROUP", "EVENT"}) \
                and not ((_well_known(m) and _opens_names(doc, m, {"ORG"}))
                         or (_well_known(m) and _only_name_inside(doc, m))
                         or (_kind_named(m) and (_opens_names(doc, m)
                                                 or _names_own_area(m, key)))
                         or _opens_local_body(doc, m, key)
                         or at_name_end):
            return "no"
        if key in stopnames() and not cue:
            return "no"
        if cue or m.near or m.qualifier or _names_own_area(m, key) or at_name_end:
            return "yes"
        if not strong and not any(_named(e, key) for e in m.candidates):
            # Only a town's alternate name ('Day' for Dayton, 'She' for Shenyang, 'Man' for
            # Amman): a capitalised word is no place without 'in', 'near', ... before it.
            return "no"
        if m.label == "ORG" and _country_named(m, key):
            # 'Romania' tagged ORG is the country, often as its government ('Romania said'):
            # a toponym all the same (LGL, GWN and GeoVirus annotate it). The events stage
            # locates nothing there without a locative preposition.
            return "yes"
        title = TITLE_BEFORE.search(doc.text, max(0, m.start - 12), m.start)
        person = m.label in MISTAGGED_LABELS and (
            title is not None
            or (m.label == "PERSON" and PERSON_AFTER.match(doc.text, m.end) is not None
                and not _capital_named(m, key)))
        if m.label is None and not strong and title is not None \
                and title.group(1) not in PLACE_TITLES:
            return "no"  # 'Pope Paul', untagged: the man, not Cape Verde's Paul
        if any(e.source in ("country", "admin1", "region") for e in m.candidates):
            if m.label in MISTAGGED_LABELS and not strong and not person \
                    and (_country_named(m, key) or _big_city_named(m, key)
                         or (any(_worldwide(e) for e in m.candidates)
                             and not ACRONYM.fullmatch(m.text))) \
                    and not _person_word(doc, m.text):
                # 'Niger's junta', 'Belarus's Lukashenko' tagged PERSON, 'from Niamey' ORG,
                # 'in the Sahel region' PERSON: a country, a big city or a region across
                # countries by its own name, which no person of the story bears ('Chad
                # Smith ... Chad said' is the man); not 'the EU', a body as often.
                return "yes"
            return "yes" if m.label not in MISTAGGED_LABELS or strong else "maybe"
        if strong:
            return "yes"
        if m.label in MISTAGGED_LABELS:
            if person:
                return "no"
            if (_big_city_named(m, key) or (_capital_named(m, key) and STANCE_AFTER.match(
                    doc.text, m.end) is not None)) and not _person_word(doc, m.text):
                # 'Teams from Georgia and Glasgow', 'Karachi reported 40 cases' with the city
                # tagged PERSON: a city this big is meant by its name unless a person of the
                # document bears it ('Sydney Smith ... Sydney said').
                return "yes"
            if before in WEAK_PREPOSITIONS or before in ASSAULT_VERBS | VISIT_VERBS \
                    or LOCAL_AFTER.match(doc.text, m.end):
                return "maybe"
            return "echo"
        if _sentence_initial(doc.text, m.start) and not _capital_named(m, key):
            return "maybe"
        big = m.candidates[0].population >= BIG_CITY
        return "yes" if big else "maybe"

    def _after_country_possessive(self, text: str, offset: int) -> bool:
        """Whether a country's possessive comes right before `offset` ('Germany's ')."""
        found = COUNTRY_POSSESSIVE.search(text, max(0, offset - 40), offset)
        return found is not None and any(
            e.is_country for e in self._lookup(found.group("country")))

    # --- context ---

    def _context(self, doc: Document, mentions: list[Mention]) -> Context:
        sentences = _sentences(doc)
        ctx = Context(sentences, defaultdict(float), {}, {})
        for m in mentions:
            if m.origin == "demonym":
                continue  # voted for below, weakly: 'Russian troops' fight outside Russia
            ctx.names[m.start] = name_key(_bare(m.text))
            idx = ctx.sentence_of(m.start)
            for q in m.qualifier:
                if q.country_code:
                    ctx.vote(m.start, q.country_code, 2.0)
                    ctx.sentence_countries.setdefault(idx, set()).add(q.country_code)
                if q.is_admin1:
                    ctx.doc_regions[(q.country_code, q.admin1_code)] += 1
            if m.admin:
                units = [e for e in m.candidates if e.source in REGION_SOURCES]
                if units:
                    ctx.sentence_units.setdefault(idx, []).append((m.start, units))
            anchor = _anchor(m)
            if m.origin == "dateline" and m.candidates:
                # A dateline names a place famous enough to file from: its likeliest reading.
                pool = [e for e in m.candidates if any(
                    q.country_code == e.country_code
                    and (q.is_country or q.admin1_code == e.admin1_code) for q in m.qualifier)]
                best = anchor or max(pool or m.candidates, key=_prior)
                if best.country_code:
                    ctx.vote(m.start, best.country_code, DATELINE_VOTE)
            if anchor is None or not anchor.country_code:
                continue  # 'Georgia' (country or US state?) is resolved by the others
            cc = anchor.country_code
            regions = [e for e in m.candidates if e.source in REGION_SOURCES
                       and e.country_code == cc]
            if anchor.is_country:
                if MADE_AFTER.match(doc.text, m.end):
                    continue
                ctx.vote(m.start, cc, 3.0)
                ctx.sentence_countries.setdefault(idx, set()).add(cc)
                ctx.sentence_country_marks.setdefault(idx, []).append((m.start, cc))
                continue
            ctx.points.append((m.start, anchor))
            same_country = all(e.country_code == cc for e in m.candidates)
            # A camp or an air base the regions table lists is a point, no area ('near
            # Kansafrah, the Russian centre in Hmeimim said' puts no village in Latakia).
            regions = [e for e in regions if e.precision > 1]
            if (anchor.source in REGION_SOURCES and anchor.precision > 1) \
                    or (regions and (m.admin or same_country)):
                region = anchor if anchor.source in REGION_SOURCES and anchor.precision > 1 \
                    else regions[0]
                ctx.vote(m.start, cc, 2.0)
                ctx.sentence_countries.setdefault(idx, set()).add(cc)
                if len({(e.admin1_code, e.lat, e.lon) for e in regions
                        if name_key(e.name) == name_key(region.name)}) > 1:
                    continue  # 'Walker County' is in three states: which is for the others
                # 'Aleppo' alone is the city; only a region reading encloses other places.
                if m.admin or m.direction or not any(
                    e.feature_class == "P" and e.country_code == cc for e in m.candidates
                ):
                    ctx.sentence_regions.setdefault(idx, []).append((m.start, region))
                if region.is_admin1 or region.is_admin2:
                    ctx.doc_regions[(cc, region.admin1_code)] += 1
                    ctx.region_votes[ctx.names[m.start]].append((cc, region.admin1_code))
            elif anchor.population >= BIG_CITY:
                ctx.vote(m.start, cc, 1.0)
            else:
                ctx.vote(m.start, cc, 0.5)
        ctx.list_rank = _list_ranks(doc.text, mentions)
        ctx.neighbours = _list_neighbours(doc.text, mentions)
        for word in re.finditer(r"\b[A-Z][a-z]+(?:ian|ese|i|an|ish|ic)\b", doc.text):
            demonym_cc = self.gazetteer.demonyms.get(name_key(word.group()))
            if demonym_cc and not doc.in_boilerplate(word.start(), word.end()):
                ctx.vote(word.start(), demonym_cc, 1.0)
                ctx.sentence_demonyms.setdefault(ctx.sentence_of(word.start()), set()).add(
                    demonym_cc)
        return ctx

    # --- resolving ---

    def _place(self, doc: Document, m: Mention, ctx: Context, place_id: str) -> Place:
        entry, precision, note = self._resolve(doc, m, ctx)
        if m.inner and (entry is None or note in INNER_OVER):
            # 'Vancouver International Airport', which the document's fallback put in
            # Poland: near the place it is named after, as a given span is. Only a place by
            # its own name, well known or in a country the document is about: not 'North'
            # (Cameroon's region) of 'North Ossetian' nor 'Roman' (Romania) of 'Roman
            # Inquisition'.
            for near in sorted(m.inner, key=lambda i: i.start - i.end):
                key = name_key(_bare(near.text))
                if DIRECTION_NAME.fullmatch(key):
                    continue
                found, found_precision, found_note = self._resolve(doc, near, ctx)
                if found is None or found_note is None or found_note.startswith("fallback") \
                        or not (found.source not in ("cities", "extra")
                                or name_key(found.name) == key):
                    continue
                if _well_known(near) or (found.country_code is not None and ctx.evidence(
                        found.country_code, m.start) >= MAYBE_EVIDENCE):
                    entry, precision, note = found, min(max(found_precision or 2, 2), 3), \
                        INNER_NOTE
                    break
        resolution = None
        if entry is not None:
            resolution = Resolution(entry.name, entry.geonameid, entry.lat, entry.lon,
                                    entry.feature_class, entry.admin1, entry.country_code)
        return Place(place_id, m.text, m.start, m.end, resolution, precision, note)

    def _resolve(
        self, doc: Document, m: Mention, ctx: Context
    ) -> tuple[GazetteerEntry | None, int | None, str | None]:
        idx = ctx.sentence_of(m.start)
        key = name_key(_bare(m.text))
        named = set(ctx.sentence_countries.get(idx, set()))
        named |= {e.country_code for e in m.qualifier if e.country_code}
        among_countries = ctx.list_rank.get(m.start) == "country"
        cands = _without_small_namesakes(m, among_countries=among_countries) \
            or self._districts(m, ctx, named)
        story = set(named)
        top = ctx.top_country()
        if top is not None:
            story.add(top)
        if m.candidates and not any(e.country_code in story for e in cands):
            # 'Manaoag, Pangasinan' in a Philippine story: the province there, not a
            # hamlet of that name in Java; in a country the story names outright, when no
            # one leads (a Philippine story that also names Sudan and Côte d'Ivoire).
            known = story | {cc for cc in ctx.doc_countries
                             if ctx.evidence(cc, exclude=m.start) >= MAYBE_EVIDENCE}
            cands += [e for e in self.gazetteer.districts(_bare(m.text))
                      if e.country_code in known]
        if not cands:
            wanted = named or ({ctx.top_country()} - {None})
            # Spelling variants keep their first letter ('Idleb'/'Idlib'); a skeleton that
            # short would otherwise match unrelated villages ("al-Z'ainiyah" ~ 'Şaḩnāyā').
            cands = [e for e in self.gazetteer.lookup(_bare(m.text), fuzzy=True)
                     if e.country_code in wanted and name_key(e.name)[:1] == key[:1]
                     and len(skeleton(key)) >= 3 and _resembles(name_key(e.name), key)]
            anchors = [p for pos, p in ctx.points if pos != m.start and p.country_code in wanted]
            if anchors:
                # A town by a spelling variant lies where the story's other places are:
                # 'camps at Bulengo ... outside Goma' is no Bulungu, 1,500 km away in Kwilu.
                cands = [e for e in cands if e.feature_class != "P"
                         or any(_km(e, p) <= NEAR_KM for p in anchors)]
        if top is not None and m.settlement:
            # 'the villages of Kairu and Birnin Magaji' in a Nigerian story: no Kyle, Texas,
            # which a gazetteer lists as 'Kairu' in Japanese, where nothing else is American.
            known = story | {cc for cc in ctx.doc_countries
                             if ctx.evidence(cc, exclude=m.start) >= MAYBE_EVIDENCE}
            cands = [e for e in cands if e.source != "cities" or _named(e, key)
                     or e.country_code in known or _well_known_spelling(e, key)]
        enclosing = _units_written_after(doc.text, m, ctx, idx)
        if enclosing and cands and not any(
                e.is_country or e.source in REGION_SOURCES for e in cands):
            # 'the village of Novodmytrivka in the Donetsk region': the towns of that name in
            # the unit the text puts it in; none there (the gazetteer has only Kherson's),
            # the unit itself, in the story's country.
            inside = [e for e in cands if any(
                e.country_code == u.country_code and e.admin1_code == u.admin1_code
                for u in enclosing)]
            if inside:
                cands = inside
            else:
                unit = next((u for u in enclosing if u.country_code in story), None)
                if unit is not None:
                    if unit.source == "region":
                        unit = self.gazetteer.admin1_by_code(
                            unit.country_code or "", unit.admin1_code or "") or unit
                    return unit, 3, "fallback to enclosing region"
        if m.admin:
            # 'Leyte province': the province, which only the districts layer has, not the
            # town named after it.
            cands = [e for e in cands if e.feature_class != "P"] \
                or (m.origin != "kind list" and self._districts(m, ctx, named)) or cands
        elif m.settlement:
            cands = [e for e in cands if e.feature_class == "P"]
        if m.feature:
            # 'the Red River' in a Fargo story is read through a town called Red only where
            # the story is: not Red in India.
            known = {cc for cc in ctx.doc_countries
                     if ctx.evidence(cc, exclude=m.start) >= MAYBE_EVIDENCE}
            if known:
                cands = [e for e in cands if e.country_code in known | named]
        if named:
            # A small place elsewhere is not believed over the country the sentence names,
            # nor a big one that only has this as an alternate name ('Boni' is not Bonn);
            # GeoNames' 'Cabanatuan City' is a big one's own name for 'Cabanatuan'.
            # A town by its own name in the country the rest of the document is mostly about
            # stays: 'Beitbridge, on the border with South Africa' in a Zimbabwe story; not
            # one named like a country or a famous city ('slavery in Egypt' is no Egypt, Pa.).
            cands = [e for e in cands
                     if e.country_code in named or e.is_country or _worldwide(e)
                     or e.source == "district"  # chosen by the document's countries
                     # 'Israel struck the Golan Heights and Sinai': a region by its own name
                     # is no small place abroad, whichever country the sentence names.
                     or (e.source == "region" and name_key(e.name) == key)
                     # 'two ethnic Chechen men' in a story naming Kyrgyzstan: a demonym's
                     # one reading is its region wherever the sentence is.
                     or m.origin == "demonym"
                     or m.origin == "seat"  # 'the Kremlin said Ukraine ...' is in Moscow
                     or (_named(e, key) and not _famous_elsewhere(e, m)
                         and ctx.share(e.country_code, exclude=m.start) >= STORY_SHARE)
                     or (e.population >= SMALL_PLACE and not m.settlement
                         and name_key(e.name) in (key, key + " city"))
                     # 'fired at Israeli troops near the border town of Metula' in a story
                     # from Lebanon: a town by its own name, called one, where the sentence
                     # puts a side of that country.
                     or (m.settlement and _named(e, key)
                         and e.country_code in ctx.sentence_demonyms.get(idx, set()))
                     or _well_known_spelling(e, key)]
        known = {cc for cc in ctx.doc_countries
                 if ctx.evidence(cc, exclude=m.start) >= MAYBE_EVIDENCE}
        if known and m.origin not in ("seat", "demonym") \
                and not any(e.country_code in known for e in cands):
            # 'ambushed a convoy near Boni' in a Mali story: a town abroad that only an
            # alternate name of it matches is not the village the story's country lacks.
            cands = [e for e in cands if _named(e, key) or _well_known_spelling(e, key)]
        if not cands:
            return self._fallback(doc.text, m, ctx, idx, named)
        pulls = ctx.coherence.pull(cands, key) if ctx.coherence else [0.0] * len(cands)
        far = _far_namesakes(cands, pulls, m, ctx)
        if far and len(far) < len(cands):
            cands = [e for i, e in enumerate(cands) if i not in far]
            pulls = [p for i, p in enumerate(pulls) if i not in far]
        # Neither an alternate name nor a namesake of a state gains from its neighbours
        # ('California' next to Baltimore is still the state).
        pulls = [max(p, COUNTRY_PULL) if e.is_country or _worldwide(e)
                 else p if _named(e, key) and not _shadowed(e, m) else 0.0
                 for e, p in zip(cands, pulls, strict=True)]
        scored = [(self._score(e, m, ctx, idx) + COHERENCE_WEIGHT * pull, e)
                  for e, pull in zip(cands, pulls, strict=True)]
        best = max(scored, key=lambda se: se[0])[1]
        best = _city_or_region(best, cands, m)
        precision = best.precision
        if (best.feature_class == "P" and (m.near or m.feature)) \
                or (best.is_admin1 and m.direction):
            precision = 2
        note = "gazetteer" if best.source != "extra" else "gazetteer (imported GeoNames dump)"
        if m.origin == "demonym":
            note = DEMONYM_NOTE
        elif m.origin == "dateline":
            note = DATELINE_NOTE
        return best, precision, note

    def _districts(self, m: Mention, ctx: Context, named: set[str]) -> list[GazetteerEntry]:
        """Second-level units called like a name nothing else is ('Nueva Ecija'): those in a
        country the sentence names, else in one the document names; any with an admin cue
        ('Pulwama district'). An unknown name in a US local paper is no district abroad."""
        name = _bare(m.text)
        found = self.gazetteer.districts(name)
        feature = FEATURE_LAST.search(name)
        if not found and feature is not None and feature.start() > 0:
            found = self.gazetteer.districts(name[:feature.start()])  # 'Swat Valley': Swat
        if not found:
            return []
        mentioned = {cc for cc, weight in ctx.doc_countries.items() if weight > 0}
        for pool in (named, mentioned):
            inside = [e for e in found if e.country_code in pool]
            if inside:
                return inside
        return found if m.admin else []

    def _score(self, e: GazetteerEntry, m: Mention, ctx: Context, idx: int) -> float:
        score = _prior(e) + 3.0 * ctx.share(e.country_code, exclude=m.start,
                                            prior=SHARE_PRIOR)
        if e.country_code in ctx.sentence_countries.get(idx, set()) \
                and not _famous_elsewhere(e, m):
            score += 4.0
        key = name_key(_bare(m.text))
        # As with coherence: an alternate name ('Alaska' for Fort Ashby) gains nothing from
        # lying near or inside the document's other places.
        local = _named(e, key)
        for pos, region in ctx.sentence_regions.get(idx, []):
            if local and pos != m.start and region.country_code == e.country_code \
                    and region.admin1_code == e.admin1_code:
                score += 2.0
        # The mention's own region vote, and those of its repeats, are no evidence for it.
        own = ctx.region_votes.get(ctx.names.get(m.start, key), [])
        area = (e.country_code, e.admin1_code)
        total = sum(ctx.doc_regions.values()) - len(own)
        if total and local:
            score += 2.0 * (ctx.doc_regions.get(area, 0) - own.count(area)) / total
        if not e.is_country and local:
            score += SPATIAL_WEIGHT * ctx.closeness(e, m.start)
        rank = ctx.list_rank.get(m.start)
        if rank is not None and local and rank in _ranks_of(e):
            score += LIST_BONUS
        for q in m.qualifier:
            same_area = q.is_country or q.admin1_code == e.admin1_code
            if q.country_code == e.country_code and same_area:
                score += 10.0
        if _named(e, name_key(_bare(m.text))):
            score += EXACT_NAME_BONUS
        if _shadowed(e, m):
            score -= SHADOW_PENALTY  # 'California' is the state, not California, Maryland
        return score

    def _countryside_after(
        self, text: str, m: Mention, end: int, named: set[str]
    ) -> GazetteerEntry | None:
        """'Kafr Nabudah in the northern countryside of Hama': the province of the town whose
        countryside the sentence puts the village in, where the town is the largest of its
        name (a province's seat)."""
        found = COUNTRYSIDE_OF.search(text, m.end, end)
        if found is None or found.start() - m.end > 60:
            return None
        provinces = [(e.population, e.country_code, e.admin1_code)
                     for e in self._lookup(found.group(1)) if e.feature_class == "P"
                     and (not named or e.country_code in named)]
        for _, country, admin1 in sorted(provinces, key=lambda p: p[0], reverse=True):
            if country and admin1:
                return self.gazetteer.admin1_by_code(country, admin1)
        return None

    def _fallback(
        self, text: str, m: Mention, ctx: Context, idx: int, named: set[str]
    ) -> tuple[GazetteerEntry | None, int | None, str | None]:
        regions = [(pos, r) for pos, r in ctx.sentence_regions.get(idx, [])
                   if not named or r.country_code in named]
        if regions:
            # The region written after the village ("X in southern Idlib") encloses it.
            after = [r for r in regions if r[0] > m.start]
            _, region = min(after or regions, key=lambda r: abs(r[0] - m.start))
            admin = region
            if region.source == "region" and region.admin1_code and region.country_code:
                admin = self.gazetteer.admin1_by_code(region.country_code,
                                                      region.admin1_code) or region
            return admin, 3, "fallback to enclosing region"
        for q in m.qualifier:
            if q.source in REGION_SOURCES:
                return q, 3, "fallback to enclosing region"
        province = self._countryside_after(text, m, ctx.sentences[idx][1], named)
        if province is not None:
            return province, 3, "fallback to enclosing region"
        listed = ctx.neighbours.get(m.start, [])
        if listed and len({(e.country_code, e.admin1_code) for e in listed}) == 1 \
                and listed[0].country_code and listed[0].admin1_code:
            # 'the villages of Ceamurlia de Jos, Maliuc and Caraorman, ... from Russia': a
            # village listed with villages of one province is in it, whatever country the
            # sentence names besides.
            area = self.gazetteer.admin1_by_code(listed[0].country_code,
                                                 listed[0].admin1_code)
            if area is not None:
                return area, 3, "fallback to enclosing region"
        region_key = ctx.top_region()
        if region_key is not None and (not named or region_key[0] in named) \
                and region_key[0] and region_key[1]:
            region_entry = self.gazetteer.admin1_by_code(region_key[0], region_key[1])
            if region_entry is not None:
                return region_entry, 3, "fallback to the document's region"
        country = next(iter(sorted(named)), None) if len(named) == 1 else None
        if country is None and named:
            # 'Asos, Hakurk and Gara in Iraq, and Kobani in Syria': the country written
            # right after the village's list encloses it.
            country = next((cc for pos, cc in ctx.sentence_country_marks.get(idx, [])
                            if pos > m.start and LIST_THEN_IN.fullmatch(
                                text[m.end:pos])), None)
        if country is None and (m.settlement or m.admin or m.origin in ("entity", "given")
                                or m.label in PLACE_LABELS):
            country = ctx.top_country()
        entry = self.gazetteer.country(country) if country else None
        if entry is not None:
            return entry, 4, "fallback to country"
        return None, None, "not in gazetteer"


# --- helpers (pure) ---

def _units_written_after(text: str, m: Mention, ctx: Context, idx: int
                         ) -> list[GazetteerEntry]:
    """The readings of the admin unit of `m`'s sentence written right after it as what
    encloses it ('X in the Donetsk region', 'X, in northern Idlib'); none if there is none."""
    written = [(pos, [unit]) for pos, unit in ctx.sentence_regions.get(idx, [])]
    for pos, units in sorted(written + ctx.sentence_units.get(idx, []), key=lambda w: w[0]):
        if pos > m.end and IN_REGION_AFTER.fullmatch(text, m.end, pos):
            return [u for u in units if u.admin1_code and u.country_code]
    return []


def _prior(e: GazetteerEntry) -> float:
    """How likely a bare mention means `e` before context: kind, then size, capitals up."""
    prior = SOURCE_PRIOR.get(e.source)
    if _worldwide(e):
        prior = SOURCE_PRIOR["country"]  # 'Asia' the continent, not Asia, Philippines
    if prior is not None and e.is_admin1 and e.population > ADMIN1_BIG:
        # 'California' (39M) is the state more surely than 'Jalisco' or 'Amazonas' are.
        prior += ADMIN1_SIZE_PRIOR * math.log10(e.population / ADMIN1_BIG)
    if prior is None:
        prior = min(math.log10(e.population + 1), 7.0) / 2.0
        if e.feature_code == "PPLC":
            prior += CAPITAL_BONUS
    if e.source == "extra":
        prior += 0.5
    return prior


def _without_small_namesakes(m: Mention, *, among_countries: bool = False
                             ) -> list[GazetteerEntry]:
    """`m`'s readings without the small towns named like a continent, ocean or region across
    countries it may mean ('the Middle East' is no Maryland hamlet, 'the Pacific side' no
    Pacific, Missouri), nor like the country it may mean when it is listed among countries
    or such regions ('the Middle East, Italy and ...' is no Italy, Texas), unless the text
    qualifies the name or calls it a town ('Pacific, Mo.', 'the town of Pacific'). No gold
    toponym of LGL or GeoVirus written as such a region is a town; local news often means
    its own 'Palestine' or 'Lebanon', but among towns, not among countries."""
    if m.qualifier or m.settlement:
        return list(m.candidates)
    if not among_countries and not any(_worldwide(e) for e in m.candidates):
        return list(m.candidates)
    return [e for e in m.candidates
            if not (e.feature_class == "P" and e.population < SMALL_PLACE)]


def _far_namesakes(cands: list[GazetteerEntry], pulls: list[float], m: Mention,
                   ctx: Context) -> set[int]:
    """The indices of the towns among `cands` that are NAMESAKE_RATIO times smaller than a
    city of BIG_CITY or more of `m`'s own name, or named like a country ('Palestine', read as
    a city of WORLD_CITY), and that nothing in the text places (pulls:
    their coherence pulls). A small namesake is read only on local evidence: its state or
    country written with the name ('Paris, Texas'), a document whose regions and towns are
    mostly its state's, the places listed with it lying in its province, a town or county of
    the document within LOCAL_KM, or a pull of NAMESAKE_PULL. Not the country focus, nor a
    state the story names elsewhere, nor a sliver of pull: 'Paris' in a campaign story that
    names Texas is France's, 'Dublin' in one on US dioceses Ireland's, 'Newark' beside New
    York New Jersey's. A namesake of BIG_CITY or more is a city in its own right (London,
    Ontario)."""
    key = _short_forms(name_key(_bare(m.text)))
    # By its very name: not a transliteration's skeleton ('Nazrēt' is no 'Nazareth') nor
    # another language's name ('Belém' is Portuguese for Bethlehem).
    cities = [e for e in m.candidates if e.feature_class == "P" and e.population >= BIG_CITY
              and _short_forms(name_key(e.name)) == key]
    country = any(e.is_country and _short_forms(name_key(e.name)) == key for e in m.candidates)
    if not cities and not country:
        return set()

    top = ctx.top_country()

    def big(e: GazetteerEntry) -> int:
        if country:
            return WORLD_CITY  # 'Palestine' is the country unless the text places the town
        # A town of the country the story is about yields only to a city of its own country
        # or to a capital or a WORLD_CITY abroad: 'Paris' in a Texas story is France's, but
        # 'San Antonio' in a Salvadoran one is no Texan city, nor 'San Pedro' there an
        # Ivorian port.
        return max((c.population for c in cities
                    if c.country_code == e.country_code or c.feature_code == "PPLC"
                    or c.population >= WORLD_CITY or e.country_code != top), default=0)

    # An event of world news ('the Paris attacks') is placed by its qualifier alone.
    return {i for i, (e, pull) in enumerate(zip(cands, pulls, strict=True))
            if e.feature_class == "P" and e.population < BIG_CITY
            and e.population * NAMESAKE_RATIO <= big(e) and not _qualified_by(e, m)
            and (m.world_event or (pull < NAMESAKE_PULL and not _placed_here(e, m, ctx)))}


def _qualified_by(e: GazetteerEntry, m: Mention) -> bool:
    """Whether `e`'s state or country is written with the mention ('Paris, Texas')."""
    return any(q.country_code == e.country_code
               and (q.is_country or q.admin1_code == e.admin1_code) for q in m.qualifier)


def _placed_here(e: GazetteerEntry, m: Mention, ctx: Context) -> bool:
    """Whether the text puts `e` where it is, by more than the document's coherence: its
    state or country written with the mention, the document's top region, the places listed
    with it, or a town or county the document names (by another name) within LOCAL_KM."""
    area = (e.country_code, e.admin1_code)
    if _qualified_by(e, m):
        return True
    if e.admin1_code and (ctx.top_region() == area or any(
            (n.country_code, n.admin1_code) == area for n in ctx.neighbours.get(m.start, []))):
        return True
    key = ctx.names.get(m.start, name_key(_bare(m.text)))
    return any(pos != m.start and ctx.names.get(pos) != key and _spatial(p)
               and not p.is_admin1 and _km(p, e) <= LOCAL_KM for pos, p in ctx.points)


def _well_known_spelling(e: GazetteerEntry, key: str) -> bool:
    """Whether a city of WELL_KNOWN_CITY or more is known by `key`, another spelling of its
    name that opens with the same letter ('Kiev' for Kyiv, 'Quebec City' for Québec): named
    with other countries it is still that city, not an alternate name a town abroad shares
    ('Man' is Amman's, 'Boni' Bonn's, a smaller city)."""
    return (e.feature_class == "P" and e.population >= WELL_KNOWN_CITY
            and name_key(e.name)[:1] == key[:1])


def _famous_elsewhere(e: GazetteerEntry, m: Mention) -> bool:
    """Whether `e` is a small town (< SMALL_PLACE) named like a country or a city of
    WELL_KNOWN_CITY elsewhere that `m` may mean: the sentence naming the town's country
    ('from New York and Toronto', 'Egypt-US relations') is no evidence for Toronto, Ohio or
    Egypt, Pennsylvania."""
    if e.feature_class != "P" or e.population >= SMALL_PLACE or m.qualifier:
        return False
    key = name_key(_bare(m.text))
    return any((c.is_country or (c.feature_class == "P" and name_key(c.name) == key
                                 and c.population >= WELL_KNOWN_CITY))
               and c.country_code != e.country_code for c in m.candidates)


def _worldwide(e: GazetteerEntry) -> bool:
    """A continent, ocean or sea, or a region across countries ('Middle East', 'Sahel')."""
    return e.source == "region" and e.country_code is None


def _anchor(m: Mention) -> GazetteerEntry | None:
    """The reading of `m` when no reading in another country comes close; else None."""
    if not m.candidates:
        return None
    key = name_key(_bare(m.text))
    # Alternate names ('Gao' for Guantánamo) are not evidence; aliases of a country are.
    named = [e for e in m.candidates if name_key(e.name) == key or e.is_country]
    ranked = sorted(named or m.candidates, key=_prior, reverse=True)
    best = ranked[0]
    if any(_worldwide(e) and _prior(e) >= _prior(best) - ANCHOR_MARGIN for e in m.candidates):
        return None  # 'the Gulf' is the Persian Gulf as likely as Papua New Guinea's province
    for e in ranked[1:]:
        if _prior(e) < _prior(best) - ANCHOR_MARGIN:
            break
        if e.country_code != best.country_code:
            return None
    return best


def _ranks_of(e: GazetteerEntry) -> set[str]:
    return {"country"} if e.is_country else {"admin1"} if e.is_admin1 else set()


def _ranks(m: Mention) -> set[str]:
    """The ranks ('country', 'admin1') of the readings of `m` by its own name."""
    key = name_key(_bare(m.text))
    if any(_worldwide(e) for e in m.candidates):
        return {"country"}  # 'the Middle East, Italy': a continent lists with countries
    return {r for e in m.candidates if e.source in ("country", "admin1")
            and (e.is_country or name_key(e.name) == key) for r in _ranks_of(e)}


def _listed(text: str, a: Mention, b: Mention) -> bool:
    """Whether `a` and then `b` are neighbouring items of a list."""
    return a.end <= b.start and bool(LIST_SEPARATOR.fullmatch(text, a.end, b.start))


def _rank_of_list(text: str, mentions: list[Mention], m: Mention) -> str | None:
    """The rank ('country', 'admin1') every list neighbour of `m` can have, if just one."""
    ranks: set[str] | None = None
    for other in mentions:
        if other is m or not (_listed(text, other, m) or _listed(text, m, other)):
            continue
        anchor = _anchor(other)
        # 'In Lima and Santiago': a city that is its name's likeliest reading lists with
        # cities, whatever region shares its name (Lima's), so it ranks its neighbours none.
        own = set() if anchor is not None and anchor.feature_class == "P" else _ranks(other)
        ranks = own if ranks is None else ranks & own
    return next(iter(ranks)) if ranks is not None and len(ranks) == 1 else None


def _list_neighbours(text: str, mentions: list[Mention]) -> dict[int, list[GazetteerEntry]]:
    """Per mention, the unambiguous towns listed with it, along the whole list."""
    ordered = sorted((m for m in mentions if m.origin != "demonym"), key=lambda m: m.start)
    out: dict[int, list[GazetteerEntry]] = {}
    run: list[Mention] = []
    for m in [*ordered, None]:
        if m is not None and run and _listed(text, run[-1], m):
            run.append(m)
            continue
        if len(run) > 1:
            for own in run:
                found = [a for other in run if other is not own
                         if (a := _anchor(other)) is not None and a.feature_class == "P"]
                if found:
                    out[own.start] = found
        run = [m] if m is not None else []
    return out


def _list_ranks(text: str, mentions: list[Mention]) -> dict[int, str]:
    out = {}
    for m in mentions:
        rank = _rank_of_list(text, mentions, m) if m.origin != "demonym" else None
        if rank is not None and rank in _ranks(m):
            out[m.start] = rank
    return out


def _km(a: GazetteerEntry, b: GazetteerEntry) -> float:
    p1, p2 = math.radians(a.lat), math.radians(b.lat)
    dp, dl = p2 - p1, math.radians(b.lon - a.lon)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0 * math.asin(min(1.0, math.sqrt(h)))


def _bare(name: str) -> str:
    """`name` without a possessive ('Gainesville's'), but for a saint's ('St. John's')."""
    return name if SAINT_POSSESSIVE.fullmatch(name) else POSSESSIVE.sub("", name)


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    """Drop a leading 'the ' and a trailing possessive or punctuation from a name span; an
    abbreviation keeps its full stop ('U.S.', 'D.C.', 'W.Va.', 'Tenn.')."""
    while start < end and text[start] in " \t\"“‘'(":
        start += 1
    if text[start:start + 4].lower() == "the ":
        start += 4
    while end > start:
        if text[end - 2:end] in ("'s", "’s") and end - 2 > start:
            end -= 2
        elif text[end - 1] in " \t.,;:\"”)'’":
            end -= 1
        else:
            break
    if text[end:end + 1] == "." and end > start and (
            DOTTED.search(text, start, end) or _abbreviated(text[start:end + 1])):
        end += 1
    return start, end


@cache
def _abbreviated(text: str) -> bool:
    """Whether `text` ('Tenn.', 'Ind.') is a state abbreviation the bundled table lists."""
    return shared_gazetteer(None).abbreviation(text) is not None


def _overlaps(spans: list[tuple[int, int]], start: int, end: int,
              exclude: tuple[int, int] | None = None) -> bool:
    return any(s < end and start < e and (s, e) != exclude for s, e in spans)


def _inside_other_entity(doc: Document, m: Mention, labels: frozenset[str] | set[str]) -> bool:
    """True when `m` is part of a longer entity ('Damascus University', 'Bashar al-Assad')."""
    return any(
        e.label in labels and e.start <= m.start and m.end <= e.end
        and (e.end - e.start) > (m.end - m.start) and not _is_place_phrase(doc.text, e, m)
        for e in doc.entities
    )


def _opens_names(doc: Document, m: Mention, labels: set[str] | None = None) -> bool:
    """Whether every name around `m` opens with it: an organisation ('the Kentucky
    Department of Education', 'U.S. Army'), where the place is mentioned all the same (LGL
    and GWN annotate such embedded toponyms), or, for an area named with its kind, any name
    (spaCy takes 'Anderson County Sheriff Ray Hill' for one person). One in the middle of a
    name ('Texas Southern University') or opening a person's ('Jordan Smith') is not."""
    around = [e for e in doc.entities
              if e.start <= m.start and m.end <= e.end and (e.end - e.start) > (m.end - m.start)]
    return bool(around) and all(
        (labels is None or e.label in labels)
        and ORG_OPENING.fullmatch(doc.text, e.start, m.start) is not None
        for e in around)


def _only_name_inside(doc: Document, m: Mention) -> bool:
    """Whether every longer entity around `m` has no capitalised word but `m`'s ('Sri Lanka -
    approximately' tagged PERSON): spaCy's span ran on past the name, which is all the
    entity names."""
    around = [e for e in doc.entities
              if e.start <= m.start and m.end <= e.end and (e.end - e.start) > (m.end - m.start)]
    return bool(around) and all(
        not re.search(r"[A-Z]", doc.text[e.start:m.start] + doc.text[m.end:e.end])
        for e in around)


def _located_at_name_end(doc: Document, m: Mention, key: str) -> bool:
    """Whether every name around `m` ends with 'in' and `m` ('Lutheran School in Lombard',
    'The George in Twickenham', spaCy taking the place into the name), or with 'of' and a place
    by its own name ('the University of Rochester', 'Troop 172 of Wakefield'): where the thing
    is, and a toponym where it is written (LGL annotates 14 of the 17 such bodies it has, GWN
    every toponym embedded in a name)."""
    around = [e for e in doc.entities
              if e.start <= m.start and m.end <= e.end and (e.end - e.start) > (m.end - m.start)]
    return bool(around) and all(
        (IN_BEFORE.search(doc.text, e.start, m.start) is not None
         or _of_place(doc.text, e.start, m, key))
        and POSSESSIVE_ONLY.fullmatch(doc.text, m.end, e.end) is not None for e in around)


def _of_place(text: str, start: int, m: Mention, key: str) -> bool:
    """Whether `m` is a place by its own name after a body's 'of' in text[start:m.start]; an
    acronym only if a country's ('the DAC' is a council, not Dhaka's airport code)."""
    found = OF_PLACE_BEFORE.search(text, start, m.start)
    if found is None or found.group("head") in OFFICE_HEADS or key == "america":
        return False
    if found.group("the"):
        # 'of the Philippines', 'of the Congo': a country or region takes 'the'; a town
        # does not ('the Doctrine of the Faith' is no Faith, North Carolina).
        return any(e.is_country or e.source in ("admin1", "region") for e in m.candidates)
    return any(_named(e, key) and (e.source not in ("cities", "extra")
                                   or e.population >= NAMED_BODY_TOWN)
               for e in m.candidates) and (
        ACRONYM.fullmatch(m.text) is None or _country_named(m, key))


def _opens_local_body(doc: Document, m: Mention, key: str) -> bool:
    """Whether `m` is a town by its own name opening the name of its own public body ('the
    Oakland Police Department', 'Norfolk School District'), which is in that town."""
    return (LOCAL_BODY_AFTER.match(doc.text, m.end) is not None
            and _opens_names(doc, m, {"ORG", "FAC", "PERSON"})
            and any(_named(e, key) for e in m.candidates))


def _is_place_phrase(text: str, e: Entity, m: Mention) -> bool:
    """'Syria's Idlib', 'Homs province', 'Aleppo countryside' tagged as one ORG/GPE, or a
    list of names ('over Belgorod, Bryansk and the Moscow region' with 'Belgorod, Bryansk'
    tagged ORG)."""
    if NAME_LIST.fullmatch(text, e.start, e.end):
        return True
    rest = (text[e.start:m.start] + " " + text[m.end:e.end]).strip().lower()
    found = re.findall(r"[a-z]+", rest)
    words = set(found)
    # 'US State Department' is an office, not a region: a place phrase names one kind.
    if sum(w in ADMIN_WORDS for w in found) > 1:
        return False
    return bool(words) and words <= set(ADMIN_WORDS) | {"s", "the", "of", "countryside",
                                                        "northern", "southern", "eastern",
                                                        "western", "rural"}


def _in_outlet_name(text: str, start: int, end: int, outlet: str) -> bool:
    """Whether `text[start:end]` opens the first two or more words of an outlet's name as
    written there: '(Gulf Wire)' for Gulf Wire Service; not 'Kidal' in 'a market in Kidal'
    when the outlet is the Kidal Observer."""
    words = outlet.split()
    for size in range(len(words), 1, -1):
        pattern = r"\W+".join(re.escape(w) for w in words[:size])
        found = re.compile(pattern, re.IGNORECASE).match(text, start)
        if found is not None and found.end() >= end:
            return True
    return False


def _names_something_else(doc: Document, m: Mention, key: str) -> bool:
    """Whether the words around `m` make it part of another thing's name, whatever the
    document says of the place elsewhere: an era, an outlet, a street, a currency, a
    pathogen."""
    if m.text in ERA_ABBREVIATIONS and ERA_BEFORE.search(doc.text, max(0, m.start - 12),
                                                          m.start):
        return True  # '300 B.C.': an era, not British Columbia
    meta = doc.meta
    outlets = [o for o in (meta.publisher, meta.original_source, *meta.authors) if o]
    if key in {name_key(name) for name in outlets} or any(
        _in_outlet_name(doc.text, m.start, m.end, name) for name in outlets
    ):
        return True  # 'told West Africa Dispatch', '(Gulf Wire)': the outlet, not a place
    if OUTLET_WORD.match(doc.text, m.end) or (
        OUTLET_ENDING.search(m.text) and not any(_named(e, key) for e in m.candidates)
    ):
        # 'the Jerusalem Post', 'Kabul Radio', '(South Asia Wire)' read whole: a medium
        # named after a place; not a town so named ('Newport News')
        return True
    if STREET_AFTER.match(doc.text, m.end) and not (_well_known(m) or _kind_named(m)):
        # 'Cooper Street', 'Mayfield Road': a street, not the town. A state's or a
        # county's road is theirs ('Ohio Turnpike', 'Douglas County Road 4').
        return True
    if CURRENCY_AFTER.match(doc.text, m.end):
        return True  # 'US$460 million': a currency, not the country
    if " " not in m.text and BYLINE_BEFORE.search(doc.text, max(0, m.start - 8), m.start) \
            and BYLINE_AFTER.match(doc.text, m.end):
        return True  # 'BY CHAD KLIMACK Advocate Reporter': the writer, not Chad
    if _language(doc.text, m.start, m.end):
        return True  # 'in English and Spanish': languages, not English, Indiana
    # 'West Nile virus', 'Marburg fever': a pathogen named after a place
    return bool(DISEASE_AFTER.match(doc.text, m.end) or DISEASE_END.search(m.text))


def _language(text: str, start: int, end: int) -> bool:
    """Whether text[start:end] is a language the words around say is one."""
    return text[start:end] in LANGUAGES and any(
        p.start() <= start and end <= p.end()
        for p in LANGUAGE_PHRASE.finditer(text, max(0, start - 80), min(len(text), end + 80)))


def _well_known(m: Mention) -> bool:
    """A country, or a state, listed region or big city by its own name: known enough to be
    named in any role ('Free' is Free State only by a stripped key, 'Man' Amman only by an
    alternate name)."""
    key = name_key(_bare(m.text))
    if _abbreviated(m.text):
        return True  # 'S.C.', 'Tenn.': a state by its postal abbreviation
    return any(e.is_country
               or (e.source in ("admin1", "region") and name_key(e.name) == key)
               or (e.feature_class == "P" and e.population >= WELL_KNOWN_CITY
                   and _named(e, key))
               for e in m.candidates)


def _by_own_name(e: GazetteerEntry, key: str, strong: bool) -> bool:
    """Whether name key `key` means `e` by more than a town's alternate name: a country,
    region or unit, a town by its own name or spelling, or a city of WELL_KNOWN_CITY by a
    spelling with its first letter ('Kiev'), by any after a locative word ('in Bombay')."""
    return (e.source not in ("cities", "extra") or _named(e, key)
            # GeoNames' 'Cabanatuan City' for 'Cabanatuan', its 'Gaza' for 'Gaza City'
            or key + " city" == name_key(e.name) or key == name_key(e.name) + " city"
            or (e.feature_class == "P" and e.population >= WELL_KNOWN_CITY
                and (strong or name_key(e.name)[:1] == key[:1])))


def _well_known_cities(m: Mention, key: str) -> list[GazetteerEntry]:
    """The readings of `m` that are, by its own whole name, cities of WELL_KNOWN_CITY or more."""
    return [e for e in m.candidates if e.feature_class == "P" and e.population >= WELL_KNOWN_CITY
            and _short_forms(name_key(e.name)) == _short_forms(key)]


def _big_city_named(m: Mention, key: str) -> bool:
    """Whether `m` is, by its own whole name, a city of WELL_KNOWN_CITY or more."""
    return bool(_well_known_cities(m, key))


def _capital_named(m: Mention, key: str) -> bool:
    """Whether `m` is, by its own name or a spelling of it with the same first letter ('Kiev'),
    a country's capital of KNOWN_CAPITAL or more: 'Yerevan said' tagged PERSON, 'Baku rejected
    the claims' opening a sentence, are the government speaking, as 'Moscow said' is."""
    if ACRONYM.fullmatch(m.text) or m.text.isupper():
        # 'DOH', 'TPE': airport codes GeoNames lists, 'AMANA' an acronym, 'BELIN:' a speaker in
        # a transcript; 'ROME' in capitals is Rome all the same.
        return any(e.feature_code == "PPLC" and name_key(e.name) == key for e in m.candidates)
    return any(e.feature_code == "PPLC" and e.population >= KNOWN_CAPITAL
               and (_named(e, key) or name_key(e.name)[:1] == key[:1])
               for e in m.candidates)


def _country_named(m: Mention, key: str) -> bool:
    """Whether `m` names a country by its own name ('Romania'), or by a bundled alias of two
    words or more ('DR Congo') or in capitals ('DRC', 'UAE'); not by a one-word alias that
    is also a firm's name ('Emirates', the airline)."""
    countries = [e for e in m.candidates if e.is_country]
    return bool(countries) and (
        any(name_key(e.name) == key for e in countries)
        or len(key.split()) > 1 or ACRONYM.fullmatch(m.text) is not None)


def _kind_named(m: Mention) -> bool:
    """Whether `m` says what kind of area it is ('Laurel County', 'Kunar Province'): no
    surname or brand, whatever follows it."""
    words = m.text.split()
    return len(words) > 1 and words[-1].lower() in ADMIN2_WORDS | set(ADMIN_WORDS)


def _names_own_area(m: Mention, key: str) -> bool:
    """Whether `m` is an area's whole name with its kind ('Licking County', 'Rapides Parish',
    'Nyanza Province'), as the gazetteer spells it: a place by its name alone, like a name
    after 'county of'. Without it a county too small to count and named in a document the
    context puts elsewhere ('the Licking County Genealogy Society' beside 'Germany') was only
    a doubtful name."""
    return _kind_named(m) and any(
        e.source in REGION_SOURCES and name_key(e.name) == key for e in m.candidates)


def _lone_word(doc: Document, m: Mention) -> Any | None:
    """The spaCy token of a one-word mention; None for longer ones or without a parse."""
    if "spacy" not in doc.scratch:
        return None  # a document built without the language stage (tests, bare entities)
    parsed, offset = parse(doc)
    span = parsed.char_span(m.start - offset, m.end - offset, alignment_mode="expand")
    return span[0] if span is not None and len(span) == 1 else None


def _person_names(doc: Document) -> frozenset[str]:
    """The first and last words of the document's PERSON names of two words or more."""
    cached = doc.scratch.get("places.persons")
    if cached is None:
        words: set[str] = set()
        for ent in parse(doc)[0].ents:
            # 'Willie Campbell's': Campbell, not the possessive's token.
            tokens = [t.text for t in ent if t.text not in ("'s", "’s", "'", "’")]
            if ent.label_ == "PERSON" and len(tokens) >= 2:
                words |= {tokens[0], tokens[-1]}
        cached = doc.scratch["places.persons"] = frozenset(words)
    return frozenset(cached)


def _full_person_names(doc: Document) -> frozenset[str]:
    """The first and last words of the document's PERSON names that read as a person's
    ('Bernie Sanders', 'Carlo Maria Viganò'): two to four capitalised words, none of them a
    word the text also writes in lowercase ('Village Malakal', 'Randwick Racecourse' are
    spaCy's PERSON for places)."""
    cached = doc.scratch.get("places.full_persons")
    if cached is None:
        if "spacy" in doc.scratch:
            names = [[t.text for t in ent if t.text not in ("'s", "’s", "'", "’")]
                     for ent in parse(doc)[0].ents if ent.label_ == "PERSON"]
        else:
            names = [[_bare(w) for w in e.text.split()] for e in doc.entities
                     if e.label == "PERSON"]
        words: set[str] = set()
        for tokens in names:
            if 2 <= len(tokens) <= 4 and all(
                    t[:1].isupper() and t.lower().rstrip(".") not in PERSON_SPAN_NOT
                    and not _written_lowercase(doc.text, t) for t in tokens):
                words |= {tokens[0], tokens[-1]}
        cached = doc.scratch["places.full_persons"] = frozenset(words)
    return frozenset(cached)


def _acts_as_person(doc: Document, word: str) -> bool:
    """Whether the text somewhere uses `word` alone as a person: spaCy's PERSON for it, a
    title before it ('Sen. Sanders') or a verb of saying after it ('Sanders said'). spaCy's
    PERSON spans alone are no proof: 'Freemason Bogdanov Joins Sochi', 'Lancaster Girls'."""
    if any(e.label == "PERSON" and _bare(e.text) == word for e in doc.entities):
        return True
    for found in re.finditer(rf"(?<![\w'’-]){re.escape(word)}(?![\w-])", doc.text):
        if PERSON_AFTER.match(doc.text, found.end()) or TITLE_BEFORE.search(
                doc.text, max(0, found.start() - 16), found.start()):
            return True
    return False


def _person_word(doc: Document, word: str) -> bool:
    """Whether `word` opens or ends a PERSON name of two words or more in the document."""
    if "spacy" in doc.scratch:
        return word in _person_names(doc)
    return any(e.label == "PERSON" and len(e.text.split()) >= 2
               and word in (e.text.split()[0], _bare(e.text.split()[-1]))
               for e in doc.entities)


def _locative(text: str, m: Mention) -> bool:
    """Whether `m` is a place by its own tag or words: GPE/LOC, a dateline, a cue ('the
    town of', 'X County', 'near'), a qualifier ('X, Ohio') or a locative preposition."""
    return (m.label in PLACE_LABELS or m.origin == "dateline"
            or (m.origin == "entity" and m.label not in MISTAGGED_LABELS)
            or m.settlement or m.admin or m.near or bool(m.qualifier)
            or _word_before(text, m.start) in STRONG_BEFORE)


def _before_person(doc: Document, m: Mention) -> bool:
    """Whether `m` is one word and a PERSON name follows it right after a space: then it
    is a title ('Secretary Napolitano') or a first name, not a place."""
    at = m.end + 1
    return " " not in m.text and doc.text[m.end:at] == " " and any(
        e.label == "PERSON" and e.start == at for e in doc.entities)


def _written_lowercase(text: str, name: str) -> bool:
    """Whether a one-word capitalised name ('Man', 'Section') is also written in lowercase in
    the text: a common word that a headline or a sentence start capitalised."""
    if " " in name or not (name[:1].isupper() and name[1:].islower()):
        return False
    if name.lower() not in text:
        return False  # most names never are: a plain search is far cheaper than the pattern
    return re.search(rf"(?<![\w-]){re.escape(name.lower())}(?![\w-])", text) is not None


def _word_before(text: str, offset: int) -> str:
    m = re.search(r"([A-Za-z]+)[\s,]*$", text[max(0, offset - 40):offset])
    return m.group(1).lower() if m else ""


def _sentence_initial(text: str, offset: int) -> bool:
    before = text[max(0, offset - 3):offset]
    return offset == 0 or bool(re.search(r"(?:[.!?\n][\"”’')]?\s*|^\s*)$", before))


def _city_or_region(
    best: GazetteerEntry, cands: list[GazetteerEntry], m: Mention
) -> GazetteerEntry:
    """A bare 'Aleppo' is the city, a bare 'Mexico' the country; 'Aleppo province' and
    'northern Aleppo' the governorate."""
    want_region = m.admin or m.direction
    if best.is_admin1 and not want_region:
        # 'Mexico' is the country, not México state: a unit named after its own country is
        # meant only with a cue ('the state of Mexico').
        key = name_key(best.name)
        for e in cands:
            if e.is_country and e.country_code == best.country_code and name_key(e.name) == key:
                return e
    for e in cands:
        if e.country_code != best.country_code:
            continue
        same_name = name_key(e.name) == name_key(_bare(m.text))
        # ... but only a city inside it: 'California' is not California, Maryland.
        if best.is_admin1 and not want_region and e.feature_class == "P" and same_name \
                and e.admin1_code == best.admin1_code:
            return e
        if best.feature_class == "P" and want_region and e.is_admin1 \
                and e.admin1_code == best.admin1_code:
            return e
    return best


def _set_cues(text: str, m: Mention, gazetteer: Gazetteer) -> None:
    before = text[max(0, m.start - 60):m.start]
    after = text[m.end:m.end + 40]
    m.near = bool(NEAR_BEFORE.search(before) or NEAR_AFTER.match(after))
    said = APPOSITIVE_KIND.match(after)
    kind = (said.group("kind") or said.group("capital")) if said is not None else ""
    # 'Kurya village', not 'a Kurdish village' or 'an Ossetian-controlled village'.
    # 'a central Mali village raid': a country's name says where the village is.
    named_village = SETTLEMENT_AFTER.match(after) is not None and not (
        CONTROLLED_END.search(m.text) or m.origin == "demonym" or m.label == "NORP"
        or any(e.is_country for e in gazetteer.lookup(m.text))
        or name_key(m.text) in gazetteer.demonyms or gazetteer.continent_demonym(m.text)
        or gazetteer.region_demonym(m.text))
    m.settlement = bool(SETTLEMENT_BEFORE.search(before)) or named_village \
        or (bool(kind) and kind not in ADMIN_WORDS)
    m.admin = bool(ADMIN_BEFORE.search(before) or ADMIN_AFTER.match(after)) or (
        kind in ADMIN_WORDS)
    m.direction = bool(DIRECTION_BEFORE.search(before))
    m.world_event = WORLD_EVENT_AFTER.match(after) is not None
    abbr = re.match(r"^,\s*([A-Z]\.[ \t][A-Z][a-z]{0,4}\.|(?:[A-Z]\.){2}|[A-Z][a-z]{0,4}\.|"
                    r"W\.Va\.)", after)
    # 'W. Va.' is written with a space as often as without.
    entry = gazetteer.abbreviation(abbr.group(1).replace(" ", "")) if abbr else None
    q = re.match(r"^,\s*(" + _TOKEN + r"(?:\s+" + _TOKEN + r"){0,2})", after)
    if entry is not None:
        found = [entry]
    elif q and name_key(q.group(1)) not in stopnames():
        # Not 'Hama, SANA reported': an agency's acronym is no Sanaa.
        found = [e for e in gazetteer.lookup(q.group(1))
                 if e.source in ("country", "admin1", "region")]
        # 'Juarez, Mexico' is the country's, not the State of México's ('Mexico state').
        named_countries = {e.country_code for e in found if e.is_country}
        found = [e for e in found if e.is_country or e.country_code not in named_countries]
    else:
        found = []
    # 'Gao, Mali' qualifies Gao; 'Clay, Douglas' (a list) qualifies nothing, nor does
    # 'Oklahoma, Pennsylvania' (two states) or 'Mali, Niger' (two countries). A name that is
    # itself no country or state keeps its qualifier even where none of its readings lies
    # there ('Stroud, Ontario' is no Stroud of England): it is a place there the gazetteer
    # lacks, and falls back to the region.
    key = name_key(_bare(m.text))
    peers = [e for e in m.candidates
             if e.source in ("country", "admin1") and name_key(e.name) == key]
    if not found:
        said = DEMONYM_KIND_BEFORE.search(before)
        if said is not None:
            words = said.group("demonym").split()
            cc = gazetteer.demonyms.get(name_key(" ".join(words))) or (
                gazetteer.demonyms.get(name_key(words[-1])) if len(words) > 1 else None)
            country = gazetteer.country(cc) if cc else None
            found = [country] if country is not None else []
    m.qualifier = [
        f for f in found
        if (not m.candidates or not peers or any(
            e.country_code == f.country_code and (f.is_country or e.admin1_code == f.admin1_code)
            for e in m.candidates))
        and not (any(_peer_list(p, f) for p in peers) and not _city_in(m, f, key))
    ]


def _city_in(m: Mention, q: GazetteerEntry, key: str) -> bool:
    """Whether `m` names a city inside `q` ('Washington, D.C.', not 'Oklahoma, Pennsylvania')."""
    return any(e.feature_class == "P" and e.population >= BIG_CITY and name_key(e.name) == key
               and e.country_code == q.country_code
               and (q.is_country or e.admin1_code == q.admin1_code) for e in m.candidates)


def _peer_list(e: GazetteerEntry, q: GazetteerEntry) -> bool:
    """Whether `e, q` is a list of two areas of one rank rather than a name and its
    qualifier: two countries, two states; not 'New York, New York' (the city in its state)."""
    if e.is_country:
        return q.is_country and q.country_code != e.country_code
    return q.is_admin1 and (q.country_code, q.admin1_code) != (e.country_code, e.admin1_code)


def _sentences(doc: Document) -> list[tuple[int, int]]:
    if doc.sentences:
        return [(s.start, s.end) for s in doc.sentences]
    body = doc.body_span()
    out = []
    start = body.start
    for m in SENTENCE_END.finditer(doc.text, body.start, body.end):
        out.append((start, m.start()))
        start = m.end()
    out.append((start, body.end))
    return out


def _sync_entities(doc: Document, mentions: list[Mention], places: list[Place]) -> None:
    """Make the entity list agree: gazetteer places spaCy missed or mislabelled become GPE/LOC."""
    changed = False
    by_span = {(e.start, e.end): e for e in doc.entities}
    next_id = 1 + max((int(n) for e in doc.entities
                       if (n := e.id.removeprefix("ent")).isdigit()), default=0)
    for m, place in zip(mentions, places, strict=True):
        if m.origin in ("entity", "demonym"):
            continue  # a demonym stays what spaCy says it is (NORP), a place only here
        fclass = place.resolved.feature_class if place.resolved else "P"
        label = "LOC" if fclass in "HTL" else "GPE"
        existing = by_span.get((m.start, m.end))
        if existing is not None:
            if existing.label not in PLACE_LABELS:
                existing.label = label
            continue
        if any(e.start < m.end and m.start < e.end for e in doc.entities):
            continue
        doc.entities.append(Entity(f"ent{next_id}", m.text, m.start, m.end, label))
        next_id += 1
        changed = True
    if changed:
        doc.entities.sort(key=lambda e: e.start)


def _read_as_sources(mentions: list[Mention], places: list[Place]) -> None:
    """A repeated name (`PlacesStage._repeats`) is read as the mention that placed it, after
    one sense per document: it adds no evidence, even where it comes first ('Huntsville High
    School' in the headline, 'in Huntsville, Texas' below)."""
    by_start = {m.start: p for m, p in zip(mentions, places, strict=True)}
    for m, place in zip(mentions, places, strict=True):
        source = by_start.get(m.repeats) if m.repeats is not None else None
        if source is not None and source.resolved is not None:
            place.resolved = source.resolved
            place.geo_precision = source.geo_precision
            place.resolution_note = (source.resolution_note
                                     if source.resolution_note not in ROLE_NOTES
                                     else "gazetteer")


def _one_sense_per_document(places: list[Place], kind_said: list[Place]) -> None:
    """A name said twice in one report is one place: later mentions take the reading of the
    first, which usually comes with the context ("Boni ... in the Mopti region"). Not one
    whose words say what kind of place it is, where it reads a place of the same province
    ('the Quetta district ... the town of Quetta')."""
    first: dict[str, Place] = {}
    own = {id(place) for place in kind_said}
    for place in places:
        key = name_key(_bare(place.text))
        earlier = first.setdefault(key, place)
        if earlier is not place and earlier.resolved is not None and not (
                id(place) in own and place.resolved is not None
                and earlier.geo_precision != 4  # a country named is that country
                and (place.resolved.country_code, place.resolved.admin1)
                == (earlier.resolved.country_code, earlier.resolved.admin1)):
            place.resolved = earlier.resolved
            place.geo_precision = earlier.geo_precision
            # The reading is shared, not the role: 'in Kabul' after the dateline 'KABUL -' is
            # no dateline (which the events stage never takes for an event's location).
            note = earlier.resolution_note
            if note in ROLE_NOTES and place.resolution_note not in ROLE_NOTES:
                note = "gazetteer"
            place.resolution_note = note

"""Word lists the role tagger's features use: attack words and the agent preposition."""

from __future__ import annotations

# Lemmas of words that report a violent act; a token governed by one is a likely filler.
ATTACK_LEMMAS: frozenset[str] = frozenset({
    "attack", "assault", "ambush", "raid", "strike", "bomb", "bombing", "dynamite", "blow",
    "explode", "explosion", "blast", "detonate", "destroy", "damage", "burn", "set", "fire",
    "shoot", "gun", "machinegun", "kill", "murder", "assassinate", "assassination", "execute",
    "massacre", "slay", "wound", "injure", "kidnap", "kidnapping", "abduct", "abduction",
    "seize", "hijack", "hold", "hostage", "torture", "threaten", "threat", "mortar", "launch",
    "hurl", "throw", "plant", "place", "sabotage", "clash", "harass", "die", "death", "victim",
    "perpetrate", "commit", "carry", "claim", "responsibility", "blame", "accuse", "arrest",
})

# The preposition that marks an agent ("killed by guerrillas").
AGENT_PREPOSITIONS: frozenset[str] = frozenset({"by"})

# Nouns a perpetrator may modify and still be the one who acted: the act itself ("the FMLN
# attack", "a Shining Path bombing") or the people who carried it out ("FMLN units", "the
# Medellin cartel's gunmen"). Words that name a group of armed actors are also read by
# `taxonomy.actor_kind` ("FMLN rebels", "army troops").
AGENT_HEAD_LEMMAS: frozenset[str] = frozenset({
    "attack", "assault", "ambush", "raid", "strike", "airstrike", "bombing", "bomb", "blast",
    "explosion", "massacre", "killing", "murder", "assassination", "kidnapping", "abduction",
    "sabotage", "offensive", "shelling", "act", "action", "incident", "campaign", "violence",
    "unit", "group", "movement", "gang", "commando", "cell", "faction", "front", "force",
    "fighter", "guerrilla", "assassin", "activist", "squad", "brigade", "battalion", "column",
    "command", "patrol", "gunman", "hitman", "member", "officer", "soldier", "agent",
})

# Verbs whose object (or passive subject) an attack struck, and attack nouns whose 'on' or
# 'against' object it struck ("an attack on the Christmas market").
STRIKE_VERB_LEMMAS: frozenset[str] = frozenset({
    "attack", "target", "bomb", "raid", "ambush", "storm", "shell", "bombard", "dynamite",
})
STRIKE_NOUN_LEMMAS: frozenset[str] = frozenset({
    "attack", "assault", "raid", "strike", "airstrike", "bombing", "ambush",
})
# Nouns of the attack or the fire a side comes under ("came under attack", "came under
# heavy fire", "the base was under rocket attack"): the clause's subject is the side hit.
UNDER_ATTACK_LEMMAS: frozenset[str] = STRIKE_NOUN_LEMMAS | frozenset({
    "fire", "gunfire", "shelling", "bombardment", "barrage", "siege",
})

# Explosives a side strikes, runs over or steps on ("the convoy struck an improvised explosive
# device", "a patrol vehicle hit a landmine"): the clause's subject is the side hit.
TRIPPED_EXPLOSIVE_LEMMAS: frozenset[str] = frozenset({
    "mine", "landmine", "ied", "device", "explosive", "bomb", "carbomb",
})

# Things an attack strikes that are named as its target: buildings, sites, vehicles and
# installations (not areas, places, abstractions or people).
FACILITY_LEMMAS: frozenset[str] = frozenset({
    "building", "house", "home", "residence", "apartment", "office", "headquarters",
    "embassy", "consulate", "ministry", "parliament", "palace", "court", "courthouse",
    "prison", "jail", "school", "university", "college", "hospital", "clinic", "church",
    "mosque", "temple", "synagogue", "shrine", "market", "marketplace", "shop", "store",
    "bakery", "cafe", "cafeteria", "restaurant", "bar", "hotel", "bank", "factory", "plant",
    "mine", "farm", "warehouse", "depot", "station", "substation", "tower", "pylon",
    "pipeline", "bridge", "airport", "port", "base", "camp", "barracks", "garrison",
    "outpost", "post", "checkpoint", "compound", "facility", "installation", "bus", "car",
    "vehicle", "truck", "convoy", "train", "plane", "aircraft", "helicopter", "ship", "boat",
    "tank", "stadium", "theater", "theatre", "club", "venue", "mall",
})

# Heads of a phrase that name what struck rather than who did: weapons, the platforms that
# carry them and the acts they carry out ("A military drone strike killed ...", "the blast",
# "army helicopters fired rockets"). ACLED's actor is the force behind them, which only the
# phrase's modifiers can name ("military", "army"). Not the acts whose possessor or object
# is a victim ("the commander's assassination", "the kidnapping of").
INSTRUMENT_LEMMAS: frozenset[str] = frozenset({
    "bomb", "carbomb", "explosive", "device", "ied", "mine", "landmine", "grenade", "mortar",
    "rocket", "missile", "shell", "projectile", "drone", "uav", "plane", "airplane", "aircraft",
    "jet", "warplane", "helicopter", "gunship", "tank", "artillery", "bullet", "gunfire",
    "shot", "strike", "airstrike", "attack", "assault", "raid", "offensive", "ambush",
    "bombing", "bombardment", "shelling", "blast", "explosion", "barrage", "salvo",
})

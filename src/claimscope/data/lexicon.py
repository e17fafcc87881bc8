"""Word lists the claim and event rules read: cues, source kinds, event triggers, framing."""

from __future__ import annotations

# Armed organised groups a news reader meets often; the entity ruler labels them ARMED_GROUP.
ARMED_GROUPS: tuple[str, ...] = (
    "ISIS", "ISIL", "IS", "Islamic State", "Daesh", "Daech", "al-Qaeda", "Al-Qaeda", "al Qaeda",
    "AQIM", "JNIM", "Jama'at Nusrat al-Islam wal-Muslimin", "Hayat Tahrir al-Sham", "HTS",
    "Jabhat al-Nusra", "al-Nusra Front", "Hezbollah", "Hamas", "Islamic Jihad",
    "Houthis", "Houthi", "Ansar Allah", "al-Shabaab", "Al-Shabaab", "Boko Haram", "ISWAP",
    "Taliban", "Wagner", "Wagner Group", "Africa Corps", "Rapid Support Forces", "RSF",
    "Janjaweed", "SDF", "Syrian Democratic Forces", "YPG", "PKK", "Free Syrian Army",
    "Syrian National Army", "M23", "ADF", "Allied Democratic Forces", "FARC", "ELN",
    "Arakan Army", "Kachin Independence Army", "KIA", "People's Defence Force", "PDF",
    "Ta'ang National Liberation Army", "TNLA", "Fano", "TPLF", "OLA", "Oromo Liberation Army",
    "Ambazonia Defence Forces", "Hurras al-Din", "Popular Mobilization Forces", "PMF",
    "Kataib Hezbollah", "Azov", "Azov Regiment",
)

# Attribution cues by lemma: how the verb frames what follows.
#   neutral: reported;   distancing: the outlet keeps its distance (claimed, alleged);
#   denial: the claimant rejects the content;   accusation: the content is a charge.
CUE_VERBS: dict[str, str] = {
    "say": "neutral", "tell": "neutral", "state": "neutral", "announce": "neutral",
    "report": "neutral", "add": "neutral", "note": "neutral", "confirm": "neutral",
    "declare": "neutral", "explain": "neutral", "write": "neutral", "tweet": "neutral",
    "post": "neutral", "publish": "neutral", "estimate": "neutral", "warn": "neutral",
    "describe": "neutral", "acknowledge": "neutral", "admit": "neutral", "reveal": "neutral",
    "indicate": "neutral", "show": "neutral", "document": "neutral", "record": "neutral",
    "quote": "neutral", "cite": "neutral", "welcome": "neutral", "urge": "neutral",
    "argue": "distancing", "claim": "distancing", "allege": "distancing",
    "insist": "distancing", "assert": "distancing", "maintain": "distancing",
    "contend": "distancing", "purport": "distancing", "boast": "distancing",
    "deny": "denial", "reject": "denial", "dismiss": "denial", "refute": "denial",
    "dispute": "denial", "rebuff": "denial", "disown": "denial", "downplay": "denial",
    "accuse": "accusation", "blame": "accusation", "condemn": "accusation",
    "charge": "accusation", "denounce": "accusation",
}

# Multi-word cues that introduce a source ("according to X, ...").
PREPOSITIONAL_CUES: tuple[str, ...] = (
    "according to", "citing", "as reported by", "as stated by", "in the words of",
    "quoting",
)

# Nouns that make a sentence subject an attribution source even with a copular verb
# ("The statement said", "ISIS-affiliated media reported").
COMMUNICATION_NOUNS: frozenset[str] = frozenset({
    "statement", "report", "communique", "communiqué", "release", "announcement",
    "claim", "claims", "video", "post", "message", "tweet", "account", "testimony",
})

# Source kinds, tested in order against the lower-cased source phrase; first hit wins.
SOURCE_KIND_KEYWORDS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("anonymous", (
        "sources", "source close", "activists", "witnesses", "residents", "locals",
        "supporters", "observers", "officials who", "an official who", "unnamed",
        "spoke on condition", "some ", "open data", "reports",
    )),
    ("international_org", (
        "united nations", "un ", "u.n.", "unicef", "ocha", "unhcr", "who ", "world health",
        "opcw", "nato", "european union", "eu ", "african union", "ecowas", "icrc",
        "red cross", "red crescent", "security council", "unama", "minusma", "monusco",
        "iaea", "osce", "watchdog", "international criminal court", "icc",
    )),
    ("ngo", (
        "observatory", "human rights watch", "amnesty", "msf", "médecins", "medecins",
        "doctors without borders", "save the children", "oxfam", "airwars", "acled",
        "monitor", "white helmets", "civil defence", "civil defense", "ngo", "charity",
        "rights group", "aid group", "human rights", "network for human rights",
    )),
    ("media", (
        "news agency", "agency", "media", "outlet", "newspaper", "television", " tv",
        "channel", "broadcaster", "sana", "reuters", "afp", "associated press", "tass",
        "ria novosti", "al jazeera", "al-jazeera", "bbc", "cnn", "amaq", "al-masirah",
        "journalist", "correspondent", "reporter", "editor",
    )),
    ("armed_group", (
        "isis", "isil", "islamic state", "daesh", "qaeda", "jnim", "hts", "nusra", "hezbollah",
        "hamas", "houthi", "ansar allah", "shabaab", "boko haram", "taliban", "wagner",
        "rapid support", "rsf", "sdf", "ypg", "pkk", "militia", "militants", "rebels",
        "insurgents", "jihadist", "terrorist group", "armed group", "opposition", "fighters",
        "m23", "arakan army", "people's defence", "tplf", "fano", "separatist",
    )),
    ("military", (
        "army", "military", "armed forces", "troops", "soldiers", "defence ministry",
        "defense ministry", "ministry of defence", "ministry of defense", "pentagon",
        "general staff", "commander", "idf", "air force", "aerospace forces", "navy",
        "coalition", "junta", "police", "security forces", "gendarmerie",
    )),
    ("government", (
        "government", "ministry", "minister", "president", "prime minister", "kremlin",
        "white house", "state department", "secretary of state", "spokesman", "spokesperson",
        "governor", "mayor", "official", "authorities", "parliament", "embassy", "mission",
        "foreign office", "cabinet", "administration", "ankara", "moscow", "washington",
        "damascus", "tehran", "kyiv", "kiev", "beijing", "health ministry", "council",
    )),
)

# Verbs or phrases the outlet uses to mark a claim as unproven in the sentences after it.
UNCONFIRMED_MARKERS: tuple[str, ...] = (
    "remain unconfirmed", "remains unconfirmed", "could not be independently verified",
    "could not be verified", "cannot be verified", "could not independently verify",
    "was not possible to verify", "not been independently confirmed", "unverified",
    "no independent confirmation", "has not been confirmed", "have not been confirmed",
    "could not be confirmed",
)

# Words by which the outlet discredits a claimant or a claim.
DISCREDITING_MARKERS: tuple[str, ...] = (
    "so-called", "fake news", "propaganda", "baseless", "false", "falsely", "fabricated",
    "fabrication", "misleading", "disinformation", "lies", "supposed", "overestimating",
    "exaggerat", "not trustworthy", "untrue", "groundless", "hoax", "staged",
)

# Content words that turn an attributed statement into a rejection of another claim.
REJECTION_WORDS: tuple[str, ...] = (
    "misleading", "falsified", "fabricated", "not trustworthy", "untrue", "false",
    "baseless", "groundless", "lies", "propaganda", "unfounded", "denied", "no truth",
    "never happened", "did not", "didn't", "has not", "had not", "was not", "were not",
    "no civilians", "not involved",
)

# Forecasts: an event in such a clause is `expected`, never `occurred`.
FUTURE_MARKERS: tuple[str, ...] = (
    "will ", "will likely", "is expected to", "are expected to", "is likely to",
    "are likely to", "plans to", "plan to", "intends to", "is set to", "are set to",
    "in the coming days", "in the coming weeks", "next week", "threatened to",
    "is preparing to", "are preparing to", "could soon", "may soon",
)

# Event triggers: (regular expression over the lower-cased sentence, ACLED sub-event type).
# Ordered from the most to the least specific; the first match in a clause wins.
EVENT_TRIGGERS: tuple[tuple[str, str], ...] = (
    (r"\bchemical (?:weapons? )?attacks?\b|\bchemical weapons?\b|\bsarin\b|\bchlorine (?:gas|attack)", "Chemical weapon"),
    (r"\bsuicide (?:bomb\w*|attack\w*|car bomb\w*|vest)|\bblew (?:himself|herself|themselves) up", "Suicide bomb"),
    (r"\b(?:air ?strikes?|air[- ]raids?|drone (?:strikes?|attacks?)|bombing raids?|warplanes?|fighter jets?|helicopter gunships?|struck from the air|aerial bombardment|airstrikes?)\b", "Air/drone strike"),
    (r"\b(?:shell(?:ing|ed|s)?|artillery|mortars?|rockets?|missiles?|grad|howitzers?|mlrs|barrage|bombardment|ballistic)\b", "Shelling/artillery/missile attack"),
    (r"\b(?:ied|improvised explosive|roadside bomb|landmines?|land mines?|car bomb|explosive device|booby[- ]trap\w*|mine explosion)\b", "Remote explosive/landmine/IED"),
    (r"\bgrenades?\b", "Grenade"),
    (r"\b(?:raped|rape|sexual violence|sexually assaulted)\b", "Sexual violence"),
    (r"\b(?:abduct\w*|kidnap\w*|taken hostage|forcibly disappeared)\b", "Abduction/forced disappearance"),
    (r"\b(?:tear gas|water cannon|dispersed (?:the )?(?:protest|demonstrat|crowd)\w*|broke up (?:the )?(?:protest|rally))", "Protest with intervention"),
    (r"\b(?:opened fire on (?:the )?(?:protesters|demonstrators)|shot (?:dead )?(?:protesters|demonstrators))", "Excessive force against protesters"),
    (r"\b(?:riot\w*|violent (?:protest|demonstration)s?|set fire to|torched|stormed)\b", "Violent demonstration"),
    (r"\b(?:mob|lynch\w*|vigilantes?)\b", "Mob violence"),
    (r"\b(?:protest\w*|demonstrations?|demonstrators|rall(?:y|ies|ied)|march(?:ed)? (?:through|to|in)|sit-in|strike action)\b", "Peaceful protest"),
    (r"\b(?:ceasefire (?:agreement|deal)|truce|peace (?:deal|agreement|accord)|signed an? \w* ?agreement|prisoner (?:exchange|swap)|agreed to (?:a|an) )", "Agreement"),
    (r"\b(?:arrest\w*|detain\w*|detention|rounded up|apprehended|taken into custody)\b", "Arrests"),
    (r"\b(?:loot\w*|plunder\w*|pillag\w*|burn(?:ed|t) (?:down )?(?:homes|houses|villages?|shops|markets?)|razed|demolish\w*)\b", "Looting/property destruction"),
    (r"\b(?:intercept\w*|shot down|defus\w*|thwart\w*|foiled|dismantled (?:an? )?(?:ied|bomb))\b", "Disrupted weapons use"),
    (r"\b(?:establish\w*|set up|built|deployed|opened) (?:a |an |the |three |two |several |new |\w+ )*(?:observation )?(?:posts?|bases?|headquarters|outposts?|checkpoints?|positions?)\b", "Headquarters or base established"),
    (r"\b(?:recaptured|retook|regained control|liberated|restored control)\b", "Government regains territory"),
    (r"\b(?:captured|seized|took control|overran|overrun|fell to|stormed and took)\b", "Non-state actor overtakes territory"),
    (r"\b(?:withdr[ae]w\w*|handed over|pulled out of|evacuated (?:their|its) positions)\b", "Non-violent transfer of territory"),
    (r"\b(?:massacre\w*|execut(?:ed|ion)s?|gunmen|killed (?:\w+ )?civilians|attacked (?:the )?(?:village|civilians|residents|farmers|worshippers)|raid(?:ed)? (?:on )?(?:the )?village)\b", "Attack"),
    (r"\b(?:clash\w*|fight(?:ing|s)?|battle[sd]?|firefights?|gunfights?|ambush\w*|offensive|counter-?offensive|skirmish\w*|attacks? (?:on|against)|attacked|assault\w*|exchange of fire|security operation|military operation|operation against|anti-\w+ operation)\b", "Armed clash"),
)

# Actor kinds in ACLED's sense (the `inter` codes), tested in order on the lower-cased actor.
ACTOR_KIND_KEYWORDS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("protesters", ("protesters", "demonstrators", "marchers", "students")),
    ("rioters", ("rioters", "mob", "youths")),
    ("civilians", (
        "civilians", "villagers", "residents", "farmers", "herders", "children", "women",
        "worshippers", "displaced", "refugees", "journalists", "aid workers", "patients",
        "family", "families", "people", "passengers", "pilgrims",
    )),
    ("external_forces", ("united nations", "peacekeepers", "minusma", "monusco", "unifil")),
    ("rebel_group", (
        "isis", "isil", "islamic state", "daesh", "qaeda", "jnim", "hts", "nusra", "shabaab",
        "boko haram", "iswap", "taliban", "houthi", "ansar allah", "rebels", "insurgents",
        "jihadist", "terrorist", "militants", "cells", "m23", "arakan army", "tplf", "fano",
        "hamas", "islamic jihad", "hezbollah", "opposition", "separatists", "pdf",
        "people's defence", "kachin", "ethnic armed",
    )),
    ("political_militia", ("militia", "militias", "wagner", "rapid support", "rsf", "janjaweed",
                           "pro-government", "gunmen", "armed men", "vigilante")),
    ("state_forces", (
        "army", "military", "armed forces", "troops", "soldiers", "forces", "police",
        "gendarmerie", "air force", "aerospace", "navy", "marines", "coalition", "junta",
        "government", "idf", "security", "regime", "ministry", "national guard",
    )),
)

"""Word lists the claim and event rules read: cues, source kinds, event triggers, framing,
and how a list of keywords is matched (`keyword_pattern`)."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Literal


def keyword_pattern(
    words: Iterable[str], *, ending: Literal["plural", "word", "stem"] = "plural"
) -> re.Pattern[str]:
    """A pattern for any of `words` starting a word, so that "isis" is not found in
    "crisis" nor "lies" in "allies". It must end the word too ("word"), may take a plural
    "s"/"es" first ("plural": "militia" finds "militias", "media" not "mediators"), or may
    go on ("stem": "exaggerat" finds "exaggerated"). Trailing spaces in a keyword count."""
    tail = {"plural": r"(?:s|es)?(?!\w)", "word": r"(?!\w)", "stem": ""}[ending]
    alternatives = "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))
    return re.compile(rf"(?<!\w)(?:{alternatives}){tail}")

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
# Acronyms among them whose lower-case spelling is a common word: matched only as written.
CASE_SENSITIVE_GROUPS = frozenset({"IS", "PDF"})

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

# Source kinds, tested in order against the lower-cased source phrase; first hit wins. A
# keyword matches whole words, a plural "s" or "es" allowed ("militia" is in "militias",
# "media" is not in "mediators"). Acronyms that are also English words are matched with
# their capitals instead (SOURCE_KIND_ACRONYMS): "WHO said", but "survivors who fled".
SOURCE_KIND_KEYWORDS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("anonymous", (
        "sources", "source close", "activists", "witnesses", "eyewitnesses", "survivors",
        "residents", "villagers", "locals",
        "supporters", "observers", "officials who", "an official who", "unnamed",
        "spoke on condition", "asked not to be named", "declined to be named",
        "requested anonymity", "not authorised to speak", "not authorized to speak", "some",
        "open data", "reports",
    )),
    ("international_org", (
        "united nations", "un", "u.n.", "unicef", "ocha", "unhcr", "world health",
        "opcw", "nato", "european union", "eu", "african union", "ecowas", "icrc",
        "red cross", "red crescent", "security council", "unama", "minusma", "monusco",
        "iaea", "osce", "watchdog", "international criminal court", "icc",
    )),
    ("ngo", (
        "observatory", "human rights watch", "amnesty", "msf", "médecins", "medecins",
        "doctors without borders", "save the children", "oxfam", "airwars", "acled",
        "monitor", "white helmets", "civil defence", "civil defense", "ngo", "charity",
        "rights group", "aid group", "human rights", "network for human rights", "relief",
    )),
    ("media", (
        "news agency", "agency", "agencies", "media", "outlet", "newspaper", "television", "tv",
        "channel", "broadcaster", "sana", "reuters", "afp", "associated press", "tass",
        "ria novosti", "al jazeera", "al-jazeera", "bbc", "cnn", "amaq", "al-masirah",
        "journalist", "correspondent", "reporter", "editor",
    )),
    ("armed_group", (
        "isis", "isil", "islamic state", "daesh", "qaeda", "jnim", "hts", "nusra", "hezbollah",
        "hamas", "houthi", "ansar allah", "shabaab", "boko haram", "taliban", "wagner",
        "rapid support", "rsf", "sdf", "ypg", "pkk", "militia", "militiamen", "militants", "rebels",
        "insurgents", "jihadist", "terrorist group", "armed group", "opposition", "fighters",
        "m23", "arakan army", "people's defence", "tplf", "fano", "separatist",
        "islamic jihad",
    )),
    ("military", (
        "army", "military", "armed forces", "troops", "soldiers", "defence ministry",
        "defense ministry", "ministry of defence", "ministry of defense", "pentagon",
        "general staff", "commander", "idf", "air force", "aerospace forces", "navy",
        "coalition", "junta", "police", "policemen", "policeman", "policewoman",
        "security forces", "gendarmerie",
    )),
    ("government", (
        "government", "ministry", "minister", "president", "prime minister", "kremlin",
        "white house", "state department", "secretary of state", "spokesman", "spokesmen",
        "spokesperson", "spokeswoman", "ministries",
        "governor", "mayor", "official", "authorities", "parliament", "embassy", "mission",
        "foreign office", "cabinet", "administration", "ankara", "moscow", "washington",
        "damascus", "tehran", "kyiv", "kiev", "beijing", "health ministry", "council",
    )),
)

SOURCE_KIND_ACRONYMS: dict[str, tuple[str, ...]] = {"international_org": ("WHO",)}

# Verbs or phrases the outlet uses to mark a claim as unproven in the sentences after it.
UNCONFIRMED_MARKERS: tuple[str, ...] = (
    "remain unconfirmed", "remains unconfirmed", "could not be independently verified",
    "could not be verified", "cannot be verified", "could not independently verify",
    "was not possible to verify", "not been independently confirmed", "unverified",
    "no independent confirmation", "has not been confirmed", "have not been confirmed",
    "could not be confirmed", "unconfirmed report", "unverified report",
    "could not be independently confirmed", "cannot be independently confirmed",
    "cannot be independently verified", "could not immediately be verified",
    "could not be immediately verified", "could not independently confirm",
    "neither account could be", "neither claim could be", "none of the claims could be",
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

# Negated phrases that hold a rejection word but reject nothing ("he was not authorised to
# speak"): masked before the rejection words are looked for.
NOT_REJECTIONS: tuple[str, ...] = (
    "not authorised to", "not authorized to", "not allowed to", "not permitted to",
    "not cleared to",
)

# How a source's anonymity is described ("who asked not to be named", "who spoke on
# condition of anonymity"): an attribution whose content opens with one is part of the
# source's description, not a claim.
ANONYMITY_FORMULAS: tuple[str, ...] = (
    "not to be named", "not to be identified", "not to be quoted", "to not be named",
    "to not be identified", "to be named", "to be identified", "to remain anonymous",
    "to remain unnamed", "anonymity", "on condition of anonymity",
    "on the condition of anonymity", "on condition that", "on the condition that",
    "not authorised to", "not authorized to", "anonymously",
)

# Perception and experience verbs (by lemma): "2023 saw a rise", "the region has witnessed
# clashes". With a place or period as subject they report no one's account.
EXPERIENCE_VERBS: frozenset[str] = frozenset({
    "see", "witness", "experience", "suffer", "undergo", "endure",
})

# Head nouns of a subject that is a place or a period, not someone who can speak.
PLACE_OR_PERIOD_NOUNS: frozenset[str] = frozenset({
    "region", "regions", "area", "areas", "country", "countries", "city", "cities", "town",
    "towns", "village", "villages", "province", "provinces", "district", "districts", "state",
    "territory", "border", "borderlands", "front", "frontline", "zone", "corridor", "valley",
    "basin", "coast", "north", "south", "east", "west", "centre", "center", "capital",
    "year", "years", "month", "months", "week", "weeks", "weekend", "day", "days", "decade",
    "period", "past", "summer", "winter", "spring", "autumn", "season", "century",
})

# Background: a sentence giving a conflict's running totals ("has killed tens of thousands
# since 2015") is context, not a figure for the event before it.
BACKGROUND_MARKERS: tuple[str, ...] = (
    r"\bsince (?:the )?(?:(?:start|beginning|outbreak) of|war|conflict|uprising|\w+ (?:19|20)\d\d|"
    r"(?:19|20)\d\d|(?:january|february|march|april|may|june|july|august|september|october|"
    r"november|december))",
    # A count since a weekday runs over days: "Since Friday, the ministry has reported a total
    # of 31 killed" is the offensive's tally, not the last strike's.
    r"\bsince (?:last )?(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b",
    r"\b(?:so far this year|to date|in total|over the (?:past|last) (?:\w+ )?(?:years|decades?))\b",
    r"\b(?:has|have) (?:so far )?killed (?:more than |over |at least |some )?(?:tens of |hundreds "
    r"of )?(?:thousands|hundreds of thousands|millions)\b",
    # A span of years is a tally, not an incident: "in the past few years", "during 10 years of
    # civil war", "a decade-long war", "in recent years" (not "for a decade": "brothers who had
    # lived in the United States for a decade" carried the bombs).
    r"\b(?:in|over|during|for|within) the (?:past|last) (?:few |several |\w+ )?"
    r"(?:years|decades?)\b",
    r"\b(?:in recent years|decades?[- ]long)\b",
    r"\b(?:\w+|\d+)[- ]years?(?:[- ]long|[- ]old)? (?:of )?(?:civil |internal |armed )?"
    r"(?:war|conflict|struggle|insurgency)\b",
    # The toll of a war, whether its clause is relative or not: "a civil war in which more than
    # 70,000 people have died", "an internal war that has left over 70,000 dead", "the armed
    # struggle ... that has already claimed the lives of 17,700".
    r"\b(?:war|conflict|struggle|insurgency)\b[^.;]{0,100}?\b(?:has|have) (?:already |so far )?"
    r"(?:left|claimed|cost|caused|killed|died|been killed)\b",
)
# Violence told as going on, repeated or habitual is context, not one incident on the news day:
# "attacks on convoys ... have continued", "convoys have been attacked repeatedly", "gunmen
# continue to raid villages", "for months", "in recent weeks", "a wave of killings". The
# simple past "fighting continued" is left out: it carries on an incident ("into the night"),
# and so is "a series of explosions/strikes": one salvo is one incident.
ITERATIVE_MARKERS: tuple[str, ...] = (
    r"\b(?:has|have|had) (?:also |still |nonetheless |nevertheless )?(?:continued|persisted|"
    r"been continuing|been going on)\b",
    # Not a forecast ("troops will likely continue developing their operation"): that is an
    # expected event (FUTURE_MARKERS), not a summary of past ones.
    r"(?<!will )(?<!likely )(?<!to )\b(?:continues?|continuing|keep|keeps) (?:to \w+|\w+ing)\b",
    r"\b(?:repeatedly|regularly|frequently|routinely|constantly|continually|habitually|"
    r"time and again|again and again|(?:almost|nearly|virtually) (?:daily|every day)|"
    r"on a (?:daily|regular|weekly) basis|every (?:day|night|week))\b",
    r"\bfor (?:several |many |some |the past |the last |\w+ )?(?:weeks|months|years)\b",
    r"\b(?:in|over|during) (?:recent|the (?:past|last) (?:few |several |\w+ )?)(?:weeks|months)\b",
    r"\b(?:wave|spate|series|string|succession|campaign|surge|upsurge|rash|cycle) of (?:\w+ ){0,2}"
    r"(?:attacks|killings|bombings|assassinations|ambushes|massacres|abductions|kidnappings|"
    r"violence|murders|shootings)\b",
    # Violence told as a trend ("watched the massacres multiply", "a rise in kidnappings").
    r"\b(?:attacks|killings|bombings|assassinations|ambushes|massacres|abductions|kidnappings|"
    r"violence|murders|shootings|clashes|raids) (?:\w+ )?(?:multipl(?:y|ied|ying)|mount(?:ed|"
    r"ing)?|increas(?:e|ed|es|ing)|gr(?:ow|ew|own|owing)|escalat(?:e|ed|es|ing)|intensif(?:y|"
    r"ied|ies|ying)|ris(?:e|en|ing)|rose)\b",
    r"\b(?:rise|increase|escalation|upsurge|uptick|spike) in (?:\w+ ){0,2}(?:attacks|killings|"
    r"bombings|assassinations|ambushes|massacres|abductions|kidnappings|violence|murders|"
    r"shootings|clashes|raids)\b",
)
# A sentence that dates itself to the news day reports news, whatever tally it adds ("killed
# two people today, the deadliest attack in the past decade").
NEWS_DAY_MARKERS: tuple[str, ...] = (
    r"\b(?:today|yesterday|tonight|this (?:morning|afternoon|evening)|last night|"
    r"(?:on )?(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday))\b",
)

# A trigger under one of these tells what ought to, might or should happen, not what did:
# "we must withdraw", "armed forces willing to fight", "urged the army to withdraw". "will"
# is not here: a forecast is an `expected` event (FUTURE_MARKERS).
IRREALIS_MODALS: frozenset[str] = frozenset({
    "must", "should", "would", "could", "might", "can", "may", "ought", "shall",
})
IRREALIS_GOVERNORS: frozenset[str] = frozenset({
    "urge", "ask", "demand", "appeal", "want", "wish", "hope", "willing", "ready", "able",
    "know", "learn", "need", "refuse",
})
# A fight against one of these is a policy, not a battle: "the fight against drug trafficking".
ABSTRACT_FOES: frozenset[str] = frozenset({
    "terrorism", "terror", "drug", "drugs", "trafficking", "narcotrafficking", "crime",
    "corruption", "impunity", "poverty", "extremism", "radicalism", "radicalization",
    "radicalisation", "inflation", "disease", "hunger", "illiteracy", "disinformation",
    "smuggling", "piracy", "banditry",
})
CAMPAIGN_NOUNS: frozenset[str] = frozenset({"fight", "struggle", "battle", "war", "campaign"})
# Verbs whose subject speaks of, learns of, suffers or stops an event its object names
# ("the foreign ministry condemned the attack", "the army repelled an attack", "police
# investigate the murder"): that subject is no one who carried it out.
REACTION_VERBS: frozenset[str] = frozenset({
    "condemn", "denounce", "repudiate", "deplore", "criticize", "criticise", "lament",
    "mourn", "regret", "protest", "reject", "deny", "report", "confirm", "announce",
    "reveal", "disclose", "describe", "characterize", "characterise", "mention", "recall",
    "say", "declare", "admit", "blame", "accuse", "attribute", "investigate", "probe",
    "receive", "hear", "see", "witness", "survive", "escape", "suffer", "sustain", "resist",
    "repel", "repulse", "counter", "prevent", "thwart", "foil",
})
# Verbs whose object is an account of an event already told ("survivors described an
# assault"), not a new one.
TELLING_VERBS: frozenset[str] = frozenset({
    "describe", "recount", "recall", "narrate", "relate", "retell",
})
# A trigger these name ("the right to protest", "freedom of assembly") is a right, not an act.
ENTITLEMENT_NOUNS: frozenset[str] = frozenset({"right", "freedom", "liberty"})

# Forecasts: an event in such a clause is `expected`, never `occurred`.
FUTURE_MARKERS: tuple[str, ...] = (
    "will ", "will likely", "is expected to", "are expected to", "is likely to",
    "are likely to", "plans to", "plan to", "intends to", "is set to", "are set to",
    "in the coming days", "in the coming weeks", "next week", "threatened to",
    "is preparing to", "are preparing to", "could soon", "may soon",
)

# Event triggers: (regular expression over the lower-cased sentence, ACLED sub-event type).
# Ordered from the most to the least specific; the first pattern that matches wins, then
# TRIGGER_REFINEMENTS may change the sub-type from the rest of the sentence.
_WEAPONS = (r"(?:weapons?|arms|explosives?|ieds?|improvised explosive devices?|mines|landmines|"
            r"grenades?|bombs?|ammunitions?|rounds|missiles?|rockets?|rifles?|pistols?|guns|"
            r"kalashnikovs|devices?|suicide vests?|detonators?|munitions?|drones|uavs)")
_PLACE_NOUNS = (r"(?:village|town|city|area|district|region|province|base|airport|hill|"
                r"positions?|territory|neighbou?rhood|border (?:point|crossing)|checkpoint|"
                r"crossing|road|highway|port|island|camp|outpost|[a-z]+ (?:village|town|city))")
EVENT_TRIGGERS: tuple[tuple[str, str], ...] = (
    (r"\bchemical (?:weapons? )?attacks?\b|\bchemical weapons?\b|\bsarin\b|\bchlorine\b|"
     r"\b(?:poison(?:ous)?|toxic|nerve|mustard) (?:gas(?:es)?|agents?)\b|\bsulfur mustard\b|"
     r"\bsuffocation\b", "Chemical weapon"),
    (r"\b(?:air ?strikes?|air[- ]raids?|drone (?:strikes?|attacks?)|bombing raids?|warplanes?|"
     r"fighter jets?|jets|helicopter gunships?|struck from the air|aerial bombardments?|"
     r"air missiles|aircraft (?:bombed|struck|hit|targeted)|"
     # "Russian drones struck a residential area", "a Ukrainian drone hit an oil depot"
     r"drones? (?:\w+ )?(?:struck|hit|attacked|targeted|bombed|slammed into|crashed into)|"
     # "an Israeli strike on a residential building" (not "a strike on Monday")
     r"strikes? (?:on|against|targeting) (?:a|an|the|two|three|several)\b"
     r"(?! (?:day|week|\w+day))|"
     # "the U.S. carried out strikes on Houthi targets": strikes at military targets
     r"(?:carried out|conducted|launched) (?:\w+ ){0,2}?strikes\b|"
     r"strikes? on (?:\w+[ -]){0,2}?(?:targets|positions)\b|"
     # "strikes near Baalbek killed four people": no labour strike kills
     r"(?<!hunger )strikes? (?:\w+ ){0,4}?(?:killed|wounded|injured)(?! in))\b",
     "Air/drone strike"),
    (r"\b(?:seiz\w+|discover\w*|found|recover\w*|confiscat\w*|defus\w*|dismantl\w*|"
     r"destroy\w*|intercept\w*|shot down|neutrali[sz]ed|thwart\w*|foil\w*|uncover\w*|"
     r"cache of|identified)\b(?:\W+\w+){0,6}?\W+" + _WEAPONS + r"\b|\b" + _WEAPONS
     + r"\b(?:\W+\w+){0,8}?\W+(?:were|was|have been|had been) (?:seized|discovered|found|"
     r"recovered|confiscated|defused|intercepted|shot down|dismantled|destroyed)\b|"
     r"\bair defen[cs]es? (?:intercepted|shot down|repelled)", "Disrupted weapons use"),
    (r"\bsuicide (?:bomb\w*|attack\w*|car bomb\w*|vest)|\bblew (?:himself|herself|themselves) up",
     "Suicide bomb"),
    (r"\bgrenades?\b", "Grenade"),
    (r"\b(?:ieds?|improvised explosive|roadside bomb|landmines?|land mines?|car bomb|"
     r"explosive device|booby[- ]trap\w*|mine explosion|bomb (?:blast|explosion|attack)s?|"
     # "a dynamite attack", "the car-bomb attack": the weapon names the attack's kind
     r"(?:dynamite|car[- ]bomb|explosives?|tnt) attacks?|"
     r"explosions?|blasts?|detonat\w+|went off|blew up|exploded|an? mine)\b",
     "Remote explosive/landmine/IED"),
    (r"\b(?:shell(?:ing|ed|s)?|artillery|mortars?|rockets?|missiles?|grad|howitzers?|mlrs|"
     r"barrage|bombardment|ballistic|tank (?:fire|attack))\b", "Shelling/artillery/missile attack"),
    (r"\b(?:raped|rape|sexual (?:violence|assault)|sexually (?:assaulted|abused)|abused "
     r"(?:\w+ )?(?:women|girls|children))\b",
     "Sexual violence"),
    (r"\b(?:abduct\w*|kidnap\w*|taken hostage|forcibly disappeared|hostages?)\b",
     "Abduction/forced disappearance"),
    (r"\b(?:mobs?|lynch\w*|vigilantes?|looters)\b", "Mob violence"),
    # "riot police", "anti-riot units" are a force, not a riot.
    (r"\b(?:(?<!anti-)(?<!anti )riot\w*\b(?!\s+(?:police|gear|squads?|control|units?|"
     r"officers?|troops|shields?|act)\b)|violent (?:protest|demonstration)s?\b)",
     "Violent demonstration"),
    # Tear gas fired to disperse someone: a crowd, even where the report names none.
    (r"\b(?:protest\w*|demonstrations?|demonstrators?|rall(?:y|ies|ied)|"
     r"march(?:ed)? (?:\w+ly )?(?:through|to|in)|sit-in|strike action|took to the streets)\b|"
     r"\b(?:tear ?gas|rubber bullets|water cannons?)\b(?:\W+\w+){0,8}?\W+to dispers\w+|"
     r"\bdispers\w+ (?:\w+ ){0,4}?with (?:tear ?gas|water cannons?|rubber bullets|batons)\b",
     "Peaceful protest"),
    (r"\b(?:cease-?fire (?:agreement|deal|accord|pact|is set to|took effect|takes effect|came "
     r"into (?:force|effect))|(?:agreed|signed|announced|reached|brokered|declared) (?:a |an |"
     r"the )?(?:\w+ )?(?:cease-?fire|truce)|peace (?:deal|agreement|accord|talks)|"
     r"(?:signed|reached|agreed) "
     r"(?:an? |the )?(?:\w+ )?(?:agreement|deal|accord)|prisoner (?:exchange|swap)|"
     r"in exchange for|surrender\w*|the deal|exchanged (?:\w+ )?prisoners)\b", "Agreement"),
    (r"\b(?:arrest\w*|detain\w*|detention|rounded up|apprehended|taken into custody)\b",
     "Arrests"),
    (r"\b(?:loot\w*|plunder\w*|pillag\w*|vandali[sz]\w*|burn(?:ed|t) (?:down )?(?:homes|houses|"
     r"villages?|shops|markets?|buildings?|vehicles)|razed|demolish\w*|attacks? on propert\w+|"
     r"set (?:fire to|ablaze)|torched|destruction of (?:\w+ )?propert\w+|(?:shops|homes|houses|"
     r"buildings|vehicles|cars|stores) (?:have been |had been |were )?(?:burned|torched|"
     r"destroyed|looted|vandali[sz]ed))\b", "Looting/property destruction"),
    # "opened fire on a checkpoint" is an attack on it, not a checkpoint opened.
    (r"\b(?:establish\w*|set up|built|opened(?! fire)|constructed|created) "
     r"(?:a |an |the |three |two |"
     r"several |new |number of |\w+ )*(?:observation )?(?:posts?|bases?|headquarters|outposts?|"
     r"checkpoints?|camps?|barracks)\b|\b(?:posts?|bases?|headquarters|camps?) "
     r"(?:have|has|had)? ?(?:been )?"
     r"(?:established|set up)\b", "Headquarters or base established"),
    (r"\b(?:withdr[ae]w\w*|handed over|hand-?over|pulled out|evacuated (?:their|its) "
     r"positions)\b", "Non-violent transfer of territory"),
    (r"\b(?:recaptur\w+|retook|retaken|regain\w* (?:control|territory)|liberat(?:e[ds]?|ing)|"
     # "national liberation front": a group's name (lower-cased text has no capitals to tell).
     r"(?<!national )liberation(?! (?:front|army|movement|forces|organi[sz]ation|party|tigers|"
     r"council))|"
     # "pushed back the attack" repels an attack: the fight, not ground regained.
     r"restored control|pushed back(?! (?:the |an |their |a )?(?:\w+ )?(?:attacks?|assaults?|"
     r"offensives?|incursions?|raids?))|drove out|expelled)\b", "Government regains territory"),
    (r"\b(?:captur\w+|seiz\w+|took|taken|takes|gained|overr[au]n|fell to|in control of|"
     r"controlling)(?: full| complete| the)?(?: control of)? (?:the |a |an |over )?"
     r"(?:\w+[- ])?(?:\w+ )?" + _PLACE_NOUNS + r"\b|\bseiz\w+ control|\btook control|"
     r"\btaken control|\bfell to\b", "Non-state actor overtakes territory"),
    (r"\b(?:deploy\w*|dispatch\w*|reinforc\w+|mobili[sz]\w+|were formed|was formed|"
     r"recruit\w*|fortif\w+|merg\w+|new (?:unit|brigade|battalion|group)|troop movements?|"
     r"redeploy\w*|sent (?:troops|reinforcements|forces)|defect\w*|pull(?:ed)? back)\b",
     "Change to group/activity"),
    (r"\b(?:massacre\w*|execut(?:ed|ion)s?|gunmen|killed (?:\w+ )?civilians|attacked (?:the )?"
     r"(?:village|civilians|residents|farmers|worshippers|passengers)|raid(?:ed)? (?:on )?"
     r"(?:the )?village|shot dead|stabbed|hacked to death|beheaded|assassinat\w*|murdered|"
     # "the base and cowardly murder of", "the brutal murders of"
     r"murders? of|shot (?:\w+ )?to death|gunned down|shot and killed|slain|slaying|assassins|"
     r"hit ?men)\b",
     "Attack"),
    # "fought" as "battled": the past of a fight is one ("the rebels fought the army").
    (r"\b(?:clash\w*|fight(?:ing|s)?|battle[sd]?|firefights?|gunfights?|gun battle|ambush\w*|"
     r"fought|"
     r"offensive|counter-?offensive|counter[- ]attack\w*|skirmish\w*|attacks? (?:on|against)|"
     # "a guerrilla attack": one attack its makers' kind names (not "previous terrorist
     # attacks", "the threat of a terrorist attack")
     r"(?<!previous )(?<!past )(?<!earlier )(?<!possible )(?<!potential )(?<!future )"
     r"(?<!of a )(?:terrorist|guerrilla|rebel|insurgent|militant|jihadist|armed) attack\b(?!s)|"
     # "in an attack that occurred near San Salvador", "gunmen carried out an attack"
     r"attacks? (?:that |which )?(?:occurred|took place|happened)|"
     r"(?:carried out|staged|mounted|perpetrated) (?:an? |the |another |two |several )?"
     r"(?:\w+ )?attacks?|"
     # "the army repelled an attack by militants": the fight ("repels terrorist attack")
     r"(?:repel\w*|repuls\w*) (?:\w+ ){0,3}?(?:attacks?|assaults?|incursions?|raids?)|"
     r"attacked|assault\w*|exchange of fire|exchanged fire|security operation|military "
     r"operation|operation against|anti-\w+ operation|killed in (?:an? )?(?:attack|fighting)|"
     r"fire exchange|engaged (?:\w+ )?(?:in|with)|inflicted (?:\w+ )?(?:losses|casualties)|"
     r"killed and wounded (?:\w+ )*(?:terrorists|militants|fighters|soldiers|rebels))\b",
     "Armed clash"),
)

# Context that changes or cancels a trigger's sub-type: (sub-type found, regular expression
# over the lower-cased sentence, sub-type it becomes or None to drop the trigger).
TRIGGER_REFINEMENTS: tuple[tuple[str, str, str | None], ...] = (
    ("Peaceful protest", r"\b(?:live (?:bullets|ammunition|fire)|killing (?:\w+ )?(?:protesters?|"
     r"demonstrators?)|(?:protesters?|demonstrators?) (?:were )?(?:killed|shot)|shot (?:dead )?"
     r"(?:protesters?|demonstrators?)|opened fire on|beat(?:en|ing)? (?:\w+ )?(?:protesters?|"
     r"demonstrators?)|baton|brutally|attacked (?:\w+ )*(?:protest|demonstration)|(?:were|was) "
     r"killed|die[ds]? in (?:\w+ )?(?:protest|crackdown)|"
     # injuries the force itself caused: "injured as security forces fired rubber bullets"
     r"(?:injured|wounded)\b(?:\W+\w+){0,8}?\W+as (?:\w+ ){0,2}(?:police|security forces|"
     r"troops|soldiers) fired|fired (?:\w+ ){0,6}?(?:injuring|wounding))",
     "Excessive force against protesters"),
    ("Peaceful protest", r"\b(?:threw|throwing|hurled|pelted) (?:\w+ )*(?:stones|rocks|"
     r"petrol bombs|molotov|projectiles|bottles|fire)|\bturned violent|\bviolen(?:t|ce)\b|"
     r"\b(?:torched|set (?:fire|ablaze)|vandali[sz]\w*|looted|burn(?:ed|ing|t)|clash\w* with "
     r"(?:police|security)|clashes (?:have )?broken out|shut down roads|blocked (?:roads|"
     r"highways)|barricades?|rioters?)", "Violent demonstration"),
    ("Peaceful protest", r"\b(?:tear ?gas|water cannons?|rubber bullets|pepper spray|"
     # "halted" only with the protest as its object: "protesters halted traffic" is no
     # intervention.
     r"dispers\w+|broke up|crackdown|cracked down|suppress\w*|halted (?:the |a |their )?"
     r"(?:protest|march|demonstration|rally|sit-in)|(?:protest|march|demonstration|rally) "
     r"was halted|detain\w* (?:\w+ )*"
     r"(?:protesters|demonstrators|activists)|(?:protesters|demonstrators) (?:were )?"
     r"(?:detained|arrested))",
     "Protest with intervention"),
    ("Non-state actor overtakes territory", r"^(?:.{0,80}?)\b(?:government|army|military|"
     r"troops|soldiers|armed forces|security forces|national guard|regime)\b(?:\w|\W){0,60}?"
     r"\b(?:seiz|captur|took|taken|gain|controll)", "Government regains territory"),
    ("Government regains territory", r"\b(?:militants?|rebels?|jihadists?|insurgents?|"
     r"islamic state|isis|isil|al-?shabaa?b|taliban|terrorists?|militia)\b(?:\w|\W){0,40}?"
     r"\b(?:recaptur|retook|retaken|regain)", "Non-state actor overtakes territory"),
    ("Grenade", r"\b(?:smoke|stun|tear ?gas|flash) grenades?|dispers\w+", None),
    ("Shelling/artillery/missile attack", r"\b(?:sanctions?|programs?|programmes?|tests?|tested|"
     r"test-fired|development|arsenal|purchase|deliver\w*|supply|supplied)\b", None),
)

# Actor kinds in ACLED's sense (the `inter` codes), tested in order on the lower-cased actor.
ACTOR_KIND_KEYWORDS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("protesters", ("protesters", "demonstrators", "marchers", "students")),
    ("rioters", ("rioters", "mob", "youths")),
    ("civilians", (
        "civilians", "villagers", "residents", "farmers", "herders", "children", "women",
        "worshippers", "displaced", "refugees", "journalists", "aid workers", "patients",
        "family", "families", "people", "passengers", "pilgrims",
        # One person is coded as many are ("a journalist was shot").
        "civilian", "villager", "resident", "farmer", "herder", "child", "woman",
        "worshipper", "refugee", "journalist", "aid worker", "patient", "passenger", "pilgrim",
    )),
    ("external_forces", ("united nations", "peacekeepers", "minusma", "monusco", "unifil")),
    ("rebel_group", (
        "isis", "isil", "islamic state", "daesh", "qaeda", "jnim", "hts", "nusra", "shabaab",
        "boko haram", "iswap", "taliban", "houthi", "ansar allah", "rebels", "insurgents",
        "jihadist", "terrorist", "militants", "militant", "rebel", "insurgent", "cells", "m23",
        "arakan army", "tplf", "fano",
        "hamas", "islamic jihad", "hezbollah", "opposition", "separatists", "pdf",
        "kachin", "ethnic armed",
        # A guerrilla fights for a cause against a state: a rebel ("FMLN guerrillas").
        "guerrilla", "guerilla",
    )),
    # Unnamed attackers are coded as ACLED codes an unidentified armed group: a militia.
    ("political_militia", ("militia", "militiamen", "wagner", "rapid support", "rsf", "janjaweed",
                           "pro-government", "gunmen", "gunman", "armed men", "vigilante",
                           "attacker", "assailant", "bomber", "kidnapper", "abductor")),
    ("state_forces", (
        "army", "military", "armed forces", "troops", "soldiers", "soldier", "forces", "police",
        "policemen", "policeman", "trooper",
        "gendarmerie", "air force", "aerospace", "navy", "marines", "coalition", "junta",
        "regiment", "battalion", "brigade", "paratroopers",
        "government", "idf", "security", "regime", "ministry", "national guard",
    )),
)

# Weapons and military platforms that, named for a country ("Russian missiles", "Israeli
# warplanes", "Turkish drones"), stand for its state forces: ACLED codes such an attack to
# "Military Forces of <country>". Not alone (a "drone" may be anyone's), nor "bomber" or
# "fighter" (a suicide bomber, a group's fighters).
STATE_WEAPON_WORDS: tuple[str, ...] = (
    "missile", "rocket", "drone", "warplane", "jet", "aircraft", "helicopter", "gunship",
    "tank", "artillery", "shell", "shelling", "airstrike", "air strike", "warship", "gunboat",
    # "An Israeli strike on a school", "a Russian raid": the deed of the country's forces.
    "strike", "raid", "bombardment",
)
# Countries whose missiles, rockets and drones in the news are mostly an armed group's
# (Gaza's factions, Hezbollah, the Houthis), so their demonym names no state force.
NON_STATE_WEAPON_DEMONYMS: frozenset[str] = frozenset({"palestinian", "lebanese", "yemeni"})

# Casualty words the quantities layer can miss: a verb right before a person count, across
# quotation marks (killed "dozens of terrorists"), mapped to the casualty unit it gives.
CASUALTY_VERBS_BEFORE: dict[str, str] = {
    "killed": "killed", "killing": "killed", "kill": "killed", "kills": "killed",
    "neutralised": "killed", "neutralized": "killed", "neutralising": "killed",
    "neutralizing": "killed", "eliminated": "killed", "eliminating": "killed",
    "massacred": "killed", "executed": "killed", "slaughtered": "killed",
    "shot dead": "killed", "gunned down": "killed",
    "wounded": "injured", "wounding": "injured", "injured": "injured", "injuring": "injured",
}
# ...or a predicate after it ("seven civilians ... were among the dead").
CASUALTY_PREDICATES_AFTER: dict[str, str] = {
    "among the dead": "killed", "among the killed": "killed", "among those killed": "killed",
    "among the victims": "killed", "among the wounded": "injured",
    "among the injured": "injured", "killed": "killed", "dead": "killed",
    "wounded": "injured", "injured": "injured",
}
# Verbs whose object (or passive subject) is the place attacked or taken: 'missiles struck
# Kyiv', 'Aleppo was shelled' say where it happened as much as 'in Kyiv' does.
STRIKE_VERBS: frozenset[str] = frozenset({
    "strike", "hit", "shell", "bomb", "bombard", "pound", "attack", "raid", "storm", "target",
    "besiege", "invade", "overrun", "capture", "seize", "recapture", "retake", "occupy",
    "airstrike", "rocket", "blockade", "encircle", "liberate",
})
# What an armed group is called once named ("the group said", "the militia claimed"): the
# group named before is the actor.
GROUP_NOUNS: frozenset[str] = frozenset({"group", "militia", "movement"})
# Generic heads that name an organisation's members ("its fighters"): the organisation
# an earlier sentence named is the actor.
MEMBER_NOUNS: frozenset[str] = frozenset({
    "fighters", "forces", "troops", "men", "militants", "members", "soldiers", "units",
    "gunmen", "combatants", "militiamen",
})

"""Counted amounts in news text: the number, its qualifier, and what it counts.

`find_quantities` reports one `Quantity` per amount. Its span covers the amount phrase
only: the qualifier, the number (digits, words, or a vague word such as "dozens"), a range's
second number, and a %/currency marker or an "or more" tail; never the counted noun or the
verb. What is counted comes from the clause around it:

  * `unit` from, in this order: an event verb after the noun phrase ("... were killed or
    injured"), the head noun itself ("29 attacks", "12 deaths"), an active verb or a toll
    before the amount ("killing 12", "the death toll rose to 31"), a person noun ("people");
  * `subject` is the noun phrase after the amount ("government fighters"), unless that
    phrase only names the event ("deaths", "casualties").

Vague amounts follow ACLED's published convention for fatalities: "tens" 10, "dozens" 12,
"hundreds" 100 (and so on); "several", "a few" and "a handful" are coded 3, the brief's
conservative reading. Their `low` is that figure, `high` is open.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from claimscope.document import Quantity

# --- word tables -------------------------------------------------------------------------

UNITS: dict[str, int] = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9,
}  # fmt: skip
TEENS: dict[str, int] = {
    "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15,
    "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19,
}  # fmt: skip
TENS: dict[str, int] = {
    "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
    "eighty": 80, "ninety": 90,
}  # fmt: skip
SCALES: dict[str, int] = {
    "hundred": 100, "thousand": 1_000, "million": 1_000_000, "billion": 1_000_000_000,
    "mln": 1_000_000, "bn": 1_000_000_000,
}  # fmt: skip

# Vague amounts and the figure coded for each (ACLED: tens 10, dozens 12, hundreds 100).
VAGUE: dict[str, int] = {
    "tens of thousands": 10_000, "hundreds of thousands": 100_000, "dozens": 12,
    "scores": 20, "tens": 10, "hundreds": 100, "thousands": 1_000, "a dozen": 12,
    "several": 3, "a few": 3, "a handful": 3, "a couple": 2,
}  # fmt: skip
# "several hundred" = 3 x 100: the vague word multiplies the scale that follows it.
VAGUE_MULTIPLIERS: dict[str, int] = {"several": 3, "a few": 3, "a couple of": 2}

# Qualifier phrases -> qualifier name. "nearly"-type words are "about" with a ceiling.
QUALIFIERS: dict[str, str] = {
    "more than": "over", "over": "over", "above": "over", "in excess of": "over",
    "upwards of": "over", "upward of": "over", "well over": "over",
    "at least": "at_least", "no fewer than": "at_least", "no less than": "at_least",
    "not less than": "at_least", "a minimum of": "at_least",
    "up to": "up_to", "as many as": "up_to", "a maximum of": "up_to", "at most": "up_to",
    "no more than": "up_to", "not more than": "up_to",
    "about": "about", "around": "about", "approximately": "about", "roughly": "about",
    "some": "about", "an estimated": "about", "estimated": "about", "circa": "about",
    "nearly": "nearly", "almost": "nearly", "close to": "nearly", "just under": "nearly",
    "fewer than": "under", "less than": "under", "under": "under", "below": "under",
    "a total of": "exact", "exactly": "exact", "precisely": "exact", "a further": "exact",
    "another": "exact",
}  # fmt: skip
SUFFIX_QUALIFIERS: dict[str, str] = {"or more": "at_least", "or so": "about", "+": "at_least"}

# Event words after the noun phrase (or on their own: "5 killed") -> unit.
EVENTS: dict[str, str] = {
    "killed or injured": "killed_or_injured", "killed or wounded": "killed_or_injured",
    "killed and wounded": "killed_or_injured", "killed and injured": "killed_or_injured",
    "dead or wounded": "killed_or_injured", "dead and wounded": "killed_or_injured",
    "dead or injured": "killed_or_injured", "dead and injured": "killed_or_injured",
    "killed or hurt": "killed_or_injured", "wounded or killed": "killed_or_injured",
    "injured or killed": "killed_or_injured",
    "killed": "killed", "dead": "killed", "died": "killed", "perished": "killed",
    "slain": "killed", "executed": "killed", "massacred": "killed", "murdered": "killed",
    "neutralized": "killed", "neutralised": "killed", "eliminated": "killed",
    "liquidated": "killed", "shot dead": "killed", "shot to death": "killed",
    "assassinated": "killed", "lost their lives": "killed",
    "lost their life": "killed", "were martyred": "killed", "martyred": "killed",
    "injured": "injured", "wounded": "injured", "hurt": "injured", "maimed": "injured",
    "sustained injuries": "injured", "suffered injuries": "injured",
    "arrested": "arrested", "detained": "arrested", "captured": "arrested",
    "apprehended": "arrested", "taken prisoner": "arrested", "rounded up": "arrested",
    "taken into custody": "arrested", "taken captive": "arrested",
    "displaced": "displaced", "fled": "displaced", "uprooted": "displaced",
    "forced to flee": "displaced", "evacuated": "displaced",
    "abducted": "abducted", "kidnapped": "abducted", "taken hostage": "abducted",
    "held hostage": "abducted",
    "missing": "missing", "went missing": "missing", "unaccounted for": "missing",
    "disappeared": "missing",
    "among the dead": "killed", "among those killed": "killed", "among the killed": "killed",
    "among the wounded": "injured", "among the injured": "injured",
}  # fmt: skip

# Verbs before the amount ("killing 12") -> unit.
ACTIVE_VERBS: dict[str, str] = {
    "killing": "killed", "killed": "killed", "kill": "killed", "neutralizing": "killed",
    "neutralized": "killed", "neutralised": "killed", "eliminating": "killed",
    "eliminated": "killed", "liquidated": "killed", "liquidating": "killed",
    "executed": "killed", "executing": "killed", "massacred": "killed", "murdered": "killed",
    "assassinated": "killed", "wounding": "injured", "wounded": "injured",
    "injuring": "injured", "injured": "injured",
    "arresting": "arrested", "arrested": "arrested", "detaining": "arrested",
    "detained": "arrested", "capturing": "arrested", "captured": "arrested",
    "abducting": "abducted", "abducted": "abducted", "kidnapping": "abducted",
    "kidnapped": "abducted", "displacing": "displaced", "displaced": "displaced",
}  # fmt: skip

# Head nouns that carry their own unit.
NOUN_UNITS: dict[str, str] = {
    "deaths": "killed", "death": "killed", "fatalities": "killed", "fatality": "killed",
    "bodies": "killed", "body": "killed", "dead": "killed",
    "casualties": "killed_or_injured", "casualty": "killed_or_injured",
    "injuries": "injured", "injury": "injured", "wounded": "injured", "injured": "injured",
    "arrests": "arrested",
    "attacks": "attacks", "attack": "attacks", "assaults": "attacks", "raids": "attacks",
    "raid": "attacks", "ambushes": "attacks", "bombings": "attacks",
    "strikes": "strikes", "strike": "strikes", "airstrikes": "strikes",
    "airstrike": "strikes", "air-strikes": "strikes", "bombardments": "strikes",
    "posts": "posts", "post": "posts", "outposts": "posts", "outpost": "posts",
    "vehicles": "vehicles", "vehicle": "vehicles", "tanks": "vehicles", "trucks": "vehicles",
    "cars": "vehicles", "pickups": "vehicles", "apcs": "vehicles", "bmps": "vehicles",
    "km": "distance", "kilometres": "distance", "kilometers": "distance", "miles": "distance",
    "metres": "distance", "meters": "distance", "kg": "weight", "kilograms": "weight",
    "tons": "weight", "tonnes": "weight",
    "days": "duration", "day": "duration", "weeks": "duration", "week": "duration",
    "months": "duration", "month": "duration", "years": "duration", "year": "duration",
    "hours": "duration", "hour": "duration", "minutes": "duration",
}  # fmt: skip
# Units whose noun names the event itself, so the noun is no subject.
EVENT_UNITS = frozenset({"killed", "injured", "killed_or_injured", "arrested"})

PERSON_NOUNS = frozenset(
    {"people", "persons", "person", "civilians", "civilian", "soldiers", "soldier", "troops",
     "servicemen", "serviceman", "personnel", "fighters", "fighter", "militants", "militant",
     "militiamen", "members", "member", "terrorists", "terrorist", "insurgents", "rebels",
     "jihadists", "gunmen", "gunman", "mercenaries", "combatants", "officers", "officer",
     "policemen", "police", "guards", "commanders", "officials", "residents", "villagers",
     "inhabitants", "children", "child", "women", "woman", "men", "man", "kids", "protesters",
     "protestors", "demonstrators", "workers", "journalists", "students", "refugees",
     "migrants", "prisoners", "detainees", "hostages", "families", "individuals", "victims",
     "pilgrims", "passengers", "farmers", "herders", "worshippers", "recruits", "operatives",
     "cadres", "conscripts", "volunteers", "others", "suspects", "staff", "doctors",
     "nurses", "teachers", "boys", "girls", "infants", "babies", "adults", "sailors",
     "pilots", "marines", "paratroopers", "snipers", "militia", "contractors", "advisers",
     "advisors", "bodyguards", "leaders", "supporters", "elements", "cells"}
)  # fmt: skip

# Words that end the noun phrase after an amount.
NP_STOP = frozenset(
    {"in", "on", "at", "from", "near", "by", "during", "after", "before", "across", "along",
     "against", "into", "inside", "outside", "with", "without", "for", "since", "as", "who",
     "whom", "which", "that", "and", "or", "but", "while", "when", "where", "including",
     "among", "between", "to", "of", "over", "under", "per", "than", "within", "throughout",
     "through", "amid", "following", "according", "last", "this", "ago", "earlier", "later",
     "were", "was", "are", "is", "be", "been", "being", "have", "has", "had", "will",
     "would", "could", "may", "might", "can", "did", "do", "does", "not", "the", "a", "an"}
)  # fmt: skip
# Words allowed between the noun phrase and its event verb ("were reportedly killed").
FILLERS = frozenset(
    {"were", "was", "are", "is", "be", "been", "being", "have", "has", "had", "got", "get",
     "reportedly", "allegedly", "reported", "also", "all", "both", "later", "subsequently",
     "eventually", "apparently", "said", "believed", "thought", "confirmed", "feared",
     "to", "now", "already", "initially", "left", "found", "presumed", "either", "who",
     "that", "which", "remain", "remained", "remains", "still", "were still"}
)  # fmt: skip
# Determiners skipped after "of" ("20 of the soldiers").
OF_DETERMINERS = frozenset({"the", "them", "those", "these", "whom", "which", "its", "their"})

# Capitalised words that label a number rather than count with it ("Resolution 2254").
DESIGNATORS = frozenset(
    {"resolution", "article", "chapter", "section", "paragraph", "route", "highway", "road",
     "flight", "division", "brigade", "battalion", "regiment", "corps", "unit", "page",
     "room", "building", "block", "number", "no", "nos", "vol", "volume", "phase", "level",
     "grade", "item", "point", "platform", "gate", "sector", "zone", "station", "hill",
     "km", "kilometre", "kilometer", "line", "protocol", "decree", "law", "act", "order",
     "channel", "camp", "squadron", "fleet", "army", "group", "district", "area", "week",
     "day", "year", "top", "model", "version", "type", "class", "pages", "figure", "table",
     "annex", "rule", "step", "stage", "part", "session", "summit", "tier", "operation"}
)  # fmt: skip
# Words before "one" that make it a pronoun ("no one", "each one").
PRONOUN_ONE_BEFORE = frozenset({"no", "any", "every", "each", "the", "this", "that", "which"})

# Words before an amount that make it a date or a time span, not a count.
TEMPORAL_BEFORE = frozenset(
    {"past", "last", "next", "coming", "recent", "first", "previous", "following", "final",
     "in", "since", "during", "until", "till", "by", "of", "year"}
)  # fmt: skip

MONTH_NAMES = frozenset(
    {"january", "february", "march", "april", "may", "june", "july", "august", "september",
     "october", "november", "december", "jan", "feb", "mar", "apr", "jun", "jul", "aug",
     "sep", "sept", "oct", "nov", "dec"}
)  # fmt: skip
CURRENCY_WORDS = frozenset(
    {"dollars", "dollar", "euros", "euro", "pounds", "lira", "liras", "lire", "roubles",
     "rubles", "riyals", "dinars", "dirhams", "yuan", "usd", "eur", "syp", "iqd", "try"}
)  # fmt: skip

# --- the amount grammar --------------------------------------------------------------------


def _alternation(words: Iterable[str]) -> str:
    items = sorted(words, key=len, reverse=True)
    return "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in items)


_W = r"(?![\w-])"
_UNIT = rf"(?:{_alternation(UNITS)}){_W}"
_TEEN = rf"(?:{_alternation(TEENS)}){_W}"
_TEN = rf"(?:{_alternation(TENS)})(?![\w])"
_BELOW100 = rf"(?:{_TEN}(?:[\s-]{_UNIT})?|{_TEEN}|{_UNIT})"
_BELOW1000 = rf"(?:(?:{_BELOW100}|a)\s+hundred(?:\s+(?:and\s+)?{_BELOW100})?|{_BELOW100})"
_SPELLED = (
    rf"(?:{_BELOW1000}(?:\s+(?:thousand|million|billion)(?:,?\s+(?:and\s+)?{_BELOW1000})?)?"
    rf"|a\s+(?:thousand|million))"
)
_DIGITS = (
    r"(?:\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)(?:\s*(?:million|billion|thousand|mln|bn)\b)?"
)
_VAGUE = (
    rf"(?:(?:{_alternation(VAGUE_MULTIPLIERS)})\s+(?:hundred|thousand|dozen)(?!\w)"
    r"|tens\s+of\s+thousands|hundreds\s+of\s+thousands|dozens|scores(?=\s+of)|tens(?=\s+of)"
    r"|hundreds|thousands|a\s+dozen|several|a\s+few|a\s+handful|a\s+couple(?=\s+of))"
)
_NUMBER = rf"(?:{_DIGITS}|{_SPELLED})"
AMOUNT = re.compile(
    rf"(?i)(?<![\w$€£.,/:#\[-])"
    rf"(?:(?P<qual>{_alternation(QUALIFIERS)})\s+)?"
    r"(?:(?P<rpre>between|from)\s+)?"
    r"(?P<cur>US\$|\$|€|£|(?:USD|EUR|SYP)\s?)?"
    rf"(?P<n1>{_VAGUE}|{_NUMBER})(?![\w])"
    rf"(?:\s*(?P<sep>-|–|—|to|and)\s*(?P<n2>{_NUMBER})(?![\w]))?"
    r"(?P<suffix>\s*%|\s+per\s*cent(?!\w)|\s+percent(?!\w)|\s+or\s+more(?!\w)|\s+or\s+so(?!\w)|\+)?"
)
# A period after a lone letter ("U.S.", "U.N.") ends no clause.
_CLAUSE_END = re.compile(r"(?<!\b\w)\.|[;:!?()\[\]\n—]|,\s|\s-\s")
_WORD = re.compile(r"[\w’'&/.-]+")
_QUOTES = "'\"‘’“”"
_TIME_AFTER = re.compile(r"(?i)^\s*(?::\d\d|[ap]\.?m\.?(?!\w)|o'clock|hrs\b|GMT|UTC)")
_TOLL_BEFORE = re.compile(
    r"(?i)\b(?:(?P<kind>death|casualty|fatality|injury)?\s*toll"
    r"|number\s+of\s+(?:victims|dead|deaths|fatalities|people\s+killed))\b[^.;]{0,40}?"
    r"\b(?:to|at|of|reached|hit|is|was|stands|stood|surpassed|exceeded|passed)\s+$"
)
SINGLE_VICTIM_NOUNS = (
    "soldier", "civilian", "policeman", "policewoman", "police officer", "officer", "child",
    "woman", "man", "boy", "girl", "fighter", "militant", "member", "journalist", "resident",
    "villager", "farmer", "teacher", "student", "worker", "guard", "commander", "official",
    "gendarme", "trooper", "serviceman", "militiaman", "rebel", "insurgent", "jihadist",
    "gunman", "passenger", "pilgrim", "doctor", "nurse", "driver", "shepherd", "herder",
    "protester", "demonstrator", "worshipper", "judge", "mayor", "priest", "imam",
    "peasant", "bodyguard", "businessman", "missionary", "lawyer", "trader", "nun",
)  # fmt: skip
# An indefinite singular victim of a killing or wounding verb: one person.
_SINGLE_VICTIM = re.compile(
    r"(?i)(?<![\w-])(?P<article>an?)\s+(?P<subject>(?:[\w-]+\s+){0,2}?(?:"
    + "|".join(SINGLE_VICTIM_NOUNS)
    + r"))\s+(?:was|has been|had been)\s+"
    r"(?:(?P<adverb>reportedly|allegedly|also|later|fatally)\s+)?"
    r"(?P<verb>killed|shot dead|murdered|slain|executed|wounded|injured|hurt)\b"
)
_LIVES_BEFORE = re.compile(r"(?i)\b(?:claimed|took|cost)\s+the\s+lives\s+of\s+$")
# A killing told as a noun: "the assassination of six Jesuits", "the deaths of 12 civilians".
_NOMINAL_KILLING = r"(?:deaths?|killings?|murders?|assassinations?|massacre|executions?|slayings?)"
_NOMINAL_KILLING_BEFORE = re.compile(rf"(?i)\b{_NOMINAL_KILLING}\s+of\s+(?:the\s+)?$")
# An indefinite singular victim of an active or nominal killing: "guerrillas killed a peasant",
# "the death of a civilian".
_SINGLE_VICTIM_AFTER = re.compile(
    r"(?i)(?:\b(?:killed|murdered|executed|assassinated|shot dead|shot and killed)|"
    rf"\b{_NOMINAL_KILLING}\s+of)\s+(?P<article>an?)\s+(?P<subject>(?:[\w-]+\s+){{0,2}}?(?:"
    + "|".join(SINGLE_VICTIM_NOUNS)
    + r"))(?![\w-])"
)


# --- number parsing ------------------------------------------------------------------------


def _spelled_value(words: str) -> float | None:
    total, current = 0, 0
    for word in re.split(r"[\s,-]+", words.lower()):
        if word in ("and", ""):
            continue
        if word == "a":
            current = max(current, 1)
        elif word in UNITS:
            current += UNITS[word]
        elif word in TEENS:
            current += TEENS[word]
        elif word in TENS:
            current += TENS[word]
        elif word == "hundred":
            current = max(current, 1) * 100
        elif word in SCALES:
            total += max(current, 1) * SCALES[word]
            current = 0
        else:
            return None
    return float(total + current)


def number_value(expr: str) -> float | None:
    """The value of one number: "1,200", "2.5 million", "twenty-five", "a hundred"."""
    text = re.sub(r"\s+", " ", expr.strip().lower())
    m = re.fullmatch(r"(\d[\d,]*(?:\.\d+)?)\s*([a-z]+)?", text)
    if m:
        digits, scale = m.groups()
        if "," in digits and not re.fullmatch(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?", digits):
            return None
        if scale is not None and scale not in SCALES:
            return None
        return float(digits.replace(",", "")) * (SCALES[scale] if scale else 1)
    return _spelled_value(text)


def _vague_value(expr: str) -> float | None:
    text = re.sub(r"\s+", " ", expr.strip().lower())
    if text in VAGUE:
        return float(VAGUE[text])
    for word, factor in VAGUE_MULTIPLIERS.items():
        if text.startswith(word + " "):
            scale = text[len(word) + 1 :]
            return float(factor * (12 if scale == "dozen" else SCALES[scale]))
    return None


def _bounds(value: float, qualifier: str) -> tuple[float | None, float | None, str]:
    """`(low, high, qualifier)` for a single amount; "nearly" reports as "about"."""
    step = 1.0 if value.is_integer() else 0.0
    if qualifier == "over":
        return value + step, None, qualifier
    if qualifier == "at_least":
        return value, None, qualifier
    if qualifier == "up_to":
        return None, value, qualifier
    if qualifier == "under":
        return None, value - step, qualifier
    if qualifier == "nearly":
        return None, value, "about"
    if qualifier == "about":
        return None, None, qualifier
    if qualifier == "vague":
        return value, None, qualifier
    return value, value, "exact"


@dataclass(frozen=True, slots=True)
class _Amount:
    start: int
    end: int
    value: float
    low: float | None
    high: float | None
    qualifier: str
    n1_start: int
    n1_end: int
    spelled: bool
    marker: str | None  # "percent" or "currency"


def _read_amount(m: re.Match[str]) -> _Amount | None:
    """Interpret one AMOUNT match; None when its parts do not make a sensible amount."""
    n1, n2, sep = m["n1"], m["n2"], (m["sep"] or "").lower()
    start, end = m.start(), m.end()
    rpre = (m["rpre"] or "").lower()
    if n2 is not None and (
        (sep == "and" and rpre != "between")
        or (rpre == "between" and sep != "and")
        or (rpre == "from" and sep != "to")
    ):
        n2 = None
        end = m.end("n1")
    if rpre and n2 is None:
        return None  # "from 20" / "between 20": the number belongs to something else
    vague = _vague_value(n1)
    value = vague if vague is not None else number_value(n1)
    if value is None:
        return None
    suffix = ""
    if end == m.end() and m["suffix"]:
        suffix = re.sub(r"\s+", " ", m["suffix"].strip().lower())
    marker = "currency" if m["cur"] else None
    if suffix in ("%", "percent", "per cent"):
        marker = "percent"
    qualifier = QUALIFIERS.get(re.sub(r"\s+", " ", (m["qual"] or "").lower()), "exact")
    if vague is not None and qualifier == "exact":
        qualifier = "vague"
    if suffix in SUFFIX_QUALIFIERS and qualifier == "exact":
        qualifier = SUFFIX_QUALIFIERS[suffix]
    if n2 is not None:
        second = number_value(n2)
        if second is None or second <= value or vague is not None:
            n2, end = None, m.end("n1")
        else:
            return _Amount(start, end, value, value, second, "range", m.start("n1"),
                           m.end("n1"), False, marker)  # fmt: skip
    low, high, qualifier = _bounds(value, qualifier)
    spelled = not any(ch.isdigit() for ch in n1)
    return _Amount(start, end, value, low, high, qualifier, m.start("n1"), m.end("n1"),
                   spelled and vague is None, marker)  # fmt: skip


# --- context -------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Token:
    text: str  # quotes stripped
    start: int
    end: int

    @property
    def low(self) -> str:
        return self.text.lower()


def _tokens(text: str, start: int, end: int) -> list[_Token]:
    out: list[_Token] = []
    for m in _WORD.finditer(text, start, end):
        word = m.group(0).strip(_QUOTES + ".")
        if word:
            offset = m.group(0).find(word)
            out.append(_Token(word, m.start() + offset, m.start() + offset + len(word)))
    return out


def _clause_bounds(text: str, start: int, end: int, lo: int, hi: int) -> tuple[int, int]:
    back = text[max(lo, start - 120) : start]
    cuts = [c.end() for c in _CLAUSE_END.finditer(back)]
    clause_start = max(lo, start - 120) + (cuts[-1] if cuts else 0)
    ahead = _CLAUSE_END.search(text, end, min(hi, end + 120))
    return clause_start, ahead.start() if ahead else min(hi, end + 120)


def _match_event(words: list[str]) -> tuple[str, int] | None:
    """The longest event phrase at the start of `words`: (unit, number of words)."""
    for size in (4, 3, 2, 1):
        phrase = " ".join(words[:size])
        if len(words) >= size and phrase in EVENTS:
            return EVENTS[phrase], size
    return None


def _known_noun(word: str) -> bool:
    return word in NOUN_UNITS or word in PERSON_NOUNS


@dataclass(frozen=True, slots=True)
class _Context:
    unit: str | None
    subject: str | None
    head: str | None
    next_word: str | None


def _context(text: str, amount: _Amount, clause_start: int, clause_end: int) -> _Context:
    after = _tokens(text, amount.end, clause_end)
    i = 0
    if after and after[0].low == "of":
        i = 1
        while i < len(after) and after[i].low in OF_DETERMINERS:
            i += 1
    np: list[_Token] = []
    event: str | None = None
    while i < len(after) and len(np) < 5:
        word = after[i].low
        if word in NP_STOP or word in FILLERS or word.endswith("ly"):
            break
        if number_value(word) is not None:
            break
        if _match_event([t.low for t in after[i : i + 4]]):
            break  # "5 killed", "20 soldiers killed"
        if np and word.endswith(("ed", "ing")):
            break  # a verb after the subject: "3 drones targeted ..."
        np.append(after[i])
        i += 1
        if _known_noun(word) and not (i < len(after) and _known_noun(after[i].low)):
            break  # a known head noun closes the phrase: "50 airstrikes hit ..."
    j = i
    while j < len(after) and after[j].low in FILLERS and j - i < 6:
        j += 1
    found = _match_event([t.low for t in after[j : j + 4]])
    if found:
        event = found[0]
    head = np[-1].low if np else None
    unit: str | None = event
    if unit is None and head in NOUN_UNITS:
        unit = NOUN_UNITS[head]
    if unit is None:
        before = text[clause_start : amount.start]
        toll = _TOLL_BEFORE.search(before)
        # A quote may open the amount: it killed "dozens of terrorists".
        previous = re.search(r"([A-Za-z]+)\s+[\"'‘“]?$", before)
        if toll:
            kind = (toll["kind"] or "death").lower()
            unit = {"casualty": "killed_or_injured", "injury": "injured"}.get(kind, "killed")
        elif _LIVES_BEFORE.search(before) or _NOMINAL_KILLING_BEFORE.search(before):
            unit = "killed"
        elif previous and previous.group(1).lower() in ACTIVE_VERBS:
            unit = ACTIVE_VERBS[previous.group(1).lower()]
    if unit is None and head in PERSON_NOUNS:
        unit = "people"
    subject = None
    if np and NOUN_UNITS.get(head or "") not in EVENT_UNITS | {"duration", "distance", "weight"}:
        subject = text[np[0].start : np[-1].end].strip(_QUOTES)
    next_word = after[0].low if after else None
    return _Context(unit, subject, head, next_word)


# --- filters -------------------------------------------------------------------------------


def _word_before(text: str, pos: int, lo: int) -> str:
    m = re.search(r"([A-Za-z]+)\.?\s*$", text[max(lo, pos - 40) : pos])
    return m.group(1) if m else ""


def _is_month(word: str) -> bool:
    # "may" is a month only when capitalised; the other names are rarely anything else
    return word.lower() in MONTH_NAMES and (word[:1].isupper() or word.lower() != "may")


def _is_noise(text: str, amount: _Amount, lo: int, hi: int) -> bool:
    """Years, dates, times, labels and compounds: numbers that count nothing."""
    n1 = text[amount.n1_start : amount.n1_end]
    before = _word_before(text, amount.start, lo)
    after = text[amount.n1_end : min(hi, amount.n1_end + 30)]
    # "3 March", "3 of March", "22 and 23 December": the day of a date
    next_word = re.match(r"\s*(?:(?:and|to|-|–)\s*\d{1,2}\s*)?(?:of\s+)?([A-Za-z]+)", after)
    if n1.lower() == "one" and (
        before.lower() in PRONOUN_ONE_BEFORE or re.match(r"\s+another\b", after)
    ):
        return True
    if amount.end == amount.n1_end and re.match(r"-[A-Za-z]", after):
        return True  # "12-year-old", "500-strong"
    if _TIME_AFTER.match(after) or re.search(
        r"\d:$", text[max(lo, amount.start - 2) : amount.start]
    ):
        return True
    if amount.qualifier in ("exact", "range") and not amount.marker:
        if before.lower() in DESIGNATORS and before[:1].isupper():
            return True
        if _is_month(before):
            return True
    if next_word and _is_month(next_word.group(1)):
        return True
    if re.match(r"\.\s", after) and re.search(r"(?:^|\n)[ \t]*$", text[lo : amount.start]):
        return True  # "1. The commission must ...": a list marker
    if amount.qualifier == "range" and all(
        re.fullmatch(r"(?:18|19|20)\d\d", n)
        for n in re.findall(r"\d+", text[amount.start : amount.end])
    ):
        return True  # "between 2006 and 2012": a span of years
    if re.fullmatch(r"[0-2]\d[0-5]\d", n1) and (n1[0] == "0" or before.lower() in ("at", "until")):
        return True  # military time: "at 1830", "0600"
    digits = n1.replace(",", "")
    if re.fullmatch(r"\d{4}", n1) and 1800 <= int(digits) <= 2100 and amount.qualifier == "exact":
        return True  # a year; real counts of this size are written "2,000"
    return len(re.sub(r"\D", "", n1)) > 12


# --- public API ----------------------------------------------------------------------------


def _scan(text: str, start: int, stop: int) -> list[tuple[_Amount, re.Match[str]]]:
    out: list[tuple[_Amount, re.Match[str]]] = []
    pos = start
    while (m := AMOUNT.search(text, pos, stop)) is not None:
        amount = _read_amount(m)
        if amount is None:
            pos = m.end("n1") if m.end("n1") > pos else pos + 1
            continue
        out.append((amount, m))
        pos = amount.end
    return out


def find_quantities(
    text: str, *, start: int = 0, end: int | None = None, id_prefix: str = "q"
) -> list[Quantity]:
    """Amounts in `text[start:end]` with what they count; offsets are absolute.

    Ids are `f"{id_prefix}{n}"`, numbered from 1 in text order.
    """
    stop = len(text) if end is None else end
    found: list[Quantity] = []
    for amount, _ in _scan(text, start, stop):
        if _is_noise(text, amount, start, stop):
            continue
        clause_start, clause_end = _clause_bounds(text, amount.start, amount.end, start, stop)
        ctx = _context(text, amount, clause_start, clause_end)
        unit = amount.marker or ctx.unit
        if ctx.head in CURRENCY_WORDS:
            unit = "currency"
        # what a share or a sum is "of" is too loosely phrased to name reliably
        subject = None if unit in ("percent", "currency") else ctx.subject
        if unit == "duration" and (
            _word_before(text, amount.start, clause_start).lower() in TEMPORAL_BEFORE
            or re.match(r"\s*\S+\s+(?:ago|earlier|later)\b", text[amount.end : clause_end])
        ):
            continue  # "the past seven days", "two days ago": left to the dates module
        if unit is None and (amount.qualifier == "vague" or amount.spelled):
            continue  # "several times", "one of them": too loose to be a count
        found.append(
            Quantity(
                id="",
                text=text[amount.start : amount.end],
                start=amount.start,
                end=amount.end,
                value=amount.value,
                low=amount.low,
                high=amount.high,
                qualifier=amount.qualifier,
                unit=unit,
                subject=subject,
            )
        )
    found.extend(_single_victims(text, start, stop))
    found.sort(key=lambda q: q.start)
    for number, quantity in enumerate(found, 1):
        quantity.id = f"{id_prefix}{number}"
    return found


def _single_victims(text: str, start: int, stop: int) -> Iterable[Quantity]:
    """'a soldier was killed', 'guerrillas killed a peasant': the article counts one
    victim, as ACLED codes it."""
    for m in _SINGLE_VICTIM.finditer(text, start, stop):
        fatally = (m["adverb"] or "").lower() == "fatally"  # "fatally wounded" is killed
        yield _one(m, "killed" if fatally else EVENTS[m["verb"].lower()])
    for m in _SINGLE_VICTIM_AFTER.finditer(text, start, stop):
        yield _one(m, "killed")


def _one(m: re.Match[str], unit: str) -> Quantity:
    return Quantity(
        id="",
        text=m["article"],
        start=m.start("article"),
        end=m.end("article"),
        value=1,
        low=1,
        high=1,
        qualifier="exact",
        unit=unit,
        subject=m["subject"],
    )


def parse_amount(expr: str) -> tuple[float, float | None, float | None, str] | None:
    """`(value, low, high, qualifier)` for an amount phrase such as "up to 30"; else None.

    The whole of `expr` must be the amount: "over 20" parses, "over 20 soldiers" does not.
    """
    body = expr.strip()
    m = AMOUNT.fullmatch(body)
    if m is None:
        return None
    amount = _read_amount(m)
    if amount is None or amount.end != len(body):
        return None
    return amount.value, amount.low, amount.high, amount.qualifier

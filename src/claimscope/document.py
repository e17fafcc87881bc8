"""The typed document model: one text, and every annotation a view into it by offsets.

`Document` owns `text` (the normalised full text of one article). Every layer a stage
adds is a list of small dataclasses whose `start`/`end` are character offsets into that
text; `Document.span()` is the one place such offsets are checked. Claims and events
refer to places, quantities and each other by id instead of copying them.

`dataclasses.asdict(document)` *is* the analysis contract (schema version 1, see
`schema/analysis-v1.schema.json`): field names here are the JSON keys there.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, fields, is_dataclass
from typing import Any, Literal

SCHEMA_VERSION = "1"
# ', a local group that documents violence in the region,' or ', which supports the hospital'
_CLOSING_APPOSITIVE = re.compile(r",\s+(?:a|an|the|who|which|whose)\s[^,]*,?\s*$")

Polarity = Literal["affirms", "denies"]
ClaimStatus = Literal["endorsed", "reported", "unconfirmed", "disputed"]
EventStatus = Literal["occurred", "claimed", "disputed", "expected"]
DatePrecision = Literal["day", "week", "month", "year", "range"]
SourceKind = Literal[
    "government",
    "military",
    "armed_group",
    "media",
    "ngo",
    "international_org",
    "anonymous",
    "outlet",
    "person",
    "other",
]


class OffsetError(ValueError):
    """A span's offsets do not fit the text it claims to come from."""


@dataclass(slots=True)
class Span:
    """A stretch of `Document.text`: `text == document.text[start:end]`."""

    text: str
    start: int
    end: int


@dataclass(slots=True)
class Tag:
    kind: str  # region, theme, report, ...
    value: str


@dataclass(slots=True)
class Boilerplate:
    text: str
    start: int
    end: int
    kind: str  # disclaimer, copyright, share, comment, navigation, byline, attribution, ...


@dataclass(slots=True)
class Sentence:
    text: str
    start: int
    end: int


@dataclass(slots=True)
class Entity:
    id: str
    text: str
    start: int
    end: int
    label: str  # PERSON, ORG, ARMED_GROUP, GPE, LOC, NORP, FAC, ...


@dataclass(slots=True)
class DateMention:
    """A temporal expression resolved against the publication date."""

    id: str
    text: str
    start: int
    end: int
    date_start: str | None  # ISO date, inclusive
    date_end: str | None  # ISO date, inclusive
    precision: DatePrecision | None


@dataclass(slots=True)
class Quantity:
    """A number with its qualifier: 'over 20 soldiers were killed' -> low 21, unit killed."""

    id: str
    text: str
    start: int
    end: int
    value: float
    low: float | None
    high: float | None
    qualifier: str | None  # exact, over, at_least, up_to, about, vague, ...
    unit: str | None  # killed, injured, killed_or_injured, attacks, posts, people, ...
    subject: str | None  # 'soldiers', 'ISIS members', ...


@dataclass(slots=True)
class Resolution:
    """A gazetteer entry a place mention resolved to."""

    name: str
    geonameid: int | None
    lat: float
    lon: float
    feature_class: str  # GeoNames: P populated place, A admin area, H water, T terrain, ...
    admin1: str | None
    country_code: str | None


# ACLED's geo_precision of a place known only to its country.
COUNTRY_PRECISION = 4
# ... and of a region or province.
REGION_PRECISION = 3
# The `resolution_note` of a demonym ('Syrian officials'), which stands for its country.
DEMONYM_NOTE = "demonym"
# The `resolution_note` of a wire dateline's place ('BEIRUT (Reuters) -'): where the report
# was filed, which tells the article's country but is no event's location.
DATELINE_NOTE = "dateline"
# The `resolution_note` of a town named inside an organisation's or a facility's name ('the
# Canaan Board of Finance', 'Hartford Hospital'): the toponym is mentioned (LGL and GWN
# annotate it), but it says where the body is from, not where anything happened.
EMBEDDED_NOTE = "inside a name"


@dataclass(slots=True)
class Place:
    """A place mention; `resolved` is null only when nothing, not even a region, fits."""

    id: str
    text: str
    start: int
    end: int
    resolved: Resolution | None
    geo_precision: int | None  # ACLED: 1 town, 2 near town / part of region, 3 region, 4 country
    # Why this entry: 'gazetteer', 'fallback to enclosing region', 'demonym' (DEMONYM_NOTE), ...
    resolution_note: str | None = None


@dataclass(slots=True)
class Source:
    text: str
    start: int
    end: int
    kind: SourceKind

    @property
    def name(self) -> str:
        """The claimant's name: the source as written, without a closing appositive or comma
        ('The Syrian Observatory for Human Rights, a Britain-based war monitor,')."""
        return _CLOSING_APPOSITIVE.sub("", self.text).rstrip(" ,;:—–")


@dataclass(slots=True)
class Claim:
    id: str
    source: Source | None  # None only when the outlet speaks in its own voice
    cue: Span | None
    content: Span
    polarity: Polarity
    status: ClaimStatus
    quantities: list[Quantity] = field(default_factory=list)
    event_ids: list[str] = field(default_factory=list)


@dataclass(slots=True)
class Actor:
    text: str
    start: int
    end: int
    # ACLED actor kind: state_forces, rebel_group, political_militia, civilians, ...
    kind: str | None = None
    associated: list[Span] = field(default_factory=list)


@dataclass(slots=True)
class EventLocation:
    place_id: str | None
    text: str | None
    name: str | None
    geonameid: int | None
    lat: float | None
    lon: float | None
    admin1: str | None
    country_code: str | None
    geo_precision: int | None


@dataclass(slots=True)
class EventDate:
    start: str | None
    end: str | None
    precision: DatePrecision | None
    text: str | None = None


@dataclass(slots=True)
class Fatalities:
    """One claimant's figure for one event: never merged with another's."""

    claim_id: str | None
    source: str  # the claimant's name as written (`Source.name`), or the outlet
    low: int | None
    high: int | None
    who: str | None  # 'soldiers', 'ISIS members', 'government fighters', ...
    unit: str  # killed, killed_or_injured, injured


@dataclass(slots=True)
class Event:
    id: str
    event_type: str
    sub_event_type: str
    actor1: Actor | None
    actor2: Actor | None
    location: EventLocation | None
    date: EventDate | None
    fatalities: list[Fatalities]
    fatalities_conservative: int
    status: EventStatus
    evidence: list[Span]
    claim_ids: list[str] = field(default_factory=list)


@dataclass(slots=True)
class Rhetoric:
    text: str
    start: int
    end: int
    technique: str
    confidence: float


@dataclass(slots=True)
class Metadata:
    title: str | None = None
    url: str | None = None
    publisher: str | None = None
    original_source: str | None = None
    authors: list[str] = field(default_factory=list)
    published: str | None = None  # ISO date of this copy
    original_published: str | None = None  # ISO date of the original, for reposts
    tags: list[Tag] = field(default_factory=list)
    language: str | None = None
    format: str = "text"  # text, markdown, html


@dataclass(slots=True)
class Document:
    """One article: its text, metadata and every layer the stages add."""

    text: str
    meta: Metadata = field(default_factory=Metadata)
    body: Span | None = None
    boilerplate: list[Boilerplate] = field(default_factory=list)
    sentences: list[Sentence] = field(default_factory=list)
    entities: list[Entity] = field(default_factory=list)
    dates: list[DateMention] = field(default_factory=list)
    quantities: list[Quantity] = field(default_factory=list)
    places: list[Place] = field(default_factory=list)
    claims: list[Claim] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    rhetoric: list[Rhetoric] = field(default_factory=list)
    # Working state shared between stages (e.g. the spaCy parse); never serialised.
    scratch: dict[str, Any] = field(default_factory=dict, repr=False, compare=False)

    @property
    def id(self) -> str:
        """Content hash of the text: the same article text always has the same id."""
        return content_id(self.text)

    def span(self, start: int, end: int) -> Span:
        """A checked `Span` over `text[start:end]`."""
        check_offsets(self.text, start, end)
        return Span(self.text[start:end], start, end)

    def body_span(self) -> Span:
        return self.body if self.body is not None else Span(self.text, 0, len(self.text))

    def in_boilerplate(self, start: int, end: int) -> bool:
        """True when [start, end) overlaps any boilerplate span or lies outside the body."""
        body = self.body_span()
        if start < body.start or end > body.end:
            return True
        return any(start < b.end and b.start < end for b in self.boilerplate)

    def read_cased(self, cased: str) -> None:
        """Let the stages read `cased`, the text with the case it was written without
        restored (the same length); `as_written` puts the text as written back."""
        if len(cased) != len(self.text):
            raise OffsetError("a cased copy must keep every offset")
        self.scratch.setdefault(AS_WRITTEN, self.text)
        self.text = cased
        if self.body is not None:
            self.body = self.span(self.body.start, self.body.end)

    @contextmanager
    def reading_cased(self) -> Iterator[None]:
        """Within the block, the text is the cased copy the stages read, where the pipeline
        made one (a stage asked about the document afterwards reads what the stages read);
        afterwards, as written again."""
        copy = self.scratch.get(CASED_COPY)
        if copy is None or AS_WRITTEN in self.scratch:
            yield
            return
        self.read_cased(copy)
        try:
            yield
        finally:
            self.as_written()

    def text_as_written(self) -> str:
        written: str = self.scratch.get(AS_WRITTEN, self.text)
        return written

    def as_written(self) -> None:
        """Every span's text read again from the text as written, where a stage read it
        from the cased copy: the output quotes the report, not the copy."""
        written = self.scratch.pop(AS_WRITTEN, None)
        if written is None:
            return
        cased, self.text = self.text, written
        self.scratch[CASED_COPY] = cased
        seen: set[int] = set()
        for layer in (self.body, self.sentences, self.entities, self.dates, self.quantities,
                      self.places, self.claims, self.events, self.rhetoric):
            _quote_as_written(layer, cased, written, seen)


# Where `Document.read_cased` keeps the text as written, and `as_written` the cased copy.
AS_WRITTEN = "text as written"
CASED_COPY = "cased copy"


def _quote_as_written(value: Any, cased: str, written: str, seen: set[int]) -> None:
    if isinstance(value, list):
        for item in value:
            _quote_as_written(item, cased, written, seen)
        return
    if not is_dataclass(value) or isinstance(value, type) or id(value) in seen:
        return
    seen.add(id(value))
    start, end = getattr(value, "start", None), getattr(value, "end", None)
    text = getattr(value, "text", None)
    if (isinstance(start, int) and isinstance(end, int) and isinstance(text, str)
            and 0 <= start <= end <= len(cased) and text == cased[start:end]):
        value.text = written[start:end]  # type: ignore[attr-defined]
    for f in fields(value):
        _quote_as_written(getattr(value, f.name), cased, written, seen)


def content_id(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def check_offsets(text: str, start: int, end: int) -> None:
    if not (0 <= start <= end <= len(text)):
        raise OffsetError(f"span [{start}, {end}) outside text of length {len(text)}")

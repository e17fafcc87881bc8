"""Output: the analysis JSON (schema version 1), its validation, and the terminal report."""

from __future__ import annotations

import json
from dataclasses import asdict
from functools import cache
from importlib import resources
from typing import Any

from rich.console import Console, Group
from rich.markup import escape
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from claimscope import __version__
from claimscope.document import SCHEMA_VERSION, Claim, Document, Event


def to_analysis(doc: Document) -> dict[str, Any]:
    """The analysis contract of one document as plain JSON-ready data."""
    meta = asdict(doc.meta)
    body = doc.body_span()
    return {
        "schema_version": SCHEMA_VERSION,
        "generator": {"name": "claimscope", "version": __version__},
        "document": {
            "id": doc.id,
            **meta,
            "text": doc.text,
            "body": asdict(body),
            "boilerplate": [asdict(b) for b in doc.boilerplate],
        },
        "sentences": [asdict(s) for s in doc.sentences],
        "entities": [asdict(e) for e in doc.entities],
        "dates": [asdict(d) for d in doc.dates],
        "quantities": [asdict(q) for q in doc.quantities],
        "places": [asdict(p) for p in doc.places],
        "claims": [asdict(c) for c in doc.claims],
        "events": [asdict(e) for e in doc.events],
        "rhetoric": [asdict(r) for r in doc.rhetoric],
    }


def to_json(doc: Document, *, indent: int | None = None) -> str:
    return json.dumps(to_analysis(doc), ensure_ascii=False, indent=indent)


@cache
def analysis_schema() -> dict[str, Any]:
    text = resources.files("claimscope").joinpath("schema/analysis-v1.schema.json").read_text()
    schema: dict[str, Any] = json.loads(text)
    return schema


def validate(analysis: dict[str, Any]) -> None:
    """Raise `jsonschema.ValidationError` unless `analysis` keeps the contract, offsets too."""
    import jsonschema

    jsonschema.validate(analysis, analysis_schema())
    text = analysis["document"]["text"]
    for path, span in iter_spans(analysis):
        if text[span["start"]:span["end"]] != span["text"]:
            raise jsonschema.ValidationError(
                f"{path}: text {span['text']!r} != document.text[{span['start']}:{span['end']}]"
            )


def iter_spans(value: Any, path: str = "$") -> Any:
    """Every object with text/start/end below `value`, with its JSON path."""
    if isinstance(value, dict):
        if {"text", "start", "end"} <= value.keys() and isinstance(value["start"], int):
            yield path, value
        for key, item in value.items():
            if path == "$" and key == "document" and isinstance(item, dict):
                # document.text itself is the reference, not a span
                for sub in ("body", "boilerplate"):
                    yield from iter_spans(item[sub], f"$.document.{sub}")
                continue
            yield from iter_spans(item, f"{path}.{key}")
    elif isinstance(value, list):
        for i, item in enumerate(value):
            yield from iter_spans(item, f"{path}[{i}]")


# --- the terminal report ------------------------------------------------------------------


def render_report(doc: Document, console: Console) -> None:
    """A person's view: metadata, events, claims by source, rhetoric, each with its words."""
    console.print(_metadata_panel(doc))
    console.print(_events_table(doc))
    console.print(_claims_panel(doc))
    console.print(_rhetoric_table(doc))


def _metadata_panel(doc: Document) -> Panel:
    m = doc.meta
    rows = Table.grid(padding=(0, 2))
    rows.add_column(style="bold")
    rows.add_column()
    for label, value in (
        ("Title", m.title),
        ("Publisher", m.publisher),
        ("Original source", m.original_source),
        ("Authors", ", ".join(m.authors) or None),
        ("Published", m.published),
        ("Originally published", m.original_published),
        ("URL", m.url),
        ("Tags", ", ".join(f"{t.kind}: {t.value}" for t in m.tags) or None),
        ("Boilerplate", ", ".join(sorted({b.kind for b in doc.boilerplate})) or None),
        ("Document id", doc.id),
    ):
        if value:
            rows.add_row(label, Text(value))
    return Panel(rows, title="Article", title_align="left")


def _events_table(doc: Document) -> Table:
    table = Table(title=f"Events ({len(doc.events)})", title_justify="left", show_lines=True)
    for column in ("event", "where and when", "who", "fatalities by claimant"):
        table.add_column(column, ratio=1)
    for event in doc.events:
        table.add_row(
            Text(f"{event.id} ({event.status})\n{event.event_type}\n{event.sub_event_type}"),
            Text(f"{_where(event)}\n{_when(event)}"),
            Text(_who(event)),
            Text(_fatalities(event)),
        )
    return table


def _where(event: Event) -> str:
    loc = event.location
    if loc is None:
        return "—"
    name = loc.name or loc.text or "?"
    place = ", ".join(x for x in (name, loc.admin1, loc.country_code) if x)
    said = f' ("{loc.text}")' if loc.text and loc.text != name else ""
    return f"{place}{said}\ngeo-precision {loc.geo_precision}"


def _when(event: Event) -> str:
    d = event.date
    if d is None or d.start is None:
        return "—"
    span = d.start if d.start == d.end else f"{d.start} – {d.end}"
    said = f'\n"{d.text}"' if d.text else "\n(publication week)"
    return f"{span} ({d.precision}){said}"


def _who(event: Event) -> str:
    parts = []
    if event.actor1:
        assoc = "".join(f"\n  with {a.text}" for a in event.actor1.associated)
        parts.append(f"{event.actor1.text}{assoc}")
    if event.actor2:
        parts.append(f"vs {event.actor2.text}")
    return "\n".join(parts) or "—"


def _fatalities(event: Event) -> str:
    lines = []
    for f in event.fatalities:
        if f.low is not None and f.high is not None and f.low != f.high:
            figure = f"{f.low}–{f.high}"
        elif f.low is not None:
            figure = f"≥{f.low}" if f.high is None else str(f.low)
        else:
            figure = f"≤{f.high}"
        lines.append(f"{f.source}: {figure} {f.who or ''} ({f.unit})".replace("  ", " "))
    lines.append(f"conservative: {event.fatalities_conservative}")
    return "\n".join(lines)


def _claims_panel(doc: Document) -> Panel:
    by_source: dict[str, list[Claim]] = {}
    for claim in doc.claims:
        name = claim.source.text if claim.source else "(the outlet)"
        by_source.setdefault(name, []).append(claim)
    blocks: list[Any] = []
    for name, claims in by_source.items():
        kind = claims[0].source.kind if claims[0].source else "outlet"
        blocks.append(Text.from_markup(f"[bold]{escape(name)}[/bold] [dim]({kind})[/dim]"))
        for c in claims:
            cue = f"{c.cue.text}: " if c.cue else ""
            stance = "denies" if c.polarity == "denies" else "affirms"
            line = Text(f"  • [{c.status}, {stance}] ", style="cyan")
            line.append(f'{cue}"{c.content.text}"', style="default")
            if c.event_ids:
                line.append(f"  → {', '.join(c.event_ids)}", style="dim")
            blocks.append(line)
    return Panel(Group(*blocks) if blocks else Text("none"),
                 title=f"Claims ({len(doc.claims)})", title_align="left")


def _rhetoric_table(doc: Document) -> Table:
    table = Table(title=f"Rhetoric ({len(doc.rhetoric)})", title_justify="left")
    table.add_column("technique")
    table.add_column("words")
    table.add_column("confidence", justify="right")
    for r in doc.rhetoric:
        table.add_row(r.technique, Text(r.text), f"{r.confidence:.2f}")
    return table

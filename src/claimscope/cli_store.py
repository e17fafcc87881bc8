"""The corpus commands: ingest into the store, query it, export it (registered on the main app)."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterator, Mapping
from dataclasses import replace
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TaskProgressColumn,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)
from rich.table import Table
from rich.text import Text

from claimscope.config import Settings
from claimscope.errors import ClaimscopeError

ProfileOption = Annotated[
    str | None,
    typer.Option(
        help="default (fast) or accurate (6-layer rhetoric and event-type encoders, slower); "
        "default: $CLAIMSCOPE_PROFILE or default.",
    ),
]


def settings_for(profile: str | None, stages: tuple[str, ...] | None = None) -> Settings:
    """The settings for a command: its stages and profile where given, else the defaults."""
    try:
        settings = Settings()
        settings = replace(settings, stages=stages) if stages else settings
        return replace(settings, profile=profile) if profile else settings
    except ClaimscopeError as exc:
        raise typer.BadParameter(str(exc), param_hint="--profile") from exc


DbOption = Annotated[
    str | None,
    typer.Option("--db", help="Database URL (default: $CLAIMSCOPE_DB or sqlite:///claimscope.db)."),
]
JsonOption = Annotated[bool, typer.Option("--json", help="Print JSON lines instead of a table.")]
CountryOption = Annotated[str | None, typer.Option(help="ISO 3166 alpha-2 code or English name.")]
Admin1Option = Annotated[str | None, typer.Option(help="First-level administrative area.")]
SinceOption = Annotated[str | None, typer.Option(help="From this date (YYYY-MM-DD).")]
UntilOption = Annotated[str | None, typer.Option(help="Up to this date (YYYY-MM-DD).")]
TypeOption = Annotated[
    str | None, typer.Option("--type", help="ACLED event type or sub-event type.")
]
ActorOption = Annotated[str | None, typer.Option(help="Part of an actor's name.")]
SourceOption = Annotated[str | None, typer.Option(help="Part of a claimant's or outlet's name.")]
SearchOption = Annotated[str | None, typer.Option(help="Full-text search of the article text.")]
ContradictionsOption = Annotated[
    bool, typer.Option("--contradictions", help="Only where claimants contradict each other.")
]
LimitOption = Annotated[int, typer.Option(help="At most this many rows.")]
OffsetOption = Annotated[int, typer.Option(help="Skip this many rows first.")]
EXPORT_FORMATS = ("acled-csv", "geojson", "parquet", "jsonl")
# Columns whose cell is a summary of a nested record get a header saying what it shows.
HEADERS = {"record": "claimants' figures", "claimant_fatalities": "fatalities by claimant"}


def _console(stderr: bool = False) -> Console:
    return Console(stderr=stderr, highlight=False, soft_wrap=False)


def skipped_line(skipped: Mapping[str, int], why: str, hint: str) -> str | None:
    """One line naming the files a directory walk did not read, by extension; None if none."""
    if not skipped:
        return None
    total = sum(skipped.values())
    parts = ", ".join(
        f"{n} {key}" for key, n in sorted(skipped.items(), key=lambda x: (-x[1], x[0]))
    )
    return f"skipped {total} file{'s' if total != 1 else ''} {why} ({parts}); {hint}"


def _open_store(db: str | None) -> Any:
    from claimscope.store import Store

    try:
        return Store(db)
    except ClaimscopeError as exc:
        _console(stderr=True).print(f"error: {exc}", markup=False)
        raise typer.Exit(2) from exc


def ingest(
    paths: Annotated[
        list[Path], typer.Argument(help="Files, directories, JSONL, WARC, RSS/Atom (gzip too).")
    ],
    db: DbOption = None,
    workers: Annotated[int, typer.Option(help="Worker processes analysing documents.")] = 2,
    quiet: Annotated[bool, typer.Option("--quiet", help="No progress bar.")] = False,
    engine: Annotated[
        str, typer.Option(help="local (this machine's cores) or ray (the claimscope[ray] extra).")
    ] = "local",
    address: Annotated[
        str | None, typer.Option(help="Ray cluster address ('auto' joins a running one).")
    ] = None,
    out: Annotated[
        str | None, typer.Option(help="With --engine ray: directory or URI for the Parquet tables.")
    ] = None,
    profile: ProfileOption = None,
) -> None:
    """Analyse documents into the store (or, with Ray, into Parquet): resumable, idempotent."""
    from claimscope.corpus.batch import Summary, ingest
    from claimscope.corpus.sources import count_sources, passed_over

    err = _console(stderr=True)
    settings = settings_for(profile)
    if engine not in ("local", "ray"):
        raise typer.BadParameter("local or ray", param_hint="--engine")
    if engine == "ray":
        _ingest_on_ray(paths, out, address, workers, settings)
        return
    store = _open_store(db)
    hidden, documentation = passed_over(paths)
    for line in (
        skipped_line(hidden, "hidden", "hidden files and directories are never ingested"),
        skipped_line(
            documentation,
            "documenting their folder",
            "a walk passes over README, LICENSE and the like; name such a file to ingest it",
        ),
    ):
        if line:
            err.print(line, markup=False)
    total = count_sources(paths)
    progress = Progress(
        TextColumn("ingesting"),
        BarColumn(),
        MofNCompleteColumn() if total else TaskProgressColumn(),
        TextColumn("{task.fields[rate]}"),
        TimeElapsedColumn(),
        TimeRemainingColumn(),
        console=err,
        disable=quiet,
    )
    with store, progress:
        task = progress.add_task("ingest", total=total, rate="")

        def tick(summary: Summary) -> None:
            elapsed = progress.tasks[0].elapsed or 0.0
            rate = f"{summary.seen / elapsed:.1f} docs/s" if elapsed > 0 else ""
            progress.update(task, completed=summary.seen, rate=rate)

        summary = ingest(paths, store, settings=settings, workers=workers, on_document=tick)
        counts = store.counts()
    err.print(
        f"stored {summary.stored}, reposts {summary.reposts}, already stored {summary.skipped}, "
        f"failed {summary.failed}; the store holds {counts['articles']} articles in "
        f"{counts['reports']} reports, {counts['events']} events, {counts['incidents']} incidents",
        markup=False,
    )
    if summary.failed:
        reasons = ", ".join(f"{n} {r}" for r, n in sorted(summary.reasons.items()))
        err.print(f"failures: {reasons} (see `claimscope errors`)", markup=False)


def _ingest_on_ray(
    paths: list[Path], out: str | None, address: str | None, workers: int, settings: Settings
) -> None:
    from claimscope.corpus import ray_engine

    err = _console(stderr=True)
    if out is None:
        raise typer.BadParameter("--engine ray writes Parquet: give --out DIR", param_hint="--out")
    try:
        run = ray_engine.run(paths, out, address=address, workers=workers, settings=settings)
    except ClaimscopeError as exc:
        err.print(f"error: {exc}", markup=False)
        raise typer.Exit(2) from exc
    err.print(
        f"shards {run.shards}: processed {run.processed}, already done {run.resumed}; "
        f"documents {run.documents}, failed {run.failed} in {run.seconds:.0f} s; "
        f"load them with `claimscope load {out} --db URL`",
        markup=False,
    )
    if run.reasons:
        reasons = ", ".join(f"{n} {r}" for r, n in sorted(run.reasons.items()))
        err.print(f"failures: {reasons}", markup=False)


def load(
    out_dir: Annotated[str, typer.Argument(help="An `ingest --engine ray` output directory/URI.")],
    db: DbOption = None,
) -> None:
    """Load a Ray run's Parquet output into the store: reposts grouped, incidents relinked."""
    from claimscope.corpus.load import load as load_run

    with _open_store(db) as store:
        loaded = load_run(out_dir, store)
        counts = store.counts()
    _console(stderr=True).print(
        f"stored {loaded['stored']}, reposts {loaded['reposts']}, already stored "
        f"{loaded['skipped'] + loaded['duplicate']}, failed {loaded['failed']}; the store holds "
        f"{counts['articles']} articles, {counts['events']} events, "
        f"{counts['incidents']} incidents",
        markup=False,
    )


def errors(db: DbOption = None, as_json: JsonOption = False, limit: LimitOption = 1000) -> None:
    """Documents that could not be stored, with the reason."""
    with _open_store(db) as store:
        rows = store.failures(limit=limit)
    _emit(rows, as_json, ("locator", "reason", "message", "failed_at"))


def _filters(**values: Any) -> Any:
    from claimscope.store import Filters

    return Filters(**values)


def _query(kind: str) -> Callable[..., None]:
    columns = {
        "articles": ("id", "published", "publisher", "title", "copies"),
        "events": (
            "date_start",
            "sub_event_type",
            "actor1",
            "actor2",
            "location",
            "country_code",
            "fatalities",
            "claimant_fatalities",
            "publisher",
        ),
        "claims": ("published", "source", "cue", "polarity", "status", "content"),
        "incidents": (
            "date_start",
            "sub_event_type",
            "location",
            "country_code",
            "n_reports",
            "contradiction",
            "record",
        ),
    }[kind]

    def command(
        db: DbOption = None,
        country: CountryOption = None,
        admin1: Admin1Option = None,
        since: SinceOption = None,
        until: UntilOption = None,
        event_type: TypeOption = None,
        actor: ActorOption = None,
        source: SourceOption = None,
        search: SearchOption = None,
        contradictions: ContradictionsOption = False,
        limit: LimitOption = 100,
        offset: OffsetOption = 0,
        as_json: JsonOption = False,
    ) -> None:
        try:
            filters = _filters(
                country=country,
                admin1=admin1,
                since=since,
                until=until,
                event_type=event_type,
                actor=actor,
                source=source,
                search=search,
                contradictions=contradictions,
                limit=limit,
                offset=offset,
            )
            with _open_store(db) as store:
                rows = getattr(store, kind)(filters)
        except ClaimscopeError as exc:
            _console(stderr=True).print(f"error: {exc}", markup=False)
            raise typer.Exit(2) from exc
        _emit(rows, as_json, columns)

    command.__doc__ = {
        "articles": "Stored articles (one row per copy; `copies` counts a report's reposts).",
        "events": "Events of the stored reports, each with every claimant's fatality figure.",
        "claims": "Claims by claimant, with cue, stance and framing.",
        "incidents": "Incidents: events linked across reports, claimants' figures side by side.",
    }[kind]
    return command


# After the place of an event its text does not place (`placement.event_location`).
FOCUS_MARK = "(report's focus area)"


def _cell(column: str, value: Any, row: Mapping[str, Any]) -> Text:
    if column == "location" and row.get("location_focus"):
        return Text(f"{value or '?'} {FOCUS_MARK}")
    if column == "claimant_fatalities" and isinstance(value, list):
        return Text("; ".join(_figure(f) for f in value))
    if column == "record" and isinstance(value, dict):
        return Text(_claimant_summary(value))
    if value is None:
        return Text("")
    if isinstance(value, bool):
        return Text("yes" if value else "")
    # Text, never markup: article text and names are untrusted.
    return Text(str(value))


def _amount(f: dict[str, Any]) -> str:
    """One figure without its claimant: '≥40 soldiers killed', '12-15 killed'."""
    low, high = f.get("low"), f.get("high")
    if low is not None and high is not None and low != high:
        amount = f"{low}-{high}"
    elif low is not None:
        amount = f"≥{low}" if high is None else str(low)
    elif high is not None:
        amount = f"≤{high}"
    else:
        amount = "?"
    return " ".join(part for part in (amount, f.get("who"), f.get("unit")) if part)


def _figure(f: dict[str, Any]) -> str:
    return f"{f.get('source')}: {_amount(f)}"


def _claimant_summary(record: dict[str, Any]) -> str:
    parts = []
    for claimant in record.get("claimants", []):
        shown = ", ".join(_amount(f) for f in claimant.get("figures") or [])
        name = claimant.get("claimant") or "?"
        parts.append(f"{name}: {shown}" if shown else str(name))
    return "; ".join(parts)


def _emit(rows: list[dict[str, Any]], as_json: bool, columns: tuple[str, ...]) -> None:
    if as_json:
        for row in rows:
            sys.stdout.write(json.dumps(row, ensure_ascii=False, default=str) + "\n")
        return
    table = Table(*(HEADERS.get(c, c) for c in columns), show_lines=False, expand=True)
    for row in rows:
        table.add_row(*(_cell(c, row.get(c), row) for c in columns))
    console = _console()
    console.print(table)
    console.print(Text(f"{len(rows)} rows"))


def export(
    fmt: Annotated[str, typer.Option("--format", help=" | ".join(EXPORT_FORMATS))],
    out: Annotated[Path, typer.Option(help="File to write (a directory for parquet).")],
    db: DbOption = None,
) -> None:
    """Export the store: ACLED-compatible CSV, GeoJSON, Parquet tables or analyses as JSON lines."""
    from claimscope import exports

    if fmt not in EXPORT_FORMATS:
        raise typer.BadParameter(f"--format must be one of {', '.join(EXPORT_FORMATS)}")
    with _open_store(db) as store:
        if store.incidents_stale():
            store.relink()
        incident_ids = store.incident_ids()

        def reports() -> Iterator[tuple[dict[str, Any], list[str], dict[str, str]]]:
            for analysis, outlets in store.iter_reports():
                article_id = analysis["document"]["id"]
                ids = incident_ids.get(article_id, {})
                yield analysis, outlets, ids

        unplaced = 0

        def acled() -> Iterator[dict[str, Any]]:
            nonlocal unplaced
            for analysis, outlets, ids in reports():
                unplaced += len(exports.acled_unplaced(analysis))
                yield from exports.acled_rows(analysis, outlets=outlets, incident_ids=ids)

        if fmt == "acled-csv":
            n = exports.write_acled_csv(acled(), out)
        elif fmt == "geojson":
            n = exports.write_geojson(
                (
                    feature
                    for analysis, outlets, ids in reports()
                    for feature in exports.geojson_features(
                        analysis, outlets=outlets, incident_ids=ids
                    )
                ),
                out,
            )
        elif fmt == "jsonl":
            n = exports.write_jsonl((analysis for analysis, _, _ in reports()), out)
        else:
            with exports.ParquetTables(out, exports.TABLE_SCHEMAS) as writer:
                for analysis, _, _ in reports():
                    writer.write(exports.table_rows(analysis))
                for incident in store.incidents(_filters(limit=10**9)):
                    writer.write(exports.incident_rows(incident["record"]))
            n = sum(writer.counts.values())
    # ACLED codes no event without a place: one the report gives nothing to place by is
    # left out, and said so here.
    left_out = f"; {unplaced} events left out, nothing in their report places them"
    left_out = left_out if unplaced else ""
    _console(stderr=True).print(f"wrote {n} records to {out}{left_out}", markup=False)


def relink(db: DbOption = None) -> None:
    """Re-link every stored event into incidents (ingest does this after each batch)."""
    with _open_store(db) as store:
        n = store.relink()
    _console(stderr=True).print(f"{n} incidents", markup=False)


def register(app: typer.Typer) -> None:
    app.command()(ingest)
    app.command()(errors)
    for kind in ("articles", "events", "claims", "incidents"):
        app.command(kind)(_query(kind))
    app.command()(export)
    app.command()(relink)
    app.command()(load)

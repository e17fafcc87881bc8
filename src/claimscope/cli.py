"""The command line: thin Typer commands over the library's functions."""

from __future__ import annotations

import sys
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import replace
from pathlib import Path, PurePath
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)

from claimscope import cli_store
from claimscope.cli_store import ProfileOption, settings_for, skipped_line
from claimscope.corpus.sources import is_folder_documentation
from claimscope.errors import ClaimscopeError, InputError

app = typer.Typer(
    help="claimscope: who claims what happened, to whom, where and when.",
    no_args_is_help=True,
    add_completion=False,
)
gazetteer_app = typer.Typer(
    help="Manage the gazetteer places resolve against.", no_args_is_help=True
)
app.add_typer(gazetteer_app, name="gazetteer")
eval_app = typer.Typer(
    help="Score each stage on public gold data (the path is an argument: any split).",
    no_args_is_help=True,
)
app.add_typer(eval_app, name="eval")

ARTICLE_SUFFIXES = frozenset({".md", ".markdown", ".txt", ".text", ".html", ".htm", ".xhtml"})
FORMATS = ("text", "markdown", "html")


def _console(stderr: bool = False) -> Console:
    return Console(stderr=stderr, highlight=False, soft_wrap=False)


def expand_inputs(
    paths: list[str],
    *,
    include: Iterable[str] = (),
    take_all: bool = False,
    skipped: Counter[str] | None = None,
) -> Iterator[str]:
    """Files as given, directories walked recursively for article files, '-' for stdin.

    A walk takes article extensions and those of `include`, but not a folder's README,
    LICENSE and the like (all files with `take_all`, hidden ones too); every file it passes
    over is counted in `skipped` by extension, so that the user is told what was not read.
    """
    wanted = ARTICLE_SUFFIXES | {_suffix(x) for x in include}
    for raw in paths:
        if raw == "-":
            yield raw
            continue
        path = Path(raw)
        if path.is_dir():
            for child in sorted(path.rglob("*")):
                if not child.is_file():
                    continue
                hidden = any(part.startswith(".") for part in child.relative_to(path).parts)
                documentation = not hidden and is_folder_documentation(child.name)
                article = child.suffix.lower() in wanted and not hidden and not documentation
                if take_all or article:
                    yield str(child)
                elif skipped is not None:
                    key = "folder documentation" if documentation else _skip_key(child.name, hidden)
                    skipped[key] += 1
        else:
            yield raw


def _suffix(ext: str) -> str:
    ext = ext.strip().lower()
    return ext if ext.startswith(".") else f".{ext}"


def _skip_key(name: str, hidden: bool) -> str:
    suffix = PurePath(name.lstrip(".")).suffix.lower() or "no extension"
    return f"hidden {suffix}" if hidden else suffix


def _read(name: str, max_bytes: int) -> bytes:
    if name == "-":
        return sys.stdin.buffer.read(max_bytes + 1)
    path = Path(name)
    if not path.exists():
        raise InputError("no such file", source=name)
    if path.is_dir():
        raise InputError("is a directory", source=name)
    with path.open("rb") as handle:
        # Read one byte past the limit so that ingest can say "too large" without
        # loading a huge file into memory.
        return handle.read(max_bytes + 1)


@app.command()
def analyze(
    paths: Annotated[list[str], typer.Argument(help="Article files, directories, or - for stdin.")],
    as_json: Annotated[bool, typer.Option("--json", help="Print the analysis as JSON.")] = False,
    out: Annotated[
        Path | None, typer.Option("--out", help="Write one JSON object per line to this file.")
    ] = None,
    published: Annotated[
        str | None, typer.Option(help="Publication date (YYYY-MM-DD) when the file lacks it.")
    ] = None,
    url: Annotated[str | None, typer.Option(help="URL of the article.")] = None,
    fmt: Annotated[
        str | None, typer.Option("--format", help="text, markdown or html (default: detect).")
    ] = None,
    stages: Annotated[
        str | None,
        typer.Option(help="Comma-separated stages to run (default: all of them, in order)."),
    ] = None,
    profile: ProfileOption = None,
    include: Annotated[
        list[str] | None,
        typer.Option("--include", help="In a directory, also read files of this extension."),
    ] = None,
    take_all: Annotated[
        bool, typer.Option("--all", help="In a directory, read every file, hidden ones too.")
    ] = False,
) -> None:
    """Analyse articles: events, claims by claimant, places, dates, figures and rhetoric."""
    from claimscope.output import render_report, to_json
    from claimscope.pipeline import Analyzer

    if fmt is not None and fmt not in FORMATS:
        raise typer.BadParameter(f"--format must be one of {', '.join(FORMATS)}")
    chosen = tuple(s.strip() for s in stages.split(",") if s.strip()) if stages else None
    settings = settings_for(profile, stages=chosen)
    err = _console(stderr=True)
    try:
        analyzer = Analyzer(settings)
    except ClaimscopeError as exc:
        err.print(f"error: {exc}", markup=False)
        raise typer.Exit(2) from exc
    skipped: Counter[str] = Counter()
    names = list(expand_inputs(paths, include=include or (), take_all=take_all, skipped=skipped))
    if line := skipped_line(
        skipped, "not of an article type", "--include EXT reads an extension, --all every file"
    ):
        err.print(line, markup=False)
    if not names:
        err.print("error: no article files found", markup=False)
        raise typer.Exit(2)
    failures = 0
    report = out is None and not as_json and len(names) == 1
    sink = out.open("w", encoding="utf-8") if out is not None else None
    progress = Progress(
        TextColumn("[progress.description]{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("{task.fields[rate]}"),
        TimeElapsedColumn(),
        TimeRemainingColumn(),
        console=err,
        disable=sink is None or len(names) < 2,
    )
    try:
        with progress:
            task = progress.add_task("analysing", total=len(names), rate="")
            for done, name in enumerate(names, start=1):
                try:
                    raw = _read(name, settings.max_bytes)
                    doc = analyzer.analyze(
                        raw, source_name=name, fmt=fmt, published=published, url=url
                    )
                except InputError as exc:
                    failures += 1
                    exc.source = exc.source or name
                    progress.console.print(f"error: {exc}", markup=False)
                    progress.advance(task)
                    continue
                if report:
                    render_report(doc, _console())
                elif sink is not None:
                    sink.write(to_json(doc) + "\n")
                else:
                    sys.stdout.write(to_json(doc, indent=2 if len(names) == 1 else None) + "\n")
                elapsed = progress.tasks[0].elapsed or 0.0
                rate = f"{done / elapsed:.1f} articles/s" if elapsed > 0 else ""
                progress.update(task, advance=1, rate=rate)
    finally:
        if sink is not None:
            sink.close()
    if failures:
        err.print(f"{failures} of {len(names)} documents failed", markup=False)
        raise typer.Exit(1)


@gazetteer_app.command("import")
def gazetteer_import(
    dump: Annotated[Path, typer.Argument(help="A GeoNames dump: XX.zip, allCountries.zip or .txt")],
    out: Annotated[
        Path, typer.Option(help="Where to write the gazetteer database.")
    ] = Path("geonames.sqlite"),
) -> None:
    """Import a GeoNames dump so that small villages resolve (then set CLAIMSCOPE_GAZETTEER)."""
    from claimscope.gazetteer import import_geonames

    try:
        count = import_geonames(dump, out)
    except ClaimscopeError as exc:
        _console(stderr=True).print(f"error: {exc}", markup=False)
        raise typer.Exit(1) from exc
    _console().print(
        f"imported {count} places into {out}\nuse it with: export CLAIMSCOPE_GAZETTEER={out}",
        markup=False,
    )


@app.command()
def stages() -> None:
    """List the registered pipeline stages in their default order."""
    from claimscope.config import DEFAULT_STAGES
    from claimscope.pipeline import registered

    for name in registered():
        mark = "default" if name in DEFAULT_STAGES else ""
        typer.echo(f"{name}\t{mark}")


# Each task runs only the stages its metric needs.
EVAL_STAGES: dict[str, tuple[str, ...]] = {
    "rhetoric": ("rhetoric",),
    "attribution": ("language", "claims"),
    "event-types": ("language", "places", "claims", "events"),
    "roles": ("language", "places", "claims", "events", "roles"),
    "where-when": ("language", "places", "claims", "events"),
    "geo": ("language", "places"),
    "linking": ("language", "places", "claims", "events", "roles"),
    "actors": ("language", "places", "claims", "events", "roles"),
}

JsonOption = Annotated[bool, typer.Option("--json", help="Print one JSON object.")]
LimitOption = Annotated[
    int | None, typer.Option(help="Score only the first N documents (a smoke run).")
]


CvOption = Annotated[
    int | None,
    typer.Option(
        "--cv",
        min=2,
        help="Score K disjoint folds of the documents (nothing refitted) and report each "
        "score's mean, spread, lowest fold and 95 % interval.",
    ),
]


def _run_eval(
    task: str,
    path: Path,
    as_json: bool,
    limit: int | None,
    profile: str | None = None,
    cv: int | None = None,
) -> None:
    import importlib

    from claimscope.eval.cv import cross_validate
    from claimscope.eval.report import render, to_json
    from claimscope.pipeline import Analyzer

    err = _console(stderr=True)
    if not path.exists():
        err.print(f"error: {path}: no such file or directory", markup=False)
        raise typer.Exit(2)
    if cv is not None and task == "linking":
        err.print("error: linking scores clusters across the whole set: no --cv", markup=False)
        raise typer.Exit(2)
    analyzer = Analyzer(settings_for(profile, stages=EVAL_STAGES[task]))
    module = importlib.import_module(f"claimscope.eval.{task.replace('-', '_')}")
    # Rhetoric is scored on the stage itself: its technique half labels gold spans.
    subject = analyzer.pipeline.stages[0] if task == "rhetoric" else analyzer
    if cv is None:
        result = module.evaluate(path, subject, limit=limit)
    else:
        result = cross_validate(module.evaluate, path, subject, k=cv, limit=limit)
    if as_json:
        typer.echo(to_json(result))
    else:
        _console().print(render(result))


EVAL_TASKS: dict[str, str] = {
    "rhetoric": "Propaganda spans and techniques on a PTC-layout directory "
    "(SemEval-2020 T11 / 2023 T3).",
    "attribution": "Sources, cues and contents of claims on PolNeAR (brat layout).",
    "event-types": "ACLED sub-event types on CASE 2021 task 2 snippets (TSV).",
    "actors": "Perpetrators and victims of attacks on WikiEvents (JSON lines, present-day news).",
    "roles": "Perpetrators, targets, victims and deaths on MUC-4 (JSON lines + raw keys).",
    "where-when": "Events' locations and dates against MUC-4's incident templates "
    "(JSON lines + raw keys and texts).",
    "geo": "Toponym recognition and resolution on LGL / GeoVirus / GWN / TR-News XML.",
    "linking": "Incident linking on a directory of reports with gold clusters "
    "(examples/incidents); no --cv: it scores clusters across the whole set.",
}


def _eval_command(task: str) -> None:
    def command(
        path: Path,
        as_json: JsonOption = False,
        limit: LimitOption = None,
        profile: ProfileOption = None,
        cv: CvOption = None,
    ) -> None:
        _run_eval(task, path, as_json, limit, profile, cv)

    command.__doc__ = EVAL_TASKS[task]
    eval_app.command(task)(command)


for _task in EVAL_TASKS:
    _eval_command(_task)


MODELS_DIR = Path(__file__).resolve().parent / "data" / "models"
TRAINABLE = ("rhetoric", "attribution", "roles", "event_types", "truecase")
ENCODER_STAGES = ("rhetoric", "event_types")


@app.command()
def train(
    stage: Annotated[str, typer.Argument(help=f"One of: {', '.join(TRAINABLE)}.")],
    data: Annotated[Path, typer.Option(help="The corpus to train on (a ../shared/data folder).")],
    out: Annotated[
        Path | None, typer.Option(help="Where to write the model (default: the packaged one).")
    ] = None,
    seed: Annotated[int, typer.Option(help="Random seed: the same seed, the same model.")] = 13,
    layers: Annotated[
        int | None,
        typer.Option(
            min=1, max=6, help="Encoder layers (rhetoric, event_types; the accurate profile: 6)."
        ),
    ] = None,
) -> None:
    """Reproduce a shipped model from its corpus (needs the `train` extra)."""
    import importlib

    if stage not in TRAINABLE:
        raise typer.BadParameter(f"stage must be one of {', '.join(TRAINABLE)}")
    if layers is not None and stage not in ENCODER_STAGES:
        raise typer.BadParameter(f"only {', '.join(ENCODER_STAGES)} have encoder layers")
    module = importlib.import_module(f"claimscope.train.{stage}")
    options = {"n_layers": layers} if layers is not None else {}
    scores = module.train(data, out or MODELS_DIR / stage, seed=seed, **options)
    for name, value in scores.items():
        typer.echo(f"{name}\t{value}")


@app.command()
def serve(
    db: Annotated[
        str | None,
        typer.Option("--db", help="Database URL (default: $CLAIMSCOPE_DB or claimscope.db)."),
    ] = None,
    host: Annotated[str, typer.Option(help="Interface to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on.")] = 8000,
    profile: ProfileOption = None,
) -> None:
    """The REST API (OpenAPI at /docs) and the web app; writes need $CLAIMSCOPE_TOKEN."""
    import uvicorn

    from claimscope.api import ServerSettings, create_app

    settings = ServerSettings(analyzer=settings_for(profile))
    settings = replace(settings, db_url=db) if db else settings
    uvicorn.run(create_app(settings), host=host, port=port, log_level="info")


cli_store.register(app)


def main() -> None:  # pragma: no cover
    app()

"""The command line: reports, JSON, batches with bad files, stdin."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from claimscope.cli import app
from claimscope.output import validate
from tests.conftest import EXAMPLES

runner = CliRunner()
ARTICLE = (
    "Gunmen attacked a village near Mopti on Monday, killing 9 civilians, local officials said."
)


def test_analyze_prints_a_readable_report(tmp_path: Path) -> None:
    path = tmp_path / "report.txt"
    path.write_text(ARTICLE)
    result = runner.invoke(app, ["analyze", str(path), "--published", "2024-05-02"])
    assert result.exit_code == 0, result.output
    assert "Events" in result.output and "local officials" in result.output


def test_analyze_json_validates(tmp_path: Path) -> None:
    path = tmp_path / "report.txt"
    path.write_text(ARTICLE)
    result = runner.invoke(
        app, ["analyze", str(path), "--json", "--published", "2024-05-02", "--url", "https://x.test/a"]
    )
    assert result.exit_code == 0, result.output
    analysis = json.loads(result.stdout)
    validate(analysis)
    assert analysis["document"]["url"] == "https://x.test/a"
    assert analysis["document"]["published"] == "2024-05-02"


def test_batch_goes_on_past_bad_files_and_says_so(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "good.txt").write_text(ARTICLE)
    (corpus / "empty.txt").write_text("   \n")
    (corpus / "binary.txt").write_bytes(b"\x00\x01\x02PK\x03\x04" * 20)
    (corpus / "also-good.md").write_text("# Title\n\n" + ARTICLE + "\n")
    out = tmp_path / "results.jsonl"
    result = runner.invoke(app, ["analyze", str(corpus), "--out", str(out)])
    assert result.exit_code == 1
    lines = out.read_text().splitlines()
    assert len(lines) == 2
    for line in lines:
        validate(json.loads(line))
    assert "empty.txt" in result.stderr and "binary.txt" in result.stderr
    assert "2 of 4 documents failed" in result.stderr


def test_stdin(tmp_path: Path) -> None:
    result = runner.invoke(app, ["analyze", "-", "--json"], input=ARTICLE)
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["document"]["text"] == ARTICLE


def test_missing_file_is_an_error_not_a_crash() -> None:
    result = runner.invoke(app, ["analyze", "no/such/file.md"])
    assert result.exit_code == 1
    assert "no/such/file.md" in result.stderr


def test_bundled_example_runs() -> None:
    result = runner.invoke(app, ["analyze", str(EXAMPLES / "sahel-convoy-ambush.md")])
    assert result.exit_code == 0, result.output


def test_gazetteer_import_then_villages_resolve(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import zipfile

    from tests.test_gazetteer import geonames_line

    dump = tmp_path / "SY.zip"
    with zipfile.ZipFile(dump, "w") as zf:
        zf.writestr(
            "SY.txt",
            geonames_line(9000001, "Baksariya", "", 35.61, 36.55, "P", "PPL", "SY", "12"),
        )
    db = tmp_path / "geonames.sqlite"
    result = runner.invoke(app, ["gazetteer", "import", str(dump), "--out", str(db)])
    assert result.exit_code == 0, result.output
    assert "imported 1 places" in result.stdout

    article = tmp_path / "posts.txt"
    article.write_text(
        "The Turkish army established a post in the town of Baksariya in Idlib province."
    )
    monkeypatch.setenv("CLAIMSCOPE_GAZETTEER", str(db))
    result = runner.invoke(app, ["analyze", str(article), "--json"])
    assert result.exit_code == 0, result.output
    places = json.loads(result.stdout)["places"]
    village = next(p for p in places if p["text"] == "Baksariya")
    assert village["resolved"]["geonameid"] == 9000001
    assert village["geo_precision"] == 1


def test_a_directory_walk_says_what_it_did_not_read(tmp_path: Path) -> None:
    (tmp_path / "sub").mkdir()
    (tmp_path / "a.txt").write_text("Gunmen killed two guards near Gao on Monday.\n")
    (tmp_path / "data.csv").write_text("Shelling hit Kharkiv on Monday, officials said.\n")
    (tmp_path / "sub" / "notes.rst").write_text("Nothing happened.\n")
    (tmp_path / ".draft.txt").write_text("Nothing happened.\n")
    out = tmp_path.parent / f"{tmp_path.name}.jsonl"

    def run(*extra: str) -> tuple[str, int]:
        result = runner.invoke(
            app, ["analyze", str(tmp_path), "--stages", "language", "--out", str(out), *extra]
        )
        assert result.exit_code == 0, result.output
        return result.stderr, len(out.read_text(encoding="utf-8").splitlines())

    plain, read = run()
    assert read == 1 and "skipped 3 files" in plain and "1 .csv" in plain
    assert "1 .rst" in plain and "1 hidden .txt" in plain
    assert "--include" in plain and "--all" in plain
    included, read = run("--include", "csv")
    assert read == 2 and "skipped 2 files" in included
    everything, read = run("--all")
    assert read == 4 and "skipped" not in everything


def test_a_directory_walk_passes_over_the_folders_readme(tmp_path: Path) -> None:
    (tmp_path / "a.md").write_text("Gunmen killed two guards near Gao on Monday.\n")
    (tmp_path / "README.md").write_text("# Reports\n\nThese are the reports of May.\n")
    (tmp_path / "LICENSE").write_text("Copyright the authors.\n")
    out = tmp_path.parent / f"{tmp_path.name}.jsonl"
    result = runner.invoke(
        app, ["analyze", str(tmp_path), "--stages", "language", "--out", str(out)]
    )
    assert result.exit_code == 0, result.output
    assert len(out.read_text(encoding="utf-8").splitlines()) == 1
    assert "skipped 2 files" in result.stderr and "2 folder documentation" in result.stderr
    named = runner.invoke(app, ["analyze", str(tmp_path / "README.md"), "--json"])
    assert named.exit_code == 0 and "These are the reports" in named.stdout


def test_ingest_says_it_passed_over_hidden_files_and_the_folders_readme(
        tmp_path: Path) -> None:
    (tmp_path / "corpus").mkdir()
    (tmp_path / "corpus" / ".cache.jsonl").write_text("{}\n")
    (tmp_path / "corpus" / "README.txt").write_text("What this corpus is.\n")
    (tmp_path / "corpus" / "a.txt").write_text("Gunmen killed two guards near Gao on Monday.\n")
    db = f"sqlite:///{tmp_path / 'x.db'}"
    result = runner.invoke(app, ["ingest", str(tmp_path / "corpus"), "--db", db, "--quiet",
                                 "--workers", "1"])
    assert result.exit_code == 0, result.output
    assert "skipped 1 file hidden (1 .jsonl)" in result.stderr
    assert "skipped 1 file documenting their folder (1 README.txt)" in result.stderr
    assert "stored 1," in result.stderr

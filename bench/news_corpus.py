"""The benches' corpus: LGL news articles from ../shared when present, else the examples."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LGL = ROOT.parent / "shared" / "data" / "geo" / "lgl.xml"


def corpus_name() -> str:
    return "lgl" if LGL.exists() else "examples"


def corpus_lines(n: int) -> list[dict[str, str]]:
    """N articles as JSON-lines records: LGL's texts, or the examples under N datelines."""
    if LGL.exists():
        texts = [t.text or "" for t in ET.parse(LGL).getroot().iter("text")]
        return [{"text": t, "publisher": "LGL"} for t in texts if t.strip()][:n]
    examples = sorted(p for p in (ROOT / "examples").glob("*-*.*") if p.suffix in (".md", ".txt"))
    return [
        {"text": f"Dispatch {i}. " * (i % 7 + 1) + examples[i % len(examples)].read_text()}
        for i in range(n)
    ]

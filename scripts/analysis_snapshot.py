"""Write, or check against, the analysis JSON of a fixed set of articles: the guard for
changes that must not change any output (speed-ups, refactors).

Usage:
  python scripts/analysis_snapshot.py write DIR [--lgl N] [--profile NAME ...]
  python scripts/analysis_snapshot.py check DIR [--lgl N] [--profile NAME ...]

The set: every bundled example (examples/ and examples/incidents, as `claimscope analyze`
reads them) and, when ../shared is present, the first N LGL texts (default 60), in each
profile (default: all). Each article is analysed twice in the same process and both runs
must agree, so that a cache that leaks one document's state into the next shows up.
`check` exits non-zero and names the files whose JSON differs.
"""

from __future__ import annotations

import argparse
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

from claimscope.cli import expand_inputs
from claimscope.config import PROFILES, Settings
from claimscope.output import to_json
from claimscope.pipeline import Analyzer

ROOT = Path(__file__).resolve().parent.parent
LGL = ROOT.parent / "shared" / "data" / "geo" / "lgl.xml"


def articles(lgl: int) -> list[tuple[str, bytes]]:
    """(snapshot name, raw bytes) of every article in the set."""
    dirs = [str(ROOT / "examples"), str(ROOT / "examples" / "incidents")]
    names = [n for n in expand_inputs(dirs) if Path(n).name != "README.md"]
    out = [(str(Path(n).relative_to(ROOT)).replace("/", "__"), Path(n).read_bytes()) for n in names]
    if lgl and LGL.exists():
        texts = [t.text or "" for t in ET.parse(LGL).getroot().iter("text")]
        texts = [t for t in texts if t.strip()][:lgl]
        out += [(f"lgl-{i:03d}.txt", t.encode()) for i, t in enumerate(texts)]
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("mode", choices=["write", "check"])
    parser.add_argument("dir", type=Path)
    parser.add_argument("--lgl", type=int, default=60)
    parser.add_argument("--profile", action="append", choices=sorted(PROFILES))
    args = parser.parse_args()
    profiles: list[str] = args.profile or list(PROFILES)
    raws = articles(args.lgl)
    differ: list[str] = []
    for profile in profiles:
        analyzer = Analyzer(Settings(profile=profile))
        target = args.dir / profile
        target.mkdir(parents=True, exist_ok=True)
        outputs: dict[str, str] = {}
        for _ in range(2):  # cold, then warm caches
            for name, raw in raws:
                # LGL texts carry no format hint in their name: read them as plain text.
                fmt = "text" if name.startswith("lgl-") else None
                doc = analyzer.analyze(raw, source_name=name, fmt=fmt)
                got = to_json(doc, indent=1)
                if outputs.setdefault(name, got) != got:
                    differ.append(f"{profile}/{name} (cold vs warm run)")
        for name, got in outputs.items():
            path = target / f"{name}.json"
            if args.mode == "write":
                path.write_text(got)
            elif not path.exists() or path.read_text() != got:
                differ.append(f"{profile}/{name}")
    print(f"{len(raws)} articles x {len(profiles)} profiles: ", end="")
    if differ:
        print(f"{len(differ)} differ:", *differ, sep="\n  ")
        sys.exit(1)
    print("written" if args.mode == "write" else "identical")


if __name__ == "__main__":
    main()

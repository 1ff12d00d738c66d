"""Time the language server's navigation (server/navigation.py) on a generated plan,
against ramaudit's own reading of the same text measured in the same run.

    python bench/navigation.py                 # a 1,000-tactic plan
    python bench/navigation.py --tactics 10000 --repeats 3

The server calls ``Navigator.update`` at every change of a document, so it only stores
the text; the first request after an edit then loads the plan. The reference is that
load as ``check`` makes it (the loader and the walk into models, collector paused, as
api.audit has it); the ratio says what navigation adds to it. Both run in this one
process, alternately, and medians are compared: absolute times drift on a shared
machine, ratios much less.
"""

from __future__ import annotations

import argparse
import gc
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from gen_plan import plan_text  # noqa: E402
from ramaudit.core import loader  # noqa: E402
from ramaudit.core.model import EXTENSION_PREFIX, SPELLINGS, build_plan  # noqa: E402
from ramaudit.core.vocabulary import DEFAULT  # noqa: E402
from ramaudit.server.navigation import Lines, Navigator  # noqa: E402


def read_as_check_does(text: str) -> None:
    gc.disable()
    try:
        doc = loader.load(text, extension_prefix=EXTENSION_PREFIX)
        build_plan(doc.data, loader.Locator(doc.root, SPELLINGS), DEFAULT)
    finally:
        gc.enable()


def median_ms(run: Callable[[], object], repeats: int) -> float:
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
    return 1e3 * statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tactics", type=int, default=1000)
    parser.add_argument("--repeats", type=int, default=7)
    args = parser.parse_args()
    text = plan_text(args.tactics)
    path = str(HERE / "out" / "navigation-plan.yaml")  # never read: the text is given
    link = text.index("objectives: o-", text.index("tactics:")) + len("objectives: o-")
    at = Lines(text).position(link)
    nav = Navigator()
    nav.update(path, text)
    nav.hover(path, at.line, at.character)

    updates, references, firsts = [], [], []
    for n in range(args.repeats):
        edited = text.replace("Synthetic", f"Synthetic {n}", 1)
        start = time.perf_counter()
        read_as_check_does(edited)
        references.append(time.perf_counter() - start)
        start = time.perf_counter()
        nav.update(path, edited)
        updates.append(time.perf_counter() - start)
        start = time.perf_counter()
        nav.hover(path, at.line, at.character)
        firsts.append(time.perf_counter() - start)
    reference = statistics.median(references)
    first = statistics.median(firsts)
    print(f"plan: {args.tactics:,} tactics, {len(text) / 1024:,.0f} KiB")
    print(f"update()                        {1e6 * statistics.median(updates):9.1f} us")
    print(f"reference: load as check does   {1e3 * reference:9.1f} ms")
    print(f"first hover after an edit       {1e3 * first:9.1f} ms   {first / reference:.2f}x")
    requests: list[tuple[str, Callable[[], object]]] = [
        ("hover", lambda: nav.hover(path, at.line, at.character)),
        ("definition", lambda: nav.definition(path, at.line, at.character)),
        ("references", lambda: nav.references(path, at.line, at.character, True)),
        ("completion", lambda: nav.completion(path, at.line, at.character)),
        ("workspace_symbols", lambda: nav.workspace_symbols("awareness")),
    ]
    for name, run in requests:
        print(f"{name:18s} (loaded)       {median_ms(run, args.repeats):9.2f} ms")
    # The outline is kept with its parse: drop it each time to time its making.
    docs = nav._docs[next(iter(nav._docs))]
    assert docs.parsed is not None

    def outline() -> None:
        assert docs.parsed is not None
        docs.parsed.outline = None
        nav.document_symbols(path)

    print(f"{'document_symbols':18s} (loaded)       {median_ms(outline, args.repeats):9.2f} ms")


if __name__ == "__main__":
    main()

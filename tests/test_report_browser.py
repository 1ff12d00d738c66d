"""The HTML report in a real browser: headless Chromium loads it from disk, dumps the
DOM it built and takes screenshots.

These tests need Debian's ``chromium`` package (``.ci/run`` installs it when apt is
available). They fail, never skip, when it is missing: the report's promise that plan
text cannot run in a reader's browser is only proven here. Set ``RAMAUDIT_CHROMIUM`` to
use another binary, and ``RAMAUDIT_SCREENSHOTS`` to a folder to keep copies of the
screenshots.
"""

from __future__ import annotations

import os
import re
import shutil
import struct
import subprocess
from html import unescape
from pathlib import Path

import pytest

from ramaudit.report import html
from report_helpers import EXAMPLE_COUNT, PINNED, all_examples, hostile, parse_html, random_acts

BINARIES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
# Headless, offline and quiet: no sandbox (CI runs as root), no GPU, no network
# services of the browser's own, a throwaway profile.
FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-default-apps",
    "--mute-audio",
    "--hide-scrollbars",
)
# A hung browser must not hang the suite; no assertion depends on timing.
HANG_LIMIT = 180


def chromium() -> str:
    override = os.environ.get("RAMAUDIT_CHROMIUM")
    found = override or next((p for b in BINARIES if (p := shutil.which(b))), None)
    if not found:
        pytest.fail(
            "the browser tests of the HTML report need Chromium, which is not "
            "installed: run 'apt-get install chromium' (Debian's package; .ci/run "
            "installs it) or set RAMAUDIT_CHROMIUM to a Chromium binary",
            pytrace=False,
        )
    return found


def run_browser(tmp_path: Path, page: Path, *args: str) -> subprocess.CompletedProcess[str]:
    profile = tmp_path / f"profile-{page.stem}-{len(list(tmp_path.iterdir()))}"
    proc = subprocess.run(
        [chromium(), *FLAGS, f"--user-data-dir={profile}", *args, page.resolve().as_uri()],
        capture_output=True,
        text=True,
        timeout=HANG_LIMIT,
        stdin=subprocess.DEVNULL,
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    return proc


def dump_dom(tmp_path: Path, page: Path) -> str:
    dom = run_browser(tmp_path, page, "--dump-dom").stdout
    assert "<html" in dom, "Chromium printed no DOM"
    return dom


def screenshot(tmp_path: Path, page: Path, name: str) -> Path:
    shot = tmp_path / name
    run_browser(tmp_path, page, f"--screenshot={shot}", "--window-size=1280,2400")
    assert shot.exists(), "Chromium wrote no screenshot"
    keep = os.environ.get("RAMAUDIT_SCREENSHOTS")
    if keep:
        Path(keep).mkdir(parents=True, exist_ok=True)
        shutil.copy(shot, Path(keep) / name)
    return shot


def png_size(path: Path) -> tuple[int, int]:
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    width, height = struct.unpack(">II", data[16:24])
    return width, height


def write(tmp_path: Path, name: str, text: str) -> Path:
    page = tmp_path / name
    page.write_text(text, encoding="utf-8")
    return page


def test_plan_text_never_runs_in_the_browser(tmp_path: Path) -> None:
    result = hostile()
    document = html.render([result], PINNED)
    # Without the Content-Security-Policy too: escaping alone must hold.
    for name, text in (
        ("hostile.html", document),
        ("hostile-no-csp.html", re.sub(r"<meta http-equiv=[^>]*>", "", document)),
    ):
        dom = dump_dom(tmp_path, write(tmp_path, name, text))
        parsed = parse_html(dom)
        tags = {t for t, _ in parsed.tags}
        assert "script" not in tags and "img" not in tags and "iframe" not in tags
        (title,) = re.findall(r"<head>.*?<title>(.*?)</title>", dom, re.S)
        assert unescape(title) == f"ramaudit report: {result.plan.info.name}"
        text_content = parsed.all_text
        assert "<script>document.title='pwned'</script>" in text_content
        assert "<img src=x onerror=\"document.title='pwned-owner'\">" in text_content
        assert "Goal </svg><script>document.title='pwned-goal'</script>" in text_content
        # The diagram survived the '</svg>' in names: every item is still drawn in it.
        items = set(parsed.attrs("g", "data-item"))
        assert {"t-</svg>", "t-<script>alert(1)</script>", 'o-"1"', "g-<i>1</i>"} <= items
        assert not any(name.startswith("on") for _, a in parsed.tags for name in a)


def test_diagram_and_findings_are_in_the_dom_and_screenshot(tmp_path: Path) -> None:
    result = random_acts()
    page = write(tmp_path, "random-acts.html", html.render([result], PINNED))
    dom = dump_dom(tmp_path, page)
    parsed = parse_html(dom)
    drawn = set(parsed.attrs("g", "data-item"))
    items = {n for n, k in result.graph.graph.nodes(data="kind") if k != "segment"}
    assert items <= drawn
    flagged = {
        a["data-item"]
        for t, a in parsed.tags
        if t == "g" and "random-act" in (a.get("data-flags") or "")
    }
    assert flagged == set(result.ram_spend.tactics)
    assert dom.count('<tr class="finding">') == len(result.findings)
    for f in result.findings:
        assert f.message in parsed.all_text
    assert "325,000 USD of 370,000 USD" in parsed.all_text

    shot = screenshot(tmp_path, page, "report.png")
    assert png_size(shot) == (1280, 2400)
    assert shot.stat().st_size > 40_000  # a blank page compresses to a few kilobytes


def test_portfolio_of_all_examples(tmp_path: Path) -> None:
    results = all_examples()
    page = write(tmp_path, "portfolio.html", html.render(results, PINNED))
    dom = dump_dom(tmp_path, page)
    parsed = parse_html(dom)
    links = [h for h in parsed.attrs("a", "href") if h.startswith("#plan-")]
    sections = [
        a["id"]
        for t, a in parsed.tags
        if t == "section" and "id" in a and a["id"].startswith("plan-")
    ]
    assert links == [f"#{s}" for s in sections] and len(sections) == EXAMPLE_COUNT
    assert dom.count("<svg") >= EXAMPLE_COUNT

    shot = screenshot(tmp_path, page, "portfolio.png")
    assert png_size(shot) == (1280, 2400)
    assert shot.stat().st_size > 40_000


def test_report_prints_to_pdf(tmp_path: Path) -> None:
    page = write(tmp_path, "print.html", html.render([random_acts()], PINNED))
    pdf = tmp_path / "report.pdf"
    run_browser(tmp_path, page, f"--print-to-pdf={pdf}", "--no-pdf-header-footer")
    data = pdf.read_bytes()
    assert data.startswith(b"%PDF")
    pages = len(re.findall(rb"/Type\s*/Page(?!s)", data))
    assert 2 <= pages <= 30, pages  # A4 pages: the report neither vanishes nor explodes


def test_the_report_reads_top_down_in_the_browser(tmp_path: Path) -> None:
    """Chromium's DOM has the executive summary (total, random-act spend, the ranked
    fixes with their points) first, then the questions, the diagram, the findings by
    severity and rule, and the appendix for a marketing reader."""
    from ramaudit.score.fixes import fixes_of

    result = random_acts()
    page = write(tmp_path, "top-down.html", html.render([result], PINNED))
    dom = dump_dom(tmp_path, page)
    order = [
        '<section class="summary">',
        "The four questions",
        "<h3>Traceability</h3>",
        "<h3>Findings",
        '<section class="sev-group error">',
        '<section class="sev-group warning">',
        '<section class="sev-group info">',
        '<section class="appendix"',
    ]
    places = [dom.index(marker) for marker in order]
    assert places == sorted(places)
    summary = dom[places[0] : places[1]]
    items = re.findall(r"<li>(.*?)</li>", summary, re.S)
    fixes = fixes_of(result, 3)
    assert len(items) == len(fixes) == 3
    for item, fix in zip(items, fixes, strict=True):
        assert f'<span class="gain">+{fix.points} points</span>' in item
    assert f"{result.score.total}/100" in summary and "325,000 USD of 370,000 USD" in summary
    heads = re.findall(r'<h5 class="rule-head"><a href="#rule-(RA\d+)">', dom)
    assert set(heads) == {f.code for f in result.findings} and len(heads) == len(set(heads))
    assert dom.count('<tr class="finding">') == len(result.findings)


def test_cut_diagram_names_are_printed_in_full(tmp_path: Path) -> None:
    """The table of full names is hidden on screen and shown in print; the PDF of a plan
    with long names keeps a sensible number of pages."""
    from ramaudit.api import audit_text

    long_name = (
        "A tactic whose name runs on far past the two lines a box in the diagram has room for"
    )
    plan = (
        "plan: {name: Long names}\ngoals: [{id: g1, name: Grow}]\n"
        "objectives: [{id: o1, name: Leads, goals: [g1]}]\n"
        f"tactics: [{{id: t1, name: '{long_name}', objectives: [o1]}}]\n"
    )
    page = write(tmp_path, "long.html", html.render([audit_text(plan, "long.yaml")], PINNED))
    dom = dump_dom(tmp_path, page)
    table = re.search(r'<table class="full-names print-only">(.*?)</table>', dom, re.S)
    assert table and long_name in unescape(table.group(1))
    pdf = tmp_path / "long.pdf"
    run_browser(tmp_path, page, f"--print-to-pdf={pdf}", "--no-pdf-header-footer")
    data = pdf.read_bytes()
    assert data.startswith(b"%PDF")
    assert 1 <= len(re.findall(rb"/Type\s*/Page(?!s)", data)) <= 6

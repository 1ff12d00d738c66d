"""The HTML report's progress section in a real browser (issue 12): headless Chromium
loads a report of a plan in the middle of its quarter, and the DOM it built, its
screenshot and its PDF print are checked by structure, not by pixels. Like
tests/test_report_browser.py, these fail (never skip) without Chromium."""

from __future__ import annotations

import re
from pathlib import Path

from ramaudit.report import html
from report_helpers import parse_html
from test_report_browser import dump_dom, png_size, run_browser, screenshot, write
from test_report_progress import HISTORY, midquarter, options


def page(tmp_path: Path) -> Path:
    result = midquarter()
    return write(tmp_path, "progress.html", html.render([result], options(result, HISTORY)))


def test_progress_section_is_built_by_the_browser(tmp_path: Path) -> None:
    dom = dump_dom(tmp_path, page(tmp_path))
    parsed = parse_html(dom)
    sections = [
        a.get("id") for t, a in parsed.tags if t == "section" and a.get("class") == "progress"
    ]
    assert sections == ["p1-progress"]
    svg_ids = [
        a.get("id") for t, a in parsed.tags if t == "svg" and (a.get("id") or "").startswith("p1-")
    ]
    pictures = ["p1-krs", "p1-burn-up", "p1-spend", "p1-timeline", "p1-history"]
    assert svg_ids[-5:] == pictures
    # Every picture is labelled by its title and description, read as the browser built them.
    for ident in pictures:
        (svg,) = re.findall(rf'<svg[^>]*id="{ident}".*?</svg>', dom, re.S)
        assert f'<title id="{ident}-title">' in svg and f'<desc id="{ident}-desc">' in svg
    kr_states = [a.get("data-state") for t, a in parsed.tags if t == "g" and a.get("class") == "kr"]
    assert kr_states == ["at risk", "off track", "off track", "no check-in"]
    (krs,) = re.findall(r'<svg[^>]*id="p1-krs".*?</svg>', dom, re.S)
    widths = re.findall(r'<rect class="fill [^"]*"[^>]* width="([\d.]+)"', krs)
    assert len(widths) == 3 and all(float(w) > 0 for w in widths)  # no check-in: no fill
    drawn = [a.get("data-item") for t, a in parsed.tags if t == "g" and a.get("class") == "tactic"]
    assert drawn == ["t-search", "t-webinar", "t-content", "t-podcast"]
    text = parsed.all_text
    for words in ("at risk", "off track", "budget 60,000 USD", "as of 2027-02-15", "score 55"):
        assert words in text
    assert "script" not in {t for t, _ in parsed.tags}


def test_progress_section_screenshot_and_print(tmp_path: Path) -> None:
    report = page(tmp_path)
    shot = screenshot(tmp_path, report, "progress.png")
    assert png_size(shot) == (1280, 2400)
    assert shot.stat().st_size > 40_000  # a blank page compresses to a few kilobytes
    pdf = tmp_path / "progress.pdf"
    run_browser(tmp_path, report, f"--print-to-pdf={pdf}", "--no-pdf-header-footer")
    data = pdf.read_bytes()
    assert data.startswith(b"%PDF")
    pages = len(re.findall(rb"/Type\s*/Page(?!s)", data))
    assert 2 <= pages <= 20, pages

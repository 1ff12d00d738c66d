"""The text of ``ramaudit config --show``: one line per setting, its value and where
it came from (the JSON format prints :class:`~ramaudit.config.values.ShownConfig` as
it is)."""

from __future__ import annotations

import json

from ramaudit.config.values import DEFAULT_SOURCE, ShownConfig
from ramaudit.report import RenderOptions


def render(data: ShownConfig, options: RenderOptions) -> str:
    """One line per setting; with ``options.wrap`` (a terminal) a line that does not
    fit ``options.width`` wraps at word boundaries, the rest of its value under a
    hanging indent at the value's column."""
    # File names and values are data: shown escaped, one line each, as in every output.
    from ramaudit.report.escape import shown

    width = options.width if options.wrap else None
    lines = [f"# effective configuration for {shown(data['path'])}"]
    if data["isolated"]:
        lines.append("# --isolated: configuration files ignored")
    else:
        lines.append(f"# configuration file: {shown(data['config_file'] or 'none found')}")
        named_by = data["config_file"]
        for name in data["extends"]:
            lines.append(f"# extends: {shown(name)} (named by {shown(named_by or '')})")
            named_by = name
    for name in data["shadowed"]:
        lines.append(f"# not used (shadowed by the file above): {shown(name)}")
    lines.append("")
    keys = max(len(r["key"]) for r in data["settings"])
    for row in data["settings"]:
        value = row["value"]
        if row["key"].startswith("vocabulary.") and row["source"] == DEFAULT_SOURCE:
            assert isinstance(value, list | dict)
            value_text = f"<{len(value)} default entries>"
        else:
            value_text = json.dumps(value, ensure_ascii=False)
        line = f"{row['key']:<{keys}}  {shown(value_text)}  # {shown(row['source'])}"
        lines += _wrap_row(line, keys + 2, width)
    return "\n".join(lines) + "\n"


def render_json(data: ShownConfig, options: RenderOptions) -> str:
    """The same data as JSON, as it is."""
    from ramaudit.report.escape import json_text

    return json_text(data)


def _wrap_row(line: str, indent: int, width: int | None) -> list[str]:
    if width is None or len(line) <= width:
        return [line]
    import textwrap

    if width - indent < 24:  # a long key on a narrow terminal: the value goes below
        indent = 4
    return textwrap.wrap(
        line,
        width=width,
        subsequent_indent=" " * indent,
        break_long_words=False,
        break_on_hyphens=False,
    ) or [line]

from collections.abc import Iterator, Mapping

from yaml.nodes import ScalarNode, SequenceNode

from ramaudit.config.options import RuleOption
from ramaudit.core.findings import Severity
from ramaudit.core.loader import PathT
from ramaudit.core.model import Item, kind_of
from ramaudit.core.vocabulary import Vocabulary
from ramaudit.rules.base import Context, Problem, Rule, quote

_ADVICE = {
    "name": "write what the item really is",
    "owner": "name the person accountable for it",
    "metric": "name the measure that will be reported",
    "description": "describe it or remove the description",
    "unit": "state the unit or remove it",
    "channel": "name the channel or remove it",
}


class PlaceholderText(Rule):
    """TBD, TODO, lorem ipsum or ??? left where a decision belongs.

    ## What it does
    Looks for placeholder text in the names, owners and KPI metrics of the plan and of
    every goal, objective, tactic and segment: `TBD`, `TBC`, `TODO`, `FIXME`, `lorem
    ipsum`, `???`, `n/a` and the other entries of the vocabulary's `placeholders` list
    (whole words only, so "Tbdata Inc" is fine). The finding points at the text. The
    option `fields` chooses what is checked (default `["name", "metric"]`; `owner`,
    `description`, `unit` and `channel` can be added). Owners are left out by default
    because RA301 reports a placeholder owner of a goal, objective or tactic as no
    owner at all; add `owner` to check the owners RA301 does not cover (the plan's,
    segments'), or when RA301 is turned off.

    A placeholder written where the format wants a number, a date, an id or a fixed
    word (`target: TBD`, `baseline: ???`, `due: n/a`, `segment: [seg-a, TBD]`) is read
    as "not decided yet": the field counts as absent, so no other rule calls it wrong or
    missing, and this rule names the field at its value. These are always reported,
    whatever `fields` says: the option chooses which free text is searched, while an
    undecided typed field is a value the plan does not have, and only this rule says so.

    ## Why it matters
    A placeholder is an open decision dressed up as a finished plan. A tactic named
    "TBD" passes a glance at the plan but says nothing about the work, and a metric
    called `TODO` cannot be measured, so the objective above it has no accountable
    number. Placeholders are easy to miss in review and tend to survive into the year
    they describe.

    ## Example
    ```yaml
    plan:
      name: Plan
    tactics:
      - id: t-tiktok
        name: TikTok challenge
        kpis:
          - metric: TODO
            target: 100
    ```

    ## Use instead
    ```yaml
    plan:
      name: Plan
    tactics:
      - id: t-tiktok
        name: TikTok challenge
        kpis:
          - metric: trial signups from the challenge page
            target: 100
    ```

    ## How to fix
    Make the decision and write it down: name the metric or the item. If it really
    cannot be decided yet, leave the field out so that the rules for missing KPIs and
    owners keep reminding you.
    """

    code = "RA308"
    name = "placeholder-text"
    depends_on = "item"
    severity = Severity.WARNING
    category = "accountability"
    fields = RuleOption(
        ["name", "metric"],
        "The fields checked for placeholder text such as TBD or TODO.",
        choices=("name", "owner", "metric", "description", "unit", "channel"),
    )

    def check(self, ctx: Context) -> Iterator[Problem]:
        wanted = set(ctx.option(self.fields))
        # Each field is asked about only when chosen, and an item is named only when
        # one of its fields holds a placeholder: most plans hold none.
        plan_fields: list[str] = [f for f in ("name", "owner", "description") if f in wanted]
        item_fields: list[str] = [
            f for f in ("name", "owner", "description", "channel") if f in wanted
        ]
        kpi_fields: list[str] = [f for f in ("metric", "unit") if f in wanted]
        vocab = ctx.vocabulary
        found = vocab.placeholder_in

        def problem(value: str, word: str, where: PathT, what: str, item: str | None) -> Problem:
            field_name = where[-1]
            assert isinstance(field_name, str)
            return Problem(
                where,
                f"{field_name} of {what} {_holds(value, word, vocab)} ({quote(value)}); "
                f"{_ADVICE[field_name]}",
                item=item,
            )

        info = ctx.plan.info
        if info is not None:
            for f in plan_fields:
                value = getattr(info, f)
                word = found(value) if isinstance(value, str) and value else None
                if word is not None and isinstance(value, str):
                    yield problem(value, word, ("plan", f), "the plan", None)
        for item in ctx.plan.items():
            what = ""
            for f in item_fields:
                value = getattr(item, f, None)
                word = found(value) if isinstance(value, str) and value else None
                if word is not None and isinstance(value, str):
                    what = what or _named(item)
                    yield problem(value, word, (*item.path, f), what, item.id)
            for kpi in getattr(item, "kpis", ()) if kpi_fields else ():
                for f in kpi_fields:
                    value = getattr(kpi, f)
                    word = found(value) if isinstance(value, str) and value else None
                    if word is not None and isinstance(value, str):
                        what = what or _named(item)
                        yield problem(value, word, (*kpi._path, f), f"a KPI of {what}", item.id)
        yield from _undecided(ctx)


def _named(item: Item) -> str:
    """``tactic 't-webinar'``: how a message names the item."""
    return f"{kind_of(item)} {quote(item.id)}"


def _undecided(ctx: Context) -> Iterator[Problem]:
    """The typed fields written as a placeholder, in document order: the plan block's,
    then each item's and its KPIs'."""
    info = ctx.plan.info
    if info is not None:
        yield from _not_decided(ctx, info.undecided, ("plan",), "the plan", None)
    for item in ctx.plan.items():
        kpis = [kpi for kpi in getattr(item, "kpis", ()) if kpi.undecided]
        if not item.undecided and not kpis:
            continue
        what = _named(item)
        yield from _not_decided(ctx, item.undecided, item.path, what, item.id)
        for kpi in kpis:
            kwhat = f"KPI {quote(kpi.metric)} of {what}"
            yield from _not_decided(ctx, kpi.undecided, kpi._path, kwhat, item.id)


def _not_decided(
    ctx: Context, undecided: Mapping[str, str], where: PathT, what: str, item: str | None
) -> Iterator[Problem]:
    for field_name, text in undecided.items():
        at: PathT = (*where, field_name)
        entry = _entry_of(ctx, at, text)
        if entry is None:
            said = f"is not decided yet ({quote(text)}); decide it, or leave the field out"
        else:
            at = (*at, entry)
            said = f"holds an id not decided yet ({quote(text)}); decide it, or leave it out"
        yield Problem(at, f"{field_name} of {what} {said} until it is", item=item)


def _entry_of(ctx: Context, where: PathT, text: str) -> int | None:
    """The index of the first placeholder among the entries of the list at ``where``
    (``segment: [seg-a, TBD]``), so that the finding points at it; None when the field
    holds one value."""
    node = ctx.locator.node(where)
    if not isinstance(node, SequenceNode):
        return None
    marks = {mark.strip() for mark in text.split(", ")}
    for i, child in enumerate(node.value):
        if isinstance(child, ScalarNode) and str(child.value).strip() in marks:
            return i
    return None


def _holds(value: str, word: str, vocab: Vocabulary) -> str:
    """``is a placeholder`` when that is all the text says; otherwise which placeholder
    it contains, as written (``Leads, target TBC`` contains 'TBC')."""
    if vocab.names_nothing(value):
        return "is a placeholder"
    at = value.lower().find(word)
    shown = value[at : at + len(word)] if at >= 0 else word
    return f"contains the placeholder {quote(shown)}"

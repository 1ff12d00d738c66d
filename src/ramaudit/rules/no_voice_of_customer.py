from collections.abc import Iterable, Iterator

from ramaudit.config.effective import NumberRange
from ramaudit.config.options import RuleOption
from ramaudit.core.findings import Severity
from ramaudit.core.vocabulary import Vocabulary
from ramaudit.rules.base import Context, Problem, Rule, count, quote


def evidence(entries: Iterable[str], vocabulary: Vocabulary) -> list[str]:
    """The entries of a segment's ``voice_of_customer`` that say something: not blank
    and not only a placeholder such as ``TBD`` (the fitness score counts the same)."""
    return [e for e in entries if not vocabulary.names_nothing(e)]


class NoVoiceOfCustomer(Rule):
    """A segment with no voice-of-customer evidence.

    ## What it does
    Reports a segment whose `voice_of_customer` list is missing or has fewer entries
    than the option `min-evidence` (default `1`), at the segment's `id`. Evidence is
    anything heard from real customers: interview notes, survey results, win/loss
    reasons, support tickets, review text. Blank entries and entries that are nothing
    but a placeholder (`""`, `TBD`, `???`) are not evidence and do not count. A
    `voice_of_customer` value that is not a list is left to RA002.

    A segment of `kind: internal` (the plan's own sales team, partners' staff: the
    audience of enablement work) is left alone: its members are colleagues the plan
    can simply ask, not a market whose needs have to be researched.

    ## Why it matters
    The third fitness question asks whether marketing is market-driven: built on what
    customers in each segment say they need, not on what the company wants to say
    about its product. A segment described only from the inside is a guess, and every
    message and tactic aimed at it inherits the guess.

    ## Example
    ```yaml
    plan:
      name: Plan
    segments:
      - id: seg-plant-managers
        name: Plant maintenance managers
    ```

    ## Use instead
    ```yaml
    plan:
      name: Plan
    segments:
      - id: seg-plant-managers
        name: Plant maintenance managers
        voice_of_customer:
          - "Survey 2026 (n=41): unplanned downtime is the cost they are measured on."
    ```

    ## How to fix
    Add at least one piece of evidence under `voice_of_customer:`, quoting or
    summarising what customers of the segment said and where. If there is none yet,
    talking to five of them is a good first tactic.
    """

    code = "RA309"
    name = "no-voice-of-customer"
    severity = Severity.INFO
    category = "market"
    min_evidence = RuleOption(
        1,
        "How many pieces of customer evidence (research, interviews, surveys) each segment "
        "needs; 0 turns the check off.",
        range=NumberRange(0, 1000, whole=True),
    )

    def check(self, ctx: Context) -> Iterator[Problem]:
        need = int(ctx.option(self.min_evidence))
        for seg in ctx.plan.segments:
            if ctx.invalid(seg, "voice_of_customer") or seg.kind == "internal":
                continue
            written = len(seg.voice_of_customer)
            have = len(evidence(seg.voice_of_customer, ctx.vocabulary))
            if have < need:
                if have == 0:
                    what = "has no voice-of-customer evidence"
                else:
                    what = (
                        f"has {count(have, 'piece')} of voice-of-customer evidence, "
                        f"fewer than {need}"
                    )
                if written > have:
                    empty = written - have
                    what += (
                        f" ({count(empty, 'entry', 'entries')} "
                        f"{'is' if empty == 1 else 'are'} blank or a placeholder)"
                    )
                yield Problem(
                    (*seg.path, "id"),
                    f"segment {quote(seg.id)} {what}; add what customers in it actually said "
                    "under 'voice_of_customer:'",
                    item=seg.id,
                )

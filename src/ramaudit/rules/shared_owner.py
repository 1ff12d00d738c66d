import re
from collections.abc import Iterator, Sequence

from ramaudit.core.findings import Severity
from ramaudit.core.loader import PathT
from ramaudit.core.model import kind_of
from ramaudit.core.vocabulary import Vocabulary
from ramaudit.core.wording import listed
from ramaudit.rules.base import Context, Problem, Rule, count, quote


class SharedOwner(Rule):
    """An item with more than one owner, so no single person answers for it.

    ## What it does
    Reports the plan, a goal, objective, campaign, milestone, tactic, segment or budget
    line whose `owner` names several people, at the owner. Two ways of writing it are
    caught. An `owner:` written as a list of two or more names (`owner: [Priya Raman,
    Marcus Lee]`) is always reported, whoever the names are; entries that are only a
    placeholder (`TBD`) do not count. An owner written as text is reported only when it
    plainly joins people's names: parts joined by the word "and" or by `&`, `+`, `/`,
    `;` or a comma, where every part looks like a person's name (capitalised words
    such as `Jo Bloggs`, `Ann O'Hara`, `Luis de la Cruz`) and none is a function, team
    or title. Teams stay quiet (`Sales & Marketing Ops`, `Brand and Growth`,
    `Events/PR`), and so do notes in brackets (`Priya Raman (VP Marketing)`, `Nadia
    Costa (Director, CRM & Lifecycle)`) and titles after a comma (`Dana Lee, CMO`). So
    that a pair of team names is never taken for two people, at least one part must be
    a full name of two or more words (`Priya Raman and Jo`), and with a comma every
    part must be (`Raman, Priya` is one person written surname first, `Dana Lee,
    Berlin` a place): `Priya and Jo` is not caught, so write such a pair as a list to
    have it checked.

    ## Why it matters
    Accountability needs role clarity: one person who reports on the item, decides when
    it slips and is asked about it when the numbers come in. When two people own
    something, each can take it for the other's job, and a review cannot end with one
    name against each action. The people who work on it with the owner are real and
    worth naming, as contributors, without blurring who answers for it.

    ## Example
    ```yaml
    plan:
      name: Plan
    objectives:
      - id: o-pipeline
        owner: [Priya Raman, Marcus Lee]
    ```

    ## Use instead
    ```yaml
    plan:
      name: Plan
    objectives:
      - id: o-pipeline
        owner: Priya Raman
        contributors: [Marcus Lee]
    ```

    ## How to fix
    Keep the one person who answers for the item in `owner:` and move the others to
    `contributors:` (objectives, campaigns, milestones and tactics have it). If nobody
    can be picked, the item is probably two items, one for each owner.
    """

    code = "RA313"
    name = "shared-owner"
    depends_on = "item"
    severity = Severity.WARNING
    category = "accountability"

    def check(self, ctx: Context) -> Iterator[Problem]:
        vocab = ctx.vocabulary
        info = ctx.plan.info
        if info is not None and not ctx.invalid(info, "owner"):
            # The plan block keeps the names of an owner list as items do (the walk
            # sets them on every model that has an owner).
            listed_names: Sequence[str] = getattr(info, "_owners_", ())
            yield from _judge(vocab, info.owner, listed_names, ("plan",), "the plan", None, "")
        # Owners repeat across a plan's items: whether one joins people is worked out
        # once per text (most join nobody, and then nothing is worded for the item).
        people: dict[str, bool] = {}
        for item in ctx.plan.items():
            if ctx.invalid(item, "owner"):
                continue
            owner = item.owner
            if not item.shared_owners:
                if not owner:
                    continue
                joins = people.get(owner)
                if joins is None:
                    joins = people[owner] = bool(joined_people(owner, vocab))
                if not joins:
                    continue
            kind = kind_of(item)
            also = (
                " and list the others under 'contributors:'"
                if "contributors" in type(item).model_fields
                else ""
            )
            what = f"{kind} {quote(item.id)}"
            yield from _judge(vocab, owner, item.shared_owners, item.path, what, item.id, also)


def _judge(
    vocab: Vocabulary,
    owner: str | None,
    names: Sequence[str],
    where: PathT,
    what: str,
    item: str | None,
    also: str,
) -> Iterator[Problem]:
    fix = f"name the one accountable owner in 'owner:'{also}"
    real = [n for n in names if not vocab.names_nothing(n)]
    if len(real) > 1:
        shown = listed((quote(n) for n in real), "and")
        yield Problem(
            (*where, "owner"),
            f"{what} has {count(len(real), 'owner')}, {shown}; {fix}",
            item=item,
        )
    elif not names and owner:
        people = joined_people(owner, vocab)
        if people:
            names_them = count(len(people), "person", "people")
            yield Problem(
                (*where, "owner"),
                f"{what} has owner {quote(owner)}, which names {names_them} "
                f"({listed((quote(p) for p in people), 'and')}); {fix}",
                item=item,
            )


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Notes in brackets say who someone is ("Priya Raman (VP Marketing)"), not who else owns.
_NOTE = re.compile(r"\([^()]*\)|\[[^\[\]]*\]")
_JOINS = re.compile(r"\s+and\s+|\s*[&+/;,]\s*", re.I)
# Lower-case words inside a name: "Luis de la Cruz", "Anna van der Berg".
_PARTICLES = _words("van von de da di del della der den la le du dos das bin ibn al ter ten")
# Capitalised words that name a function, a team, a title, a place or a firm rather than
# a person; with the vocabulary's marketing functions they keep team names quiet.
_NOT_PEOPLE = _words(
    """team teams department dept function group lead leads head manager managers director
    directors vp svp evp avp officer org staff unit agency specialist coordinator executive
    executives leadership chief president owner owners founder cofounder partner partners
    board committee council office desk squad pod guild chapter hub centre center
    sales marketing finance financial product products engineering development research
    design brand content growth demand gen generation operations ops support success
    customer customers client clients service services revenue strategy enablement people
    talent legal security data analytics insights communications comms digital social media
    events event field channel channels partnerships alliances web website creative
    community relations public procurement purchasing hr it pr seo retail ecommerce commerce
    lifecycle loyalty crm performance paid organic email programs program programme
    programmes campaign campaigns regional global international national local north south
    east west central america americas europe asia pacific africa emea apac latam middle
    nordics region business account accounts management admin administration technology
    tech platform editorial press investor investors acquisition retention ads ad ppc sem
    video webinar webinars newsletter blog podcast store stores shop
    co inc ltd llc gmbh plc corp company associates sons group holdings"""
)


def joined_people(owner: str, vocab: Vocabulary) -> list[str]:
    """The people ``owner`` names when it is text joining two or more people's names
    (``Priya Raman and Jo Bloggs``); empty when it names one person, a team, a title or
    anything that might be one (see the rule's docstring for what counts)."""
    if _JOINS.search(owner) is None:
        return []  # most owners join nothing: one quick search answers for them
    text = _NOTE.sub(" ", owner)
    parts = [" ".join(p.split()) for p in _JOINS.split(text)]
    if len(parts) < 2 or not all(parts):
        return []
    if not all(looks_like_person(p, vocab) for p in parts):
        return []
    full = [len([w for w in p.split() if w not in _PARTICLES]) >= 2 for p in parts]
    enough = all(full) if "," in text else any(full)
    return parts if enough else []


def looks_like_person(part: str, vocab: Vocabulary) -> bool:
    """Whether ``part`` (no brackets, no joins) is written as a person's name: one to
    four capitalised name words, none of them a function, team, title or place."""
    words = part.split()
    if not 1 <= len(words) <= 4 or vocab.names_nothing(part) or vocab.is_marketing_function(part):
        return False
    if not (_name_word(words[0]) and _name_word(words[-1])):
        return False
    return all(
        (_name_word(w) or w in _PARTICLES) and w.lower().strip(".") not in _NOT_PEOPLE
        for w in words
    )


def _name_word(word: str) -> bool:
    """A capitalised word a name is made of: ``Ann``, ``O'Hara``, ``Jean-Luc``,
    ``McLean``, an initial ``J.``; not an acronym (``CMO``, ``PR``) or a lower-case
    word."""
    if len(word) == 2 and word[0].isupper() and word[1] == ".":
        return True
    pieces = re.split(r"['’-]", word)
    return all(
        piece.isalpha()
        and piece[0].isupper()
        and (len(piece) == 1 or any(c.islower() for c in piece[1:]))
        for piece in pieces
    ) and any(len(piece) > 1 for piece in pieces)

"""What a query is searched as, for either backend: the text as typed, or
another reading of it (a keyboard slip, Buckwalter), or both (Latin names),
each planned into a Whoosh query tree.  The local engine evaluates that
tree itself; the cluster engine sends it to Solr (``searcher.solrquery``)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from whoosh import query as wq
from whoosh.fields import Schema

from analyzers import WORD_PATTERN

from .aliases import AliasEntry
from .errors import QueryError, shown
from .plan import QueryPlan, Spelling, Unit, is_plain, plan_query
from .query import check_expansion, parse_query
from .readings import Reading, read_query
from .vocabulary import Vocabulary

MAX_QUERY_WORDS = 256  # a longer "query" is a pasted document, not a search


@dataclass(frozen=True)
class Planned:
    """What a query is searched as: the query to run, the plan of the text as
    typed (a plain query), the other reading when there is one, the query as
    typed when the reading is searched beside it, and every plan run."""

    query: wq.Query
    plan: QueryPlan | None
    reading: Reading | None = None
    typed: wq.Query | None = None
    plans: tuple[QueryPlan, ...] = ()

    def relaxed_query(self) -> wq.Query | None:
        """What to search when the query matched nothing whole: a plain query
        of several units, each required, searched with any unit (documents
        holding more units rank first); None when there is nothing to relax."""
        if not self.plans or not all(p.require_all for p in self.plans) or max(len(p.units) for p in self.plans) <= 1:
            return None
        queries = [p.relaxed_query() for p in self.plans]
        return queries[0] if len(queries) == 1 else wq.Or(queries)


class QueryPlanner:
    """Plans queries against one index generation's *vocabulary*.
    *covers_more_than(node, limit)*: whether a prefix or range stands for
    more than *limit* index terms (each backend counts its own)."""

    def __init__(self, vocabulary: Vocabulary, schema: Schema, aliases: list[AliasEntry],
                 covers_more_than: Callable[[wq.Query, int], bool]) -> None:
        self.vocabulary = vocabulary
        self.schema = schema
        self.aliases = aliases
        self.covers_more_than = covers_more_than

    def plan(self, query: str, exact: bool) -> Planned:
        if not query.strip():
            raise QueryError("empty query: give one or more words to search for")
        words = sum(1 for _ in WORD_PATTERN.finditer(query))
        if words > MAX_QUERY_WORDS:
            raise QueryError(f"the query is too long ({words} words; at most {MAX_QUERY_WORDS}): shorten it")
        reading = None if exact else read_query(query, self.vocabulary)
        if reading and reading.replaces:
            # the reading instead of the text (and a Latin word's Arabic spelling beside it)
            return self._plan_with(reading.text, reading.beside, reading, reading, exact)
        # the text as typed, and a Latin name's reading beside it
        return self._plan_with(query, reading.text if reading else None, reading, None, exact)

    def _plan_with(self, text: str, beside: str | None, reading: Reading | None, searched: Reading | None,
                   exact: bool) -> Planned:
        """*text* planned, and *beside* too when there is one and *text* is
        a plain query: what matches *text* ranks first.  The plan carries
        *reading* when *beside* was searched, else *searched*."""
        q, plan = self._plan_text(text, exact)
        if beside and plan:
            beside_q, beside_plan = self._plan_text(beside, exact, dict(reading.spelled_from) if reading else None)
            if beside_plan is None:  # Latin words read as a phrase ("بان كي مون"): one unit, for explain
                unit = Unit(beside, [Spelling(beside.strip('"'), "phrase", beside_q)], beside_q)
                beside_plan = QueryPlan(beside, [unit], require_all=True)
            plans = (plan, beside_plan) if beside_plan else (plan,)
            # what ranks first is what matches the words as typed, not their expansions (Hotmail, not "hot mail")
            typed = q if exact else self._plan_text(text, True)[0]
            return Planned(wq.Or([q, beside_q]), plan, reading, typed=typed, plans=plans)
        return Planned(q, plan, searched, plans=(plan,) if plan else ())

    def _plan_text(self, text: str, exact: bool,
                   spelled_from: dict[str, str] | None = None) -> tuple[wq.Query, QueryPlan | None]:
        if is_plain(text):
            plan = plan_query(text, self.vocabulary, expand=not exact, aliases=self.aliases, spelled_from=spelled_from)
            if not plan.units:
                raise QueryError(f"the query «{shown(text)}» has no words to search for: give words, not only punctuation")
            return plan.query(), plan
        parsed = parse_query(text, self.schema, vocabulary=None if exact else self.vocabulary)
        check_expansion(parsed, self.covers_more_than)
        return parsed, None

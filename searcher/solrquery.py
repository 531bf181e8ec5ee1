"""A planned query (a Whoosh query tree) in Solr's standard query syntax.

The terms are arsearch's own, already analysed: each goes to Solr as one
escaped term of its field, which the collection's query analyzer only splits
on spaces (``index/solr-configset/schema.xml``).  Boosts, phrases and the
boolean structure carry over one to one; the forms of one word (``TermForms``:
روس with its glued forms وروسيا، بروسيا) are scored by the best of them
(Solr's ``maxscore`` parser), close to the local index's single joint term.
"""

from __future__ import annotations

from whoosh import query as wq

from index.solr import escaped

from .errors import QueryError, shown
from .fastsearch import TermForms

MATCH_NOTHING = "-*:*"


class SolrQuery:
    """One query's text and the parameters its nested parts refer to
    (``$tf0``, ``$tf1``… for the forms of a word)."""

    def __init__(self, prefix: str = "tf") -> None:
        self.params: dict[str, str] = {}
        self._prefix = prefix

    def text(self, q: wq.Query) -> str | None:
        """*q* in Solr's syntax; None when it matches nothing."""
        if q is wq.NullQuery or isinstance(q, type(wq.NullQuery)):
            return None
        kind = type(q)
        boost = getattr(q, "boost", 1.0)
        if kind is wq.Term:
            return _boosted(f"{q.fieldname}:{escaped(str(q.text))}", boost)
        if kind is TermForms:
            name = f"{self._prefix}{len(self.params)}"
            self.params[name] = " ".join(f"{f}:{escaped(str(t))}" for f, t in q.terms)
            return _boosted(f"({{!maxscore tie=0 v=${name}}})", boost)
        if kind is wq.Phrase:
            words = " ".join(escaped(str(w)) for w in q.words)
            slop = f"~{q.slop - 1}" if q.slop > 1 else ""
            return _boosted(f'{q.fieldname}:"{words}"{slop}', boost)
        if kind in (wq.Or, wq.DisjunctionMax):
            parts = [p for p in (self.text(sub) for sub in q.subqueries) if p]
            return _boosted(f"({' '.join(parts)})", boost) if parts else None
        if kind is wq.And:
            parts = [self.text(sub) for sub in q.subqueries]
            if not parts or any(p is None for p in parts):
                return None
            return _boosted(f"({' '.join('+' + p for p in parts if p)})", boost)
        if kind is wq.AndMaybe:
            required, optional = self.text(q.a), self.text(q.b)
            if required is None:
                return None
            return _boosted(f"(+{required}{' ' + optional if optional else ''})", boost)
        if kind is wq.AndNot:
            kept, excluded = self.text(q.a), self.text(q.b)
            if kept is None:
                return None
            return _boosted(f"(+{kept}{' -' + excluded if excluded else ''})", boost)
        if kind is wq.Not:
            excluded = self.text(q.query)
            return f"(*:* -{excluded})" if excluded else "*:*"
        if kind is wq.Require:
            scored, required = self.text(q.a), self.text(q.b)
            if scored is None or required is None:
                return None
            return _boosted(f"(+{scored} +({required})^0)", boost)
        if kind is wq.Every:
            return "*:*"
        if kind is wq.Prefix:
            return _boosted(f"{q.fieldname}:{escaped(str(q.text))}*", boost)
        if kind is wq.Wildcard:
            pattern = "".join(c if c in "*?" else escaped(c) for c in str(q.text))
            return _boosted(f"{q.fieldname}:{pattern}", boost)
        if kind is wq.TermRange:
            start = escaped(str(q.start)) if q.start else "*"
            end = escaped(str(q.end)) if q.end else "*"
            opening = "{" if q.startexcl else "["
            closing = "}" if q.endexcl else "]"
            return _boosted(f"{q.fieldname}:{opening}{start} TO {end}{closing}", boost)
        raise QueryError(f"the query part «{shown(str(q))}» cannot be searched on a cluster: rewrite it without it")


def _boosted(text: str, boost: float) -> str:
    return text if boost == 1.0 else f"{text}^{boost:g}"


def solr_query(q: wq.Query, prefix: str = "tf") -> tuple[str, dict[str, str]]:
    """*q* as Solr's ``q`` and its parameters (one that matches nothing when *q* does not)."""
    query = SolrQuery(prefix)
    return query.text(q) or MATCH_NOTHING, query.params

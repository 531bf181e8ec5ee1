"""A planned query (a Whoosh query tree) in Solr's standard query syntax.

The terms are arsearch's own, already analysed: each goes to Solr as one
escaped term of its field, which the collection's query analyzer only splits
on spaces (``index/solr-configset/schema.xml``).  Boosts, phrases and the
boolean structure carry over one to one; the forms of one word (``TermForms``:
روس with its glued forms وروسيا، بروسيا) are scored by the best of them
(Solr's ``maxscore`` parser), close to the local index's single joint term.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from math import log

from whoosh import query as wq

from index.solr import escaped

from .errors import QueryError, shown
from .fastsearch import TermForms

MATCH_NOTHING = "-*:*"
TEXT_LENGTH_FIELD = "text_length"  # the text field's length as Whoosh keeps it (index/solr.py)


class SolrQuery:
    """One query's text and the parameters its nested parts refer to
    (``$tf0``, ``$tf1``… for the forms of a word).

    With the collection's *documents* and each term's document frequency
    (*frequencies*, by (field, term)), every term is boosted so that Lucene's
    BM25 idf becomes Whoosh's: Lucene's idf, log(1 + (N - df + 0.5) / (df +
    0.5)), gives a word found in most documents almost nothing, where Whoosh's,
    log(N / (df + 1)) + 1, gives it at least 1, and the local ranking was
    tuned with that (0.903 against 0.920 MRR@10 without the boost).  A
    phrase takes the ratio of its words' idf sums."""

    def __init__(self, prefix: str = "tf", documents: int = 0,
                 frequencies: Mapping[tuple[str, str], int] | None = None,
                 forms_documents: Mapping[tuple[tuple[str, str], ...], int] | None = None,
                 ranking: Ranking | None = None) -> None:
        self.params: dict[str, str] = {}
        self._prefix = prefix
        self._documents = documents
        self._frequencies = frequencies or {}
        self._forms_documents = forms_documents or {}
        self._ranking = ranking

    def _idfs(self, fieldname: str, text: str, whoosh_df: int | None = None) -> tuple[float, float]:
        """(Whoosh's idf, Lucene's idf) of a term, Whoosh's taken from
        *whoosh_df* when given; (1, 1) when unknown."""
        df = self._frequencies.get((fieldname, text))
        n = self._documents
        if not df or not n:
            return 1.0, 1.0
        return log(n / ((df if whoosh_df is None else whoosh_df) + 1)) + 1, log(1 + (n - df + 0.5) / (df + 0.5))

    def _weight(self, fieldname: str, texts: list[str], whoosh_df: int | None = None) -> float:
        pairs = [self._idfs(fieldname, t, whoosh_df) for t in texts]
        lucene = sum(p[1] for p in pairs)
        return sum(p[0] for p in pairs) / lucene if lucene > 0 else 1.0

    def text(self, q: wq.Query) -> str | None:
        """*q* in Solr's syntax; None when it matches nothing."""
        if q is wq.NullQuery or isinstance(q, type(wq.NullQuery)):
            return None
        kind = type(q)
        boost = getattr(q, "boost", 1.0)
        if kind is wq.Term:
            return _boosted(f"{q.fieldname}:{escaped(str(q.text))}", boost * self._weight(q.fieldname, [str(q.text)]))
        if kind is TermForms and self._ranking and q.terms in self._forms_documents:
            return _boosted(self._joint_forms(q), boost)
        if kind is TermForms:
            name = f"{self._prefix}{len(self.params)}"
            # each form weighs as the whole word does locally: with the idf of the documents holding any form
            joint = self._forms_documents.get(q.terms)
            self.params[name] = " ".join(_boosted(f"{f}:{escaped(str(t))}", self._weight(f, [str(t)], joint))
                                         for f, t in q.terms)
            return _boosted(f"({{!maxscore tie=0 v=${name}}})", boost)
        if kind is wq.Phrase:
            words = " ".join(escaped(str(w)) for w in q.words)
            slop = f"~{q.slop - 1}" if q.slop > 1 else ""
            return _boosted(f'{q.fieldname}:"{words}"{slop}', boost * self._weight(q.fieldname, [str(w) for w in q.words]))
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


    def _joint_forms(self, q: TermForms) -> str:
        """A word in several forms scored as the local index scores it: as
        one term, its forms' occurrences added up (Lucene scores each term
        on its own, and the best form alone moved a sixth of the top 10s).
        Lucene's BM25 without its constant (K1 + 1) factor, with Whoosh's idf
        over the documents holding any form and the text field's length as
        Whoosh keeps it, computed on the documents that hold a form."""
        assert self._ranking is not None
        n = len(self.params)
        matched, function = f"{self._prefix}{n}", f"{self._prefix}{n}f"
        self.params[matched] = forms_text(q) + "^=1"
        frequencies = []
        for k, (fieldname, text) in enumerate(q.terms):
            term = f"{self._prefix}{n}t{k}"
            self.params[term] = str(text)
            frequencies.append(f"termfreq({fieldname},${term})")
        tf = f"sum({','.join(frequencies)})" if len(frequencies) > 1 else frequencies[0]
        documents = self._forms_documents[q.terms]
        idf = log(self._documents / (documents + 1)) + 1 if self._documents else 1.0
        k1, b, average = self._ranking.k1, self._ranking.b, self._ranking.average_length or 1.0
        norm = f"sum({1 - b:.6g},mul({b:.6g},div(field({TEXT_LENGTH_FIELD}),{average:.6g})))"
        self.params[function] = f"mul({idf:.6g},div({tf},sum({tf},mul({k1:.6g},{norm}))))"
        return f"({{!boost b=${function} v=${matched}}})"


@dataclass(frozen=True)
class Ranking:
    """BM25's parameters, and the text field's average length, for ``SolrQuery``."""

    k1: float
    b: float
    average_length: float


def _boosted(text: str, boost: float) -> str:
    return text if boost == 1.0 else f"{text}^{boost:.4g}"


def solr_query(q: wq.Query, prefix: str = "tf", documents: int = 0,
               frequencies: Mapping[tuple[str, str], int] | None = None,
               forms_documents: Mapping[tuple[tuple[str, str], ...], int] | None = None,
               ranking: Ranking | None = None) -> tuple[str, dict[str, str]]:
    """*q* as Solr's ``q`` and its parameters (one that matches nothing when
    *q* does not); see ``SolrQuery`` for *documents*, *frequencies* and
    *forms_documents* (the documents holding any form of a word, by its forms)."""
    query = SolrQuery(prefix, documents, frequencies, forms_documents, ranking)
    return query.text(q) or MATCH_NOTHING, query.params


def word_forms(q: wq.Query) -> list[TermForms]:
    """The words searched in several forms in *q* (whose documents ``SolrQuery`` counts)."""
    if isinstance(q, TermForms):
        return [q]
    return [] if q.is_leaf() else [f for child in q.children() for f in word_forms(child)]


def forms_text(forms: TermForms) -> str:
    """A query for the documents that hold any of a word's forms."""
    return "(" + " ".join(f"{f}:{escaped(str(t))}" for f, t in forms.terms) + ")"


def scored_terms(q: wq.Query) -> set[tuple[str, str]]:
    """The (field, term) pairs whose frequencies ``SolrQuery`` weighs."""
    found: set[tuple[str, str]] = set()
    for node in q.leaves():
        if isinstance(node, wq.Term):
            found.add((node.fieldname, str(node.text)))
        elif isinstance(node, wq.Phrase):
            found.update((node.fieldname, str(w)) for w in node.words)
    return found

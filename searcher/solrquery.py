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

from index.solr import escaped, length_field

from .errors import QueryError, shown
from .fastsearch import TermForms

MATCH_NOTHING = "-*:*"


class SolrQuery:
    """One query's text and the parameters its nested parts refer to.

    Given *ranking* (BM25's parameters and the fields' average lengths), the
    collection's *documents* and each term's document frequency
    (*frequencies*, by (field, term)), every term, phrase and word in
    several forms is scored exactly as the local index scores it: Whoosh's
    BM25 as a function (its idf, log(N / (df + 1)) + 1, and the field length
    as Whoosh keeps it in one byte, indexed beside each document) on the
    documents that match it.  Lucene's own BM25 differs in its idf (a word
    in most documents counts for almost nothing), its length bytes and in
    scoring each form of a word on its own: the same questions' top 10
    overlapped the local ones by 0.80 with it, 0.97 with its idf corrected.
    Without *ranking*, Lucene scores (for counts, which need no score)."""

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

    def _name(self) -> str:
        return f"{self._prefix}{len(self.params)}"

    def _scores(self, fieldname: str) -> bool:
        return self._ranking is not None and fieldname in self._ranking.average_lengths and self._documents > 0

    def _idf(self, documents: int) -> float:
        """Whoosh's idf for a term in *documents* documents."""
        return log(self._documents / (documents + 1)) + 1

    def _bm25(self, fieldname: str, terms: list[tuple[str, str]], idf: float) -> str:
        """Whoosh's BM25 of *terms* (their frequencies added up) as a Solr
        function, with *fieldname*'s length and average."""
        assert self._ranking is not None
        frequencies = []
        for field, text in terms:
            name = self._name()
            self.params[name] = text
            frequencies.append(f"termfreq({field},${name})")
        tf = f"sum({','.join(frequencies)})" if len(frequencies) > 1 else frequencies[0]
        k1, b = self._ranking.k1, self._ranking.b
        average = self._ranking.average_lengths[fieldname] or 1.0
        norm = f"sum({1 - b:.6g},mul({b:.6g},div(field({length_field(fieldname)}),{average:.8g})))"
        return f"mul({idf * (k1 + 1):.8g},div({tf},sum({tf},mul({k1:.6g},{norm}))))"

    def _scored(self, matched: str, score: str) -> str:
        """The documents of *matched* (a query), each scored by the function *score*."""
        query = self._name()
        self.params[query] = f"({matched})^=1"
        function = self._name()
        self.params[function] = score
        return f"({{!boost b=${function} v=${query}}})"

    def text(self, q: wq.Query) -> str | None:
        """*q* in Solr's syntax; None when it matches nothing."""
        if q is wq.NullQuery or isinstance(q, type(wq.NullQuery)):
            return None
        kind = type(q)
        boost = getattr(q, "boost", 1.0)
        if kind is wq.Term:
            field, text = q.fieldname, str(q.text)
            clause = f"{field}:{escaped(text)}"
            if self._scores(field) and self._frequencies.get((field, text)):
                clause = self._scored(clause, self._bm25(field, [(field, text)], self._idf(self._frequencies[(field, text)])))
            return _boosted(clause, boost)
        if kind is TermForms:
            # one word in several forms, scored as one term (fastsearch.TermForms): its
            # forms' occurrences added up, the idf of the documents holding any form
            field = q.terms[0][0]
            if self._scores(field) and q.terms in self._forms_documents:
                score = self._bm25(field, [(f, str(t)) for f, t in q.terms], self._idf(self._forms_documents[q.terms]))
                return _boosted(self._scored(forms_text(q), score), boost)
            name = self._name()
            self.params[name] = forms_text(q)
            return _boosted(f"({{!maxscore tie=0 v=${name}}})", boost)
        if kind is wq.Phrase:
            words = [str(w) for w in q.words]
            slop = f"~{q.slop - 1}" if q.slop > 1 else ""
            clause = f'{q.fieldname}:"{" ".join(escaped(w) for w in words)}"{slop}'
            known = [w for w in words if self._frequencies.get((q.fieldname, w))]
            if self._scores(q.fieldname) and len(known) == len(words):
                # as the local index scores a phrase: the sum of its words' scores
                scores = [self._bm25(q.fieldname, [(q.fieldname, w)], self._idf(self._frequencies[(q.fieldname, w)]))
                          for w in words]
                clause = self._scored(clause, scores[0] if len(scores) == 1 else f"sum({','.join(scores)})")
            return _boosted(clause, boost)
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


@dataclass(frozen=True)
class Ranking:
    """BM25's parameters, and each scored field's average length (as Whoosh's:
    all its tokens over all documents), for ``SolrQuery``."""

    k1: float
    b: float
    average_lengths: Mapping[str, float]


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
    """A query for the documents that hold any of a word's forms (its clauses, unbracketed)."""
    return " ".join(f"{f}:{escaped(str(t))}" for f, t in forms.terms)


def scored_terms(q: wq.Query) -> set[tuple[str, str]]:
    """The (field, term) pairs whose frequencies ``SolrQuery`` weighs."""
    found: set[tuple[str, str]] = set()
    for node in q.leaves():
        if isinstance(node, wq.Term):
            found.add((node.fieldname, str(node.text)))
        elif isinstance(node, wq.Phrase):
            found.update((node.fieldname, str(w)) for w in node.words)
    return found

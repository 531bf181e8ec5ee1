"""Query parsing: Whoosh's query language over title and body, analysed by
the same Arabic chain as the index."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from whoosh import query as wq
from whoosh.fields import TEXT, Schema
from whoosh.qparser import FieldAliasPlugin, OrGroup, PlusMinusPlugin, PrefixPlugin, QueryParser, WildcardPlugin
from whoosh.searching import Searcher

from analyzers.tokenizer import is_notation

from .errors import QueryError, shown
from .plan import word_query
from .vocabulary import Vocabulary

from index.schema import TEXT_FIELD


class ArabicQueryParser(QueryParser):
    """Bag of words (every word optional, BM25-ranked over title and body as one
    text) with Whoosh's syntax: "phrases", AND / OR / NOT, +required and
    -excluded words, title:word (body:word is the whole text), prefix*.

    Loose words drop stop words unless ``keep_stop_words``; a word that the
    analyzer splits in several tokens (5+5, COVID-19) becomes a phrase.
    """

    def __init__(self, schema: Schema, keep_stop_words: bool = False, vocabulary: Vocabulary | None = None) -> None:
        super().__init__(TEXT_FIELD, schema, group=OrGroup)
        self.add_plugin(FieldAliasPlugin({TEXT_FIELD: ["body"]}))
        # Whoosh's wildcards take ? and the Arabic question mark ؟ as "any
        # letter", which would turn every question into a wildcard search.
        self.remove_plugin_class(WildcardPlugin)
        self.add_plugin(PrefixPlugin())
        # + and - are operators only at the start of a word: 5+5 and COVID-19 are words.
        self.add_plugin(PlusMinusPlugin(plusexpr=r"(?<![^\s(])\+(?=\S)", minusexpr=r"(?<![^\s(])-(?=\S)"))
        self.keep_stop_words = keep_stop_words
        self.vocabulary = vocabulary  # None: no spelling variants

    def term_query(self, fieldname, text, termclass, boost=1.0, tokenize=True, removestops=True):  # type: ignore[no-untyped-def]
        field = self.schema[fieldname] if self.schema and fieldname in self.schema else None
        if not isinstance(field, TEXT) or termclass is not wq.Term:
            return super().term_query(fieldname, text, termclass, boost, tokenize, removestops)
        drop = removestops and not self.keep_stop_words
        texts = [t.text for t in field.analyzer(text, mode="query", tokenize=tokenize, drop_stop_words=drop)]
        if not texts:
            return None
        notations = [t for t in texts if is_notation(t)]
        if notations:  # 5+5 written in any of its forms: one term
            texts = notations[:1]
        if len(texts) == 1:
            if self.vocabulary and fieldname == TEXT_FIELD and not notations:
                # the word in every spelling, with its glued forms: NOT سوريا also excludes «وسوريا»
                return word_query(text, self.vocabulary, boost)
            return wq.Term(fieldname, texts[0], boost=boost)
        return wq.Phrase(fieldname, texts, boost=boost)


QUERY_FIELDS = ("title", "body")  # (source: and date: are filters, taken out before parsing)
# a Latin name right before a colon and something after it: Whoosh's field syntax (10:30 is no field)
_FIELD_SYNTAX = re.compile(r"(?<![\w:/.-])([A-Za-z_]+):(?=[^\s/])")


def parse_query(text: str, schema: Schema, vocabulary: Vocabulary | None = None) -> wq.Query:
    """Parse *text* with Whoosh's query syntax; a query of stop words only is
    searched with them kept.  With a *vocabulary*, each word also matches its
    spelling variants.

    Raises QueryError for an unknown field (an empty text is refused
    before, by the engine's planning).
    """
    for match in _FIELD_SYNTAX.finditer(text):
        if match.group(1).lower() not in QUERY_FIELDS + ("http", "https"):
            raise QueryError(f"unknown field «{shown(match.group(1))}:» in the query: the fields are "
                             f"{', '.join(f + ':' for f in QUERY_FIELDS + ('source', 'date'))}")
    try:
        parsed = ArabicQueryParser(schema, vocabulary=vocabulary).parse(text)
        if not _has_positive_terms(parsed):
            parsed = ArabicQueryParser(schema, keep_stop_words=True, vocabulary=vocabulary).parse(text)
    except Exception as err:  # Whoosh's parser has no single error type
        raise QueryError(f"cannot parse the query «{shown(text)}»: {shown(str(err))}") from None
    parsed = _exclude_negated(parsed)
    if not _has_positive_terms(parsed):
        raise QueryError(f"the query «{shown(text)}» has no words to search for: give words that are not only punctuation, operators or excluded (-word, NOT word)")
    return parsed


MIN_PREFIX_LETTERS = 2  # ا* would be every word that starts with an alef
MAX_EXPANDED_TERMS = 2_000  # a prefix or range that stands for more words is refused: it would hold a worker for seconds


def check_expansion(q: wq.Query, covers_more_than: Callable[[wq.Query, int], bool]) -> None:
    """Refuse a prefix or range that stands for too many words: QueryError
    naming it and what to do (its cost grows with every word it covers).
    *covers_more_than(node, limit)* counts the index terms a node stands for."""
    for node in q.leaves():
        if not isinstance(node, (wq.Prefix, wq.TermRange, wq.Wildcard)):
            continue
        written = shown(str(node).split(":", 1)[-1])
        if isinstance(node, wq.Prefix) and len(node.text) < MIN_PREFIX_LETTERS:
            raise QueryError(f"the prefix «{written}» is too short: give at least {MIN_PREFIX_LETTERS} letters before *")
        if covers_more_than(node, MAX_EXPANDED_TERMS):
            raise QueryError(f"«{written}» stands for more than {MAX_EXPANDED_TERMS:,} words: "
                             "give a longer prefix or a narrower range")


def covers_more_than(reader: Any, node: wq.Query, limit: int) -> bool:
    """Whether the prefix or range *node* covers more than *limit* index
    terms, counted through the reader's public term listing (and stopped
    at the limit: no need to list them all)."""
    if isinstance(node, wq.Prefix):
        terms = reader.expand_prefix(node.fieldname, node.text)
    elif isinstance(node, wq.TermRange):
        field = reader.schema[node.fieldname]
        start = field.to_bytes(node.start) if node.start else b""
        end = field.to_bytes(node.end) if node.end else None
        terms = _until_past(reader, node.fieldname, start, end)
    else:
        terms = iter(node.existing_terms(reader, expand=True))
    return any(n >= limit for n, _ in enumerate(terms))


def _until_past(reader: Any, fieldname: str, start: bytes, end: bytes | None) -> Iterator[bytes]:
    for name, term in reader.terms_from(fieldname, start):
        if name != fieldname or (end is not None and term > end):
            return
        yield term


def _exclude_negated(q: wq.Query) -> wq.Query:
    """In a bag of optional words, ``NOT x`` means "without x" (as in Lucene),
    not "or anything but x", which is what an Or around a Not would match."""
    if not q.is_leaf():
        q = q.apply(_exclude_negated)
    if isinstance(q, wq.Or):
        negated = [c.query for c in q.subqueries if isinstance(c, wq.Not)]
        kept = [c for c in q.subqueries if not isinstance(c, wq.Not)]
        if negated and kept:
            return wq.AndNot(wq.Or(kept, boost=q.boost), wq.Or(negated))
    return q


def _has_positive_terms(q: wq.Query) -> bool:
    if q is wq.NullQuery or isinstance(q, wq.Not):
        return False
    if isinstance(q, wq.AndNot):
        return _has_positive_terms(q.a)
    if q.is_leaf():
        return True
    return any(_has_positive_terms(child) for child in q.children())


def highlight_terms(q: wq.Query, leaf_terms: Callable[[wq.Query], Iterable[tuple[str, str]]],
                    phrases: list[tuple[str, ...]] | None = None) -> dict[str, set[str]]:
    """The index terms, per field, that a hit may contain because it matched
    *q*: every term outside a NOT, with prefixes and wildcards expanded by
    *leaf_terms* (a leaf query's (field, term) pairs that the index holds).
    With a *phrases* list, the text field's phrases go there (their words in
    order) instead of among the terms: a phrase's word alone is no match."""
    terms: dict[str, set[str]] = {}

    def walk(node: wq.Query) -> None:
        if isinstance(node, wq.Not):
            return
        if isinstance(node, wq.AndNot):
            walk(node.a)
            return
        if phrases is not None and isinstance(node, wq.Phrase) and node.fieldname == TEXT_FIELD:
            phrases.append(tuple(node.words))
            return
        if node.is_leaf():
            for fieldname, text in leaf_terms(node):
                terms.setdefault(fieldname, set()).add(text)
            return
        for child in node.children():
            walk(child)

    walk(q)
    return terms


def index_leaf_terms(searcher: Searcher) -> Callable[[wq.Query], Iterator[tuple[str, str]]]:
    """*leaf_terms* for ``highlight_terms`` on a local index: the terms a
    leaf stands for that the index holds.  A term or a phrase's words are
    taken as they are: one the index lacks is in no document, so marking it
    marks nothing, and looking each up cost a question 2 ms."""
    reader = searcher.reader()

    def leaf_terms(node: wq.Query) -> Iterator[tuple[str, str]]:
        if isinstance(node, wq.Term) and isinstance(node.text, str):
            yield node.fieldname, node.text
            return
        if isinstance(node, wq.Phrase):
            for word in node.words:
                yield node.fieldname, word
            return
        for fieldname, text in node.existing_terms(reader, phrases=True, expand=True):
            yield fieldname, searcher.schema[fieldname].from_bytes(text) if isinstance(text, bytes) else text

    return leaf_terms

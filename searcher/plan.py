"""Query planning for plain queries: words → units → spellings → a Whoosh query.

A plain query (no operators, quotes, fields or wildcards) is what most people
type.  Each *unit* is one thing the user asked for: a word, a compound name
(عبد الرزاق), a number notation (5+5).  Each unit is searched in every
*spelling* the index holds for it:

* exact: the word's own normalised stem;
* variant: spellings of the same name with a long vowel or a loanword
  consonant written differently (ترامب / ترمب, جوجل / غوغل), found in the
  index's vocabulary through the variant table (``index/variants.py``) and
  ranked below the exact spelling;
* joined / split: a compound written as one word or two (عبدالرازق /
  عبد الرازق, فيسبوك / فيس بوك), when the index holds the other form;
* alias: spellings listed together in an aliases file;
* notation: 5+5, 5 + 5 and 5 زائد 5 (one index term, see analyzers/tokenizer.py).

Up to ``ALL_UNITS_UP_TO`` units, every unit is required (a name or a short
query is meant whole); longer queries (questions) match any unit and rank by
BM25.  A short query that finds nothing is searched again with any unit.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from whoosh import query as wq

from analyzers import WORD_PATTERN, aggressive_stem, light_stem, normalize
from analyzers.stopwords import STOP_WORDS
from analyzers.variants import (
    COMPOUND_HEADS,
    compound_splits,
    is_expandable,
    looks_native,
    max_spelling_distance,
    spelling_distance,
    variant_key,
)
from index.schema import ROOT_FIELD, SURFACE_FIELD, TEXT_FIELD
from index.variants import VariantTable

VARIANT_BOOST = 0.8  # a variant spelling ranks below the exact one
SURFACE_BOOST = 0.3  # the word as written, on top of its stem
ROOT_BOOST = 0.3  # the word's aggressive stem, on top of its light stem
MAX_VARIANTS = 8
SPLIT_VARIANTS = 2  # how many variants are also tried written apart
SECOND_HOP_SHARE = 0.25  # a variant's variant must be this common, relative to the variant
GLUED_WORD_RATIO = 5  # بنتايج = ب + نتايج when نتايج is this much more common
ALL_UNITS_UP_TO = 2

# Syntax that sends a query to Whoosh's full parser instead.
_SYNTAX = re.compile(
    r'["()]|\b(?:AND|OR|NOT|ANDNOT|ANDMAYBE)\b|(?:^|\s)[+-](?=\S)|\b[a-z_]+:|\*|\^\d'
)
_PLUS_WORDS = frozenset({normalize("زائد"), "+"})


def is_plain(text: str) -> bool:
    return not _SYNTAX.search(text)


@dataclass(frozen=True)
class Spelling:
    """One way a unit may be written in the index."""

    text: str  # the index terms, space-separated for a phrase
    kind: str  # exact, variant, joined, split, alias, notation
    query: wq.Query


@dataclass
class Unit:
    """One thing the user asked for, with every spelling searched for it."""

    words: str  # the user's text for it
    spellings: list[Spelling] = field(default_factory=list)

    def query(self) -> wq.Query:
        queries = [s.query for s in self.spellings]
        return queries[0] if len(queries) == 1 else wq.Or(queries)


@dataclass
class QueryPlan:
    text: str
    units: list[Unit]
    require_all: bool

    def query(self) -> wq.Query:
        subqueries = [u.query() for u in self.units]
        if len(subqueries) == 1:
            return subqueries[0]
        return wq.And(subqueries) if self.require_all else wq.Or(subqueries)

    def relaxed_query(self) -> wq.Query:
        subqueries = [u.query() for u in self.units]
        return subqueries[0] if len(subqueries) == 1 else wq.Or(subqueries)


@dataclass(frozen=True)
class _Token:
    raw: str
    norm: str
    stem: str
    start: int
    end: int


@dataclass
class _Word:
    """Tokens written together (5+5, COVID-19 are one word of two tokens)."""

    tokens: list[_Token]

    @property
    def start(self) -> int:
        return self.tokens[0].start

    @property
    def end(self) -> int:
        return self.tokens[-1].end

    def single(self) -> _Token | None:
        return self.tokens[0] if len(self.tokens) == 1 else None


class Vocabulary:
    """What the index holds: document frequencies and the variant table."""

    def __init__(self, doc_frequency: Callable[[str], int], table: VariantTable) -> None:
        self.doc_frequency = doc_frequency
        self.table = table

    def has(self, term: str) -> bool:
        return self.doc_frequency(term) > 0

    def variants(self, term: str, names_only: bool = True) -> list[str]:
        """Other spellings of *term* in the index, most frequent first.

        With *names_only*, a native-looking word (كتاب) has none and
        native-looking spellings are not offered; after a compound head
        (عبد الرزاق) the second part is a name whatever it looks like.  A rare
        spelling also takes the variants of its most common spelling
        (انجيلوس → انجلوس → انجليس)."""
        if names_only and not is_expandable(term):
            return []
        found = self._neighbours(term, names_only)
        if found and (common := self.doc_frequency(found[0])) > self.doc_frequency(term):
            found += [
                v for v in self._neighbours(found[0], names_only)
                if v != term and v not in found and self.doc_frequency(v) >= SECOND_HOP_SHARE * common
            ]
        return found[:MAX_VARIANTS]

    def _neighbours(self, term: str, names_only: bool) -> list[str]:
        return [
            t for t, df in self.table.get(variant_key(term), [])
            if t != term and t not in STOP_WORDS and not (names_only and looks_native(t))
            and spelling_distance(term, t) <= max_spelling_distance(term)
            and not self._is_glued_word(t, df)
        ]

    def _is_glued_word(self, term: str, df: int) -> bool:
        """بنتايج is ب + نتايج, not a spelling of بنتاج: a one-letter proclitic
        the stemmer keeps, glued to a word the index holds more often."""
        return term[0] in _PROCLITICS and len(term) > 4 and self.doc_frequency(term[1:]) >= GLUED_WORD_RATIO * df


_PROCLITICS = frozenset("وفبلك")


def _term(text: str, boost: float = 1.0) -> wq.Query:
    return wq.Term(TEXT_FIELD, text, boost=boost)


def _phrase(terms: list[str], boost: float = 1.0) -> wq.Query:
    return wq.Phrase(TEXT_FIELD, terms, boost=boost)


_GLUE = frozenset("+-–/._'’&@")


def _words(text: str) -> list[_Word]:
    words: list[_Word] = []
    for match in WORD_PATTERN.finditer(text):
        norm = normalize(match.group())
        if not norm:
            continue
        token = _Token(match.group(), norm, light_stem(norm), match.start(), match.end())
        gap = text[words[-1].end : match.start()] if words else ""
        if gap and set(gap) <= _GLUE:
            words[-1].tokens.append(token)  # only a connector between: 5+5, COVID-19
        else:
            words.append(_Word([token]))
    return words


def plan_query(text: str, vocabulary: Vocabulary, expand: bool = True,
               aliases: Iterable[list[list[str]]] = ()) -> QueryPlan:
    """Plan a plain query; the plan has no units when nothing is searchable."""
    words = _words(text)
    content = [w for w in words if not (w.single() and w.tokens[0].norm in STOP_WORDS)]
    if not content:
        content = words  # stop words only: search them
    units = _units(text, content, vocabulary, expand, aliases, loose=False)
    if len(units) > ALL_UNITS_UP_TO:  # a ranked bag of words: the aggressive stem may match too
        units = _units(text, content, vocabulary, expand, aliases, loose=True)
    return QueryPlan(text, units, require_all=len(units) <= ALL_UNITS_UP_TO)


def _units(text: str, content: list[_Word], vocabulary: Vocabulary, expand: bool,
           aliases: Iterable[list[list[str]]], loose: bool) -> list[Unit]:
    units: list[Unit] = []
    i = 0
    while i < len(content):
        consumed, unit = _notation_unit(text, content, i)
        if unit is None and expand:
            consumed, unit = _alias_unit(text, content, i, aliases)
        if unit is None and expand:
            consumed, unit = _joined_unit(text, content, i, vocabulary)
        if unit is None:
            consumed, unit = 1, _word_unit(text, content[i], vocabulary, expand, loose)
        units.append(unit)
        i += consumed
    return units


def _span(text: str, words: list[_Word]) -> str:
    return text[words[0].start : words[-1].end]


def _notation_unit(text: str, words: list[_Word], i: int) -> tuple[int, Unit | None]:
    """N+N, N + N and N زائد N all become the phrase N N (one word between allowed)."""
    word = words[i]
    if len(word.tokens) == 2 and all(t.norm.isdigit() for t in word.tokens) and "+" in text[word.start : word.end]:
        return 1, _notation(text, [word], [t.stem for t in word.tokens])
    if i + 1 < len(words):
        a, b = word.single(), words[i + 1].single()
        if a and b and a.norm.isdigit() and b.norm.isdigit() and text[a.end : b.start].strip() == "+":
            return 2, _notation(text, words[i : i + 2], [a.stem, b.stem])
    if i + 2 < len(words):
        a, plus, b = (w.single() for w in words[i : i + 3])
        if a and plus and b and a.norm.isdigit() and b.norm.isdigit() and plus.norm in _PLUS_WORDS:
            return 3, _notation(text, words[i : i + 3], [a.stem, b.stem])
    return 0, None


def _notation(text: str, words: list[_Word], terms: list[str]) -> Unit:
    """The notation token the tokenizer adds for N+N, N + N and N زائد N."""
    term = "+".join(terms)
    return Unit(_span(text, words), [Spelling(term, "notation", _term(term))])


def _alias_unit(text: str, words: list[_Word], i: int,
                aliases: Iterable[list[list[str]]]) -> tuple[int, Unit | None]:
    """The longest run of words that is one spelling of an alias entry."""
    for entry in aliases:
        for spelling in entry:
            key = [t for t in spelling if t not in STOP_WORDS]
            n = len(key)
            run = words[i : i + n]
            if n and len(run) == n and all(w.single() for w in run) and [w.tokens[0].stem for w in run] == key:
                unit = Unit(_span(text, run))
                for other in entry:
                    kind = "exact" if other == spelling else "alias"
                    query = _term(other[0]) if len(other) == 1 else _phrase(other)
                    unit.spellings.append(Spelling(" ".join(other), kind, query))
                return n, unit
    return 0, None


def _joined_unit(text: str, words: list[_Word], i: int, vocabulary: Vocabulary) -> tuple[int, Unit | None]:
    """Two words that the index also holds written as one: عبد الرزاق / عبدالرزاق."""
    if i + 1 >= len(words):
        return 0, None
    a, b = words[i].single(), words[i + 1].single()
    if not a or not b or a.norm in STOP_WORDS or b.norm in STOP_WORDS:
        return 0, None
    joined = light_stem(a.norm + b.norm)
    joined_variants = vocabulary.variants(joined)
    if not vocabulary.has(joined) and not joined_variants:
        return 0, None
    unit = Unit(_span(text, words[i : i + 2]), [Spelling(f"{a.stem} {b.stem}", "exact", _phrase([a.stem, b.stem]))])
    if a.norm in COMPOUND_HEADS:
        unit.spellings += _head_variants(a.stem, b.stem, vocabulary)
    if vocabulary.has(joined):
        unit.spellings.append(Spelling(joined, "joined", _term(joined)))
    unit.spellings += [Spelling(v, "variant", _term(v, VARIANT_BOOST)) for v in joined_variants]
    return 2, unit


def _head_variants(head: str, name: str, vocabulary: Vocabulary) -> list[Spelling]:
    """عبد الرزاق also as عبد الرازق: after a compound head the name part may
    vary like any name."""
    return [Spelling(f"{head} {v}", "variant", _phrase([head, v], boost=VARIANT_BOOST))
            for v in vocabulary.variants(name, names_only=False)]


def _root_query(token: _Token) -> wq.Query:
    """Documents sharing the word's aggressive stem: in the root field (words
    whose two stems differ) or, for words whose stems agree, in the text field."""
    root = aggressive_stem(token.raw)
    in_root = wq.Term(ROOT_FIELD, root, boost=ROOT_BOOST)
    if root == token.stem:
        return in_root  # the text field's match is the exact term itself
    return wq.Or([in_root, wq.Term(TEXT_FIELD, root, boost=ROOT_BOOST)])


def _word_unit(text: str, word: _Word, vocabulary: Vocabulary, expand: bool, loose: bool) -> Unit:
    token = word.single()
    if token is None:  # several tokens written together: a phrase
        terms = [t.stem for t in word.tokens]
        return Unit(text[word.start : word.end], [Spelling(" ".join(terms), "exact", _phrase(terms))])
    exact = _term(token.stem)
    surface = wq.Term(SURFACE_FIELD, token.norm, boost=SURFACE_BOOST) if SURFACE_BOOST and token.norm != token.stem else None
    root = _root_query(token) if ROOT_BOOST and token.norm not in STOP_WORDS else None
    if loose:
        # A ranked bag of words (a question): the aggressive stem is one more
        # way to match (a written form always matches its light stem too).
        forms = [q for q in (exact, surface, root) if q is not None]
        exact = forms[0] if len(forms) == 1 else wq.Or(forms)
    elif surface or root:
        # A name or a short query, where every match counts: the written form
        # and the aggressive stem only rank what the light stem matched.
        boosters = [q for q in (surface, root) if q is not None]
        exact = wq.AndMaybe(exact, boosters[0] if len(boosters) == 1 else wq.Or(boosters))
    unit = Unit(token.raw, [Spelling(token.stem, "exact", exact)])
    if expand and token.norm not in STOP_WORDS:
        variants = vocabulary.variants(token.stem)
        unit.spellings += [Spelling(v, "variant", _term(v, VARIANT_BOOST)) for v in variants]
        # a variant may be written apart too: فايسبوك → فيسبوك → فيس بوك
        for variant in variants[:SPLIT_VARIANTS]:
            for left, right in compound_splits(variant):
                if vocabulary.has(left) and vocabulary.has(right) and not {left, right} & STOP_WORDS:
                    unit.spellings.append(Spelling(f"{left} {right}", "variant", _phrase([left, right], boost=VARIANT_BOOST)))
        for left, right in compound_splits(token.norm):
            parts = [light_stem(left), light_stem(right)]
            if any(p in STOP_WORDS for p in (left, right)) or not vocabulary.has(parts[0]):
                continue
            if vocabulary.has(parts[1]):
                unit.spellings.append(Spelling(" ".join(parts), "split", _phrase(parts)))
            if left in COMPOUND_HEADS:
                unit.spellings += _head_variants(parts[0], parts[1], vocabulary)
    return unit

"""Query planning for plain queries: words → units → spellings → a Whoosh query.

A plain query (no operators, quotes, fields or wildcards) is what most people
type.  Each *unit* is one thing the user asked for: a word, a compound name
(عبد الرزاق), a number notation (5+5).  Each unit is searched in every
*spelling* the index holds for it, found in the index's own vocabulary
(``index/vocabulary.py``):

* the word as written and its stem, with the particles glued to it
  (روسيا with وروسيا، بروسيا، لروسيا), scored as one term;
* variants: spellings of the same name with a long vowel or a loanword
  consonant written differently (ترامب / ترمب, جوجل / غوغل), ranked below the
  spelling typed;
* joined / split: a compound written as one word or two (عبدالرازق /
  عبد الرزاق, فيسبوك / فيس بوك);
* alias: spellings listed together in an aliases file;
* notation: 5+5, 5 + 5 and 5 زائد 5 (one index term, see analyzers/tokenizer.py).

The spellings of a name form one closed set: variants are the connected group
of the name's spellings (``Vocabulary.variant_group``), and the joined form,
its variants and every way of writing them apart are all tried, so whichever
spelling is typed, the same documents are found.

Up to ``ALL_UNITS_UP_TO`` units and no question word, every unit is required
(a name or a few keywords are meant whole); questions and longer queries
match any unit and rank by BM25.  A short query that finds nothing is searched
again with any unit, documents holding more units first.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field

from whoosh import query as wq

from analyzers import WORD_PATTERN
from analyzers.forms import WordForms
from analyzers.proclitics import proclitic_readings
from analyzers.scripts import latin_distance
from analyzers.stopwords import is_question
from analyzers.tokenizer import notation_spans
from analyzers.variants import (
    COMPOUND_HEADS,
    compound_splits,
)
from index.schema import ROOT_FIELD, SURFACE_FIELD, TEXT_FIELD

from .fastsearch import term_forms
from .vocabulary import LOANWORD_LETTERS, Vocabulary

VARIANT_BOOST = 0.8  # a variant spelling ranks below the one typed
# a Latin word's Arabic reading is searched with the variants the Latin spells within this many changes more
LATIN_VARIANT_CHANGES = 0.5
SURFACE_BOOST = 0.3  # the word as written, on top of its stem
ROOT_BOOST = 0.3  # the word's aggressive stem, on top of its light stem
ALL_UNITS_UP_TO = 4  # a query of this many units (and no question word) needs them all
PHRASE_BOOST = 1.0  # ... and the words side by side as typed score this on top
# In a ranked bag of words (a question), each pair of adjacent content words
# found side by side in a document scores this share of their own scores on
# top (docs/ranking.md: +0.01 MRR@10 on XQuAD-ar + news, both halves).
PAIR_BOOST = 0.3
# ... and two content words with stop words between may stand as far apart as
# the question writes them (مدينة في ليبيا), as stop words keep their positions
# in the index (docs/ranking.md: chosen on the tune half); False: side by side only.
PAIRS_SPAN_STOP_WORDS = True

# Syntax that sends a query to Whoosh's full parser instead.
_SYNTAX = re.compile(
    r'["()]|\b(?:AND|OR|NOT|ANDNOT|ANDMAYBE)\b|(?:^|\s)[+-](?=\S)|\b[a-z_]+:|\*|\^\d'
)


def is_plain(text: str) -> bool:
    return not _SYNTAX.search(text)


@dataclass(frozen=True)
class Spelling:
    """One way a unit may be written in the index, with the query that counts
    its documents (for ``explain``)."""

    text: str  # as the index holds it, space-separated for a phrase
    kind: str  # written form, stem, glued, variant, joined, split, alias, notation
    query: wq.Query


@dataclass
class Unit:
    """One thing the user asked for: every spelling searched for it, and the
    query that finds and scores them together."""

    words: str  # the user's text for it
    spellings: list[Spelling] = field(default_factory=list)
    search: wq.Query | None = None

    def query(self) -> wq.Query:
        if self.search is not None:
            return self.search
        queries = [s.query for s in self.spellings]
        return queries[0] if len(queries) == 1 else wq.Or(queries)


@dataclass
class QueryPlan:
    text: str
    units: list[Unit]
    require_all: bool
    phrase: list[str] = field(default_factory=list)  # the stems of the query's words, in order
    # content stems next to each other once stop words are dropped, with how
    # far apart the query writes them (2: one stop word between)
    pairs: list[tuple[str, str, int]] = field(default_factory=list)

    def query(self) -> wq.Query:
        subqueries = [u.query() for u in self.units]
        if len(subqueries) == 1:
            return subqueries[0]
        if not self.require_all:
            if PAIR_BOOST and self.pairs:
                # the pairs only rank: their positions are read for the best documents only
                pairs = [_phrase([a, b], boost=PAIR_BOOST, slop=distance) for a, b, distance in self.pairs]
                return wq.AndMaybe(wq.Or(subqueries), wq.Or(pairs))
            return wq.Or(subqueries)
        if len(self.phrase) > 1:
            # every word is required; the words as typed, side by side, rank
            # first (محمد بن سلمان before an article with محمد here, بن سلمان there)
            return wq.AndMaybe(wq.And(subqueries), _phrase(self.phrase, boost=PHRASE_BOOST))
        return wq.And(subqueries)

    def relaxed_query(self) -> wq.Query:
        subqueries = [u.query() for u in self.units]
        return subqueries[0] if len(subqueries) == 1 else wq.Or(subqueries)


@dataclass(frozen=True)
class _Token:
    raw: str
    forms: WordForms
    start: int
    end: int

    @property
    def norm(self) -> str:
        return self.forms.norm

    @property
    def stem(self) -> str:
        return self.forms.stem or self.forms.norm


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


def _term(text: str, boost: float = 1.0) -> wq.Query:
    return wq.Term(TEXT_FIELD, text, boost=boost)


def _phrase(terms: list[str], boost: float = 1.0, slop: int = 1) -> wq.Query:
    return wq.Phrase(TEXT_FIELD, terms, boost=boost, slop=slop)


_GLUE = frozenset("+-–/._'’&@")


def _words(text: str, forms_of: Callable[[str], WordForms]) -> list[_Word]:
    words: list[_Word] = []
    for match in WORD_PATTERN.finditer(text):
        forms = forms_of(match.group())
        if not forms.norm:
            continue
        token = _Token(match.group(), forms, match.start(), match.end())
        gap = text[words[-1].end : match.start()] if words else ""
        if gap and set(gap) <= _GLUE:
            words[-1].tokens.append(token)  # only a connector between: 5+5, COVID-19
        else:
            words.append(_Word([token]))
    return words


def plan_query(text: str, vocabulary: Vocabulary, expand: bool = True,
               aliases: Iterable[list[list[str]]] = (), spelled_from: Mapping[str, str] | None = None) -> QueryPlan:
    """Plan a plain query; the plan has no units when nothing is searchable.
    *spelled_from*: the Latin word each Arabic word of *text* (normalised,
    without the article) was read from; its variants are then only the
    spellings that Latin word could be (Prague: براغ, not براك)."""
    words = _words(text, vocabulary.forms)
    content = [w for w in words if not (w.single() and w.tokens[0].forms.stop)]
    question = is_question([t.norm for w in words for t in w.tokens], text)
    if not content:
        content = words  # stop words only: search them
    planner = _Planner(text, vocabulary, expand, spelled_from)
    # a short query without a question word needs every unit; a question or a
    # longer query is a ranked bag of words, where the aggressive stem may match too
    units = [] if question else planner.units(content, aliases, loose=False)
    require_all = not question and len(units) <= ALL_UNITS_UP_TO
    if not require_all:
        units = planner.units(content, aliases, loose=True)
    phrase = [t.stem for w in words for t in w.tokens] if require_all else []
    # each content stem with its position among the query's words (a stop
    # word keeps its place: documents index stop words at theirs)
    kept = {id(w) for w in content}
    positioned = [(i, t.stem) for i, (w, t) in enumerate((w, t) for w in words for t in w.tokens)
                  if id(w) in kept and t.stem and not t.forms.stop]
    pairs = [] if require_all else [
        (a, b, j - i if PAIRS_SPAN_STOP_WORDS else 1) for (i, a), (j, b) in zip(positioned, positioned[1:]) if a != b]
    return QueryPlan(text, units, require_all=require_all, phrase=phrase, pairs=pairs)


class _Planner:
    def __init__(self, text: str, vocabulary: Vocabulary, expand: bool, spelled_from: Mapping[str, str] | None = None) -> None:
        self.text = text
        self.vocabulary = vocabulary
        self.expand = expand
        self.spelled_from = spelled_from or {}

    def variants(self, base: str, own_article: bool = False) -> list[str]:
        """The spellings of *base* that the index holds; of a word read from
        a Latin word, only those the Latin could spell (with the article, when
        the name's ال is its own)."""
        variants = self.vocabulary.variants(base)
        latin = self.spelled_from.get(base)
        if latin is None:
            return variants
        article = "ال" if own_article else ""
        # the window is the reading's as written: the short vowels of a word that shares its letters do not widen
        # it (Mosul's موصل is no مُوَصِّل "connector", a change away; ماوصل stays out); a variant's own vowels must agree
        # with the Latin
        limit = latin_distance(latin, article + base) + LATIN_VARIANT_CHANGES
        # and no verb's present or future, which no name is (Saraqib's سراقب is no سيراقب "will watch"), nor a
        # common word the Latin spells less well than the reading, for it is mostly that word (Bremen's بريمن is
        # no بريمان; a loanword's spellings may be listed: megawatt's ميغاواط stays)
        own = self.vocabulary.latin_distance(latin, article + base)
        inflected = self.vocabulary.tables.inflected_words
        kept = []
        for v in variants:
            distance = self.vocabulary.latin_distance(latin, article + v)
            if (distance <= limit and v not in inflected
                    and (distance <= own or " " in v or self.vocabulary.is_name(v))):
                kept.append(v)
        return kept

    def own_article(self, forms: WordForms) -> bool:
        """Whether a word read from a Latin word begins with letters of its own
        that the analyzer takes for the article (or a particle and the
        article): the Latin spells it closer with them than without (Allegri:
        اليجري, not ال + يجري "runs"; Baltimore: بالتيمور, not بال + تيمور), so
        only its forms with the article are searched."""
        latin = self.spelled_from.get(forms.base)
        return (latin is not None and forms.norm != forms.base
                and latin_distance(latin, forms.norm) < latin_distance(latin, forms.base))

    def _stem(self, word: str) -> str:
        forms = self.vocabulary.forms(word)
        return forms.stem or forms.norm

    def _keeps_its_ending(self, word: str) -> bool:
        """Whether the stem of *word* is the word without its article."""
        forms = self.vocabulary.forms(word)
        return forms.stem == forms.base

    def units(self, content: list[_Word], aliases: Iterable[list[list[str]]], loose: bool) -> list[Unit]:
        units: list[Unit] = []
        i = 0
        while i < len(content):
            consumed, unit = _notation_unit(self.text, content, i, self.vocabulary.forms)
            if unit is None and self.expand:
                consumed, unit = self.alias_unit(content, i, aliases, loose)
            if unit is None and self.expand:
                consumed, unit = self.compound_unit(content, i)
            if unit is None:
                consumed, unit = 1, self.word_unit(content[i], loose)
            units.append(unit)
            i += consumed
        return units

    # -- one word ---------------------------------------------------------
    def word_unit(self, word: _Word, loose: bool) -> Unit:
        token = word.single()
        if token is None:  # several tokens written together: a phrase
            terms = [t.stem for t in word.tokens]
            query = _phrase(terms)
            return Unit(self.text[word.start : word.end], [Spelling(" ".join(terms), "written form", query)], query)
        vocabulary = self.vocabulary
        unit = Unit(token.raw)
        forms = token.forms
        read_from_latin = forms.base in self.spelled_from
        own_article = read_from_latin and self.own_article(forms)
        # a word read from a Latin name has no particle glued: Porsche is بورشه, not ب + ورشه "workshop"
        carried = self.carried(forms.norm) if self.expand and not read_from_latin else None
        if carried:  # وروسيا: the word behind the particle, in all its forms
            unit.spellings.append(Spelling(forms.norm, "written form", wq.Term(SURFACE_FIELD, forms.norm)))
            forms = self.vocabulary.forms(carried)
            unit.spellings.append(Spelling(forms.norm, "unglued", wq.Term(SURFACE_FIELD, forms.norm)))
        stem = forms.stem or forms.norm
        base = forms.base
        if not carried:
            unit.spellings.append(Spelling(forms.norm, "written form", wq.Term(SURFACE_FIELD, forms.norm)))
        if self.expand and not loose and not forms.stop and (vocabulary.is_name(base) or read_from_latin):
            # A name is searched as written, in every form the index holds with
            # the article or a particle: البغدادي is not بغداد, بلاتيني not بلاتين;
            # so is a word read from a Latin name (Ramadi: الرمادي, not الرماد "ash"),
            # only with its article when without it the word is a common one (Kharj: الخرج, not خرج "went out")
            # or a particle glued to one (Wakrah: الوكرة, not وكرة "and a ball").
            article_only = read_from_latin and forms.norm != base and (
                own_article or not vocabulary.is_name(base) or vocabulary.tables.carried(base) is not None)
            searched = vocabulary.written_terms(base, with_article=article_only) or [(SURFACE_FIELD, forms.norm)]
        else:
            searched = vocabulary.stem_terms(stem) if self.expand else [(TEXT_FIELD, stem)]
            if stem != forms.norm:
                unit.spellings.append(Spelling(stem, "stem", _term(stem)))
        glued = [t for t in searched if vocabulary.tables.carried(t[1])]
        if glued:
            unit.spellings.append(Spelling(_listed(t for _, t in glued), "glued", term_forms(glued)))
        exact = self.scored(term_forms(searched), forms, loose)
        alternatives = [exact]
        if self.expand and not forms.stop:
            variants = self.variants(base, own_article)  # (a Latin word's: each weighed against the Latin once)
            for variant in variants:
                terms = vocabulary.written_terms(variant, with_article=own_article)
                if terms:
                    query = term_forms(terms, boost=VARIANT_BOOST)
                    unit.spellings.append(Spelling(variant, "variant", query))
                    alternatives.append(query)
            if vocabulary.is_name(base) or len(base) >= LOANWORD_LETTERS:  # الحكومة is no compound
                for spelling in self.split_spellings([base, *variants]):
                    unit.spellings.append(spelling)
                    alternatives.append(spelling.query)
        unit.search = alternatives[0] if len(alternatives) == 1 else wq.Or(alternatives)
        return unit

    def carried(self, word: str) -> str | None:
        """The word behind a glued particle: as the index decided at its last
        commit, or, for a word that no document writes, the reading whose rest
        the index holds most often (the evidence a query adds is only that)."""
        carried = self.vocabulary.tables.carried(word)
        if carried or self.vocabulary.written(word):
            return carried
        found = [(self.vocabulary.written(rest), rest) for _, rest in proclitic_readings(word)]
        best = max(found, default=(0, ""))
        return best[1] if best[0] else None

    @staticmethod
    def scored(found: wq.Query, forms: WordForms, loose: bool) -> wq.Query:
        """The word's stem (and glued forms) with its written form and its
        aggressive stem scoring on top: in a name or a short query they only
        rank what the stem found; in a question they may find on their own."""
        surface = (wq.Term(SURFACE_FIELD, forms.norm, boost=SURFACE_BOOST)
                   if SURFACE_BOOST and forms.norm != forms.stem else None)
        root = _root_query(forms) if ROOT_BOOST and not forms.stop else None
        boosters = [q for q in (surface, root) if q is not None]
        if not boosters:
            return found
        if loose:
            return wq.Or([found, *boosters])
        return wq.AndMaybe(found, boosters[0] if len(boosters) == 1 else wq.Or(boosters))

    # -- aliases ---------------------------------------------------------
    def alias_unit(self, words: list[_Word], i: int, aliases: Iterable[list[list[str]]],
                   loose: bool) -> tuple[int, Unit | None]:
        """The longest run of words that is one spelling of an alias entry:
        searched as typed (a word in all its forms) and as every other spelling."""
        for entry in aliases:
            for spelling in entry:
                key = [t for t in spelling if t not in self.vocabulary.stop_words]
                n = len(key)
                run = words[i : i + n]
                if not n or len(run) != n or not all(w.single() for w in run) or [w.tokens[0].stem for w in run] != key:
                    continue
                if n == 1:
                    unit = self.word_unit(run[0], loose)
                else:
                    unit = Unit(_span(self.text, run), [Spelling(" ".join(spelling), "written form", _phrase(spelling))])
                others = [Spelling(" ".join(other), "alias", _term(other[0]) if len(other) == 1 else _phrase(other))
                          for other in entry if other != spelling]
                unit.spellings += others
                unit.search = wq.Or([unit.query(), *(s.query for s in others)])
                return n, unit
        return 0, None

    # -- compounds --------------------------------------------------------
    def compound_unit(self, words: list[_Word], i: int) -> tuple[int, Unit | None]:
        """Two words that the index also holds written as one (عبد الرزاق /
        عبدالرازق), or a compound head and a name: one unit, searched as the
        phrase, as the joined word, and in every spelling of either."""
        if i + 1 >= len(words):
            return 0, None
        a, b = words[i].single(), words[i + 1].single()
        if not a or not b or a.forms.stop or b.forms.stop:
            return 0, None
        vocabulary = self.vocabulary
        joined = a.norm + b.norm
        joined_group = vocabulary.variant_group(joined)
        if a.norm not in COMPOUND_HEADS and not any(df for _, df in joined_group):
            return 0, None
        unit = Unit(self.text[a.start : b.end])
        seen: set[str] = set()

        def add(text: str, kind: str, query: wq.Query) -> None:
            if text not in seen:
                seen.add(text)
                unit.spellings.append(Spelling(text, kind, query))

        written = [a.stem, b.stem]
        add(" ".join(written), "written form", _phrase(written))
        for left, right in self.part_variants(a.norm, b.norm):
            stems = [self._stem(left), self._stem(right)]
            add(" ".join(stems), "variant", _phrase(stems, boost=VARIANT_BOOST))
        for form, df in joined_group:
            terms = vocabulary.written_terms(form) if df else []
            if terms:
                kind = "joined" if form == joined else "variant"
                add(form, kind, term_forms(terms, 1.0 if kind == "joined" else VARIANT_BOOST))
        for spelling in self.split_spellings([form for form, _ in joined_group] or [joined]):
            add(spelling.text, spelling.kind, spelling.query)
        unit.search = wq.Or([s.query for s in unit.spellings]) if len(unit.spellings) > 1 else unit.spellings[0].query
        return 2, unit

    def part_variants(self, left: str, right: str) -> list[tuple[str, str]]:
        """Two words of a name, each in its spellings: the part after a
        compound head varies as any name (عبد الرزاق → عبد الرازق), and both
        parts of other two-word names (هونغ كونغ → هونج كونج)."""
        head = left in COMPOUND_HEADS
        name = left + right if head else None
        forms = self.vocabulary.forms
        rights = [right, *self.vocabulary.variants(forms(right).base, names_only=not head, name=name)]
        lefts = [left] if head else [left, *self.vocabulary.variants(forms(left).base)]
        # a phrase is searched by stems: a variant whose stem loses an ending
        # would stand for another name (سالمان → سالم: بن سالمان is not بن سالم)
        return [(x, y) for x in lefts for y in rights
                if (x, y) != (left, right) and self._keeps_its_ending(x) and self._keeps_its_ending(y)]

    def split_spellings(self, joined_forms: list[str]) -> list[Spelling]:
        """Each joined spelling written apart, where the index holds both
        parts: after a compound head (عبدالرازق → عبد رازق) or anywhere
        (فيسبوك → فيس بوك), and the name part in its spellings."""
        vocabulary = self.vocabulary
        out: list[Spelling] = []
        seen: set[str] = set()
        for n, joined in enumerate(joined_forms):
            for left, right in compound_splits(joined):
                stop_words = vocabulary.stop_words
                if left in stop_words or right in stop_words or not vocabulary.written(left):
                    continue
                # the name part varies after a compound head only: a name cut
                # anywhere else is not two words of their own (جوار ديولا is not جوار دول)
                parts = self.part_variants(left, right) if left in COMPOUND_HEADS else []
                for x, y in [(left, right), *parts]:
                    stems = [self._stem(x), self._stem(y)]
                    text = " ".join(stems)
                    if text in seen or not (vocabulary.written(y) or vocabulary.written("ال" + y)):
                        continue
                    seen.add(text)
                    as_typed = n == 0 and (x, y) == (left, right)  # the typed word written apart
                    out.append(Spelling(text, "split" if as_typed else "variant",
                                        _phrase(stems, 1.0 if as_typed else VARIANT_BOOST)))
        return out


def _listed(words: Iterable[str], most: int = 3) -> str:
    """A few words of a list, for explain: «وروسيا، بروسيا، لروسيا +4»."""
    words = list(words)
    shown = "، ".join(words[:most])
    return shown + (f" +{len(words) - most}" if len(words) > most else "")


def word_query(word: str, vocabulary: Vocabulary, boost: float = 1.0) -> wq.Query:
    """One word of a query written with operators, searched as a plain query
    searches it: its stem with its glued forms, and its variants and splits."""
    [parsed] = _words(word, vocabulary.forms) or [_Word([_Token(word, vocabulary.forms(word), 0, len(word))])]
    query = _Planner(word, vocabulary, expand=True).word_unit(parsed, loose=False).query()
    if boost != 1.0:
        query = query.with_boost(query.boost * boost)
    return query


def _span(text: str, words: list[_Word]) -> str:
    return text[words[0].start : words[-1].end]


def _notation_unit(text: str, words: list[_Word], i: int,
                   forms_of: Callable[[str], WordForms]) -> tuple[int, Unit | None]:
    """A number notation the tokenizer recognises (N+N, N + N, N زائد N)
    starting at word *i*: one unit, searched as the one term the tokenizer
    adds for it (analyzers/tokenizer.py)."""
    for raw, start, end in notation_spans(text):
        if start == words[i].start:
            covered = [w for w in words[i:] if w.end <= end]
            term = forms_of(raw).stem or raw
            return len(covered), Unit(text[start:end], [Spelling(term, "notation", _term(term))])
    return 0, None


def _root_query(forms: WordForms) -> wq.Query:
    """Documents sharing the word's aggressive stem: in the root field (words
    whose two stems differ) or, for words whose stems agree, in the text field."""
    root = forms.root or forms.stem or forms.norm
    in_root = wq.Term(ROOT_FIELD, root, boost=ROOT_BOOST)
    if root == forms.stem:
        return in_root  # the text field's match is the exact term itself
    return wq.Or([in_root, wq.Term(TEXT_FIELD, root, boost=ROOT_BOOST)])


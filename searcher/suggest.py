"""Did-you-mean: index words close to a query word that found (almost) nothing.

Candidates come from the ``surface`` field (every word normalised, not
stemmed) through Whoosh's Levenshtein automaton, so a suggestion is a word
that occurs in the index; the nearest distance wins, then the most common.
A suggestion is shown as a document writes it (the index holds ة as ه).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Container, Iterable, Sequence
from typing import Any

from pyarabic import araby
from whoosh import query as wq
from whoosh.searching import Searcher

from index.schema import SURFACE_FIELD
from index.vocabulary import WrittenWords

from .plan import QueryPlan
from .results import Alternative, Suggestion

RARE_WORD_DOCUMENTS = 2  # a word in this few documents may be a misspelling
SUGGESTION_RATIO = 10  # ... when an index word this much more common is close
MAX_ALTERNATIVES = 3
MAX_SUGGESTED_WORDS = 3  # per query, the rarest first
SHORT_WORD = 4  # letters; a longer word that matches nothing may be two edits away
# ... keeping its first letters (and an article): Whoosh's automaton then walks the words that start so, not
# all of them (0.6-2.7 s a word on 31,000 articles, where one edit takes milliseconds; docs/performance.md)
TWO_EDITS_PREFIX = 2


def plan_suggestions(plan: QueryPlan, documents: Callable[[wq.Query], int],
                     alternatives: Callable[[str, int, bool], list[tuple[str, int]]],
                     written_form: Callable[[str], str]) -> list[Suggestion]:
    """For the rarest one-word units of *plan* that matched at most
    RARE_WORD_DOCUMENTS documents (*documents*: how many a query matches):
    index words within a small edit distance that are far more common
    (*alternatives(word, found, two_edits)*: ``suggest_words`` over a backend's
    words), each shown as a document writes it (*written_form*).

    At most MAX_SUGGESTED_WORDS words, and two edits only in a short query (a
    name or keywords): a long question holds many rare words, and each search
    for them costs milliseconds."""
    rare = []
    for unit in plan.units:
        words = unit.words.split()
        if len(words) == 1:
            found = documents(unit.query())
            if found <= RARE_WORD_DOCUMENTS:
                rare.append((found, words[0]))
    suggestions = []
    for found, word in sorted(rare, key=lambda item: item[0])[:MAX_SUGGESTED_WORDS]:
        near = alternatives(word, found, plan.require_all)
        if near:
            suggestions.append(Suggestion(word, found, [Alternative(written_form(term), df) for term, df in near]))
    return suggestions


def suggest_words(word: str, documents: int, written: Callable[[str], int],
                  within: Callable[[str, int], Iterable[str]], analyzer: Any,
                  two_edits: bool = True) -> list[tuple[str, int]]:
    """Index words near *word* (which matched *documents* documents), with
    their document counts (*written*: live documents per index word): the
    nearest edit distance first, most common first.  *within(form, n)*: the
    index words within *n* edits of a normalised form; *analyzer*: the
    surface field's.  Two edits are tried only with *two_edits*, for a
    longer word that matched nothing."""
    forms = [t.text for t in analyzer(word)]
    if len(forms) != 1:
        return []
    form = forms[0]
    least = max(1, documents * SUGGESTION_RATIO) if documents else 1
    # Two edits only for a longer word the index lacks: Whoosh builds that
    # automaton in Python and walks the terms with it (tens to hundreds of ms
    # with TWO_EDITS_PREFIX, against 2-5 ms for one edit).
    for distance in (1, 2) if two_edits and len(form) > SHORT_WORD and not documents else (1,):
        found = []
        for text in within(form, distance):
            if text == form:
                continue
            df = written(text)
            if df >= least:
                found.append((text, df))
        if found:
            found.sort(key=lambda item: (-item[1], item[0]))
            return found[:MAX_ALTERNATIVES]
    return []


def index_words_within(searcher: Searcher, written: WrittenWords) -> Callable[[str, int], set[str]]:
    """*within* for ``suggest_words`` on a local index.  One edit: the
    strings one edit away that *written* (the surface field's words) holds,
    confirmed in the surface field (a word of six letters has 400 such
    strings: looked up one by one, 15-20 ms); two: Whoosh's Levenshtein automaton over the
    words sharing the first TWO_EDITS_PREFIX letters (and an article), segment by
    segment (a segment walks its terms with it, where Whoosh's view of
    several segments compares every term).  The automaton took 130 ms for
    one edit too, on a third of the questions of XQuAD-ar + news."""
    reader = searcher.reader()

    def within(form: str, distance: int) -> set[str]:
        if distance == 1:
            return {c for c in written.among(edit_candidates(form)) if (SURFACE_FIELD, c) in reader}
        found: set[str] = set()
        prefix = TWO_EDITS_PREFIX + (2 if form.startswith("ال") else 0)
        for segment, _offset in reader.leaf_readers():
            if SURFACE_FIELD in segment.indexed_field_names():
                found.update(t.decode("utf-8") if isinstance(t, bytes) else t
                             for t in segment.terms_within(SURFACE_FIELD, form, distance, prefix=prefix))
        return found

    return within


# The letters a normalised word is written in (the surface field folds the
# rest away): Arabic with the Persian letters of loanwords, or Latin and digits.
ARABIC_LETTERS = "ءابتثجحخدذرزسشصضطظعغفقكلمنهويپچژڤگ"
LATIN_LETTERS = "abcdefghijklmnopqrstuvwxyz0123456789"


def edit_candidates(form: str) -> set[str]:
    """Every string one edit (a letter deleted, replaced or inserted: the
    Levenshtein distance the automaton counts) from the normalised *form*,
    in its own script's letters."""
    letters = ARABIC_LETTERS if any("\u0600" <= c <= "\u06ff" for c in form) else LATIN_LETTERS
    splits = [(form[:i], form[i:]) for i in range(len(form) + 1)]
    candidates = {a + b[1:] for a, b in splits if b}
    candidates |= {a + c + b[1:] for a, b in splits if b for c in letters}
    candidates |= {a + c + b for a, b in splits for c in letters}
    candidates.discard(form)
    return candidates


def one_edit_within(words: Container[str]) -> Callable[[str, int], set[str]]:
    """*within* for ``suggest_words`` from a set of index *words*: the words
    one edit from a form.  Two edits would build hundreds of thousands of
    strings in Python, so a larger distance also looks one edit away."""

    def within(form: str, distance: int) -> set[str]:
        del distance
        return {c for c in edit_candidates(form) if c in words}

    return within


def written_form(searcher: Searcher, term: str) -> str:
    """How the first document holding the index word *term* writes it
    (without diacritics); *term* itself when none does."""
    docnum: Any = next(iter(wq.Term(SURFACE_FIELD, term).docs(searcher)), None)
    if docnum is None:
        return term
    stored = searcher.stored_fields(docnum)
    return written_form_in(term, (stored.get("title") or "", stored.get("body") or ""),
                           searcher.schema[SURFACE_FIELD].analyzer)


def written_form_in(term: str, texts: Iterable[str], analyzer: Any) -> str:
    """How *texts* write the index word *term* (the first occurrence, without
    diacritics), by the surface field's *analyzer*; *term* when they do not."""
    for text in texts:
        for token in analyzer(text, chars=True, mode="index"):
            if token.text == term:
                return araby.strip_tatweel(araby.strip_tashkeel(text[token.startchar : token.endchar]))
    return term


def corrected_query(query: str, replacements: Sequence[tuple[str, str]]) -> str | None:
    """*query* with each (word, replacement) swapped in, or None when there is nothing to swap."""
    if not replacements:
        return None
    for word, replacement in replacements:
        query = re.sub(rf"(?<!\w){re.escape(word)}(?!\w)", lambda _m: replacement, query, count=1)
    return query

"""What the index holds, as the query layer asks it: live document counts
of written words, the documents of a name in all its written forms, and the
spellings of a name (``variant_group``), from the vocabulary tables that
``index.vocabulary`` rebuilds after each commit.  One ``Vocabulary`` serves
one index generation in one thread (its caches are per generation)."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
from whoosh import query as wq

from analyzers.normalizer import is_arabic_word
from analyzers.proclitics import proclitic_readings
from analyzers.scripts import latin_distance
from analyzers.chain import DEFAULT_ANALYSIS, ArabicAnalysis
from analyzers.variants import are_spellings, is_expandable, max_spelling_distance, spelling_distance, variant_key
from index.schema import SURFACE_FIELD, TEXT_FIELD
from index.vocabulary import VocabularyTables

from .fastsearch import term_forms

MAX_VARIANTS = 8  # spellings of a name besides the one typed, most common first
GLUED_FORMS = True  # search a word with its glued forms (off only to measure what they bring)
# Two spellings that share this many of the rarer one's documents are two
# words used together (فرنسوا هولاند in فرنسا: 0.68; سلمان / سليمان: 0.17), not
# two spellings of one: writers keep to one spelling within an article
# (أمريكي / أميركي share 0.03 of theirs, كونغرس / كونجرس 0.095).
SHARED_DOCUMENTS = 0.12
MIN_SHARED = 10  # ... counted from this many shared documents on (true spellings share up to 9)
MIN_NAME_LETTERS = 3
MAX_CACHED_WORDS = 50_000  # per cache of a Vocabulary; cleared when full, to bound memory
LOANWORD_LETTERS = 6  # a common word this long may have spellings (كيلوغرام / كيلوجرام)

# The article and the particles before it (as the stemmer strips them), and none.
_ARTICLES = ("", "ال", "وال", "فال", "بال", "كال", "لل", "ولل", "فلل", "وبال", "وكال", "فبال", "فكال")


class Vocabulary:
    """What the index holds: document counts, the documents of a stem, and the
    vocabulary tables (glued words, spelling variants)."""

    def __init__(self, written_documents: Callable[[str], int], documents: Callable[[wq.Query], np.ndarray],
                 tables: VocabularyTables, analysis: ArabicAnalysis = DEFAULT_ANALYSIS) -> None:
        self.written_documents = written_documents  # normalised written word → live documents
        self.documents = documents  # query → ids of the documents it matches
        self.tables = tables
        self.analysis = analysis  # the index's: a query's words get the forms its documents got
        self.forms = analysis.forms
        self.stop_words = analysis.stop_words
        self._groups: dict[tuple[str, bool, int | None], list[tuple[str, int]]] = {}
        self._written: dict[str, int] = {}  # caches for this index generation
        self._written_terms: dict[tuple[str, bool], list[tuple[str, str]]] = {}
        self._phrases: dict[tuple[str, ...], int] = {}

    def written(self, word: str) -> int:
        """Documents that write the normalised *word* as it is."""
        found = self._written.get(word)
        if found is None:
            if len(self._written) >= MAX_CACHED_WORDS:
                self._written.clear()
            found = self._written[word] = self.written_documents(word)
        return found

    def phrase_documents(self, stems: tuple[str, ...]) -> int:
        """Documents that write the *stems* side by side, in this order."""
        found = self._phrases.get(stems)
        if found is None:
            if len(self._phrases) >= MAX_CACHED_WORDS:
                self._phrases.clear()
            found = self._phrases[stems] = len(self.documents(wq.Phrase(TEXT_FIELD, list(stems))))
        return found

    def all_documents(self, bases: tuple[str, ...]) -> int:
        """Documents that write every one of the words *bases* (normalised,
        article removed), anywhere, each in its written forms (not its stem's
        other words: علما "knowing" is no علم)."""
        found: np.ndarray | None = None
        for base in bases:
            documents = self.name_documents(base)
            found = documents if found is None else np.intersect1d(found, documents, assume_unique=True)
            if not found.size:
                return 0
        return 0 if found is None else int(found.size)

    def latin_distance(self, latin: str, base: str) -> float:
        """How far the written *base* (article removed) is from the Latin word
        *latin* (``scripts.latin_distance``), with the short vowels the
        lexicon gives it when it gives them (Rubio is farther from رَبِيع
        than from ربيع): the nearest of its readings."""
        readings = self.tables.vowelled_readings(base)
        return min(latin_distance(latin, reading) for reading in readings) if readings else latin_distance(latin, base)

    def written_base(self, base: str) -> int:
        """Documents writing *base* with or without the article (an upper bound:
        the sum of the forms' counts)."""
        return sum(self.written(form) for form in (base, "ال" + base))

    def is_name(self, base: str) -> bool:
        """Whether the written word *base* (article removed) is searched as a
        name: three letters or more, Arabic, and not a common word of the
        lexicon (a name, or a word the lexicon does not know)."""
        return len(base) >= MIN_NAME_LETTERS and base not in self.tables.common_words and is_arabic_word(base)

    def is_spelled_name(self, base: str) -> bool:
        """Whether the written word *base* may be a Latin name's spelling: a
        name (``is_name``) that is no verb's present or future the lexicon
        does not take apart (تعطي "gives" is no Totti, سيراقب "will watch" no
        Saraqib's variant)."""
        return self.is_name(base) and base not in self.tables.inflected_words

    def stem_terms(self, stem: str) -> list[tuple[str, str]]:
        """A stem (روس) and the written glued forms of its words (وروسيا،
        بروسيا، لروسية…): what finds a word in all its forms."""
        glued = self.tables.glued_by_stem(stem) if GLUED_FORMS else []
        return [(TEXT_FIELD, stem), *((SURFACE_FIELD, g) for g in glued)]

    def written_terms(self, base: str, with_article: bool = False) -> list[tuple[str, str]]:
        """Every written form of the word *base* (article removed) that the
        index holds: with the article and the particles before it (الكونجرس،
        والكونجرس، للكونجرس) and with a glued particle (وكونجرس): the
        spelling exactly, none of its stem's other words (سلامون is not سلام).
        *with_article*: only the forms with the article (الخرج، بالخرج; not
        خرج "went out", وخرج)."""
        key = (base, with_article)
        if key not in self._written_terms:
            if len(self._written_terms) >= MAX_CACHED_WORDS:
                self._written_terms.clear()
            found = []
            for article in _ARTICLES[1:] if with_article else _ARTICLES:
                form = article + base if article != "لل" or not base.startswith("ل") else "ل" + base
                if self.written(form):
                    found += [form, *(self.tables.glued_words(form) if GLUED_FORMS else [])]
            self._written_terms[key] = [(SURFACE_FIELD, f) for f in dict.fromkeys(found)]
        return self._written_terms[key]

    def variants(self, base: str, names_only: bool = True, name: str | None = None) -> list[str]:
        """Other spellings of the name *base* (normalised, without the article)
        in the index, most frequent first (see ``variant_group``)."""
        return [form for form, _ in self.variant_group(base, names_only, name) if form != base]

    def variant_group(self, base: str, names_only: bool = True, name: str | None = None) -> list[tuple[str, int]]:
        """The spellings of *base* that the index holds, with their document
        counts, most frequent first, *base* included when the index holds it.

        Two written words with one variant key (``analyzers.variants``) are
        near each other when their spelling distance is within the limit
        (``are_spellings``) and they do not share many documents (a name and a
        word used beside it: فرنسوا / فرنسا).  The group is the name's usual
        spelling (the most frequent near *base*) and every spelling near it,
        so whichever of them is asked for, the same group comes back (a rare
        spelling borrows the variants of the usual one: انجيلوس → انجلوس →
        انجليس), and it does not drift from spelling to spelling (مورينيو →
        مورينو → مارينو is another name).
        With *names_only*, a short word that the lexicon lists as a common word
        (كتاب) has no variants, and a name takes no short common word as a
        spelling (سالمين "safe" is not a spelling of سلمان); after a compound head (عبد
        الرزاق) the name part varies whatever it looks like, and as much as
        the whole *name* (عبدالرزاق) may: رزاق / رازق is two changes, too many
        for a word of four letters but not for a name of nine."""
        limit = max_spelling_distance(name) if name else None
        cache_key = (base, names_only, limit)
        if cache_key not in self._groups:
            if len(self._groups) >= MAX_CACHED_WORDS:
                self._groups.clear()
            self._groups[cache_key] = self._variant_group(base, names_only, limit)
        return self._groups[cache_key]

    def _variant_group(self, base: str, names_only: bool, limit: int | None) -> list[tuple[str, int]]:
        spellings = self.tables.spellings(variant_key(base))
        own = [(base, df) for form, df in spellings if form == base]
        common = self.tables.common_words
        base_common = base in common
        if names_only and (not is_expandable(base) or base_common and len(base) < LOANWORD_LETTERS):
            return own
        # A name does not land on a short common word (ابها is not ابيها "her
        # father"); a long common word is a loanword whose spellings are common
        # words too (كيلوغرام / كيلوجرام).
        nodes = {form: df for form, df in spellings
                 if form not in self.stop_words and (form == base or not names_only or base_common or form not in common
                                                or len(form) >= LOANWORD_LETTERS)}
        if names_only and not base_common:
            # Nor is a particle glued to a common word that the index writes at least as often one of its
            # spellings (بصورة "in a manner" is no البصرة), though the glued table kept it whole for its frequency.
            for form in [form for form in nodes if form != base and self._glued_common_word(form, nodes[form])]:
                del nodes[form]
        if base not in nodes:  # a word too short for the table, or one the index lacks
            nodes[base] = len(self.name_documents(base))

        def near(word: str) -> list[str]:
            return [other for other in nodes if other != word and self._same_name(word, other, nodes, limit)]

        # The name's usual spelling: the most frequent one near base (base itself
        # when it is the usual one); the group is that spelling and those near it.
        canonical = max([base, *near(base)], key=lambda form: (nodes[form], form))
        # ... and of those, only the ones that differ from base in the same kind
        # of change (بوينغ → بوينج → بينج is not Boeing)
        group = {base, canonical, *(f for f in near(canonical) if spelling_distance(base, f) < float("inf"))}
        members = sorted(((f, nodes[f]) for f in group if f != base and nodes[f]), key=lambda t: (-t[1], t[0]))
        return own + members[:MAX_VARIANTS]

    def _glued_common_word(self, form: str, documents: int) -> bool:
        return any(rest in self.tables.common_words and self.written_base(rest) >= documents
                   for _particle, rest in proclitic_readings(form))

    def _same_name(self, a: str, b: str, frequency: dict[str, int], limit: int | None) -> bool:
        if not are_spellings(a, b, limit):
            return False
        if min(frequency[a], frequency[b]) < MIN_SHARED:
            return True
        shared = np.intersect1d(self.name_documents(a), self.name_documents(b), assume_unique=True).size
        return not (shared >= MIN_SHARED and shared > SHARED_DOCUMENTS * min(frequency[a], frequency[b]))

    def name_documents(self, base: str) -> np.ndarray:
        """The documents that write *base* in any of its written forms."""
        terms = self.written_terms(base)
        return self.documents(term_forms(terms)) if terms else np.zeros(0, dtype=np.int64)

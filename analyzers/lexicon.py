"""A lexicon of Arabic words: is a written word a word on its own, a name, or
a common word, and how common is it in general text?

Built from entries (``index.lexicon`` loads Arramooz, the dictionary by the
author of pyarabic and tashaphyne); this module only answers questions about
words, with no I/O.  A lexicon lists base forms (كامل، وزير، قال، روسيا), so a
written word is looked up as it is and without one regular ending: the
feminine ة (كاملة → كامل), a sound plural (وزيرات → وزيرة), an attached
pronoun (حكومتها → حكومة), the alef of tanween (فعلا → فعل), and for verbs a
past-tense ending (كتبت، كتبوا → كتب).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import NamedTuple

from .normalizer import normalize, strip_marks
from .scripts import vowelled_spelling

MIN_LETTERS = 3  # what is left after an ending is taken off

# (ending, what replaces it), for nouns and for verbs; ة is ه once normalised.
_NOUN_ENDINGS = (("ه", ""), ("ات", "ه"), ("ات", ""), ("ون", ""), ("ين", ""), ("ان", ""), ("ها", ""),
                 ("هم", ""), ("ه", ""), ("ته", "ه"), ("تها", "ه"), ("تهم", "ه"), ("ا", ""))
_VERB_ENDINGS = (("ت", ""), ("وا", ""), ("نا", ""), ("تم", ""), ("ها", ""), ("ه", ""), ("هم", ""))

# A verb's present tense (its person prefix) and future (س and the prefix): what a lexicon of past forms lacks
VERB_PREFIXES = ("سي", "ست", "سن", "ي", "ت", "ن")

NAME, WORD, VERB = "name", "word", "verb"  # kinds of entry


class Entry(NamedTuple):
    frequency: int  # in the lexicon's own corpus; 0 when it gives none
    name: bool  # listed as a proper name (روسيا، سلمان)
    common: bool  # listed as a common noun, adjective or verb (وزير، كامل، قال)
    noun: bool  # a name, noun or adjective
    verb: bool


class Lexicon:
    """Normalised entries: (word, kind, frequency) with kind NAME, WORD or VERB."""

    def __init__(self, entries: Iterable[tuple[str, str, int]] = (), vocalized: Iterable[str] = ()) -> None:
        """*vocalized*: the entries written with their short vowels (رَبِيع), as the lexicon gives them."""
        merged: dict[str, Entry] = {}
        for raw, kind, frequency in entries:
            word = normalize(raw)
            if len(word) < MIN_LETTERS - 1:
                continue
            old = merged.get(word, Entry(0, False, False, False, False))
            merged[word] = Entry(max(old.frequency, frequency or 0), old.name or kind == NAME,
                                 old.common or kind != NAME, old.noun or kind != VERB, old.verb or kind == VERB)
        self._entries = merged
        vowels: dict[str, set[str]] = {}
        for raw in vocalized:
            spelling = vowelled_spelling(raw)
            vowels.setdefault(strip_marks(spelling), set()).add(spelling)
        # a word's readings, when one of them has a short vowel to agree with
        self._vowels = {word: tuple(sorted(spellings)) for word, spellings in vowels.items()
                        if any(spelling != word for spelling in spellings)}

    def __len__(self) -> int:
        return len(self._entries)

    def __bool__(self) -> bool:
        return bool(self._entries)

    def entry(self, word: str, tanween: bool = True) -> Entry | None:
        """The entry the normalised *word* is a regular form of, or None;
        without *tanween*, a final alef is not taken for the tanween of a noun."""
        found = self._entries.get(word)
        if found:
            return found
        for endings, verbs in ((_NOUN_ENDINGS, False), (_VERB_ENDINGS, True)):
            for ending, replacement in endings:
                if ending == "ا" and not tanween:
                    continue
                if word.endswith(ending) and len(word) - len(ending) >= MIN_LETTERS:
                    found = self._entries.get(word[: -len(ending)] + replacement)
                    if found and (found.verb if verbs else found.noun):
                        return found
        return None

    def knows(self, word: str) -> bool:
        return self.entry(word) is not None

    def is_name(self, word: str) -> bool:
        """Whether the lexicon lists *word* itself as a proper name."""
        found = self._entries.get(word)
        return bool(found and found.name)

    def usage(self, word: str) -> int:
        """How often general text uses *word* itself, when it is listed as it
        is (a form found by taking an ending off is another word's figure);
        0 when the lexicon gives no figure."""
        found = self._entries.get(word)
        return found.frequency if found else 0

    def vowelled(self, word: str) -> tuple[str, ...]:
        """The normalised *word* with the short vowels the lexicon gives it
        (``scripts.vowelled_spelling``), one per reading; () when it gives none.
        Only the word as listed: a regular form's vowels would be a guess
        (بصره: بَصَره "his sight", or البصرة)."""
        return self._vowels.get(word, ())

    def is_common_word(self, word: str) -> bool:
        """Whether *word* is (a form of) a common noun, adjective or verb, and
        not only a name: such a word is not a spelling of a name.  A final
        alef is a name's (انجيلا), not the tanween of a noun (انجيل)."""
        found = self.entry(word, tanween=False)
        return bool(found and found.common and not found.name)

    def lists_apart_from_verbs(self, word: str) -> bool:
        """Whether the lexicon lists *word* itself, and not as a verb (تجار "merchants")."""
        found = self._entries.get(word)
        return bool(found and not found.verb)

    def verb_forms(self, word: str) -> list[tuple[str, str]]:
        """(person prefix, verb) for each way *word*, which the lexicon does
        not list, reads as a verb's present or future that ``entry`` does not
        take apart: تعطي is ت + عطي, سيراقب سي + راقب.  Foreign names read so
        too (تسلا: ت + سلا), so the index must tell (``index.vocabulary``)."""
        if not self or word in self._entries:
            return []
        found = []
        for prefix in VERB_PREFIXES:
            rest = word[len(prefix):]
            if word.startswith(prefix) and len(rest) >= MIN_LETTERS:
                entry = self.entry(rest, tanween=False)
                if entry and entry.verb:
                    found.append((prefix, rest))
        return found


EMPTY_LEXICON = Lexicon()

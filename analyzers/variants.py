"""Spelling-variant keys: pure functions on normalised (and stemmed) words.

Names, especially foreign ones, are written several ways in Arabic: a long
vowel written or left out (ترامب / ترمب, بوتين / بوتن), a foreign g or k as ج،
غ، ق or ك (جوجل / غوغل / قوقل), a letter doubled or not.  Two spellings that
differ only so share a *variant key*.  The index groups its vocabulary by
this key; the query layer offers a word's key-mates as variants.

Native Arabic words are different: their long vowels carry meaning (كتب،
كاتب، كتاب are three words of one root).  ``looks_native`` recognises them by
their consonant skeleton being a known Arabic root (tashaphyne's root list),
and such words are never expanded.
"""

from __future__ import annotations

import re
from functools import lru_cache
from itertools import combinations

from tashaphyne.stemming import ArabicLightStemmer

LONG_VOWELS = frozenset("اوي")
# Loanword consonant classes: each letter maps to its class's representative.
_CONSONANT_CLASSES = str.maketrans({"غ": "ج", "ق": "ج", "ك": "ج", "ط": "ت", "ص": "س", "ض": "د", "ذ": "ز", "ظ": "ز"})
_DOUBLED = re.compile(r"(.)\1+")

MIN_VARIANT_LENGTH = 4  # shorter words are too ambiguous to expand
# First halves of compound names written joined or apart: عبدالله / عبد الله.
COMPOUND_HEADS = frozenset({"عبد", "ابو", "ابي", "ابن", "بن", "بو", "دي", "ذو"})

_ROOTS = frozenset(ArabicLightStemmer().root_list)


def skeleton(word: str) -> str:
    """The word without its inner long vowels and doubled letters: ترامب → ترمب.
    A foreign initial "yu" may be written يو or و (اليونسكو / الونيسكو), so an
    initial ي before و is dropped too."""
    word = _DOUBLED.sub(r"\1", word)
    if word.startswith("يو") and len(word) > 4:
        word = word[1:]
    if len(word) <= 2:
        return word
    return word[0] + "".join(ch for ch in word[1:-1] if ch not in LONG_VOWELS) + word[-1]


@lru_cache(maxsize=100_000)
def variant_key(word: str) -> str:
    """The skeleton with loanword consonant classes merged: جوجل, غوغل, قوقل → ججل."""
    return skeleton(word).translate(_CONSONANT_CLASSES)


# Letters that derive nouns and verbs from a root (مكتب, تكتب, يكتب, نكتب).
# Alef is left out: it starts many transliterated names (اردوغان, اوباما).
_DERIVATION_PREFIXES = ("", "م", "ت", "ي", "ن")
# "ng" transliterated (هونغ, كونج, بوينغ): such a word is foreign even when its
# letters happen to spell an Arabic root.
_FOREIGN_ENDINGS = ("نغ", "نج")
NATIVE_CHECK_MAX_LENGTH = 5


@lru_cache(maxsize=100_000)
def looks_native(word: str) -> bool:
    """True for a short word that is an Arabic root with a derivational prefix
    and long vowels added (كتاب, كاتب ← كتب; موسع ← م + وسع; مكتوب ← م + كتب):
    its long vowels are morphology, not spelling.  Longer words are left to
    the spelling-distance limit: few native words that long have a
    neighbour one long vowel away, and many foreign names would look native
    once enough letters are dropped (انجلوس ← ان + جلس)."""
    word = _DOUBLED.sub(r"\1", word)
    if len(word) > NATIVE_CHECK_MAX_LENGTH or word.endswith(_FOREIGN_ENDINGS):
        return False
    for prefix in _DERIVATION_PREFIXES:
        if not word.startswith(prefix):
            continue
        rest = word[len(prefix):]
        # an initial alef is not a vowel to drop but a prefix, and alef is not one
        vowels = [i for i, ch in enumerate(rest) if ch in LONG_VOWELS and (i or ch != "ا")]
        for drop in range(len(vowels) + 1):
            for dropped in combinations(vowels, drop):
                candidate = "".join(ch for i, ch in enumerate(rest) if i not in dropped)
                if len(candidate) == 3 and candidate in _ROOTS:
                    return True
    return False


def is_expandable(word: str) -> bool:
    """Whether a (normalised, stemmed) word may have spelling variants: long
    enough, with a skeleton of three letters or more, and not native."""
    return (
        len(word) >= MIN_VARIANT_LENGTH
        and len(skeleton(word)) >= 3
        and not any(ch.isdigit() for ch in word)
        and not looks_native(word)
    )


_CLASS_OF = {ch: ch.translate(_CONSONANT_CLASSES) for ch in "جغقكتطسصدضزذظ"}


def spelling_distance(a: str, b: str) -> float:
    """How many spelling changes turn *a* into *b*, counting only the changes
    that name spellings make: a long vowel written or left out (ترامب / ترمب),
    a doubled letter, or a consonant swapped within its loanword class
    (ج غ ق ك, ت ط, س ص, د ض, ز ذ ظ), one swap however often it recurs
    (جوجل / غوغل is one change).  Vowel changes and swaps do not mix (بنتاغ is
    not بنتايج), and any other change is infinitely far (كاقل is not جوجل)."""
    return min(_vowel_distance(a, b), _swap_distance(a, b))


def _swap_distance(a: str, b: str) -> float:
    if len(a) != len(b):
        return float("inf")
    swaps = {(x, y) for x, y in zip(a, b) if x != y}
    if all(x in _CLASS_OF and _CLASS_OF.get(y) == _CLASS_OF[x] for x, y in swaps):
        return float(len({x for x, _ in swaps}))
    return float("inf")


def _vowel_distance(a: str, b: str) -> float:
    """Edit distance where only long vowels and doubled letters may be added or dropped."""
    inf = float("inf")

    def droppable(word: str, i: int) -> float:
        return 1.0 if word[i] in LONG_VOWELS or (i > 0 and word[i - 1] == word[i]) else inf

    prev = [0.0] * (len(b) + 1)
    for j in range(1, len(b) + 1):
        prev[j] = prev[j - 1] + droppable(b, j - 1)
    for i in range(1, len(a) + 1):
        row = [prev[0] + droppable(a, i - 1)] + [inf] * len(b)
        for j in range(1, len(b) + 1):
            same = prev[j - 1] if a[i - 1] == b[j - 1] else inf
            row[j] = min(same, prev[j] + droppable(a, i - 1), row[j - 1] + droppable(b, j - 1))
        prev = row
    return prev[len(b)]


def max_spelling_distance(word: str) -> int:
    """Short names allow one change, longer ones two (بوتين / بيتين are two words)."""
    return 1 if len(word) <= 5 else 2


MIN_SPLIT_PART = 3


def compound_splits(word: str) -> list[tuple[str, str]]:
    """Ways a word written joined may also be written apart: after a compound
    head (عبدالرازق → عبد + الرازق, ابوظبي → ابو + ظبي) or between any two
    parts of three letters or more (فيسبوك → فيس + بوك).  The query layer
    keeps only splits whose parts are both in the index."""
    splits = [(head, word[len(head):]) for head in sorted(COMPOUND_HEADS)
              if word.startswith(head) and len(word) - len(head) >= MIN_SPLIT_PART]
    splits += [(word[:i], word[i:]) for i in range(MIN_SPLIT_PART, len(word) - MIN_SPLIT_PART + 1)
               if (word[:i], word[i:]) not in splits]
    return splits

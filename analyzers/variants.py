"""Spelling-variant keys: pure functions on normalised (and stemmed) words.

Names, especially foreign ones, are written several ways in Arabic: a long
vowel written or left out (ترامب / ترمب, بوتين / بوتن), a foreign g or k as ج،
غ، ق or ك (جوجل / غوغل / قوقل), a letter doubled or not.  Two spellings that
differ only so share a *variant key*.  The index groups its vocabulary by
this key; the query layer offers a word's key-mates as variants.

Common Arabic words are different: their long vowels carry meaning (كتب،
كاتب، كتاب are three words of one root).  Which words are common words the
lexicon says (``analyzers.lexicon``); the query layer does not expand them.
"""

from __future__ import annotations

import re
from functools import lru_cache

from .alignment import cheapest_alignment

LONG_VOWELS = frozenset("اوي")
# Loanword consonant classes: each letter maps to its class's representative.
_CONSONANT_CLASSES = str.maketrans({"غ": "ج", "ق": "ج", "ك": "ج", "ط": "ت", "ص": "س", "ض": "د", "ذ": "ز", "ظ": "ز"})
_DOUBLED = re.compile(r"(.)\1+")

MIN_VARIANT_LENGTH = 4  # shorter words are too ambiguous to expand
# First halves of compound names written joined or apart: عبدالله / عبد الله.
COMPOUND_HEADS = frozenset({"عبد", "ابو", "ابي", "ابن", "بن", "بو", "دي", "ذو"})


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


def is_variant_candidate(word: str) -> bool:
    """Whether a written word is long enough to be grouped with its spelling
    variants at all (the vocabulary tables hold these; a Latin name is
    looked up among them)."""
    return len(word) >= MIN_VARIANT_LENGTH


def is_expandable(word: str) -> bool:
    """Whether a query's normalised word is searched in its spelling
    variants: a candidate, with a skeleton of three letters or more, and no
    digits.  (Whether it is a common word, whose long vowels carry meaning,
    the lexicon says: the query layer asks the index's vocabulary tables.)"""
    return (
        is_variant_candidate(word)
        and len(skeleton(word)) >= 3
        and not any(ch.isdigit() for ch in word)
    )


_CLASS_OF = {ch: ch.translate(_CONSONANT_CLASSES) for ch in "جغقكتطسصدضزذظ"}
# each letter of a loanword class → every letter of its class: ج → جغقك
CONSONANT_CLASS_MEMBERS = {ch: "".join(m for m in _CLASS_OF if _CLASS_OF[m] == cls) for ch, cls in _CLASS_OF.items()}


MIXED_FROM = 7  # letters: from this length on, a word's vowel changes and swaps may mix


def spelling_distance(a: str, b: str) -> float:
    """How many spelling changes turn *a* into *b*, counting only the changes
    that name spellings make: a long vowel written or left out (ترامب / ترمب),
    a doubled letter, or consonants swapped within their loanword classes
    (ج غ ق ك, ت ط, س ص, د ض, ز ذ ظ), each swap once however often it recurs
    (جوجل / غوغل is one change, ميجاوات / ميغاواط two).  In words shorter than
    MIXED_FROM letters vowel changes and swaps do not mix (بنتاغ is not بنتايج,
    بوينغ not بينج), in longer ones they may (بنجلاديش / بنغلادش); any other
    change is infinitely far (كاقل is not جوجل)."""
    if min(len(a), len(b)) >= MIXED_FROM:
        return mixed_distance(a, b)
    return min(_vowel_distance(a, b), _swap_distance(a, b))


def mixed_distance(a: str, b: str) -> float:
    """Vowel changes (1 each) and class swaps (1 per distinct pair) together:
    the best alignment by vowel changes, its swaps counted at the end."""
    n, m = len(a), len(b)

    def steps(i: int, j: int) -> list[tuple[int, int, float]]:
        # cost: vowel changes + 0.01 a swap occurrence, aligning a[:i] with b[:j]
        out = []
        if i < n and j < m and (a[i] == b[j] or (a[i] in _CLASS_OF and _CLASS_OF.get(b[j]) == _CLASS_OF[a[i]])):
            out.append((i + 1, j + 1, 0.01 if a[i] != b[j] else 0.0))
        if i < n and _droppable(a, i):
            out.append((i + 1, j, 1.0))
        if j < m and _droppable(b, j):
            out.append((i, j + 1, 1.0))
        return out

    cost, path = cheapest_alignment(n, m, steps)
    if not path:
        return cost
    swaps, vowels = set(), 0
    for (i, j), (pi, pj) in zip(path, path[1:]):
        if pi == i - 1 and pj == j - 1:
            if a[pi] != b[pj]:
                swaps.add(frozenset((a[pi], b[pj])))
        else:
            vowels += 1
    return float(vowels + len(swaps))


def _droppable(word: str, i: int) -> bool:
    return word[i] in LONG_VOWELS or (i > 0 and word[i - 1] == word[i])


def _swap_distance(a: str, b: str) -> float:
    if len(a) != len(b):
        return float("inf")
    swaps = {frozenset((x, y)) for x, y in zip(a, b) if x != y}
    if all(x in _CLASS_OF and _CLASS_OF.get(y) == _CLASS_OF[x] for x, y in zip(a, b) if x != y):
        return float(len(swaps))
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


def are_spellings(a: str, b: str, limit: int | None = None) -> bool:
    """Whether *a* and *b* are near enough to be spellings of one name: within
    *limit* changes, by default the limit of the longer of the two when the
    shorter has five letters or more (a name keeps its length's allowance
    when a spelling leaves vowels out: بينيتيز / بنيتز), else one change
    (محمد is not محيميد)."""
    shorter, longer = sorted((a, b), key=len)
    if limit is None:
        limit = max_spelling_distance(longer) if len(shorter) >= 5 else 1
    return spelling_distance(a, b) <= limit


MIN_SPLIT_PART = 3  # letters in each part of a word written apart ...
SHORT_PART = 2  # ... or in one part, beside a long one (دا سيلفا, عز الدين, واتس اب)


def compound_splits(word: str) -> list[tuple[str, str]]:
    """Ways a word written joined may also be written apart: after a compound
    head (عبدالرازق → عبد + الرازق, ابوظبي → ابو + ظبي) or between two parts of
    three letters or more (فيسبوك → فيس + بوك); a part of two letters only
    before a part of five letters or one with the article (داسيلفا → دا +
    سيلفا, عزالدين → عز + الدين), or after one of four (واتساب → واتس + اب).
    The query layer keeps only splits whose parts are both words of the
    index, and searches them as phrases."""
    splits = [(head, word[len(head):]) for head in sorted(COMPOUND_HEADS)
              if word.startswith(head) and len(word) - len(head) >= MIN_SPLIT_PART]
    for i in range(SHORT_PART, len(word) - SHORT_PART + 1):
        left, right = word[:i], word[i:]
        if (left, right) in splits:
            continue
        if len(left) >= MIN_SPLIT_PART and len(right) >= MIN_SPLIT_PART \
                or len(left) == SHORT_PART and (len(right) >= 5 or right.startswith("ال")) \
                or len(right) == SHORT_PART and len(left) >= 4:
            splits.append((left, right))
    return splits

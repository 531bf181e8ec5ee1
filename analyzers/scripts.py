"""Arabic typed in other scripts: keyboard slips, Buckwalter, Arabizi and
names in Latin letters.  Pure functions: which reading is meant, the query
layer decides with the index's vocabulary (``searcher/readings.py``).

* A *keyboard slip* is Arabic typed with the layout left on English (النفط
  comes out as ``hgkt'``), or English typed on the Arabic layout (``test``
  comes out as «فثسف»): the standard Arabic (101) layout maps one back to the
  other, key by key.
* *Buckwalter* writes each Arabic letter as one ASCII character (``AlnfT``).
* A *Latin name* (Trump, Haftar, el-Sarraj) is spelled out into candidate
  Arabic spellings, vowels and all; the variant key (``variants.variant_key``)
  of each is what the index's vocabulary is looked up by, so the candidates
  meet the spellings the index holds however their vowels fall.  *Arabizi*
  (3→ع, 7→ح, 2→ء, 5→خ) is the same with digits as letters.
"""

from __future__ import annotations

from itertools import product

# The Arabic (101) keyboard: each Latin key and what it types on that layout.
_KEYS_TO_ARABIC = {
    "q": "ض", "w": "ص", "e": "ث", "r": "ق", "t": "ف", "y": "غ", "u": "ع", "i": "ه", "o": "خ", "p": "ح",
    "[": "ج", "]": "د", "a": "ش", "s": "س", "d": "ي", "f": "ب", "g": "ل", "h": "ا", "j": "ت", "k": "ن",
    "l": "م", ";": "ك", "'": "ط", "z": "ئ", "x": "ء", "c": "ؤ", "v": "ر", "b": "لا", "n": "ى", "m": "ة",
    ",": "و", ".": "ز", "/": "ظ", "`": "ذ",
    # shifted keys that type letters (the others type marks, which normalising drops)
    "H": "أ", "Y": "إ", "N": "آ", "T": "لإ", "G": "لأ", "B": "لآ",
    "Q": "\u064e", "W": "\u064b", "E": "\u064f", "R": "\u064c", "A": "\u0650", "S": "\u064d", "X": "\u0652",
    "~": "\u0651",
}
_ARABIC_TO_KEYS = {arabic: key for key, arabic in _KEYS_TO_ARABIC.items() if len(arabic) == 1 and not key.isupper()
                   and "\u0621" <= arabic <= "\u064a"}
_ARABIC_TO_KEYS.update({"أ": "H", "إ": "Y", "آ": "N"})

# Buckwalter's transliteration, letter for letter.
_BUCKWALTER = {
    "'": "ء", "|": "آ", ">": "أ", "&": "ؤ", "<": "إ", "}": "ئ", "A": "ا", "b": "ب", "p": "ة", "t": "ت",
    "v": "ث", "j": "ج", "H": "ح", "x": "خ", "d": "د", "*": "ذ", "r": "ر", "z": "ز", "s": "س", "$": "ش",
    "S": "ص", "D": "ض", "T": "ط", "Z": "ظ", "E": "ع", "g": "غ", "f": "ف", "q": "ق", "k": "ك", "l": "ل",
    "m": "م", "n": "ن", "h": "ه", "w": "و", "y": "ي", "Y": "ى",
    "a": "\u064e", "u": "\u064f", "i": "\u0650", "F": "\u064b", "N": "\u064c", "K": "\u064d", "o": "\u0652",
    "~": "\u0651", "`": "\u0670", "{": "ٱ", "_": "\u0640",
}
# Characters only Buckwalter writes inside a word (a plain Latin word has none).
BUCKWALTER_MARKS = frozenset("'|>&<}*$")


MAX_KEY_READINGS = 8  # ways to type a word: doubled for each لا, up to this many


def keyboard_to_arabic(chunk: str) -> str | None:
    """What *chunk* types on the Arabic layout, or None when a key types no
    letter there.  All in capitals is caps lock, not the shift key."""
    if any(ch.isalpha() for ch in chunk) and chunk.upper() == chunk:
        chunk = chunk.lower()
    out = []
    for ch in chunk:
        if ch.isdigit():
            out.append(ch)
        elif ch in _KEYS_TO_ARABIC:
            out.append(_KEYS_TO_ARABIC[ch])
        else:
            return None
    return "".join(out)


def arabic_to_keyboard(chunk: str) -> list[str]:
    """The Latin keys that type *chunk* on the Arabic layout (what was meant
    when the layout was left on Arabic): every way, as لا is one key (b) or
    two (gh), the one key first; empty when a character has no key."""
    ways = [""]
    i = 0
    while i < len(chunk):
        if chunk.startswith("لا", i) and len(ways) < MAX_KEY_READINGS:
            ways = [w + "b" for w in ways] + [w + "gh" for w in ways]
            i += 2
            continue
        key = _ARABIC_TO_KEYS.get(chunk[i])
        if key is None:
            return []
        ways = [w + key for w in ways]
        i += 1
    return ways


_FINAL_ONLY = frozenset("ةى")  # teh marbuta and alef maqsura end a word
_NEVER_FIRST = frozenset("ؤئءة")  # hamza on waw or ya, a lone hamza, teh marbuta


def is_spelled_arabic(word: str) -> bool:
    """Whether *word* keeps Arabic spelling rules a typist could not break by
    slipping: ة and ى only at the end, no word opening with ؤ ئ ء ة.  Keys
    read on the wrong layout break them often (``tmc`` → «فةؤ»), Arabic
    typed on the right keys never; normalising would hide it (فةؤ → فهو)."""
    if not word:
        return False
    if word[0] in _NEVER_FIRST:
        return False
    return not any(ch in _FINAL_ONLY for ch in word[:-1])


def buckwalter_to_arabic(chunk: str) -> str | None:
    """*chunk* read as Buckwalter, or None when a character is not Buckwalter's."""
    if not all(ch in _BUCKWALTER for ch in chunk):
        return None
    return "".join(_BUCKWALTER[ch] for ch in chunk)


# Latin letters (and Arabizi digits) spelled out in Arabic: each has one or
# more readings, longest match first.  Vowels are written as long vowels: the
# variant key drops them inside a word, and keeps them first and last.
_LATIN_SOUNDS: list[tuple[str, tuple[str, ...]]] = [
    ("tch", ("تش",)), ("sch", ("ش",)),
    ("sh", ("ش",)), ("kh", ("خ",)), ("gh", ("غ",)), ("th", ("ث", "ت", "ذ")), ("dh", ("ذ", "ض", "ظ")),
    ("ch", ("تش", "ش", "ك")), ("ph", ("ف",)), ("ck", ("ك",)), ("qu", ("ك",)), ("ou", ("و",)), ("oo", ("و",)),
    ("ee", ("ي",)), ("ei", ("ي",)), ("ai", ("ي",)), ("ay", ("ي",)), ("ie", ("ي",)), ("ea", ("ي",)),
    # an ع romanisation leaves out: Saudi سعودي, Sanaa صنعاء, Daesh داعش
    ("au", ("و", "عو")), ("aa", ("ا", "عا", "اء")), ("ae", ("اي", "اع")),
    ("a", ("ا",)), ("e", ("ي",)), ("i", ("ي",)), ("o", ("و",)), ("u", ("و",)), ("y", ("ي",)), ("w", ("و",)),
    ("b", ("ب",)), ("p", ("ب",)), ("t", ("ت",)), ("d", ("د",)), ("k", ("ك",)), ("q", ("ق",)), ("g", ("ج",)),
    ("j", ("ج",)), ("c", ("ك",)), ("s", ("س",)), ("z", ("ز",)), ("f", ("ف",)), ("v", ("ف",)), ("l", ("ل",)),
    ("m", ("م",)), ("n", ("ن",)), ("r", ("ر",)), ("h", ("ه", "ح")), ("x", ("كس",)),
    # Arabizi
    ("3", ("ع",)), ("7", ("ح",)), ("2", ("ء",)), ("5", ("خ",)), ("9", ("ق", "ص")), ("6", ("ط",)), ("8", ("غ",)),
]
_VOWELS = frozenset("aeiouy")
MAX_SPELLINGS = 96


def latin_spellings(word: str) -> list[str]:
    """Arabic spellings of the Latin *word* (lower case, article removed), the
    usual romanisations read back: th / kh / gh / sh / dh / ch / ph, c before
    e, i or y as س, doubled letters once, h as ه or ح, a final e silent or
    not, a final a as ا or ة, a final -ah or -eh as ة, a first vowel as ا.  Vowels
    inside the word are written long; the variant key drops them."""
    word = "".join(ch for ch in word.lower() if ch.isalnum())
    if not word:
        return []
    parts: list[tuple[str, ...]] = []
    i = 0
    while i < len(word):
        if i and word[i] == word[i - 1] and word[i] not in _VOWELS:
            i += 1  # a doubled consonant is written once
            continue
        if word[i] == "c" and i + 1 < len(word) and word[i + 1] in "eiy":
            parts.append(("س",))
            i += 1
            continue
        if i + 2 == len(word) and word[i] in "ae" and word[i + 1] == "h" and i > 1:
            parts.append(("ه",))  # -ah, -eh: a ta marbuta (جدة, not جيدا)
            break
        for sound, readings in _LATIN_SOUNDS:
            if word.startswith(sound, i):
                last = i + len(sound) == len(word)
                if i == 0 and sound[0] in _VOWELS and sound[0] not in "yw":
                    # a first vowel is an alef (its seat folds to ا), or an ع (Aden), a first u also يو (Unesco)
                    readings = ("ا", "ع", "يو") if sound in ("u", "ou") else ("ا", "ع")
                elif last and sound == "e" and len(word) > 3:
                    readings = ("", "ي")  # a final e may be silent
                elif last and sound == "a":
                    readings = ("ا", "ه")
                parts.append(readings)
                i += len(sound)
                break
        else:
            i += 1  # a letter Arabic does not write (an apostrophe's left-overs)
    spellings = []
    for combination in product(*parts):
        spellings.append("".join(combination))
        if len(spellings) >= MAX_SPELLINGS:
            break
    return list(dict.fromkeys(s for s in spellings if s))


# Romanised name particles: the article, and the heads of compound names.
LATIN_ARTICLES = frozenset({"al", "el", "ul", "il", "ad", "ed", "as", "es", "ash", "esh", "ar", "er", "an", "at", "az"})
LATIN_HEADS = {"abu": "ابو", "abou": "ابو", "abo": "ابو", "bin": "بن", "ben": "بن", "ibn": "ابن",
               "abd": "عبد", "abdul": "عبد ال", "abdel": "عبد ال", "abdal": "عبد ال", "abdol": "عبد ال",
               "bou": "بو", "bu": "بو", "de": "دي", "di": "دي", "dos": "دوس", "da": "دا"}

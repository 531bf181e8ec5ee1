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

import unicodedata
from functools import lru_cache
from itertools import product

from .alignment import cheapest_alignment
from .normalizer import normalize
from .variants import LONG_VOWELS

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
BUCKWALTER_LETTERS = frozenset(_BUCKWALTER)  # every character Buckwalter writes
_ARABIC_TO_BUCKWALTER = {arabic: latin for latin, arabic in _BUCKWALTER.items()}


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


def arabic_to_buckwalter(chunk: str) -> str | None:
    """*chunk* written in Buckwalter, or None when a character has no Buckwalter letter."""
    out = [_ARABIC_TO_BUCKWALTER.get(ch) for ch in chunk]
    return None if None in out else "".join(out)  # type: ignore[arg-type]


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
    # th, sh, dh may be two letters, the h an Arabic ح or ه: Fathi فتحي, Ishaq اسحاق, Dahlan دحلان
    ("sh", ("ش", "سح", "سه")), ("kh", ("خ",)), ("gh", ("غ",)), ("th", ("ث", "ت", "ذ", "تح", "ته")),
    ("dh", ("ذ", "ض", "ظ", "دح", "ده")), ("dj", ("ج", "دج", "دي")),  # French dj: Belhadj بلحاج; a Serbian one دي (Djokovic)
    ("ch", ("تش", "ش", "ك", "خ")), ("ph", ("ف",)), ("ck", ("ك",)), ("qu", ("ك",)), ("ou", ("و",)), ("oo", ("و",)),
    ("eau", ("و",)),  # French: Trudeau ترودو
    ("ee", ("ي",)), ("ei", ("ي",)), ("ai", ("ي", "اي", "ائ", "ع")), ("ay", ("ي",)), ("ie", ("ي",)), ("ea", ("ي",)),
    # an ع romanisation leaves out: Saudi سعودي, Sanaa صنعاء, Daesh داعش
    ("au", ("و", "عو")), ("aa", ("ا", "عا", "اء", "عاء")), ("ae", ("اي", "اع")),
    ("a", ("ا",)), ("e", ("ي",)), ("i", ("ي",)), ("o", ("و",)), ("u", ("و",)), ("y", ("ي",)),
    ("wh", ("و",)), ("w", ("و", "ف")),
    ("b", ("ب",)), ("p", ("ب",)), ("t", ("ت",)), ("d", ("د", "ذ")), ("k", ("ك",)), ("q", ("ق",)), ("g", ("ج",)),
    ("j", ("ج", "ي")), ("c", ("ك",)), ("s", ("س", "ز")), ("z", ("ز",)), ("f", ("ف",)), ("v", ("ف",)), ("l", ("ل",)),
    ("m", ("م",)), ("ngh", ("نغ", "نغه", "نجه")), ("ng", ("نج", "نغ", "ن")), ("n", ("ن",)), ("r", ("ر",)), ("h", ("ه", "ح")),
    ("x", ("كس",)),
    # Arabizi
    ("3", ("ع",)), ("7", ("ح",)), ("2", ("ء",)), ("5", ("خ",)), ("9", ("ق", "ص")), ("6", ("ط",)), ("8", ("غ",)),
]
_VOWELS = frozenset("aeiouy")
# A first vowel is an alef (its seat folds to ا) or an ع (Aden); a first u also يو (Unesco), a first e or i also
# اي, as foreign names are written (Eto'o ايتو, Emery ايمري)
_FIRST_VOWEL = {"u": ("ا", "ع", "يو"), "ou": ("ا", "ع", "يو"), "e": ("ا", "ع", "اي"), "i": ("ا", "ع", "اي")}
MAX_SPELLINGS = 256
# French endings whose last letters are silent, and the Arabic that writes them: Renault رينو, Peugeot بيجو,
# Dassault داسو, Giroud جيرو, Calais كاليه, Chevrolet شيفروليه, Olivier أوليفييه.  Read
# beside the letters as written (Internet: انترنت), at FRENCH_ENDING_COST.
FRENCH_ENDINGS: tuple[tuple[str, str], ...] = (
    ("eaux", "و"), ("ault", "و"), ("aut", "و"), ("aux", "و"), ("aud", "و"), ("oud", "و"), ("eot", "و"), ("ot", "و"),
    ("ais", "يه"), ("ait", "يه"), ("et", "يه"), ("ier", "ييه"),
)
MIN_FRENCH_STEM = 2  # Latin letters before the ending (Pinot, not ot)


# Letters whose accent is a sound of its own: Turkish (and Romanian) ş and ç are sh and ch (Demirtaş دميرتاش,
# Çavuşoğlu), the dotless ı an i
_SOUNDING_ACCENTS = str.maketrans({"ş": "sh", "ș": "sh", "ç": "ch", "ı": "i"})


def plain_latin(word: str) -> str:
    """*word* in lower case without accents: Erdoğan → erdogan, José → jose,
    Demirtaş → demirtash; a Gaelic Mc is Mac (McCain: ماكين)."""
    word = word.lower().translate(_SOUNDING_ACCENTS)
    if word.startswith("mc") and word[2:3].isalpha() and word[2] not in _VOWELS:
        word = "mac" + word[2:]
    return "".join(ch for ch in unicodedata.normalize("NFKD", word) if not unicodedata.combining(ch))


def latin_spellings(word: str) -> list[str]:
    """Arabic spellings of the Latin *word* (lower case, article removed), the
    usual romanisations read back: th / kh / gh / sh / dh / ch / ph, c before
    e, i or y as س, doubled letters once, h as ه or ح, a final e silent or
    not, a final a as ا or ة, a final -ah or -eh as ة, a first vowel as ا.  Vowels
    inside the word are written long; the variant key drops them."""
    word = "".join(ch for ch in plain_latin(word) if ch.isalnum())
    if not word:
        return []
    parts: list[tuple[str, ...]] = []
    i = 0
    last_sound = ""
    while i < len(word):
        if word.startswith("ll", i) and 0 < i < len(word) - 2:
            parts.append(("ل", "ي"))  # Spanish ll inside a word: Casillas كاسياس, Sevilla
            i += 2
            continue
        if _portuguese_nh(word, i):
            parts.append(("نه", "ني", "نح"))  # Mourinho مورينيو; Manhattan مانهاتن
            i += 2
            continue
        if word.startswith("cc", i) and word[i + 2:i + 3] in ("e", "i", "y"):
            parts.append(("تش", "ش", "س"))  # Italian cc before e or i: Gucci غوتشي
            i += 2
            continue
        if i and word[i] == word[i - 1] and word[i] not in _VOWELS and last_sound == word[i]:
            i += 1  # a doubled consonant is written once (not a digraph's h and an h: Mashhad مشهد)
            continue
        if word[i] == "c" and i + 1 < len(word) and word[i + 1] in "eiy":
            parts.append(("س", "ش", "تش"))  # Cecil, Ancelotti, Ciro
            i += 1
            continue
        if i + 2 == len(word) and word[i] in "ae" and word[i + 1] == "h" and i > 1:
            parts.append(("ه", "ح"))  # -ah, -eh: a ta marbuta (جدة, not جيدا), or ح (Fattah)
            break
        for sound, readings in _LATIN_SOUNDS:
            if word.startswith(sound, i):
                last = i + len(sound) == len(word)
                if i == 0 and sound[0] in _VOWELS and sound[0] not in "yw":
                    readings = _FIRST_VOWEL.get(sound, ("ا", "ع"))
                elif last and sound == "e" and len(word) > 3:
                    readings = ("", "ي", "ه")  # a final e may be silent, or a German one ه (Schalke)
                elif last and sound == "c":
                    readings = ("ك", "تش")  # -vic: فيتش
                elif sound == "c" and word[i + 1:i + 2] in ("a", "o", "u"):
                    readings = ("ك", "ج")  # a Turkish c: Öcalan أوجلان
                elif last and sound == "a":
                    # ي: ى normalised (Mustafa مصطفى); Daraa درعا; a hamza after the alef (Karbala كربلاء)
                    readings = ("ا", "ه", "ي", "ع", "اء")
                elif last and sound in ("u", "o", "i"):
                    readings = (*readings, "ع")  # a last ع the Latin leaves out: Yanbu ينبع
                elif sound == "s" and word.startswith("t", i + 1):
                    readings = (*readings, "ش")  # German st: Steinmeier شتاينماير
                elif sound == "m" and word.startswith("b", i + 1):
                    readings = (*readings, "ن")  # an Arabic نب, said mb: Jumblatt جنبلاط
                elif (sound == "y" and word[i + 1:i + 2] not in _A_VOWEL and i) or (
                        sound == "i" and i + 3 == len(word) and word[-1] == "e" and word[-2] not in _VOWELS):
                    readings = (*readings, "اي")  # an English long i or y: fly فلاي, Skype سكايب, Nike نايكي
                parts.append(readings)
                i += len(sound)
                last_sound = sound
                break
        else:
            i += 1  # a letter Arabic does not write (an apostrophe's left-overs)
    spellings = []
    for combination in product(*parts):
        spellings.append("".join(combination))
        if len(spellings) >= MAX_SPELLINGS:
            break
    ending = french_ending(word)
    if ending:  # and with the French ending's silent letters (Renault: رينو beside رينولت)
        spellings += [stem + ending[1] for stem in latin_spellings(word[:-len(ending[0])])]
    return list(dict.fromkeys(s for s in spellings if s))


def french_ending(word: str) -> tuple[str, str] | None:
    """The French ending (``FRENCH_ENDINGS``) the plain lower-case Latin *word* ends with, and its Arabic; or None."""
    for latin, arabic in FRENCH_ENDINGS:
        if word.endswith(latin) and len(word) - len(latin) >= MIN_FRENCH_STEM:
            return latin, arabic
    return None


# Romanised name particles: the article, and the heads of compound names.
LATIN_ARTICLES = frozenset({"al", "el", "ul", "il", "ad", "ed", "as", "es", "ash", "esh", "ar", "er", "an", "at", "az"})
LATIN_HEADS = {"abu": "ابو", "abou": "ابو", "abo": "ابو", "bin": "بن", "ben": "بن", "ibn": "ابن",
               "abd": "عبد", "abdul": "عبد ال", "abdel": "عبد ال", "abdal": "عبد ال", "abdol": "عبد ال",
               "bou": "بو", "bu": "بو", "de": "دي", "di": "دي", "dos": "دوس", "da": "دا",
               "umm": "ام", "um": "ام", "om": "ام"}  # Umm Qasr, Omdurman: ام قصر، ام درمان


# -- how far an Arabic spelling is from a Latin word ---------------------------
# Each Latin consonant (or digraph) and the Arabic letters that romanise to it,
# with what choosing one costs: 0 for the usual reading, ALSO_USUAL (a tie-breaker: the
# index's counts decide) for the other usual ones, more for the rare.
ALSO_USUAL = 0.05
SPLIT_DIGRAPH_COST = 0.5  # th, sh, dh read as two letters: a t, s or d and an Arabic h
_CONSONANT_READINGS: list[tuple[str, dict[str, float]]] = [
    ("tch", {"تش": 0}), ("sch", {"ش": 0}), ("kh", {"خ": 0}), ("ph", {"ف": 0}), ("ck", {"ك": 0}),
    # th, sh, dh as two letters, the h an Arabic ح or ه (Fathi فتحي, Ishaq اسحاق, Dahlan دحلان): SPLIT_DIGRAPH_COST
    ("sh", {"ش": 0, "سح": SPLIT_DIGRAPH_COST, "سه": SPLIT_DIGRAPH_COST, "صح": SPLIT_DIGRAPH_COST}),
    ("wh", {"و": 0}),
    ("ngh", {"نغ": 0, "نغه": 0, "نجه": ALSO_USUAL}),  # n + gh (Benghazi) or ng + h (Birmingham)
    ("ng", {"نج": 0, "نغ": ALSO_USUAL, "ن": 0.25}),  # Washington: واشنطن
    ("gh", {"غ": 0, "ج": ALSO_USUAL, "ق": 0.5}),
    ("th", {"ث": 0, "ت": ALSO_USUAL, "ذ": 2 * ALSO_USUAL,
            "تح": SPLIT_DIGRAPH_COST, "ته": SPLIT_DIGRAPH_COST, "طح": SPLIT_DIGRAPH_COST, "طه": SPLIT_DIGRAPH_COST}),
    ("dh", {"ذ": 0, "ض": ALSO_USUAL, "ظ": ALSO_USUAL,
            "دح": SPLIT_DIGRAPH_COST, "ده": SPLIT_DIGRAPH_COST, "ضح": SPLIT_DIGRAPH_COST, "ضه": SPLIT_DIGRAPH_COST}),
    ("zh", {"ج": 0, "ظ": ALSO_USUAL}),
    ("dj", {"ج": 0, "دج": ALSO_USUAL, "دي": 0.5}),  # French dj: Belhadj بلحاج, Djibouti جيبوتي; Serbian: Djokovic
    ("ch", {"تش": 0, "ش": 0, "ك": 0.5, "خ": 0.5}),  # خ: German (Munich)
    ("t", {"ت": 0, "ط": ALSO_USUAL}), ("d", {"د": 0, "ض": ALSO_USUAL, "ذ": 0.5}),  # ذ: Gaddafi
    ("k", {"ك": 0, "ق": ALSO_USUAL}), ("q", {"ق": 0, "ك": 0.5}),  # ك: a few brands (Nasdaq ناسداك)
    ("g", {"ج": 0, "غ": ALSO_USUAL, "ق": 2 * ALSO_USUAL}), ("j", {"ج": 0, "ي": 0.5}),
    ("c", {"ك": 0, "ق": ALSO_USUAL, "تش": 0.5, "ج": 0.5}),  # تش: -vic (Ibrahimovic); ج: Turkish (Öcalan أوجلان)
    ("s", {"س": 0, "ص": ALSO_USUAL, "ز": 0.5}), ("z", {"ز": 0, "ظ": ALSO_USUAL, "ذ": ALSO_USUAL}),
    ("h", {"ه": 0, "ح": ALSO_USUAL}), ("w", {"و": 0, "ف": 0.5}),  # ف: German (Volkswagen)
    ("b", {"ب": 0}), ("p", {"ب": 0}), ("f", {"ف": 0}), ("v", {"ف": 0}), ("l", {"ل": 0}), ("m", {"م": 0}),
    ("n", {"ن": 0}), ("r", {"ر": 0}), ("x", {"كس": 0}), ("y", {"ي": 0, "ئ": 0.25}),
    ("'", {"ع": 0, "ء": 0, "": 0}),
    ("3", {"ع": 0}), ("7", {"ح": 0}), ("2", {"ء": 0, "ا": 0}), ("5", {"خ": 0}), ("9", {"ق": 0, "ص": 0}),
    ("6", {"ط": 0}), ("8", {"غ": 0}),
]
_SOFT_C = {"س": 0, "ش": 0, "تش": 0}  # c before e, i, y: Cecilia, Ancelotti, Ciao
_GERMAN_ST = {**dict(_CONSONANT_READINGS)["s"], "ش": 0.5}  # s before t: German ش (Steinmeier شتاينماير)
_M_BEFORE_B = {"م": 0, "ن": 0.5}  # m before b: م (Mumbai), or an Arabic ن said m (Jumblatt جنبلاط)
_SPANISH_LL = {**dict(_CONSONANT_READINGS)["l"], "ي": 0.5}  # ll in a word: English ل (Hillary), Spanish ي (Casillas)
# nh between vowels: English ن + ه (Manhattan), Portuguese ني (Mourinho مورينيو, Ronaldinho)
_PORTUGUESE_NH = {"نه": 0, "نح": ALSO_USUAL, "ني": ALSO_USUAL}


def _portuguese_nh(word: str, i: int) -> bool:
    return word.startswith("nh", i) and 0 < i and word[i - 1] in "aeiou" and word[i + 2:i + 3] in _A_VOWEL


_GLOTTAL = frozenset("عءئؤ")  # letters romanisation leaves out: Saudi سعودي, Sanaa صنعاء
GLOTTAL_COST = 0.25  # an ع or hamza the Latin does not write
LONG_VOWEL_COST = 1.0  # a long vowel the Latin does not write, or of another quality
SILENT_COST = 1.0  # a vowel the Arabic needs written and does not: a word's first or last
SHORT_VOWEL_COST = 0.5  # a lone vowel inside the word unwritten (Trump: ترمب)
DIGRAPH_SILENT_COST = 2.0  # ... a digraph (ou, ee, aa) unwritten
ENGLISH_VOWEL_COST = 0.25  # an English i or u read as a diphthong: Biden بايدن, YouTube يوتيوب
INVENTED_VOWEL_COST = 2.0  # a long vowel the Arabic writes between Latin consonants (Misrata is not مسيرته)
CONSONANT_COST = 1.5  # a consonant one side writes and the other does not
FRENCH_ENDING_COST = 0.25  # a French ending's silent letters (``FRENCH_ENDINGS``): Renault رينو
CROSSED_VOWEL_COST = 2.0  # a Latin e, i or y written و, or an o or u written ي: no romanisation does that
# A spelling may carry the short vowels a lexicon gives it (``vowelled_spelling``: ربيع as رَبِيع, rabīʿ):
VOWEL_MISMATCH_COST = 0.5  # ... a Latin vowel for a short vowel of another quality (Rubio is no رَبِيع: u for a)
MARK_UNWRITTEN_COST = 0.5  # ... a short vowel the Latin does not write (Gmail is no جَمِيل)
FATHA, DAMMA, KASRA = "\u064e", "\u064f", "\u0650"
SHORT_VOWEL_MARKS = frozenset((FATHA, DAMMA, KASRA))
_MARK_SOUNDS = {FATHA: "ae", KASRA: "iey", DAMMA: "uo"}  # the Latin vowels that write each


_A_VOWEL = ("a", "e", "i", "o", "u")


def vowelled_spelling(vocalized: str) -> str:
    """The normalised spelling of a vocalised word (a lexicon's رَبِيع) with
    the short vowels a romanisation must agree with: a fatha, kasra or damma
    on a letter inside the word, before a consonant (a mark before ا و ي is
    the long vowel's or a diphthong's, a fatha before the last ة is the ة's;
    the last letter's is a case ending);
    sukun, shadda and tanween dropped; the letters normalised."""
    letters: list[str] = []
    marks: list[str] = []  # the short vowel after each letter, or ""
    for ch in vocalized:
        if ch in SHORT_VOWEL_MARKS:
            if letters:
                marks[-1] = ch
        elif "\u0621" <= ch <= "\u064a":
            letters.append(normalize(ch) or ch)
            marks.append("")
    out = []
    for k, letter in enumerate(letters):
        out.append(letter)
        # not before a long vowel, nor the fatha of a last ة (Basra: بَصْرَة, the a is the ة's)
        if marks[k] and k + 1 < len(letters) and letters[k + 1] not in LONG_VOWELS \
                and not (k + 2 == len(letters) and letters[k + 1] == "ه" and marks[k] == FATHA):
            out.append(marks[k])
    return "".join(out)


def _mark_cost(sound: str, mark: str) -> float:
    """What more than an unwritten vowel the Latin *sound* costs for the short vowel *mark*."""
    return 0.0 if sound[0] in _MARK_SOUNDS[mark] else VOWEL_MISMATCH_COST


def _vowel_for(run: str, letter: str) -> float:
    """What the long vowel *letter* costs for the Latin vowels *run*, or beside
    them, when it does not spell them: the back و for front vowels or the
    front ي for back ones (Biden is no بدون) more than another long vowel."""
    crossed = (letter == "و" and set(run) <= set("eiy")) or (letter == "ي" and set(run) <= set("ou"))
    return CROSSED_VOWEL_COST if crossed else LONG_VOWEL_COST


def _latin_units(word: str) -> list[tuple[bool, str, dict[str, float]]]:
    """*word* cut into romanisation units: runs of vowels, and consonants
    (digraphs first), each as (is_vowel_run, letters, Arabic readings)."""
    units: list[tuple[bool, str, dict[str, float]]] = []
    i = 0
    while i < len(word):
        ch = word[i]
        follows = word[i + 1] if i + 1 < len(word) else ""
        # a y before no vowel is one (Spotify: سبوتيفاي); "" is in any str, so the tuple
        if ch in "aeiou" or (ch == "y" and follows not in _A_VOWEL):
            j = i
            while j < len(word) and (word[j] in "aeiou" or (word[j] == "y" and word[j + 1:j + 2] not in _A_VOWEL)):
                j += 1
            units.append((True, word[i:j], {}))
            i = j
            continue
        if units and not units[-1][0] and units[-1][1] == ch and ch != "'":  # not a digraph's h: Mashhad مشهد
            if ch == "l" and i + 1 < len(word):
                units[-1] = (False, "l", _SPANISH_LL)  # Casillas: كاسياس
            i += 1  # a doubled consonant is one letter
            continue
        if ch == "c" and (follows in ("e", "i", "y") or (follows == "c" and word[i + 2:i + 3] in ("e", "i", "y"))):
            units.append((False, ch, _SOFT_C))  # Cecil, Ancelotti; Italian cc (Gucci: غوتشي)
            i += 2 if follows == "c" else 1
            continue
        if ch == "s" and follows == "t":
            units.append((False, ch, _GERMAN_ST))
            i += 1
            continue
        if ch == "m" and follows == "b":
            units.append((False, ch, _M_BEFORE_B))
            i += 1
            continue
        if _portuguese_nh(word, i):
            units.append((False, "nh", _PORTUGUESE_NH))
            i += 2
            continue
        for letters, readings in _CONSONANT_READINGS:
            if word.startswith(letters, i):
                if letters == "ng" and word[i + 2:i + 3] in ("", *_A_VOWEL):
                    readings = {k: v for k, v in readings.items() if k != "ن"}  # Hong Kong: كونج, not كون
                units.append((False, letters, readings))
                i += len(letters)
                break
        else:
            i += 1  # a letter no Arabic spelling writes
    return units


# Vowel sounds of romanisations (digraphs first) and the Arabic that writes them long
_VOWEL_SOUNDS: dict[str, tuple[str, ...]] = {
    "eau": ("و",), "ou": ("و",), "oo": ("و",), "ee": ("ي",), "ea": ("ي",), "ie": ("ي",), "ei": ("ي", "اي"), "ey": ("ي", "اي"),
    "ai": ("ي", "اي"), "ay": ("ي", "اي"), "au": ("و", "او"), "aw": ("و", "او"), "aa": ("ا",),
    "a": ("ا",), "e": ("ي",), "i": ("ي",), "y": ("ي",), "o": ("و",), "u": ("و",),
}
_ENGLISH_LONG = {"i": "اي", "y": "اي"}  # Biden: بايدن, Skype: سكايب


def _vowel_sounds(run: str) -> list[str]:
    sounds, i = [], 0
    while i < len(run):
        size = next(n for n in (3, 2, 1) if n == 1 or run[i:i + n] in _VOWEL_SOUNDS)  # French eau: و
        sounds.append(run[i:i + size])
        i += size
    return sounds


def _vowel_run_cost(run: str, segment: str, first: bool, last: bool, long_a: bool = False) -> float:
    """What writing the Latin vowels *run* as the Arabic *segment* costs.  A
    lone short vowel may go unwritten (Trump: ترمب); a digraph (ou, ee) is a
    long vowel and is written (Nadhouri: ناظوري, not ناظري); so is the word's
    first vowel (on an alef, or as an ع: Omar عمر) and its last (but a
    silent e); each sound of a run of two (Ethiopia: io, ia) is written.
    Vowels beside an ع or hamza the Latin leaves out are short (Taiz: تعز,
    Saudi: سعودي).  A last a may be ه, or (less often) ى, read ي (Mustafa
    مصطفى); a last e ه (Schalke شالكه); an English a before a silent e
    (*long_a*) is ي (Gates: جيتس)."""
    beside_glottal = any(ch in _GLOTTAL for ch in segment)
    sounds = list(run) if beside_glottal else _vowel_sounds(run)  # Ismail: a, ع, i
    n, m = len(sounds), len(segment)

    def unwritten(i: int) -> float:
        sound = sounds[i]
        if beside_glottal:
            return 0.0
        if len(sound) > 1:
            return DIGRAPH_SILENT_COST
        if last and i + 1 == n and sound != "e":
            return SILENT_COST
        return SILENT_COST / 2 if n > 1 else SHORT_VOWEL_COST

    def steps(i: int, j: int) -> list[tuple[int, int, float]]:
        out: list[tuple[int, int, float]] = []
        if i < n:  # a sound left unwritten (or written as a short vowel: as much, more for another vowel)
            out.append((i + 1, j, unwritten(i)))
            if j < m and segment[j] in SHORT_VOWEL_MARKS:
                out.append((i + 1, j + 1, unwritten(i) + _mark_cost(sounds[i], segment[j])))
        if j < m:
            letter = segment[j]
            if letter in SHORT_VOWEL_MARKS:
                out.append((i, j + 1, MARK_UNWRITTEN_COST))
            elif letter in _GLOTTAL:
                out.append((i, j + 1, GLOTTAL_COST))
            elif letter in LONG_VOWELS:
                seat = first and j == 0 and letter == "ا" and segment[1:2] in ("ي", "و")  # ايفون
                out.append((i, j + 1, 0.0 if seat else _vowel_for(run, letter)))
            elif letter == "ه" and last and j + 1 == m:
                out.append((i, j + 1, 0.5))
        if i < n:
            sound = sounds[i]
            seatless = SILENT_COST if first and j == 0 else 0.0  # no word starts with a long و or ي
            for spelling in _VOWEL_SOUNDS[sound] + (("ي",) if long_a else ()):
                if segment.startswith(spelling, j):
                    out.append((i + 1, j + len(spelling), seatless if spelling[0] in "وي" else 0.0))
            if sound in _ENGLISH_LONG and segment.startswith(_ENGLISH_LONG[sound], j):
                out.append((i + 1, j + 2, ENGLISH_VOWEL_COST))
            if j < m:
                letter = segment[j]
                final = last and i + 1 == n and j + 1 == m
                if first and i == 0 and letter in "اع":
                    out.append((i + 1, j + 1, 0.0))
                    if segment[j + 1:j + 2] in SHORT_VOWEL_MARKS:  # and the vowel on it (Uber is no عَبِير)
                        out.append((i + 1, j + 2, _mark_cost(sound, segment[j + 1])))
                elif final and sound == "a" and letter == "ه":
                    out.append((i + 1, j + 1, 0.0))  # ة
                elif final and sound in ("a", "e") and letter in "يه":
                    out.append((i + 1, j + 1, 0.25 if sound == "e" else 0.5))  # ى; German e: ه
                elif letter in LONG_VOWELS:
                    out.append((i + 1, j + 1, _vowel_for(sound, letter)))  # another vowel
            if sound == "u" and n == 1 and segment.startswith("يو", j):
                out.append((i + 1, j + 2, ENGLISH_VOWEL_COST))  # English u: YouTube يوتيوب
        return out

    total = cheapest_alignment(n, m, steps)[0]
    if first and not segment:
        total += SILENT_COST  # a first vowel sits on an alef (or is an ع)
    return total


@lru_cache(maxsize=1 << 16)  # a pure function, asked again for each query that holds the word (thread-safe)
def latin_distance(latin: str, arabic: str) -> float:
    """How far the Arabic spelling *arabic* (normalised, article removed) is
    from the romanised *latin* word: 0 when it is a usual romanisation of
    it (Nadhouri: ناظوري; Trump: ترمب; Saudi: سعودي is 0.25, an unwritten
    ع), about 1 per long vowel or consonant the two disagree on.  *arabic*
    may carry short vowels (``vowelled_spelling``): one the Latin writes costs
    what an unwritten one does, another vowel or none at all more.  A French
    ending (``FRENCH_ENDINGS``) may be read silent, as the Arabic writes it
    (Renault: رينو), at FRENCH_ENDING_COST."""
    word = "".join(ch for ch in plain_latin(latin) if ch.isalnum() or ch == "'")
    distance = _letters_distance(word, arabic)
    ending = french_ending(word)
    if ending and arabic.endswith(ending[1]) and len(arabic) > len(ending[1]):
        # the French ending's silent letters (Renault: رينو): the rest of the word, and a quarter change
        stem = _letters_distance(word[:-len(ending[0])], arabic[:-len(ending[1])])
        distance = min(distance, stem + FRENCH_ENDING_COST)
    return distance


def _letters_distance(word: str, arabic: str) -> float:
    """``latin_distance`` of the plain Latin letters *word*, letter by letter."""
    units = _latin_units(word)
    if not units or not arabic:
        return float("inf")
    n, m = len(units), len(arabic)
    # -ah, -eh: the h silent (the vowel is the last, a ه) or a consonant (Fatah فتح)
    silent_h = n > 1 and not units[-1][0] and units[-1][1] == "h" and units[-2][0]
    # an English a before a consonant and a silent e: Gates, James, Blake
    long_a = [units[i][1] == "a" and i + 2 < n and not units[i + 1][0] and units[i + 2][1] == "e"
              and (i + 3 == n or (i + 4 == n and units[i + 3][1] == "s")) for i in range(n)]
    def steps(i: int, j: int) -> list[tuple[int, int, float]]:
        out: list[tuple[int, int, float]] = []
        if j < m:  # an Arabic letter the Latin does not write
            letter = arabic[j]
            if letter in SHORT_VOWEL_MARKS:
                extra = MARK_UNWRITTEN_COST
            elif j and letter == arabic[j - 1] and letter in "لوي":
                extra = 0.0  # written twice (الله; a long vowel and its consonant: نزارباييف), not a consonant (تتسق)
            elif letter in _GLOTTAL:
                extra = GLOTTAL_COST
            elif letter in LONG_VOWELS:
                # beside a Latin vowel: a long one for a short one; between consonants: invented
                beside = [units[k][1] for k in (i - 1, i) if 0 <= k < n and units[k][0]]
                extra = INVENTED_VOWEL_COST if not beside else min(_vowel_for(run, letter) for run in beside)
            else:
                extra = CONSONANT_COST
            out.append((i, j + 1, extra))
        if i < n:
            is_vowel, letters, readings = units[i]
            if is_vowel:
                # a vowel before ل of a compound's article: Abdullah, Abdel, Nasrallah (عبدالله)
                article = i + 1 < n and units[i + 1][1] == "l" and arabic.startswith("ال", j)
                for k in range(j, min(m, j + 4) + 1):
                    segment = arabic[j:k]
                    if article and segment == "ا" and i:
                        run = 0.0
                    else:
                        run = _vowel_run_cost(letters, segment, i == 0, i == n - 1, long_a=long_a[i])
                    out.append((i + 1, k, run))
                    if silent_h and i == n - 2:
                        out.append((n, k, _vowel_run_cost(letters, segment, i == 0, True)))
            else:
                for reading, extra in readings.items():
                    if arabic.startswith(reading, j):
                        out.append((i + 1, j + len(reading), extra))
                out.append((i + 1, j, 0.0 if letters == "'" else CONSONANT_COST))
        return out

    return cheapest_alignment(n, m, steps)[0]

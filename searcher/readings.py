"""Another reading of a query typed in the wrong script: a keyboard slip,
Buckwalter, or names in Latin letters (``analyzers/scripts.py`` spells them
out; this module weighs them against the index's vocabulary).

* A keyboard slip or Buckwalter *replaces* the query, when the index makes
  that reading far more plausible than the text as typed: ``hgkt'`` is
  searched as النفط (the Arabic word is in a thousand documents, the Latin
  string in none), «فثسف» as ``test`` when the index writes "test".
* Latin names are searched *beside* the text as typed: ``Google`` also as
  جوجل (and so غوغل, قوقل), ``el Sarraj`` as السراج; what matches as typed
  ranks first.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from itertools import product

from analyzers.scripts import (
    BUCKWALTER_LETTERS,
    BUCKWALTER_MARKS,
    LATIN_ARTICLES,
    LATIN_HEADS,
    arabic_to_keyboard,
    buckwalter_to_arabic,
    is_spelled_arabic,
    keyboard_to_arabic,
    latin_distance,
    latin_spellings,
)
from analyzers.variants import (
    CONSONANT_CLASS_MEMBERS,
    LONG_VOWELS,
    MIN_VARIANT_LENGTH,
    is_variant_candidate,
    variant_key,
)

from .exonyms import city_names, place_spans
from .vocabulary import LOANWORD_LETTERS, Vocabulary

KEYBOARD, BUCKWALTER, LATIN_NAMES, LATIN_KEYBOARD = "keyboard", "buckwalter", "latin", "latin keyboard"
# A reading replaces the text as typed when the index writes it in this many
# times more documents (and in some): bench/latin.py, docs/latin.md
PLAUSIBLE_RATIO = 300
MAX_LATIN_CHANGES = 2  # a Latin name's Arabic spelling is at most this far from one spelled out
# ... each change weighs a candidate down this much (0.1 until the tenth session: Honda read الهندي "the Indian",
# Tesla تصله; 0.05 chosen on the tuned name sets, 0.03 and 0.01 lose names there; docs/latin.md)
LATIN_CHANGE_WEIGHT = 0.05
MIN_LATIN_WEIGHT = 0.05  # ... and a candidate must weigh this much (one change: one document)
# A city's Arabic name (GeoNames) that the Latin spells within this many changes weighs this much a document
# against a spelling's weight; one it does not spell (an exonym: Aleppo, حلب) weighs as a spelling one change away.
CITY_SPELLING_CHANGES = 1.5
CITY_WEIGHT = 100.0
USUAL_ARTICLE_RATIO = 2  # a name the index writes this many times more with the article is searched with it
MAX_LATIN_NAME_LETTERS = 30  # a longer Latin word is read as no name
# A common word of the lexicon is a Latin name's reading when the Latin spells it within half a change, weighed as
# a thirtieth of its documents (chosen on the names of bench/data/latin-names.tsv other than fresh3; docs/latin.md)
COMMON_WORD_CHANGES = 0.5
COMMON_WORD_WEIGHT = 0.03
MIN_LOANWORD_LATIN = 5  # a loanword needs a Latin word this long (hslh: keys, not حصيله)
# Latin words that no name reads may be read as Arabic words (common ones too) that the index writes side by side
# in this many documents: Ban Ki-moon بان كي مون, Hafr al-Batin حفر الباطن, Dropbox دروب بوكس
MIN_PHRASE_DOCUMENTS = 2
PHRASE_SPELLINGS = 3  # ... each Latin word in its spellings the index writes most, up to this many
MAX_PHRASE_WORDS = 4  # ... a run of up to this many Latin words (articles aside)
MIN_SPLIT_LETTERS, MIN_SPLIT_PART = 6, 2  # ... or one Latin word this long cut in two parts this long,
MIN_SPLIT_WORD = 3  # ... read as Arabic words this long
MAX_VOWEL_OPTIONS = 4  # a spelling's inner long vowels dropped or not: this many at most (16 ways)
# When no word is spelled within this many changes, the spellings are looked up again with an unwritten inner ع
AIN_SEARCH_CHANGES = 1.0
_ARABIC = re.compile("[\u0621-\u064a]")
_LATIN = re.compile("[A-Za-z]")
_MARKS = re.compile("[\u064b-\u0652]")
# Keys that type letters on the Arabic layout and never stand in a Latin name
_KEYBOARD_PUNCTUATION = re.compile(r"[\[\];,./`]")


@dataclass(frozen=True)
class Reading:
    """How a query was read: ``text`` is what was searched; ``replaces``
    says whether it replaced the text as typed (a slip) or was searched
    beside it (Latin names)."""

    text: str
    kind: str  # keyboard, buckwalter, latin keyboard, latin
    replaces: bool
    # Latin names of a replacing reading, read in Arabic and searched beside
    # it: «شةثقهؤشى» is searched as "american" and as امريكان, like "american" typed
    beside: str | None = None
    # each Arabic word read from a Latin word's spelling (normalised, no article) and that Latin word
    spelled_from: tuple[tuple[str, str], ...] = ()


def read_query(text: str, vocabulary: Vocabulary) -> Reading | None:
    """Another reading of *text*, when the index says one is meant, else None."""
    chunks = text.split()
    if not chunks:
        return None
    spelled: dict[str, str] = {}
    names = _latin_names(text, vocabulary, spelled) if _LATIN.search(text) else None
    keys = _LATIN.search(text) or len(_KEYBOARD_PUNCTUATION.findall(text)) >= 2  # «,[,]» is وجود
    if keys and not _ARABIC.search(text):
        # a name the index holds in Arabic (Hong Kong: هونغ كونغ) is no slip, however its keys fall
        as_names = [names] if names else []
        best: tuple[int, Reading] | None = None
        for kind, convert in ((KEYBOARD, keyboard_to_arabic), (BUCKWALTER, buckwalter_to_arabic)):
            if kind == BUCKWALTER and not all(_looks_buckwalter(c) for c in chunks):
                continue  # body, john, day: as likely English as Buckwalter
            read = [convert(chunk) for chunk in chunks]
            if any(r is None for r in read):
                continue
            if kind == KEYBOARD and any(r and _MARKS.search(r) for r in read):
                continue  # shifted keys that type marks: no one slips into those
            support = _support(vocabulary, [r for r in read if r], chunks, as_names)
            if support and (best is None or support > best[0]):  # blg: بلغ (Buckwalter), not لامل (keys)
                best = support, Reading(" ".join(r for r in read if r), kind, replaces=True)
        if best:
            return best[1]
    if _ARABIC.search(text) and not _LATIN.search(text):
        ways = [arabic_to_keyboard(chunk) for chunk in chunks]
        if all(ways):
            # each word the way of typing it that the index writes most (لا: b or gh)
            read = [max(options, key=lambda w: _documents(vocabulary, w)) for options in ways]
            if _support(vocabulary, read, chunks, []):
                latin = " ".join(read)
                beside = _latin_names(latin, vocabulary, spelled)
                return Reading(latin, LATIN_KEYBOARD, replaces=True, beside=beside, spelled_from=tuple(spelled.items()))
    if names:
        return Reading(names, LATIN_NAMES, replaces=False, spelled_from=tuple(spelled.items()))
    return None


def _looks_buckwalter(chunk: str) -> bool:
    """Whether *chunk* reads as Buckwalter rather than as a Latin word: it
    has a character only Buckwalter writes in a word (``$ * > <``; not the
    apostrophe, which names have too), a capital
    after the first letter (``AlnfT``: the capitals are letters), or no
    written vowel at all (``mjls``, ``Alwqt``: Buckwalter leaves short vowels
    out, English seldom does).  All in capitals is an acronym (CNN, BBC)."""
    if "-" in chunk or not all(ch in BUCKWALTER_LETTERS for ch in chunk):  # el-Sarraj, iPhone (p, e)
        return False
    letters = [ch for ch in chunk if ch.isalpha()]
    if (BUCKWALTER_MARKS - {"'"}) & set(chunk):  # an apostrophe is English too: Sana'a
        return True
    if not letters or all(ch.isupper() for ch in letters):
        return False
    if any(ch.isupper() for ch in letters[1:]):
        return True
    return len(letters) >= 3 and not any(ch in "aeiou" for ch in letters)


def _documents(vocabulary: Vocabulary, word: str) -> int:
    """Documents writing *word* (a raw query word), after normalising: what
    was typed is a word as written, so its stem is no evidence (the stem of
    «بهمة», typed for "film", is common).  Arabic that breaks spelling rules
    no typist breaks («فةؤ», from ``tmc``) is in none, whatever normalising
    makes of it (فهو)."""
    if _ARABIC.search(word) and not is_spelled_arabic(word):
        return 0
    forms = vocabulary.forms(word)
    return vocabulary.written(forms.norm) if forms.norm else 0


def _support(vocabulary: Vocabulary, read: list[str], typed: list[str], names: list[str]) -> int:
    """How strongly the index backs the words *read* over the words as
    *typed*: the fewest documents writing one of them (stop words aside), when
    each is written in PLAUSIBLE_RATIO times more documents than any word
    typed (in some, when the index writes none of those); else 0.  Against
    the Latin *names* read in Arabic, a guess itself, as many documents
    suffice."""
    content = [w for w in read if not vocabulary.forms(w).stop]
    if not content:
        return 0
    found = min(_documents(vocabulary, word) for word in content)

    def most(readings: list[str]) -> int:
        return max((_documents(vocabulary, word) for reading in readings for word in reading.split()), default=0)

    if found and found >= PLAUSIBLE_RATIO * most(typed) and found >= most(names):
        return found
    return 0


def _latin_names(text: str, vocabulary: Vocabulary, spelled: dict[str, str] | None = None) -> str | None:
    """*text* with each Latin word replaced by the Arabic spelling of it that
    the index holds most often (articles and the heads of compound names
    read as such: «Abdel Razzaq al-Nadhouri» → «عبد الرزاق الناظوري»), or
    None when no Latin word has one; a quoted phrase when the words are read
    as Arabic words the index writes side by side («"بان كي مون"», «"ام
    درمان"»).  *spelled* gets each Arabic word read from a spelling (its
    normalised form without the article) → its Latin word."""
    out: list[str] = []
    found = False
    article = ""
    tokens = re.split(r"\s+", text.strip())
    places = place_spans(tokens, [bool(_LATIN.search(t)) for t in tokens], lambda w: _documents(vocabulary, w))
    skip_to = 0
    for i, raw in enumerate(tokens):
        if i < skip_to:
            continue
        if i in places:  # Egypt: مصر, a name no spelling finds
            skip_to, arabic = places[i]
            out.append(arabic)
            found, article = True, ""
            if spelled is not None and skip_to == i + 1 and " " not in arabic:
                spelled[vocabulary.forms(arabic).base] = raw.lower()
            continue
        if _KEYBOARD_PUNCTUATION.search(raw.rstrip(".,;")) or _looks_buckwalter(raw):
            out.append(raw)  # «,ugd» is keys, «AlmdynT» Buckwalter: neither is a name
            article = ""
            continue
        city = _city_name(raw, vocabulary)
        first, weight, spelled_word, words = len(out), 0.0, "", {}
        parts = [p for p in re.split(r"[-‐]", raw.replace("’", "'")) if p]  # Sana'a is one word
        for n, part in enumerate(parts):
            word = part.lower()
            if not _LATIN.search(part):
                out.append(article + part)
                article = ""
                continue
            hyphenated_article = n + 1 < len(parts) and word in LATIN_ARTICLES
            if word in ("al", "el", "il", "ul") or hyphenated_article:
                article = "ال"
                continue
            if word in LATIN_HEADS:
                head = LATIN_HEADS[word]
                if head.endswith(" ال"):
                    out.append(head[:-3])
                    article = "ال"
                else:
                    out.append(head)
                found = True
                continue
            weighed = weighed_latin_name(word, vocabulary, with_article=bool(article))
            best = weighed[0] if weighed else _joined_head(word, vocabulary) or _split_reading(word, vocabulary)
            if best:
                out.append(best)
                found = True
                if weighed and weighed[1] > weight:
                    weight, spelled_word = weighed[1], word
                if weighed and spelled is not None:
                    words[vocabulary.forms(best).base] = word
            else:
                out.append(part)
            article = ""
        # Aleppo: حلب, a city's name no spelling finds
        if city and _city_wins(city, weight, spelled_word, vocabulary):
            out[first:] = [city[0]]
            found = True
            if spelled is not None and " " not in city[0]:  # Prague: براغ, not its variant براك
                spelled[vocabulary.forms(city[0]).base] = raw.lower()
        elif spelled is not None:
            spelled.update(words)
    read = " ".join(out).split()
    if found and "ام" in read and len(read) > 1 and _side_by_side(out, vocabulary):
        return f'"{" ".join(out)}"'  # Umm Qasr, Omdurman: ام is a stop word, so the name is searched as the phrase
    latin_words = [w.lower() for t in tokens for w in re.split(r"[-‐]", t.replace("’", "'")) if w]
    if (not places and all(_LATIN.search(t) for t in tokens)
            and 2 <= sum(w not in ("al", "el") for w in latin_words) <= MAX_PHRASE_WORDS
            and not (found and _side_by_side(out, vocabulary))):
        # Latin words whose readings no document writes side by side (Hafr al-Batin: not هيفر البوتين), unless
        # more documents hold those readings apart (two names asked together: Trump Putin)
        phrase = _phrase_reading(latin_words, vocabulary)
        if phrase and not (found and vocabulary.all_documents(tuple(vocabulary.forms(w).base for w in read)) >= phrase[1]):
            if spelled is not None:
                spelled.clear()
            return f'"{phrase[0]}"'
    return " ".join(out) if found else None


def _stems(words: list[str], vocabulary: Vocabulary) -> tuple[str, ...]:
    return tuple(forms.stem or forms.norm for forms in map(vocabulary.forms, words))


def _phrase_documents(words: list[str], vocabulary: Vocabulary) -> int:
    """Documents writing the Arabic *words* side by side (by their stems, so with particles glued too)."""
    stems = _stems(words, vocabulary)
    return vocabulary.phrase_documents(stems) if all(stems) else 0


def _side_by_side(read: list[str], vocabulary: Vocabulary) -> bool:
    """Whether the words *read* are all Arabic and some document writes them side by side."""
    words = " ".join(read).split()
    return all(_ARABIC.search(w) and not _LATIN.search(w) for w in words) and _phrase_documents(words, vocabulary) > 0


def _phrase_reading(words: list[str], vocabulary: Vocabulary) -> tuple[str, int] | None:
    """Latin *words* (lower case; al or el glues the article to the next)
    read as two or more Arabic words that the index writes side by side:
    each in one of the PHRASE_SPELLINGS spellings of it the index writes
    most, names or not (Ban Ki-moon: بان كي مون; Hafr al-Batin: حفر
    الباطن, whose words are common ones), the sequence written in the most
    documents and in MIN_PHRASE_DOCUMENTS at least.  The words and their
    documents, or None."""
    options: list[list[str]] = []
    article = False
    for word in words:
        if word in ("al", "el"):
            article = True
            continue
        spelled = _spelled_words(word, vocabulary) if len(word) <= MAX_LATIN_NAME_LETTERS else {}
        best = sorted(spelled, key=lambda form: (-spelled[form][1], form))[:PHRASE_SPELLINGS]
        if not best:
            return None
        options.append([("ال" + f) if article and vocabulary.written("ال" + f) else f for f in best])
        article = False
    if len(options) < 2:
        return None
    # on a tie (the phrase is counted by stems: بيت لحم, بيته لحم), the spellings the index writes most
    ranked = product(*(list(enumerate(spellings)) for spellings in options))
    found = max((_phrase_documents([f for _, f in combination], vocabulary), -sum(r for r, _ in combination),
                 [f for _, f in combination]) for combination in ranked)
    return (" ".join(found[2]), found[0]) if found[0] >= MIN_PHRASE_DOCUMENTS else None


def _split_reading(word: str, vocabulary: Vocabulary) -> str | None:
    """A Latin *word* that no spelling reads, cut in two words the index
    writes side by side (Dropbox: دروب بوكس), as a quoted phrase; or None."""
    if not MIN_SPLIT_LETTERS <= len(word) <= MAX_LATIN_NAME_LETTERS:
        return None
    cuts = [_phrase_reading([word[:k], word[k:]], vocabulary) for k in range(MIN_SPLIT_PART, len(word) - MIN_SPLIT_PART + 1)]
    # each a word of its own, not a particle or a letter name glued on (Araghchi: not «عراق كي», "Iraq so that")
    cuts = [cut for cut in cuts if cut and all(len(w) >= MIN_SPLIT_WORD for w in cut[0].split())]
    found = max(cuts, key=lambda cut: cut[1], default=None)
    return f'"{found[0]}"' if found else None


def _city_wins(city: tuple[str, int], weight: float, word: str, vocabulary: Vocabulary) -> bool:
    """Whether the Arabic name of a city (with the documents writing it) is
    the reading of the Latin *word*, rather than its spelling of *weight*:
    always when no spelling was found; a name the Latin spells (Najaf:
    النجف; Ramallah: رام الله, its words together) unless the spelling is
    written far more often (نايف, Nayef, is not enough); another (Aleppo:
    حلب) as if one change away (David is ديفيد, not داود, a David in Panama),
    and one of several words not at all (its words' counts say nothing of
    it: Kobani is كوباني, not عين العرب).  A name of one word that
    ``Vocabulary.is_name`` takes for none (a common word of the lexicon, or
    under three letters) weighs as a common word (COMMON_WORD_WEIGHT:
    Western is ويسترن, not الغربية "the western")."""
    name, documents = city
    if not weight:
        return True
    base = vocabulary.forms(name.replace(" ", "")).base
    spells = latin_distance(word, base) <= CITY_SPELLING_CHANGES
    if " " in name and not spells:
        return False
    # a name that is no name to the index (a common word, or two letters) is written that often mostly as something
    # else (Western: الغربية "the western")
    common = COMMON_WORD_WEIGHT if " " not in name and not vocabulary.is_name(base) else 1.0
    return documents * (CITY_WEIGHT if spells else LATIN_CHANGE_WEIGHT) * common > weight


def _city_name(word: str, vocabulary: Vocabulary) -> tuple[str, int] | None:
    """The Arabic name of the city the Latin *word* names (GeoNames) that
    the index writes, with the documents writing it: of several, one word
    rather than more (كربلاء, not كربلاء المقدسة: a longer name is a
    description, and its words' counts say nothing of it), a name rather than a
    common word (صلالة, not سلالة "dynasty"), then the most written.  When the
    index writes none of them, the spelling it writes of one (برمينغهام: برمنغهام)."""
    names = city_names(word)
    for candidates in (names, [_written_variant(n, vocabulary) for n in names if " " not in n]):
        found: list[tuple[int, bool, int, str]] = []
        for name in candidates:
            words = name.split()
            count = min(_documents(vocabulary, w) for w in words)
            if count:
                base = vocabulary.forms(name).norm.removeprefix("ال") if len(words) == 1 else ""
                found.append((-len(words), not base or vocabulary.is_name(base), count, name))
        if found:
            best = max(found)
            return best[3], best[2]
    return None


def _written_variant(name: str, vocabulary: Vocabulary) -> str:
    return max(vocabulary.variants(vocabulary.forms(name).base), key=lambda v: _documents(vocabulary, v), default=name)


def latin_name(word: str, vocabulary: Vocabulary, with_article: bool = False) -> str | None:
    """The Arabic spelling of the Latin *word* that the index holds (``weighed_latin_name``), or None."""
    found = weighed_latin_name(word, vocabulary, with_article)
    return found[0] if found else None


def weighed_latin_name(word: str, vocabulary: Vocabulary, with_article: bool = False) -> tuple[str, float] | None:
    """The Arabic spelling of the Latin *word* that the index holds: its
    spellings (``latin_spellings``) looked up by variant key among the
    index's written words, or, when the key table does not hold words that
    short, with each loanword class member and inner long vowel written or
    not (قاتار → قطر).  A candidate must be a name (not a stop word), a
    short word the lexicon lists as common that the Latin spells within half
    a change (Saudi → السعودي, Ramadi → الرمادي, SABIC → سابك), or a long
    loanword when neither fits (internet, megawatt); those two only for a
    Latin word of MIN_LOANWORD_LATIN letters or more (ASL is no اصل).  Each candidate is
    weighed by how often the index writes it, a twentieth for each change
    ``latin_distance`` counts (Messi is ميسي, not the more frequent موسى),
    and a common word COMMON_WORD_WEIGHT of that: it must be written far more
    often than a name to be read instead (Mosul is الموصل, not مسوول
    "official"); the heaviest wins.  With the article when the Latin had one (el-Sarraj
    → السراج) or the index writes the name mostly with it (Basra)."""
    if len(word) > MAX_LATIN_NAME_LETTERS:
        return None  # no name is this long («aaaa…» would cost a quadratic alignment per candidate)
    names: dict[str, float] = {}
    loanwords: dict[str, float] = {}
    long_enough = sum(ch.isalpha() for ch in word) >= MIN_LOANWORD_LATIN  # for a common word or a loanword
    for form, (distance, weight) in _spelled_words(word, vocabulary).items():
        if weight < MIN_LATIN_WEIGHT:
            continue
        if vocabulary.forms(form).stop:
            continue  # بدون is no name
        if vocabulary.is_spelled_name(form):
            names[form] = weight
        elif not long_enough:
            continue  # ASL, LOR: letters, not اصل "origin"
        elif len(form) >= LOANWORD_LETTERS:
            loanwords[form] = weight
        elif distance <= COMMON_WORD_CHANGES:
            names[form] = weight * COMMON_WORD_WEIGHT  # a short common word, among the names
    candidates = names or loanwords
    if not candidates:
        return None
    best = max(candidates, key=lambda form: (candidates[form], form))
    # the article when the Latin had one, or when the index writes the name with it (Basra: البصرة, not بصره)
    usual_article = vocabulary.written("ال" + best) >= USUAL_ARTICLE_RATIO * max(vocabulary.written(best), 1)
    return (("ال" + best) if with_article or usual_article else best), candidates[best]


def _spelled_words(word: str, vocabulary: Vocabulary) -> dict[str, tuple[float, float]]:
    """Every word the index writes that the Latin *word* spells within
    MAX_LATIN_CHANGES (names, common words and stop words alike), with its
    distance and its weight: how often the index writes it, LATIN_CHANGE_WEIGHT
    for each change.  When none is within AIN_SEARCH_CHANGES, also those within
    it with an ع the Latin leaves out inside the word (Lamamra: لعمامرة)."""
    # normalised, not stripped: فالكاو (Falcao) is no ف + ال + كاو
    spellings = list(dict.fromkeys(vocabulary.forms(s).norm for s in latin_spellings(word)))
    found_words: dict[str, tuple[float, float]] = {}
    for spelling in spellings:
        found = vocabulary.tables.spellings(variant_key(spelling)) if is_variant_candidate(spelling) else []
        # written, though the key table took it for glued (كاليفورنيا: ك + اليفورنيا); the table's words have
        # no article.  A spelling that begins with ال is a name whose own first letters those are (Elissa: اليسا,
        # Alves: الفيس) unless what follows them is a common word (algil: الجيل "the generation")
        if (vocabulary.written(spelling) and all(f != spelling for f, _ in found)
                and not (spelling.startswith("ال") and spelling[2:] in vocabulary.tables.common_words)):
            found.append((spelling, 0))
        if len(_without_inner_vowels(spelling)) < MIN_VARIANT_LENGTH:
            found += [(form, 0) for form in _spelling_options(spelling) if vocabulary.written(form)]
        elif not spelling.startswith("ال"):
            # written with fewer long vowels, under a key of its own (فيدرر, Federer: فدر, not فيديرير's فدرر)
            found += [(form, 0) for form in _spelling_options(spelling, classes=False, vowels=MAX_VOWEL_OPTIONS)
                      if vocabulary.written(form)]
        _weigh_spelled(word, [form for form, _ in found], vocabulary, found_words)
    if not any(distance < AIN_SEARCH_CHANGES and not vocabulary.forms(form).stop for form, (distance, _) in found_words.items()):
        # no word near: the spellings again with an ع the Latin leaves out inside the word (Lamamra: لعمامرة,
        # Diriyah: الدرعية; latin_distance counts it a quarter), near ones only (Sudais is no السعودية).  Only
        # then: an ع read anywhere finds verbs (Totti is no تعطي "gives")
        for spelling in spellings:
            key = variant_key(spelling) if is_variant_candidate(spelling) else ""
            for k in range(1, len(key)):
                if "ع" not in key[k - 1:k + 1]:
                    found = vocabulary.tables.spellings(key[:k] + "ع" + key[k:])
                    _weigh_spelled(word, [form for form, _ in found], vocabulary, found_words, AIN_SEARCH_CHANGES)
    return found_words


def _weigh_spelled(word: str, forms: list[str], vocabulary: Vocabulary, found_words: dict[str, tuple[float, float]],
                   within: float = MAX_LATIN_CHANGES) -> None:
    """Adds to *found_words* each of *forms* that the Latin *word* spells
    *within* so many changes, with its distance and weight."""
    for form in forms:
        if form in found_words:
            continue
        distance = vocabulary.latin_distance(word, form)
        if distance <= within:
            found_words[form] = distance, vocabulary.written_base(form) * LATIN_CHANGE_WEIGHT ** distance


def _joined_head(word: str, vocabulary: Vocabulary) -> str | None:
    """A compound name typed as one word (Abdulfattah, Abubakr, Almarai,
    Hezbollah): its head and the rest read apart, «عبد الفتاح» (the variant
    layer finds عبدالفتاح), the article glued (المراعي, السبسي), or a name ending in
    Allah written apart (حزب الله)."""
    # the article glued (Almarai), or glued and assimilated to a sun letter (Essebsi: السبسي, Ennahda: النهضة)
    assimilated = word[:2] if len(word) > 2 and word[0] in "ae" and word[1] == word[2] and word[1] in _SUN_LETTERS else ""
    for article in ("al", "el", *([assimilated] if assimilated else [])):
        rest = word[len(article):]
        if word.startswith(article) and len(rest) >= 3:
            found = latin_name(rest, vocabulary, with_article=True)
            # an assimilated article only where the index writes the name with it (Annapolis is no النابلس)
            if found and (article in ("al", "el") or vocabulary.written(vocabulary.forms(found).norm)):
                return found
    for tail in _LATIN_ALLAH:  # Hezbollah, Fadlallah: حزب الله، فضل الله
        head = word[:-len(tail)]
        if word.endswith(tail) and len(head) >= 3:
            found = latin_name(head, vocabulary)
            if found:
                return found + " الله"
    for head in sorted(LATIN_HEADS, key=len, reverse=True):
        rest = word[len(head):]
        if word.startswith(head) and len(rest) >= 3:
            arabic = LATIN_HEADS[head]
            with_article = arabic.endswith(" ال")
            found = latin_name(rest, vocabulary, with_article=with_article)
            if not found:
                continue
            read = (arabic[:-3] if with_article else arabic) + " " + found
            # a short head (bin, bu, de) only where the index writes the two side by side (BinDawood: بن داود;
            # Benghazi is no بن غازي, had it no reading of its own); ام is one (Omdurman: ام درمان)
            if len(arabic) > 2 or arabic == "ام" or _phrase_documents(read.split(), vocabulary) >= MIN_PHRASE_DOCUMENTS:
                return read
    return None


_SUN_LETTERS = frozenset("tdrzsnl")  # Latin letters of the sun letters the article assimilates to
_LATIN_ALLAH = ("allah", "ullah", "ollah", "illah", "ellah")


def _without_inner_vowels(word: str) -> str:
    if len(word) <= 2:
        return word
    return word[0] + "".join(ch for ch in word[1:-1] if ch not in LONG_VOWELS) + word[-1]


def _spelling_options(spelling: str, classes: bool = True, vowels: int | None = None) -> set[str]:
    """*spelling* with each inner long vowel written or not (the first
    *vowels* of them; all when None) and, with *classes*, each letter of a
    loanword class in each of its forms: قاتار → قطر، سابيك → سابك (the short
    words the key table leaves out), فيديرير → فيدرر."""
    inner = [i for i in range(1, len(spelling) - 1) if spelling[i] in LONG_VOWELS][:vowels]
    options = [(ch, "") if i in inner else CONSONANT_CLASS_MEMBERS.get(ch, ch) if classes else ch
               for i, ch in enumerate(spelling)]
    return {"".join(letters) for letters in product(*options)}

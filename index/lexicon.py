"""The Arabic lexicon behind the glued-particle and variant decisions: Arramooz.

Arramooz (``arramooz-pysqlite``, by Taha Zerrouki, the author of pyarabic
and tashaphyne) ships its dictionary as SQLite files: about 30,000 nouns and
14,000 verbs, and a list of 37,000 common words with their frequency in a
large corpus, 5,000 of them proper names (روسيا، بوتين، لبنان).  Read once
per process, when an index is committed.  Without the package (or with its
data unreadable) the lexicon is empty and the decisions rest on the index's
own frequencies alone.
"""

from __future__ import annotations

import sqlite3
from functools import lru_cache
from importlib import resources

from analyzers.lexicon import EMPTY_LEXICON, NAME, VERB, WORD, Lexicon

_QUERIES = {
    "wordfreq.sqlite": (
        f"SELECT unvocalized, CASE word_type WHEN 'noun_prop' THEN '{NAME}' WHEN 'verb' THEN '{VERB}' "
        f"ELSE '{WORD}' END, freq, vocalized FROM wordfreq"
    ),
    "arabicdictionary.sqlite": (
        f"SELECT unvocalized, '{WORD}', 0, vocalized FROM nouns UNION ALL SELECT unvocalized, '{VERB}', 0, vocalized FROM verbs"
    ),
}


@lru_cache(maxsize=1)
def arabic_lexicon() -> Lexicon:
    entries: list[tuple[str, str, int]] = []
    vocalized: list[str] = []
    try:
        data = resources.files("arramooz") / "data"
        for name, query in _QUERIES.items():
            with resources.as_file(data / name) as path:
                connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
                try:
                    for word, kind, freq, vowels in connection.execute(query):
                        if word:
                            entries.append((word, kind, int(freq or 0)))
                            if vowels and kind != NAME:  # a name's vowels may be a guess (مَقَدِيشُو, Mogadishu)
                                vocalized.append(vowels)
                finally:
                    connection.close()
    except (ImportError, OSError, sqlite3.Error):
        return EMPTY_LEXICON
    return Lexicon(entries, vocalized)

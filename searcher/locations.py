"""Where indexes live by default, and the bundled sample articles."""

from __future__ import annotations

import os
from importlib import resources
from pathlib import Path

import platformdirs

INDEX_ENV_VAR = "ARSEARCH_INDEX"


def data_dir() -> Path:
    return Path(platformdirs.user_data_dir("arsearch", appauthor=False))


def default_index_path() -> Path:
    """``$ARSEARCH_INDEX``, else ``index`` in the user's data directory."""
    env = os.environ.get(INDEX_ENV_VAR)
    return Path(env).expanduser() if env else data_dir() / "index"


def sample_index_path() -> Path:
    return data_dir() / "sample"


def sample_corpus_path() -> Path:
    """The folder of the five bundled Libyan news articles (package data)."""
    return Path(str(resources.files("searcher") / "sample"))

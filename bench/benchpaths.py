"""Where the benchmarks find the project and ``../shared``.

A benchmark runs as ``python bench/NAME.py``, so this folder is on
``sys.path``; importing this module puts the project there too.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
VARIANT_TOOLS = SHARED / "eval" / "variants"  # the variant collection's mine.py and score.py

if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))


def use_variant_tools() -> None:
    """Make the variant collection's modules (``mine``, ``score``) importable."""
    if str(VARIANT_TOOLS) not in sys.path:
        sys.path.insert(0, str(VARIANT_TOOLS))

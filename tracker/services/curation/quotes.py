"""Verbatim quotes: a quote counts as found when it matches after normalising whitespace and
quotation marks only (texts mix «», “” and "", and line breaks fall anywhere)."""

from __future__ import annotations

import re
from functools import lru_cache

_QUOTE_MARKS = str.maketrans(dict.fromkeys("«»“”„‟″", '"') | dict.fromkeys("‘’‚‛′", "'"))
_SPACE = re.compile(r"\s+")


def normalise(text: str) -> str:
    return _SPACE.sub(" ", text.translate(_QUOTE_MARKS)).strip()


@lru_cache(maxsize=16)
def _normalised_text(text: str) -> str:
    """A source's text is checked against every quote that cites it: normalise it once."""
    return normalise(text)


def quote_in_text(quote: str, text: str) -> bool:
    needle = normalise(quote)
    return bool(needle) and needle in _normalised_text(text)

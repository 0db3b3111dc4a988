"""The directory of LSG bodies as the complaints feature uses it: loaded once, optional.

qa/bodies.py (the directory of aiyl okmotus and mayor's offices, knowledge/bodies/) may be absent
from a build or invalid; the form then still works by rayon ("I don't know": staff choose) and by
a typed name the citizen confirms.
"""

from __future__ import annotations

import logging
from functools import lru_cache
from typing import Any

log = logging.getLogger("kenesh.complaints")


@lru_cache(maxsize=1)
def bodies_directory() -> Any:
    """The directory of bodies (qa/bodies.py) when this build has it; None otherwise."""
    try:
        from qa.bodies import BodiesError, default_directory
    except ImportError:
        return None
    try:
        return default_directory()
    except (BodiesError, OSError) as error:  # an invalid directory must not stop the form: rayons still work
        log.error("the directory of bodies could not be loaded: %s", error)
        return None


def looks_like_name(text: str) -> bool:
    """A question or a sentence is not a name (the directory's own rule when this build has it)."""
    directory = bodies_directory()
    if hasattr(directory, "looks_like_name"):
        return directory.looks_like_name(text)
    try:
        from qa.bodies import looks_like_name as directory_rule
    except ImportError:
        directory_rule = None
    if directory_rule is not None:
        return directory_rule(text)
    words = text.split()
    return "?" not in text and 1 <= len(words) <= 4 and not any(ch.isdigit() for ch in text)



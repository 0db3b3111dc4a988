"""Numbers that arrive in callback data and commands, checked before they reach SQLite."""

from typing import Annotated

from pydantic import Field

# Callback data and command arguments come from the client and can be forged. An id outside
# SQLite's INTEGER range (0 ≤ n < 2**63 for our row ids) would raise OverflowError in the driver, so
# such data does not match its CallbackData class at all and falls to the stale-button handler.
SQLITE_INT_MAX = 2**63 - 1
RowId = Annotated[int, Field(ge=0, le=SQLITE_INT_MAX)]
PageNumber = Annotated[int, Field(ge=0, le=1_000_000)]


def parse_row_id(text: str) -> int | None:
    """A row or Telegram user id typed in a command: ASCII digits within SQLite's range, else None."""
    if not (text.isascii() and text.isdigit()) or len(text) > 19:
        return None
    value = int(text)
    return value if value <= SQLITE_INT_MAX else None

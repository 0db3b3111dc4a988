"""The statutory clock of an appeal (Law No. 67 of 2007), as the complaint queue uses it.

The number of days is the COMPLAINT_ANSWER_DAYS setting (14 by the law; 10 if the 2026 bill is
signed); whether they are calendar or working days is the reading `knowledge/rules.yaml` takes as
binding (`appeal_deadline.answer_counting`; law-facts C4: unresolved, so calendar days for now).
Working days follow the Kyrgyz calendar of `qa.workdays` (holidays, Orozo Ait, Kurman Ait, days
moved by decree). The bot registers an appeal the moment it is filed, so the period runs from the
filing date.
"""

from __future__ import annotations

from datetime import date

from qa.rules import answer_days_counted, answer_due_by_rules


def answer_due(registered: date, days: int) -> date:
    """The day the answer is due: `days` calendar or working days after registration."""
    return answer_due_by_rules(registered, days)


def answer_period(registered: date, due: date) -> tuple[int, str]:
    """(days, "calendar" | "working") from registration to the due date, counted as the rules say."""
    return answer_days_counted(registered, due)

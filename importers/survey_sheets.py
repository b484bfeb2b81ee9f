"""Which workbook sheets are a respondent's part of a roster survey (see :mod:`.survey`)."""

from __future__ import annotations

from collections.abc import Sequence

from netan.graphdb.schema import normalise_token

#: A sheet that explains a workbook to the person filling it in; never data.
README_SHEETS = frozenset({"readme", "read_me", "instructions"})


def is_survey_sheet(headers: Sequence[object]) -> bool:
    """Whether a sheet's header (``respondent``, ``alter``, ...) makes it a survey part."""
    tokens = {normalise_token(str(h)) for h in headers if h is not None}
    return {"respondent", "alter"} <= tokens

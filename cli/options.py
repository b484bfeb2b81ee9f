"""The edge between the command line's text and the typed choices of the analyses.

Each flag's text is parsed here once -- ``--betweenness sample:K`` into a number of
source people, ``--compare A:B,C:D`` into two sector pairs -- and a value that cannot
be parsed is an :class:`OptionError` naming the flag. An analysis that finds a typed
value unusable raises :class:`~netan.queries.choices.ChoiceError` naming the choice
in its own words (``group_by``); :func:`said` puts the flag (``--group-by``) in its
place, so every message a user reads names what they typed.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from netan.reporting.report import BetweennessChoice


class OptionError(ValueError):
    """A flag's text that cannot be parsed: ``str()`` is ``"<flag> <text!r>: <problem>"``."""

    def __init__(self, flag: str, text: str, problem: str) -> None:
        self.flag = flag
        super().__init__(f"{flag} {text!r}: {problem}")


#: The flag of each choice an analysis can refuse (the field of ReportOptions, the
#: keyword of netan.api), where it is not the field with ``_`` written ``-``.
_FLAG_OF = {"by": "--by", "anonymise": "--anonymise"}


def flag(choice: str) -> str:
    """The command-line flag of the choice ``choice`` (``group_by`` -> ``--group-by``)."""
    return _FLAG_OF.get(choice, "--" + choice.replace("_", "-"))


def said(problem: BaseException) -> str:
    """The one line a user reads for ``problem``: a refused choice with its flag."""
    from netan.queries.choices import ChoiceError

    if isinstance(problem, ChoiceError):
        return problem.said(flag(problem.choice))
    return str(problem)


def betweenness(text: str) -> BetweennessChoice:
    """``--betweenness``: ``auto``, ``exact`` or ``sample:K`` (K >= 1 source people)."""
    if text in ("auto", "exact"):
        return text  # type: ignore[return-value]
    kind, _, size = text.partition(":")
    if kind != "sample" or not size.isdigit() or int(size) < 1:
        raise OptionError("--betweenness", text, "write 'auto', 'exact' or 'sample:K' (K >= 1)")
    return int(size)


def compare(text: str | None) -> Any:
    """``--compare A:B,C:D`` as two sector pairs (None when not given)."""
    if text is None:
        return None
    from netan.queries.significance import parse_compare

    return parse_compare(text)

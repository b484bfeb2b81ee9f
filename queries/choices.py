"""The error an analysis raises for a choice it cannot use.

An analysis is run with choices -- the partition to group by, a weight column, a
direction, a non-response policy, the sector pairs to compare -- that reach it typed
(:class:`netan.reporting.report.ReportOptions`, the keywords of :mod:`netan.api`).
When a value cannot be used, the analysis raises :class:`ChoiceError`: the choice by
its own name (``group_by``, ``weight``) and what is wrong with the value, in the
domain's words. It never names a command-line flag: the CLI, which owns the flags,
says the same with the flag (``--group-by``) in front (:mod:`netan.cli.options`).
"""

from __future__ import annotations

from typing import Any

__all__ = ["ChoiceError"]

#: Marks a :class:`ChoiceError` that concerns no one value (``value`` left out).
NO_VALUE: Any = object()


class ChoiceError(ValueError):
    """The value of ``choice`` cannot be used: ``problem`` says why.

    ``str()`` is ``"<choice> <value!r>: <problem>"`` (or ``"<choice>: <problem>"``
    when no single value is at fault), e.g. ``group_by 'klub': no node has this
    attribute; ...``.
    """

    def __init__(self, choice: str, value: Any, problem: str) -> None:
        self.choice = choice
        self.value = value
        self.problem = problem
        super().__init__(self.said(choice))

    def said(self, name: str) -> str:
        """The message with the choice called ``name`` (a flag, for the CLI)."""
        if self.value is NO_VALUE:
            return f"{name}: {self.problem}"
        return f"{name} {self.value!r}: {self.problem}"

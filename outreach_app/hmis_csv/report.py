"""The validator's findings: what is wrong, where, by which rule, never with the value.

A CoC administrator runs the validator on a vendor's export and forwards the
report to the vendor, so the report must locate every problem precisely (file,
row, column, rule) and must never quote a value: any cell may be a name, a date
of birth or an SSN. A broken export can hold millions of identical problems, so
only the first few of each (file, column, rule) are kept, with a count of the rest.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Literal

from outreach_app.domain.hmis_spec import FiscalYear

Severity = Literal["error", "warning"]

#: Problems kept per (file, column, rule); the rest are only counted.
DEFAULT_CAP = 20


@dataclass(frozen=True, slots=True)
class Problem:
    """One finding.

    Attributes:
        file: the CSV file (``Client.csv``), or ``""`` for the zip itself.
        row: the 1-based row (the header is row 1), or ``None`` for the whole file.
        column: HUD's column name, or ``""`` when the finding is not about one column.
        rule: a stable rule id, e.g. ``type.date`` or ``ref.enrollment``.
        severity: ``error`` (HUD's format is broken) or ``warning`` (odd but loadable).
        message: what is wrong, describing the value's shape, never the value.
    """

    file: str
    row: int | None
    column: str
    rule: str
    severity: Severity
    message: str

    def to_text(self) -> str:
        """Return one readable line: ``row 12, DOB: ... [type.date]``."""
        where = [f"row {self.row}" if self.row is not None else "", self.column]
        place = ", ".join(p for p in where if p)
        prefix = f"{place}: " if place else ""
        return f"  {self.severity.upper():<7} {prefix}{self.message} [{self.rule}]"


@dataclass
class Report:
    """Every finding about one zip, capped per (file, column, rule).

    Attributes:
        path: the zip checked, as given.
        fiscal_year: the HMIS CSV version checked against.
        problems: the kept findings, in the order found.
        suppressed: per (file, column, rule), how many more were found than kept.
        rows: data rows read per file.
        cap: how many findings are kept per (file, column, rule).
    """

    path: str
    fiscal_year: FiscalYear | None = None
    problems: list[Problem] = field(default_factory=list)
    suppressed: Counter[tuple[str, str, str]] = field(default_factory=Counter)
    rows: dict[str, int] = field(default_factory=dict)
    cap: int = DEFAULT_CAP
    _kept: Counter[tuple[str, str, str]] = field(default_factory=Counter, repr=False)
    _severities: Counter[Severity] = field(default_factory=Counter, repr=False)

    def add(
        self,
        file: str,
        row: int | None,
        column: str,
        rule: str,
        message: str,
        severity: Severity = "error",
    ) -> None:
        """Record one finding (kept if its (file, column, rule) is under the cap)."""
        key = (file, column, rule)
        self._severities[severity] += 1
        if self._kept[key] >= self.cap:
            self.suppressed[key] += 1
            return
        self._kept[key] += 1
        self.problems.append(Problem(file, row, column, rule, severity, message))

    @property
    def error_count(self) -> int:
        """How many errors were found, kept or not."""
        return self._severities["error"]

    @property
    def warning_count(self) -> int:
        """How many warnings were found, kept or not."""
        return self._severities["warning"]

    @property
    def ok(self) -> bool:
        """Whether the export has no errors (warnings allowed)."""
        return self.error_count == 0

    def rules(self) -> set[str]:
        """Return the rule ids of the kept findings (handy for tests and summaries)."""
        return {p.rule for p in self.problems}

    def to_text(self) -> str:
        """Return the report for people: a summary, then findings grouped by file."""
        year = f"FY{self.fiscal_year}" if self.fiscal_year else "unknown fiscal year"
        verdict = "OK" if self.ok else "NOT OK"
        lines = [
            f"HMIS CSV check of {self.path} ({year}): {verdict}",
            f"{self.error_count} errors, {self.warning_count} warnings, "
            f"{sum(self.rows.values())} data rows in {len(self.rows)} files.",
        ]
        by_file: dict[str, list[Problem]] = {}
        for problem in self.problems:
            by_file.setdefault(problem.file, []).append(problem)
        for file, problems in by_file.items():
            lines += ["", f"{file or '(the zip file)'}:"]
            lines += [p.to_text() for p in problems]
            for (s_file, column, rule), count in sorted(self.suppressed.items()):
                if s_file == file:
                    where = f" in {column}" if column else ""
                    lines.append(f"  ... and {count} more [{rule}]{where}")
        return "\n".join(lines)

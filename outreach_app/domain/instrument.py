"""Coordinated entry assessment instruments, as data a CoC can write and install.

Every Continuum of Care prioritizes with its own instrument, and changes it
as it learns; HUD discourages any one proprietary tool. So Outreach ships no
questions in code: an instrument is a JSON file (see
``docs/assessment-instruments.md``) of sections, questions, skip logic,
points and result rules. This module holds the instrument's model and reads
the file; :mod:`.ce_instrument_reader` checks it line by line, and
:mod:`.ce_assessment` runs it (what to show, validate, score, which HMIS
records to write).

A CoC writes these by hand, so a bad file fails with *every* problem at once,
each naming the file and the place inside it
(``sections[1].questions[3].show_if.question``), rather than the first
Python traceback.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType

from outreach_app import errors
from outreach_app.domain.ce_conditions import Answer, Condition
from outreach_app.resources import resource_path

#: The answer types a question may have.
ANSWER_TYPES = ("yes_no", "choice", "number", "date", "text")

#: HUD's "Client doesn't know" and "Client prefers not to answer", as answers.
DOESNT_KNOW = "client_doesnt_know"
PREFERS_NOT = "client_prefers_not_to_answer"
#: Their HUD codes (list 1.8) and the text written to ``AssessmentAnswer``.
SPECIAL_ANSWERS: Mapping[str, tuple[int, str]] = MappingProxyType(
    {DOESNT_KNOW: (8, "Client doesn't know"), PREFERS_NOT: (9, "Client prefers not to answer")}
)

#: ``AssessmentLevel`` (list 4.19.4) and ``AssessmentType`` (4.19.3) by name.
ASSESSMENT_LEVELS: Mapping[str, int] = MappingProxyType({"crisis_needs": 1, "housing_needs": 2})
ASSESSMENT_TYPES: Mapping[str, int] = MappingProxyType({"phone": 1, "virtual": 2, "in_person": 3})
#: ``PrioritizationStatus`` (list 4.19.7) by name.
PRIORITIZATION: Mapping[str, int] = MappingProxyType({"placed": 1, "not_placed": 2})

#: The folder of the instruments Outreach ships.
SHIPPED_FOLDER = ("outreach", "instruments")


class InstrumentError(errors.KnownError):
    """An instrument file that cannot be used, with every problem found in it.

    Attributes:
        source: the file name (or another label for where the data came from).
        problems: one line per problem: where in the file, then what is wrong.
    """

    def __init__(self, source: str, problems: Iterable[str]) -> None:
        self.source = source
        self.problems = tuple(problems)
        count = len(self.problems)
        lines = "\n".join(f"  {source}: {p}" for p in self.problems)
        noun = "problem" if count == 1 else "problems"
        super().__init__(f"The assessment instrument {source} has {count} {noun}:\n{lines}")


Translations = Mapping[str, Mapping[str, str]]


@dataclass(frozen=True, slots=True)
class Option:
    """One choice of a ``choice`` question.

    Attributes:
        value: its stable id, what skip logic compares with.
        label: the English text shown.
        points: what choosing it adds to the section's score.
        export: the text written to ``AssessmentAnswer`` (the label by default).
        translations: language code to label, e.g. ``{"es": "Sí"}``.
    """

    value: str
    label: str
    points: int = 0
    export: str = ""
    translations: Mapping[str, str] = field(default_factory=dict)

    def label_in(self, language: str) -> str:
        """Return the label in ``language``, or English."""
        return self.translations.get(language, self.label)


@dataclass(frozen=True, slots=True)
class ScoreBand:
    """Points for a number answer within a range (either end may be open).

    Attributes:
        at_least: the smallest number of the band, or ``None``.
        at_most: the largest number of the band, or ``None``.
        points: the points it gives.
    """

    at_least: float | None
    at_most: float | None
    points: int

    def contains(self, number: float) -> bool:
        """Whether ``number`` falls in the band."""
        low_ok = self.at_least is None or number >= self.at_least
        return low_ok and (self.at_most is None or number <= self.at_most)


@dataclass(frozen=True, slots=True)
class Question:
    """One question of an instrument.

    Attributes:
        id: the stable id, written to ``AssessmentQuestion``; never reuse one
            for a different question.
        section: the id of its section (``AssessmentQuestionGroup``).
        text: the English question.
        answer_type: one of :data:`ANSWER_TYPES`.
        options: the choices of a ``choice`` question.
        minimum, maximum: the range of a ``number`` answer.
        whole_number: whether a ``number`` must be whole.
        max_length: the longest ``text`` answer.
        allow_not_known: whether "Client doesn't know" / "prefers not to
            answer" may be given.
        required: whether a visible question must be answered to submit.
        help: guidance for the worker (English).
        show_if: the condition for asking it, ``None`` for always.
        yes_no_points: the points of "yes" and "no".
        bands: the points of a ``number`` answer, first matching band wins.
        translations: language code to ``{"text": ..., "help": ...}``.
    """

    id: str
    section: str
    text: str
    answer_type: str
    options: tuple[Option, ...] = ()
    minimum: float | None = None
    maximum: float | None = None
    whole_number: bool = True
    max_length: int = 500
    allow_not_known: bool = True
    required: bool = True
    help: str = ""
    show_if: Condition | None = None
    yes_no_points: Mapping[str, int] = field(default_factory=dict)
    bands: tuple[ScoreBand, ...] = ()
    translations: Translations = field(default_factory=dict)

    def text_in(self, language: str) -> str:
        """Return the question in ``language``, or English."""
        return self.translations.get(language, {}).get("text", self.text)

    def help_in(self, language: str) -> str:
        """Return the help text in ``language``, or English."""
        return self.translations.get(language, {}).get("help", self.help)

    def option(self, value: str) -> Option | None:
        """Return the option with this value, if any."""
        return next((o for o in self.options if o.value == value), None)


@dataclass(frozen=True, slots=True)
class Section:
    """A group of questions whose points may be capped together.

    Attributes:
        id: the stable id, written to ``AssessmentQuestionGroup``.
        title: the English heading.
        questions: its questions, in order.
        max_points: the most the section can add to the total, or ``None``.
        translations: language code to title.
    """

    id: str
    title: str
    questions: tuple[Question, ...]
    max_points: int | None = None
    translations: Mapping[str, str] = field(default_factory=dict)

    def title_in(self, language: str) -> str:
        """Return the heading in ``language``, or English."""
        return self.translations.get(language, self.title)


@dataclass(frozen=True, slots=True)
class Rule:
    """One rule of a result or of prioritization: when it applies, what it gives.

    Attributes:
        when: a condition on answers and flags, or ``None``.
        min_score, max_score: the total score range, either end open.
        value: the result text, or the ``PrioritizationStatus`` code.
    """

    when: Condition | None
    min_score: int | None
    max_score: int | None
    value: str | int

    def applies(self, total: int, answers: Mapping[str, Answer], flags: Mapping[str, bool]) -> bool:
        """Whether the rule matches this score, these answers and flags."""
        if self.min_score is not None and total < self.min_score:
            return False
        if self.max_score is not None and total > self.max_score:
            return False
        return self.when is None or self.when.holds(answers, flags)


@dataclass(frozen=True, slots=True)
class ResultSpec:
    """One ``AssessmentResult`` the instrument produces.

    Attributes:
        type: ``AssessmentResultType``, e.g. "Prioritization score".
        source: ``"score"`` (the total), ``"section:<id>"`` (a section's
            points), or ``None`` when ``rules`` decide the text.
        rules: the first rule that applies gives the result; none: no record.
    """

    type: str
    source: str | None
    rules: tuple[Rule, ...] = ()


@dataclass(frozen=True, slots=True)
class Instrument:
    """A whole assessment instrument.

    Attributes:
        id: stable id, also the file name (``<id>.json``).
        title, version, description: shown to workers and written to results.
        assessment_level: ``AssessmentLevel`` code (1 crisis, 2 housing needs).
        assessment_type: the default ``AssessmentType`` (1 phone, 2 virtual, 3 in person).
        sections: the sections, in order.
        flags: named conditions result rules can use.
        results: the results to compute.
        prioritization: rules giving ``PrioritizationStatus``; first match wins.
        translations: language code to ``{"title": ..., "description": ...}``.
        source: where it was read from.
    """

    id: str
    title: str
    version: str
    description: str
    assessment_level: int
    assessment_type: int
    sections: tuple[Section, ...]
    flags: Mapping[str, Condition] = field(default_factory=dict)
    results: tuple[ResultSpec, ...] = ()
    prioritization: tuple[Rule, ...] = ()
    translations: Translations = field(default_factory=dict)
    source: str = ""

    @property
    def questions(self) -> tuple[Question, ...]:
        """Every question, in the order they are asked."""
        return tuple(q for s in self.sections for q in s.questions)

    def question(self, question_id: str) -> Question:
        """Return a question by id; ``KeyError`` if there is none."""
        for question in self.questions:
            if question.id == question_id:
                return question
        raise KeyError(question_id)

    def section(self, section_id: str) -> Section:
        """Return a section by id; ``KeyError`` if there is none."""
        for section in self.sections:
            if section.id == section_id:
                return section
        raise KeyError(section_id)

    def title_in(self, language: str) -> str:
        """Return the title in ``language``, or English."""
        return self.translations.get(language, {}).get("title", self.title)


def parse_instrument(data: object, source: str) -> Instrument:
    """Build an instrument from parsed JSON, checking everything.

    Raises:
        InstrumentError: listing every problem with its place in the file.
    """
    from outreach_app.domain.ce_instrument_reader import read_instrument

    return read_instrument(data, source)


def load_instrument(path: Path) -> Instrument:
    """Read and check one instrument file.

    Raises:
        InstrumentError: the file is missing, not JSON, or not a valid instrument.
    """
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise InstrumentError(path.name, [f"cannot be read ({exc.__class__.__name__})"]) from exc
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise InstrumentError(
            path.name, [f"line {exc.lineno}, column {exc.colno}: not valid JSON ({exc.msg})"]
        ) from exc
    instrument = parse_instrument(data, path.name)
    if instrument.id != path.stem:
        raise InstrumentError(path.name, [f'id: "{instrument.id}" must match the file name'])
    return instrument


def shipped_folder() -> Path:
    """Return the folder of the instruments Outreach ships."""
    return resource_path(*SHIPPED_FOLDER)


def discover_instruments(
    *folders: Path,
) -> tuple[dict[str, Instrument], list[InstrumentError]]:
    """Load every ``*.json`` instrument of the shipped folder, then of ``folders``.

    A later folder's instrument replaces an earlier one with the same id, so a
    CoC's own file wins over a shipped example. A bad file is reported, never
    fatal: the others still load.
    """
    found: dict[str, Instrument] = {}
    problems: list[InstrumentError] = []
    for folder in (shipped_folder(), *folders):
        if not folder.is_dir():
            continue
        for path in sorted(folder.glob("*.json")):
            try:
                instrument = load_instrument(path)
            except InstrumentError as exc:
                problems.append(exc)
            else:
                found[instrument.id] = instrument
    return found, problems


def main(argv: list[str] | None = None) -> int:
    """Check instrument files: ``python -m outreach_app.domain.instrument FILE...``."""
    paths = [Path(p) for p in (sys.argv[1:] if argv is None else argv)]
    status = 0
    for path in paths:
        try:
            instrument = load_instrument(path)
        except InstrumentError as exc:
            print(exc.message)
            status = 1
        else:
            count = len(instrument.questions)
            print(f"{path.name}: OK ({instrument.title} {instrument.version}, {count} questions)")
    return status


if __name__ == "__main__":
    raise SystemExit(main())

"""Reading a hand-written instrument file, reporting every problem with its place.

Kept apart from :mod:`.instrument` (the model) because checking a file a person
typed is most of the work: unknown keys (``show_iff``), wrong types, duplicate
ids, skip logic that points at a later or unknown question, values a question
can never have, rules that can never match. Each problem is recorded with its
JSON path and reading goes on, so a CoC fixes the file in one pass.
"""

from __future__ import annotations

from typing import Any

from outreach_app.domain.ce_conditions import (
    Compare,
    Condition,
    ConditionError,
    flags_in,
    parse_condition,
)
from outreach_app.domain.ce_json_reader import ID_RE, CheckedReader, names_list
from outreach_app.domain.instrument import (
    ANSWER_TYPES,
    ASSESSMENT_LEVELS,
    ASSESSMENT_TYPES,
    PRIORITIZATION,
    SPECIAL_ANSWERS,
    Instrument,
    InstrumentError,
    Option,
    Question,
    ResultSpec,
    Rule,
    ScoreBand,
    Section,
)

_MAX_QUESTION_ID = 250  # AssessmentQuestion is S250
_MAX_ANSWER = 500  # AssessmentAnswer is S500

_TOP_KEYS = {
    "format", "id", "title", "version", "description", "assessment_level",
    "default_assessment_type", "sections", "flags", "results", "prioritization",
    "translations",
}  # fmt: skip
_SECTION_KEYS = {"id", "title", "max_points", "questions", "translations"}
_QUESTION_KEYS = {
    "id", "text", "type", "options", "min", "max", "whole_number", "max_length",
    "allow_not_known", "required", "help", "show_if", "points", "translations",
}  # fmt: skip
_OPTION_KEYS = {"value", "label", "points", "export", "translations"}
_RULE_KEYS = {"when", "min_score", "max_score", "value", "status"}


class _Reader(CheckedReader):
    """Adds what only an instrument has: ids seen so far, conditions that refer to them."""

    def __init__(self, source: str) -> None:
        super().__init__(source)
        self.questions: dict[str, Question] = {}
        self.section_ids: set[str] = set()
        self.flag_names: set[str] = set()

    def condition(self, raw: Any, path: str, *, before: str | None) -> Condition | None:
        def known(question_id: str) -> str | None:
            if question_id in self.questions:
                return None
            if before is not None:
                return f'"{question_id}" is not a question asked before {before}'
            return f'"{question_id}" is not a question of this instrument'

        try:
            condition = parse_condition(raw, path, known_question=known, allow_flags=before is None)
        except ConditionError as exc:
            self.problem(exc.path, exc.reason)
            return None
        self.check_values(condition, path)
        for name in sorted(flags_in(condition) - self.flag_names):
            self.problem(path, f'flag "{name}" is not defined under "flags"')
        return condition

    def check_values(self, condition: Condition, path: str) -> None:
        """Report comparisons with values the question can never have."""
        if not isinstance(condition, Compare):
            for item in getattr(condition, "items", ()) or [getattr(condition, "item", None)]:
                if item is not None:
                    self.check_values(item, path)
            return
        question = self.questions[condition.question]
        values = condition.value if condition.op == "in" else (condition.value,)
        if condition.op not in ("equals", "in"):
            if condition.op != "answered" and question.answer_type != "number":
                self.problem(path, f'"{question.id}" is not a number question')
            return
        possible = set(SPECIAL_ANSWERS) if question.allow_not_known else set()
        if question.answer_type == "yes_no":
            possible |= {"yes", "no"}
        elif question.answer_type == "choice":
            possible |= {o.value for o in question.options}
        else:
            return
        assert isinstance(values, tuple)
        for value in values:
            if value not in possible:
                self.problem(
                    path, f'"{question.id}" can never be {value!r}; use {names_list(possible)}'
                )


def read_instrument(data: object, source: str) -> Instrument:
    """Check and build an instrument from parsed JSON (see :func:`.parse_instrument`)."""
    reader = _Reader(source)
    raw = reader.obj(data, "", _TOP_KEYS, {"id", "title", "version", "sections"})
    if raw.get("format", 1) != 1:
        reader.problem("format", "this version of Outreach reads format 1")
    level = raw.get("assessment_level", "housing_needs")
    kind = raw.get("default_assessment_type", "in_person")
    if level not in ASSESSMENT_LEVELS:
        reader.problem("assessment_level", f"must be one of {names_list(set(ASSESSMENT_LEVELS))}")
    if kind not in ASSESSMENT_TYPES:
        reader.problem(
            "default_assessment_type", f"must be one of {names_list(set(ASSESSMENT_TYPES))}"
        )
    sections = _read_sections(reader, raw.get("sections"))
    flags: dict[str, Condition] = {}
    for name, value in reader.named(raw.get("flags"), "flags", "named conditions").items():
        condition = reader.condition(value, f"flags.{name}", before="the flags")
        if condition is not None:
            flags[name] = condition
    reader.flag_names = set(flags)
    results = _read_results(reader, raw.get("results", []), {s.id for s in sections})
    prioritization = _read_rules(reader, raw.get("prioritization", []), "prioritization", True)
    instrument = Instrument(
        id=reader.ident(raw, ""),
        title=reader.text(raw, "title", ""),
        version=str(raw.get("version", "")).strip(),
        description=reader.text(raw, "description", "", default=""),
        assessment_level=ASSESSMENT_LEVELS.get(level, 2) if isinstance(level, str) else 2,
        assessment_type=ASSESSMENT_TYPES.get(kind, 3) if isinstance(kind, str) else 3,
        sections=sections,
        flags=flags,
        results=results,
        prioritization=prioritization,
        translations=reader.translations(
            raw.get("translations"), "translations", {"title", "description"}
        ),
        source=source,
    )
    if not instrument.version:
        reader.problem("version", "must be non-empty, e.g. 2026.1")
    if reader.problems:
        raise InstrumentError(source, reader.problems)
    return instrument


def _read_sections(reader: _Reader, raw: Any) -> tuple[Section, ...]:
    if not isinstance(raw, list) or not raw:
        reader.problem("sections", "must be a non-empty list of sections")
        return ()
    sections: list[Section] = []
    for i, item in enumerate(raw):
        path = f"sections[{i}]"
        entry = reader.obj(item, path, _SECTION_KEYS, {"id", "title", "questions"})
        section_id = reader.ident(entry, path)
        if section_id in reader.section_ids:
            reader.problem(f"{path}.id", f'"{section_id}" is used by another section')
        reader.section_ids.add(section_id)
        questions: list[Question] = []
        raw_questions = entry.get("questions")
        if not isinstance(raw_questions, list) or not raw_questions:
            reader.problem(f"{path}.questions", "must be a non-empty list of questions")
            raw_questions = []
        for j, raw_question in enumerate(raw_questions):
            question = _read_question(reader, raw_question, f"{path}.questions[{j}]", section_id)
            if question is not None:
                questions.append(question)
        max_points = reader.integer(entry, "max_points", path, None)
        sections.append(
            Section(
                id=section_id,
                title=reader.text(entry, "title", path),
                questions=tuple(questions),
                max_points=max_points,
                translations=reader.translations(
                    entry.get("translations"), f"{path}.translations", None
                ),
            )
        )
    return tuple(sections)


def _read_question(reader: _Reader, raw: Any, path: str, section: str) -> Question | None:
    entry = reader.obj(raw, path, _QUESTION_KEYS, {"id", "text", "type"})
    question_id = reader.ident(entry, path)
    if question_id in reader.questions:
        reader.problem(f"{path}.id", f'"{question_id}" is used by another question')
    answer_type = entry.get("type")
    if answer_type not in ANSWER_TYPES:
        reader.problem(f"{path}.type", f"must be one of {', '.join(ANSWER_TYPES)}")
        return None
    show_if = None
    if "show_if" in entry:
        show_if = reader.condition(entry["show_if"], f"{path}.show_if", before=f'"{question_id}"')
    options = _read_options(reader, entry, path) if answer_type == "choice" else ()
    if answer_type != "choice" and "options" in entry:
        reader.problem(f"{path}.options", "only choice questions have options")
    yes_no_points: dict[str, int] = {}
    bands: tuple[ScoreBand, ...] = ()
    if "points" in entry:
        yes_no_points, bands = _read_points(reader, entry["points"], f"{path}.points", answer_type)
    minimum, maximum = reader.number(entry, "min", path), reader.number(entry, "max", path)
    if minimum is not None and maximum is not None and minimum > maximum:
        reader.problem(f"{path}.min", "is larger than max")
    max_length = reader.integer(entry, "max_length", path, _MAX_ANSWER) or _MAX_ANSWER
    if not 1 <= max_length <= _MAX_ANSWER:
        reader.problem(f"{path}.max_length", f"must be between 1 and {_MAX_ANSWER}")
    question = Question(
        id=question_id,
        section=section,
        text=reader.text(entry, "text", path),
        answer_type=answer_type,
        options=options,
        minimum=minimum,
        maximum=maximum,
        whole_number=reader.flag(entry, "whole_number", path, True),
        max_length=max_length,
        allow_not_known=reader.flag(entry, "allow_not_known", path, True),
        required=reader.flag(entry, "required", path, True),
        help=reader.text(entry, "help", path, default=""),
        show_if=show_if,
        yes_no_points=yes_no_points,
        bands=bands,
        translations=reader.translations(
            entry.get("translations"), f"{path}.translations", {"text", "help"}
        ),
    )
    if question_id and len(question_id) <= _MAX_QUESTION_ID:
        reader.questions[question_id] = question
    return question


def _read_options(reader: _Reader, entry: dict[str, Any], path: str) -> tuple[Option, ...]:
    raw = entry.get("options")
    if not isinstance(raw, list) or len(raw) < 2:
        reader.problem(f"{path}.options", "a choice question needs a list of at least 2 options")
        return ()
    options: list[Option] = []
    seen: set[str] = set()
    for k, item in enumerate(raw):
        where = f"{path}.options[{k}]"
        option = reader.obj(item, where, _OPTION_KEYS, {"value", "label"})
        value = option.get("value")
        if not isinstance(value, str) or not ID_RE.match(value) or value in SPECIAL_ANSWERS:
            reader.problem(f"{where}.value", "must be a short lowercase id (not a HUD special)")
            continue
        if value in seen:
            reader.problem(f"{where}.value", f'"{value}" is used by another option')
        seen.add(value)
        label = reader.text(option, "label", where)
        options.append(
            Option(
                value=value,
                label=label,
                points=reader.integer(option, "points", where, 0) or 0,
                export=reader.text(option, "export", where, default=label),
                translations=reader.translations(
                    option.get("translations"), f"{where}.translations", None
                ),
            )
        )
    return tuple(options)


def _read_points(
    reader: _Reader, raw: Any, path: str, answer_type: str
) -> tuple[dict[str, int], tuple[ScoreBand, ...]]:
    if answer_type == "yes_no":
        entry = reader.obj(raw, path, {"yes", "no"}, set())
        return {k: reader.integer(entry, k, path, 0) or 0 for k in entry if k in {"yes", "no"}}, ()
    if answer_type == "number":
        if not isinstance(raw, list) or not raw:
            reader.problem(path, 'must be a list of bands such as {"at_least": 3, "points": 2}')
            return {}, ()
        bands: list[ScoreBand] = []
        for k, item in enumerate(raw):
            where = f"{path}[{k}]"
            band = reader.obj(item, where, {"at_least", "at_most", "points"}, {"points"})
            bands.append(
                ScoreBand(
                    reader.number(band, "at_least", where),
                    reader.number(band, "at_most", where),
                    reader.integer(band, "points", where, 0) or 0,
                )
            )
        return {}, tuple(bands)
    where = "put points on each option" if answer_type == "choice" else "score no points"
    reader.problem(path, f"{answer_type} questions {where}")
    return {}, ()


def _read_results(reader: _Reader, raw: Any, sections: set[str]) -> tuple[ResultSpec, ...]:
    if not isinstance(raw, list):
        reader.problem("results", "must be a list of results")
        return ()
    results: list[ResultSpec] = []
    for i, item in enumerate(raw):
        path = f"results[{i}]"
        entry = reader.obj(item, path, {"type", "source", "rules"}, {"type"})
        source = entry.get("source")
        if source not in (None, "score") and not (
            isinstance(source, str) and source.removeprefix("section:") in sections
        ):
            reader.problem(f"{path}.source", 'must be "score" or "section:<section id>"')
        if (source is None) == ("rules" not in entry):
            reader.problem(path, 'give either "source" or "rules"')
        rules = _read_rules(reader, entry.get("rules", []), f"{path}.rules", False)
        results.append(ResultSpec(reader.text(entry, "type", path), source, rules))
    return tuple(results)


def _read_rules(reader: _Reader, raw: Any, path: str, status: bool) -> tuple[Rule, ...]:
    if not isinstance(raw, list):
        reader.problem(path, "must be a list of rules")
        return ()
    rules: list[Rule] = []
    for k, item in enumerate(raw):
        where = f"{path}[{k}]"
        key = "status" if status else "value"
        entry = reader.obj(item, where, _RULE_KEYS - {"value" if status else "status"}, {key})
        when = (
            reader.condition(entry["when"], f"{where}.when", before=None)
            if "when" in entry
            else None
        )
        value: str | int = reader.text(entry, "value", where) if not status else 0
        if status:
            value = PRIORITIZATION.get(str(entry.get("status")), 0)
            if not value:
                reader.problem(f"{where}.status", 'must be "placed" or "not_placed"')
        low = reader.integer(entry, "min_score", where, None)
        high = reader.integer(entry, "max_score", where, None)
        if low is not None and high is not None and low > high:
            reader.problem(f"{where}.min_score", "is larger than max_score: never matches")
        rules.append(Rule(when, low, high, value))
    return tuple(rules)

"""Instrument files: the shipped ones load, and a hand-written mistake is named precisely."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest

from outreach_app.domain.instrument import (
    InstrumentError,
    discover_instruments,
    load_instrument,
    main,
    parse_instrument,
    shipped_folder,
)

SHIPPED = sorted(shipped_folder().glob("*.json"))


def minimal() -> dict[str, Any]:
    return {
        "id": "tiny",
        "title": "Tiny",
        "version": "1",
        "sections": [
            {
                "id": "s",
                "title": "S",
                "questions": [
                    {"id": "a", "text": "A?", "type": "yes_no", "points": {"yes": 1}},
                    {
                        "id": "b",
                        "text": "B?",
                        "type": "number",
                        "show_if": {"question": "a", "equals": "yes"},
                    },
                ],
            }
        ],
    }


def problems_of(data: object) -> tuple[str, ...]:
    with pytest.raises(InstrumentError) as info:
        parse_instrument(data, "coc.json")
    assert "coc.json" in info.value.message
    return info.value.problems


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: p.name)
def test_shipped_instruments_load(path: Path) -> None:
    instrument = load_instrument(path)
    assert instrument.id == path.stem
    assert instrument.questions
    assert len({q.id for q in instrument.questions}) == len(instrument.questions)


def test_street_outreach_instrument_has_the_sections_the_coc_expects() -> None:
    instrument = load_instrument(shipped_folder() / "street-outreach-prioritization.json")
    assert [s.id for s in instrument.sections] == ["history", "health", "risks", "functioning"]
    assert instrument.assessment_level == 2
    assert instrument.assessment_type == 3
    assert any(q.show_if is not None for q in instrument.questions)
    assert instrument.question("fleeing_violence").text_in("es").startswith("¿")
    assert instrument.question("fleeing_violence").text_in("fr") == (
        instrument.question("fleeing_violence").text
    )


def test_minimal_instrument_gets_defaults() -> None:
    instrument = parse_instrument(minimal(), "tiny.json")
    question = instrument.question("a")
    assert question.required and question.allow_not_known
    assert instrument.assessment_level == 2  # housing needs unless said otherwise
    assert instrument.section("s").max_points is None


def test_unknown_key_is_named_with_its_path() -> None:
    data = minimal()
    data["sections"][0]["questions"][1]["show_iff"] = {}
    assert any(
        p.startswith("sections[0].questions[1].show_iff: unknown key") for p in problems_of(data)
    )


def test_show_if_may_only_look_back() -> None:
    data = minimal()
    data["sections"][0]["questions"][0]["show_if"] = {"question": "b", "answered": True}
    (problem,) = problems_of(data)
    assert problem.startswith("sections[0].questions[0].show_if.question:")
    assert '"b" is not a question asked before "a"' in problem


def test_every_problem_is_reported_at_once() -> None:
    data = minimal()
    data["version"] = ""
    data["assessment_level"] = "urgent"
    data["sections"][0]["questions"][1]["type"] = "slider"
    data["sections"][0]["questions"].append({"id": "a", "text": "again", "type": "text"})
    found = problems_of(data)
    assert len(found) >= 4
    joined = "\n".join(found)
    assert "assessment_level" in joined and "sections[0].questions[1].type" in joined
    assert '"a" is used by another question' in joined


def test_condition_value_a_question_can_never_have() -> None:
    data = minimal()
    data["sections"][0]["questions"][1]["show_if"] = {"question": "a", "equals": "Yes"}
    (problem,) = problems_of(data)
    assert "can never be 'Yes'" in problem


def test_flags_must_be_defined_and_only_in_results() -> None:
    data = minimal()
    data["results"] = [{"type": "R", "rules": [{"when": {"flag": "nope"}, "value": "x"}]}]
    data["sections"][0]["questions"][1]["show_if"] = {"flag": "nope"}
    joined = "\n".join(problems_of(data))
    assert 'results[0].rules[0].when: flag "nope" is not defined' in joined
    assert "flags can only be used in result rules" in joined


def test_points_must_fit_the_answer_type() -> None:
    data = minimal()
    data["sections"][0]["questions"][1]["points"] = {"yes": 1}
    data["sections"][0]["questions"].append(
        {"id": "t", "text": "T", "type": "text", "points": {"yes": 1}}
    )
    joined = "\n".join(problems_of(data))
    assert "questions[1].points: must be a list of bands" in joined
    assert "questions[2].points: text questions score no points" in joined


def test_choice_needs_options_that_are_not_hud_specials() -> None:
    data = minimal()
    data["sections"][0]["questions"].append(
        {
            "id": "c",
            "text": "C",
            "type": "choice",
            "options": [
                {"value": "client_doesnt_know", "label": "?"},
                {"value": "x", "label": "X"},
            ],
        }
    )
    assert any("options[0].value" in p for p in problems_of(data))


def test_not_json_names_the_line(tmp_path: Path) -> None:
    path = tmp_path / "broken.json"
    path.write_text('{"id": "broken",\n "title": }', encoding="utf-8")
    with pytest.raises(InstrumentError) as info:
        load_instrument(path)
    assert "broken.json" in info.value.message
    assert "line 2" in info.value.problems[0]


def test_id_must_match_file_name(tmp_path: Path) -> None:
    path = tmp_path / "other.json"
    path.write_text(json.dumps(minimal()), encoding="utf-8")
    with pytest.raises(InstrumentError, match="must match the file name"):
        load_instrument(path)


def test_a_cocs_folder_overrides_shipped_and_survives_bad_files(tmp_path: Path) -> None:
    own = copy.deepcopy(json.loads(SHIPPED[0].read_text(encoding="utf-8")))
    own["title"] = "Our CoC's version"
    (tmp_path / SHIPPED[0].name).write_text(json.dumps(own), encoding="utf-8")
    (tmp_path / "bad.json").write_text("[]", encoding="utf-8")
    found, problems = discover_instruments(tmp_path, tmp_path / "missing")
    assert found[own["id"]].title == "Our CoC's version"
    assert len(found) == len(SHIPPED)
    assert [p.source for p in problems] == ["bad.json"]


def test_command_line_check(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "tiny.json"
    data = minimal()
    data["sections"][0]["questions"][0]["type"] = "slider"
    bad.write_text(json.dumps(data), encoding="utf-8")
    assert main([str(SHIPPED[0])]) == 0
    assert main([str(bad)]) == 1
    out = capsys.readouterr().out
    assert "OK" in out and "sections[0].questions[0].type" in out

"""The agency's own organization and street outreach project, made at setup."""

from __future__ import annotations

import datetime as dt

import pytest

from outreach_app.domain.agency import outreach_project, street_outreach_project
from outreach_app.domain.records import Project
from outreach_app.domain.udes import STREET_OUTREACH
from outreach_app.domain.validation import validate


def test_a_street_outreach_project_of_the_agency() -> None:
    organization, project = street_outreach_project(" Harbor Outreach ", today=dt.date(2026, 3, 1))
    assert organization.KIND == "Organization" and project.KIND == "Project"
    assert organization.get("OrganizationName") == "Harbor Outreach"
    assert project.get("OrganizationID") == organization.id
    assert project.get("ProjectName") == "Harbor Outreach Street Outreach"
    assert project.get("ProjectType") == STREET_OUTREACH == 4
    assert project.get("OperatingStartDate") == dt.date(2026, 3, 1)
    assert project.get("ContinuumProject") == 1


def test_a_blank_agency_name_still_makes_a_project() -> None:
    organization, project = street_outreach_project("   ")
    assert organization.get("OrganizationName") == "Outreach agency"
    assert project.get("OperatingStartDate") == dt.date.today()


def test_the_records_made_at_setup_are_valid() -> None:
    for record in street_outreach_project("Harbor Outreach", today=dt.date(2026, 3, 1)):
        errors = [m for m in validate(record, today=dt.date(2026, 3, 1)) if m.severity == "error"]
        assert errors == [], record.KIND


def test_each_call_makes_new_records() -> None:
    first, second = street_outreach_project("A"), street_outreach_project("A")
    assert first[0].id != second[0].id and first[1].id != second[1].id


def _project(project_type: int, end: dt.date | None = None) -> Project:
    return Project.new(ProjectType=project_type, OperatingEndDate=end)


def test_outreach_project_prefers_an_open_street_outreach_project() -> None:
    closed = _project(STREET_OUTREACH, dt.date(2025, 1, 1))
    shelter = _project(1)
    open_ = _project(STREET_OUTREACH)
    assert outreach_project([closed, shelter, open_]) is open_
    assert outreach_project([closed, shelter]) is closed


@pytest.mark.parametrize("projects", [[], [_project(1), _project(13)]])
def test_no_outreach_project(projects: list[Project]) -> None:
    assert outreach_project(projects) is None


def test_outreach_project_keeps_the_given_order_among_open_ones() -> None:
    first, second = _project(STREET_OUTREACH), _project(STREET_OUTREACH)
    assert outreach_project(iter([first, second])) is first

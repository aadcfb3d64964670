"""The agency's own HMIS records on a laptop: its organization and street outreach project.

Enrollments hang off a project. Until a device has pulled its agency's
configuration from the gateway, the store holds a project made here at setup
(from the settings' agency name), so intake works from the first minute
offline; the gateway's records replace it when the device enrolls.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from outreach_app.domain.records import Enrollment, Organization, Project, Record, new_id
from outreach_app.domain.udes import STREET_OUTREACH


def street_outreach_project(
    agency_name: str, *, today: dt.date | None = None
) -> tuple[Organization, Project]:
    """Return a new organization and its street outreach project (HUD project type 4)."""
    name = agency_name.strip() or "Outreach agency"
    organization = Organization.new(
        OrganizationName=name, OrganizationCommonName=name, VictimServiceProvider=0
    )
    project = Project.new(
        OrganizationID=organization.id,
        ProjectName=f"{name} Street Outreach",
        ProjectCommonName="Street Outreach",
        OperatingStartDate=today or dt.date.today(),
        ContinuumProject=1,
        ProjectType=STREET_OUTREACH,
    )
    return organization, project


def outreach_project(projects: Iterable[Record]) -> Record | None:
    """Return the first street outreach project among ``projects`` (open ones first)."""
    candidates = [p for p in projects if p.get("ProjectType") == STREET_OUTREACH]
    candidates.sort(key=lambda p: p.get("OperatingEndDate") is not None)
    return candidates[0] if candidates else None


def first_enrollment(
    personal_id: str, project_id: str | None, entry_date: dt.date, coc_code: str | None
) -> Record:
    """Return the enrollment a first contact, assessment, event or service brings (0014).

    The person alone in a new household, as head; the disabling condition is
    "data not collected" (99) until the intake asks it, since HMIS requires it.
    """
    return Enrollment.new(
        PersonalID=personal_id,
        ProjectID=project_id,
        EntryDate=entry_date,
        HouseholdID=new_id(),
        RelationshipToHoH=1,
        DisablingCondition=99,
        EnrollmentCoC=coc_code,
    )

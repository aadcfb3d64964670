"""Fixtures for the HMIS CSV tests: one demo store and its export, made once per module.

The store holds 300 synthetic demo clients with enrollments and contacts, plus
two named people: one who consented to sharing and one who did not (with an
alias), so the consent and never-exported rules can be checked by searching the
zip's bytes for their names. Zip helpers are in ``hmis_helpers``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from fast_vault import make_vault
from hmis_helpers import (
    ALIAS,
    CONSENTED_NAME,
    UNCONSENTED_NAME,
    Edit,
    read_members,
    read_rows,
    to_csv,
    write_zip,
)

from outreach_app.cli.commands import add_demo_data
from outreach_app.domain.records import Client, Consent
from outreach_app.hmis_csv import export_hmis_csv
from outreach_app.storage.store import Store


def _person(first: str, last: str, alias: str | None = None) -> Client:
    values: dict[str, object] = {
        "FirstName": first,
        "LastName": last,
        "NameDataQuality": 1,
        "SSN": "900112222",
        "SSNDataQuality": 1,
        "DOB": dt.date(1970, 1, 2),
        "DOBDataQuality": 1,
        "Sex": 1,
        "White": 1,
        "VeteranStatus": 0,
    }
    if alias:
        values["Aliases"] = alias
    return Client.new(**values)  # type: ignore[arg-type]


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    vault = make_vault(tmp_path_factory.mktemp("data"))
    created, _recovery = vault.create("admin", "passphrase1")
    with created as opened:
        add_demo_data(opened, 300, 1)
        agreed = _person(CONSENTED_NAME, "Ashcombe")
        refused = _person("Zebediah", UNCONSENTED_NAME, alias=ALIAS)
        opened.save_many([agreed, refused])
        opened.save_many(
            [
                Consent.new(
                    PersonalID=agreed.id,
                    ConsentStatus=1,
                    ConsentScope=1,
                    ConsentDate=dt.date(2025, 1, 1),
                ),
                # Agreed first, then withdrew: the latest consent decides.
                Consent.new(
                    PersonalID=refused.id,
                    ConsentStatus=1,
                    ConsentScope=1,
                    ConsentDate=dt.date(2024, 1, 1),
                ),
                Consent.new(
                    PersonalID=refused.id, ConsentStatus=2, ConsentDate=dt.date(2025, 2, 1)
                ),
            ]
        )
        yield opened


@pytest.fixture(scope="module")
def export_2026(store: Store, tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("export") / "fy2026.zip"
    export_hmis_csv(store, path)
    return path


@pytest.fixture
def broken(export_2026: Path, tmp_path: Path) -> Callable[[str, Edit], Path]:
    """Return a function making a copy of the good export with one file's rows edited."""

    def make(member: str, edit: Edit) -> Path:
        members = read_members(export_2026)
        rows = read_rows(export_2026, member)
        edit(rows)
        members[member] = to_csv(rows)
        return write_zip(tmp_path / "broken.zip", members)

    return make

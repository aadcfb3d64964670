"""Synthetic demo clients: reproducible, valid against the HMIS FY2026 spec, realistic."""

from __future__ import annotations

import json
import re
from collections import Counter
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from outreach_app.domain.demo import (
    RACE_COLUMNS,
    REFERENCE_DATE,
    generate_clients,
    near_duplicate_pairs,
)
from outreach_app.domain.matching import PersonFacts, score_pair

SPEC_DIR = Path(__file__).resolve().parents[2] / "resources" / "hmis" / "fy2026"
N = 4000
SEED = 2026
# ITINs are 9xx numbers too, with these group numbers; demo SSNs must avoid them.
ITIN_GROUPS = {*range(50, 66), *range(70, 89), *range(90, 93), *range(94, 100)}


@pytest.fixture(scope="module")
def client_spec() -> dict[str, dict[str, Any]]:
    spec = json.loads((SPEC_DIR / "csv_spec.json").read_text(encoding="utf-8"))
    return {column["column"]: column for column in spec["files"]["Client.csv"]}


@pytest.fixture(scope="module")
def value_lists() -> dict[str, dict[str, str]]:
    lists: dict[str, dict[str, str]] = json.loads(
        (SPEC_DIR / "lists.json").read_text(encoding="utf-8")
    )["lists"]
    return lists


@pytest.fixture(scope="module")
def clients() -> list[dict[str, object]]:
    return list(generate_clients(N, SEED))


def test_same_seed_same_output_and_prefix_stable(clients: list[dict[str, object]]) -> None:
    assert list(generate_clients(N, SEED)) == clients
    assert list(generate_clients(100, SEED)) == clients[:100]


def test_callers_changing_rows_do_not_change_later_rows(
    clients: list[dict[str, object]],
) -> None:
    rows = []
    for row in generate_clients(N, SEED):
        rows.append(dict(row))
        row.clear()
    assert rows == clients


def test_different_seed_different_output(clients: list[dict[str, object]]) -> None:
    other = list(generate_clients(N, SEED + 1))
    assert other != clients
    assert {c["PersonalID"] for c in other}.isdisjoint(c["PersonalID"] for c in clients)
    names = Counter((c["FirstName"], c["LastName"]) for c in other)
    assert names != Counter((c["FirstName"], c["LastName"]) for c in clients)


def test_columns_are_client_csv_columns(
    clients: list[dict[str, object]], client_spec: dict[str, dict[str, Any]]
) -> None:
    expected = {
        "PersonalID", "FirstName", "MiddleName", "LastName", "NameSuffix", "NameDataQuality",
        "SSN", "SSNDataQuality", "DOB", "DOBDataQuality", "Sex", *RACE_COLUMNS, "RaceNone",
        "AdditionalRaceEthnicity", "VeteranStatus", "Aliases",
    }  # fmt: skip
    assert expected - {"Aliases"} <= set(client_spec)
    for client in clients:
        assert set(client) == expected


def test_coded_values_are_in_their_lists(
    clients: list[dict[str, object]],
    client_spec: dict[str, dict[str, Any]],
    value_lists: dict[str, dict[str, str]],
) -> None:
    coded = {name: col for name, col in client_spec.items() if col["list"]}
    seen: dict[str, set[object]] = {name: set() for name in coded}
    for client in clients:
        for name, column in coded.items():
            if name not in client:
                continue
            value = client[name]
            seen[name].add(value)
            if value is None:
                assert column["nullable"] == "Y", name
            else:
                assert isinstance(value, int), name
                assert str(value) in value_lists[column["list"]], (name, value)
    assert seen["NameDataQuality"] == {1, 2, 8, 9, 99}
    assert seen["Sex"] == {0, 1, 8, 9, 99}


def test_strings_fit_their_column_sizes(
    clients: list[dict[str, object]], client_spec: dict[str, dict[str, Any]]
) -> None:
    sizes = {
        name: int(col["type"][1:]) for name, col in client_spec.items() if col["type"][0] == "S"
    }
    sizes["Aliases"] = 250  # resources/outreach/extensions.json
    for client in clients:
        for name, value in client.items():
            if isinstance(value, str):
                assert 0 < len(value) <= sizes[name], (name, value)


def test_personal_ids_are_32_hex_and_unique(clients: list[dict[str, object]]) -> None:
    ids = [c["PersonalID"] for c in clients]
    assert all(isinstance(i, str) and re.fullmatch(r"[0-9a-f]{32}", i) for i in ids)
    assert len(set(ids)) == len(ids)


def test_dates_of_birth_are_plausible(clients: list[dict[str, object]]) -> None:
    dobs = [dob for c in clients if isinstance(dob := c["DOB"], date)]
    assert len(dobs) == sum(c["DOB"] is not None for c in clients)
    assert max(dobs) <= REFERENCE_DATE <= date.today()
    ages = [(REFERENCE_DATE - d).days / 365.25 for d in dobs]
    assert min(ages) >= 0
    assert max(ages) < 87  # 85, plus up to a year when only the year is known
    adults = sum(18 <= age < 86 for age in ages)
    youth = sum(18 <= age < 25 for age in ages)
    assert adults / len(ages) > 0.9
    assert 0.05 < youth / len(ages) < 0.25


def test_dob_quality_matches_value(clients: list[dict[str, object]]) -> None:
    for client in clients:
        quality, dob = client["DOBDataQuality"], client["DOB"]
        assert (dob is None) == (quality in (8, 9, 99))
        if quality == 2:
            assert isinstance(dob, date)
            assert (dob.month, dob.day) == (1, 1)


def test_ssns_are_never_issuable(clients: list[dict[str, object]]) -> None:
    full = partial = 0
    for client in clients:
        ssn, quality = client["SSN"], client["SSNDataQuality"]
        if ssn is None:
            assert quality in (8, 9, 99)
            continue
        assert isinstance(ssn, str)
        assert re.fullmatch(r"[0-9xX]{9}", ssn)
        if quality == 1:
            full += 1
            assert ssn.isdigit()
            assert 900 <= int(ssn[:3]) <= 999  # SSA never issues 9xx areas
            assert int(ssn[3:5]) not in ITIN_GROUPS
            assert ssn[3:5] != "00"
            assert ssn[5:] != "0000"
        else:
            partial += 1
            assert quality == 2
            assert ssn.startswith("xxxxx")
            assert ssn[5:].isdigit()
    assert full > N / 2
    assert partial > 0


def test_names_match_their_quality(clients: list[dict[str, object]]) -> None:
    for client in clients:
        quality = client["NameDataQuality"]
        if quality == 1:
            assert client["FirstName"]
            assert client["LastName"]
        elif quality == 2:
            assert client["FirstName"]
            assert client["LastName"] is None
        else:
            assert client["FirstName"] is None
            assert client["LastName"] is None
    accented = [c for c in clients if re.search(r"[^\x00-\x7f]", str(c["LastName"]))]
    assert accented  # Spanish names keep their accents


def test_race_columns_follow_hud_rules(clients: list[dict[str, object]]) -> None:
    for client in clients:
        races = [client[column] for column in RACE_COLUMNS]
        assert set(races) <= {0, 1}
        if client["RaceNone"] is None:
            assert 1 in races
        else:
            assert client["RaceNone"] in (8, 9, 99)
            assert races == [0] * len(RACE_COLUMNS)
            assert client["AdditionalRaceEthnicity"] is None
    assert any(client["AdditionalRaceEthnicity"] for client in clients)


def test_veterans_are_adults(clients: list[dict[str, object]]) -> None:
    veterans = [c for c in clients if c["VeteranStatus"] == 1]
    assert veterans
    for client in veterans:
        dob = client["DOB"]
        if isinstance(dob, date):
            assert (REFERENCE_DATE - dob).days >= 18 * 365


def test_aliases_are_semicolon_separated(clients: list[dict[str, object]]) -> None:
    with_aliases = [c["Aliases"] for c in clients if c["Aliases"] is not None]
    assert 0.05 < len(with_aliases) / N < 0.4
    for aliases in with_aliases:
        assert isinstance(aliases, str)
        parts = aliases.split("; ")
        assert all(part and part == part.strip() and ";" not in part for part in parts)
        assert len(set(parts)) == len(parts)


def test_near_duplicates_are_realistic_and_detectable(clients: list[dict[str, object]]) -> None:
    pairs = near_duplicate_pairs(N, SEED)
    assert 0.015 < len(pairs) / N < 0.045
    by_id = {c["PersonalID"]: c for c in clients}
    likely = 0
    for original_id, duplicate_id in pairs:
        original, duplicate = by_id[original_id], by_id[duplicate_id]
        assert clients.index(original) < clients.index(duplicate)
        assert original != {**duplicate, "PersonalID": original_id}
        assert original["Sex"] == duplicate["Sex"]
        facts = PersonFacts.from_values(original), PersonFacts.from_values(duplicate)
        likely += score_pair(*facts).likely
    assert likely / len(pairs) > 0.9


def test_random_pairs_are_rarely_likely(clients: list[dict[str, object]]) -> None:
    facts = [PersonFacts.from_values(c) for c in clients[:1000]]
    likely = sum(score_pair(a, b).likely for a, b in zip(facts[::2], facts[1::2], strict=True))
    assert likely <= 5


def test_duplicate_rate_zero_and_as_of() -> None:
    assert near_duplicate_pairs(500, 3, duplicate_rate=0.0) == []
    as_of = date(2001, 2, 28)
    dobs = [d for c in generate_clients(500, 3, as_of=as_of) if isinstance(d := c["DOB"], date)]
    assert len(dobs) > 400
    assert max(dobs) <= as_of


@settings(deadline=None, database=None, max_examples=20)
@given(st.integers(min_value=0, max_value=2**64), st.integers(min_value=0, max_value=60))
def test_any_seed_gives_valid_ids_and_dates(seed: int, n: int) -> None:
    rows = list(generate_clients(n, seed, duplicate_rate=0.2))
    assert len(rows) == n
    assert len({r["PersonalID"] for r in rows}) == n
    assert all(not isinstance(d := r["DOB"], date) or d <= REFERENCE_DATE for r in rows)
    assert rows == list(generate_clients(n, seed, duplicate_rate=0.2))

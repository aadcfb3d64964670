"""Tests for client search and duplicate candidates over a store of ~2000 demo clients.

The demo clients (synthetic, from ``generate_clients``) make the haystack
realistic: common names repeat, some people share a birthday or SSN digits.
The hand-made people below are the needles; the assertions about common names
only rely on properties any haystack has (ranking order, who may be above whom).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
from store_fixtures import ADMIN, ADMIN_PASS, demo_clients, make_vault

from outreach_app.domain.matching import PersonFacts
from outreach_app.domain.records import Client
from outreach_app.storage.search import ClientHit, client_keys
from outreach_app.storage.store import Store

ROBERT_SMITH = Client.new(
    FirstName="Robert", LastName="Smith", DOB=dt.date(1984, 3, 7), SSN="912345678"
)
ROBERT_RARE = Client.new(FirstName="Robert", LastName="Pemberton-Achebe", DOB=dt.date(1971, 8, 4))
JOHN = Client.new(FirstName="John", LastName="Quillfeather", DOB=dt.date(1990, 5, 17))
MARISOL = Client.new(FirstName="Marisol", LastName="Okonkwo-Baptiste", Aliases="Moonbeam; Skip")
PEOPLE = [ROBERT_SMITH, ROBERT_RARE, JOHN, MARISOL]
ROBERTS = {"robert", "bob", "bobby", "rob", "robbie", "bert"}


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    path: Path = tmp_path_factory.mktemp("search") / "data"
    opened, _ = make_vault(path).create(ADMIN, ADMIN_PASS)
    try:
        summary = opened.save_many([*demo_clients(2000), *PEOPLE])
        assert len(summary.created) == 2004
        yield opened
    finally:
        opened.lock()


def _ids(hits: list[ClientHit]) -> list[str]:
    return [h.client_id for h in hits]


def _hit(hits: list[ClientHit], client: Client) -> ClientHit:
    found = [h for h in hits if h.client_id == client.id]
    assert found, f"{client.first_name} {client.last_name} was not found"
    return found[0]


# -- names --------------------------------------------------------------------------------


def test_a_last_name_prefix_finds_smith_first(store: Store) -> None:
    hits = store.search("smi", limit=300)
    assert (hits[0].last_name or "").lower().startswith("smi")
    assert hits[0].score == pytest.approx(0.9)  # a prefix, not a fuzzy match
    # Every prefix match ranks above every fuzzier one.
    prefix = [(h.last_name or "").lower().startswith("smi") for h in hits]
    assert prefix == sorted(prefix, reverse=True)
    assert _hit(hits, ROBERT_SMITH).score == pytest.approx(0.9)
    assert all(hits[i].score >= hits[i + 1].score for i in range(len(hits) - 1))


def test_a_nickname_finds_the_full_first_name(store: Store) -> None:
    hits = store.search("bob smith")
    mine = _hit(hits, ROBERT_SMITH)
    above = [h for h in hits if h.score >= mine.score]
    assert all((h.first_name or "").lower() in ROBERTS and h.last_name == "Smith" for h in above), [
        (h.first_name, h.last_name) for h in above
    ]
    # With a rarer last name the person is simply the first hit.
    assert _ids(store.search("bob pemberton"))[:1] == [ROBERT_RARE.id]
    assert _ids(store.search("bobby pemberton-achebe"))[:1] == [ROBERT_RARE.id]


def test_a_typo_still_finds_john(store: Store) -> None:
    hits = store.search("jonh", limit=300)
    assert hits
    assert hits[0].first_name == "John"
    assert JOHN.id in _ids(hits)
    assert _ids(store.search("jonh quillfeather"))[:1] == [JOHN.id]
    assert _ids(store.search("john quilfeather"))[:1] == [JOHN.id]  # a letter dropped


def test_first_and_last_name_in_either_order(store: Store) -> None:
    straight = store.search("robert smith")
    swapped = store.search("smith robert")
    assert ROBERT_SMITH.id in _ids(swapped)
    assert _hit(swapped, ROBERT_SMITH).score == _hit(straight, ROBERT_SMITH).score == 1.0
    assert _ids(store.search("pemberton-achebe robert"))[:1] == [ROBERT_RARE.id]


def test_an_alias_finds_the_person(store: Store) -> None:
    hits = store.search("moonbeam")
    assert _ids(hits) == [MARISOL.id]
    assert hits[0].aliases == "Moonbeam; Skip"
    assert hits[0].score == pytest.approx(0.95)  # an alias ranks just below a real name
    assert _ids(store.search("moonbeam okonkwo"))[:1] == [MARISOL.id]


# -- dates of birth and SSN digits ------------------------------------------------------


@pytest.mark.parametrize("typed", ["1984-03-07", "03/07/1984", "3/7/1984", "03-07-1984"])
def test_date_of_birth_in_every_accepted_format(store: Store, typed: str) -> None:
    hits = store.search(typed)
    assert _hit(hits, ROBERT_SMITH).score == 1.0
    assert all(h.dob == dt.date(1984, 3, 7) for h in hits)
    assert _ids(store.search(f"smith {typed}"))[:1] == [ROBERT_SMITH.id]


def test_a_date_of_birth_with_a_name(store: Store) -> None:
    assert _ids(store.search("john 1990-05-17"))[:1] == [JOHN.id]
    # Day and month swapped still finds the person, though below a perfect match.
    swapped = _hit(store.search("smith 1984-07-03", limit=300), ROBERT_SMITH)
    assert 0.5 < swapped.score < 1.0


def test_last_four_ssn_digits(store: Store) -> None:
    for typed in ("5678", "xxx-xx-5678"):
        hits = store.search(typed)
        assert _hit(hits, ROBERT_SMITH).score == 1.0
        assert all(h.ssn_last4 == "5678" for h in hits)
    hit = _hit(store.search("5678"), ROBERT_SMITH)
    assert hit.ssn_last4 == "5678"
    assert not hasattr(hit, "ssn")  # the list never carries the full SSN


def test_full_ssn(store: Store) -> None:
    for typed in ("912-34-5678", "912345678"):
        hits = store.search(typed)
        assert hits[0].client_id == ROBERT_SMITH.id
        assert hits[0].score == 1.0
        assert all(h.score < 1.0 for h in hits[1:])  # only the last four match for others


@pytest.mark.parametrize("text", ["", "   ", ", ;", "12", "2023-02-30"])
def test_an_empty_or_meaningless_query_finds_nothing(store: Store, text: str) -> None:
    assert store.search(text) == []


def test_limit(store: Store) -> None:
    assert len(store.search("smi", limit=3)) == 3
    assert len(store.search("smi", limit=300)) > 3


# -- changes are reflected --------------------------------------------------------------


def test_deleted_clients_are_never_found(store: Store) -> None:
    delia = Client.new(FirstName="Delia", LastName="Vanishwood", DOB=dt.date(1966, 2, 1))
    store.save(delia)
    assert _ids(store.search("vanishwood")) == [delia.id]
    store.delete("Client", delia.id)
    for text in ("vanishwood", "delia vanishwood", "1966-02-01", "vanishwod"):
        assert delia.id not in _ids(store.search(text, limit=300))
    values = {"FirstName": "Delia", "LastName": "Vanishwood", "DOB": "1966-02-01"}
    assert delia.id not in [c.hit.client_id for c in store.duplicates(values)]


def test_updating_a_name_reindexes_the_client(store: Store) -> None:
    harriet = Client.new(FirstName="Harriet", LastName="Oldenshaw", DOB=dt.date(1958, 12, 30))
    store.save(harriet)
    assert _ids(store.search("oldenshaw")) == [harriet.id]
    renamed = harriet.replace(LastName="Brightwater", DOB=dt.date(1958, 12, 31))
    store.save(renamed)
    assert harriet.id not in _ids(store.search("oldenshaw", limit=300))
    assert harriet.id not in _ids(store.search("1958-12-30", limit=300))
    assert _ids(store.search("brightwater")) == [harriet.id]
    assert _ids(store.search("harriet 1958-12-31"))[:1] == [harriet.id]
    # No stale match keys are left behind.
    assert store._db is not None
    keys = store._db.call(
        lambda conn: {
            row[0]
            for row in conn.execute(
                "SELECT key FROM client_key JOIN client_index ON client_rowid = rowid"
                " WHERE client_id = ?",
                (harriet.id,),
            )
        }
    )
    assert keys == set(client_keys(PersonFacts.from_values(renamed.values)))


# -- duplicates ---------------------------------------------------------------------------


def test_a_near_duplicate_ranks_first_with_its_reasons(store: Store) -> None:
    typed = {"FirstName": "Bob", "LastName": "Smith", "DOB": "1984-07-03"}  # day/month swapped
    candidates = store.duplicates(typed)
    first = candidates[0]
    assert first.hit.client_id == ROBERT_SMITH.id
    assert first.match.likely
    kinds = {r.kind for r in first.match.reasons}
    assert {"nickname", "dob_transposed"} <= kinds
    assert all(c.match.score <= first.match.score for c in candidates)
    # Reasons explain without repeating personal data.
    details = " ".join(r.detail for r in first.match.reasons)
    assert "Smith" not in details
    assert "1984" not in details


def test_an_unrelated_person_with_a_common_first_name_is_not_likely(store: Store) -> None:
    for typed in (
        {"FirstName": "Robert", "LastName": "Newperson", "DOB": "1990-05-05"},
        {"FirstName": "Robert", "LastName": "Newperson"},
    ):
        candidates = store.duplicates(typed)
        assert not [c for c in candidates if c.match.likely]
        for candidate in candidates:
            if candidate.hit.client_id in (ROBERT_SMITH.id, ROBERT_RARE.id):
                assert not candidate.match.likely


def test_duplicates_can_exclude_the_record_being_edited(store: Store) -> None:
    values = {"FirstName": "John", "LastName": "Quillfeather", "DOB": "1990-05-17"}
    assert store.duplicates(values)[0].hit.client_id == JOHN.id
    assert JOHN.id not in [c.hit.client_id for c in store.duplicates(values, exclude=JOHN.id)]
    assert store.duplicates({}) == []

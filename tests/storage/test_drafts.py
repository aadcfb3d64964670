"""Encrypted drafts per user, and the store's small read helpers the forms use."""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from store_fixtures import ADMIN, ADMIN_PASS, WORKER, WORKER_PASS, FakeClock, make_vault

from outreach_app import errors
from outreach_app.domain.agency import street_outreach_project
from outreach_app.domain.records import Client, Enrollment
from outreach_app.storage.store import Store
from outreach_app.storage.vault import Vault

#: Text no schema, index or key could contain by chance.
SECRET = "Zyxwquorth-Plimbersnatch"
DRAFT = {
    "fields": {"FirstName": SECRET, "DOB": "4/31/80x", "Asian": True, "Sex": 1},
    "note": "Café — “under the 5th St bridge”",
}


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A locked store with an admin and a worker, made once; each test copies it."""
    path = tmp_path_factory.mktemp("drafts-template") / "data"
    store, _ = make_vault(path).create(ADMIN, ADMIN_PASS)
    with store:
        store.add_user(WORKER, WORKER_PASS)
    return path


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def vault(template: Path, tmp_path: Path, clock: FakeClock) -> Vault:
    data_dir = tmp_path / "data"
    shutil.copytree(template, data_dir)
    return make_vault(data_dir, clock=clock.utc)


@pytest.fixture
def store(vault: Vault) -> Iterator[Store]:
    opened = vault.unlock(ADMIN, ADMIN_PASS)
    yield opened
    opened.lock()


def raw_bytes(data_dir: Path) -> bytes:
    """Everything the store has on disk: the database, its WAL and the rest."""
    return b"".join(p.read_bytes() for p in sorted(data_dir.iterdir()) if p.is_file())


# -- drafts ---------------------------------------------------------------------------------


def test_a_draft_round_trips_exactly(store: Store) -> None:
    store.save_draft("d1", "intake", "r1", DRAFT)
    [draft] = store.drafts()
    assert (draft.draft_id, draft.kind, draft.record_id) == ("d1", "intake", "r1")
    assert draft.data == json.loads(json.dumps(DRAFT))
    assert draft.updated_at.endswith("Z")


def test_saving_again_replaces_the_draft(store: Store, clock: FakeClock) -> None:
    store.save_draft("d1", "intake", None, {"v": 1})
    first = store.drafts()[0].updated_at
    clock.advance(5)
    store.save_draft("d1", "intake", "r9", {"v": 2})
    [draft] = store.drafts()
    assert draft.data == {"v": 2}
    assert draft.record_id == "r9"
    assert draft.updated_at > first


def test_drafts_come_oldest_first(store: Store, clock: FakeClock) -> None:
    for name in ("b", "a", "c"):
        store.save_draft(name, "contact", None, {"name": name})
        clock.advance(2)
    store.save_draft("b", "contact", None, {"name": "b", "again": True})  # now the newest
    assert [d.draft_id for d in store.drafts()] == ["a", "c", "b"]


def test_discarding_forgets_only_that_draft(store: Store) -> None:
    store.save_draft("keep", "contact", None, {})
    store.save_draft("drop", "contact", None, {})
    store.discard_draft("drop")
    store.discard_draft("never-saved")  # harmless
    assert [d.draft_id for d in store.drafts()] == ["keep"]


def test_a_draft_survives_lock_and_unlock_and_is_never_plaintext(vault: Vault) -> None:
    store = vault.unlock(ADMIN, ADMIN_PASS)
    store.save_draft("d1", "profile", None, DRAFT)
    # While unlocked, the newest pages sit in the WAL file: check it too.
    assert any(p.name.endswith("-wal") for p in vault.data_dir.iterdir())
    assert SECRET.encode() not in raw_bytes(vault.data_dir)
    store.lock()
    assert SECRET.encode() not in raw_bytes(vault.data_dir)
    assert SECRET.encode("utf-16-le") not in raw_bytes(vault.data_dir)
    again = vault.unlock(ADMIN, ADMIN_PASS)
    try:
        [draft] = again.drafts()
        assert draft.data["fields"]["FirstName"] == SECRET
        assert draft.data["fields"]["DOB"] == "4/31/80x"  # unreadable text, kept as typed
    finally:
        again.lock()


def test_drafts_belong_to_the_user_who_typed_them(vault: Vault) -> None:
    with vault.unlock(ADMIN, ADMIN_PASS) as admin:
        admin.save_draft("admin-only", "intake", None, {"who": ADMIN})
    with vault.unlock(WORKER, WORKER_PASS) as worker:
        assert worker.drafts() == []
        worker.discard_draft("admin-only")  # not theirs to throw away
        worker.save_draft("worker-only", "intake", None, {"who": WORKER})
    with vault.unlock(ADMIN, ADMIN_PASS) as admin:
        assert [(d.draft_id, d.data) for d in admin.drafts()] == [("admin-only", {"who": ADMIN})]


def test_two_users_editing_the_same_form_keep_their_own_drafts(vault: Vault) -> None:
    # The client record names a form's draft after the form and the client
    # ("profile-<client id>"), so two workers' drafts of one profile share an id.
    draft_id = "profile-" + "c" * 32
    with vault.unlock(ADMIN, ADMIN_PASS) as admin:
        admin.save_draft(draft_id, "profile", None, {"typed": "by the admin"})
    with vault.unlock(WORKER, WORKER_PASS) as worker:
        worker.save_draft(draft_id, "profile", None, {"typed": "by the worker"})
        assert [(d.draft_id, d.data) for d in worker.drafts()] == [
            (draft_id, {"typed": "by the worker"})
        ]
    with vault.unlock(ADMIN, ADMIN_PASS) as admin:
        assert [(d.draft_id, d.data) for d in admin.drafts()] == [
            (draft_id, {"typed": "by the admin"})
        ]
        admin.discard_draft(draft_id)
    with vault.unlock(WORKER, WORKER_PASS) as worker:
        assert [d.data for d in worker.drafts()] == [{"typed": "by the worker"}]


def test_a_draft_saved_before_per_user_keys_is_offered_replaced_and_discarded(
    store: Store, clock: FakeClock
) -> None:
    assert store._db is not None
    user_id = store.user.user_id
    store._db.call(
        lambda conn: conn.execute(
            "INSERT INTO draft (draft_id, user_id, kind, record_id, data, updated_at)"
            " VALUES ('old', ?, 'intake', NULL, '{\"v\": 0}', '2026-01-01T00:00:00Z')",
            (user_id,),
        )
    )
    assert [(d.draft_id, d.data) for d in store.drafts()] == [("old", {"v": 0})]
    store.save_draft("old", "intake", None, {"v": 1})
    assert [(d.draft_id, d.data) for d in store.drafts()] == [("old", {"v": 1})]
    store.discard_draft("old")
    assert store.drafts() == []


def test_drafts_need_the_store_unlocked(store: Store) -> None:
    store.lock()
    with pytest.raises(errors.StoreLocked):
        store.drafts()
    with pytest.raises(errors.StoreLocked):
        store.save_draft("d", "intake", None, {})


# -- records(kind) and client_history --------------------------------------------------------


def test_records_of_a_kind_are_live_ones_oldest_first(store: Store, clock: FakeClock) -> None:
    organization, project = street_outreach_project("Harbor Outreach")
    store.save_many([organization, project])
    clock.advance(1)
    second = project.replace(ProjectName="Second").__class__.new(ProjectName="Second")
    store.save(second)
    assert [r.id for r in store.records("Project")] == [project.id, second.id]
    assert store.records("Organization") == [organization]
    store.delete("Project", project.id)
    assert [r.id for r in store.records("Project")] == [second.id]
    assert store.records("Exit") == []


def test_client_history_covers_the_client_and_their_records(store: Store, clock: FakeClock) -> None:
    client = Client.new(FirstName="Roberta", LastName="Quist")
    other = Client.new(FirstName="Ezra", LastName="Mendel")
    store.save_many([client, other])
    clock.advance(1)
    enrollment = Enrollment.new(PersonalID=client.id, ProjectID="p" * 32)
    store.save(enrollment)
    clock.advance(1)
    store.save(client.replace(LastName="Quist-Hale"))
    store.view("Client", other.id)
    history = store.client_history(client.id)
    assert [(e.action, e.kind, e.record_id) for e in history] == [
        ("update", "Client", client.id),
        ("create", "Enrollment", enrollment.id),
        ("create", "Client", client.id),
    ]
    assert [e.seq for e in history] == sorted((e.seq for e in history), reverse=True)
    assert len(store.client_history(client.id, limit=1)) == 1
    assert {e.record_id for e in store.client_history(other.id)} == {other.id}

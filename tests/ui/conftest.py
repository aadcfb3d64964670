"""Fixtures for the window tests: a real encrypted store in a temp dir, fast KDF."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from ui_helpers import PASS, make_vault

from outreach_app.domain.agency import street_outreach_project
from outreach_app.domain.records import Client
from outreach_app.storage.store import Store
from outreach_app.storage.vault import Vault


@pytest.fixture
def vault(tmp_path: Path) -> Vault:
    """A store with its first user ``maya``, an outreach project and two clients, locked."""
    vault = make_vault(tmp_path / "data")
    store, _ = vault.create("maya", PASS)
    with store:
        store.save_many(street_outreach_project("Harbor Outreach"))
        store.save(Client.new(FirstName="Roberta", LastName="Quist", NameDataQuality=1))
        store.save(Client.new(FirstName="Ezra", LastName="Mendel", NameDataQuality=1))
    return vault


@pytest.fixture
def store(vault: Vault) -> Iterator[Store]:
    """The vault's store, unlocked as ``maya`` (locked again afterwards)."""
    store = vault.unlock("maya", PASS)
    yield store
    store.lock()

"""The clients page and its model on a real encrypted store: paging, search, filters, keys.

A template store (450 demo clients and two hand-made people) is made once; each
test unlocks its own copy. The database work runs on the store's own threads,
so tests wait for signals, never for the database directly.
"""

from __future__ import annotations

import shutil
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from fast_vault import make_vault
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import QWidget
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from outreach_app.domain.demo import generate_clients
from outreach_app.domain.records import Client
from outreach_app.storage.client_list import ClientFilter, ClientRow, SyncState
from outreach_app.storage.store import Store
from outreach_app.ui.clients import SYNC_STATE_ROLE, ClientListModel, ClientsPage
from outreach_app.ui.tasks import Worker

PASS = "under-bridge-6am"
DEMO = 450
ZORA = Client.new(FirstName="Zora", LastName="Quillfeather", SSN="912341234", Aliases="Sparrow")
ZEKE = Client.new(FirstName="Zeke", LastName="Quillfeather")


def demo(n: int) -> list[Client]:
    return [Client.from_values(row) for row in generate_clients(n, 7)]


def build(path: Path, clients: list[Client]) -> Path:
    store, _ = make_vault(path).create("maya", PASS)
    store.save_many(clients)
    store.lock()
    return path


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build(tmp_path_factory.mktemp("clients-ui") / "data", [*demo(DEMO), ZORA, ZEKE])


@pytest.fixture
def store(template: Path, tmp_path: Path) -> Iterator[Store]:
    shutil.copytree(template, tmp_path / "data")
    opened = make_vault(tmp_path / "data").unlock("maya", PASS)
    yield opened
    opened.lock()


@pytest.fixture
def page(qtbot: QtBot, store: Store) -> Iterator[ClientsPage]:
    widget = ClientsPage(Worker())
    qtbot.addWidget(widget)
    widget.resize(900, 600)
    widget.show()
    widget.activateWindow()
    qtbot.waitActive(widget)
    with qtbot.waitSignal(widget.model.page_loaded, timeout=5000):
        widget.open_store(store)
    qtbot.waitUntil(lambda: widget.count.text() == f"{DEMO + 2:,} clients", timeout=5000)
    yield widget
    widget.close_store()


def search(qtbot: QtBot, page: ClientsPage, text: str) -> None:
    with qtbot.waitSignal(page.model.modelReset, timeout=5000):
        qtbot.keyClicks(page.search, text)
    qtbot.waitUntil(lambda: page.model.searching, timeout=5000)


def shown_ids(model: ClientListModel) -> list[str]:
    return [model.client_id(row) for row in range(model.rowCount())]


# -- the model ---------------------------------------------------------------------------


def test_the_model_passes_qt_model_tester(
    qtbot: QtBot, qtmodeltester: ModelTester, page: ClientsPage
) -> None:
    qtmodeltester.check(page.model)
    with qtbot.waitSignal(page.model.page_loaded, timeout=5000):
        page.model.fetchMore(QModelIndex())
    assert page.model.rowCount() == 400
    search(qtbot, page, "quillfeather")
    assert page.model.rowCount() == 2


def test_opening_fetches_one_page_and_more_only_on_demand(qtbot: QtBot, page: ClientsPage) -> None:
    model = page.model
    assert model.rowCount() == 200
    qtbot.wait(100)
    assert model.rowCount() == 200  # the view did not ask for more on its own
    with qtbot.waitSignal(model.page_loaded, timeout=5000):
        page.table.scrollToBottom()
    assert model.rowCount() == 400
    with qtbot.waitSignal(model.page_loaded, timeout=5000):
        model.fetchMore(QModelIndex())
    assert model.rowCount() == DEMO + 2
    assert not model.canFetchMore(QModelIndex())
    assert len(set(shown_ids(model))) == DEMO + 2


def test_cells_roles_and_accessible_text(page: ClientsPage, store: Store) -> None:
    model = page.model
    row = shown_ids(model).index(ZORA.id) if ZORA.id in shown_ids(model) else None
    if row is None:
        model.show_rows(store.search_rows("zora quillfeather", 1))
        row = 0
    cell = [model.index(row, column) for column in range(model.columnCount())]
    texts = [model.data(index) for index in cell]
    assert texts[:4] == ["Quillfeather, Zora", "Sparrow", "", "•••-••-1234"]
    assert texts[5] == "Only on this laptop"
    assert model.data(cell[0], Qt.ItemDataRole.UserRole) == ZORA.id
    assert model.data(cell[5], SYNC_STATE_ROLE) == SyncState.LOCAL
    tip = model.data(cell[3], Qt.ItemDataRole.ToolTipRole)
    assert tip.startswith("Quillfeather, Zora") and "SSN: ending 1234" in tip
    assert "912341234" not in tip
    assert model.data(cell[2], Qt.ItemDataRole.AccessibleTextRole) == "Date of birth: not recorded"
    assert model.headerData(3, Qt.Orientation.Horizontal) == "SSN"
    nameless = ClientRow("x" * 32, None, None, None, None, None, None, SyncState.LOCAL)
    model.show_rows([nameless])
    assert model.data(model.index(0, 0)) == "(no name)"


def test_a_late_page_is_dropped_after_a_reset(
    qtbot: QtBot, page: ClientsPage, store: Store
) -> None:
    gate = threading.Event()
    store.submit(gate.wait, 5)  # holds the store's queue so the next fetch waits
    page.model.reset(ClientFilter())
    late = store.submit(store.client_count)  # queued behind the page
    page.model.show_rows([])
    with qtbot.assertNotEmitted(page.model.page_loaded, wait=100):
        gate.set()
        late.result(timeout=5)
    assert page.model.rowCount() == 0


def test_lock_clears_the_table_and_drops_late_answers(
    qtbot: QtBot, page: ClientsPage, store: Store
) -> None:
    page.mine.setChecked(True)
    qtbot.keyClicks(page.search, "quill")
    gate = threading.Event()
    store.submit(gate.wait, 5)
    page.refresh()
    with (
        qtbot.assertNotEmitted(page.model.page_loaded, wait=100),
        qtbot.assertNotEmitted(page.model.failed),
    ):
        page.close_store()
        gate.set()
        store.lock()
    assert page.model.rowCount() == 0
    assert page.search.text() == page.count.text() == ""
    assert not page.mine.isChecked()
    assert not page.model.canFetchMore(QModelIndex())


# -- search and filters ------------------------------------------------------------------


def test_typing_shows_hits_and_clearing_brings_the_list_back(
    qtbot: QtBot, page: ClientsPage
) -> None:
    search(qtbot, page, "quillfeather")
    assert set(shown_ids(page.model)) == {ZORA.id, ZEKE.id}
    assert page.count.text() == "2 found"
    assert not page.model.canFetchMore(QModelIndex())
    with qtbot.waitSignal(page.model.page_loaded, timeout=5000):
        page.search.clear()
    assert page.model.rowCount() == 200
    qtbot.waitUntil(lambda: page.count.text() == f"{DEMO + 2:,} clients", timeout=5000)


def test_filters_narrow_the_list_and_the_search(
    qtbot: QtBot, page: ClientsPage, store: Store
) -> None:
    store._call(lambda conn: conn.execute("UPDATE journal SET state = 'synced'"))
    store.save(ZEKE.replace(Aliases="Zee"))
    with qtbot.waitSignal(page.model.page_loaded, timeout=5000):
        qtbot.keyClick(page, Qt.Key.Key_N, Qt.KeyboardModifier.AltModifier)  # &Not synced
    assert page.unsynced.isChecked()
    assert shown_ids(page.model) == [ZEKE.id]
    qtbot.waitUntil(lambda: page.count.text() == "1 client", timeout=5000)
    search(qtbot, page, "quillfeather")
    assert shown_ids(page.model) == [ZEKE.id]
    page.search.clear()
    with qtbot.waitSignal(page.model.page_loaded, timeout=5000):
        page.mine.click()
    assert page.current_filter() == ClientFilter(mine=True, unsynced=True)
    assert shown_ids(page.model) == [ZEKE.id]


def test_refresh_shows_a_new_client(qtbot: QtBot, page: ClientsPage, store: Store) -> None:
    aaron = Client.new(FirstName="Aaron", LastName="Aaberg")
    store.save(aaron)
    with qtbot.waitSignal(page.model.page_loaded, timeout=5000):
        page.refresh()
    row = shown_ids(page.model).index(aaron.id)  # early in the name order: on the first page
    assert page.model.data(page.model.index(row, 0)) == "Aaberg, Aaron"
    qtbot.waitUntil(lambda: page.count.text() == f"{DEMO + 3:,} clients", timeout=5000)


# -- signals and keys --------------------------------------------------------------------


def test_enter_in_the_search_box_opens_the_first_hit(qtbot: QtBot, page: ClientsPage) -> None:
    qtbot.keyClicks(page.search, "zora quillfeather")
    with qtbot.waitSignal(page.open_client, timeout=5000) as opened:
        qtbot.keyClick(page.search, Qt.Key.Key_Return)  # before the pause ends
    assert opened.args == [ZORA.id]
    with qtbot.waitSignal(page.open_client, timeout=1000) as again:
        qtbot.keyClick(page.search, Qt.Key.Key_Return)
    assert again.args == [ZORA.id]


def test_arrows_move_between_search_and_table_and_enter_opens(
    qtbot: QtBot, page: ClientsPage
) -> None:
    page.search.setFocus()
    qtbot.keyClick(page.search, Qt.Key.Key_Down)
    assert page.table.hasFocus()
    assert page.table.currentIndex().row() == 0
    qtbot.keyClick(page.table, Qt.Key.Key_Down)
    with qtbot.waitSignal(page.open_client, timeout=1000) as opened:
        qtbot.keyClick(page.table, Qt.Key.Key_Return)
    assert opened.args == [page.model.client_id(1)]
    qtbot.keyClick(page.table, Qt.Key.Key_Up)
    qtbot.keyClick(page.table, Qt.Key.Key_Up)
    assert page.search.hasFocus()
    qtbot.keyClicks(page.search, "zz")
    qtbot.keyClick(page.search, Qt.Key.Key_Escape)
    assert page.search.text() == ""


def test_double_click_opens_and_ctrl_n_starts_a_new_client(qtbot: QtBot, page: ClientsPage) -> None:
    rect = page.table.visualRect(page.model.index(2, 0))
    with qtbot.assertNotEmitted(page.open_client):
        qtbot.mouseClick(page.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    opened: list[str] = []
    page.open_client.connect(opened.append)
    qtbot.mouseDClick(page.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.waitUntil(lambda: bool(opened), timeout=1000)
    assert opened == [page.model.client_id(2)]  # once, not also as "activated"
    qtbot.keyClicks(page.search, "Marisol Okafor")
    with qtbot.waitSignal(page.new_client, timeout=1000) as started:
        qtbot.keyClick(page.search, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    assert started.args == ["Marisol Okafor"]


def test_every_control_has_an_accessible_name(page: ClientsPage) -> None:
    controls = [page.search, page.mine, page.recent, page.unsynced, page.count, page.table]
    assert all(c.accessibleName() for c in [*controls, page.new_button])
    assert page.findChildren(QWidget)  # the page is built
    assert "Alt+M" in page.mine.toolTip()
    assert page.new_button.shortcut().toString() == "Ctrl+N"


# -- a large store ------------------------------------------------------------------------


@pytest.mark.slow
def test_a_large_store_opens_with_one_page(qtbot: QtBot, tmp_path: Path) -> None:
    started = time.perf_counter()
    build(tmp_path / "big", demo(20_000))
    built = time.perf_counter() - started
    store = make_vault(tmp_path / "big").unlock("maya", PASS)
    widget = ClientsPage(Worker())
    qtbot.addWidget(widget)
    widget.resize(900, 600)
    widget.show()
    try:
        opened = time.perf_counter()
        with qtbot.waitSignal(widget.model.page_loaded, timeout=5000):
            widget.open_store(store)
        first_rows = time.perf_counter() - opened
        qtbot.waitUntil(lambda: widget.count.text() == "20,000 clients", timeout=5000)
        assert widget.model.rowCount() == 200
        assert first_rows < 2.0, (
            f"first rows after {first_rows:.2f} s (store built in {built:.0f} s)"
        )
    finally:
        widget.close_store()
        store.lock()

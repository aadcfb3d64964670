"""Services and referrals on a real store: dependent type lists, outcome, drafts."""

from __future__ import annotations

import datetime as dt

import pytest

from outreach_app.storage.store import Store
from outreach_app.ui.client_record import ClientView
from outreach_app.ui.service import PATH_REFERRAL, PATH_SERVICE, ServiceDialog
from outreach_app.ui.tasks import Worker


@pytest.fixture
def view(qtbot, store: Store) -> ClientView:  # type: ignore[no-untyped-def]
    view = ClientView(Worker())
    view.project_id = store.records("Project")[0].id
    qtbot.addWidget(view)
    view.show()
    view.open_client(store, store.search("quist")[0].client_id)
    qtbot.waitUntil(lambda: "Quist" in view.title.text(), timeout=5000)
    return view


def test_a_service_is_saved_and_listed_by_its_label(qtbot, view: ClientView, store: Store) -> None:  # type: ignore[no-untyped-def]
    view.service_button.click()
    [dialog] = view.dialogs.values()
    assert isinstance(dialog, ServiceDialog)
    assert dialog.is_empty()
    assert dialog.record_type.value() == PATH_SERVICE
    assert not dialog.outcome.isVisibleTo(dialog)  # outcomes are for referrals
    dialog.type_provided.set_value(6)  # case management
    with qtbot.waitSignal(dialog.finished, timeout=5000):
        dialog.try_submit()
    records = store.client_records(view.client.id)  # type: ignore[union-attr]
    [service] = [r for r in records if r.KIND == "Service"]
    [enrollment] = [r for r in records if r.KIND == "Enrollment"]  # the first one enrolls
    assert service.get("EnrollmentID") == enrollment.id
    assert service.get("DateProvided") == dt.date.today()
    assert (service.get("RecordType"), service.get("TypeProvided")) == (PATH_SERVICE, 6)
    qtbot.waitUntil(lambda: view.services.rowCount() == 1, timeout=5000)
    assert view.services.item(0, 2).text() == "Case management"


def test_a_referral_takes_its_own_list_and_an_outcome(
    qtbot, view: ClientView, store: Store
) -> None:  # type: ignore[no-untyped-def]
    dialog = view.record_service()
    dialog.type_provided.set_value(6)
    dialog.record_type.set_value(PATH_REFERRAL)
    assert dialog.outcome.isVisibleTo(dialog)
    assert dialog.type_provided.value() == 6  # 6 is "Housing services" in P2.2: kept
    assert dialog.type_provided.codes()[7] == "Permanent housing"
    dialog.type_provided.set_value(7)
    dialog.outcome.set_value(1)
    with qtbot.waitSignal(dialog.finished, timeout=5000):
        dialog.try_submit()
    [referral] = [r for r in store.client_records(view.client.id) if r.KIND == "Service"]  # type: ignore[union-attr]
    assert (referral.get("RecordType"), referral.get("TypeProvided")) == (PATH_REFERRAL, 7)
    assert referral.get("ReferralOutcome") == 1


def test_nothing_chosen_is_refused_with_a_message(qtbot, view: ClientView, store: Store) -> None:  # type: ignore[no-untyped-def]
    dialog = view.record_service()
    dialog.try_submit()
    assert dialog.isVisible()
    assert "what was provided" in dialog.problems.text()
    assert [r for r in store.client_records(view.client.id) if r.KIND == "Service"] == []  # type: ignore[union-attr]


def test_service_draft_round_trip(qtbot, view: ClientView) -> None:  # type: ignore[no-untyped-def]
    dialog = view.record_service()
    dialog.record_type.set_value(PATH_REFERRAL)
    dialog.type_provided.set_value(3)
    dialog.outcome.set_value(2)
    again = view.record_service(dialog.draft_id, dialog.draft())
    assert again.draft_id == dialog.draft_id
    assert again.record_type.value() == PATH_REFERRAL
    assert again.type_provided.value() == 3
    assert again.outcome.value() == 2
    assert not again.is_empty()

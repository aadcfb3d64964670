"""The client record on a real store: profile, consent, enrollment, exit, lists, history."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt

from outreach_app.domain.records import Assessment, CurrentLivingSituation, Event
from outreach_app.storage.store import Store
from outreach_app.ui.client_record import ClientView
from outreach_app.ui.record_lists import LOCAL_ONLY
from outreach_app.ui.tasks import Worker


@pytest.fixture
def view(qtbot, store: Store) -> ClientView:  # type: ignore[no-untyped-def]
    view = ClientView(Worker())
    view.project_id = store.records("Project")[0].id
    view.coc_code = "XX-500"
    qtbot.addWidget(view)
    view.show()
    client_id = store.search("quist")[0].client_id
    view.open_client(store, client_id)
    qtbot.waitUntil(lambda: "Quist" in view.title.text(), timeout=5000)
    return view


def _saved(qtbot, view: ClientView, tab) -> None:  # type: ignore[no-untyped-def]
    assert tab.form.errors() == []
    with qtbot.waitSignal(view.changed, timeout=5000):
        tab.save_button.click()
    qtbot.waitUntil(lambda: "Saved" in tab.status.text(), timeout=5000)


def test_header_and_every_record_show_their_sync_state(qtbot, view: ClientView) -> None:  # type: ignore[no-untyped-def]
    assert LOCAL_ONLY in view.title.text()
    assert LOCAL_ONLY in view.profile.status.text()
    names = [view.tabs.tabText(i).replace("&", "") for i in range(view.tabs.count())]
    assert names == [
        "Profile", "Consent", "Enrollment", "Contacts", "Assessments",
        "Events", "Services", "Exit", "History",
    ]  # fmt: skip


def test_profile_edit_is_saved_and_logged(qtbot, view: ClientView, store: Store) -> None:  # type: ignore[no-untyped-def]
    form = view.profile.form
    form.fields["DOB"].set_text("04/05/1971")
    form.fields["DOBDataQuality"].set_value(1)
    form.fields["Sex"].set_value(0)
    form.checks["White"].setChecked(True)
    form.fields["VeteranStatus"].quick_buttons[9].click()
    form.fields["SSNDataQuality"].quick_buttons[99].click()
    _saved(qtbot, view, view.profile)
    client = store.get("Client", view.client.id)  # type: ignore[union-attr]
    assert client.get("DOB") == dt.date(1971, 4, 5)
    assert client.get("White") == 1
    assert client.get("Asian") == 0  # the others answered "no" once one is checked
    assert client.get("VeteranStatus") == 9

    def actions() -> set[str]:
        return {view.history.item(r, 2).text() for r in range(view.history.rowCount())}

    qtbot.waitUntil(lambda: "Changed" in actions(), timeout=5000)
    assert {"Created", "Viewed"} <= actions()
    assert "maya" in {view.history.item(r, 1).text() for r in range(view.history.rowCount())}


def test_profile_with_errors_is_not_saved(qtbot, view: ClientView, store: Store) -> None:  # type: ignore[no-untyped-def]
    future = (dt.date.today() + dt.timedelta(days=3)).isoformat()
    view.profile.form.fields["DOB"].set_text(future)
    view.profile.try_save()
    assert "Fix the fields" in view.profile.status.text()
    assert view.profile.form.problems["DOB"].isVisible()
    assert store.get("Client", view.client.id).get("DOB") is None  # type: ignore[union-attr]
    assert view.profile.form.fields["DOB"].text() == future


def test_enrollment_skip_logic_and_save(qtbot, view: ClientView, store: Store) -> None:  # type: ignore[no-untyped-def]
    form = view.enrollment.form
    view.tabs.setCurrentWidget(view.enrollment)
    form.fields["EntryDate"].set_value(dt.date.today())
    form.fields["RelationshipToHoH"].set_value(1)
    form.fields["DisablingCondition"].set_value(0)
    assert not form.fields["LengthOfStay"].isVisibleTo(form)
    form.fields["LivingSituation"].set_value(116)  # a place not meant for habitation
    assert form.fields["TimesHomelessPastThreeYears"].isVisibleTo(form)
    assert not form.fields["LOSUnderThreshold"].isVisibleTo(form)
    form.fields["LengthOfStay"].set_value(5)
    form.fields["DateToStreetESSH"].set_value(dt.date(2024, 1, 1))
    form.fields["TimesHomelessPastThreeYears"].set_value(1)
    form.fields["MonthsHomelessPastThreeYears"].set_value(113)
    _saved(qtbot, view, view.enrollment)
    [enrollment] = [
        r
        for r in store.client_records(view.client.id)  # type: ignore[union-attr]
        if r.KIND == "Enrollment"
    ]
    assert enrollment.get("ProjectID") == view.project_id
    assert enrollment.get("EnrollmentCoC") == "XX-500"
    assert enrollment.get("LivingSituation") == 116
    assert enrollment.get("LOSUnderThreshold") is None
    assert enrollment.get("HouseholdID")


def test_consent_and_exit(qtbot, view: ClientView, store: Store) -> None:  # type: ignore[no-untyped-def]
    assert not view.exit.save_button.isEnabled()  # no enrollment to exit from yet
    assert "Enroll" in view.exit.status.text()
    contact = view.record_contact()
    contact.form.fields["CurrentLivingSituation"].set_value(116)
    with qtbot.waitSignal(view.changed, timeout=5000):
        contact.try_submit()
    qtbot.waitUntil(view.exit.save_button.isEnabled, timeout=5000)
    consent = view.consent.form
    consent.fields["ConsentStatus"].set_value(1)
    consent.fields["ConsentDate"].set_value(dt.date.today())
    consent.fields["ConsentScope"].set_value(1)
    _saved(qtbot, view, view.consent)
    exit_form = view.exit.form
    exit_form.fields["ExitDate"].set_value(dt.date.today())
    assert not exit_form.fields["OtherDestination"].isVisibleTo(exit_form)
    exit_form.fields["Destination"].set_value(17)
    assert exit_form.fields["OtherDestination"].isVisibleTo(exit_form)
    exit_form.fields["OtherDestination"].setText("Moved in with a cousin")
    _saved(qtbot, view, view.exit)
    kinds = {r.KIND: r for r in store.client_records(view.client.id)}  # type: ignore[union-attr]
    assert kinds["Consent"].get("ConsentScope") == 1
    assert kinds["Exit"].get("Destination") == 17
    assert kinds["Exit"].get("OtherDestination") == "Moved in with a cousin"
    assert kinds["Exit"].get("EnrollmentID") == kinds["Enrollment"].id


def test_lists_show_the_clients_records_newest_first(qtbot, view: ClientView, store: Store) -> None:  # type: ignore[no-untyped-def]
    client_id = view.client.id  # type: ignore[union-attr]
    store.save_many(
        [
            CurrentLivingSituation.new(
                PersonalID=client_id, InformationDate=dt.date(2026, 1, d),
                CurrentLivingSituation=116,
            )
            for d in (3, 9, 5)
        ]
        + [
            Assessment.new(
                PersonalID=client_id, AssessmentDate=dt.date(2026, 2, 1), AssessmentType=3,
                AssessmentLevel=2, PrioritizationStatus=1, AssessmentLocation="Van",
            ),
            Event.new(PersonalID=client_id, EventDate=dt.date(2026, 2, 2), Event=1),
        ]
    )  # fmt: skip
    view.reload()
    qtbot.waitUntil(lambda: view.contacts.rowCount() == 3, timeout=5000)
    dates = [view.contacts.item(r, 0).text() for r in range(3)]
    assert dates == ["2026-01-09", "2026-01-05", "2026-01-03"]
    assert view.contacts.item(0, 3).text() == LOCAL_ONLY
    assert view.assessments.rowCount() == 1
    assert view.assessments.item(0, 2).text() == "In Person"
    assert view.events.rowCount() == 1


def test_escape_goes_back(qtbot, view: ClientView) -> None:  # type: ignore[no-untyped-def]
    view.activateWindow()
    with qtbot.waitSignal(view.back, timeout=2000):
        qtbot.keyClick(view.tabs, Qt.Key.Key_Escape)


def test_close_store_clears_the_screen(qtbot, view: ClientView) -> None:  # type: ignore[no-untyped-def]
    view.profile.form.fields["FirstName"].setText("Changed")
    view.close_store()
    assert view.client is None
    assert view.title.text() == ""
    assert view.profile.form.fields["FirstName"].text() == ""
    assert view.history.rowCount() == 0


def test_assessment_from_the_menu_is_saved_under_a_new_enrollment(
    qtbot, view: ClientView, store: Store
) -> None:  # type: ignore[no-untyped-def]
    from outreach_app.domain.instrument import discover_instruments
    from outreach_app.ui.assessment import AssessmentDialog

    view.instruments, problems = discover_instruments()
    assert problems == []
    view._fill_assessment_menu()
    titles = [a.text() for a in view.assessment_menu.actions()]
    assert len(titles) == len(view.instruments) >= 2
    crisis = next(a for a in view.assessment_menu.actions() if "risis" in a.text())
    crisis.trigger()
    [dialog] = view.dialogs.values()
    assert isinstance(dialog, AssessmentDialog)
    dialog.location.setText("Riverside camp")
    for question, value in (
        ("safe_tonight", "no"),
        ("sleep_where", "outside"),
        ("urgent_medical", "no"),
    ):
        combo = dialog.questions[question].input
        combo.setCurrentIndex(combo.findData(value))
    with qtbot.waitSignal(dialog.finished, timeout=5000):
        dialog.submit()
    records = store.client_records(view.client.id)  # type: ignore[union-attr]
    kinds = [r.KIND for r in records]
    assert kinds.count("Enrollment") == 1
    assert kinds.count("Assessment") == 1
    assert kinds.count("AssessmentQuestion") >= 3
    [enrollment] = [r for r in records if r.KIND == "Enrollment"]
    [assessment] = [r for r in records if r.KIND == "Assessment"]
    assert assessment.get("EnrollmentID") == enrollment.id
    qtbot.waitUntil(lambda: view.assessments.rowCount() == 1, timeout=5000)


def test_ce_event_is_saved(qtbot, view: ClientView, store: Store) -> None:  # type: ignore[no-untyped-def]
    view.event_button.click()
    [dialog] = view.dialogs.values()
    dialog.form.fields["Event"].set_value(17)
    dialog.form.fields["ReferralResult"].set_value(1)
    dialog.form.fields["ResultDate"].set_value(dt.date.today())
    with qtbot.waitSignal(dialog.finished, timeout=5000):
        dialog.submit()
    [event] = [r for r in store.client_records(view.client.id) if r.KIND == "Event"]  # type: ignore[union-attr]
    assert event.get("Event") == 17
    assert event.get("ReferralResult") == 1
    qtbot.waitUntil(lambda: view.events.rowCount() == 1, timeout=5000)


def _enroll_by_contact(qtbot, view: ClientView) -> None:  # type: ignore[no-untyped-def]
    contact = view.record_contact()
    contact.form.fields["CurrentLivingSituation"].set_value(116)
    with qtbot.waitSignal(view.changed, timeout=5000):
        contact.try_submit()
    qtbot.waitUntil(view.household_button.isEnabled, timeout=5000)


def _add_member(qtbot, view: ClientView, text: str, relationship: int) -> None:  # type: ignore[no-untyped-def]
    dialog = view.add_household_member()
    assert dialog is not None
    dialog.search.setText(text)
    qtbot.waitUntil(lambda: dialog.hits.count() == 1, timeout=5000)
    dialog.relationship.set_value(relationship)
    with qtbot.waitSignal(view.changed, timeout=5000):
        dialog.try_submit()


def test_household_member_is_enrolled_in_the_same_household(
    qtbot, view: ClientView, store: Store
) -> None:  # type: ignore[no-untyped-def]
    assert not view.household_button.isEnabled()  # nothing to join before an enrollment
    _enroll_by_contact(qtbot, view)
    assert "alone" in view.household.text()
    _add_member(qtbot, view, "mendel", 3)
    head = view.current_enrollment()
    assert head is not None
    mendel = store.search("mendel")[0].client_id
    [member] = [r for r in store.client_records(mendel) if r.KIND == "Enrollment"]
    assert member.get("HouseholdID") == head.get("HouseholdID")
    assert member.get("RelationshipToHoH") == 3
    assert member.get("ProjectID") == view.project_id
    assert member.get("EntryDate") == head.get("EntryDate")
    qtbot.waitUntil(lambda: "Ezra Mendel" in view.household.text(), timeout=5000)
    assert "spouse or partner" in view.household.text()


def test_an_open_enrollment_moves_into_the_household(qtbot, view: ClientView, store: Store) -> None:  # type: ignore[no-untyped-def]
    from outreach_app.domain.records import Enrollment

    mendel = store.search("mendel")[0].client_id
    own = Enrollment.new(
        PersonalID=mendel, ProjectID=view.project_id, EntryDate=dt.date(2026, 1, 5),
        HouseholdID="h" * 32, RelationshipToHoH=1,
    )  # fmt: skip
    store.save(own)
    _enroll_by_contact(qtbot, view)
    _add_member(qtbot, view, "mendel", 5)
    [moved] = [r for r in store.client_records(mendel) if r.KIND == "Enrollment"]
    assert moved.id == own.id  # the same enrollment, not a second one
    assert moved.get("HouseholdID") == view.current_enrollment().get("HouseholdID")  # type: ignore[union-attr]
    assert moved.get("RelationshipToHoH") == 5

"""The client record's forms: which HMIS columns each asks, in which words and order.

Kept apart from the widgets so the forms read like the paper intake sheet
they replace: the universal data elements, consent, the street outreach
enrollment with its 3.917 skip logic, and the exit. :class:`FormTab` puts one
:class:`~outreach_app.ui.forms.RecordForm` on a tab with a Save button.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QScrollArea, QVBoxLayout, QWidget

from outreach_app.domain.hmis_spec import load_spec
from outreach_app.domain.records import Client, Consent, Enrollment, Exit, Record
from outreach_app.domain.udes import (
    DESTINATION_CODES,
    PRIOR_LIVING_CODES,
    PRIOR_LIVING_QUESTIONS,
    STREET_OUTREACH,
    prior_living_asked,
)
from outreach_app.ui.forms import Checks, FormRow, RecordForm, Row, Section

PROFILE_ROWS: tuple[FormRow, ...] = (
    Section("Name"),
    Row("FirstName", "First name"),
    Row("MiddleName", "Middle name"),
    Row("LastName", "Last name"),
    Row("NameSuffix", "Suffix"),
    Row("NameDataQuality", "Name quality"),
    Row("Aliases", "Also known as (separate with ;)"),
    Section("Social Security number"),
    Row("SSN", "SSN (9 digits, x for unknown)"),
    Row("SSNDataQuality", "SSN quality"),
    Section("Birth"),
    Row("DOB", "Date of birth"),
    Row("DOBDataQuality", "Date of birth quality"),
    Section("About"),
    Row("Sex", "Sex"),
    Checks(
        "Race and ethnicity",
        (
            ("AmIndAKNative", "American Indian, Alaska Native, or Indigenous"),
            ("Asian", "Asian or Asian American"),
            ("BlackAfAmerican", "Black, African American, or African"),
            ("HispanicLatinao", "Hispanic/Latina/e/o"),
            ("MidEastNAfrican", "Middle Eastern or North African"),
            ("NativeHIPacific", "Native Hawaiian or Pacific Islander"),
            ("White", "White"),
        ),
        none_column="RaceNone",
    ),
    Row("AdditionalRaceEthnicity", "Additional race and ethnicity detail"),
    Row("VeteranStatus", "Veteran status"),
)

CONSENT_ROWS: tuple[FormRow, ...] = (
    Row("ConsentStatus", "Release of information"),
    Row("ConsentDate", "Signed or refused on"),
    Row("ExpiryDate", "Expires on", allow_future=True),
    Row("ConsentScope", "Who may see identifying data"),
    Row("ConsentNotes", "Notes (e.g. where the paper form is kept)"),
)

ENROLLMENT_ROWS: tuple[FormRow, ...] = (
    Section("Street outreach enrollment"),
    Row("EntryDate", "Project start date"),
    Row("EnrollmentCoC", "CoC code (e.g. XX-500)"),
    Row("RelationshipToHoH", "Relationship to head of household"),
    Row("DateOfEngagement", "Date of engagement"),
    Row("DisablingCondition", "Disabling condition"),
    Section("Prior living situation (3.917)"),
    Row("LivingSituation", "Where the person stayed last night", allowed=PRIOR_LIVING_CODES),
    Row("LengthOfStay", "Length of stay there"),
    Row("LOSUnderThreshold", "Was the stay under the threshold?"),
    Row("PreviousStreetESSH", "On the street, in shelter or a Safe Haven the night before?"),
    Row("DateToStreetESSH", "Approximate date this time on the street or in shelter began"),
    Row("TimesHomelessPastThreeYears", "Times homeless in the past three years"),
    Row("MonthsHomelessPastThreeYears", "Months homeless in the past three years"),
)

EXIT_ROWS: tuple[FormRow, ...] = (
    Row("ExitDate", "Project exit date"),
    Row("Destination", "Destination", allowed=DESTINATION_CODES),
    Row("DestinationSubsidyType", "Subsidy type (rental with subsidy)"),
    Row("OtherDestination", "Other destination (describe)"),
)


def hidden_prior_living(record: Record) -> frozenset[str]:
    """Return the 3.917 questions skip logic hides for the enrollment as typed."""
    asked = prior_living_asked(record, load_spec())
    return frozenset(q for q in PRIOR_LIVING_QUESTIONS if q not in asked)


def hidden_exit_details(record: Record) -> frozenset[str]:
    """Hide the subsidy type unless "with ongoing subsidy", the text unless "Other"."""
    hidden = set()
    if record.get("Destination") != 435:
        hidden.add("DestinationSubsidyType")
    if record.get("Destination") != 17:
        hidden.add("OtherDestination")
    return frozenset(hidden)


def profile_form() -> RecordForm:
    """Return the universal data elements form."""
    return RecordForm(Client, PROFILE_ROWS)


def consent_form() -> RecordForm:
    """Return the release of information form."""
    return RecordForm(Consent, CONSENT_ROWS)


def enrollment_form() -> RecordForm:
    """Return the street outreach enrollment form, with 3.917's skip logic."""
    return RecordForm(
        Enrollment, ENROLLMENT_ROWS, project_type=STREET_OUTREACH, hidden=hidden_prior_living
    )


def exit_form() -> RecordForm:
    """Return the exit form."""
    return RecordForm(Exit, EXIT_ROWS, hidden=hidden_exit_details)


class FormTab(QWidget):
    """One record form on a tab, with a Save button and Ctrl+S.

    Attributes:
        form: the form.
        save_button: saves when the form has no errors.
        status: the record's sync state and what happened to the last save.

    Signals:
        save_requested(object): the record to save, free of errors.
    """

    save_requested = Signal(object)

    def __init__(self, form: RecordForm, save_text: str) -> None:
        super().__init__()
        self.form = form
        self.save_button = QPushButton(save_text)
        self.save_button.setAccessibleName(save_text)
        self.status = QLabel()
        self.status.setAccessibleName(self.tr("Sync state"))
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(form)
        bar = QHBoxLayout()
        bar.addWidget(self.status, 1)
        bar.addWidget(self.save_button)
        layout = QVBoxLayout(self)
        layout.addWidget(scroll, 1)
        layout.addLayout(bar)
        self.save_button.clicked.connect(self.try_save)
        save = QShortcut(QKeySequence.StandardKey.Save, self)
        save.activated.connect(self.try_save)
        self.setFocusProxy(form)

    def try_save(self) -> None:
        """Save if the form has no errors; otherwise show them and go to the first."""
        if not self.save_button.isEnabled():
            return  # a save is on its way; Ctrl+S again must not send a second one
        if self.form.errors():
            target = self.form.first_problem_field()
            if target is not None:
                target.setFocus()
            self.status.setText(self.tr("Fix the fields marked in red, then save."))
            return
        self.save_button.setEnabled(False)
        self.status.setText(self.tr("Saving…"))
        self.save_requested.emit(self.form.record())

    def saved(self, state: str) -> None:
        """Show that the save worked, and the record's sync state."""
        self.save_button.setEnabled(True)
        self.status.setText(self.tr("Saved. {state}").format(state=state))

    def failed(self, message: str) -> None:
        """Show why the save failed; the form keeps everything typed."""
        self.save_button.setEnabled(True)
        self.status.setText(message)

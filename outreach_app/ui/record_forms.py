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
from outreach_app.ui.i18n import QT_TRANSLATE_NOOP

# Labels are data, translated by RecordForm with the "forms" context; the
# QT_TRANSLATE_NOOP marks let lupdate find them.

PROFILE_ROWS: tuple[FormRow, ...] = (
    Section(QT_TRANSLATE_NOOP("forms", "Name")),
    Row("FirstName", QT_TRANSLATE_NOOP("forms", "First name")),
    Row("MiddleName", QT_TRANSLATE_NOOP("forms", "Middle name")),
    Row("LastName", QT_TRANSLATE_NOOP("forms", "Last name")),
    Row("NameSuffix", QT_TRANSLATE_NOOP("forms", "Suffix")),
    Row("NameDataQuality", QT_TRANSLATE_NOOP("forms", "Name quality")),
    Row("Aliases", QT_TRANSLATE_NOOP("forms", "Also known as (separate with ;)")),
    Section(QT_TRANSLATE_NOOP("forms", "Social Security number")),
    Row("SSN", QT_TRANSLATE_NOOP("forms", "SSN (9 digits, x for unknown)")),
    Row("SSNDataQuality", QT_TRANSLATE_NOOP("forms", "SSN quality")),
    Section(QT_TRANSLATE_NOOP("forms", "Birth")),
    Row("DOB", QT_TRANSLATE_NOOP("forms", "Date of birth")),
    Row("DOBDataQuality", QT_TRANSLATE_NOOP("forms", "Date of birth quality")),
    Section(QT_TRANSLATE_NOOP("forms", "About")),
    Row("Sex", QT_TRANSLATE_NOOP("forms", "Sex")),
    Checks(
        QT_TRANSLATE_NOOP("forms", "Race and ethnicity"),
        (
            (
                "AmIndAKNative",
                QT_TRANSLATE_NOOP("forms", "American Indian, Alaska Native, or Indigenous"),
            ),
            ("Asian", QT_TRANSLATE_NOOP("forms", "Asian or Asian American")),
            ("BlackAfAmerican", QT_TRANSLATE_NOOP("forms", "Black, African American, or African")),
            ("HispanicLatinao", QT_TRANSLATE_NOOP("forms", "Hispanic/Latina/e/o")),
            ("MidEastNAfrican", QT_TRANSLATE_NOOP("forms", "Middle Eastern or North African")),
            ("NativeHIPacific", QT_TRANSLATE_NOOP("forms", "Native Hawaiian or Pacific Islander")),
            ("White", QT_TRANSLATE_NOOP("forms", "White")),
        ),
        none_column="RaceNone",
    ),
    Row(
        "AdditionalRaceEthnicity",
        QT_TRANSLATE_NOOP("forms", "Additional race and ethnicity detail"),
    ),
    Row("VeteranStatus", QT_TRANSLATE_NOOP("forms", "Veteran status")),
)

CONSENT_ROWS: tuple[FormRow, ...] = (
    Row("ConsentStatus", QT_TRANSLATE_NOOP("forms", "Release of information")),
    Row("ConsentDate", QT_TRANSLATE_NOOP("forms", "Signed or refused on")),
    Row("ExpiryDate", QT_TRANSLATE_NOOP("forms", "Expires on"), allow_future=True),
    Row("ConsentScope", QT_TRANSLATE_NOOP("forms", "Who may see identifying data")),
    Row("ConsentNotes", QT_TRANSLATE_NOOP("forms", "Notes (e.g. where the paper form is kept)")),
)

ENROLLMENT_ROWS: tuple[FormRow, ...] = (
    Section(QT_TRANSLATE_NOOP("forms", "Street outreach enrollment")),
    Row("EntryDate", QT_TRANSLATE_NOOP("forms", "Project start date")),
    Row("EnrollmentCoC", QT_TRANSLATE_NOOP("forms", "CoC code (e.g. XX-500)")),
    Row("RelationshipToHoH", QT_TRANSLATE_NOOP("forms", "Relationship to head of household")),
    Row("DateOfEngagement", QT_TRANSLATE_NOOP("forms", "Date of engagement")),
    Row("DisablingCondition", QT_TRANSLATE_NOOP("forms", "Disabling condition")),
    Section(QT_TRANSLATE_NOOP("forms", "Prior living situation (3.917)")),
    Row(
        "LivingSituation",
        QT_TRANSLATE_NOOP("forms", "Where the person stayed last night"),
        allowed=PRIOR_LIVING_CODES,
    ),
    Row("LengthOfStay", QT_TRANSLATE_NOOP("forms", "Length of stay there")),
    Row("LOSUnderThreshold", QT_TRANSLATE_NOOP("forms", "Was the stay under the threshold?")),
    Row(
        "PreviousStreetESSH",
        QT_TRANSLATE_NOOP("forms", "On the street, in shelter or a Safe Haven the night before?"),
    ),
    Row(
        "DateToStreetESSH",
        QT_TRANSLATE_NOOP("forms", "Approximate date this time on the street or in shelter began"),
    ),
    Row(
        "TimesHomelessPastThreeYears",
        QT_TRANSLATE_NOOP("forms", "Times homeless in the past three years"),
    ),
    Row(
        "MonthsHomelessPastThreeYears",
        QT_TRANSLATE_NOOP("forms", "Months homeless in the past three years"),
    ),
)

EXIT_ROWS: tuple[FormRow, ...] = (
    Row("ExitDate", QT_TRANSLATE_NOOP("forms", "Project exit date")),
    Row("Destination", QT_TRANSLATE_NOOP("forms", "Destination"), allowed=DESTINATION_CODES),
    Row("DestinationSubsidyType", QT_TRANSLATE_NOOP("forms", "Subsidy type (rental with subsidy)")),
    Row("OtherDestination", QT_TRANSLATE_NOOP("forms", "Other destination (describe)")),
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

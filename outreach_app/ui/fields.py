"""Input widgets for HMIS columns: codes, dates, text and whole numbers.

Every form in the app is built from these, so that a coded answer always
offers HUD's "Client doesn't know", "Client prefers not to answer" and "Data
not collected" in one click, a date can be typed the way a worker writes it on
paper, and nothing typed is ever thrown away: a field that cannot be read yet
keeps its text and says so, instead of clearing itself.

Each field has the same small interface: ``value()``, ``set_value()``, a
``changed`` signal, and ``is_valid()`` (whether what is typed can be read).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping, Sequence

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtGui import QIntValidator
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QWidget,
)

from outreach_app.domain.hmis_spec import Code, HmisSpec
from outreach_app.domain.records import list_codes
from outreach_app.domain.validation import FieldMessage
from outreach_app.ui.i18n import QT_TRANSLATE_NOOP

#: HUD's "not a real answer" codes, offered as one-click buttons where a list has them.
#: The texts are marked for lupdate and translated where the buttons are made.
QUICK_CODES: tuple[tuple[int, str], ...] = (
    (8, QT_TRANSLATE_NOOP("fields", "Doesn't know")),
    (9, QT_TRANSLATE_NOOP("fields", "Prefers not to answer")),
    (99, QT_TRANSLATE_NOOP("fields", "Not collected")),
)

_ERROR_COLOUR = "#c62828"
_WARNING_COLOUR = "#a15c00"


def tr(text: str) -> str:
    """Translate a string of this module."""
    return QCoreApplication.translate("fields", text)


class CodeField(QWidget):
    """A coded HMIS column: a drop-down of its list, plus one-click missing-data codes.

    Attributes:
        combo: the drop-down; its first entry is "not answered".
        quick_buttons: code to button, for 8, 9 and 99 when the list has them.

    Signals:
        changed(): the chosen code changed.
    """

    changed = Signal()

    def __init__(
        self,
        spec: HmisSpec,
        list_id: str,
        *,
        allowed: Iterable[Code] | None = None,
        accessible_name: str,
        quick: bool = True,
    ) -> None:
        super().__init__()
        codes = list_codes(spec, list_id)
        if allowed is not None:  # in the order given
            codes = {code: codes[code] for code in allowed if code in codes}
        self._codes: Mapping[Code, str] = codes
        self.combo = QComboBox()
        self.combo.setAccessibleName(accessible_name)
        self.combo.addItem("—", None)
        for code, label in codes.items():
            self.combo.addItem(label, code)
        self.combo.setMaxVisibleItems(20)
        # HUD's labels run to a hundred characters: the closed box shows what fits
        # (the open list shows them whole) instead of widening the whole form.
        self.combo.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.combo.setMinimumContentsLength(24)
        self.combo.view().setTextElideMode(Qt.TextElideMode.ElideNone)
        self.combo.currentIndexChanged.connect(lambda _i: self.changed.emit())
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.combo, 1)
        self.quick_buttons: dict[int, QPushButton] = {}
        for code, text in QUICK_CODES if quick else ():
            if code not in codes:
                continue
            button = QPushButton(tr(text))
            button.setAccessibleName(f"{accessible_name}: {tr(text)}")
            button.setFocusPolicy(Qt.FocusPolicy.ClickFocus)  # Tab goes field to field
            button.setFlat(True)
            button.clicked.connect(lambda _checked=False, c=code: self.set_value(c))
            layout.addWidget(button)
            self.quick_buttons[code] = button
        self.setFocusProxy(self.combo)

    def value(self) -> Code | None:
        """Return the chosen code, or ``None`` when not answered."""
        data = self.combo.currentData()
        return data if isinstance(data, int | str) else None

    def set_value(self, code: Code | None) -> None:
        """Choose ``code``; an unknown code is kept and shown as such, not dropped."""
        if code is None:
            self.combo.setCurrentIndex(0)
            return
        index = self.combo.findData(code)
        if index < 0:
            self.combo.addItem(
                QCoreApplication.translate("fields", "Code {code} (not in the list)").format(
                    code=code
                ),
                code,
            )
            index = self.combo.count() - 1
        self.combo.setCurrentIndex(index)

    def is_valid(self) -> bool:
        """Return True: a choice from a list is always readable."""
        return True

    def codes(self) -> Mapping[Code, str]:
        """Return the codes offered, with their labels."""
        return self._codes


_DATE_FORMATS = ("%Y-%m-%d", "%m/%d/%Y", "%m-%d-%Y", "%m%d%Y", "%m/%d/%y")


def parse_date(text: str) -> dt.date | None:
    """Read a date as workers type it: ``2026-11-25``, ``11/25/2026``, ``11252026``.

    Returns ``None`` for empty text. Raises ValueError for text that is not a date,
    including digits without separators that are not exactly ``MMDDYYYY``.
    """
    text = text.strip()
    if not text:
        return None
    if text.isdigit() and len(text) != 8:
        # strptime would read "112026" as 1/1/2026 and "1125202" as 11/2/5202.
        raise ValueError(text)
    for fmt in _DATE_FORMATS:
        try:
            return dt.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    raise ValueError(text)


class DateField(QWidget):
    """A date typed as on paper, with a "Today" button; keeps unreadable text.

    Attributes:
        edit: the line edit holding what was typed.
        today_button: sets today's date.

    Signals:
        changed(): the text changed.
    """

    changed = Signal()

    def __init__(
        self,
        *,
        accessible_name: str,
        allow_future: bool = False,
        today: bool = True,
        clock: type[dt.date] = dt.date,
    ) -> None:
        super().__init__()
        self._allow_future = allow_future
        self._clock = clock
        self.edit = QLineEdit()
        self.edit.setAccessibleName(accessible_name)
        self.edit.setPlaceholderText(
            QCoreApplication.translate("fields", "YYYY-MM-DD or MM/DD/YYYY")
        )
        self.edit.textChanged.connect(lambda _t: self.changed.emit())
        today_text = QCoreApplication.translate("fields", "Today")
        self.today_button = QPushButton(today_text)
        self.today_button.setAccessibleName(f"{accessible_name}: {today_text}")
        self.today_button.setFocusPolicy(Qt.FocusPolicy.ClickFocus)
        self.today_button.clicked.connect(lambda: self.set_value(self._clock.today()))
        self.today_button.setVisible(today)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.edit, 1)
        layout.addWidget(self.today_button)
        self.setFocusProxy(self.edit)

    def text(self) -> str:
        """Return what is typed."""
        return self.edit.text()

    def set_text(self, text: str) -> None:
        """Put back text as it was typed (a draft), readable or not."""
        self.edit.setText(text)

    def value(self) -> dt.date | None:
        """Return the date, or ``None`` when empty or not readable (see :meth:`is_valid`)."""
        try:
            return parse_date(self.edit.text())
        except ValueError:
            return None

    def set_value(self, value: dt.date | None) -> None:
        """Show ``value`` as ``YYYY-MM-DD`` (empty for ``None``)."""
        self.edit.setText(value.isoformat() if value else "")

    def problem(self) -> str | None:
        """Say what is wrong with the typed text, or ``None`` when it is fine."""
        try:
            value = parse_date(self.edit.text())
        except ValueError:
            return QCoreApplication.translate(
                "fields", "Type a date like 2026-03-31 or 03/31/2026."
            )
        if value is not None and not self._allow_future and value > self._clock.today():
            return QCoreApplication.translate("fields", "This date is in the future.")
        return None

    def is_valid(self) -> bool:
        """Whether the typed text is empty or a readable date."""
        try:
            parse_date(self.edit.text())
        except ValueError:
            return False
        return True


class TextField(QLineEdit):
    """Free text with the column's maximum length.

    Signals:
        changed(): the text changed.
    """

    changed = Signal()

    def __init__(self, *, accessible_name: str, max_length: int | None = None) -> None:
        super().__init__()
        self.setAccessibleName(accessible_name)
        if max_length:
            self.setMaxLength(max_length)
        self.textChanged.connect(lambda _t: self.changed.emit())

    def value(self) -> str | None:
        """Return the trimmed text, ``None`` when blank."""
        return self.text().strip() or None

    def set_value(self, value: object) -> None:
        """Show ``value`` as text."""
        self.setText("" if value is None else str(value))

    def set_text(self, text: str) -> None:
        """Put back text as it was typed (a draft)."""
        self.setText(text)

    def is_valid(self) -> bool:
        """Return True: text is always readable."""
        return True


class NumberField(QLineEdit):
    """A whole number within bounds; keeps unreadable text and says so.

    Signals:
        changed(): the text changed.
    """

    changed = Signal()

    def __init__(self, *, accessible_name: str, minimum: int = 0, maximum: int = 9999) -> None:
        super().__init__()
        self.setAccessibleName(accessible_name)
        self.setValidator(QIntValidator(minimum, maximum, self))
        self.textChanged.connect(lambda _t: self.changed.emit())

    def value(self) -> int | None:
        """Return the number, ``None`` when empty or unreadable."""
        text = self.text().strip()
        return int(text) if re.fullmatch(r"-?\d+", text) else None

    def set_value(self, value: object) -> None:
        """Show ``value``."""
        self.setText("" if value is None else str(value))

    def set_text(self, text: str) -> None:
        """Put back text as it was typed (a draft), readable or not."""
        self.setText(text)

    def is_valid(self) -> bool:
        """Whether the text is empty or a number."""
        text = self.text().strip()
        return not text or re.fullmatch(r"-?\d+", text) is not None


class MessageLabel(QLabel):
    """Shows a field's problems under it: errors in red, warnings in amber."""

    def __init__(self) -> None:
        super().__init__()
        self.setWordWrap(True)
        self.setTextFormat(Qt.TextFormat.RichText)
        self.setAccessibleName(QCoreApplication.translate("fields", "Problems"))
        self.hide()

    def show_messages(self, messages: Sequence[FieldMessage]) -> None:
        """Show ``messages``; hide when there are none."""
        lines = []
        for m in messages:
            colour = _ERROR_COLOUR if m.severity == "error" else _WARNING_COLOUR
            lines.append(f'<span style="color:{colour}">{_escape(m.message)}</span>')
        self.setText("<br>".join(lines))
        self.setVisible(bool(lines))

    def show_text(self, text: str, *, error: bool = True) -> None:
        """Show one plain message (an error unless ``error`` is false)."""
        colour = _ERROR_COLOUR if error else _WARNING_COLOUR
        self.setText(f'<span style="color:{colour}">{_escape(text)}</span>')
        self.setVisible(bool(text))


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")

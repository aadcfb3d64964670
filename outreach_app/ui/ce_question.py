"""One question of a CE assessment instrument, as a widget.

The instrument says what kind of answer a question takes (yes/no, a choice,
a number, a date, text) and whether HUD's "doesn't know" and "prefers not to
answer" are allowed; :class:`QuestionWidget` draws the right input for it,
keeps whatever was typed (readable or not), and shows the question's problems
under it. The assessment dialog lays these out and runs the engine.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from outreach_app.domain.ce_conditions import Answer
from outreach_app.domain.instrument import DOESNT_KNOW, PREFERS_NOT, Question
from outreach_app.ui.fields import DateField, MessageLabel, TextField


class QuestionWidget(QWidget):
    """One instrument question: its text, help, input, special answers and problems.

    Attributes:
        question: the instrument's question.
        input: the widget the answer is typed or chosen in.
        special_buttons: "doesn't know" / "prefers not to answer", when allowed.
        problems: the question's messages.

    Signals:
        changed(): the answer changed.
    """

    changed = Signal()

    def __init__(self, question: Question, language: str) -> None:
        super().__init__()
        self.question = question
        text = question.text_in(language)
        label = QLabel(text)
        label.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 4, 0, 4)
        layout.addWidget(label)
        if question.help_in(language):
            help_label = QLabel(question.help_in(language))
            help_label.setWordWrap(True)
            help_label.setStyleSheet("color: palette(mid);")
            layout.addWidget(help_label)
        self.input = self._make_input(question, language, text)
        label.setBuddy(self.input)
        row = QHBoxLayout()
        row.addWidget(self.input, 1)
        self.special_buttons: dict[str, QPushButton] = {}
        if question.allow_not_known:
            for answer, caption, keys in (
                (DOESNT_KNOW, self.tr("Doesn't know"), "Ctrl+D"),
                (PREFERS_NOT, self.tr("Prefers not to answer"), "Ctrl+P"),
            ):
                button = QPushButton(caption)
                button.setCheckable(True)
                button.setFocusPolicy(Qt.FocusPolicy.ClickFocus)  # Tab goes question to question
                button.setAccessibleName(f"{text}: {caption}")
                button.setToolTip(keys)
                button.toggled.connect(lambda on, a=answer: self._special_toggled(a, on))
                row.addWidget(button)
                self.special_buttons[answer] = button
                shortcut = QShortcut(QKeySequence(keys), self)
                shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
                shortcut.activated.connect(button.toggle)
        layout.addLayout(row)
        self.problems = MessageLabel()
        layout.addWidget(self.problems)
        self.setFocusProxy(self.input)

    def _make_input(self, question: Question, language: str, name: str) -> QWidget:
        widget: QWidget
        if question.answer_type in ("yes_no", "choice"):
            combo = QComboBox()
            combo.addItem("—", None)
            if question.answer_type == "yes_no":
                combo.addItem(self.tr("Yes"), "yes")
                combo.addItem(self.tr("No"), "no")
            for option in question.options:
                combo.addItem(option.label_in(language), option.value)
            combo.currentIndexChanged.connect(lambda _i: self.changed.emit())
            widget = combo
        elif question.answer_type == "date":
            widget = DateField(accessible_name=name)
            widget.changed.connect(self.changed.emit)
        elif question.answer_type == "text":
            widget = TextField(accessible_name=name, max_length=question.max_length)
            widget.changed.connect(self.changed.emit)
        else:
            widget = QLineEdit()
            widget.textChanged.connect(lambda _t: self.changed.emit())
        widget.setAccessibleName(name)
        return widget

    def _special_toggled(self, answer: str, on: bool) -> None:
        if on:  # the two special answers exclude each other
            for other, button in self.special_buttons.items():
                if other != answer and button.isChecked():
                    button.blockSignals(True)
                    button.setChecked(False)
                    button.blockSignals(False)
        self.input.setEnabled(self.special() is None)  # what was typed stays, greyed
        self.changed.emit()

    def special(self) -> str | None:
        """Return the special answer chosen, if any."""
        return next((a for a, b in self.special_buttons.items() if b.isChecked()), None)

    def raw(self) -> Any:
        """Return what is in the input as JSON-ready data (text, or the choice's value)."""
        if isinstance(self.input, QComboBox):
            return self.input.currentData()
        assert isinstance(self.input, DateField | QLineEdit)
        return self.input.text()

    def set_raw(self, raw: Any, special: str | None) -> None:
        """Put back :meth:`raw` and the special answer (a draft)."""
        if isinstance(self.input, QComboBox):
            self.input.setCurrentIndex(max(self.input.findData(raw), 0))
        elif isinstance(self.input, DateField):
            self.input.set_text(str(raw or ""))
        elif isinstance(self.input, QLineEdit):
            self.input.setText(str(raw or ""))
        for answer, button in self.special_buttons.items():
            button.setChecked(answer == special)

    def answer(self) -> Answer | None:
        """Return the answer to score and save, ``None`` when blank or unreadable."""
        special = self.special()
        if special is not None:
            return special
        raw = self.raw()
        if isinstance(self.input, DateField):
            return self.input.value()
        if isinstance(raw, str) and self.question.answer_type == "number":
            return _number(raw)
        return raw if raw not in (None, "") else None

    def problem(self) -> str | None:
        """Say why what is typed cannot be read, or ``None``."""
        if self.special() is not None:
            return None
        if isinstance(self.input, DateField) and not self.input.is_valid():
            return self.tr("Type a date like 2026-03-31 or 03/31/2026.")
        raw = self.raw()
        if self.question.answer_type == "number" and raw.strip() and _number(raw) is None:
            return self.tr("Type a number, like 3.")
        return None

    def is_empty(self) -> bool:
        """Whether nothing has been typed or chosen."""
        return self.special() is None and self.raw() in (None, "")


def _number(text: str) -> int | float | None:
    text = text.strip().replace(",", "")
    try:
        return int(text)
    except ValueError:
        pass
    try:
        return float(text)
    except ValueError:
        return None

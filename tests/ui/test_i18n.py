"""The Spanish translation: screens show it, the catalog is complete and the .qm current."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, QTranslator
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QLabel
from pytestqt.qtbot import QtBot

from outreach_app.storage.vault import Vault
from outreach_app.ui.fields import CodeField
from outreach_app.ui.i18n import catalog_path, install_translation, remove_translation
from outreach_app.ui.record_forms import profile_form
from outreach_app.ui.tasks import Worker
from outreach_app.ui.unlock import UnlockPage

ROOT = Path(__file__).resolve().parents[2]
TS = ROOT / "resources" / "translations" / "outreach_es.ts"
UI_SOURCES = sorted(str(p) for p in (ROOT / "outreach_app" / "ui").glob("*.py"))
PLACEHOLDER = re.compile(r"\{[^{}]*\}")


def _tool(name: str) -> str:
    found = shutil.which(name, path=str(Path(sys.executable).parent)) or shutil.which(name)
    if found is None:
        pytest.skip(f"{name} is not installed")
    return found


def _messages(path: Path = TS) -> list[tuple[str, str, ET.Element]]:
    """Return (context, source, translation element) for every message of a .ts file."""
    found = []
    for context in ET.parse(path).getroot().iter("context"):
        name = context.findtext("name") or ""
        for message in context.iter("message"):
            translation = message.find("translation")
            assert translation is not None
            found.append((name, message.findtext("source") or "", translation))
    return found


@pytest.fixture
def spanish(qapp: QApplication) -> Iterator[None]:
    """Spanish installed for one test, English again afterwards."""
    assert install_translation(qapp, "es") == "es"
    yield
    remove_translation(qapp)


def test_unlock_page_in_spanish(qtbot: QtBot, spanish: None, vault: Vault) -> None:
    page = UnlockPage(vault, Worker())
    qtbot.addWidget(page)
    assert page.button.text() == "Desbloquear"
    assert page.passphrase.placeholderText() == "Frase de contraseña"


def test_record_form_in_spanish(qtbot: QtBot, spanish: None) -> None:
    form = profile_form()
    qtbot.addWidget(form)
    labels = {label.text() for label in form.findChildren(QLabel)}
    assert {"Fecha de nacimiento", "Condición de veterano/a", "<b>Nacimiento</b>"} <= labels
    assert form.fields["LastName"].accessibleName() == "Apellido"
    quick = form.fields["NameDataQuality"]
    assert isinstance(quick, CodeField)
    assert [b.text() for b in quick.quick_buttons.values()] == [
        "No sabe",
        "Prefiere no responder",
        "No se recopiló",
    ]


def test_qt_own_buttons_in_spanish(qtbot: QtBot, spanish: None) -> None:
    box = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
    qtbot.addWidget(box)
    assert box.buttons()[0].text() == "Cancelar"


def test_english_after_removal(qtbot: QtBot, qapp: QApplication) -> None:
    install_translation(qapp, "es")
    remove_translation(qapp)
    form = profile_form()
    qtbot.addWidget(form)
    assert form.fields["LastName"].accessibleName() == "Last name"


@pytest.mark.parametrize(("asked", "installed"), [("es_MX", "es"), ("en_US", None), ("de", None)])
def test_language_choice(qapp: QApplication, asked: str, installed: str | None) -> None:
    try:
        assert install_translation(qapp, asked) == installed
        assert QCoreApplication.translate("UnlockPage", "Unlock") == (
            "Desbloquear" if installed else "Unlock"
        )
    finally:
        remove_translation(qapp)


def test_every_message_translated() -> None:
    messages = _messages()
    assert len(messages) > 200
    for context, source, translation in messages:
        where = f"{context}: {source!r}"
        assert translation.get("type") is None, f"unfinished or obsolete: {where}"
        text = translation.text or ""
        assert text.strip(), f"empty translation: {where}"
        assert sorted(PLACEHOLDER.findall(text)) == sorted(PLACEHOLDER.findall(source)), where
        assert text.count("\t") == source.count("\t"), where
        if "&" in source:
            assert text.count("&") == 1, f"one keyboard accelerator: {where}"


def test_catalog_matches_the_code(tmp_path: Path) -> None:
    """Lupdate finds nothing new or gone: every string on screen is in the catalog."""
    copy = tmp_path / TS.name
    shutil.copy(TS, copy)
    subprocess.run(
        [_tool("pyside6-lupdate"), *UI_SOURCES, "-ts", str(copy)],
        check=True,
        capture_output=True,
    )
    before = {(c, s): t.text for c, s, t in _messages()}
    after = {(c, s): t.text for c, s, t in _messages(copy)}
    stale = [(c, s) for c, s, t in _messages(copy) if t.get("type")]
    assert after == before
    assert stale == [], "run pyside6-lupdate and translate (docs/translations.md)"


def test_compiled_catalog_is_current(tmp_path: Path) -> None:
    built = tmp_path / "outreach_es.qm"
    subprocess.run(
        [_tool("pyside6-lrelease"), str(TS), "-qm", str(built)],
        check=True,
        capture_output=True,
    )
    shipped = catalog_path("es")
    if built.read_bytes() == shipped.read_bytes():
        return
    # Not byte for byte (another lrelease version): every message must still agree.
    translators = [QTranslator(), QTranslator()]
    assert translators[0].load(str(built))
    assert translators[1].load(str(shipped))
    for context, source, _translation in _messages():
        ours, theirs = (t.translate(context, source) for t in translators)
        assert ours == theirs, f"{context}: {source!r} (run pyside6-lrelease)"

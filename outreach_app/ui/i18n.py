"""The window's language: Outreach's own catalog and Qt's, chosen once at start-up.

Many street outreach workers, and the people they meet, read Spanish first;
a form they half understand is a form filled in wrong. The English texts in
the code are the source; ``resources/translations/outreach_<lang>.qm`` holds
each other language (see ``docs/translations.md``), and Qt's own ``qtbase``
catalog translates what Qt draws itself (Save, Cancel, Discard, the context
menus of text fields). With no catalog for the language asked, the window
stays in English rather than half translated.

Texts kept as data and translated later (form rows, list headings) are marked
for ``pyside6-lupdate`` with :data:`QT_TRANSLATE_NOOP`, which is PySide6's own
marker with the type it really has.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path
from typing import cast

from PySide6 import QtCore
from PySide6.QtCore import QLibraryInfo, QLocale, QTranslator
from PySide6.QtWidgets import QApplication

from outreach_app.resources import resource_path

log = logging.getLogger("outreach.ui")

#: PySide6's ``QT_TRANSLATE_NOOP(context, text)``: returns ``text`` as it is, and
#: tells lupdate to extract it under ``context``. (Its stub says it returns ``object``.)
QT_TRANSLATE_NOOP = cast(Callable[[str, str], str], QtCore.QT_TRANSLATE_NOOP)

#: The language the code is written in: it needs no catalog.
SOURCE_LANGUAGE = "en"
_TRANSLATOR_NAME = "outreach-translator"


def catalog_path(language: str) -> Path:
    """Return where Outreach's compiled catalog for ``language`` (e.g. ``es``) lives."""
    return resource_path("translations", f"outreach_{language}.qm")


def _wanted(language: str | None) -> list[str]:
    """Return the language codes to try, best first: the one asked, or the system's."""
    system = QLocale.system()
    names = [language] if language else system.uiLanguages() or [system.name()]
    codes: list[str] = []
    for name in names:
        code = QLocale.languageToCode(QLocale(name.replace("-", "_")).language())
        if code and code not in codes:
            codes.append(code)
    return codes


def install_translation(app: QApplication, language: str | None = None) -> str | None:
    """Translate the window into ``language`` (default: the system's), if Outreach has it.

    Installs Outreach's catalog and Qt's ``qtbase`` one for that language; the
    translators are children of ``app``, so they live as long as it does. Call
    before any window is made: widgets translate their texts when built.
    Returns the language installed, or ``None`` when the window stays in English.
    """
    remove_translation(app)
    for code in _wanted(language):
        if code == SOURCE_LANGUAGE:
            break  # English comes before any language we have a catalog for
        path = catalog_path(code)
        if not path.is_file():
            continue
        own = QTranslator(app)
        if not own.load(str(path)):
            log.warning("could not read the %s catalog at %s", code, path)
            own.setParent(None)
            continue
        own.setObjectName(_TRANSLATOR_NAME)
        app.installTranslator(own)
        qt = QTranslator(app)
        qt_dir = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
        if qt.load(f"qtbase_{code}", qt_dir):
            qt.setObjectName(_TRANSLATOR_NAME)
            app.installTranslator(qt)
        else:
            qt.setParent(None)
            log.info("Qt has no %s catalog in %s; its own buttons stay in English", code, qt_dir)
        log.info("window language: %s", code)
        return code
    return None


def remove_translation(app: QApplication) -> None:
    """Take out the translators :func:`install_translation` installed (back to English)."""
    for translator in app.findChildren(QTranslator):
        if translator.objectName() == _TRANSLATOR_NAME:
            app.removeTranslator(translator)
            translator.setParent(None)

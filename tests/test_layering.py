"""Only ``outreach_app.ui`` may import Qt: the core and the gateway must run where Qt is absent."""

from __future__ import annotations

import subprocess
import sys

CORE = [
    "outreach_app.domain.records",
    "outreach_app.domain.validation",
    "outreach_app.domain.matching",
    "outreach_app.domain.demo",
    "outreach_app.domain.agency",
    "outreach_app.domain.instrument",
    "outreach_app.domain.ce_assessment",
    "outreach_app.domain.ce_event",
    "outreach_app.storage.drafts",
    "outreach_app.storage.client_list",
    "outreach_app.storage.vault",
    "outreach_app.storage.store",
    "outreach_app.sync",
    "outreach_app.sync.engine",
    "outreach_app.sync.transport",
    "outreach_app.sync.worker",
    "outreach_app.sync.erase",
    "outreach_app.storage.sync_db",
    "outreach_app.hmis_csv.validator",
    "outreach_app.hmis_csv.export",
    "outreach_gateway.api.app",
    "outreach_gateway.cli",
    "outreach_app.cli.main",
    "outreach_app.config",
    "outreach_app.autolock",
]

BLOCK_QT = """
import sys
class BlockQt:
    def find_spec(self, name, path=None, target=None):
        if name.split('.')[0] in ('PySide6', 'shiboken6', 'PyQt5', 'PyQt6'):
            raise ImportError('Qt is blocked in this test')
sys.meta_path.insert(0, BlockQt())
"""


def test_core_imports_without_qt() -> None:
    code = BLOCK_QT + "".join(f"import {module}\n" for module in CORE)
    code += "print(sorted(m for m in sys.modules if m.startswith('PySide6')))"
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"


def test_ui_does_need_qt() -> None:
    code = BLOCK_QT + "import outreach_app.ui.app\n"
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=120
    )
    assert result.returncode != 0
    assert "Qt is blocked" in result.stderr

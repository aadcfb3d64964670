"""Find the data files Outreach ships: HMIS specs, value lists, instruments.

In a source checkout they live in the repository's top-level ``resources/``;
an installed wheel carries the same tree as ``outreach_app/resources``; a frozen
bundle puts it beside the executable. Callers only ask for a path.
"""

from __future__ import annotations

import sys
from functools import cache
from pathlib import Path


@cache
def resources_root() -> Path:
    """Return the directory holding Outreach's resources."""
    here = Path(__file__).resolve().parent
    candidates = [here / "resources", here.parent / "resources"]
    frozen_root = getattr(sys, "_MEIPASS", None)
    if frozen_root:
        candidates.insert(0, Path(frozen_root) / "resources")
    for candidate in candidates:
        if (candidate / "hmis").is_dir():
            return candidate
    raise FileNotFoundError("Outreach's resources folder is missing from this installation")


def resource_path(*parts: str) -> Path:
    """Return the path of a resource file, e.g. ``resource_path("hmis", "fy2026")``."""
    return resources_root().joinpath(*parts)

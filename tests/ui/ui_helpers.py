"""Helpers shared by the window tests (a module with its own name, so that it never
clashes with another folder's ``conftest`` when several test folders run together)."""

from __future__ import annotations

from fast_vault import PASS, make_vault

__all__ = ["PASS", "make_vault"]

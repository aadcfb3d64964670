"""The PySide6 window: the only layer of Outreach that imports Qt."""

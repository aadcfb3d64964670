"""Outreach: capture street outreach contacts offline and sync them to the CoC's HMIS.

The package is layered so each layer can be read and tested on its own:
``domain`` (HMIS records and rules), ``storage`` (the encrypted local store),
``sync`` (journal and transport), ``ui`` (PySide6, the only layer that imports Qt)
and ``cli`` (the command line for IT, scripts and tests).
"""

__version__ = "0.1.0"

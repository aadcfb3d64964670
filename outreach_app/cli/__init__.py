"""The ``outreach`` command line: for agency IT, scripts and tests.

It drives the same store as the window, through the same core; it never
imports Qt (except ``outreach gui``, which starts the window).
"""

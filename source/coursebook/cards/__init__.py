"""Printable exercise cards: sheet geometry, card drawing and the deck PDF.

* :mod:`.geometry` places cards on a sheet (how many fit, crop marks, duplex backs);
* :mod:`.draw` draws one card's front or back with ReportLab;
* :mod:`.deck` writes a deck (or a calibration sheet) to a PDF, atomically.
"""

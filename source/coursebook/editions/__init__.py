"""The book's editions beyond the website: the ePub and PDF builders, their covers, the static
layout of tabs and dropdowns for paper and e-readers, and the atomic publishing of every edition.

This code runs inside Sphinx (builders, post-transforms) and right after it (publishing).
"""

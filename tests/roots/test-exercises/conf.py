"""A small book with exercises, decks and a pictogram: pages, index and cards."""

project = "Exercises Test Book"
author = "Coursebook tests"
copyright = "2026, Coursebook tests"
version = release = "0.1"
language = "en"
extensions = ["myst_parser", "sphinx_design", "sphinxcontrib.bibtex", "coursebook"]
myst_enable_extensions = ["colon_fence"]
nitpicky = True
bibtex_bibfiles = ["references.bib"]
html_theme = "sphinx_book_theme"
html_theme_options = {"use_download_button": False}
epub_identifier = "urn:uuid:2f0c1c7e-6a55-4b8e-9a8e-5d0d6c4f1b22"
epub_use_index = False
coursebook_basename = "exercises"
coursebook_base_url = "https://example.org/test-book/"
coursebook_categories = {
    "stretching": {"label": "Stretching", "colour": "#56B4E9"},
    "strengthening": {"label": "Strengthening and core", "colour": "#0072B2"},
    "breathing": {"label": "Breathing", "colour": "#CC79A7"},
}

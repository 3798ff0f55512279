"""The PDF edition, typeset by Typst: a Sphinx builder (``pdf``), its translator and layout."""

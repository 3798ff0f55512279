"""The website's additions, written while Sphinx writes the HTML pages: the download menu, the
stylesheet and the Content-Security-Policy of every page.
"""

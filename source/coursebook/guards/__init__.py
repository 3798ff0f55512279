"""What protects a build from bad or hostile input before it is used: the book's boundary
(no file from outside the book), the SVG safety check, and the screened YAML reader.
"""

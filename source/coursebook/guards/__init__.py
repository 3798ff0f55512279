"""What protects a build from bad or hostile input before it is used: the book's boundary
(no file from outside the book), the SVG safety check, the screened YAML reader, the limits and
alt text of figures of any origin, and MyST that would publish wrongly without a word.
"""

"""Checks on the built output of one audience, before anything is published.

The output is the truth: whatever our own reading of the Markdown says, these checks read what was
written (HTML, search index, sitemap, PDF text, stylesheets) and fail the build on hidden text or on
anything loaded from another host.
"""

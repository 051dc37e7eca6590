"""`fieldguide check`: every audience's edition judged for plain language, structure and ownership.

Nothing here builds a site: the checks run on the selected editions that
`generator.compile.compile_project` returns, and every finding points at the
source file and line of the text an audience actually reads.
"""

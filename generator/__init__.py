"""Fieldguide: compile audience-tagged Markdown into one site and print set per audience."""

__version__ = "0.1.0"

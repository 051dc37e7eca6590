"""Load a whole project: audiences, then every page, collecting every error."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from generator.audiences import load_audiences
from generator.findings import Finding
from generator.model import Page, PortalConfig, Project
from generator.pages import find_pages, load_page
from generator.rendered import Renderer
from generator.snippets import SnippetExpander


def load_project(root: Path, config: PortalConfig) -> tuple[Project, list[Finding]]:
    audiences, defaults_terms, findings = load_audiences(root)
    # An audience without its own lang (or a default one) reads in theme.language, else English.
    fallback = config.language or "en"
    audiences = {
        aid: a if a.spec.lang else replace(a, spec=a.spec.model_copy(update={"lang": fallback}))
        for aid, a in audiences.items()
    }
    content = root / config.docs_dir
    known = set(audiences)
    # Unknown ids are judged against every audience file, even one with errors of its own.
    known |= {p.stem for p in (root / "audiences").glob("*.y*ml") if not p.name.startswith("_")}
    # Without pymdownx.snippets in mkdocs.yml, '--8<--' is ordinary text.
    expander = SnippetExpander.for_project(root, config.raw, config.text)
    pages: list[Page] = []
    renderer = Renderer(config.raw)  # titles from '# heading', with the project's own extensions
    if renderer.config_failure:
        line = config.line_of("markdown_extensions")
        message = f"the Markdown extensions cannot be loaded ({renderer.config_failure}); fix markdown_extensions"
        findings.append(Finding(config.config_file, line, message))
    if not content.is_dir():
        findings.append(Finding(config.docs_dir, 1, f"no {config.docs_dir}/ folder; put the Markdown pages there"))
    for file in find_pages(content, config.exclude_docs, root) if content.is_dir() else []:
        # Block structure is checked against the renderer too; not when the extensions do not load (reported above).
        structure_config = None if renderer.config_failure else config.raw
        page, problems = load_page(root, file, content, expander, known, renderer, structure_config)
        findings += problems
        if page is not None:
            pages.append(page)
    project = Project(str(root), config, audiences, tuple(pages), defaults_terms)
    return project, findings

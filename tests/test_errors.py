"""The exact text of every error an editor can see, all reported in one run."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import MakeProject, audience, page
from helpers import error_lines

from generator.cli import main

TEAM = {
    "audiences/floor-operator.yml": audience(
        "Operators", extra="terms:\n  assistant: the helper\n  escalate: tell your lead\n  helpdesk: IT\n"
    ),
    "audiences/managers.yml": audience("Managers", extra="terms:\n  assistant: Assist\n  escalate: x\n  helpdesk: y\n"),
    "audiences/team-lead.yml": audience(
        "Leads", extra="includes: [floor-operator]\nterms:\n  assistant: A\n  escalate: x\n  helpdesk: y\n"
    ),
}


NO_TITLE = "content/a.md:1: page has no title: add 'title: ...' to its front matter or start its text with '# heading'"


NO_TITLE = "content/a.md:1: page has no title: add 'title: ...' to its front matter or start its text with '# heading'"


def errors_for(make_project: MakeProject, files: dict[str, str]) -> list[str]:
    return error_lines(make_project({**TEAM, **files}))


@pytest.mark.parametrize(
    "files, expected",
    [
        pytest.param(
            {"content/rollout.md": page("Rollout", "Hi\n", "audiences: [floor-operator, mangers]")},
            [
                "content/rollout.md:3: unknown audience 'mangers'; did you mean 'managers'? "
                "Known: floor-operator, managers, team-lead"
            ],
            id="unknown-audience-in-front-matter",
        ),
        pytest.param(
            {"content/a.md": page("A", "x\n\n/// only | zzz\ny\n///\n")},
            ["content/a.md:6: unknown audience 'zzz'; known: floor-operator, managers, team-lead"],
            id="unknown-audience-in-block",
        ),
        pytest.param(
            {"content/a.md": page("A", "x\n", "except: [team-leed]")},
            [
                "content/a.md:3: unknown audience 'team-leed'; did you mean 'team-lead'? "
                "Known: floor-operator, managers, team-lead"
            ],
            id="unknown-audience-in-except",
        ),
        pytest.param(
            {"content/faq.md": page("FAQ", "One.\n\nUse the {{ forklift }}.\n", "audiences: [floor-operator]")},
            [
                "content/faq.md:7: [floor-operator] unknown term 'forklift'; "
                "known terms: assistant, escalate, helpdesk",
                "content/faq.md:7: [team-lead] unknown term 'forklift'; known terms: assistant, escalate, helpdesk",
            ],
            id="unknown-term-per-audience",
        ),
        pytest.param(
            {"content/faq.md": page("Ask {{ asistant }}", "x\n", "audiences: [managers]")},
            [
                "content/faq.md:2: [managers] unknown term 'asistant'; did you mean 'assistant'? "
                "Known terms: assistant, escalate, helpdesk"
            ],
            id="unknown-term-in-title",
        ),
        pytest.param(
            {"content/a.md": page("A", "x\n", "audience: [managers]")},
            [
                "content/a.md:3: unknown front-matter key 'audience'; did you mean 'audiences'? Known keys: audiences, "
                "card, except, owner, review_by, summary, title, type"
            ],
            id="unknown-front-matter-key",
        ),
        pytest.param(
            {"content/a.md": "---\ntitle: A\naudiences: [managers\n---\nx\n"},
            ["content/a.md:3: malformed YAML in front matter: expected ',' or ']', but got '<stream end>'"],
            id="malformed-front-matter",
        ),
        pytest.param(
            {"content/a.md": "Just text\n"},
            [NO_TITLE],
            id="no-front-matter-no-heading",
        ),
        pytest.param(
            {"content/a.md": "---\nsummary: s\n---\nx\n"},
            [NO_TITLE],
            id="missing-title",
        ),
        pytest.param(
            {"content/a.md": page("A", "x\n", "type: jobaid")},
            [
                "content/a.md:3: type: input should be 'page', 'announcement', 'faq', 'how-to', 'job-aid', "
                "'capability' or 'policy'"
            ],
            id="bad-type",
        ),
        pytest.param(
            {"content/a.md": page("A", "x\n", "card: {size: b5}")},
            ["content/a.md:3: card.size: input should be 'a6', 'a7', '4x6in', '5x7in', 'letter' or 'a4'"],
            id="bad-card-size",
        ),
        pytest.param(
            {"content/a.md": page("A", "Intro\n\n/// only | managers\nSecret\n")},
            ["content/a.md:6: the '/// only | managers' block is never closed; end it with a line '///'"],
            id="unclosed-block",
        ),
        pytest.param(
            {"content/a.md": page("A", "//// except | managers\nx\n///\n")},
            [
                "content/a.md:6: '///' cannot close the '//// except | managers' block opened at line 4; "
                "close it with exactly '////'"
            ],
            id="wrong-closing-fence",
        ),
        pytest.param(
            {"content/a.md": page("A", "- item\n\n    /// only | managers\n    x\n///\n")},
            [
                "content/a.md:8: this '///' is indented differently from the '/// only | managers' block opened at "
                "line 6; indent both lines the same"
            ],
            id="closing-indent-differs",
        ),
        pytest.param(
            {"content/a.md": page("A", "/// only\nx\n///\n")},
            ["content/a.md:4: '/// only' needs audience ids: '/// only | id, id'"],
            id="block-without-ids",
        ),
        pytest.param(
            {
                "content/index.md": page("Home", "See [the budget](money/budget.md).\n", "audiences: [floor-operator]"),
                "content/money/budget.md": page("Budget", "x\n", "audiences: [managers]"),
            },
            [
                "content/index.md:5: [floor-operator] link to 'money/budget.md', a page floor-operator does not get; "
                "remove the link or wrap it in a block for the audiences that get content/money/budget.md",
                "content/index.md:5: [team-lead] link to 'money/budget.md', a page team-lead does not get; "
                "remove the link or wrap it in a block for the audiences that get content/money/budget.md",
            ],
            id="link-to-hidden-page",
        ),
        pytest.param(
            {
                "content/index.md": page("Home", "See [costs](costs.md#for-managers).\n", "audiences: [managers]"),
                "content/costs.md": page("Costs", "# Costs\n\n/// only | floor-operator\n## For managers\n///\n"),
            },
            [
                "content/index.md:5: [managers] link to 'costs.md#for-managers', but what managers gets of "
                "content/costs.md has no heading or anchor '#for-managers'"
            ],
            id="link-to-hidden-anchor",
        ),
        pytest.param(
            {"content/index.md": page("Home", "[Gone](gone.md)\n", "audiences: [managers]")},
            ["content/index.md:5: [managers] link to 'gone.md', but there is no page content/gone.md; fix the path"],
            id="link-to-missing-page",
        ),
        pytest.param(
            {
                "audiences/team-lead.yml": audience("Leads", extra="includes: [managers]\n"),
                "audiences/managers.yml": audience("Managers", extra="includes: [team-lead]\n"),
            },
            [
                "audiences/managers.yml:3: includes form a cycle: managers -> team-lead -> managers; "
                "remove one of these includes"
            ],
            id="includes-cycle",
        ),
        pytest.param(
            {"audiences/team-lead.yml": audience("Leads", extra="includes: [floor-operater]\n")},
            [
                "audiences/team-lead.yml:3: unknown audience 'floor-operater'; did you mean 'floor-operator'? "
                "Known: floor-operator, managers, team-lead"
            ],
            id="unknown-include",
        ),
        pytest.param(
            {"audiences/managers.yml": "name: Managers\ndescription: [oops\n"},
            ["audiences/managers.yml:3: malformed YAML: expected ',' or ']', but got '<stream end>'"],
            id="malformed-audience",
        ),
        pytest.param(
            {"audiences/managers.yml": "name: Managers\nreadng:\n  max_grade: 9\n"},
            [
                "audiences/managers.yml:2: unknown key 'readng'; did you mean 'reading'? "
                "Known keys: avoid, description, includes, lang, name, print, reading, terms",
            ],
            id="audience-keys",
        ),
        pytest.param(
            {"audiences/Floor_Ops.yml": audience("X")},
            [
                "audiences/Floor_Ops.yml:1: audience id 'Floor_Ops' must be lowercase letters, digits and hyphens; "
                "rename the file to 'floor-ops.yml'"
            ],
            id="bad-id",
        ),
        pytest.param(
            {"audiences/all.yml": audience("X")},
            ["audiences/all.yml:1: 'all' cannot be an audience id: Fieldguide uses that name itself; rename the file"],
            id="reserved-id",
        ),
        pytest.param(
            {"audiences/_defaults.yml": "print:\n  card_size: b5\n"},
            [
                "audiences/_defaults.yml:2: print.card_size: input should be 'a6', 'a7', '4x6in', '5x7in', "
                "'letter' or 'a4'"
            ],
            id="bad-default",
        ),
    ],
)
def test_error_text(make_project: MakeProject, files: dict[str, str], expected: list[str]) -> None:
    files = {"content/index.md": page("Home", "Hi\n"), **files}
    assert errors_for(make_project, files) == expected


def test_every_error_in_one_run_and_exit_code_1(make_project: MakeProject) -> None:
    root = make_project(
        {
            **TEAM,
            "content/index.md": page("Home", "{{ nope }}\n", "audiences: [managers]"),
            "content/b.md": page("B", "/// only | nobody\nx\n"),
            "content/c.md": page("C", "x\n", "audeinces: all"),
        }
    )
    result = CliRunner().invoke(main, ["build", str(root), "--no-pdf"])
    assert result.exit_code == 1
    assert result.output.splitlines()[0].startswith("Building the portal into ")
    assert result.output.splitlines()[1:] == [
        "content/b.md:4: the '/// only | nobody' block is never closed; end it with a line '///'",
        "content/b.md:4: unknown audience 'nobody'; known: floor-operator, managers, team-lead",
        "content/c.md:3: unknown front-matter key 'audeinces'; did you mean 'audiences'? Known keys: audiences, "
        "card, except, owner, review_by, summary, title, type",
        "content/index.md:5: [managers] unknown term 'nope'; known terms: assistant, escalate, helpdesk",
        "4 errors; nothing was published.",
    ]
    assert not (root / "site").exists()


def test_unknown_audience_on_command_line_exits_2(make_project: MakeProject) -> None:
    root = make_project({**TEAM, "content/index.md": page("Home", "Hi\n")})
    result = CliRunner().invoke(main, ["build", str(root), "--no-pdf", "--audience", "nobody"])
    assert result.exit_code == 2
    assert "unknown audience 'nobody'; known: floor-operator, managers, team-lead" in result.output


def test_snippet_not_found(make_project: MakeProject, tmp_path: Path) -> None:
    config = (
        "site_name: T\ndocs_dir: content\ntheme: material\nmarkdown_extensions:\n"
        "  - pymdownx.snippets:\n      base_path: [snips]\n      check_paths: true\n"
    )
    root = make_project(
        {
            **TEAM,
            "mkdocs.yml": config,
            "snips/a.md": "x\n",
            "content/index.md": page("Home", 'Hi\n--8<-- "missing.md"\n'),
        }
    )
    assert error_lines(root) == ["content/index.md:5: snippet 'missing.md' not found in snips; check the file name"]


def test_embeds_from_other_hosts_are_refused(make_project: MakeProject) -> None:
    root = make_project(
        {
            **TEAM,
            "content/index.md": page(
                "Home",
                "![Chart](https://cdn.example/chart.png)\n\n[A link is fine](https://example.org/)\n"
                '<img alt="x" src="//cdn.example/y.png">\n',
                "audiences: [managers]",
            ),
        }
    )
    assert error_lines(root) == [
        "content/index.md:5: [managers] 'https://cdn.example/chart.png' is embedded from another host; readers' "
        "browsers would fetch it from there. Copy the file into content/ and point to that copy",
        "content/index.md:8: [managers] '//cdn.example/y.png' is embedded from another host; readers' "
        "browsers would fetch it from there. Copy the file into content/ and point to that copy",
    ]


def test_unknown_term_in_a_nav_title(make_project: MakeProject) -> None:
    config = "site_name: T\ndocs_dir: content\ntheme: material\nnav:\n  - Home: index.md\n  - 'Ask {{ asist }}': a.md\n"
    pages = {"content/a.md": page("A", "x\n"), "content/index.md": page("Home", "x\n")}
    root = make_project({**TEAM, "mkdocs.yml": config, **pages})
    assert error_lines(root) == [
        f"mkdocs.yml:6: [{aid}] unknown term 'asist'; did you mean 'assistant'? "
        "Known terms: assistant, escalate, helpdesk"
        for aid in ("floor-operator", "managers", "team-lead")
    ]


def test_anchor_ids_follow_the_configured_slugify(make_project: MakeProject) -> None:
    config = (
        "site_name: T\ndocs_dir: content\ntheme: material\nmarkdown_extensions:\n"
        "  - toc:\n      separator: _\n      slugify: !!python/object/apply:pymdownx.slugs.slugify\n"
        "        kwds: {case: lower}\n"
    )
    root = make_project(
        {
            **TEAM,
            "mkdocs.yml": config,
            "content/index.md": page("Home", "# Über uns\n\n[Link](#über_uns) [Bad](#uber-uns)\n"),
        }
    )
    assert error_lines(root) == [
        f"content/index.md:6: [{aid}] link to '#uber-uns', but what {aid} gets of content/index.md "
        "has no heading or anchor '#uber-uns'"
        for aid in ("floor-operator", "managers", "team-lead")
    ]


def test_mkdocs_yml_errors_are_located(make_project: MakeProject) -> None:
    config = (
        "site_name: T\ndocs_dir: content\nmarkdown_extensions:\n  - toc:\n      slugify: !!python/name:nowhere.slug\n"
    )
    root = make_project({**TEAM, "mkdocs.yml": config, "content/index.md": page("Home", "x\n")})
    assert error_lines(root) == [
        "mkdocs.yml:5: malformed YAML: while constructing a Python object; cannot find module 'nowhere' "
        "(No module named 'nowhere')"
    ]


def test_references_outside_content_are_refused(make_project: MakeProject) -> None:
    root = make_project(
        {**TEAM, "content/index.md": page("Home", "![Logo](../theme/logo.png)\n[Notes](../../notes.txt)\n")}
    )
    assert error_lines(root) == [
        f"content/index.md:{line}: [{aid}] '{target}' points outside content/; only files inside content/ are published"
        for line, target in ((4, "../theme/logo.png"), (5, "../../notes.txt"))
        for aid in ("floor-operator", "managers", "team-lead")
    ]

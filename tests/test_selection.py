"""Selection as input/expected pairs: pages, blocks, nesting, code and terms."""

from __future__ import annotations

import json

import pytest
from conftest import MakeProject, audience, page
from helpers import compiled, texts

AUDIENCES = {
    "audiences/op.yml": audience("Operators", extra="terms:\n  assistant: the helper\n"),
    "audiences/lead.yml": audience("Leads", extra="includes: [op]\nterms:\n  assistant: the assistant\n"),
    "audiences/mgr.yml": audience("Managers", extra="terms:\n  assistant: Assist\n"),
}


def one_page(make_project: MakeProject, body: str, front: str = "") -> dict[str, str]:
    root = make_project({**AUDIENCES, "content/index.md": page("Home", body, front)})
    return {aid: texts(root, aid)["index.md"] for aid in ("op", "lead", "mgr")}


CASES = [
    pytest.param(
        "/// only | op\nA\n///\n",
        {"op": "A", "lead": "A", "mgr": ""},
        id="only-includes",
    ),
    pytest.param(
        "/// except | op\nA\n///\n",
        {"op": "", "lead": "", "mgr": "A"},
        id="except-hides-from-every-audience-only-would-show",
    ),
    pytest.param(
        "//// only | op\n/// except | lead\nA\n///\nB\n////\n",
        {"op": "A\nB", "lead": "B", "mgr": ""},
        id="nested-except-inside-only",
    ),
    pytest.param(
        "/// only | op\n/// only | op\nA\n///\n///\n",
        {"op": "A", "lead": "A", "mgr": ""},
        id="same-length-nesting",
    ),
    pytest.param(
        "/// only | op, mgr\nA\n///\n",
        {"op": "A", "lead": "A", "mgr": "A"},
        id="list-of-ids",
    ),
    pytest.param(
        "/// only | mgr\n/// details | Why?\nA\n///\n///\n",
        {"op": "", "lead": "", "mgr": "/// details | Why?\nA\n///"},
        id="foreign-block-inside",
    ),
    pytest.param(
        "/// details | Why?\n/// only | mgr\nA\n///\n///\n",
        {"op": "/// details | Why?\n///", "lead": "/// details | Why?\n///", "mgr": "/// details | Why?\nA\n///"},
        id="foreign-block-outside",
    ),
    pytest.param(
        "```\n/// only | mgr\n{{ assistant }}\n///\n```\n",
        {k: "```\n/// only | mgr\n{{ assistant }}\n///\n```" for k in ("op", "lead", "mgr")},
        id="fenced-code-untouched",
    ),
    pytest.param(
        "~~~~\n```\n/// only | mgr\n```\n~~~~\n",
        {k: "~~~~\n```\n/// only | mgr\n```\n~~~~" for k in ("op", "lead", "mgr")},
        id="tilde-fence-holds-backticks",
    ),
    pytest.param(
        'Text.\n\n    ask("{{ assistant }}")\n    {{ assistant }}\n',
        {k: 'Text.\n\n    ask("{{ assistant }}")\n    {{ assistant }}' for k in ("op", "lead", "mgr")},
        id="indented-code-untouched",
    ),
    pytest.param(
        "1. First\n\n    /// only | mgr\n    Second for {{ assistant }}\n    ///\n\n2. Third\n",
        {
            "op": "1. First\n\n\n2. Third",
            "lead": "1. First\n\n\n2. Third",
            "mgr": "1. First\n\n    Second for Assist\n\n2. Third",
        },
        id="block-inside-list-item",
    ),
    pytest.param(
        "Ask {{ assistant }} and {{assistant}}; `{{ assistant }}` stays; \\{{ assistant }} is literal.\n",
        {
            "op": "Ask the helper and the helper; `{{ assistant }}` stays; {{ assistant }} is literal.",
            "lead": "Ask the assistant and the assistant; `{{ assistant }}` stays; {{ assistant }} is literal.",
            "mgr": "Ask Assist and Assist; `{{ assistant }}` stays; {{ assistant }} is literal.",
        },
        id="terms-not-inherited-code-and-escape",
    ),
]


@pytest.mark.parametrize("body, expected", CASES)
def test_blocks_and_terms(make_project: MakeProject, body: str, expected: dict[str, str]) -> None:
    assert one_page(make_project, body) == expected


PAGE_CASES = [
    pytest.param("", {"op", "lead", "mgr"}, id="absent-means-all"),
    pytest.param("audiences: all", {"op", "lead", "mgr"}, id="all"),
    pytest.param("audiences: [op]", {"op", "lead"}, id="includes-transitive"),
    pytest.param("audiences: [lead]", {"lead"}, id="not-upwards"),
    pytest.param("except: [op]", {"mgr"}, id="except-covers-includers"),
    pytest.param("audiences: [op]\nexcept: [lead]", {"op"}, id="except-narrows"),
    pytest.param("audiences: op, mgr", {"op", "lead", "mgr"}, id="comma-string"),
]


@pytest.mark.parametrize("front, who", PAGE_CASES)
def test_page_tagging(make_project: MakeProject, front: str, who: set[str]) -> None:
    root = make_project(
        {**AUDIENCES, "content/index.md": page("Home", "Hi\n"), "content/tagged.md": page("Tagged", "T\n", front)}
    )
    assert {aid for aid in ("op", "lead", "mgr") if "tagged.md" in texts(root, aid)} == who


def test_includes_are_transitive(make_project: MakeProject) -> None:
    root = make_project(
        {
            "audiences/a.yml": audience("A"),
            "audiences/b.yml": audience("B", extra="includes: [a]\n"),
            "audiences/c.yml": audience("C", extra="includes: [b]\n"),
            "content/index.md": page("Home", "/// only | a\nDEEP\n///\n"),
        }
    )
    assert texts(root, "c")["index.md"] == "DEEP"


def test_defaults_merge_key_by_key(make_project: MakeProject) -> None:
    root = make_project(
        {
            "audiences/_defaults.yml": "terms:\n  assistant: Assist\n  escalate: call IT\n",
            "audiences/op.yml": audience("Op", extra="terms:\n  escalate: tell your lead\n"),
            "content/index.md": page("Home", "{{ assistant }}; {{ escalate }}.\n"),
        }
    )
    assert texts(root, "op")["index.md"] == "Assist; tell your lead."


def test_snippets_expand_before_selection(make_project: MakeProject) -> None:
    config = (
        "site_name: T\ndocs_dir: content\ntheme: material\nexclude_docs: _snippets/\nmarkdown_extensions:\n"
        "  - pymdownx.snippets:\n      base_path: [content/_snippets]\n"
    )
    root = make_project(
        {
            "mkdocs.yml": config,
            **AUDIENCES,
            "content/_snippets/help.md": "Ask {{ assistant }}.\n/// only | mgr\nBUDGET\n///\n",
            "content/index.md": page("Home", '--8<-- "help.md"\n;--8<-- "literal.md"\n'),
        }
    )
    # A snippet file's final newline ends its paragraph, as in pymdownx.snippets.
    assert texts(root, "op") == {"index.md": 'Ask the helper.\n\n--8<-- "literal.md"'}
    assert texts(root, "mgr") == {"index.md": 'Ask Assist.\nBUDGET\n\n--8<-- "literal.md"'}


def test_explicit_nav_is_pruned_and_titles_get_terms(make_project: MakeProject) -> None:
    from helpers import compiled

    config = (
        "site_name: T\ndocs_dir: content\ntheme: material\nnav:\n  - Home: index.md\n"
        "  - Money:\n    - Budget: budget.md\n  - '{{ assistant }} tips': tips.md\n  - https://example.org/\n"
    )
    root = make_project(
        {
            "mkdocs.yml": config,
            **AUDIENCES,
            "content/index.md": page("Home", "Hi\n"),
            "content/budget.md": page("Budget", "B\n", "audiences: [mgr]"),
            "content/tips.md": page("Tips", "T\n"),
        }
    )
    result = compiled(root)
    navs = {e.audience.id: e.nav for e in result.editions}
    assert navs["op"] == [{"Home": "index.md"}, {"the helper tips": "tips.md"}, "https://example.org/"]
    assert navs["mgr"] == [
        {"Home": "index.md"},
        {"Money": [{"Budget": "budget.md"}]},
        {"Assist tips": "tips.md"},
        "https://example.org/",
    ]
    pages = {e.audience.id: [p.src for p in e.pages] for e in result.editions}
    assert pages["mgr"] == ["index.md", "budget.md", "tips.md"]


@pytest.mark.parametrize(
    "front, who",
    [
        pytest.param("audiences: [all]", {"op", "lead", "mgr"}, id="all-in-a-list"),
        pytest.param("except: all", set(), id="except-all"),
    ],
)
def test_the_word_all(make_project: MakeProject, front: str, who: set[str]) -> None:
    root = make_project(
        {**AUDIENCES, "content/index.md": page("Home", "Hi\n"), "content/tagged.md": page("Tagged", "T\n", front)}
    )
    assert {aid for aid in ("op", "lead", "mgr") if "tagged.md" in texts(root, aid)} == who


@pytest.mark.parametrize(
    "src, directory_urls, url",
    [
        ("index.md", True, ""),
        ("index.md", False, "index.html"),
        ("a/index.md", True, "a/"),
        ("a/README.md", True, "a/"),
        ("a/b.md", True, "a/b/"),
        ("a/b.md", False, "a/b.html"),
    ],
)
def test_page_urls_follow_mkdocs(src: str, directory_urls: bool, url: str) -> None:
    from generator.select import page_url

    assert page_url(src, directory_urls) == url


def test_card_names(make_project: MakeProject) -> None:
    root = make_project(
        {
            **AUDIENCES,
            "content/index.md": page("Home", "Hi\n"),
            "content/floor/index.md": page("Floor", "F\n"),
            "content/floor/checks/before-you-trust.md": page("Checks", "C\n"),
        }
    )
    names = {p.src: p.card_name for p in compiled(root).editions[0].pages}
    assert names == {
        "index.md": "index",
        "floor/index.md": "floor",
        "floor/checks/before-you-trust.md": "floor-checks-before-you-trust",
    }


def test_no_terms_in_fenced_code_inside_a_blockquote(make_project: MakeProject) -> None:
    body = "> Quoted:\n>\n> ```\n> {{ assistant }} stays\n> ```\n\nAsk {{ assistant }}.\n"
    root = make_project(
        {"audiences/op.yml": "name: Operators\nterms: {assistant: the helper}\n", "content/a.md": f"# A\n\n{body}"}
    )
    assert texts(root, "op") == {
        "a.md": "# A\n\n> Quoted:\n>\n> ```\n> {{ assistant }} stays\n> ```\n\nAsk the helper."
    }


def test_a_fence_left_open_in_a_blockquote_ends_with_the_quote(make_project: MakeProject) -> None:
    body = "> ```\n> code never closed\n\n/// only | mgr\nFOR MANAGERS\n///\n"
    files = {
        "audiences/op.yml": "name: Operators\n",
        "audiences/mgr.yml": "name: Managers\n",
        "content/a.md": f"# A\n\n{body}",
    }
    root = make_project(files)
    assert "FOR MANAGERS" not in texts(root, "op")["a.md"]


def test_front_matter_reaches_mkdocs_as_it_was_meant(make_project: MakeProject) -> None:
    """The edition's front matter is written with libyaml's emitter; MkDocs reads back the very values."""
    from mkdocs.utils.meta import get_data

    title = "Ärger: \"quoted\", 'single' # not a comment 🎉"
    front = f"---\ntitle: {json.dumps(title, ensure_ascii=False)}\n---\n\n"
    root = make_project({**AUDIENCES, "content/index.md": front + "Body.\n"})
    (edition_page,) = compiled(root).editions[0].pages
    extra = {"fieldguide_summary": "line\u2028separator, emoji 🎉, a long line " * 5, "flags": ["yes", "~", "1.0"]}
    body, meta = get_data(edition_page.markdown(extra))
    assert meta == {"title": title, **extra}
    assert body.strip() == "Body."

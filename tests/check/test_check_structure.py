"""Links, images, ownership, review dates and the structure of each audience's site."""

from __future__ import annotations

from checkhelp import AUDIENCES, OPS, check, front
from conftest import MakeProject, page


def test_vague_link_text_is_a_warning(make_project: MakeProject) -> None:
    body = "\nSee [click here](https://example.org) or [here](b.md).\nRead [the refund policy](b.md).\n"
    root = make_project({**AUDIENCES, "content/a.md": front("A") + body, "content/b.md": front("B") + "\nText.\n"})
    assert check(root, ["ops"]).lines("link-text") == [
        "warning: content/a.md:6: [ops] link text 'click here' does not say where it leads; "
        "use words that name the page or what the reader will find there",
        "warning: content/a.md:6: [ops] link text 'here' does not say where it leads; "
        "use words that name the page or what the reader will find there",
    ]


def test_image_without_alt_text_is_a_warning(make_project: MakeProject) -> None:
    body = '\n![](images/x.png)\n\n![The line layout](images/y.png)\n\n<img src="images/z.png">\n'
    root = make_project({**AUDIENCES, "content/a.md": front("A") + body})
    assert check(root, ["ops"]).lines("image-alt") == [
        "warning: content/a.md:6: [ops] image 'images/x.png' has no alt text; "
        "describe what it shows: ![what it shows](images/x.png)",
        "warning: content/a.md:10: [ops] image 'images/z.png' has no alt text; "
        "describe what it shows: ![what it shows](images/z.png)",
    ]


def test_page_without_owner_is_a_warning_for_each_audience(make_project: MakeProject) -> None:
    root = make_project({**AUDIENCES, "content/a.md": page("A", "\nText.\n"), "content/b.md": front("B") + "\nOk.\n"})
    assert check(root).lines("no-owner") == [
        "warning: content/a.md:1: [desk] page has no owner; "
        "add 'owner: <who keeps this page true>' to the front matter",
        "warning: content/a.md:1: [ops] page has no owner; add 'owner: <who keeps this page true>' to the front matter",
    ]


def test_review_dates_past_soon_and_later(make_project: MakeProject) -> None:
    root = make_project(
        {
            **AUDIENCES,
            "content/past.md": front("Past", "review_by: 2026-05-31\naudiences: [ops]\n") + "\nText.\n",
            "content/soon.md": front("Soon", "review_by: 2026-07-01\naudiences: [ops]\n") + "\nText.\n",
            "content/today.md": front("Today", "review_by: 2026-06-01\naudiences: [ops]\n") + "\nText.\n",
            "content/later.md": front("Later", "review_by: 2026-07-02\naudiences: [ops]\n") + "\nText.\n",
        }
    )
    result = check(root, ["ops"])
    assert result.lines("review-overdue") + result.lines("review-soon") == [
        "warning: content/past.md:4: [ops] review_by 2026-05-31 has passed; "
        "review the page, then set review_by to a future date",
        "notice: content/soon.md:4: [ops] review_by 2026-07-01 is in 30 days; "
        "review the page before then and set a new date",
        "notice: content/today.md:4: [ops] review_by 2026-06-01 is today; "
        "review the page before then and set a new date",
    ]
    assert result.code == 0
    strict = check(root, ["ops"], strict=True)
    assert strict.lines("review-overdue") == [
        "error: content/past.md:4: [ops] review_by 2026-05-31 has passed; "
        "review the page, then set review_by to a future date",
    ]
    assert strict.code == 1


def test_audience_without_pages_is_a_warning(make_project: MakeProject) -> None:
    root = make_project({**AUDIENCES, "content/a.md": front("A", "audiences: [ops]\n") + "\nText.\n"})
    assert check(root).lines("no-pages") == [
        "warning: audiences/desk.yml:1: [desk] this audience gets no pages; "
        "tag pages for it with 'audiences: [desk]' or remove audiences/desk.yml",
    ]


def test_page_empty_after_filtering(make_project: MakeProject) -> None:
    body = "\n/// only | ops\nOnly for operators.\n///\n"
    root = make_project({**AUDIENCES, "content/a.md": front("A") + body, "content/b.md": front("B") + "\nText.\n"})
    assert check(root).lines("empty-page") == [
        "warning: content/a.md:1: [desk] page is empty for this audience after filtering; "
        "add text for desk or hide the page from it with 'except: [desk]'",
    ]


def test_heading_left_with_nothing_under_it(make_project: MakeProject) -> None:
    body = """
## For operators

/// only | ops
Stop the line.
///

## For everyone

### Details

Text.
"""
    root = make_project({**AUDIENCES, "content/a.md": front("A") + body})
    assert check(root).lines("empty-heading") == [
        "warning: content/a.md:6: [desk] heading 'For operators' has nothing under it for this audience; "
        "add text under it, or put the heading in the same block as its content",
    ]


def test_term_defined_but_never_used(make_project: MakeProject) -> None:
    defaults = "terms:\n  helpdesk: the Help Desk\n  team: your team\n"
    body = "\nAsk {{ assistant }}. Tell {{ team }}.\n\n/// only | desk\nCall {{ helpdesk }}.\n///\n"
    root = make_project(
        {
            **AUDIENCES,
            "audiences/ops.yml": OPS.replace("the helper\n", "the helper\n  spare: a spare term\n", 1),
            "audiences/_defaults.yml": defaults,
            "content/a.md": front("A") + body,
        }
    )
    assert check(root).lines("unused-term") == [
        "warning: audiences/_defaults.yml:2: [ops] term 'helpdesk' is defined but no page this audience gets uses it; "
        "write {{ helpdesk }} where it belongs or remove the term",
        "warning: audiences/ops.yml:9: [ops] term 'spare' is defined but no page this audience gets uses it; "
        "write {{ spare }} where it belongs or remove the term",
    ]


def test_two_pages_with_the_same_title_in_one_site(make_project: MakeProject) -> None:
    root = make_project(
        {
            **AUDIENCES,
            "content/a.md": front("Ask {{ assistant }}") + "\nText.\n",
            "content/b.md": front("Ask the helper", "audiences: [ops]\n") + "\nText.\n",
        }
    )
    assert check(root).lines("duplicate-title") == [
        "warning: content/b.md:2: [ops] title 'Ask the helper' is also the title of content/a.md "
        "in this audience's site; give each page its own title",
    ]


def test_clean_project_has_no_findings(make_project: MakeProject) -> None:
    root = make_project({**AUDIENCES, "content/a.md": front("Ask {{ assistant }}") + "\nAsk {{ assistant }} first.\n"})
    result = check(root)
    assert result.lines() == []
    assert result.code == 0

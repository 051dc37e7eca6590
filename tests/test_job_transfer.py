"""An audience's job reaches its process whole, with the project sent once (generator/job_transfer.py)."""

from __future__ import annotations

import pickle

from conftest import REPO
from helpers import compiled

from generator.job_transfer import ProjectPickle, load_job
from generator.site.edition import SiteJob
from generator.worker import AudienceJob


def _jobs() -> list[AudienceJob]:
    result = compiled(REPO)
    assert not result.errors
    return [
        AudienceJob(
            SiteJob(e.audience.id, "mkdocs.yml", "docs", f"site/{e.audience.id}", {}, pages=(("index.md", "# Hi\n"),)),
            e,
            result.project,
            False,
            "2026-12-05",
        )
        for e in result.editions
    ]


def test_each_job_arrives_equal_and_shares_the_projects_own_pages_and_lines() -> None:
    jobs = _jobs()
    sent = ProjectPickle(jobs[0].project)
    for job in jobs:
        data = sent.job_bytes(job)
        loaded = load_job(sent.data, data)
        assert loaded == job
        pages = {id(p) for p in loaded.project.pages}
        lines = {id(item.line) for p in loaded.project.pages for item in p.items}
        assert all(id(p.page) in pages for p in loaded.edition.pages)
        assert loaded.edition.audience is loaded.project.audiences[job.edition.audience.id]
        # Lines no term changed are the project's own objects on both sides, and only they.
        for before, after in zip(job.edition.pages, loaded.edition.pages, strict=True):
            own = {id(item.line) for item in before.page.items}
            for line_before, line_after in zip(before.lines, after.lines, strict=True):
                assert (id(line_before) in own) == (id(line_after) in lines)
        # The project is not in the job's own bytes: a fraction of pickling it whole.
        assert len(data) < len(pickle.dumps(job, protocol=pickle.HIGHEST_PROTOCOL)) / 2


def test_some_lines_are_shared_and_some_filled_in_per_audience() -> None:
    """The test above covers both kinds: the example portal's terms change some lines, not most."""
    jobs = _jobs()
    shared = filled = 0
    for job in jobs:
        for page in job.edition.pages:
            own = {id(item.line) for item in page.page.items}
            for line in page.lines:
                shared += id(line) in own
                filled += id(line) not in own
    assert shared > filled > 0

"""The process server started before the command's imports (generator/process_server.py)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import MakeProject, audience, page

from generator.process_server import _planned_build

REPO = Path(__file__).resolve().parent.parent


@pytest.mark.parametrize(
    "args, planned",
    [
        (["build"], (None, True)),
        (["build", "portal", "--no-pdf", "-q", "--force", "-o", "out", "--jobs", "2"], (Path("portal"), False)),
        (["build", "--output=out", "--jobs=1", "--quiet", "portal"], (Path("portal"), True)),
        (["build", "-o", "--no-pdf"], (None, True)),  # the folder named --no-pdf: PDFs are still made
        (["build", "--audience", "ops"], None),  # one audience is built in the command's own process
        (["build", "--audience=ops", "--audience=mgr"], None),
        (["build", "--help"], None),
        (["build", "-qo", "out"], None),
        (["build", "--", "portal"], None),
        (["build", "one", "two"], None),
        (["check"], None),
        (["serve", "build"], None),
        ([], None),
    ],
)
def test_only_a_plain_build_is_planned_and_anything_unsure_is_left_to_the_command(
    args: list[str], planned: tuple[Path | None, bool] | None
) -> None:
    assert _planned_build(args) == planned


PROBE = """
import multiprocessing.forkserver as server, sys
from generator.process_server import start_early
start_early(sys.argv[1:])
early = server._forkserver._forkserver_pid
print("early" if early else "not early")
if early:
    from generator.cli import main
    try:
        main(sys.argv[1:])
    except SystemExit as exc:
        print("exit", exc.code)
    print("the same server" if server._forkserver._forkserver_pid == early else "another server")
"""


def _probe(cwd: Path, *args: str) -> list[str]:
    env = {**os.environ, "PYTHONPATH": str(REPO), "NO_MKDOCS_2_WARNING": "1"}
    run = subprocess.run(
        [sys.executable, "-c", PROBE, *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=120
    )
    assert run.returncode == 0, run.stderr
    return run.stdout.split("\n")[:-1]


def test_a_build_of_several_audiences_starts_the_server_first_and_builds_with_it(make_project: MakeProject) -> None:
    root = make_project(
        {
            "audiences/ops.yml": audience("Operators"),
            "audiences/mgr.yml": audience("Managers"),
            "content/index.md": page("Home", "Hello.\n"),
        }
    )
    assert _probe(root.parent, "build", str(root), "--no-pdf", "-q") == ["early", "exit 0", "the same server"]
    assert (root / "site" / "ops" / "index.html").is_file() and (root / "site" / "mgr" / "index.html").is_file()
    # Found as the command finds it: at or above the current folder.
    assert _probe(root / "content", "build", "--no-pdf", "-q") == ["early", "exit 0", "the same server"]


def test_one_audience_or_no_project_starts_no_server_ahead(make_project: MakeProject, tmp_path: Path) -> None:
    root = make_project({"audiences/ops.yml": audience("Operators"), "content/index.md": page("Home", "Hello.\n")})
    assert _probe(root, "build", "--no-pdf") == ["not early"]
    assert _probe(tmp_path, "build", str(tmp_path / "nowhere")) == ["not early"]


def test_a_server_whose_command_has_ended_skips_the_imports_still_to_come(monkeypatch: pytest.MonkeyPatch) -> None:
    """Started ahead of a build that then had nothing to build, it must not spend a core on MkDocs' imports."""
    from generator.launch import COMMAND_PID
    from generator.site.preload import import_while_wanted

    name = "generator.site.never_imported_here"  # no such module: reached only if the check lets it through
    monkeypatch.setenv(COMMAND_PID, str(os.getppid() + 1))  # not this process's parent: the command ended
    with pytest.raises(ImportError, match="the command that started this server has ended"):
        import_while_wanted((name,))
    monkeypatch.setenv(COMMAND_PID, str(os.getppid()))  # still running: every import is made
    with pytest.raises(ModuleNotFoundError, match=name):
        import_while_wanted((name,))
    monkeypatch.delenv(COMMAND_PID)  # a server not started by the command: imports as always
    with pytest.raises(ModuleNotFoundError, match=name):
        import_while_wanted((name,))


# Imports the server's preload, then ends as a process does: its objects are freed at teardown, if it has one.
_ENDS = """
import os, sys
import generator.site.preload

class Canary:
    def __del__(self):
        print("freed", flush=True)

canary = Canary()
print("imported;", "marked" if os.environ.get(%r) else "unmarked", flush=True)
sys.exit(%d)
"""


def test_only_the_server_itself_ends_without_its_teardown() -> None:
    """The server would hold the command's output open while it freed what it imported (generator/site/preload.py).

    Any other process importing the preload, such as this test run, keeps its teardown and its exit status.
    """
    from generator.launch import PROCESS_SERVER

    env = {key: value for key, value in os.environ.items() if key != PROCESS_SERVER}
    other = subprocess.run([sys.executable, "-c", _ENDS % (PROCESS_SERVER, 3)], env=env, capture_output=True, text=True)
    assert (other.stdout, other.returncode) == ("imported; unmarked\nfreed\n", 3)
    server_env = {**env, PROCESS_SERVER: "1"}
    server = subprocess.run(
        [sys.executable, "-c", _ENDS % (PROCESS_SERVER, 0)], env=server_env, capture_output=True, text=True
    )
    # Nothing freed, and the mark gone: what the server's children run (a hook's `python`) ends as usual.
    assert (server.stdout, server.returncode) == ("imported; unmarked\n", 0)


def test_the_audiences_processes_import_nothing_from_the_project_folder(make_project: MakeProject) -> None:
    """The server is started as `python -c`, which puts the current folder first on its import path: a
    project's own markdown.py or generator/ would be imported there in place of the library or of
    Fieldguide, in the audiences' processes only. Nor does what a build runs see the setting that prevents it."""
    from conftest import BASE_CONFIG

    imported = (
        "import pathlib\nwith open(pathlib.Path(__file__).parent / 'imported.txt', 'a') as f:\n    f.write(__name__)\n"
    )
    hook = (
        "import os, pathlib\n"
        "def on_config(config):\n"
        "    with open(pathlib.Path(__file__).parent / 'hook-saw.txt', 'a') as f:\n"
        "        f.write(repr(os.environ.get('PYTHONSAFEPATH')) + '\\n')\n"
    )
    root = make_project(
        {
            "mkdocs.yml": BASE_CONFIG + "hooks:\n  - env_hook.py\n",
            "env_hook.py": hook,
            "markdown.py": imported,
            "generator/__init__.py": imported,
            "audiences/ops.yml": audience("Operators"),
            "audiences/mgr.yml": audience("Managers"),
            "content/index.md": page("Home", "Hello.\n"),
        }
    )
    command = Path(sys.executable).with_name("fieldguide")  # installed by scripts/setup, as readers run it
    env = {k: v for k, v in os.environ.items() if k != "PYTHONSAFEPATH"} | {"NO_MKDOCS_2_WARNING": "1"}
    run = subprocess.run(
        [str(command), "build", "--no-pdf", "-q"], cwd=root, env=env, capture_output=True, text=True, timeout=300
    )
    assert run.returncode == 0, run.stderr
    assert (root / "site" / "ops" / "index.html").is_file() and (root / "site" / "mgr" / "index.html").is_file()
    assert not (root / "imported.txt").exists()
    assert (root / "hook-saw.txt").read_text(encoding="utf-8") == "None\nNone\n"


# Imported by each audience's process after the fork until the server imported them (generator/site/preload.py).
PRELOADED = [
    "mkdocs.config.defaults",
    "generator.verify.run",
    "generator.processes",
    "colorama",
    "pkgutil",
    "markdown.extensions.codehilite",
]


def test_the_audiences_processes_import_nothing_the_server_could_have(make_project: MakeProject) -> None:
    root = make_project(
        {
            **{f"audiences/a{i}.yml": audience(f"Audience {i}") for i in range(3)},
            "content/index.md": page("Home", "Hello.\n\n```python\nprint('hi')\n```\n"),
        }
    )
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONPROFILEIMPORTTIME": "1"}
    command = [str(Path(sys.executable).with_name("fieldguide")), "build", str(root), "--no-pdf", "-q"]
    run = subprocess.run(command, env=env, capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stderr
    imported = [line.rsplit("|", 1)[-1].strip() for line in run.stderr.splitlines() if line.startswith("import time:")]
    # The server's own imports (importlib.import_module) are not timed; each audience's would be, three times.
    # The command itself may import some of them once (it renders pages with Pygments, say).
    counts = {name: imported.count(name) for name in PRELOADED}
    assert all(count <= 1 for count in counts.values()), counts

"""The theme's Jinja templates, compiled once and kept in the cache by text.

Every `mkdocs build` parses and compiles each template it uses (about 36 for Material, 5–8 % of a
500-page build, paid again by every audience's process). Jinja's own bytecode cache keeps the compiled
code; it is used only when the template's source is byte for byte the one compiled (Jinja checks a
checksum of the source) and, here, only by an environment with the same settings and extensions,
with the same library versions (the folder carries the tool's fingerprint). `FIELDGUIDE_CACHE=off`
turns it off with the rest of the cache.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import shutil
from typing import Any

import jinja2
from jinja2.bccache import Bucket

from generator.site.environments import on_each_environment
from generator.textcache import cache_folder, past_keeping


class _SettingsBytecodeCache(jinja2.FileSystemBytecodeCache):
    """One file per template, name and file, and per environment settings that change the compiled code.

    Templates under `passing` (the build's own temporary folder, a new one each build) are not kept:
    their file names are part of the key, so each build would only add files that no build reads.
    """

    def __init__(self, directory: str, passing: str) -> None:
        super().__init__(directory)
        self.passing = os.path.join(passing, "")

    def get_bucket(self, environment: jinja2.Environment, name: str, filename: str | None, source: str) -> Bucket:
        if filename is None or filename.startswith(self.passing):
            return Bucket(environment, "", self.get_source_checksum(source))
        return super().get_bucket(environment, f"{name}\0{_settings_key(environment)}", filename, source)

    def load_bytecode(self, bucket: Bucket) -> None:
        if not bucket.key:
            return
        try:
            super().load_bytecode(bucket)
        except Exception:  # noqa: BLE001 - a damaged file (Jinja checks only its last part): compile again
            bucket.reset()

    def dump_bytecode(self, bucket: Bucket) -> None:
        if not bucket.key:
            return
        # A full disk or a folder that became read-only: the build goes on without it.
        with contextlib.suppress(OSError):
            super().dump_bytecode(bucket)


def _settings_key(environment: jinja2.Environment) -> str:
    settings = (
        sorted(environment.extensions),
        environment.block_start_string,
        environment.block_end_string,
        environment.variable_start_string,
        environment.variable_end_string,
        environment.comment_start_string,
        environment.comment_end_string,
        environment.line_statement_prefix,
        environment.line_comment_prefix,
        environment.trim_blocks,
        environment.lstrip_blocks,
        environment.newline_sequence,
        environment.keep_trailing_newline,
        environment.optimized,
        repr(environment.autoescape),
        repr(environment.finalize),
        # The loader's kind: generator/site/nav_memo.py's gives Material's nav-item.html another source.
        type(environment.loader).__qualname__,
    )
    return hashlib.sha256(repr(settings).encode()).hexdigest()[:16]


def keep_compiled_templates(theme: Any, passing: str) -> None:
    """Give every Jinja environment this MkDocs theme makes the compiled-template cache.

    Templates under the folder `passing` are compiled as usual and not kept.
    """
    cache = _bytecode_cache(passing)
    if cache is None:
        return

    def use_cache(environment: jinja2.Environment) -> None:
        environment.bytecode_cache = cache

    on_each_environment(theme, use_cache)


def _bytecode_cache(passing: str) -> jinja2.BytecodeCache | None:
    folder = cache_folder()
    if folder is None:
        return None
    from generator.incremental import tool_fingerprint

    directory = folder / f"templates-{tool_fingerprint()[:16]}"
    if not directory.is_dir():
        try:
            directory.mkdir(parents=True, exist_ok=True)
        except OSError:  # a folder that cannot be written is simply not used, as for the cache by text
            return None
        for old in past_keeping(folder.glob("templates-*"), directory):  # other versions' (textcache.py)
            shutil.rmtree(old, ignore_errors=True)
    return _SettingsBytecodeCache(str(directory), passing)

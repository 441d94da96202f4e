"""The compiled lookup index: a pack's index as JSON, kept by the pack's content digest.

Building an index means parsing and validating the YAML pack (pydantic) and reading the
English word list: about half a second. `ask` in a fresh process instead reads one JSON file
(a few milliseconds; JSON, never pickle, so a tampered cache cannot run code) named by the
SHA-256 of the pack's files and of the source of the modules that build an index, so any
change to the pack or to how an index is built picks a new file.

Where the file is looked for, in order:

1. `$DOCKER_QUIZ_INDEX_DIR`, e.g. a read-only folder baked into the container image at
   build time (`docker-quiz index` writes it);
2. the user's cache directory (platformdirs: `~/.cache/docker-quiz` on Linux).

When neither has it, the index is built from the pack and written to the first writable of
them (atomically: a temporary file renamed into place); when nothing is writable, the
index lives in memory for this process only.
"""

from __future__ import annotations

import gc
import hashlib
import json
import os
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from bot.lookup.index import LookupIndex

if TYPE_CHECKING:
    import logging

    from bot.content.pack import KnowledgePack

COMPILER_VERSION = "1"  # bump when the English word list or another input changes
# The modules whose code decides what a compiled index holds (relative to bot/).
COMPILER_SOURCES = (
    "text.py",
    "lookup/english.py",
    "lookup/index.py",
    "lookup/notes.py",
    "lookup/retrieval.py",
)
INDEX_DIR_VARIABLE = "DOCKER_QUIZ_INDEX_DIR"
APP_NAME = "docker-quiz"
PACK_SUFFIXES = (".yaml", ".yml")


def pack_digest(path: Path) -> str:
    """SHA-256 (hex) of the compiler (version and sources) and every YAML file of the pack
    (names and bytes, in name order). Raises OSError when the pack cannot be read."""
    digest = hashlib.sha256(f"docker-quiz lookup {COMPILER_VERSION}\n".encode())
    package = Path(__file__).resolve().parent.parent
    for source in COMPILER_SOURCES:
        digest.update((package / source).read_bytes())
    files = [path] if path.is_file() else sorted(p for p in path.rglob("*") if p.is_file())
    for file in files:
        if file.suffix not in PACK_SUFFIXES:
            continue
        name = file.name if path.is_file() else file.relative_to(path).as_posix()
        data = file.read_bytes()
        digest.update(f"{name}\n{len(data)}\n".encode())
        digest.update(data)
    return digest.hexdigest()


def index_dirs() -> Iterator[Path]:
    """Where compiled indexes are looked for and kept, in order (see the module docstring)."""
    chosen = os.environ.get(INDEX_DIR_VARIABLE, "").strip()
    if chosen:
        yield Path(chosen)
    from platformdirs import user_cache_path  # only when the first place has no index

    yield user_cache_path(APP_NAME, appauthor=False)


def index_file(folder: Path, digest: str) -> Path:
    """The file that holds the compiled index of the pack with this digest."""
    return folder / f"lookup-{digest[:32]}.json"


def load_index(path: Path, *, pack: KnowledgePack | None = None) -> LookupIndex:
    """The lookup index of the pack at `path`: compiled if one is kept, else built (from
    `pack` when given) and kept for next time. Raises PackError when it must be built and
    the pack is invalid."""
    digest = pack_digest(path)
    folders: list[Path] = []
    for folder in index_dirs():
        found = _read(index_file(folder, digest))
        if found is not None:
            return found
        folders.append(folder)
    if pack is None:
        from bot.content.pack import load_pack  # pydantic: only when there is no compiled index

        pack = load_pack(path)
    index = LookupIndex.for_pack(pack)
    for folder in folders:
        if write_index(index, index_file(folder, digest)):
            break
    return index


def write_index(index: LookupIndex, file: Path) -> bool:
    """Write a compiled index atomically; False (and a debug log) when it cannot be written."""
    import tempfile  # only when writing

    try:
        file.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(prefix=".lookup-", dir=file.parent)
        try:
            os.chmod(temporary, 0o644)  # readable by the user a container runs as
            with os.fdopen(handle, "w", encoding="utf-8") as out:
                json.dump(index.to_data(), out, ensure_ascii=False, separators=(",", ":"))
            os.replace(temporary, file)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
    except OSError as exc:
        _log().debug("compiled index not kept at %s: %s", file, exc)
        return False
    return True


def _read(file: Path) -> LookupIndex | None:
    # A bulk load makes tens of thousands of objects and frees none: collections that would
    # walk them while they are made only cost time on every fresh `ask`.
    collecting = gc.isenabled()
    gc.disable()
    try:
        data = json.loads(file.read_text(encoding="utf-8"))
        return LookupIndex.from_data(data)
    except FileNotFoundError:
        return None
    except (OSError, ValueError, KeyError, TypeError, AttributeError) as exc:
        _log().debug("compiled index at %s ignored: %s", file, exc)
        return None
    finally:
        if collecting:
            gc.enable()


def _log() -> logging.Logger:
    import logging  # only on the rare paths that log

    return logging.getLogger(__name__)

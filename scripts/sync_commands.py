"""Write the command registry into the docs that repeat it: the Slack manifest's usage hint
and the README's command table (between its markers).

    python scripts/sync_commands.py          # rewrite both files
    python scripts/sync_commands.py --check  # exit 1 (and say which) when either is stale

bot/commands.py REGISTRY is the source; tests/core/test_command_docs.py runs `--check`.
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from collections.abc import Sequence  # noqa: E402

from bot.commands import REGISTRY, CommandSpec  # noqa: E402
from bot.replies import PREFIX  # noqa: E402

MANIFEST = ROOT / "slack-manifest.yaml"
README = ROOT / "README.md"
START, END = "<!-- commands:start -->", "<!-- commands:end -->"
_HINT = re.compile(r'(?m)^(\s*usage_hint:\s*)"[^"\n]*"\s*$')
SLACK_HINT_LIMIT = 1000


def usage_hint(registry: Sequence[CommandSpec] = REGISTRY) -> str:
    """The slash command's usage hint: every command name."""
    hint = "[" + "|".join(spec.name for spec in registry) + "]"
    if len(hint) > SLACK_HINT_LIMIT:
        raise ValueError("the usage hint is longer than Slack allows")
    return hint


def _row(spec: CommandSpec) -> str:
    aliases = ", ".join(f"`{alias}`" for alias in spec.aliases)
    admin = " (admins only)" if spec.admin_only else ""
    if spec.admin_when:
        values = sorted(v for allowed in spec.admin_when.values() for v in allowed)
        admin = " (" + " and ".join(f"`{v}`" for v in values) + ": admins only)"
    usage = spec.usage.replace("|", "\\|")
    return f"| `{PREFIX} {usage}` | {spec.help}{admin} | {aliases} |"


def command_table(registry: Sequence[CommandSpec] = REGISTRY) -> str:
    """The README's table of commands, one row per registry entry, in `help` order."""
    lines = ["| Command | What it does | Also typed as |", "|---|---|---|"]
    lines += [_row(spec) for spec in registry]
    return "\n".join(lines)


def synced_manifest(text: str, registry: Sequence[CommandSpec] = REGISTRY) -> str:
    """The manifest text with its usage hint rewritten."""
    if not _HINT.search(text):
        raise ValueError(f"{MANIFEST.name}: no usage_hint line to rewrite")
    return _HINT.sub(lambda m: f'{m.group(1)}"{usage_hint(registry)}"', text, count=1)


def synced_readme(text: str, registry: Sequence[CommandSpec] = REGISTRY) -> str:
    """The README text with the block between its markers rewritten."""
    start, end = text.find(START), text.find(END)
    if start < 0 or end < start:
        raise ValueError(f"{README.name}: the {START} ... {END} markers are missing")
    return text[: start + len(START)] + "\n" + command_table(registry) + "\n" + text[end:]


def main(argv: list[str] | None = None) -> int:
    """Rewrite (or with --check, verify) the manifest and the README."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="only report stale files")
    args = parser.parse_args(argv)
    stale = []
    for path, sync in ((MANIFEST, synced_manifest), (README, synced_readme)):
        current = path.read_text(encoding="utf-8")
        wanted = sync(current)
        if wanted != current:
            stale.append(path.name)
            if not args.check:
                path.write_text(wanted, encoding="utf-8")
    if args.check and stale:
        print(
            f"out of date with the command registry: {', '.join(stale)}; "
            "run python scripts/sync_commands.py",
            file=sys.stderr,
        )
        return 1
    print("updated: " + ", ".join(stale) if stale else "up to date")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""`docker-quiz`: the command line. Each subcommand is a thin front end over the core."""

from __future__ import annotations

import json
import os
import re
import sys
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path
from types import SimpleNamespace
from typing import TYPE_CHECKING

from bot.errors import DockerQuizError, PackError
from bot.settings import Settings

if TYPE_CHECKING:
    import argparse

    Args = argparse.Namespace | SimpleNamespace


def _parser() -> argparse.ArgumentParser:
    import argparse  # not for a plain `ask` (see _quick_ask)

    from adapters.frontends import FRONT_ENDS

    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--knowledge",
        metavar="PATH",
        default=argparse.SUPPRESS,
        help="a knowledge pack folder (default: $KNOWLEDGE_PATH or the Docker pack)",
    )
    parser = argparse.ArgumentParser(
        prog="docker-quiz",
        parents=[common],
        description="An exam tutor for Docker fundamentals on AWS.",
    )
    parser.add_argument("--version", action="version", version=f"docker-quiz {_version()}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    ask = sub.add_parser("ask", parents=[common], help="answer a question from the notes")
    ask.add_argument("question", nargs="*", help="the question (none: one per line from stdin)")
    ask.add_argument("--json", action="store_true", help="print JSON (one object per question)")
    index = sub.add_parser(
        "index", parents=[common], help="compile the lookup index so `ask` starts fast"
    )
    index.add_argument(
        "--to", metavar="DIR", type=Path, help="the folder to write it to (default: the cache)"
    )
    validate = sub.add_parser("validate", parents=[common], help="check a knowledge pack")
    validate.add_argument("path", nargs="?", type=Path, help="the pack folder to check")
    validate.add_argument("--json", action="store_true", help="print the summary as JSON")
    validate.add_argument(
        "--strict",
        action="store_true",
        help="also check item quality: giveaways, restated why_wrong, near-duplicates, "
        "sources, shipped ids (needs the lint extra)",
    )
    validate.add_argument(
        "--record-shipped",
        action="store_true",
        help="record every current question id in the pack's shipped.yaml (after validating)",
    )
    sub.add_parser("chat", parents=[common], help="talk to the tutor in the terminal")
    quiz = sub.add_parser("quiz", parents=[common], help="take a quiz in the terminal")
    quiz.add_argument("--topic", "-t", help="only this topic (name or id, fuzzy)")
    quiz.add_argument("-n", type=int, default=10, help="number of questions (default 10)")
    for info in FRONT_ENDS.values():
        sub.add_parser(info.name, help=info.help)
    items = sub.add_parser(
        "items", parents=[common], help="item analysis: how each question does on first attempts"
    )
    output = items.add_mutually_exclusive_group()
    output.add_argument("--json", action="store_true", help="print one JSON document")
    output.add_argument("--csv", action="store_true", help="print CSV, one row per question")
    items.add_argument(
        "--workspace",
        metavar="W",
        help="only this workspace (Slack team id, Discord server id, 'local'); default: all",
    )
    daily = sub.add_parser("daily", parents=[common], help="the daily question")
    daily.add_argument("action", choices=["run-once"], help="post due daily questions, then exit")
    health = sub.add_parser("health", parents=[common], help="exit 0 when the tutor can serve")
    health.add_argument(
        "--bot", action="store_true", help="also require a running bot's fresh heartbeat"
    )
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the `docker-quiz` console script."""
    argv = list(sys.argv[1:] if argv is None else argv)
    args: Args | None = _quick_ask(argv)
    if args is None:
        from adapters.frontends import FRONT_ENDS  # not for a plain `ask`

        if argv and argv[0] in FRONT_ENDS:
            # The bots parse their own arguments (`--check`, `invite-url`, ...).
            return _front_end(argv[0], argv[1:])
        args = _parser().parse_args(argv)
    try:
        settings = Settings.from_env()
        if getattr(args, "knowledge", None):
            settings = replace(settings, knowledge_path=Path(args.knowledge))
        return _run(args, settings)
    except PackError as exc:
        print(f"docker-quiz: {exc}:", file=sys.stderr)
        for problem in exc.problems:
            print(f"  - {problem}", file=sys.stderr)
        return 2
    except DockerQuizError as exc:
        print(f"docker-quiz: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:  # Ctrl-C: the shell's prompt starts on its own line
        if sys.stdout.isatty():
            print(file=sys.stdout, flush=True)
        return 130
    except BrokenPipeError:
        # Output piped into `head` and the like: stop quietly, as other tools do.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 1


def _quick_ask(argv: list[str]) -> SimpleNamespace | None:
    """`ask [--json] words...` read without building the parser (argparse and its imports
    cost a fresh `ask` several milliseconds); anything else, help included, goes to it."""
    if not argv or argv[0] != "ask":
        return None
    words = [word for word in argv[1:] if word != "--json"]
    if any(word.startswith("-") for word in words):
        return None
    return SimpleNamespace(command="ask", question=words, json="--json" in argv[1:])


def _run(args: Args, settings: Settings) -> int:
    command = args.command or "chat"
    if command == "ask":
        if not args.question and sys.stdin.isatty():
            print(ASK_USAGE, file=sys.stderr)
            return 2
        return _ask(settings, args.question, as_json=args.json)
    if command == "validate":
        return _validate(
            args.path or settings.knowledge_path,
            as_json=args.json,
            strict=args.strict,
            record=args.record_shipped,
        )
    if command == "index":
        return _index(settings.knowledge_path, args.to)
    if settings.database_note:  # every command from here on opens the progress database
        print(f"docker-quiz: {settings.database_note}", file=sys.stderr)
    if command == "items":
        return _items(settings, workspace=args.workspace, as_json=args.json, as_csv=args.csv)
    if command == "health":
        from adapters.health import check_health

        return check_health(settings, bot=args.bot)
    return _with_tutor(args, settings, command)


ASK_USAGE = (
    'usage: docker-quiz ask "QUESTION"  (e.g. docker-quiz ask "which service scans images?"; '
    "or pipe questions in, one per line)"
)


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("docker-quiz")
    except PackageNotFoundError:  # run from a source tree that was never installed
        return "unknown"


def _front_end(name: str, rest: list[str]) -> int:
    from adapters import frontends, runtime

    try:
        front_end = frontends.load(name)
    except frontends.MissingExtra as exc:
        print(f"docker-quiz {name}: {exc}", file=sys.stderr)
        return 2
    return runtime.run(front_end, rest)


def _with_tutor(args: Args, settings: Settings, command: str) -> int:
    from adapters import terminal
    from bot.bootstrap import build_tutor

    tutor = build_tutor(settings)
    try:
        if command == "quiz":
            if args.n < 1:
                print("docker-quiz: -n must be at least 1", file=sys.stderr)
                return 2
            return terminal.quiz(tutor, count=args.n, topic=args.topic)
        if command == "daily":
            return terminal.daily_run_once(tutor)
        return terminal.chat(tutor)
    finally:
        tutor.close()


def _ask(settings: Settings, question: list[str], *, as_json: bool) -> int:
    # Only what answering needs: a compiled index (no YAML parsing, no pydantic) and the
    # lookup's wording; never the store or the tutor (SQLAlchemy).
    from adapters.screen import Screen
    from bot.lookup.asking import Asker
    from bot.lookup.compiled import load_index
    from bot.lookup.record import ask_record

    index = load_index(settings.knowledge_path)
    asker = Asker(index=index)
    questions = [" ".join(question)] if question else (line.rstrip("\n") for line in sys.stdin)
    screen = Screen(sys.stdout)
    for text in questions:
        if as_json:
            print(json.dumps(ask_record(index, text), ensure_ascii=False), flush=True)
            continue
        # The same reply chat gives, so the wording lives in bot/lookup/wording.py only; a
        # decline's suggestions are listed, an answer's related-note buttons mean nothing here.
        reply = asker.lookup(text)
        suggestions = [f"  - {b.label}" for b in reply.buttons] if reply.kind == "decline" else []
        said = _one_shot("\n".join([reply.text, *suggestions]))
        screen.show(replace(reply, buttons=(), text=said))
    return 0


def _one_shot(text: str) -> str:
    """A reply's command hints as a shell user runs them: `/docker-quiz ask Q` is
    `docker-quiz ask "Q"`; any other command is typed in `docker-quiz chat`."""
    from bot.replies import PREFIX

    def shell(found: re.Match[str]) -> str:
        command = found.group(1)
        if command.startswith("ask "):
            return f'`docker-quiz ask "{command[4:]}"`'
        return f"`/docker-quiz {command}` in `docker-quiz chat`"

    return re.sub(rf"`{re.escape(PREFIX)} ([^`]+)`", shell, text)


def _index(path: Path, folder: Path | None) -> int:
    from bot.content.pack import load_pack
    from bot.lookup.compiled import index_dirs, index_file, pack_digest, write_index
    from bot.lookup.index import LookupIndex

    index = LookupIndex.for_pack(load_pack(path))
    digest = pack_digest(path)
    for target in [folder] if folder else index_dirs():
        file = index_file(target, digest)
        if write_index(index, file):
            print(f"{file}: {len(index)} entries")
            return 0
    print("docker-quiz: no writable folder for the compiled index", file=sys.stderr)
    return 1


def _items(settings: Settings, *, workspace: str | None, as_json: bool, as_csv: bool) -> int:
    import csv

    from bot.content.pack import load_pack
    from bot.items.commands import item_analysis
    from bot.items.record import CSV_COLUMNS, csv_row, document
    from bot.items.wording import table
    from bot.store import Store

    pack = load_pack(settings.knowledge_path)
    store = Store.from_url(settings.database_url)
    try:
        items = item_analysis(store, pack.questions, workspace=workspace)
    finally:
        store.close()
    if as_json:
        print(json.dumps(document(items, workspace=workspace), indent=2, ensure_ascii=False))
    elif as_csv:
        writer = csv.DictWriter(sys.stdout, fieldnames=CSV_COLUMNS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(csv_row(item) for item in items)
    else:
        print(table(items))
    return 0


def _validate(path: Path, *, as_json: bool, strict: bool = False, record: bool = False) -> int:
    """Print the pack's counts and every problem (with --strict, every quality finding too);
    exit 1 when there is any. With --record-shipped, a valid pack's ids are recorded."""
    from bot.content.pack import check_pack

    pack, problems = check_pack(path)
    if record and not problems:
        from bot.content.shipped import record_shipped

        target, added = record_shipped(pack)
        pack, problems = check_pack(path)
        print(f"recorded {len(added)} new question id(s) in {target}", file=sys.stderr)
    elif record:
        print("nothing recorded: fix the problems below first", file=sys.stderr)
    findings: list[str] = []
    if strict:
        from bot.content.lint import lint_pack

        findings = [str(finding) for finding in lint_pack(pack)]
    summary = {**pack.summary(), "errors": problems}
    if strict:
        summary["findings"] = findings
    if as_json:
        print(json.dumps(summary, indent=2))
    else:
        print(
            f"{path}: {summary['topics']} topics, {summary['entries']} entries, "
            f"{summary['questions']} questions"
        )
        for topic, count in summary["questions_per_topic"].items():
            print(f"  {topic}: {count} questions")
        for title, found in (("problem", problems), ("strict finding", findings)):
            if found:
                print(f"{len(found)} {title}(s):")
                for line in found:
                    print(f"  - {line}")
        if not problems and not findings:
            print("OK: no problems found" + (" (strict)" if strict else ""))
    return 1 if problems or findings else 0


if __name__ == "__main__":
    sys.exit(main())

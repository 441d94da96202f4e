"""The wording of item analysis: the flagged questions in chat, the full table for the CLI."""

from __future__ import annotations

from collections.abc import Sequence

from bot.items.analysis import MIN_ATTEMPTS, TOO_EASY, TOO_HARD, Flag, ItemStats
from bot.replies import PREFIX, Reply
from bot.wording import error

PAGE_SIZE = 8
CLI = "docker-quiz items"


def describe(flag: Flag) -> str:
    """A flag in words, for admins."""
    key = flag.label.rsplit(":", 1)[-1]
    return {
        "too-easy": f"too easy (over {TOO_EASY:.0%} right)",
        "too-hard": f"too hard (under {TOO_HARD:.0%} right)",
        "negative-discrimination": "negative discrimination (stronger learners miss it more)",
        "unused-distractor": f"nobody picks {key}",
        "distractor-beats-key": f"{key} is picked more often than a correct option",
    }[flag.code]


def share(value: float | None) -> str:
    """A share as a whole percent; a dash when there is none."""
    return "–" if value is None else f"{value:.0%}"


def correlation(value: float | None) -> str:
    """A correlation with two decimals and a real minus sign; a dash when there is none."""
    return "–" if value is None else f"{value:+.2f}".replace("-", "−")


def option_counts(item: ItemStats) -> str:
    """`A* 24 · B 1 · C 0`: times each option was chosen, correct ones starred."""
    return " · ".join(
        f"{option.key}{'*' if option.correct else ''} {option.chosen}" for option in item.options
    )


def _order(item: ItemStats) -> tuple[int, int, int, str]:
    return (-len(item.flags), -item.open_reports, -item.attempts, item.question_id)


def flagged_page(items: Sequence[ItemStats], *, page: int) -> Reply:
    """One page of the flagged questions, most flags first; how many had enough attempts."""
    flagged = sorted((item for item in items if item.flagged), key=_order)
    enough = sum(1 for item in items if item.attempts >= MIN_ATTEMPTS)
    pages = max(1, -(-len(flagged) // PAGE_SIZE))
    if page > pages:
        return error(
            f"There {'is' if pages == 1 else 'are'} only {pages} page(s) of flagged items."
        )
    intro = (
        f"First attempts only. {enough} of {len(items)} questions have the {MIN_ATTEMPTS} "
        "first attempts a flag needs."
    )
    title = f"Item analysis: {len(flagged)} of {len(items)} questions flagged"
    if not flagged:
        return Reply(
            kind="info",
            title=title,
            private=True,
            text=f"{intro}\nNo question is flagged.",
            footer=f"Every question's figures: `{CLI} --csv` on the server.",
        )
    shown = flagged[(page - 1) * PAGE_SIZE : page * PAGE_SIZE]
    lines = [intro]
    for item in shown:
        reports = f", {item.open_reports} open report(s)" if item.open_reports else ""
        lines.append(
            f"- `{item.question_id}` ({item.topic}): {item.attempts} answered, "
            f"{share(item.share_right)} right, discrimination "
            f"{correlation(item.discrimination)}{reports}\n"
            f"  chosen: {option_counts(item)}\n"
            f"  {'; '.join(describe(flag) for flag in item.flags)}"
        )
    more = f" · next: `{PREFIX} items {page + 1}`" if page < pages else ""
    return Reply(
        kind="info",
        title=title,
        private=True,
        text="\n".join(lines),
        footer=f"Page {page} of {pages}{more} · every question: `{CLI} --csv` on the server",
    )


def table(items: Sequence[ItemStats]) -> str:
    """Every question as a plain-text table (the CLI's default output)."""
    header = ("question", "topic", "answered", "right", "discr.", "chosen", "reports", "flags")
    rows = [
        (
            item.question_id,
            item.topic,
            str(item.attempts),
            share(item.share_right),
            correlation(item.discrimination),
            option_counts(item),
            str(item.open_reports),
            ", ".join(flag.label for flag in item.flags) or "–",
        )
        for item in items
    ]
    widths = [max(len(row[i]) for row in (header, *rows)) for i in range(len(header))]
    lines = [
        "  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True))
        for row in (header, *rows)
    ]
    flagged = sum(1 for item in items if item.flagged)
    lines.append("")
    lines.append(
        f"{len(items)} questions, {flagged} flagged. First attempts only; flags need at least "
        f"{MIN_ATTEMPTS}. Discrimination: point-biserial r with the share right on other "
        "questions. * marks a correct option."
    )
    return "\n".join(line.rstrip() for line in lines)

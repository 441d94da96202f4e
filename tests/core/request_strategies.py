"""Hypothesis strategies for `Request`s an outsider could send: every field, not only the text.

Shared by the property test (tests/core/test_entry_point.py) and the 100,000-input run
(benchmarks/bench_entry_point.py). Besides arbitrary Unicode they mix in what broke the core
before: Unicode digits (`isdigit` true, `int` fails), lone surrogates (not encodable, so not
storable), control characters, overlong values, and well-formed commands and button actions
with those planted in their arguments.
"""

from __future__ import annotations

from hypothesis import strategies as st

from bot.commands import REGISTRY
from bot.replies import PREFIX, Request

UNICODE_DIGITS = ["²", "³", "¹", "٣", "۷", "߂", "१", "𝟚", "①", "Ⅻ", "½", "〇", "٠٠", "9" * 30]
SURROGATES = ["\ud800", "\udfff", "\udc80abc", "a\ud83d", "\ud83d\ude00"]
CONTROLS = ["\x00", "\x1b[31m", "\r\n", "\x7f", "\u2028", "\u202e", "\ufeff", "\t", "\x85"]
TRICKY = UNICODE_DIGITS + SURROGATES + CONTROLS + ["", " ", "-1", "0", "99", "a" * 300]

tricky = st.sampled_from(TRICKY)
# Unicode text including surrogates (category Cs), which st.text() leaves out by default.
wild = st.text(st.characters(codec=None, exclude_categories=()), max_size=40)
piece = st.one_of(tricky, wild, st.text(max_size=12))
names = [spec.name for spec in REGISTRY] + [a for spec in REGISTRY for a in spec.aliases]
words = st.sampled_from([*names, "on", "off", "status", "stop", "week", "09:00", "UTC", "8h"])
command = st.builds(
    lambda prefix, name, args: " ".join([prefix + name, *args]).strip(),
    st.sampled_from([f"{PREFIX} ", ""]),
    st.sampled_from(names),
    st.lists(st.one_of(words, piece, st.just("<#C0TEST>")), max_size=4),
)
letter = st.sampled_from(["A", "b", " c ", "1", "5", "E", "z"])
text = st.one_of(command, piece, letter, st.builds("".join, st.lists(piece, max_size=4)))

ref = st.one_of(
    st.sampled_from(["1", "2", "0", "999999999999", "9" * 30, "-1", "AAAAAAAAAAAAAAAA"]),
    piece,
)
option = st.one_of(st.sampled_from(["0", "1", "4", "9", "0.1", "1.1", "0.1.2.3.4.5"]), piece)
action = st.one_of(
    st.builds(lambda r, o: f"a:{r}:{o}", ref, option),
    st.builds(lambda r: f"s:{r}", ref),
    st.builds(lambda r: f"f:{r}", ref),
    st.builds(lambda t: f"q:{t}", st.one_of(st.sampled_from(["ecr", "images", "x"]), piece)),
    st.builds(lambda t: f"e:{t}", piece),
    st.sampled_from(["q", "r", "a", "a::", "s:", ":", "x" * 200]),
    piece,
)
identifier = st.one_of(st.sampled_from(["T1", "U1", "U2", "C1", "D1", "local"]), piece)
optional_id = st.one_of(st.none(), identifier)


@st.composite
def requests(draw: st.DrawFn) -> Request:
    """One request with arbitrary content in any field; about half are clicks."""
    clicked = draw(st.booleans())
    return Request(
        workspace=draw(identifier),
        user=draw(identifier),
        text="" if clicked else draw(text),
        action=draw(action) if clicked else draw(st.one_of(st.none(), st.none(), action)),
        channel=draw(optional_id),
        is_admin=draw(st.booleans()),
        user_name=draw(st.one_of(st.none(), piece)),
        selection=tuple(draw(st.lists(st.one_of(action, piece), max_size=3))),
        fields=draw(st.dictionaries(piece, piece, max_size=3)),
        meta=draw(st.dictionaries(st.sampled_from(["platform", "message", "x"]), piece)),
    )

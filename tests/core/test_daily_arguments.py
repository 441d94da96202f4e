"""What `daily on` and `tz` accept: every time, zone and channel a person types is read as
what it is, in any order, on every front end; what fits nothing gets a message that says
what it could have been."""

from __future__ import annotations

import asyncio
import random
import zoneinfo
from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, datetime
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot import timezones
from bot.arguments import Arg, ArgError, ParseContext, option_token, parse_args, parse_value
from bot.bootstrap import build_tutor
from bot.clock import FixedClock
from bot.commands import BY_NAME, REGISTRY, parse
from bot.content.pack import KnowledgePack
from bot.lookup.index import LookupIndex
from bot.replies import PREFIX, Request
from bot.settings import Settings, default_knowledge_path
from bot.tutor import Tutor

DAILY = BY_NAME["daily"].args
CHANNEL = Arg("channel", "channel", "Channel")
CONTEXT = ParseContext()
EVERY_NAME = sorted(
    {*timezones.ABBREVIATIONS, *timezones.COUNTRIES, *timezones.AMBIGUOUS, *timezones.UTC_NAMES}
)
REGIONS = sorted(z for z in zoneinfo.available_timezones() if timezones.is_region(z))
WINTER = datetime(2026, 1, 15, 12, 0, tzinfo=UTC)
SUMMER = datetime(2026, 7, 15, 12, 0, tzinfo=UTC)


def daily(text: str) -> dict[str, Any]:
    return parse_args(DAILY, text, CONTEXT)[0]


# -- zones --------------------------------------------------------------------------------------


def test_the_abbreviations_people_mean_are_region_zones_with_summer_time() -> None:
    assert daily("on 09:00 EST")["timezone"] == "America/New_York"
    assert daily("on 09:00 edt")["timezone"] == "America/New_York"
    assert daily("on 9am CET")["timezone"] == "Europe/Berlin"
    assert daily("on 9am PST")["timezone"] == "America/Los_Angeles"
    # IANA's own "EST" is a fixed UTC-5 all year; the zone chosen moves with summer time.
    new_york = zoneinfo.ZoneInfo(daily("on EST")["timezone"])
    assert WINTER.astimezone(new_york).utcoffset() != SUMMER.astimezone(new_york).utcoffset()


@pytest.mark.parametrize("name", sorted({*timezones.ABBREVIATIONS, *timezones.COUNTRIES}))
def test_every_name_in_the_table_is_a_region_zone_this_machine_knows(name: str) -> None:
    zone = parse_value(Arg("zone", "zone", "Zone"), name, CONTEXT)
    assert timezones.is_region(str(zone)), (name, zone)
    # Typed in any case, and as a `tz` or `daily on` argument alike.
    assert parse_value(Arg("zone", "zone", "Zone"), name.upper(), CONTEXT) == zone
    assert daily(f"on {name.title()}")["timezone"] == zone
    command = parse(f"{PREFIX} tz {name}", CONTEXT)
    assert command is not None and command.invocation is not None
    assert command.invocation.values == {"zone": zone}


@pytest.mark.parametrize("name", sorted(timezones.AMBIGUOUS))
def test_every_ambiguous_name_is_refused_with_its_choices(name: str) -> None:
    choices = timezones.AMBIGUOUS[name]
    assert len(choices) >= 2
    assert all(zone == "UTC" or timezones.is_region(zone) for zone in choices)
    with pytest.raises(ArgError) as refused:
        daily(f"on 09:00 {name.upper()}")
    assert all(f"`{zone}`" in str(refused.value) for zone in choices)
    assert "could mean" in str(refused.value)


@given(st.sampled_from(REGIONS), st.sampled_from(["lower", "upper", "spaces"]))
@settings(max_examples=200, deadline=None)
def test_every_region_zone_is_accepted_however_it_is_written(zone: str, style: str) -> None:
    typed = {"lower": zone.lower(), "upper": zone.upper(), "spaces": zone.replace("_", " ")}
    assert daily(f"on {typed[style]} 9am")["timezone"] == zone


def test_the_reply_echoes_the_zone_chosen_and_its_offset_now(tutor: Tutor) -> None:
    admin = Request(workspace="T1", user="U1", channel="C0DAILY01", is_admin=True)
    winter = tutor.handle(_with(admin, f"{PREFIX} daily on 9am EST"))
    assert "**09:00 America/New_York (EST, UTC-05:00 now)**" in winter.text
    tutor.clock.set(SUMMER)  # type: ignore[attr-defined]
    summer = tutor.handle(_with(admin, f"{PREFIX} daily on 9:30pm CET"))
    assert "**21:30 Europe/Berlin (CEST, UTC+02:00 now)**" in summer.text
    kolkata = tutor.handle(_with(admin, f"{PREFIX} tz India"))
    assert "Asia/Kolkata (IST, UTC+05:30 now)" in kolkata.text


# -- times ---------------------------------------------------------------------------------------


@given(st.integers(0, 23), st.integers(0, 59))
def test_every_time_of_day_reads_the_same_in_24_and_12_hour_forms(hour: int, minute: int) -> None:
    expected = f"{hour:02d}:{minute:02d}"
    half = "am" if hour < 12 else "pm"
    twelve = hour % 12 or 12
    forms = [expected, f"{hour}:{minute:02d}", f"{twelve}:{minute:02d}{half}"]
    forms += [f"{twelve}:{minute:02d} {half.upper()}", f"{hour}.{minute:02d}"]
    if minute == 0:
        forms += [f"{twelve}{half}", f"{twelve} {half}", str(hour)]
    for form in forms:
        assert daily(f"on {form}")["time"] == expected, form


@pytest.mark.parametrize("typed", ["25:00", "24:00", "9:60", "13pm", "0am", "00:99"])
def test_impossible_times_say_what_a_time_looks_like(typed: str) -> None:
    with pytest.raises(ArgError, match="is not a time of day"):
        daily(f"on {typed} Europe/Berlin")


# -- channels ------------------------------------------------------------------------------------


@given(st.sampled_from([*EVERY_NAME, *REGIONS, *(z.rsplit("/", 1)[1] for z in REGIONS)]))
@settings(max_examples=300)
def test_no_zone_name_is_ever_read_as_a_channel(name: str) -> None:
    for typed in (name, name.upper(), name.title()):
        with pytest.raises(ArgError):
            parse_value(CHANNEL, typed, CONTEXT)


@given(
    st.sampled_from(["<#C0DAILY01|quiz>", "<#C0DAILY01>", "C0DAILY01", "#C0DAILY01"]),
    st.sampled_from(["09:00", "9am", "9:00 am", "9"]),
    st.sampled_from(["EST", "Europe/Berlin", "new york", "Germany", "utc"]),
    st.sampled_from(["6h", "reveal=6h"]),
    st.randoms(use_true_random=False),
)
def test_daily_on_reads_its_arguments_in_any_order(
    channel: str, time: str, zone: str, reveal: str, rng: random.Random
) -> None:
    words = [channel, time, zone, reveal]
    rng.shuffle(words)
    values = daily("on " + " ".join(words))
    assert values["channel"] == "C0DAILY01" and values["time"] == "09:00"
    assert values["timezone"] == timezones.resolve(zone).zone and values["reveal_hours"] == 6


def test_discord_snowflakes_and_slack_ids_are_channels() -> None:
    assert daily("on 123456789012345678 9am")["channel"] == "123456789012345678"
    assert daily("on <#123456789012345678> 9am EST")["channel"] == "123456789012345678"


# -- what fits nothing ---------------------------------------------------------------------------


def test_a_word_that_fits_nothing_is_told_what_it_could_have_been() -> None:
    with pytest.raises(ArgError) as refused:
        daily("on 9am tomorrow")
    message = str(refused.value)
    assert "`tomorrow`" in message
    assert all(what in message for what in ("a time zone", "a channel", "`8h`"))
    with pytest.raises(ArgError, match="pick the channel from the list"):
        daily("on #quiz 9am")
    with pytest.raises(ArgError, match="given twice"):
        daily("on time=9am time=10am")


def test_settings_without_on_ask_for_on(tutor: Tutor) -> None:
    reply = tutor.handle(
        Request(workspace="T1", user="U1", channel="C1", is_admin=True, text="daily 9am EST")
    )
    assert reply.kind == "error" and "daily on" in reply.text
    assert tutor.store.daily_configs(workspace="T1") == []


# -- every front end -----------------------------------------------------------------------------


@given(
    zone=st.one_of(
        st.sampled_from(EVERY_NAME),
        st.sampled_from(REGIONS),
        st.from_regex(r"[0-9]{17,19}", fullmatch=True),  # an id typed into the zone field
        st.from_regex(r"C[0-9A-Z]{8}", fullmatch=True),
    ),
    time=st.sampled_from(["9am", "21:30", "9 pm"]),
)
@settings(max_examples=150, deadline=None)
def test_on_discord_a_zone_option_never_takes_the_channels_place(zone: str, time: str) -> None:
    heard = _discord_daily(action="on", time=time, timezone=zone, channel="987654321098765432")
    parsed = parse(heard, CONTEXT)
    assert parsed is not None
    if parsed.invocation is None:  # refused: the zone option is not a zone
        assert parsed.error is not None
        return
    values = parsed.invocation.values
    assert values["channel"] == "987654321098765432"
    assert values["timezone"] == timezones.resolve(zone).zone


def test_every_option_token_goes_to_its_own_argument_only() -> None:
    for spec in REGISTRY:
        for arg in spec.args:
            if arg.greedy or arg.kind == "word":
                continue
            for other in spec.args:
                if other is not arg and not other.greedy:
                    token = option_token(arg, "Europe/Berlin")
                    with pytest.raises(ArgError):
                        parse_args((other,), token, CONTEXT)


# -- helpers -------------------------------------------------------------------------------------


@pytest.fixture
def tutor(tmp_path: Any, pack: KnowledgePack, index: LookupIndex) -> Iterator[Tutor]:
    built = build_tutor(
        Settings(knowledge_path=default_knowledge_path(), database_url="sqlite://"),
        pack=pack,
        index=index,
        clock=FixedClock(datetime(2026, 3, 2, 8, 0, tzinfo=UTC)),
        rng=random.Random(1),
    )
    yield built
    built.close()


def _with(request: Request, text: str) -> Request:
    return Request(
        workspace=request.workspace,
        user=request.user,
        channel=request.channel,
        is_admin=request.is_admin,
        text=text,
    )


def _discord_daily(**options: Any) -> str:
    """The text the core gets when `/docker-quiz daily` is used on Discord with `options`."""
    from adapters.discord_bot.commands import command_group

    heard: list[str] = []

    class Target:
        pack = None

        async def on_command(self, interaction: Any, *words: str) -> None:
            heard.append(" ".join((PREFIX, *words)))

    class Channel:
        def __init__(self, ident: str) -> None:
            self.id = ident

    sub = command_group(Target()).get_command("daily")  # type: ignore[arg-type]
    assert sub is not None
    if "channel" in options:
        options["channel"] = Channel(options["channel"])
    asyncio.run(sub.callback(None, **options))  # type: ignore[arg-type, call-arg, union-attr]
    return heard[0]


def test_a_time_without_a_zone_is_read_in_the_admins_own_zone(tutor: Tutor) -> None:
    """ "daily on 7pm" means 7pm where the admin is: the zone they set with `tz`."""
    admin = Request(workspace="T1", user="U1", channel="C1", is_admin=True)
    tutor.handle(replace(admin, text="daily on 7pm"))
    assert tutor.store.daily_configs(workspace="T1")[0].tz == "UTC"  # none set: UTC
    tutor.handle(replace(admin, text="tz Europe/Berlin"))
    reply = tutor.handle(replace(admin, text="daily on 7pm"))
    assert "19:00" in reply.text and "Europe/Berlin" in reply.text
    assert tutor.store.daily_configs(workspace="T1")[0].tz == "Europe/Berlin"
    tutor.handle(replace(admin, text="daily on 7pm EST"))
    assert tutor.store.daily_configs(workspace="T1")[0].tz == "America/New_York"


@pytest.mark.parametrize(
    ("typed", "offset"),
    [("UTC-5", -5.0), ("gmt+5:30", 5.5), ("+02:00", 2.0), ("Etc/GMT+3", -3.0), ("UTC−8", -8.0)],
)
def test_a_utc_offset_is_answered_with_zones_at_that_offset(typed: str, offset: float) -> None:
    """An offset is not a zone (most places change theirs with summer time): the learner
    is offered well-known zones at that offset now, as for an ambiguous name."""
    now = datetime(2026, 12, 2, 12, tzinfo=UTC)
    found = timezones.resolve(typed, now)
    assert found.zone is None and found.offset and found.choices
    for zone in found.choices:
        local = now.astimezone(zoneinfo.ZoneInfo(zone)).utcoffset()
        assert local is not None and local.total_seconds() == offset * 3600, zone
    with pytest.raises(ArgError, match="is a UTC offset") as refused:
        daily(f"on 9am {typed}")
    assert f"`{found.choices[0]}`" in str(refused.value)
    assert timezones.resolve("UTC+0", now).zone == "UTC"

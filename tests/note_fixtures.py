"""A small pack whose entry has a diagram and sources, for tests of how notes are shown."""

from __future__ import annotations

from pathlib import Path

import yaml

from bot.content.pack import KnowledgePack, load_pack

DIAGRAM = """\
[ Client ] --build--> [ Daemon ] <--pull-- [ Registry ]
    |                     |
  **not bold**  quokka  _not italic_
- not a bullet"""
SOURCE = "https://docs.docker.com/get-started/docker-overview/"


def note_pack(folder: Path) -> KnowledgePack:
    """Topic `basics`, entry `flow` (diagram + source), question `q-flow` (source)."""
    data = {
        "topics": [{"id": "basics", "title": "Basics", "section": 1, "summary": "Basics."}],
        "entries": [
            {
                "id": "flow",
                "topic": "basics",
                "title": "Client, daemon and registry",
                "answer": "The client asks the daemon, which pulls from the registry.",
                "explanation": "The docker client talks to dockerd over its REST API.",
                "phrasings": ["how does the client talk to the daemon"],
                "diagram": DIAGRAM,
                "sources": [SOURCE],
            }
        ],
        "questions": [
            {
                "id": "q-flow",
                "topic": "basics",
                "difficulty": "easy",
                "prompt": "Which component pulls images from a registry?",
                "options": [
                    {"text": "The daemon"},
                    {"text": "The client", "why_wrong": "It only sends requests."},
                    {"text": "The registry", "why_wrong": "It stores and serves them."},
                ],
                "answer": "The daemon",
                "explanation": "dockerd pulls, builds and runs; the client only asks.",
                "sources": [SOURCE],
            }
        ],
    }
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "pack.yaml").write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    return load_pack(folder)

"""deploy/: the Dockerfile installs the way CI does, and the recipes agree with the code."""

from __future__ import annotations

import re
import shlex

import yaml

from bench._common import REPO
from bot.config import Settings
from bot.ops.http import build_app

DOCKERFILE = REPO / "deploy" / "Dockerfile"


def _run_commands() -> list[str]:
    """The Dockerfile's RUN commands, one per ``&&`` step, continuation lines joined."""
    text = DOCKERFILE.read_text(encoding="utf-8").replace("\\\n", " ")
    steps: list[str] = []
    for line in text.splitlines():
        if line.startswith("RUN "):
            steps += [" ".join(part.split()) for part in line[4:].split("&&")]
    return steps


def _make_steps(target: str) -> list[str]:
    """The commands of a Makefile target, with $(BIN)/ removed."""
    lines = (REPO / "Makefile").read_text(encoding="utf-8").splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith(f"{target}:"))
    body = []
    for line in lines[start + 1 :]:
        if not line.startswith("\t"):
            break
        body.append(" ".join(line.strip().replace("$(BIN)/", "").split()))
    return body


def test_the_image_installs_and_compiles_as_ci_does() -> None:
    steps = _run_commands()
    ci_install = next(s for s in _make_steps("$(STAMP)") if "pip install --quiet -e" in s)
    # CI: pip install --quiet -e '.[dev]'; the image: the same package without the dev tools.
    assert shlex.split(ci_install)[-2:] == ["-e", ".[dev]"]
    assert ".venv/bin/pip install --no-cache-dir -e ." in steps
    assert _make_steps("i18n") == ["kylabot i18n compile"]
    assert ".venv/bin/kylabot i18n compile" in steps


def test_the_healthchecks_ask_the_route_the_bot_serves() -> None:
    compose = yaml.safe_load((REPO / "deploy" / "compose.yaml").read_text(encoding="utf-8"))
    probe = " ".join(compose["services"]["bot"]["healthcheck"]["test"])
    docker = re.search(r"http://127\.0\.0\.1:(\d+)(/\w+)", DOCKERFILE.read_text())
    assert docker is not None and docker.group(2) in probe
    paths = {route.path for route in build_app(_services()).routes}  # type: ignore[attr-defined]
    assert docker.group(2) in paths
    assert (
        "ENV" in DOCKERFILE.read_text() and f"0.0.0.0:{docker.group(1)}" in DOCKERFILE.read_text()
    )


def _services() -> object:
    from types import SimpleNamespace

    return SimpleNamespace(
        find=lambda kind: None,
        keep=lambda value: value,
        sender=None,
        settings=Settings(),
        http_routes=(),
    )

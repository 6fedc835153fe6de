"""The deployment description validates: every Kubernetes manifest against
the API's schema (kubernetes-validate, strict, offline), the Compose file's
services run the image's commands, and the probes' paths exist."""

import os
import re
import subprocess
from pathlib import Path

import kubernetes_validate
import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
K8S = sorted((ROOT / "deploy" / "k8s").glob("*.yaml"))
KUBERNETES_VERSION = "1.33.0"


def _documents(path):
    return [doc for doc in yaml.safe_load_all(path.read_text()) if doc]


@pytest.mark.parametrize("path", K8S, ids=[p.name for p in K8S])
def test_each_manifest_is_valid_kubernetes(path):
    for document in _documents(path):
        kubernetes_validate.validate(document, KUBERNETES_VERSION, strict=True)


def _containers():
    for path in K8S:
        for doc in _documents(path):
            spec = doc.get("spec", {})
            pod = spec.get("template", {}).get("spec", {})
            yield from pod.get("containers", [])


def test_each_container_runs_an_entrypoint_command_and_web_has_its_probes():
    entrypoint = (ROOT / "deploy" / "entrypoint.sh").read_text()
    commands = set()
    for container in _containers():
        (command,) = container["args"]
        assert f"    {command})" in entrypoint
        commands.add(command)
        if command == "web":
            assert container["livenessProbe"]["httpGet"]["path"] == "/healthz"
            assert container["readinessProbe"]["httpGet"]["path"] == "/readyz"
    assert commands == {"web", "worker", "scheduler", "migrate"}


def test_compose_runs_the_same_processes():
    compose = yaml.safe_load((ROOT / "deploy" / "compose.yaml").read_text())
    services = compose["services"]
    assert {"web", "worker", "scheduler", "migrate"} <= set(services)
    for name in ("web", "worker", "scheduler", "migrate"):
        assert services[name]["command"] == [name]


def test_compose_puts_the_sites_own_proxy_configuration_in_front_of_web():
    compose = yaml.safe_load((ROOT / "deploy" / "compose.yaml").read_text())
    proxy = compose["services"]["proxy"]
    assert "./haproxy.cfg:/usr/local/etc/haproxy/haproxy.cfg:ro" in proxy["volumes"]
    assert proxy["command"][-1] == "/usr/local/etc/haproxy/haproxy.cfg"
    assert proxy["environment"]["MAALEM_WEB_ADDR"] == "web:8000"
    # Every variable the configuration expands is given.
    config = (ROOT / "deploy" / "haproxy.cfg").read_text()
    needed = set(re.findall(r'"\$\{(MAALEM_\w+)\}"', config))
    assert needed - {"MAALEM_PROXY_STATS"} <= set(proxy["environment"])


def _entrypoint_runs(tmp_path, command, program, **env):
    """The lines a stand-in `program` on the PATH recorded when the
    entrypoint ran `command`: what it was started with."""
    log = tmp_path / "ran.log"
    log.unlink(missing_ok=True)
    fake = tmp_path / program
    fake.write_text(f'#!/bin/sh\necho "$*" >> "{log}"\n')
    fake.chmod(0o755)
    subprocess.run(
        ["sh", str(ROOT / "deploy" / "entrypoint.sh"), command],
        env={"PATH": f"{tmp_path}:/usr/bin:/bin", **env},
        check=True,
    )
    return log.read_text().splitlines()


def test_the_release_step_migrates_then_gives_the_planner_its_statistics(tmp_path):
    assert _entrypoint_runs(tmp_path, "migrate", "python") == [
        "manage.py migrate --noinput",
        "manage.py analyze_database",
    ]


def _web_args(tmp_path, **env):
    (line,) = _entrypoint_runs(tmp_path, "web", "gunicorn", **env)
    args = line.split()
    return args[args.index("--workers") + 1], args[args.index("--threads") + 1]


def test_the_site_serves_one_single_threaded_worker_per_cpu_by_default(tmp_path):
    # Measured: more requests at once than CPUs only share them (README,
    # "Round 12"); the operator's figures win.
    assert _web_args(tmp_path) == (str(len(os.sched_getaffinity(0))), "1")
    assert _web_args(tmp_path, WEB_CONCURRENCY="5", WEB_THREADS="4") == ("5", "4")

"""pytest plugin that points LocalStack's S3 test suite at a standalone S3 server on 4566.

Loaded with ``-p ruststack_conformance`` so it imports before any conftest module. It does three
things (and more in the runner's modes):

1. resolves ``localhost`` and every ``*.localhost.localstack.cloud`` name to 127.0.0.1 (there is no
   DNS on these machines and /etc/hosts cannot list random bucket subdomains);
2. sets the environment the LocalStack fixtures read (test credentials, SERVICES=s3 so that no
   fixture calls STS, TEST_SKIP_LOCALSTACK_START so that no LocalStack is started in-process);
3. turns on the suite's S3-only mode: ``tests/aws/services/s3/conftest.py`` derives
   ``TEST_S3_IMAGE`` from the existence of ``/usr/lib/localstack/.s3-version``. Instead of creating
   that file we set the attribute on the conftest module when pytest registers it, which happens
   before the test modules of that directory import it (``from ...conftest import TEST_S3_IMAGE``).
4. with ``RUSTSTACK_CONFIG_UPDATES=1`` (the runner's pass, against a server started with
   ``ENABLE_CONFIG_UPDATES=1``) sends the suite's changes to LocalStack's in-process configuration
   (``monkeypatch.setattr(config, "S3_SKIP_SIGNATURE_VALIDATION", False)`` and the like) to the
   server's ``POST /_localstack/config``: the ``localstack.config`` module forwards assignments to
   the settings the server can change at runtime. Putting back LocalStack's original value (what
   monkeypatch does at teardown) puts back the server's own, and after each test every setting
   still changed is restored, so a test's patch never leaks into the next one.
5. with ``RUSTSTACK_EVENTS_ENDPOINT`` set (the runner's ``--notifications`` mode) keeps the
   notification tests enabled (no S3-only mode) and points the suite's SQS, SNS, EventBridge and
   Lambda clients at that endpoint (moto's server), where the server under test delivers events.
"""

from __future__ import annotations

import json
import os
import socket
import urllib.error
import urllib.request

import pytest

LOOPBACK = "127.0.0.1"
LOCALSTACK_DOMAIN = "localhost.localstack.cloud"
S3_CONFTEST_SUFFIX = os.path.join("tests", "aws", "services", "s3", "conftest.py")

# Values the LocalStack fixtures and botocore read at import; setdefault keeps a caller's override.
ENVIRONMENT = {
    "AWS_ACCESS_KEY_ID": "test",
    "AWS_SECRET_ACCESS_KEY": "test",
    "AWS_DEFAULT_REGION": "us-east-1",
    "TEST_SKIP_LOCALSTACK_START": "1",
    "SERVICES": "s3",
    "GATEWAY_LISTEN": "0.0.0.0:4566",
}


def _is_local_name(host: object) -> bool:
    if isinstance(host, bytes):
        host = host.decode("ascii", "replace")
    if not isinstance(host, str):
        return False
    name = host.rstrip(".").lower()
    return name == "localhost" or name == LOCALSTACK_DOMAIN or name.endswith("." + LOCALSTACK_DOMAIN)


def _patch_name_resolution() -> None:
    original_getaddrinfo = socket.getaddrinfo
    original_gethostbyname = socket.gethostbyname
    original_gethostbyname_ex = socket.gethostbyname_ex

    def getaddrinfo(host, port, family=0, type=0, proto=0, flags=0):  # noqa: A002 - socket's names
        if _is_local_name(host):
            host = LOOPBACK
            if family == socket.AF_INET6:
                family = socket.AF_INET
        return original_getaddrinfo(host, port, family, type, proto, flags)

    def gethostbyname(host):
        return LOOPBACK if _is_local_name(host) else original_gethostbyname(host)

    def gethostbyname_ex(host):
        if _is_local_name(host):
            return (host, [], [LOOPBACK])
        return original_gethostbyname_ex(host)

    socket.getaddrinfo = getaddrinfo
    socket.gethostbyname = gethostbyname
    socket.gethostbyname_ex = gethostbyname_ex


def _set_environment() -> None:
    for name, value in ENVIRONMENT.items():
        os.environ.setdefault(name, value)


_set_environment()
_patch_name_resolution()


EVENTS_ENDPOINT = os.environ.get("RUSTSTACK_EVENTS_ENDPOINT")
EVENT_SERVICES = {"sqs", "sns", "events", "lambda"}


def _patch_event_service_clients() -> None:
    """The suite's clients for the destination services talk to EVENTS_ENDPOINT, S3's to us."""
    import inspect

    from localstack.aws import connect

    original = connect.ExternalClientFactory.get_client
    signature = inspect.signature(original)

    def get_client(self, *args, **kwargs):
        bound = signature.bind(self, *args, **kwargs)
        if bound.arguments.get("service_name") in EVENT_SERVICES:
            bound.arguments["endpoint_url"] = EVENTS_ENDPOINT
        return original(*bound.args, **bound.kwargs)

    connect.ExternalClientFactory.get_client = get_client


def pytest_configure(config):  # noqa: ARG001 - pytest hook signature
    if EVENTS_ENDPOINT:
        _patch_event_service_clients()
    if CONFIG_UPDATES:
        _route_config_updates()


def pytest_plugin_registered(plugin, manager):  # noqa: ARG001 - pytest hook signature
    """Flip TEST_S3_IMAGE on the S3 conftest as soon as pytest has imported it."""
    if EVENTS_ENDPOINT:
        return  # the notification tests skip themselves in S3-only mode
    path = getattr(plugin, "__file__", None)
    if isinstance(path, str) and path.endswith(S3_CONFTEST_SUFFIX):
        plugin.TEST_S3_IMAGE = True


CONFIG_UPDATES = os.environ.get("RUSTSTACK_CONFIG_UPDATES") == "1"
CONFIG_URL = "http://127.0.0.1:4566/_localstack/config"
# No proxy from the environment between the suite and the server it drives.
_OPENER = urllib.request.build_opener(urllib.request.ProxyHandler({}))


def _config_call(change: dict | None = None) -> dict:
    """GET the server's runtime settings, or POST one change; a refusal fails the calling test."""
    data = None if change is None else json.dumps(change).encode()
    request = urllib.request.Request(
        CONFIG_URL, data=data, method="GET" if change is None else "POST",
        headers={"Content-Type": "application/json"},
    )
    try:
        with _OPENER.open(request, timeout=10) as response:
            return json.loads(response.read())
    except urllib.error.HTTPError as e:
        raise RuntimeError(f"{CONFIG_URL} answered {e.code} to {change}: {e.read().decode(errors='replace')}") from None


def _wire_value(value):
    """LocalStack's config values as the endpoint takes them (HostAndPort as host:port)."""
    if isinstance(value, (bool, int, float, str)):
        return value
    if value is None:
        return ""
    if isinstance(value, (list, tuple)):
        return ",".join(str(v) for v in value)
    return str(value)


class ServerConfig:
    """The server's runtime settings, driven by assignments to ``localstack.config``."""

    def __init__(self, module):
        self.baseline = _config_call()
        # LocalStack's own values at start: assigning one back means "as the server was started".
        self.initial = {name: getattr(module, name, None) for name in self.baseline}
        self.changed: set[str] = set()

    def forward(self, name: str, value) -> None:
        wire = self.baseline[name] if value is self.initial[name] else _wire_value(value)
        answer = _config_call({"variable": name, "value": wire})
        if answer.get("value") == self.baseline[name]:
            self.changed.discard(name)
        else:
            self.changed.add(name)

    def restore(self) -> None:
        for name in sorted(self.changed):
            _config_call({"variable": name, "value": self.baseline[name]})
        self.changed.clear()


SERVER_CONFIG: ServerConfig | None = None


def _route_config_updates() -> None:
    """Assignments to runtime settings on ``localstack.config`` go to the server as well."""
    global SERVER_CONFIG
    from localstack import config as ls_config

    try:
        server_config = ServerConfig(ls_config)
    except (OSError, RuntimeError) as e:
        raise pytest.UsageError(f"the server offers no runtime configuration (start it with ENABLE_CONFIG_UPDATES=1): {e}") from None

    class RoutedConfig(type(ls_config)):
        def __setattr__(self, name, value):
            if name in server_config.baseline:
                server_config.forward(name, value)
            super().__setattr__(name, value)

    ls_config.__class__ = RoutedConfig
    SERVER_CONFIG = server_config


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_teardown(item, nextitem):  # noqa: ARG001 - pytest hook signature
    """After a test's fixtures (monkeypatch included) are torn down, nothing it changed remains."""
    yield
    if SERVER_CONFIG is not None:
        SERVER_CONFIG.restore()

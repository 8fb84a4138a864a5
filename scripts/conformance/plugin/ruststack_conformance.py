"""pytest plugin that points LocalStack's S3 test suite at a standalone S3 server on 4566.

Loaded with ``-p ruststack_conformance`` so it imports before any conftest module. It does three
things (and a fourth in the signature pass):

1. resolves ``localhost`` and every ``*.localhost.localstack.cloud`` name to 127.0.0.1 (there is no
   DNS on these machines and /etc/hosts cannot list random bucket subdomains);
2. sets the environment the LocalStack fixtures read (test credentials, SERVICES=s3 so that no
   fixture calls STS, TEST_SKIP_LOCALSTACK_START so that no LocalStack is started in-process);
3. turns on the suite's S3-only mode: ``tests/aws/services/s3/conftest.py`` derives
   ``TEST_S3_IMAGE`` from the existence of ``/usr/lib/localstack/.s3-version``. Instead of creating
   that file we set the attribute on the conftest module when pytest registers it, which happens
   before the test modules of that directory import it (``from ...conftest import TEST_S3_IMAGE``).
4. with ``RUSTSTACK_SIGNATURE_PASS=1`` (the runner's second pass, against a server started with
   ``S3_SKIP_SIGNATURE_VALIDATION=0``) keeps only the tests that switch LocalStack's signature
   validation on in-process: those using the ``patch_s3_skip_signature_validation_false`` fixture
   or parametrized ``verify_signature=True``. Everything else they need from LocalStack's process
   is the same as in the first pass, so they run unchanged against our server.
5. with ``RUSTSTACK_EVENTS_ENDPOINT`` set (the runner's ``--notifications`` mode) keeps the
   notification tests enabled (no S3-only mode) and points the suite's SQS, SNS, EventBridge and
   Lambda clients at that endpoint (moto's server), where the server under test delivers events.
"""

from __future__ import annotations

import os
import socket

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


def pytest_plugin_registered(plugin, manager):  # noqa: ARG001 - pytest hook signature
    """Flip TEST_S3_IMAGE on the S3 conftest as soon as pytest has imported it."""
    if EVENTS_ENDPOINT:
        return  # the notification tests skip themselves in S3-only mode
    path = getattr(plugin, "__file__", None)
    if isinstance(path, str) and path.endswith(S3_CONFTEST_SUFFIX):
        plugin.TEST_S3_IMAGE = True


SIGNATURE_FIXTURE = "patch_s3_skip_signature_validation_false"


def _validates_signatures(item) -> bool:
    if SIGNATURE_FIXTURE in getattr(item, "fixturenames", ()):
        return True
    callspec = getattr(item, "callspec", None)
    return callspec is not None and callspec.params.get("verify_signature") is True


def pytest_collection_modifyitems(config, items):
    """In the signature pass, run only the tests that need S3 signature validation on."""
    if os.environ.get("RUSTSTACK_SIGNATURE_PASS") != "1":
        return
    keep = [item for item in items if _validates_signatures(item)]
    dropped = [item for item in items if not _validates_signatures(item)]
    if dropped:
        config.hook.pytest_deselected(items=dropped)
    items[:] = keep

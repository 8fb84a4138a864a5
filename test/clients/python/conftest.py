"""Fixtures shared by the boto3 and aws CLI tests.

The server under test is named by S3_ENDPOINT_URL; credentials and region come from the
environment exactly as a user's shell would provide them (python-clients.test.ts sets them).
"""

import contextlib
import io
import json
import os
import subprocess
import sys
import uuid

import boto3
import pytest
from awscli.clidriver import create_clidriver


@pytest.fixture(scope="session")
def endpoint():
    url = os.environ.get("S3_ENDPOINT_URL")
    if not url:
        pytest.fail("S3_ENDPOINT_URL is not set: run these tests through python-clients.test.ts")
    return url


@pytest.fixture(scope="session")
def s3(endpoint):
    """A boto3 S3 client configured as a user would: only the endpoint is non-default."""
    return boto3.client("s3", endpoint_url=endpoint)


@pytest.fixture(scope="session")
def https_endpoint():
    """The same server behind TLS (trusted through AWS_CA_BUNDLE), where botocore sends trailers."""
    url = os.environ.get("S3_ENDPOINT_URL_HTTPS")
    if not url:
        pytest.skip("S3_ENDPOINT_URL_HTTPS is not set (python-clients.test.ts sets it)")
    return url


def unique_bucket_name(prefix="py"):
    return f"{prefix}-{uuid.uuid4().hex[:16]}"


def empty_and_delete_bucket(s3, name):
    for page in s3.get_paginator("list_multipart_uploads").paginate(Bucket=name):
        for upload in page.get("Uploads", []):
            s3.abort_multipart_upload(Bucket=name, Key=upload["Key"], UploadId=upload["UploadId"])
    for page in s3.get_paginator("list_objects_v2").paginate(Bucket=name):
        keys = [{"Key": o["Key"]} for o in page.get("Contents", [])]
        if keys:
            s3.delete_objects(Bucket=name, Delete={"Objects": keys, "Quiet": True})
    s3.delete_bucket(Bucket=name)


@pytest.fixture
def bucket(s3):
    """A fresh bucket per test, emptied and deleted afterwards (a failing cleanup fails the test)."""
    name = unique_bucket_name()
    s3.create_bucket(Bucket=name)
    yield name
    empty_and_delete_bucket(s3, name)


class AwsCli:
    """The venv's aws CLI v1 against the endpoint.

    Commands run in this process through one CLI driver (awscli.clidriver, what `aws` runs), with
    stdout and stderr captured: a `python -m awscli` process spends seconds loading botocore and the
    CLI's command table before each command. `process=True` spawns the real command instead;
    --debug always does, since it attaches log handlers to the process's loggers.
    """

    def __init__(self, endpoint):
        self.endpoint = endpoint
        self.driver = create_clidriver()

    def run(self, *args, process=False):
        argv = [*args, "--endpoint-url", self.endpoint]
        if process or "--debug" in args:
            cmd = [sys.executable, "-m", "awscli", *argv]
            return subprocess.run(cmd, capture_output=True, text=True, timeout=120)
        out, err = io.StringIO(), io.StringIO()
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            code = self.driver.main(argv)
        return subprocess.CompletedProcess(["aws", *argv], code, out.getvalue(), err.getvalue())

    def ok(self, *args, process=False):
        """Runs a command that must succeed; returns its stdout."""
        proc = self.run(*args, process=process)
        if proc.returncode != 0:
            pytest.fail(
                f"aws {' '.join(args)} exited {proc.returncode}\n"
                f"stdout:\n{proc.stdout}\nstderr:\n{proc.stderr}"
            )
        return proc.stdout

    def json(self, *args):
        return json.loads(self.ok(*args, "--output", "json"))


@pytest.fixture(scope="session")
def aws(endpoint):
    return AwsCli(endpoint)


@pytest.fixture(scope="session")
def aws_https(https_endpoint):
    return AwsCli(https_endpoint)

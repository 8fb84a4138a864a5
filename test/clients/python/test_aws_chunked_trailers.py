"""Uploads as current clients send them to real S3 over https: an aws-chunked body
(STREAMING-UNSIGNED-PAYLOAD-TRAILER) whose checksum travels in a trailer after the last chunk.
botocore only does this over TLS, so these tests use S3_ENDPOINT_URL_HTTPS (a TLS terminator in
front of the same server). Each boto3 test also checks that the request really was aws-chunked."""

import hashlib
import os

import boto3
import pytest
from boto3.s3.transfer import TransferConfig

import checksums

MIB = 1024 * 1024


@pytest.fixture
def s3_tls(https_endpoint):
    """A boto3 client on the https endpoint that records the headers of every request it sends."""
    client = boto3.client("s3", endpoint_url=https_endpoint)
    client.sent = []

    def record(request, event_name, **_):
        headers = {k.lower(): v.decode() if isinstance(v, bytes) else v for k, v in request.headers.items()}
        client.sent.append((event_name.rsplit(".", 1)[-1], headers))

    client.meta.events.register("before-send.s3", record)
    return client


def sent_headers(client, operation):
    found = [h for op, h in client.sent if op == operation]
    assert found, f"no {operation} request was sent"
    return found


def assert_trailer_upload(headers, algorithm, size):
    assert headers["x-amz-content-sha256"] == "STREAMING-UNSIGNED-PAYLOAD-TRAILER"
    assert headers["x-amz-trailer"] == f"x-amz-checksum-{algorithm}"
    assert "aws-chunked" in headers["content-encoding"]
    assert headers["x-amz-decoded-content-length"] == str(size)


# botocore cuts aws-chunked bodies into 1 MiB chunks: these cover no chunk, one, and several.
@pytest.mark.parametrize("size", [0, 1, 64 * 1024, 3 * MIB + 1])
def test_default_crc32_trailer_upload_stores_the_decoded_bytes(s3_tls, bucket, size):
    body = os.urandom(size)
    put = s3_tls.put_object(Bucket=bucket, Key="t", Body=body)
    assert_trailer_upload(sent_headers(s3_tls, "PutObject")[0], "crc32", size)
    assert put["ChecksumCRC32"] == checksums.crc32(body)
    assert put["ETag"] == f'"{hashlib.md5(body).hexdigest()}"'

    got = s3_tls.get_object(Bucket=bucket, Key="t", ChecksumMode="ENABLED")
    assert got["ContentLength"] == size
    assert got["Body"].read() == body
    assert got["ChecksumCRC32"] == checksums.crc32(body)


@pytest.mark.parametrize(
    ("algorithm", "member", "digest"),
    [
        ("CRC32C", "ChecksumCRC32C", checksums.crc32c),
        ("CRC64NVME", "ChecksumCRC64NVME", checksums.crc64nvme),
        ("SHA1", "ChecksumSHA1", checksums.sha1),
        ("SHA256", "ChecksumSHA256", checksums.sha256),
    ],
)
def test_trailer_upload_with_each_algorithm(s3_tls, bucket, algorithm, member, digest):
    body = os.urandom(MIB + 5)
    put = s3_tls.put_object(Bucket=bucket, Key="a", Body=body, ChecksumAlgorithm=algorithm)
    assert_trailer_upload(sent_headers(s3_tls, "PutObject")[0], algorithm.lower(), len(body))
    assert put[member] == digest(body)
    got = s3_tls.get_object(Bucket=bucket, Key="a", ChecksumMode="ENABLED")
    assert got["Body"].read() == body
    assert got[member] == digest(body)


def test_aws_chunked_is_not_stored_as_the_content_encoding(s3_tls, bucket):
    # botocore sends "Content-Encoding: gzip,aws-chunked"; S3 stores only what the user set.
    s3_tls.put_object(
        Bucket=bucket, Key="gz", Body=b"not really gzip", ContentEncoding="gzip",
        ContentType="text/plain", Metadata={"k": "v"},
    )
    assert sent_headers(s3_tls, "PutObject")[0]["content-encoding"] == "gzip,aws-chunked"
    head = s3_tls.head_object(Bucket=bucket, Key="gz")
    assert head["ContentEncoding"] == "gzip"
    assert head["ContentType"] == "text/plain"
    assert head["Metadata"] == {"k": "v"}

    s3_tls.put_object(Bucket=bucket, Key="plain", Body=b"x")
    assert "ContentEncoding" not in s3_tls.head_object(Bucket=bucket, Key="plain")


@pytest.mark.multipart
def test_multipart_upload_file_sends_parts_with_trailers(s3_tls, bucket, tmp_path):
    data = os.urandom(20 * MIB)
    src, dst = tmp_path / "src.bin", tmp_path / "dst.bin"
    src.write_bytes(data)
    config = TransferConfig(
        multipart_threshold=8 * MIB, multipart_chunksize=8 * MIB, preferred_transfer_client="classic"
    )
    s3_tls.upload_file(str(src), bucket, "mp.bin", Config=config)
    parts = sent_headers(s3_tls, "UploadPart")
    assert sorted(int(h["x-amz-decoded-content-length"]) for h in parts) == [4 * MIB, 8 * MIB, 8 * MIB]
    for headers in parts:
        assert_trailer_upload(headers, "crc32", int(headers["x-amz-decoded-content-length"]))

    s3_tls.download_file(bucket, "mp.bin", str(dst), Config=config)
    assert hashlib.sha256(dst.read_bytes()).digest() == hashlib.sha256(data).digest()
    head = s3_tls.head_object(Bucket=bucket, Key="mp.bin", ChecksumMode="ENABLED")
    chunks = [data[i : i + 8 * MIB] for i in range(0, len(data), 8 * MIB)]
    assert head["ChecksumCRC32"] == checksums.composite_crc32(chunks)


# The aws CLI over https: the same trailers, sent by its own (vendored) botocore.


def test_cli_cp_over_https_sends_a_trailer_and_round_trips(aws_https, s3, bucket, tmp_path):
    src, dst = tmp_path / "up.bin", tmp_path / "down.bin"
    src.write_bytes(os.urandom(2 * MIB + 9))
    proc = aws_https.run("s3", "cp", str(src), f"s3://{bucket}/up.bin", "--debug")
    assert proc.returncode == 0, proc.stderr[-3000:]
    # --debug logs each request's headers (the CLI also adds Transfer-Encoding: chunked here).
    debug = proc.stderr.lower()
    assert "'x-amz-content-sha256': b'streaming-unsigned-payload-trailer'" in debug
    assert "'x-amz-trailer': b'x-amz-checksum-crc32'" in debug

    aws_https.ok("s3", "cp", f"s3://{bucket}/up.bin", str(dst))
    assert dst.read_bytes() == src.read_bytes()
    head = s3.head_object(Bucket=bucket, Key="up.bin", ChecksumMode="ENABLED")
    assert head["ChecksumCRC32"] == checksums.crc32(src.read_bytes())


@pytest.mark.multipart
def test_cli_cp_of_a_multipart_file_over_https_round_trips(aws_https, bucket, tmp_path):
    src, dst = tmp_path / "big.bin", tmp_path / "big-back.bin"
    src.write_bytes(os.urandom(20 * MIB))
    aws_https.ok("s3", "cp", str(src), f"s3://{bucket}/big.bin")
    aws_https.ok("s3", "cp", f"s3://{bucket}/big.bin", str(dst))
    assert hashlib.sha256(dst.read_bytes()).digest() == hashlib.sha256(src.read_bytes()).digest()


def test_cli_s3api_put_object_over_https_keeps_metadata(aws_https, bucket, tmp_path):
    body = tmp_path / "b.txt"
    body.write_bytes(b"trailer + metadata\n" * 1000)
    aws_https.ok(
        "s3api", "put-object", "--bucket", bucket, "--key", "m.txt", "--body", str(body),
        "--metadata", "team=storage", "--content-type", "text/plain",
    )
    head = aws_https.json("s3api", "head-object", "--bucket", bucket, "--key", "m.txt", "--checksum-mode", "ENABLED")
    assert head["Metadata"] == {"team": "storage"}
    assert head["ContentType"] == "text/plain"
    assert head["ContentLength"] == len(body.read_bytes())
    assert head["ChecksumCRC32"] == checksums.crc32(body.read_bytes())

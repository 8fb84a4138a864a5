"""boto3 flexible checksums over plain http (botocore sends them as x-amz-checksum-* headers):
explicit algorithms, the CRC32 botocore adds by default, and the composite checksum of a multipart
upload. Expected values come from checksums.py, independently of botocore."""

import base64
import os

import boto3
import pytest
from boto3.s3.transfer import TransferConfig
from botocore.config import Config
from botocore.exceptions import ClientError

import checksums

MIB = 1024 * 1024
BODY = b"The quick brown fox jumps over the lazy dog\n" * 100

ALGORITHMS = [
    ("SHA256", "ChecksumSHA256", checksums.sha256),
    ("SHA1", "ChecksumSHA1", checksums.sha1),
    ("CRC32", "ChecksumCRC32", checksums.crc32),
    ("CRC32C", "ChecksumCRC32C", checksums.crc32c),
    ("CRC64NVME", "ChecksumCRC64NVME", checksums.crc64nvme),
]


def test_checksum_helpers_match_the_standard_check_values():
    check = b"123456789"
    assert base64.b64decode(checksums.crc32(check)).hex() == "cbf43926"
    assert base64.b64decode(checksums.crc32c(check)).hex() == "e3069283"
    assert base64.b64decode(checksums.crc64nvme(check)).hex() == "ae8b14860a799888"


@pytest.mark.parametrize(("algorithm", "member", "digest"), ALGORITHMS)
def test_put_with_checksum_algorithm_stores_and_returns_it(s3, bucket, algorithm, member, digest):
    expected = digest(BODY)
    put = s3.put_object(Bucket=bucket, Key="c", Body=BODY, ChecksumAlgorithm=algorithm)
    assert put[member] == expected
    assert put["ChecksumType"] == "FULL_OBJECT"

    # botocore validates the returned checksum against the body it reads.
    got = s3.get_object(Bucket=bucket, Key="c", ChecksumMode="ENABLED")
    assert got["Body"].read() == BODY
    assert got[member] == expected
    assert got["ChecksumType"] == "FULL_OBJECT"

    head = s3.head_object(Bucket=bucket, Key="c", ChecksumMode="ENABLED")
    assert head[member] == expected


def test_default_put_gets_the_crc32_botocore_sends(s3, bucket):
    # botocore 1.36+ computes a CRC32 for every upload unless told otherwise (when_supported).
    put = s3.put_object(Bucket=bucket, Key="d", Body=BODY)
    assert put["ChecksumCRC32"] == checksums.crc32(BODY)
    got = s3.get_object(Bucket=bucket, Key="d", ChecksumMode="ENABLED")
    assert got["Body"].read() == BODY
    assert got["ChecksumCRC32"] == checksums.crc32(BODY)


def test_get_without_checksum_mode_returns_no_checksum(endpoint, bucket, s3):
    s3.put_object(Bucket=bucket, Key="n", Body=BODY, ChecksumAlgorithm="SHA256")
    # botocore asks for checksums on every GET by default (ChecksumMode=ENABLED, since 1.36);
    # a client configured "when_required" does not, and then S3 sends none.
    quiet = boto3.client(
        "s3", endpoint_url=endpoint, config=Config(response_checksum_validation="when_required")
    )
    sent = []
    quiet.meta.events.register("before-send.s3.GetObject", lambda request, **_: sent.append(request))
    got = quiet.get_object(Bucket=bucket, Key="n")
    assert "x-amz-checksum-mode" not in {k.lower() for k in sent[0].headers}
    assert "ChecksumSHA256" not in got
    assert got["Body"].read() == BODY


def test_range_get_returns_no_full_object_checksum(s3, bucket):
    # A full-object checksum cannot describe part of the body; botocore would reject the read.
    s3.put_object(Bucket=bucket, Key="r", Body=BODY, ChecksumAlgorithm="CRC32")
    got = s3.get_object(Bucket=bucket, Key="r", Range="bytes=0-9", ChecksumMode="ENABLED")
    assert got["Body"].read() == BODY[:10]
    assert "ChecksumCRC32" not in got


def test_put_with_wrong_checksum_value_is_rejected(s3, bucket):
    with pytest.raises(ClientError) as exc:
        s3.put_object(Bucket=bucket, Key="bad", Body=BODY, ChecksumSHA256=checksums.b64(b"\0" * 32))
    # Code and message as recorded from AWS (LocalStack's test_s3.snapshot.json).
    assert exc.value.response["Error"]["Code"] == "BadDigest"
    assert exc.value.response["Error"]["Message"] == (
        "The SHA256 you specified did not match the calculated checksum."
    )
    assert exc.value.response["ResponseMetadata"]["HTTPStatusCode"] == 400


@pytest.mark.multipart
def test_multipart_upload_file_gets_a_composite_crc32(s3, bucket, tmp_path):
    data = os.urandom(20 * MIB)
    src = tmp_path / "mp.bin"
    src.write_bytes(data)
    config = TransferConfig(
        multipart_threshold=8 * MIB, multipart_chunksize=8 * MIB, preferred_transfer_client="classic"
    )
    s3.upload_file(str(src), bucket, "mp.bin", Config=config)

    parts = [data[i : i + 8 * MIB] for i in range(0, len(data), 8 * MIB)]
    head = s3.head_object(Bucket=bucket, Key="mp.bin", ChecksumMode="ENABLED")
    assert head["ChecksumCRC32"] == checksums.composite_crc32(parts)
    assert head["ChecksumType"] == "COMPOSITE"
    assert head["ContentLength"] == len(data)

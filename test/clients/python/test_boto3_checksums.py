"""boto3 flexible checksums: explicit algorithms, the CRC32 botocore adds by default, and the
composite checksum of a multipart upload. Expected values are computed here, independently."""

import base64
import hashlib
import os
import zlib

import pytest
from boto3.s3.transfer import TransferConfig
from botocore.exceptions import ClientError

MIB = 1024 * 1024
BODY = b"The quick brown fox jumps over the lazy dog\n" * 100


def b64(raw):
    return base64.b64encode(raw).decode()


def crc32_b64(data):
    return b64(zlib.crc32(data).to_bytes(4, "big"))


def _crc32c_table():
    table = []
    for n in range(256):
        c = n
        for _ in range(8):
            c = (c >> 1) ^ 0x82F63B78 if c & 1 else c >> 1
        table.append(c)
    return table


CRC32C_TABLE = _crc32c_table()


def crc32c_b64(data):
    crc = 0xFFFFFFFF
    for byte in data:
        crc = CRC32C_TABLE[(crc ^ byte) & 0xFF] ^ (crc >> 8)
    return b64((crc ^ 0xFFFFFFFF).to_bytes(4, "big"))


def test_crc32c_helper_matches_the_standard_check_value():
    # CRC-32C of "123456789" is 0xE3069283 (RFC 3720 appendix B.4 check value).
    assert crc32c_b64(b"123456789") == b64(bytes.fromhex("e3069283"))


@pytest.mark.parametrize(
    ("algorithm", "member", "expected"),
    [
        ("SHA256", "ChecksumSHA256", b64(hashlib.sha256(BODY).digest())),
        ("SHA1", "ChecksumSHA1", b64(hashlib.sha1(BODY).digest())),
        ("CRC32", "ChecksumCRC32", crc32_b64(BODY)),
        ("CRC32C", "ChecksumCRC32C", crc32c_b64(BODY)),
    ],
)
def test_put_with_checksum_algorithm_stores_and_returns_it(s3, bucket, algorithm, member, expected):
    put = s3.put_object(Bucket=bucket, Key="c", Body=BODY, ChecksumAlgorithm=algorithm)
    assert put[member] == expected

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
    assert put["ChecksumCRC32"] == crc32_b64(BODY)
    got = s3.get_object(Bucket=bucket, Key="d", ChecksumMode="ENABLED")
    assert got["Body"].read() == BODY
    assert got["ChecksumCRC32"] == crc32_b64(BODY)


def test_get_without_checksum_mode_returns_no_checksum(s3, bucket):
    s3.put_object(Bucket=bucket, Key="n", Body=BODY, ChecksumAlgorithm="SHA256")
    got = s3.get_object(Bucket=bucket, Key="n")
    assert "ChecksumSHA256" not in got
    assert got["Body"].read() == BODY


def test_put_with_wrong_checksum_value_is_rejected(s3, bucket):
    with pytest.raises(ClientError) as exc:
        s3.put_object(Bucket=bucket, Key="bad", Body=BODY, ChecksumSHA256=b64(b"\0" * 32))
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
    part_crcs = b"".join(zlib.crc32(p).to_bytes(4, "big") for p in parts)
    expected = f"{crc32_b64(part_crcs)}-{len(parts)}"

    head = s3.head_object(Bucket=bucket, Key="mp.bin", ChecksumMode="ENABLED")
    assert head["ChecksumCRC32"] == expected
    assert head["ChecksumType"] == "COMPOSITE"
    assert head["ContentLength"] == len(data)

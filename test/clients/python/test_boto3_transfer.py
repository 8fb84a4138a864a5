"""boto3's managed transfers (s3transfer): upload_file / download_file above and below the
multipart threshold, checked byte for byte and with their metadata."""

import hashlib
import os

import pytest
from boto3.s3.transfer import TransferConfig

MIB = 1024 * 1024

# 'classic' pins s3transfer's own transfer manager: with awscrt installed, 'auto' may pick the CRT
# one on some machines, which ignores the threshold and part size we are testing.
TRANSFER = TransferConfig(
    multipart_threshold=8 * MIB,
    multipart_chunksize=8 * MIB,
    max_concurrency=4,
    preferred_transfer_client="classic",
)


def write_random_file(path, size):
    data = os.urandom(size)
    path.write_bytes(data)
    return hashlib.sha256(data).hexdigest()


def sha256_of(path):
    return hashlib.sha256(path.read_bytes()).hexdigest()


def round_trip(s3, bucket, tmp_path, size, key):
    src, dst = tmp_path / "src.bin", tmp_path / "dst.bin"
    digest = write_random_file(src, size)
    extra = {"Metadata": {"origin": "upload-file", "size": str(size)}, "ContentType": "image/png"}
    s3.upload_file(str(src), bucket, key, ExtraArgs=extra, Config=TRANSFER)
    head = s3.head_object(Bucket=bucket, Key=key)
    s3.download_file(bucket, key, str(dst), Config=TRANSFER)
    assert dst.stat().st_size == size
    assert sha256_of(dst) == digest
    assert head["ContentLength"] == size
    assert head["ContentType"] == "image/png"
    assert head["Metadata"] == {"origin": "upload-file", "size": str(size)}
    return head, src


@pytest.mark.multipart
def test_upload_file_above_threshold_uses_multipart_and_round_trips(s3, bucket, tmp_path):
    head, _ = round_trip(s3, bucket, tmp_path, 20 * MIB, "big/twenty-mib.bin")
    # A multipart ETag is "<md5 of the part md5s>-<part count>": 8 + 8 + 4 MiB is three parts.
    assert head["ETag"].endswith('-3"')


@pytest.mark.multipart
def test_multipart_object_serves_ranges_across_part_boundaries(s3, bucket, tmp_path):
    _, src = round_trip(s3, bucket, tmp_path, 20 * MIB, "big/ranges.bin")
    data = src.read_bytes()
    start, end = 8 * MIB - 10, 8 * MIB + 9
    got = s3.get_object(Bucket=bucket, Key="big/ranges.bin", Range=f"bytes={start}-{end}")
    assert got["Body"].read() == data[start : end + 1]
    assert got["ContentRange"] == f"bytes {start}-{end}/{len(data)}"


def test_upload_file_below_threshold_is_a_single_put(s3, bucket, tmp_path):
    head, src = round_trip(s3, bucket, tmp_path, 3 * MIB + 17, "small/three-mib.bin")
    assert head["ETag"] == f'"{hashlib.md5(src.read_bytes()).hexdigest()}"'


def test_upload_fileobj_and_download_fileobj_round_trip(s3, bucket, tmp_path):
    data = os.urandom(MIB + 3)
    src = tmp_path / "obj.bin"
    src.write_bytes(data)
    with src.open("rb") as f:
        s3.upload_fileobj(f, bucket, "fileobj.bin", Config=TRANSFER)
    dst = tmp_path / "back.bin"
    with dst.open("wb") as f:
        s3.download_fileobj(bucket, "fileobj.bin", f, Config=TRANSFER)
    assert dst.read_bytes() == data

"""boto3 against the server: buckets, objects, ranges, listings, batch deletes, presigned URLs."""

import hashlib
import urllib.request

import pytest
from botocore.exceptions import ClientError

from conftest import empty_and_delete_bucket, unique_bucket_name

EMPTY_MD5 = "d41d8cd98f00b204e9800998ecf8427e"


def error_code(excinfo):
    return excinfo.value.response["Error"]["Code"]


def http_status(excinfo):
    return excinfo.value.response["ResponseMetadata"]["HTTPStatusCode"]


# Buckets


def test_create_list_and_delete_bucket(s3):
    name = unique_bucket_name()
    s3.create_bucket(Bucket=name)
    assert name in [b["Name"] for b in s3.list_buckets()["Buckets"]]
    s3.head_bucket(Bucket=name)

    s3.delete_bucket(Bucket=name)
    assert name not in [b["Name"] for b in s3.list_buckets()["Buckets"]]
    with pytest.raises(ClientError) as exc:
        s3.head_bucket(Bucket=name)
    assert http_status(exc) == 404


def test_delete_bucket_that_is_not_empty_answers_bucket_not_empty(s3, bucket):
    s3.put_object(Bucket=bucket, Key="k", Body=b"x")
    with pytest.raises(ClientError) as exc:
        s3.delete_bucket(Bucket=bucket)
    assert error_code(exc) == "BucketNotEmpty"
    assert http_status(exc) == 409


def test_delete_missing_bucket_answers_no_such_bucket(s3):
    with pytest.raises(ClientError) as exc:
        s3.delete_bucket(Bucket=unique_bucket_name("missing"))
    assert error_code(exc) == "NoSuchBucket"


# Objects


def test_put_get_head_round_trip_bytes_metadata_and_content_type(s3, bucket):
    body = bytes(range(256)) * 40
    put = s3.put_object(
        Bucket=bucket,
        Key="data.bin",
        Body=body,
        ContentType="application/x-test",
        Metadata={"color": "blue", "Mixed-Case": "Value with spaces"},
        CacheControl="max-age=60",
        ContentDisposition='attachment; filename="data.bin"',
    )
    md5 = hashlib.md5(body).hexdigest()
    assert put["ETag"] == f'"{md5}"'

    got = s3.get_object(Bucket=bucket, Key="data.bin")
    assert got["Body"].read() == body
    assert got["ContentLength"] == len(body)
    assert got["ContentType"] == "application/x-test"
    assert got["ETag"] == f'"{md5}"'
    # S3 lower-cases user metadata names; values are kept verbatim.
    assert got["Metadata"] == {"color": "blue", "mixed-case": "Value with spaces"}
    assert got["CacheControl"] == "max-age=60"
    assert got["ContentDisposition"] == 'attachment; filename="data.bin"'

    head = s3.head_object(Bucket=bucket, Key="data.bin")
    assert head["ContentLength"] == len(body)
    assert head["ContentType"] == "application/x-test"
    assert head["ETag"] == f'"{md5}"'
    assert head["Metadata"] == {"color": "blue", "mixed-case": "Value with spaces"}
    assert head["LastModified"] == got["LastModified"]


@pytest.mark.parametrize(
    "key",
    ["ünïcödé/文件 name.txt", "emoji 😀/key+plus&amp=eq?.txt", "a//double/slash/", "~tilde%percent"],
)
def test_unicode_and_special_keys_round_trip(s3, bucket, key):
    body = key.encode("utf-8")
    s3.put_object(Bucket=bucket, Key=key, Body=body)
    assert s3.get_object(Bucket=bucket, Key=key)["Body"].read() == body
    listed = s3.list_objects_v2(Bucket=bucket)["Contents"]
    assert [o["Key"] for o in listed] == [key]
    s3.delete_object(Bucket=bucket, Key=key)
    assert s3.list_objects_v2(Bucket=bucket)["KeyCount"] == 0


def test_empty_body_round_trips_with_empty_md5_etag(s3, bucket):
    s3.put_object(Bucket=bucket, Key="empty", Body=b"")
    got = s3.get_object(Bucket=bucket, Key="empty")
    assert got["Body"].read() == b""
    assert got["ContentLength"] == 0
    assert got["ETag"] == f'"{EMPTY_MD5}"'
    assert s3.head_object(Bucket=bucket, Key="empty")["ContentLength"] == 0


@pytest.mark.parametrize(
    ("range_header", "start", "end"),
    [("bytes=2-5", 2, 5), ("bytes=90-", 90, 99), ("bytes=-3", 97, 99), ("bytes=95-1000", 95, 99)],
)
def test_range_get_returns_partial_content(s3, bucket, range_header, start, end):
    body = bytes(i % 251 for i in range(100))
    s3.put_object(Bucket=bucket, Key="r", Body=body)
    got = s3.get_object(Bucket=bucket, Key="r", Range=range_header)
    assert got["ResponseMetadata"]["HTTPStatusCode"] == 206
    assert got["ContentRange"] == f"bytes {start}-{end}/100"
    assert got["ContentLength"] == end - start + 1
    assert got["Body"].read() == body[start : end + 1]


def test_unsatisfiable_range_answers_invalid_range(s3, bucket):
    s3.put_object(Bucket=bucket, Key="r", Body=b"0123456789")
    with pytest.raises(ClientError) as exc:
        s3.get_object(Bucket=bucket, Key="r", Range="bytes=10-20")
    assert error_code(exc) == "InvalidRange"
    assert http_status(exc) == 416


def test_missing_object_answers_no_such_key_and_head_404(s3, bucket):
    with pytest.raises(ClientError) as exc:
        s3.get_object(Bucket=bucket, Key="nope")
    assert error_code(exc) == "NoSuchKey"
    assert http_status(exc) == 404
    with pytest.raises(ClientError) as exc:
        s3.head_object(Bucket=bucket, Key="nope")
    assert http_status(exc) == 404


def test_overwrite_replaces_body_and_metadata(s3, bucket):
    s3.put_object(Bucket=bucket, Key="k", Body=b"first", Metadata={"v": "1"})
    s3.put_object(Bucket=bucket, Key="k", Body=b"second!", Metadata={"w": "2"})
    got = s3.get_object(Bucket=bucket, Key="k")
    assert got["Body"].read() == b"second!"
    assert got["Metadata"] == {"w": "2"}


def test_delete_object_removes_it_and_is_idempotent(s3, bucket):
    s3.put_object(Bucket=bucket, Key="gone", Body=b"x")
    assert s3.delete_object(Bucket=bucket, Key="gone")["ResponseMetadata"]["HTTPStatusCode"] == 204
    with pytest.raises(ClientError):
        s3.head_object(Bucket=bucket, Key="gone")
    # Deleting a missing key succeeds too (S3 answers 204 either way).
    assert s3.delete_object(Bucket=bucket, Key="gone")["ResponseMetadata"]["HTTPStatusCode"] == 204


# Listings and batch delete

LIST_KEYS = ["a/1", "a/2", "a/b/3", "b/4", "c", "d/5", "d/6"]


def put_keys(s3, bucket, keys):
    for key in keys:
        s3.put_object(Bucket=bucket, Key=key, Body=key.encode())


def test_list_objects_v2_with_delimiter_groups_common_prefixes(s3, bucket):
    put_keys(s3, bucket, LIST_KEYS)
    top = s3.list_objects_v2(Bucket=bucket, Delimiter="/")
    assert [o["Key"] for o in top["Contents"]] == ["c"]
    assert [p["Prefix"] for p in top["CommonPrefixes"]] == ["a/", "b/", "d/"]
    assert top["KeyCount"] == 4

    under_a = s3.list_objects_v2(Bucket=bucket, Prefix="a/", Delimiter="/")
    assert [o["Key"] for o in under_a["Contents"]] == ["a/1", "a/2"]
    assert [p["Prefix"] for p in under_a["CommonPrefixes"]] == ["a/b/"]
    first = under_a["Contents"][0]
    assert first["Size"] == 3
    assert first["ETag"] == f'"{hashlib.md5(b"a/1").hexdigest()}"'


def test_list_objects_v2_prefix_and_start_after(s3, bucket):
    put_keys(s3, bucket, LIST_KEYS)
    assert [o["Key"] for o in s3.list_objects_v2(Bucket=bucket, Prefix="d/")["Contents"]] == [
        "d/5",
        "d/6",
    ]
    after = s3.list_objects_v2(Bucket=bucket, StartAfter="b/4")
    assert [o["Key"] for o in after["Contents"]] == ["c", "d/5", "d/6"]
    assert s3.list_objects_v2(Bucket=bucket, Prefix="zzz")["KeyCount"] == 0


def test_paginator_walks_every_key_in_order(s3, bucket):
    put_keys(s3, bucket, LIST_KEYS)
    pages = list(
        s3.get_paginator("list_objects_v2").paginate(Bucket=bucket, PaginationConfig={"PageSize": 2})
    )
    assert len(pages) == 4
    assert [p["IsTruncated"] for p in pages] == [True, True, True, False]
    assert [o["Key"] for p in pages for o in p.get("Contents", [])] == sorted(LIST_KEYS)


def test_paginator_with_delimiter_pages_prefixes_and_keys(s3, bucket):
    put_keys(s3, bucket, LIST_KEYS)
    pages = s3.get_paginator("list_objects_v2").paginate(
        Bucket=bucket, Delimiter="/", PaginationConfig={"PageSize": 1}
    )
    keys, prefixes = [], []
    for page in pages:
        keys += [o["Key"] for o in page.get("Contents", [])]
        prefixes += [p["Prefix"] for p in page.get("CommonPrefixes", [])]
    assert keys == ["c"]
    assert prefixes == ["a/", "b/", "d/"]


def test_delete_objects_deletes_listed_keys_and_reports_them(s3, bucket):
    put_keys(s3, bucket, LIST_KEYS)
    doomed = ["a/1", "a/b/3", "c", "never-existed"]
    out = s3.delete_objects(Bucket=bucket, Delete={"Objects": [{"Key": k} for k in doomed]})
    # S3 reports a missing key as deleted too.
    assert sorted(d["Key"] for d in out["Deleted"]) == sorted(doomed)
    assert out.get("Errors", []) == []
    remaining = [o["Key"] for o in s3.list_objects_v2(Bucket=bucket)["Contents"]]
    assert remaining == ["a/2", "b/4", "d/5", "d/6"]


def test_delete_objects_quiet_returns_no_deleted_entries(s3, bucket):
    put_keys(s3, bucket, ["x", "y"])
    out = s3.delete_objects(
        Bucket=bucket, Delete={"Objects": [{"Key": "x"}, {"Key": "y"}], "Quiet": True}
    )
    assert out.get("Deleted", []) == []
    assert s3.list_objects_v2(Bucket=bucket)["KeyCount"] == 0


# Presigned URLs, fetched with a plain HTTP client as a browser or curl would


def test_presigned_get_and_put_urls_work_without_an_sdk(s3, bucket):
    put_url = s3.generate_presigned_url(
        "put_object", Params={"Bucket": bucket, "Key": "pre/signed.txt"}, ExpiresIn=300
    )
    # urllib would otherwise label the body application/x-www-form-urlencoded.
    req = urllib.request.Request(
        put_url, data=b"via presigned PUT", method="PUT", headers={"Content-Type": "text/plain"}
    )
    with urllib.request.urlopen(req) as resp:
        assert resp.status == 200

    get_url = s3.generate_presigned_url(
        "get_object", Params={"Bucket": bucket, "Key": "pre/signed.txt"}, ExpiresIn=300
    )
    with urllib.request.urlopen(get_url) as resp:
        assert resp.read() == b"via presigned PUT"
        assert resp.headers["Content-Type"] == "text/plain"


def test_keys_with_dot_segments_stay_in_their_bucket(s3, bucket):
    """boto3 sends `../other/secret` as is: it is a key of this bucket, not a path into another."""
    other = unique_bucket_name()
    s3.create_bucket(Bucket=other)
    try:
        s3.put_object(Bucket=other, Key="secret", Body=b"untouched")
        keys = ["../" + other + "/secret", "a/./b/../c", "..", "x//y/."]
        for key in keys:
            s3.put_object(Bucket=bucket, Key=key, Body=key.encode())
        assert s3.get_object(Bucket=other, Key="secret")["Body"].read() == b"untouched"
        for key in keys:
            assert s3.get_object(Bucket=bucket, Key=key)["Body"].read() == key.encode()
        listed = [o["Key"] for o in s3.list_objects_v2(Bucket=bucket)["Contents"]]
        assert sorted(listed) == sorted(keys)
        assert s3.get_object(Bucket=other, Key="secret")["Body"].read() == b"untouched"
        s3.delete_object(Bucket=bucket, Key="../" + other + "/secret")
        assert s3.get_object(Bucket=other, Key="secret")["Body"].read() == b"untouched"
    finally:
        empty_and_delete_bucket(s3, other)

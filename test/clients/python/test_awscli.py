"""The aws CLI v1 against the server, with its default settings: uploads carry the CRC32 checksum
botocore adds by default. Each test checks bytes and metadata, not just exit codes."""

import filecmp
import hashlib
import os
import time

import checksums
from conftest import empty_and_delete_bucket, unique_bucket_name

MIB = 1024 * 1024

TREE = {
    "top.txt": b"top level\n",
    "with space/file name with spaces.txt": b"spaces everywhere\n",
    "nested/deeper/deepest/data.bin": bytes(range(256)) * 64,
    "nested/sibling.json": b'{"k": "v"}\n',
    "empty.txt": b"",
}


def write_tree(root, files):
    # sync re-uploads a file whose mtime is newer than the object's LastModified, which S3 gives
    # in whole seconds: files written in the upload's own second would look changed. Backdate them.
    an_hour_ago = time.time() - 3600
    for rel, data in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        os.utime(path, (an_hour_ago, an_hour_ago))


def relative_files(root):
    found = []
    for dirpath, _, names in os.walk(root):
        for name in names:
            found.append(os.path.relpath(os.path.join(dirpath, name), root))
    return sorted(found)


def test_mb_ls_and_rb_manage_a_bucket(aws, s3):
    name = unique_bucket_name("cli")
    # The `aws` process as a shell runs it, once; the other commands run in this process (conftest).
    assert f"make_bucket: {name}" in aws.ok("s3", "mb", f"s3://{name}", process=True)
    s3.head_bucket(Bucket=name)
    assert name in aws.ok("s3", "ls").split()
    assert f"remove_bucket: {name}" in aws.ok("s3", "rb", f"s3://{name}")
    assert name not in aws.ok("s3", "ls").split()


def test_cp_uploads_and_downloads_identical_bytes(aws, s3, bucket, tmp_path):
    src = tmp_path / "up.bin"
    src.write_bytes(os.urandom(MIB + 123))
    aws.ok("s3", "cp", str(src), f"s3://{bucket}/dir/up.bin")
    assert s3.head_object(Bucket=bucket, Key="dir/up.bin")["ContentLength"] == MIB + 123

    dst = tmp_path / "down.bin"
    aws.ok("s3", "cp", f"s3://{bucket}/dir/up.bin", str(dst))
    assert dst.read_bytes() == src.read_bytes()

    # The CLI sent a CRC32 of the body by default; the server stored it.
    head = aws.json(
        "s3api", "head-object", "--bucket", bucket, "--key", "dir/up.bin", "--checksum-mode", "ENABLED"
    )
    assert head["ChecksumCRC32"] == checksums.crc32(src.read_bytes())


def test_cp_of_a_multipart_sized_file_round_trips(aws, bucket, tmp_path):
    # The CLI's default multipart threshold is 8 MiB: 20 MiB goes up in three 8 MiB parts.
    src = tmp_path / "big.bin"
    src.write_bytes(os.urandom(20 * MIB))
    aws.ok("s3", "cp", str(src), f"s3://{bucket}/big.bin")
    dst = tmp_path / "big-back.bin"
    aws.ok("s3", "cp", f"s3://{bucket}/big.bin", str(dst))
    assert hashlib.sha256(dst.read_bytes()).digest() == hashlib.sha256(src.read_bytes()).digest()


def test_cp_sets_metadata_and_content_type(aws, s3, bucket, tmp_path):
    src = tmp_path / "page.html"
    src.write_bytes(b"<p>hi</p>")
    aws.ok(
        "s3", "cp", str(src), f"s3://{bucket}/page.html",
        "--metadata", "author=cli,purpose=test", "--content-type", "text/html",
    )
    head = s3.head_object(Bucket=bucket, Key="page.html")
    assert head["Metadata"] == {"author": "cli", "purpose": "test"}
    assert head["ContentType"] == "text/html"


def test_ls_lists_objects_and_prefixes(aws, s3, bucket):
    s3.put_object(Bucket=bucket, Key="docs/readme.md", Body=b"12345")
    s3.put_object(Bucket=bucket, Key="docs/guide/intro.md", Body=b"x")
    s3.put_object(Bucket=bucket, Key="root.txt", Body=b"abc")

    top = aws.ok("s3", "ls", f"s3://{bucket}/")
    assert "PRE docs/" in top
    assert "root.txt" in top
    assert "readme.md" not in top

    under = aws.ok("s3", "ls", f"s3://{bucket}/docs/")
    lines = [line.split() for line in under.splitlines()]
    assert ["PRE", "guide/"] in lines
    readme = next(parts for parts in lines if parts[-1] == "readme.md")
    assert readme[-2] == "5"  # the size column

    recursive = aws.ok("s3", "ls", f"s3://{bucket}/", "--recursive")
    assert sorted(line.split()[-1] for line in recursive.splitlines()) == [
        "docs/guide/intro.md",
        "docs/readme.md",
        "root.txt",
    ]


def test_sync_up_and_back_down_reproduces_the_tree(aws, s3, bucket, tmp_path):
    up, down = tmp_path / "up", tmp_path / "down"
    write_tree(up, TREE)
    aws.ok("s3", "sync", str(up), f"s3://{bucket}/tree")
    listed = sorted(o["Key"] for o in s3.list_objects_v2(Bucket=bucket)["Contents"])
    assert listed == sorted(f"tree/{rel}" for rel in TREE)

    aws.ok("s3", "sync", f"s3://{bucket}/tree", str(down))
    assert relative_files(down) == sorted(TREE)
    for rel in TREE:
        assert filecmp.cmp(up / rel, down / rel, shallow=False), rel

    # A second sync with nothing changed uploads nothing.
    assert "upload:" not in aws.ok("s3", "sync", str(up), f"s3://{bucket}/tree")


def test_rm_recursive_deletes_everything_under_a_prefix(aws, s3, bucket, tmp_path):
    write_tree(tmp_path, TREE)
    aws.ok("s3", "sync", str(tmp_path), f"s3://{bucket}/")
    s3.put_object(Bucket=bucket, Key="keep/me", Body=b"k")

    out = aws.ok("s3", "rm", f"s3://{bucket}/nested/", "--recursive")
    assert out.count("delete: ") == 2
    keys = sorted(o["Key"] for o in s3.list_objects_v2(Bucket=bucket)["Contents"])
    assert keys == sorted(["keep/me", "top.txt", "with space/file name with spaces.txt", "empty.txt"])

    aws.ok("s3", "rm", f"s3://{bucket}/", "--recursive")
    assert s3.list_objects_v2(Bucket=bucket)["KeyCount"] == 0


def test_rb_force_removes_a_non_empty_bucket(aws, s3, tmp_path):
    name = unique_bucket_name("cli")
    aws.ok("s3", "mb", f"s3://{name}")
    try:
        write_tree(tmp_path, TREE)
        aws.ok("s3", "sync", str(tmp_path), f"s3://{name}/")
        refused = aws.run("s3", "rb", f"s3://{name}")
        assert refused.returncode != 0
        assert "BucketNotEmpty" in refused.stderr
        aws.ok("s3", "rb", f"s3://{name}", "--force")
        assert name not in [b["Name"] for b in s3.list_buckets()["Buckets"]]
    except BaseException:
        empty_and_delete_bucket(s3, name)
        raise


def test_s3api_put_object_with_metadata_then_head_object(aws, bucket, tmp_path):
    body = tmp_path / "body.txt"
    body.write_bytes(b"metadata test body\n")
    put = aws.json(
        "s3api", "put-object", "--bucket", bucket, "--key", "meta/obj.txt",
        "--body", str(body), "--metadata", "Project=ruststack,stage=e2e",
        "--content-type", "text/plain",
    )
    assert put["ETag"] == f'"{hashlib.md5(body.read_bytes()).hexdigest()}"'

    head = aws.json("s3api", "head-object", "--bucket", bucket, "--key", "meta/obj.txt")
    assert head["Metadata"] == {"project": "ruststack", "stage": "e2e"}
    assert head["ContentType"] == "text/plain"
    assert head["ContentLength"] == len(body.read_bytes())
    assert head["ETag"] == put["ETag"]


def test_s3api_list_objects_v2_returns_keys_sizes_and_prefixes(aws, s3, bucket):
    for key, data in [("p/a.txt", b"a"), ("p/b.txt", b"bb"), ("p/sub/c.txt", b"ccc"), ("q", b"")]:
        s3.put_object(Bucket=bucket, Key=key, Body=data)

    out = aws.json("s3api", "list-objects-v2", "--bucket", bucket, "--prefix", "p/", "--delimiter", "/")
    assert [(o["Key"], o["Size"]) for o in out["Contents"]] == [("p/a.txt", 1), ("p/b.txt", 2)]
    assert out["CommonPrefixes"] == [{"Prefix": "p/sub/"}]

    # --page-size 1 makes the CLI walk every page with continuation tokens and merge them.
    paged = aws.json("s3api", "list-objects-v2", "--bucket", bucket, "--page-size", "1")
    assert [o["Key"] for o in paged["Contents"]] == ["p/a.txt", "p/b.txt", "p/sub/c.txt", "q"]

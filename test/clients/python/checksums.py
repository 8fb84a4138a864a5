"""Independent checksum implementations for expected values (not botocore's or awscrt's)."""

import base64
import hashlib
import zlib


def b64(raw):
    return base64.b64encode(raw).decode()


def _reflected_table(poly, width):
    table = []
    for n in range(256):
        c = n
        for _ in range(8):
            c = (c >> 1) ^ poly if c & 1 else c >> 1
        table.append(c)
    return table, (1 << width) - 1


def _reflected_crc(data, table_and_mask):
    table, mask = table_and_mask
    crc = mask
    for byte in data:
        crc = table[(crc ^ byte) & 0xFF] ^ (crc >> 8)
    return crc ^ mask


_CRC32C = _reflected_table(0x82F63B78, 32)
_CRC64NVME = _reflected_table(0x9A6C9329AC4BC9B5, 64)


def crc32(data):
    return b64(zlib.crc32(data).to_bytes(4, "big"))


def crc32c(data):
    return b64(_reflected_crc(data, _CRC32C).to_bytes(4, "big"))


def crc64nvme(data):
    return b64(_reflected_crc(data, _CRC64NVME).to_bytes(8, "big"))


def sha1(data):
    return b64(hashlib.sha1(data).digest())


def sha256(data):
    return b64(hashlib.sha256(data).digest())


def composite_crc32(parts):
    """S3's COMPOSITE checksum of a multipart upload: the CRC32 of the parts' raw CRC32s, '-N'."""
    raw = b"".join(zlib.crc32(p).to_bytes(4, "big") for p in parts)
    return f"{crc32(raw)}-{len(parts)}"

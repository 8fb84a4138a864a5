/** The checksum algorithms S3 knows, as the model's ChecksumAlgorithm enum spells them. */
export const CHECKSUM_ALGORITHMS = [
  'CRC32', 'CRC32C', 'CRC64NVME', 'SHA1', 'SHA256', 'SHA512', 'MD5', 'XXHASH64', 'XXHASH3', 'XXHASH128',
] as const;
export type ChecksumAlgorithm = (typeof CHECKSUM_ALGORITHMS)[number];

/** CRC algorithms can be combined from part checksums (FULL_OBJECT multipart); the others cannot. */
export const CRC_ALGORITHMS: readonly ChecksumAlgorithm[] = ['CRC32', 'CRC32C', 'CRC64NVME'];

/** Lower-case header suffix: x-amz-checksum-crc64nvme. */
export function checksumHeader(alg: ChecksumAlgorithm): string {
  return `x-amz-checksum-${alg.toLowerCase()}`;
}

const MEMBERS = Object.fromEntries(CHECKSUM_ALGORITHMS.map((alg) => [alg, `Checksum${alg}`])) as Record<ChecksumAlgorithm, `Checksum${ChecksumAlgorithm}`>;

/** The model member name carrying this checksum: ChecksumCRC64NVME (one string per algorithm, made once). */
export function checksumMember(alg: ChecksumAlgorithm): `Checksum${ChecksumAlgorithm}` {
  return MEMBERS[alg];
}

export function isChecksumAlgorithm(v: string): v is ChecksumAlgorithm {
  return (CHECKSUM_ALGORITHMS as readonly string[]).includes(v);
}

/** The checksum module's public API: streaming digests, wire encoding, multipart combination. */
export { checksumOf, checksumWhole, type ChecksumDigest } from './checksummer.ts';
export { createStreamChecksummer, type StreamChecksummer } from './stream-checksummer.ts';
export { combineCrc, type CrcPart } from './crc-combine.ts';
export { DIGEST_BYTES, fromBase64, isValidChecksumValue, toBase64, toHex } from './encoding.ts';
export { compositeChecksum, multipartEtag } from './multipart.ts';
export * from './types.ts';

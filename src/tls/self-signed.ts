/**
 * A self-signed server certificate made at start (ECDSA P-256, SHA-256), for the names LocalStack's
 * own covers: localhost, localhost.localstack.cloud and its subdomains (virtual-hosted buckets),
 * LOCALSTACK_HOST and 127.0.0.1. RFC 5280.
 */
import { generateKeyPairSync, randomBytes, sign } from 'node:crypto';
import { isIP } from 'node:net';
import { bitString, booleanTrue, tlv, explicit, implicit, octetString, oid, sequence, set, time, unsignedInteger, utf8String } from './der.ts';

const ECDSA_WITH_SHA256 = sequence(oid('1.2.840.10045.4.3.2'));
const VALID_DAYS = 2 * 365;

export interface PemCredentials {
  /** PEM private key. */
  readonly key: string;
  /** PEM certificate chain, the server's first. */
  readonly cert: string;
}

/** The names a generated certificate covers: `*.<host>` covers one label, so buckets get `*.s3.<host>`. */
export function certificateNames(hostname: string): string[] {
  const names = ['localhost', 'localhost.localstack.cloud', '*.localhost.localstack.cloud', '*.s3.localhost.localstack.cloud',
    '*.s3-website.localhost.localstack.cloud', hostname, `*.${hostname}`, `*.s3.${hostname}`, '127.0.0.1', '::1'];
  return [...new Set(names)];
}

function subjectAltName(names: readonly string[]): Uint8Array {
  const general = names.map((n) => (isIP(n) === 0
    ? implicit(2, Buffer.from(n, 'latin1'))
    : implicit(7, isIP(n) === 4 ? Uint8Array.from(n.split('.').map(Number)) : ipv6Bytes(n))));
  return sequence(oid('2.5.29.17'), octetString(sequence(...general)));
}

function ipv6Bytes(address: string): Uint8Array {
  const [head = '', tail = ''] = address.split('::');
  const left = head === '' ? [] : head.split(':');
  const right = tail === '' ? [] : tail.split(':');
  const groups = [...left, ...Array<string>(8 - left.length - right.length).fill('0'), ...right];
  return Uint8Array.from(groups.flatMap((g) => [parseInt(g, 16) >> 8, parseInt(g, 16) & 0xff]));
}

function pem(label: string, der: Uint8Array): string {
  const b64 = Buffer.from(der).toString('base64').replace(/.{64}/g, '$&\n').replace(/\n$/, '');
  return `-----BEGIN ${label}-----\n${b64}\n-----END ${label}-----\n`;
}

export function generateSelfSigned(names: readonly string[], now = new Date()): PemCredentials {
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
  const subject = sequence(set(sequence(oid('2.5.4.3'), utf8String('localhost'))), set(sequence(oid('2.5.4.10'), utf8String('ruststack-s3'))));
  const serial = randomBytes(16);
  serial[0] = (serial[0] ?? 0) & 0x7f;
  const extensions = sequence(
    subjectAltName(names),
    sequence(oid('2.5.29.19'), booleanTrue(), octetString(sequence())), // basicConstraints: CA false
    sequence(oid('2.5.29.15'), booleanTrue(), octetString(tlv(0x03, Uint8Array.of(7, 0x80)))), // keyUsage: digitalSignature (7 unused bits)
    sequence(oid('2.5.29.37'), octetString(sequence(oid('1.3.6.1.5.5.7.3.1')))), // extendedKeyUsage: serverAuth
  );
  const notBefore = new Date(now.getTime() - 60_000); // clocks a minute behind still accept it
  const tbs = sequence(
    explicit(0, unsignedInteger(Uint8Array.of(2))), // v3
    unsignedInteger(serial),
    ECDSA_WITH_SHA256,
    subject,
    sequence(time(notBefore), time(new Date(now.getTime() + VALID_DAYS * 86_400_000))),
    subject,
    publicKey.export({ type: 'spki', format: 'der' }),
    explicit(3, extensions),
  );
  const signature = sign('sha256', tbs, privateKey);
  const cert = sequence(tbs, ECDSA_WITH_SHA256, bitString(signature));
  const key = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  return { key, cert: pem('CERTIFICATE', cert) };
}

/**
 * LocalStack's certificate file (CUSTOM_SSL_CERT_PATH, or its cache's server.test.pem): one PEM
 * file holding the private key and the certificate chain, in either order.
 */
import type { PemCredentials } from './self-signed.ts';

const KEY_BLOCK = /-----BEGIN ((?:RSA |EC |ENCRYPTED )?PRIVATE KEY)-----[\s\S]+?-----END \1-----/;
const CERT_BLOCKS = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g;

/** The key and chain in `text`, or what is missing. */
export function parsePemFile(text: string): PemCredentials | string {
  const key = KEY_BLOCK.exec(text)?.[0];
  const certs = text.match(CERT_BLOCKS) ?? [];
  if (key === undefined && certs.length === 0) return 'no PEM private key or certificate in it';
  if (key === undefined) return 'no PEM private key in it (LocalStack\'s format: the key and the certificate in one file)';
  if (certs.length === 0) return 'no PEM certificate in it (LocalStack\'s format: the key and the certificate in one file)';
  return { key: `${key}\n`, cert: `${certs.join('\n')}\n` };
}

export function formatPemFile(credentials: PemCredentials): string {
  return `${credentials.key}${credentials.cert}`;
}

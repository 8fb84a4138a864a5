/**
 * The certificate HTTPS is served with: CUSTOM_SSL_CERT_PATH's file when it exists (as LocalStack,
 * key and chain in one PEM file); otherwise one generated and written there, or, unset, under
 * TMPDIR (ruststack-tls/server.test.pem, reused while valid so a client trusts it once). The
 * certificate alone is written beside it as `.crt`, for clients to trust.
 */
import { X509Certificate } from 'node:crypto';
import { existsSync, linkSync, mkdirSync, readFileSync, renameSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { isIP } from 'node:net';
import { dirname, join } from 'node:path';
import { createSecureContext, type SecureContext } from 'node:tls';
import { ConfigError, type Config } from '../config.ts';
import { formatPemFile, parsePemFile } from './pem-file.ts';
import { certificateNames, generateSelfSigned, type PemCredentials } from './self-signed.ts';

export interface TlsSetup {
  readonly context: SecureContext;
  /** The PEM file (key and chain); `<path>.crt` holds the certificate alone when it was generated. */
  readonly path: string;
  readonly generated: boolean;
}

const DAY_MS = 86_400_000;

export function defaultCertPath(tmpDir: string): string {
  return join(tmpDir, 'ruststack-tls', 'server.test.pem');
}

/** A generated certificate still good for a day and for today's names; anything else is replaced. */
function reusable(credentials: PemCredentials, names: readonly string[]): boolean {
  try {
    const x = new X509Certificate(credentials.cert);
    const covers = (n: string): boolean => (isIP(n) !== 0 ? x.checkIP(n) !== undefined : x.checkHost(n.replace(/^\*\./, 'a.')) !== undefined);
    return Date.parse(x.validTo) > Date.now() + DAY_MS && names.every(covers);
  } catch {
    return false;
  }
}

/** Writes the file unless another server got there first (link fails then): everyone serves the file's certificate. */
function writeOnce(path: string, credentials: PemCredentials): PemCredentials {
  mkdirSync(dirname(path), { recursive: true });
  const tmp = `${path}.${process.pid}.tmp`;
  writeFileSync(tmp, formatPemFile(credentials), { mode: 0o600 });
  try {
    linkSync(tmp, path);
  } catch (e) {
    if (!(e instanceof Error && 'code' in e && e.code === 'EEXIST')) throw e;
  } finally {
    unlinkSync(tmp);
  }
  const winner = parsePemFile(readFileSync(path, 'utf8'));
  if (typeof winner === 'string') throw new Error(`${path}: ${winner}`);
  writeFileSync(`${tmp}.crt`, winner.cert);
  renameSync(`${tmp}.crt`, `${path}.crt`);
  return winner;
}

function contextFor(credentials: PemCredentials, path: string): SecureContext {
  try {
    return createSecureContext({ key: credentials.key, cert: credentials.cert });
  } catch (e) {
    throw new ConfigError('CUSTOM_SSL_CERT_PATH', path, `the key and certificate cannot be used together (${e instanceof Error ? e.message : String(e)})`);
  }
}

export function setUpTls(config: Config): TlsSetup {
  const custom = config.tlsCertPath;
  const path = custom ?? defaultCertPath(config.tmpDir);
  const names = certificateNames(config.hostname);
  let text: string | undefined;
  try {
    text = existsSync(path) ? readFileSync(path, 'utf8') : undefined;
  } catch (e) {
    if (custom !== undefined) throw new ConfigError('CUSTOM_SSL_CERT_PATH', path, `cannot read the file (${e instanceof Error ? e.message : String(e)})`);
  }
  if (text !== undefined && text.trim() !== '') {
    const found = parsePemFile(text);
    if (typeof found === 'string' && custom !== undefined) throw new ConfigError('CUSTOM_SSL_CERT_PATH', path, found);
    if (typeof found !== 'string' && (custom !== undefined || reusable(found, names))) return { context: contextFor(found, path), path, generated: false };
    // A stale generated file is replaced by a new one.
    if (custom === undefined) rmSync(path, { force: true });
  }
  let credentials = generateSelfSigned(names);
  try {
    credentials = writeOnce(path, credentials);
  } catch (e) {
    if (custom !== undefined) throw new ConfigError('CUSTOM_SSL_CERT_PATH', path, `no certificate there, and one cannot be written (${e instanceof Error ? e.message : String(e)})`);
    throw e;
  }
  return { context: contextFor(credentials, path), path, generated: true };
}

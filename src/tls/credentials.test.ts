import { X509Certificate } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { checkServerIdentity, connect } from 'node:tls';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../config.ts';
import { createApp } from '../core/app.ts';
import { startServer } from '../server/http-server.ts';
import { defaultCertPath, setUpTls } from './credentials.ts';

const dir = mkdtempSync(join(tmpdir(), 'tls-cred-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Whether a client trusting only `ca` completes a handshake for `servername` with the HTTP front using `context`. */
async function handshake(context: ReturnType<typeof setUpTls>['context'], ca: string, servername: string): Promise<boolean> {
  const app = createApp(loadConfig({}));
  const server = startServer(app, { host: '127.0.0.1', port: 0, tls: context });
  try {
    return await new Promise<boolean>((resolve) => {
      const socket = connect({ host: '127.0.0.1', port: server.port, servername, ca }, () => {
        // The chain is trusted, and the name is the certificate's (checked here: Bun's callback does not wait for it).
        resolve(socket.authorized && checkServerIdentity(servername, socket.getPeerCertificate()) === undefined);
        socket.destroy();
      });
      socket.on('error', () => resolve(false));
    });
  } finally {
    await server.stop(true);
    await app.close();
  }
}

describe('setUpTls', () => {
  it('generates a certificate under TMPDIR for the local names, writes it with its .crt, and reuses it at the next start', async () => {
    const tmp = mkdtempSync(join(dir, 'gen-'));
    const config = loadConfig({ TMPDIR: tmp });
    const first = setUpTls(config);
    expect([first.generated, first.path]).toEqual([true, defaultCertPath(tmp)]);
    const crt = readFileSync(`${first.path}.crt`, 'utf8');
    const san = new X509Certificate(crt).subjectAltName ?? '';
    for (const name of ['DNS:localhost', 'DNS:*.s3.localhost.localstack.cloud', 'IP Address:127.0.0.1']) expect(san).toContain(name);
    expect(await handshake(first.context, crt, 'my-bucket.s3.localhost.localstack.cloud')).toBe(true);
    expect(await handshake(first.context, crt, 'elsewhere.example.com')).toBe(false);
    const second = setUpTls(config);
    expect(second.generated).toBe(false);
    expect(readFileSync(`${second.path}.crt`, 'utf8')).toBe(crt);
  });

  it('writes a generated certificate to CUSTOM_SSL_CERT_PATH when no file is there, as LocalStack', () => {
    const path = join(dir, 'custom', 'server.pem');
    const made = setUpTls(loadConfig({ TMPDIR: dir, CUSTOM_SSL_CERT_PATH: path }));
    expect([made.generated, made.path]).toEqual([true, path]);
    expect(readFileSync(path, 'utf8')).toMatch(/BEGIN PRIVATE KEY[\s\S]*BEGIN CERTIFICATE/);
    expect(setUpTls(loadConfig({ TMPDIR: dir, CUSTOM_SSL_CERT_PATH: path })).generated).toBe(false);
  });

  it('refuses a CUSTOM_SSL_CERT_PATH file without a key or with a key of another certificate, naming the variable', () => {
    const other = setUpTls(loadConfig({ TMPDIR: mkdtempSync(join(dir, 'o-')) }));
    const otherPem = readFileSync(other.path, 'utf8');
    const certOnly = join(dir, 'cert-only.pem');
    writeFileSync(certOnly, readFileSync(`${other.path}.crt`, 'utf8'));
    expect(() => setUpTls(loadConfig({ CUSTOM_SSL_CERT_PATH: certOnly }))).toThrow(/CUSTOM_SSL_CERT_PATH.*no PEM private key/);
    const mismatched = join(dir, 'mismatched.pem');
    const mine = readFileSync(setUpTls(loadConfig({ TMPDIR: mkdtempSync(join(dir, 'm-')) })).path, 'utf8');
    writeFileSync(mismatched, mine.slice(0, mine.indexOf('-----BEGIN CERTIFICATE')) + otherPem.slice(otherPem.indexOf('-----BEGIN CERTIFICATE')));
    expect(() => setUpTls(loadConfig({ CUSTOM_SSL_CERT_PATH: mismatched }))).toThrow(ConfigError);
  });
});

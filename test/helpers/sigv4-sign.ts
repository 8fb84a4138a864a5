/** Requests signed with @smithy/signature-v4 (the JS SDK's signer) for in-process `app.handle` tests. */
import { createHash, createHmac } from 'node:crypto';
import { SignatureV4 } from '@smithy/signature-v4';

/** The Sha256 constructor @smithy/signature-v4 wants, on node:crypto. */
export class NodeSha256 {
  private readonly h: ReturnType<typeof createHash> | ReturnType<typeof createHmac>;
  constructor(secret?: string | ArrayBuffer | ArrayBufferView) {
    const key = secret === undefined || typeof secret === 'string' ? secret
      : secret instanceof ArrayBuffer ? new Uint8Array(secret) : new Uint8Array(secret.buffer, secret.byteOffset, secret.byteLength);
    this.h = key === undefined ? createHash('sha256') : createHmac('sha256', key);
  }
  update(data: string | Uint8Array): void {
    this.h.update(data);
  }
  async digest(): Promise<Uint8Array> {
    return new Uint8Array(this.h.digest());
  }
  reset(): void {}
}

export interface SignInput {
  readonly method: string;
  /** e.g. http://localhost:4566/bucket/key?tagging */
  readonly url: string;
  readonly headers?: Record<string, string>;
  readonly body?: string;
  readonly accessKeyId?: string;
  readonly secret?: string;
}

function signer(input: SignInput): SignatureV4 {
  return new SignatureV4({
    service: 's3', region: 'us-east-1', sha256: NodeSha256, uriEscapePath: false, applyChecksum: false,
    credentials: { accessKeyId: input.accessKeyId ?? 'test', secretAccessKey: input.secret ?? 'test' },
  });
}

function httpRequest(input: SignInput, headers: Record<string, string>) {
  const url = new URL(input.url);
  return {
    method: input.method, protocol: url.protocol, hostname: url.hostname, port: Number(url.port), path: url.pathname,
    query: Object.fromEntries(url.searchParams), headers: { host: url.host, ...headers },
  };
}

/** Headers of a header-signed request, x-amz-content-sha256 being the body's hash. */
export async function signedHeaders(input: SignInput): Promise<Record<string, string>> {
  const hash = createHash('sha256').update(input.body ?? '').digest('hex');
  const signed = await signer(input).sign(httpRequest(input, { ...input.headers, 'x-amz-content-sha256': hash }));
  return signed.headers;
}

/** A presigned URL; `headers` named here are signed (x-amz-* ones travel in the query). */
export async function presignedUrl(input: SignInput): Promise<string> {
  const signed = await signer(input).presign(httpRequest(input, input.headers ?? {}), { expiresIn: 300 });
  const url = new URL(input.url);
  url.search = new URLSearchParams(Object.entries(signed.query ?? {}).map(([k, v]): [string, string] => [k, String(v)])).toString();
  return url.toString();
}

/** The few S3 calls the crash test makes, as plain unsigned HTTP (signatures are not checked). */
import { createHash } from 'node:crypto';

export class S3Http {
  constructor(readonly endpoint: string) {}

  async #call(method: string, path: string, body?: Uint8Array<ArrayBuffer> | string, headers: Record<string, string> = {}): Promise<Response> {
    const response = await fetch(`${this.endpoint}${path}`, { method, body, headers });
    if (response.status >= 300 && response.status !== 404) {
      throw new Error(`${method} ${path} answered ${response.status}: ${(await response.text()).slice(0, 200)}`);
    }
    return response;
  }

  async createBucket(bucket: string, versioned: boolean): Promise<void> {
    await this.#call('PUT', `/${bucket}`);
    if (versioned) await this.#call('PUT', `/${bucket}?versioning`, '<VersioningConfiguration><Status>Enabled</Status></VersioningConfiguration>');
  }

  /** The new version's id (versioned buckets) or undefined. */
  async put(bucket: string, key: string, body: Uint8Array<ArrayBuffer>): Promise<string | undefined> {
    const response = await this.#call('PUT', `/${bucket}/${key}`, body);
    await response.arrayBuffer();
    return response.headers.get('x-amz-version-id') ?? undefined;
  }

  async copy(bucket: string, key: string, source: string): Promise<string | undefined> {
    const response = await this.#call('PUT', `/${bucket}/${key}`, undefined, { 'x-amz-copy-source': `/${bucket}/${source}` });
    await response.arrayBuffer();
    return response.headers.get('x-amz-version-id') ?? undefined;
  }

  async delete(bucket: string, key: string): Promise<string | undefined> {
    const response = await this.#call('DELETE', `/${bucket}/${key}`);
    return response.headers.get('x-amz-version-id') ?? undefined;
  }

  /** A one-part multipart upload, completed. */
  async multipart(bucket: string, key: string, body: Uint8Array<ArrayBuffer>): Promise<string | undefined> {
    const created = await (await this.#call('POST', `/${bucket}/${key}?uploads`)).text();
    const uploadId = /<UploadId>([^<]+)<\/UploadId>/.exec(created)?.[1] ?? '';
    const part = await this.#call('PUT', `/${bucket}/${key}?partNumber=1&uploadId=${encodeURIComponent(uploadId)}`, body);
    const etag = part.headers.get('etag') ?? '';
    const done = await this.#call('POST', `/${bucket}/${key}?uploadId=${encodeURIComponent(uploadId)}`,
      `<CompleteMultipartUpload><Part><PartNumber>1</PartNumber><ETag>${etag}</ETag></Part></CompleteMultipartUpload>`);
    await done.text();
    return done.headers.get('x-amz-version-id') ?? undefined;
  }

  async putTag(bucket: string, value: string): Promise<void> {
    await this.#call('PUT', `/${bucket}?tagging`, `<Tagging><TagSet><Tag><Key>n</Key><Value>${value}</Value></Tag></TagSet></Tagging>`);
  }

  async tag(bucket: string): Promise<string | undefined> {
    const text = await (await this.#call('GET', `/${bucket}?tagging`)).text();
    return /<Value>([^<]*)<\/Value>/.exec(text)?.[1];
  }

  /** SHA-256 of the key's (or version's) bytes, null when absent; checks the ETag of single-part bodies. */
  async content(bucket: string, key: string, versionId?: string): Promise<string | null> {
    const response = await this.#call('GET', `/${bucket}/${key}${versionId !== undefined ? `?versionId=${versionId}` : ''}`);
    if (response.status === 404 || response.status === 405) return null;
    const bytes = new Uint8Array(await response.arrayBuffer());
    const length = Number(response.headers.get('content-length'));
    if (length !== bytes.byteLength) throw new Error(`${bucket}/${key}: Content-Length ${length}, ${bytes.byteLength} bytes`);
    const etag = response.headers.get('etag') ?? '';
    if (!etag.includes('-') && etag !== `"${createHash('md5').update(bytes).digest('hex')}"`) {
      throw new Error(`${bucket}/${key}: ETag ${etag} does not match the bytes`);
    }
    return createHash('sha256').update(bytes).digest('hex');
  }

  /** Version id -> is delete marker, for one key. */
  async versions(bucket: string, key: string): Promise<Map<string, boolean>> {
    const text = await (await this.#call('GET', `/${bucket}?versions&prefix=${encodeURIComponent(key)}`)).text();
    const out = new Map<string, boolean>();
    for (const m of text.matchAll(/<(Version|DeleteMarker)>(.*?)<\/\1>/gs)) {
      const k = /<Key>([^<]*)<\/Key>/.exec(m[2] ?? '')?.[1];
      const id = /<VersionId>([^<]*)<\/VersionId>/.exec(m[2] ?? '')?.[1];
      if (k === key && id !== undefined) out.set(id, m[1] === 'DeleteMarker');
    }
    return out;
  }
}

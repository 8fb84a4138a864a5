import { SignatureV4 } from '@smithy/signature-v4';
import { describe, expect, it } from 'vitest';
import { NodeSha256 } from '../../test/helpers/sigv4-sign.ts';
import { sendAwsRequest, signedHeaders, type AwsRequest } from './aws-request.ts';

const CREDENTIALS = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY' };
const NOW = new Date('2026-01-02T03:04:05Z');

/** The JS SDK's signer is the oracle: given the path as sent (as the Lambda client builds it), it encodes it again, as every service but S3 signs. */
async function sdkAuthorization(req: AwsRequest): Promise<string> {
  const url = new URL(req.endpoint + req.path);
  const signer = new SignatureV4({ service: req.service, region: req.region, sha256: NodeSha256, credentials: CREDENTIALS, applyChecksum: false });
  const signed = await signer.sign({
    method: req.method, protocol: url.protocol, hostname: url.hostname, port: Number(url.port) || undefined,
    path: url.pathname, query: {}, headers: { ...req.headers, host: url.host }, body: req.body,
  }, { signingDate: NOW });
  return String(signed.headers.authorization);
}

describe('signedHeaders', () => {
  it('signs an SQS JSON call as the AWS SDK does', async () => {
    const req: AwsRequest = {
      service: 'sqs', region: 'eu-west-1', endpoint: 'http://127.0.0.1:4566', method: 'POST', path: '/',
      headers: { 'content-type': 'application/x-amz-json-1.0', 'x-amz-target': 'AmazonSQS.SendMessage' }, body: '{"QueueUrl":"u","MessageBody":"m"}',
    };
    expect(signedHeaders(req, CREDENTIALS, NOW).authorization).toBe(await sdkAuthorization(req));
  });

  it('signs a Lambda Invoke whose path holds an encoded ARN as the AWS SDK does', async () => {
    const arn = 'arn:aws:lambda:us-east-1:000000000000:function:f';
    const req: AwsRequest = {
      service: 'lambda', region: 'us-east-1', endpoint: 'https://lambda.us-east-1.amazonaws.com', method: 'POST',
      path: `/2015-03-31/functions/${encodeURIComponent(arn)}/invocations`, headers: { 'x-amz-invocation-type': 'Event' }, body: '{}',
    };
    expect(signedHeaders(req, CREDENTIALS, NOW).authorization).toBe(await sdkAuthorization(req));
  });
});

describe('sendAwsRequest over plain HTTP', () => {
  it('sends the signed request on a kept-alive connection, under the endpoint\'s own path, and reads the answer', async () => {
    const seen: Array<{ path: string; authorization: string | null; body: string }> = [];
    const peers = new Set<string>();
    const server = Bun.serve({
      port: 0, hostname: '127.0.0.1',
      async fetch(request, srv) {
        peers.add(String(srv.requestIP(request)?.port));
        seen.push({ path: new URL(request.url).pathname, authorization: request.headers.get('authorization'), body: await request.text() });
        return new Response('{"ok":"é"}', { status: seen.length === 1 ? 200 : 400 });
      },
    });
    try {
      const req: AwsRequest = {
        service: 'sqs', region: 'us-east-1', endpoint: `http://127.0.0.1:${server.port}/prefix`, method: 'POST', path: '/',
        headers: { 'content-type': 'application/x-amz-json-1.0', 'x-amz-target': 'AmazonSQS.SendMessage' }, body: '{"MessageBody":"ü"}',
      };
      expect(await sendAwsRequest(req, CREDENTIALS)).toEqual({ status: 200, text: '{"ok":"é"}' });
      expect(await sendAwsRequest(req, CREDENTIALS)).toEqual({ status: 400, text: '{"ok":"é"}' });
      expect(seen.map((s) => [s.path, s.body])).toEqual([['/prefix/', '{"MessageBody":"ü"}'], ['/prefix/', '{"MessageBody":"ü"}']]);
      expect(seen[0]?.authorization).toMatch(/^AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE\/\d{8}\/us-east-1\/sqs\/aws4_request, SignedHeaders=content-type;host;x-amz-date;x-amz-target, Signature=[0-9a-f]{64}$/);
      expect(peers.size).toBe(1);
    } finally {
      void server.stop(true);
    }
  });

  it('rejects when nothing listens', async () => {
    const req: AwsRequest = { service: 'sqs', region: 'us-east-1', endpoint: 'http://127.0.0.1:1', method: 'POST', path: '/', headers: {}, body: '{}' };
    await expect(sendAwsRequest(req, CREDENTIALS)).rejects.toThrow();
  });
});

import { SignatureV4 } from '@smithy/signature-v4';
import { describe, expect, it } from 'vitest';
import { NodeSha256 } from '../../test/helpers/sigv4-sign.ts';
import { signedHeaders, type AwsRequest } from './aws-request.ts';

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

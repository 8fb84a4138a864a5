import { describe, expect, it } from 'vitest';
import type { BatchPart, BatchSender } from './delivery-queue.ts';
import { sendMessageBatchBody } from './destinations.ts';

const sender: BatchSender = async () => [];

describe('sendMessageBatchBody', () => {
  it('writes what JSON.stringify writes for SendMessageBatch, trace headers and characters to escape included', () => {
    const parts: BatchPart[] = [
      { sender, body: '{"Records":[{"key":"a\\"b"}]}' },
      { sender, body: 'line\nbreak \u2028 é', traceHeader: 'Root=1-5759e988-bd862e3fe1be46a994272793;Sampled=1' },
      { sender, body: '', traceHeader: 'odd "trace"' },
    ];
    const url = 'http://127.0.0.1:4566/000000000000/my-queue';
    const expected = JSON.stringify({
      QueueUrl: url,
      Entries: parts.map((p, i) => ({
        Id: String(i), MessageBody: p.body,
        ...(p.traceHeader !== undefined ? { MessageSystemAttributes: { AWSTraceHeader: { DataType: 'String', StringValue: p.traceHeader } } } : {}),
      })),
    });
    expect(sendMessageBatchBody(url, parts)).toBe(expected);
  });
});

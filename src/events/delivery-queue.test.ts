import { describe, expect, it } from 'vitest';
import { captureLog } from '../../test/helpers/capture-log.ts';
import { DeliveryQueue, type BatchPart, type BatchSender, type Delivery } from './delivery-queue.ts';
import { DeliveryError } from './delivery-error.ts';

function delivery(destination: string, send: () => Promise<void>): Delivery {
  return { destination, what: `event to ${destination}`, send };
}

describe('DeliveryQueue', () => {
  it('delivers to one destination in order, to several at once', async () => {
    const queue = new DeliveryQueue({ capacity: 100, maxAttempts: 1 });
    const seen: string[] = [];
    for (const n of [1, 2, 3]) {
      for (const d of ['a', 'b']) queue.push(delivery(d, async () => void seen.push(`${d}${n}`)));
    }
    await queue.idle();
    expect(seen.filter((s) => s.startsWith('a'))).toEqual(['a1', 'a2', 'a3']);
    expect(seen.filter((s) => s.startsWith('b'))).toEqual(['b1', 'b2', 'b3']);
    expect(queue.delivered).toBe(6);
  });

  it('retries a failed send with backoff up to maxAttempts, then logs the failure', async () => {
    const queue = new DeliveryQueue({ capacity: 10, maxAttempts: 3, baseDelayMs: 5 });
    let attempts = 0;
    const { lines } = await captureLog(async () => {
      queue.push(delivery('q', async () => {
        attempts++;
        throw new DeliveryError('sqs at http://x unreachable');
      }));
      await queue.idle();
    });
    expect(attempts).toBe(3);
    expect(queue.failed).toBe(1);
    expect(lines.join('\n')).toMatch(/could not deliver event to q to q after 3 attempt\(s\): sqs at http:\/\/x unreachable/);
  });

  it('succeeds on a retry after a transient failure', async () => {
    const queue = new DeliveryQueue({ capacity: 10, maxAttempts: 3, baseDelayMs: 1 });
    let attempts = 0;
    queue.push(delivery('q', async () => {
      if (++attempts < 2) throw new DeliveryError('503');
    }));
    await queue.idle();
    expect([attempts, queue.delivered, queue.failed]).toEqual([2, 1, 0]);
  });

  it('does not retry a destination that does not exist', async () => {
    const queue = new DeliveryQueue({ capacity: 10, maxAttempts: 5, baseDelayMs: 1 });
    let attempts = 0;
    await captureLog(async () => {
      queue.push(delivery('q', async () => {
        attempts++;
        throw new DeliveryError('NonExistentQueue', true);
      }));
      await queue.idle();
    });
    expect(attempts).toBe(1);
  });

  it('drops deliveries past its capacity, counting them and warning once', async () => {
    const queue = new DeliveryQueue({ capacity: 2, maxAttempts: 1 });
    let release = (): void => undefined;
    const blocked = new Promise<void>((resolve) => (release = resolve));
    const { lines } = await captureLog(() => {
      const accepted = [1, 2, 3, 4].map(() => queue.push(delivery('q', () => blocked)));
      expect(accepted).toEqual([true, true, false, false]);
    });
    expect(queue.dropped).toBe(2);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/event queue full \(2 deliveries waiting\): dropped/);
    release();
    await queue.idle();
    expect(queue.delivered).toBe(2);
  });

  it('close() cancels pending retries', async () => {
    const queue = new DeliveryQueue({ capacity: 10, maxAttempts: 5, baseDelayMs: 60_000 });
    let attempts = 0;
    queue.push(delivery('q', async () => {
      attempts++;
      throw new DeliveryError('down');
    }));
    await new Promise((r) => setTimeout(r, 10));
    queue.close();
    await queue.idle();
    expect(attempts).toBe(1);
  });

  it('sends deliveries waiting behind one in flight as batches of at most ten, in order', async () => {
    const queue = new DeliveryQueue({ capacity: 100, maxAttempts: 1 });
    const requests: string[][] = [];
    let release: () => void = () => undefined;
    const firstSent = new Promise<void>((resolve) => { release = resolve; });
    const sender: BatchSender = async (parts) => {
      requests.push(parts.map((p) => p.body));
      return [];
    };
    const make = (n: number): Delivery => ({
      destination: 'q', what: `e${n}`, batch: { sender, body: `m${n}` },
      send: async () => {
        requests.push([`m${n}`]);
        if (n === 0) await firstSent;
      },
    });
    for (let n = 0; n < 13; n++) queue.push(make(n));
    release();
    await queue.idle();
    expect(requests).toEqual([['m0'], ['m1', 'm2', 'm3', 'm4', 'm5', 'm6', 'm7', 'm8', 'm9', 'm10'], ['m11', 'm12']]);
    expect(queue.delivered).toBe(13);
  });

  it('sends up to four full batches at once for a destination with a backlog, the rest after', async () => {
    const queue = new DeliveryQueue({ capacity: 1000, maxAttempts: 1 });
    const gates: Array<() => void> = [];
    const sizes: number[] = [];
    let inFlight = 0;
    let most = 0;
    const sender: BatchSender = (parts) => {
      sizes.push(parts.length);
      most = Math.max(most, ++inFlight);
      return new Promise((resolve) => gates.push(() => { inFlight--; resolve([]); }));
    };
    // The first goes alone (nothing to batch with yet), by its own send.
    const send = (): Promise<void> => sender([{ sender, body: 'alone' }]).then(() => undefined);
    for (let n = 0; n < 65; n++) queue.push({ destination: 'q', what: `e${n}`, batch: { sender, body: `m${n}` }, send });
    expect(gates).toHaveLength(4);
    while (gates.length > 0) {
      (gates.shift() as () => void)();
      await new Promise((resolve) => setTimeout(resolve, 0));
    }
    await queue.idle();
    expect(most).toBe(4);
    expect(sizes.reduce((a, b) => a + b, 0)).toBe(65);
    expect(queue.delivered).toBe(65);
  });

  it('retries only the entries of a batch the service refused', async () => {
    const queue = new DeliveryQueue({ capacity: 100, maxAttempts: 2, baseDelayMs: 1 });
    const batches: string[][] = [];
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => { release = resolve; });
    const sender: BatchSender = async (parts: readonly BatchPart[]) => {
      batches.push(parts.map((p) => p.body));
      return batches.length === 1 ? [1] : [];
    };
    queue.push({ destination: 'q', what: 'first', send: () => gate });
    for (const body of ['a', 'b', 'c']) queue.push({ destination: 'q', what: body, batch: { sender, body }, send: async () => void batches.push([body]) });
    release();
    await queue.idle();
    expect(batches).toEqual([['a', 'b', 'c'], ['b']]);
    expect([queue.delivered, queue.failed]).toEqual([4, 0]);
  });

  it('lets a batch that is not full wait lingerMs for more, so deliveries pushed apart share a request', async () => {
    const queue = new DeliveryQueue({ capacity: 100, maxAttempts: 1, lingerMs: 50 });
    const requests: string[][] = [];
    const sender: BatchSender = async (parts) => {
      requests.push(parts.map((p) => p.body));
      return [];
    };
    const make = (n: number): Delivery => ({
      destination: 'q', what: `e${n}`, batch: { sender, body: `m${n}` }, send: async () => void requests.push([`m${n}`]),
    });
    queue.push(make(0));
    await Promise.resolve();
    queue.push(make(1));
    queue.push(make(2));
    await queue.idle();
    expect(requests).toEqual([['m0', 'm1', 'm2']]);
  });

  it('sends a full batch, and deliveries that cannot batch, without lingering', async () => {
    // A linger longer than the test's timeout: only sends that do not wait for it let idle() resolve.
    const queue = new DeliveryQueue({ capacity: 100, maxAttempts: 1, lingerMs: 3_600_000 });
    const requests: string[][] = [];
    const sender: BatchSender = async (parts) => {
      requests.push(parts.map((p) => p.body));
      return [];
    };
    for (let n = 0; n < 10; n++) queue.push({ destination: 'q', what: `e${n}`, batch: { sender, body: `m${n}` }, send: async () => undefined });
    queue.push(delivery('topic', async () => void requests.push(['single'])));
    await queue.idle();
    expect(requests).toContainEqual(['m0', 'm1', 'm2', 'm3', 'm4', 'm5', 'm6', 'm7', 'm8', 'm9']);
    expect(requests).toContainEqual(['single']);
    queue.close();
  });
});

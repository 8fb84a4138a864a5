/**
 * The MD5 worker: hashes large bodies off the server thread (md5-offload.ts). An entry point of its
 * own, bundled into the compiled binary beside src/cli/main.ts (scripts/build.ts).
 */
import { newDigest, type Digest } from './digest.ts';
import type { Md5Reply, Md5Request } from './md5-messages.ts';

declare const self: Worker;

const jobs = new Map<number, Digest>();

function reply(message: Md5Reply, transfer: Transferable[]): void {
  self.postMessage(message, transfer);
}

self.onmessage = (event: MessageEvent<Md5Request>) => {
  const m = event.data;
  if (m.kind === 'chunk') {
    let digest = jobs.get(m.job);
    if (digest === undefined) jobs.set(m.job, (digest = newDigest('md5')));
    digest.update(new Uint8Array(m.buffer, 0, m.length));
    reply({ kind: 'hashed', job: m.job, buffer: m.buffer }, [m.buffer]);
  } else if (m.kind === 'end') {
    const md5 = new Uint8Array((jobs.get(m.job) ?? newDigest('md5')).digest());
    jobs.delete(m.job);
    reply({ kind: 'digest', job: m.job, md5 }, []);
  } else {
    jobs.delete(m.job);
  }
};

/**
 * A server over a persistent data directory that a test can stop and start again: the real CLI
 * (or RUSTSTACK_BINARY) in its own process, as a restart really happens.
 */
import { startTestServer, type SpawnedServer } from '../helpers/spawn-server.ts';

export async function startPersistentServer(dataDir: string, env: Record<string, string> = {}): Promise<SpawnedServer> {
  return startTestServer({ env: { PERSISTENCE: '1', DATA_DIR: dataDir, LOG_LEVEL: 'info', ...env } });
}

/** POST /_localstack/state/reset, as the `reset` command sends it. */
export async function resetServer(server: SpawnedServer): Promise<void> {
  const response = await fetch(`${server.endpoint}/_localstack/state/reset`, { method: 'POST' });
  if (!response.ok) throw new Error(`reset answered ${response.status}`);
}

#!/usr/bin/env bun
/** ruststack-s3 command line: serve | health | reset | lifecycle | help | version. */
import { defineCommand } from 'citty';
import { lifecycleCommand } from './lifecycle-command.ts';
import { healthCommand, resetCommand } from './probe.ts';
import { runCli } from './run-cli.ts';
import { VERSION } from '../version.ts';

const main = defineCommand({
  meta: { name: 'ruststack-s3', version: VERSION, description: 'A LocalStack-compatible S3 emulator' },
  subCommands: {
    // Loaded lazily so `health` (run every few seconds by Docker) does not load the whole server.
    serve: () => import('./serve.ts').then((m) => m.serveCommand),
    health: healthCommand,
    reset: resetCommand,
    lifecycle: lifecycleCommand,
  },
});

await runCli(main, process.argv.slice(2));

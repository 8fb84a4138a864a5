import { defineConfig } from 'vitest/config';
import base from './vitest.config.ts';

// `npm run test:slow`: tests that wait on real timers for seconds, kept out of `npm test`.
export default defineConfig({ plugins: base.plugins, test: { ...base.test, include: ['**/*.slow.test.ts'], exclude: ['node_modules/**'] } });

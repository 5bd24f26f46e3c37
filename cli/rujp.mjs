#!/usr/bin/env node
// The published bin runs the TypeScript sources through tsx, so `npm ci && npx rujp …`
// works with no build step on a fresh clone.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../lambdas/local/cli.ts');
process.exitCode = await main(process.argv.slice(2));

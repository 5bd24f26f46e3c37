/**
 * The schema library the Lambdas validate with: zod's `mini` build, whose functions
 * tree-shake to what is used. Full zod costs about 85 KiB in every handler's start module
 * and 15–30 ms of every cold start (measured with `npm run bench -- --only bundles`); the
 * mini build gives the same issues and the same messages once its English locale is set.
 * Code that never runs in a Lambda (the CDK app, the classifier profile) may use full zod.
 *
 * Import it as a namespace (`import * as z from '../core/schema.js'`): esbuild then keeps
 * only the members used, where re-exporting zod's own namespace object would keep all of
 * zod, its forty locales included.
 */
import { config } from 'zod/mini';
// The one locale, by its own path: 'zod/locales' would bundle all forty of them.
import en from 'zod/v4/locales/en.js';

config(en());

export * from 'zod/mini';

/**
 * The schema library the Lambdas validate with: zod's `mini` build, whose functions
 * tree-shake to what is used. Full zod costs about 85 KiB in every handler's start module
 * and 15–30 ms of every cold start (measured with `npm run bench -- --only bundles`); the
 * mini build gives the same issues and the same messages once its English locale is set.
 * Code that never runs in a Lambda (the CDK app, the classifier profile) may use full zod.
 */
import * as z from 'zod/mini';
import { en } from 'zod/locales';

z.config(en());

export { z };

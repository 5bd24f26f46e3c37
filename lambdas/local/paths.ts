import { fileURLToPath } from 'node:url';
import path from 'node:path';

/** The package root, whether run from a clone or from node_modules. */
export const PACKAGE_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** The recorded snapshot of every registry source, served by `rujp demo`. */
export const RECORDED_SITES = path.join(PACKAGE_ROOT, 'fixtures', 'sites');

export const DEFAULT_STATE_DIR = '.rujp';
/** Live runs and the demo keep separate archives, so recorded items never mix with live ones. */
export const DEFAULT_LIVE_DATA = path.join(DEFAULT_STATE_DIR, 'data');
export const DEFAULT_DEMO_DATA = path.join(DEFAULT_STATE_DIR, 'demo');
export const DEFAULT_OUT = path.join(DEFAULT_STATE_DIR, 'public');

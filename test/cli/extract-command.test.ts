import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { main } from '../../lambdas/local/commands/extract.js';
import { REPO_ROOT } from '../support/run-cli.js';
import { memoryIO } from '../support/memory-io.js';
import { tempDir } from '../support/temp-dir.js';

const SEEDS = path.join(REPO_ROOT, 'fixtures', 'extract', 'seeds');
const lines = (text: string) => text.trim().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>);

describe('rujp extract', () => {
  const temp = tempDir('rujp-extract-');
  afterAll(() => temp.cleanup());

  it('prints one JSON line per file, for .html, .html.gz (windows-1251 inside) and stdin', async () => {
    // Prepare
    const kaluga = path.join(SEEDS, '003-kaluga-gov-cp1251', 'page.html');
    const gz = path.join(temp.dir, 'kaluga.html.gz');
    writeFileSync(gz, gzipSync(readFileSync(kaluga)));
    const io = memoryIO(readFileSync(path.join(SEEDS, '000-trade-mission-en', 'page.html')));
    // Act
    const code = await main([kaluga, gz, '-'], io);
    // Assess
    expect(code).toBe(0);
    const out = lines(io.stdoutText());
    expect(out).toHaveLength(3);
    expect(Object.keys(out[0]!)).toEqual(expect.arrayContaining(['file', 'title', 'text', 'publishedAt', 'author', 'lang', 'image']));
    expect(out[0]!.title).toBe('Калужская область нацелена на расширение сотрудничества с Японией');
    expect(out[1]!.text).toBe(out[0]!.text);
    expect(String(out[0]!.text)).toContain('Фрейт Вилладж Ворсино');
    expect(String(out[0]!.text)).not.toContain('Ещё новости о событии');
    expect(out[2]!).toMatchObject({ file: '-', title: 'Regions of Russia and Japan continue dialogue despite pandemic' });
    expect(String(out[2]!.text).split('\n\n').length).toBeGreaterThan(3);
  });

  it('gives a clear error line for a bad file and goes on with the others', async () => {
    const empty = path.join(temp.dir, 'empty.html');
    const binary = path.join(temp.dir, 'image.html');
    const brokenGz = path.join(temp.dir, 'broken.html.gz');
    writeFileSync(empty, '');
    writeFileSync(binary, Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 0x0d, 0x49, 0x48, 0x44, 0x52]));
    writeFileSync(brokenGz, gzipSync(Buffer.from('<html><body><p>x</p></body></html>')).subarray(0, 12));
    const good = path.join(SEEDS, '001-spb-committee-en', 'page.html');
    const io = memoryIO();

    const code = await main([empty, binary, brokenGz, path.join(temp.dir, 'missing.html'), good], io);

    expect(code).toBe(1);
    const out = lines(io.stdoutText());
    expect(out.map((line) => line.file)).toEqual([empty, binary, brokenGz, path.join(temp.dir, 'missing.html'), good]);
    expect(out[0]!.error).toMatch(/empty/);
    expect(out[1]!.error).toMatch(/binary/);
    expect(out[2]!.error).toMatch(/gzip/);
    expect(out[3]!.error).toMatch(/ENOENT|no such file/);
    expect(out[4]!.title).toBeTruthy();
  });

  it('cuts a 50 MB page instead of stalling the batch', async () => {
    const huge = path.join(temp.dir, 'huge.html');
    const paragraph = '<p>Делегация префектуры Тоттори посетила Владивосток и обсудила программу обменов.</p>\n';
    writeFileSync(huge, `<html><body><article>${paragraph.repeat(Math.ceil((50 * 1024 * 1024) / Buffer.byteLength(paragraph)))}</article></body></html>`);
    const io = memoryIO();
    expect(await main([huge], io)).toBe(0);
    const [result] = lines(io.stdoutText());
    expect(String(result!.text).length).toBeGreaterThan(1000);
    expect(String(result!.text).length).toBeLessThan(10 * 1024 * 1024);
  });
});

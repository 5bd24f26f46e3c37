import { PassThrough, Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { main } from '../../lambdas/local/commands/classify.js';

async function run(input: string | Readable, argv: string[] = []) {
  const stdin = typeof input === 'string' ? Readable.from([input]) : input;
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (c) => (out += c));
  stderr.on('data', (c) => (err += c));
  const code = await main(argv, { stdin, stdout, stderr });
  return { code, lines: out.split('\n').filter((l) => l !== '').map((l) => JSON.parse(l) as Record<string, unknown>), err };
}

const good = { id: 'a1', title: 'Делегация префектуры Тоттори посетила Владивосток', text: 'Стороны обсудили паромное сообщение и туристические обмены.' };

describe('rujp classify', () => {
  it('writes one line per input line, in order, in the documented shape', async () => {
    const other = { id: 'a2', title: 'В Хабаровске отремонтируют дворы', text: 'Работы начнутся в мае.' };
    const { code, lines } = await run(`${JSON.stringify(good)}\n${JSON.stringify(other)}\n`);
    expect(code).toBe(0);
    expect(lines.map((l) => l.id)).toEqual(['a1', 'a2']);
    expect(Object.keys(lines[0]!)).toEqual(['id', 'relevant', 'score', 'lang', 'regions', 'prefectures', 'topics', 'evidence']);
    expect(lines[0]).toMatchObject({ relevant: true, lang: 'ru', regions: ['primorsky-krai'], prefectures: ['tottori'] });
    expect(lines[1]).toMatchObject({ relevant: false });
  });

  it('answers each bad line with an error naming the line and keeps going', async () => {
    const input = [
      JSON.stringify(good),
      '{"id": "broken", "title": "no closing brace"',
      '[1,2]',
      JSON.stringify({ title: 'no id', text: 'x' }),
      JSON.stringify({ id: 'num', title: 5, text: 'x' }),
      JSON.stringify({ id: 'empty', title: '', text: '   ' }),
      JSON.stringify({ id: 'korean', title: '연해주 대표단', text: '연해주 대표단이 강원도를 방문했다.' }),
      JSON.stringify({ id: 'german', title: 'Die Delegation', text: 'Die Delegation aus der Region ist mit dem Zug in die Stadt gekommen und hat sich mit den Vertretern getroffen.' }),
      JSON.stringify({ id: 'huge', title: 'big', text: 'Япония и Россия. '.repeat(62_000) }),
      JSON.stringify({ ...good, id: 'last' }),
    ].join('\n');
    const { code, lines } = await run(input);
    expect(code).toBe(0);
    expect(lines).toHaveLength(10);
    expect(lines[0]).toMatchObject({ id: 'a1', relevant: true });
    expect(lines[1]).toMatchObject({ id: 'broken', line: 2 });
    expect(lines[1]!.error).toMatch(/line 2: not valid JSON/);
    expect(lines[2]).toMatchObject({ id: null, line: 3 });
    expect(lines[2]!.error).toMatch(/expected a JSON object.*array/);
    expect(lines[3]).toMatchObject({ id: null, line: 4 });
    expect(lines[3]!.error).toMatch(/"id" is missing/);
    expect(lines[4]!.error).toMatch(/"title" must be a string/);
    expect(lines[5]).toMatchObject({ id: 'empty', line: 6 });
    expect(lines[5]!.error).toMatch(/empty text/);
    expect(lines[6]!.error).toMatch(/unsupported language "ko" \(detected\)/);
    expect(lines[7]!.error).toMatch(/unsupported language "de"/);
    expect(lines[8]).toMatchObject({ id: 'huge', line: 9 });
    expect(lines[8]!.error).toMatch(/too long: \d+ characters/);
    expect(lines[9]).toMatchObject({ id: 'last', relevant: true });
  });

  it('skips blank lines without an answer but keeps counting them', async () => {
    const { lines } = await run(`\n${JSON.stringify({ id: 'x' })}\n\n`);
    expect(lines).toEqual([{ id: 'x', line: 2, error: 'line 2: empty text: both "title" and "text" are empty' }]);
  });

  it('honours a language the caller states', async () => {
    const { lines } = await run(JSON.stringify({ id: 'fr', lang: 'fr', title: 'Russie et Japon', text: 'Russie et Japon.' }));
    expect(lines[0]!.error).toMatch(/unsupported language "fr" \(given\)/);
  });

  it('exits 1 with a message when stdin fails', async () => {
    const stdin = new Readable({
      read() {
        this.destroy(new Error('EIO: i/o error'));
      },
    });
    const { code, err } = await run(stdin);
    expect(code).toBe(1);
    expect(err).toMatch(/cannot read stdin.*EIO/);
  });

  it('rejects unknown options as a usage error', async () => {
    await expect(run('', ['--bogus'])).rejects.toThrow(/unknown argument "--bogus"/);
  });
});

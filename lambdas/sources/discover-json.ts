/** A JSON list endpoint (NHK World's news list and the like) read with the source's field map. */
import type { SourceEntry } from './registry-schema.js';
import { DiscoveryError, squash, type RawEntry } from './raw-entry.js';

function at(obj: unknown, dotPath: string): unknown {
  if (dotPath === '') return obj;
  let cur: unknown = obj;
  for (const key of dotPath.split('.')) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string, unknown>)[key];
  }
  return cur;
}

function asText(v: unknown): string | undefined {
  if (typeof v === 'string') return v;
  if (typeof v === 'number') return String(v);
  return undefined;
}

export function readJsonList(source: SourceEntry, body: string, warnings: string[]): RawEntry[] {
  const f = source.fields;
  if (!f) throw new DiscoveryError(source.id, 'kind "json" needs a "fields" map');
  let data: unknown;
  try {
    data = JSON.parse(body.replace(/^\uFEFF/, ''));
  } catch (err) {
    throw new DiscoveryError(source.id, `the response is not valid JSON: ${(err as Error).message}`);
  }
  const list = at(data, f.items);
  if (!Array.isArray(list)) {
    throw new DiscoveryError(source.id, `fields.items ${JSON.stringify(f.items)} is not an array in the response`);
  }
  return list.map((entry, i): RawEntry => {
    const raw = f.date ? at(entry, f.date) : undefined;
    let date: Date | undefined;
    let dateText: string | undefined;
    if (raw !== undefined && raw !== null && raw !== '') {
      if (f.dateFormat === 'text') dateText = asText(raw);
      else {
        const n = Number(raw);
        const d = new Date(f.dateFormat === 'epoch-s' ? n * 1000 : n);
        if (Number.isFinite(n) && !Number.isNaN(d.getTime())) date = d;
        else warnings.push(`source "${source.id}": entry #${i + 1}: ${f.date} ${JSON.stringify(raw)} is not an ${f.dateFormat} number`);
      }
    }
    return {
      link: asText(at(entry, f.url)),
      title: squash(asText(at(entry, f.title))),
      dateText,
      date,
      summary: f.summary ? squash(asText(at(entry, f.summary))) : undefined,
    };
  });
}

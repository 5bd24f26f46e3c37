/**
 * Charset tables through the platform's WHATWG TextDecoder (ICU) rather than a JavaScript copy:
 * iconv-lite's tables were a fifth of every Lambda bundle and compiled at each cold start,
 * while Node already carries the same tables, with the labels and mappings browsers use.
 */
import { TextDecoder } from 'node:util';

const decoders = new Map<string, TextDecoder | null>();

function decoderFor(name: string): TextDecoder | null {
  let decoder = decoders.get(name);
  if (decoder === undefined) {
    try {
      decoder = new TextDecoder(name);
    } catch {
      decoder = null;
    }
    decoders.set(name, decoder);
  }
  return decoder;
}

/** True when `name` is a charset label this runtime can decode. */
export function canDecode(name: string): boolean {
  return decoderFor(name) !== null;
}

/** Decodes bytes with a label `canDecode` accepted; a leading BOM of that charset is dropped. */
export function decodeWith(raw: Uint8Array, name: string): string {
  const decoder = decoderFor(name);
  if (!decoder) throw new RangeError(`charset "${name}" cannot be decoded here`);
  return decoder.decode(raw);
}

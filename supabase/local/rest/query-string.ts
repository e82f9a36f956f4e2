/**
 * Query strings and form bodies as PostgREST reads both (http-types' `parseQuery`): pairs are
 * split on `&` and also on `;`, a leading `?` is dropped, `+` is a space, `%XX` is decoded and a
 * malformed escape (`%Q`) is kept as it is. A pair without `=` has no value (null).
 *
 * `URLSearchParams` differs on the `;` alone, which is why the stack does not use it.
 */

const decoder = new TextDecoder();
const PLUS = 0x2b;
const PERCENT = 0x25;

export function parseQuery(bytes: Uint8Array): Array<[string, string | null]> {
  const text = bytes[0] === 0x3f ? bytes.subarray(1) : bytes;
  const pairs: Array<[string, string | null]> = [];
  let start = 0;
  while (start < text.length) {
    let end = start;
    while (end < text.length && text[end] !== 0x26 && text[end] !== 0x3b) end++;
    const pair = text.subarray(start, end);
    const equals = pair.indexOf(0x3d);
    pairs.push(
      equals < 0
        ? [urlDecode(pair), null]
        : [urlDecode(pair.subarray(0, equals)), urlDecode(pair.subarray(equals + 1))],
    );
    start = end + 1;
  }
  return pairs;
}

/** The query string's parameters, leaving out pairs without a value as PostgREST's QueryParams does. */
export function queryParameters(url: URL): URLSearchParams {
  const params = new URLSearchParams();
  for (const [name, value] of parseQuery(new TextEncoder().encode(url.search))) {
    if (value !== null) params.append(name, value);
  }
  return params;
}

function urlDecode(bytes: Uint8Array): string {
  const out = new Uint8Array(bytes.length);
  let length = 0;
  for (let i = 0; i < bytes.length; i++) {
    const byte = bytes[i] as number;
    const high = hexValue(bytes[i + 1]);
    const low = hexValue(bytes[i + 2]);
    if (byte === PERCENT && high !== null && low !== null) {
      out[length++] = (high << 4) | low;
      i += 2;
    } else {
      out[length++] = byte === PLUS ? 0x20 : byte;
    }
  }
  return decoder.decode(out.subarray(0, length));
}

function hexValue(byte: number | undefined): number | null {
  if (byte === undefined) return null;
  if (byte >= 0x30 && byte <= 0x39) return byte - 0x30;
  if (byte >= 0x41 && byte <= 0x46) return byte - 0x37;
  if (byte >= 0x61 && byte <= 0x66) return byte - 0x57;
  return null;
}

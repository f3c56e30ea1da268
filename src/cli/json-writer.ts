/**
 * `JSON.stringify(value, null, 2)` written as UTF-8 bytes in chunks instead of one string.
 *
 * A whole-kernel `diff --json` is ~20 MB: one string of that size, then its UTF-8 copy,
 * cost more than the diff (and the garbage collector holds both). This writes the same
 * bytes into a fixed buffer that is handed to `sink` whenever it fills, so memory stays
 * flat. The output is byte for byte what `JSON.stringify(value, null, 2)` encoded as UTF-8
 * gives (ECMA-262 SerializeJSONProperty): `toJSON` is called, keys in `Object.keys`
 * order, `undefined`/functions/symbols left out of objects and `null` in arrays, non-finite
 * numbers `null`, a bigint throws. Strings that are printable ASCII without `"` or `\`
 * are copied byte by byte (measured: as fast as JSON.stringify plus encoding, and faster
 * than a Buffer.write per string); any other string goes through `JSON.stringify` itself,
 * so escapes and lone surrogates come out exactly as there.
 */

const CHUNK = 1 << 18;
const encoder = new TextEncoder();

export class JsonByteWriter {
  private buf = new Uint8Array(CHUNK);
  private len = 0;
  /** Newline + indentation, per depth, as bytes. */
  private readonly breaks: Uint8Array[] = [];

  /** `sink` gets each full chunk; it must use (or copy) it before returning. */
  constructor(private readonly sink: (chunk: Uint8Array) => void) {}

  /** Writes `JSON.stringify(value, null, 2)` (nothing for a top-level undefined). */
  write(value: unknown): void {
    this.value(this.resolve('', value), 0);
  }

  /** Writes raw text (e.g. the final newline). */
  text(s: string): void {
    this.str(s, false);
  }

  /** Hands what is buffered to the sink. */
  flush(): void {
    if (this.len > 0) this.sink(this.buf.subarray(0, this.len));
    this.len = 0;
  }

  /** Whether `value` serializes to something (SerializeJSONProperty not returning undefined). */
  private static skipped(value: unknown): boolean {
    return value === undefined || typeof value === 'function' || typeof value === 'symbol';
  }

  /** toJSON, then wrapper objects unwrapped: the value that gets written. */
  private resolve(key: string, value: unknown): unknown {
    if (typeof value !== 'object' || value === null) return value;
    const toJSON = (value as { toJSON?: unknown }).toJSON;
    if (typeof toJSON === 'function') {
      value = (toJSON as (k: string) => unknown).call(value, key);
      if (typeof value !== 'object' || value === null) return value;
    }
    // Number, String and Boolean wrapper objects serialize as their primitive.
    if (value instanceof Number) return Number(value);
    if (value instanceof String) return String(value);
    if (value instanceof Boolean) return value.valueOf();
    return value;
  }

  /** A resolved value. */
  private value(v: unknown, depth: number): void {
    if (v === null) return this.ascii('null');
    switch (typeof v) {
      case 'string':
        return this.str(v, true);
      case 'number':
        return this.ascii(Number.isFinite(v) ? String(v) : 'null');
      case 'boolean':
        return this.ascii(v ? 'true' : 'false');
      case 'bigint':
        throw new TypeError('Do not know how to serialize a BigInt');
      case 'object':
        return Array.isArray(v) ? this.array(v, depth) : this.object(v as Record<string, unknown>, depth);
      default:
        // undefined, function, symbol at the top level: JSON.stringify returns undefined.
        return;
    }
  }

  private array(a: readonly unknown[], depth: number): void {
    if (a.length === 0) return this.ascii('[]');
    this.byte(0x5b);
    for (let i = 0; i < a.length; i++) {
      if (i) this.byte(0x2c);
      this.newline(depth + 1);
      const v = this.resolve(String(i), a[i]);
      if (JsonByteWriter.skipped(v)) this.ascii('null');
      else this.value(v, depth + 1);
    }
    this.newline(depth);
    this.byte(0x5d);
  }

  private object(o: Record<string, unknown>, depth: number): void {
    let first = true;
    for (const k of Object.keys(o)) {
      const v = this.resolve(k, o[k]);
      if (JsonByteWriter.skipped(v)) continue;
      this.byte(first ? 0x7b : 0x2c);
      first = false;
      this.newline(depth + 1);
      this.str(k, true);
      this.byte(0x3a);
      this.byte(0x20);
      this.value(v, depth + 1);
    }
    if (first) return this.ascii('{}');
    this.newline(depth);
    this.byte(0x7d);
  }

  private newline(depth: number): void {
    let b = this.breaks[depth];
    if (!b) {
      b = new Uint8Array(1 + 2 * depth).fill(0x20);
      b[0] = 0x0a;
      this.breaks[depth] = b;
    }
    if (this.len + b.length > this.buf.length) this.flush();
    this.buf.set(b, this.len);
    this.len += b.length;
  }

  private byte(c: number): void {
    if (this.len >= this.buf.length) this.flush();
    this.buf[this.len++] = c;
  }

  /** A string known to be ASCII (numbers, literals). */
  private ascii(s: string): void {
    if (this.len + s.length > this.buf.length) this.flush();
    const buf = this.buf;
    let n = this.len;
    for (let i = 0; i < s.length; i++) buf[n++] = s.charCodeAt(i);
    this.len = n;
  }

  /** A string, quoted as JSON when `quote`, else as is; UTF-8. */
  private str(s: string, quote: boolean): void {
    // Room for the worst case: `\u001f` (6 bytes) for every code unit.
    const need = s.length * 6 + 2;
    if (need > this.buf.length) return this.big(quote ? JSON.stringify(s) : s);
    if (this.len + need > this.buf.length) this.flush();
    const buf = this.buf;
    let n = this.len;
    if (quote) buf[n++] = 0x22;
    for (let i = 0; i < s.length; i++) {
      const c = s.charCodeAt(i);
      if (c < 0x20 || c > 0x7e || (quote && (c === 0x22 || c === 0x5c))) {
        // Escapes and non-ASCII: JSON.stringify's own spelling, encoded as UTF-8.
        const rest = quote ? JSON.stringify(s) : s;
        n = this.len + encoder.encodeInto(rest, buf.subarray(this.len)).written;
        this.len = n;
        return;
      }
      buf[n++] = c;
    }
    if (quote) buf[n++] = 0x22;
    this.len = n;
  }

  /** A string that may not fit the buffer: encoded on its own. */
  private big(s: string): void {
    this.flush();
    this.sink(encoder.encode(s));
  }
}

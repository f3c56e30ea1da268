/** The buffers a reply can hand over instead of copying: typed arrays in its top two levels. */
export function transferablesOf(value: unknown): ArrayBuffer[] {
  const out = new Set<ArrayBuffer>();
  const visit = (v: unknown, depth: number) => {
    if (ArrayBuffer.isView(v)) {
      // Only whole, non-shared buffers: a view into a file's bytes must not detach the file.
      if (v.buffer instanceof ArrayBuffer && v.byteOffset === 0 && v.byteLength === v.buffer.byteLength) out.add(v.buffer);
    } else if (v && typeof v === 'object' && depth < 2) {
      for (const x of Object.values(v)) visit(x, depth + 1);
    }
  };
  visit(value, 0);
  return [...out];
}

/**
 * The byte map: the struct as a picture, one cacheline per row, members as colored blocks
 * (bit-precise for bitfields), holes hatched red, tail padding hatched grey. Hover a block for
 * its name, type and bytes; click it to pick the member in the table.
 */
import type { ReactElement } from 'react';
import type { StructLayout } from '../../core/index';
import { byteBlocks } from './layout-rows';
import './layout.css';
import { visibleText } from '../text/safe-text';

const CELL_PX = 12;
const ROW_PX = 24;
const GUTTER_PX = 52;
const PALETTE = 8;
/** Rows drawn at most: a valid struct can be 4 GiB, i.e. 67 million cachelines. */
export const MAX_BYTE_MAP_ROWS = 256;

export function ByteMap({ layout, onPick }: { layout: StructLayout; onPick?: (name: string) => void }) {
  const perRow = layout.cachelineBytes;
  const allRows = Math.max(1, Math.ceil(layout.byteSize / perRow));
  const rows = Math.min(allRows, MAX_BYTE_MAP_ROWS);
  const shownBytes = rows * perRow;
  const width = GUTTER_PX + perRow * CELL_PX + 2;
  const height = rows * ROW_PX + 2;
  const blocks = layout.kind === 'struct' ? byteBlocks(layout) : [];
  const rects: ReactElement[] = [];
  blocks.forEach((b, i) => {
    // Split a block at row ends.
    let start = b.start;
    const end = Math.min(b.start + b.length, shownBytes);
    while (start < end - 1e-9) {
      const row = Math.floor(start / perRow);
      const rowEnd = Math.min(end, (row + 1) * perRow);
      const x = GUTTER_PX + (start - row * perRow) * CELL_PX;
      const w = Math.max(1, (rowEnd - start) * CELL_PX);
      const fill = b.kind === 'hole' ? 'url(#bm-hole)' : b.kind === 'padding' ? 'url(#bm-pad)' : undefined;
      rects.push(
        <g key={`${i}-${row}`} className={`bm-block bm-${b.kind}`} onClick={() => b.kind === 'member' && onPick?.(b.label.split('.').pop()!)}>
          <title>{visibleText(b.title)}</title>
          <rect x={x} y={row * ROW_PX + 1} width={w} height={ROW_PX - 2} className={fill ? undefined : `bm-c${b.colorIndex % PALETTE}`} fill={fill} />
          {w > 40 && b.kind === 'member' && (
            <text x={x + 3} y={row * ROW_PX + ROW_PX / 2 + 4} className="bm-label">
              {fitLabel(visibleText(b.label), w)}
            </text>
          )}
        </g>,
      );
      start = rowEnd;
    }
  });
  if (layout.kind === 'union') {
    return <p className="muted">A union: every member starts at byte 0 (see the table).</p>;
  }
  return (
    // Focusable: a wide map scrolls sideways, and keyboard users must be able to scroll it.
    <div className="byte-map" data-testid="byte-map" tabIndex={0} role="region" aria-label="Byte map">
      {allRows > rows && (
        <p className="muted" data-testid="byte-map-cut">
          The first {rows} of {allRows.toLocaleString('en-US')} cachelines ({shownBytes.toLocaleString('en-US')} of {layout.byteSize.toLocaleString('en-US')} bytes);
          the table lists every member.
        </p>
      )}
      <svg width={width} height={height} role="img" aria-label={`Byte map of ${visibleText(layout.name) || 'the type'}: ${layout.byteSize} bytes`}>
        <defs>
          <pattern id="bm-hole" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">
            <rect width="6" height="6" className="bm-hole-bg" />
            <line x1="0" y1="0" x2="0" y2="6" className="bm-hole-line" />
          </pattern>
          <pattern id="bm-pad" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(-45)">
            <rect width="6" height="6" className="bm-pad-bg" />
            <line x1="0" y1="0" x2="0" y2="6" className="bm-pad-line" />
          </pattern>
        </defs>
        {Array.from({ length: rows }, (_, r) => (
          <text key={r} x={GUTTER_PX - 6} y={r * ROW_PX + ROW_PX / 2 + 4} className="bm-offset" textAnchor="end">
            {r * perRow}
          </text>
        ))}
        <rect x={GUTTER_PX} y={1} width={Math.min(layout.byteSize, perRow) * CELL_PX} height={rows * ROW_PX} className="bm-frame" />
        {rects}
      </svg>
    </div>
  );
}

/** As much of a member's name as fits a block `w` pixels wide (SVG text cannot hold <bdi>). */
function fitLabel(label: string, w: number): string {
  return label.length * 6.5 > w - 6 ? label.slice(0, Math.max(1, Math.floor((w - 6) / 6.5))) : label;
}

/**
 * The layout table: offset, size, member, type — holes, bit holes and tail padding as their
 * own rows, cacheline boundaries as separators, nested anonymous structs and unions indented.
 * The numbers are pahole's (the worker computes them with core's layout engine).
 */
import type { StructLayout } from '../../core/index';
import { type LayoutRow, layoutRows } from './layout-rows';
import './layout.css';
import { SafeText } from '../text/SafeText';
import { visibleText } from '../text/safe-text';

const plural = (n: number, w: string) => `${n} ${w}${n === 1 ? '' : 's'}`;

export function LayoutSummary({ layout: l }: { layout: StructLayout }) {
  const parts = [
    `size ${l.byteSize}`,
    plural(l.cachelines, 'cacheline'),
    plural(l.memberCount, 'member'),
    l.kind === 'struct' ? `${plural(l.holes, 'hole')} (${l.holeBytes} bytes)` : '',
    l.bitHoles ? `${plural(l.bitHoles, 'bit hole')} (${l.bitHoleBits} bits)` : '',
    l.paddingBytes ? `padding ${l.paddingBytes}` : '',
    l.isPacked ? 'packed' : '',
  ].filter(Boolean);
  return (
    <p className="layout-summary" data-testid="layout-summary" data-holes={l.holes} data-hole-bytes={l.holeBytes}>
      {parts.join(' · ')}
    </p>
  );
}

export function LayoutTable({
  layout,
  onType,
  highlight,
  around,
}: {
  layout: StructLayout;
  onType?: (key: string) => void;
  highlight?: string | undefined;
  /** Show only this many rows either side of the highlighted member (when there is one). */
  around?: number;
}) {
  let rows = layoutRows(layout);
  if (around !== undefined && highlight) {
    const at = rows.findIndex((r) => r.kind === 'member' && r.m.name === highlight);
    if (at >= 0) rows = rows.slice(Math.max(0, at - around), at + around + 1);
  }
  return (
    <div className="scroll-x">
    <table className="layout-table" data-testid="layout-table">
      <caption className="sr-only">Layout of {visibleText(layout.name) || 'the type'}: members, holes and padding by offset</caption>
      <thead>
        <tr>
          <th className="num">offset</th>
          <th className="num">size</th>
          <th className="num" title="bitfield: bit offset in its storage unit : bits">bits</th>
          <th>member</th>
          <th>type</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((r, i) => (
          <Row key={i} row={r} onType={onType} highlight={highlight} />
        ))}
      </tbody>
    </table>
    </div>
  );
}

function Row({ row: r, onType, highlight }: { row: LayoutRow; onType?: ((key: string) => void) | undefined; highlight?: string | undefined }) {
  const pad = { paddingLeft: `${0.6 + r.depth * 1.25}rem` };
  switch (r.kind) {
    case 'member': {
      const m = r.m;
      const name = m.name || (m.nested ? `(anonymous ${m.nested.kind})` : '(anonymous)');
      return (
        <tr
          className={`lrow lrow-member${m.nested ? ' lrow-nested' : ''}${highlight && highlight === m.name ? ' lrow-hl' : ''}`}
          data-testid="layout-row"
          data-kind="member"
          data-name={m.name}
          data-offset={m.absByteOffset}
          data-size={m.byteSize}
          data-depth={r.depth}
        >
          <td className="num">{m.absByteOffset}</td>
          <td className="num">{m.byteSize}</td>
          <td className="num">{m.bitfieldSize ? `${m.bitfieldOffset}:${m.bitfieldSize}` : ''}</td>
          <td className="mono" style={pad}>
            <SafeText text={name} />
          </td>
          <td className="mono">
            {r.typeKey && onType ? (
              <button type="button" className="link" onClick={() => onType(r.typeKey!)}>
                <SafeText text={m.typeName} />
              </button>
            ) : (
              <SafeText text={m.typeName} />
            )}
            {m.alignment ? <span className="muted"> __aligned__({m.alignment})</span> : null}
          </td>
        </tr>
      );
    }
    case 'hole':
      return (
        <tr className="lrow lrow-hole" data-testid="layout-row" data-kind="hole" data-offset={r.byteOffset} data-size={r.byteSize}>
          <td className="num">{r.byteOffset}</td>
          <td className="num">{r.byteSize}</td>
          <td />
          <td colSpan={2} style={pad}>
            hole: {plural(r.byteSize, 'byte')}
          </td>
        </tr>
      );
    case 'bit-hole':
      return (
        <tr className="lrow lrow-hole" data-testid="layout-row" data-kind="bit-hole" data-size={r.bits}>
          <td />
          <td />
          <td className="num">{r.bits}</td>
          <td colSpan={2} style={pad}>
            bit hole: {plural(r.bits, 'bit')}
          </td>
        </tr>
      );
    case 'padding':
      return (
        <tr className="lrow lrow-padding" data-testid="layout-row" data-kind="padding" data-offset={r.byteOffset} data-size={r.byteSize}>
          <td className="num">{r.byteOffset}</td>
          <td className="num">{r.byteSize}</td>
          <td className="num">{r.bits || ''}</td>
          <td colSpan={2} style={pad}>
            padding: {plural(r.byteSize, 'byte')}
            {r.bits ? ` + ${plural(r.bits, 'bit')}` : ''}
          </td>
        </tr>
      );
    case 'cacheline':
      return (
        <tr className="lrow lrow-cacheline" data-kind="cacheline">
          <td colSpan={5}>
            cacheline {r.line} · byte {r.byteOffset}
          </td>
        </tr>
      );
  }
}

import { render, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { computeStructLayout, parseBtf } from '../../core/index';
import { BtfBuilder } from '../../test-utils/btf-builder';
import { ByteMap, MAX_BYTE_MAP_ROWS } from './ByteMap';

function layoutOf(size: number) {
  const b = new BtfBuilder();
  const int = b.int('int', 4, { signed: true });
  const id = b.struct('big', size, [['first', int, 0], ['last', int, (size - 4) * 8]]);
  return computeStructLayout(parseBtf(b.build()).value!, id).value!;
}

describe('ByteMap', () => {
  it('draws at most MAX_BYTE_MAP_ROWS cachelines of a huge struct and says so', () => {
    const t0 = performance.now();
    const { container } = render(<ByteMap layout={layoutOf(0x0fff_fff0)} />);
    expect(performance.now() - t0).toBeLessThan(3000);
    expect(container.querySelectorAll('text.bm-offset')).toHaveLength(MAX_BYTE_MAP_ROWS);
    expect(container.querySelectorAll('rect').length).toBeLessThan(MAX_BYTE_MAP_ROWS * 3);
    expect(screen.getByTestId('byte-map-cut').textContent).toContain(`The first ${MAX_BYTE_MAP_ROWS} of 4,194,304 cachelines`);
  });

  it('draws a small struct whole', () => {
    const { container } = render(<ByteMap layout={layoutOf(256)} />);
    expect(container.querySelectorAll('text.bm-offset')).toHaveLength(4);
    expect(screen.queryByTestId('byte-map-cut')).toBeNull();
  });
});

import { render, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { ProgressBar } from './ProgressBar';

const MB = 1048576;

describe('ProgressBar', () => {
  it('fills to the share done when the total is known (an .xz whose Index gives its size)', () => {
    render(<ProgressBar progress={{ phase: 'unpack', done: 2 * MB, total: 5 * MB }} />);
    const bar = screen.getByRole('progressbar');
    expect(bar.getAttribute('aria-valuenow')).toBe('40');
    expect(bar.getAttribute('aria-label')).toBe('unpacking 2.0 of 5.0 MB');
    expect(bar.querySelector<HTMLElement>('.progress-bar')!.style.width).toBe('40%');
  });

  it('is indeterminate, counting bytes, when the total is unknown', () => {
    render(<ProgressBar progress={{ phase: 'unpack', done: 3 * MB, total: 0 }} />);
    const bar = screen.getByRole('progressbar');
    expect(bar.getAttribute('aria-valuenow')).toBeNull();
    expect(bar.getAttribute('aria-label')).toBe('unpacking 3.0 MB');
    expect(bar.querySelector('.progress-bar.indeterminate')).not.toBeNull();
  });

  it('says "starting" before the first event', () => {
    render(<ProgressBar />);
    expect(screen.getByRole('progressbar').getAttribute('aria-label')).toBe('starting');
  });
});

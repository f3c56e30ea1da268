import { render, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { FileId, TypeCView } from '../../worker/protocol';
import { CTextNotes } from './CTextNotes';

const base: TypeCView = { key: 'struct:x', id: 3, kind: 4, name: 'x', text: '', refs: [], duplicates: 1 };
const args = { fileId: 'f' as FileId, type: 'struct:x' };

describe('CTextNotes', () => {
  it('says an invalid type is invalid, with its code and message as text', () => {
    render(<CTextNotes view={{ ...base, invalid: { code: 'member-out-of-bounds', message: "type [3] STRUCT 'x' member #0 '<b>y</b>' is past the end" } }} args={args} />);
    const n = screen.getByTestId('type-invalid');
    expect(n.textContent).toContain('[member-out-of-bounds]');
    expect(n.textContent).toContain("'<b>y</b>'");
    expect(n.querySelector('b')).toBeNull();
  });

  it('marks an excerpt with what is left out and offers the whole text', () => {
    render(<CTextNotes view={{ ...base, excerpt: { omittedLines: 33_553_404, omittedBytes: 369_087_444, totalBytes: 369_098_000 } }} args={args} />);
    expect(screen.getByTestId('c-excerpt').textContent).toContain('33,553,404 lines (352.0 MB) of the 352.0 MB text are not shown');
    expect(screen.getByRole('button', { name: 'Download the whole C text' })).toBeTruthy();
  });

  it('says nothing for a plain type', () => {
    const { container } = render(<CTextNotes view={base} args={args} />);
    expect(container.textContent).toBe('');
  });
});

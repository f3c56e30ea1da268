import { fireEvent, render, screen } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { DropZone } from './DropZone';

function dataTransfer(files: File[]) {
  return { files, types: ['Files'], dropEffect: 'none' };
}

describe('DropZone', () => {
  it('shows an overlay while files are dragged and hands dropped files over', () => {
    const onFiles = vi.fn();
    render(
      <DropZone onFiles={onFiles}>
        <p>content</p>
      </DropZone>,
    );
    const file = new File([new Uint8Array([0x9f, 0xeb, 1, 0])], 'vmlinux.btf');
    fireEvent.dragEnter(window, { dataTransfer: dataTransfer([file]) });
    expect(screen.getByText(/Drop to open/)).toBeTruthy();
    fireEvent.drop(window, { dataTransfer: dataTransfer([file]) });
    expect(onFiles).toHaveBeenCalledWith([file]);
    expect(screen.queryByText(/Drop to open/)).toBeNull();
  });

  it('ignores drags that carry no files', () => {
    const onFiles = vi.fn();
    render(<DropZone onFiles={onFiles}>x</DropZone>);
    fireEvent.dragEnter(window, { dataTransfer: { files: [], types: ['text/plain'] } });
    expect(screen.queryByText(/Drop to open/)).toBeNull();
    fireEvent.drop(window, { dataTransfer: { files: [], types: ['text/plain'] } });
    expect(onFiles).not.toHaveBeenCalled();
  });
});

/** "Open files…": a button over a hidden multi-file input. */
import { useRef } from 'react';

export function FilePickerButton({ onFiles, label = 'Open files…', primary = false }: { onFiles: (files: File[]) => void; label?: string; primary?: boolean }) {
  const input = useRef<HTMLInputElement>(null);
  return (
    <>
      <button type="button" className={primary ? 'btn btn-primary' : 'btn'} onClick={() => input.current?.click()}>
        {label}
      </button>
      <input
        ref={input}
        type="file"
        multiple
        hidden
        data-testid="file-input"
        onChange={(e) => {
          const files = [...(e.target.files ?? [])];
          e.target.value = '';
          if (files.length) onFiles(files);
        }}
      />
    </>
  );
}

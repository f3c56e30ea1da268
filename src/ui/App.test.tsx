import { describe, expect, it } from 'vitest';
import { render, screen } from '@testing-library/react';
import { App } from './App';

describe('App shell', () => {
  it('renders idle with the drop area', () => {
    const { container } = render(<App />);
    expect(container.querySelector('#app')?.getAttribute('data-state')).toBe('idle');
    expect(screen.getByRole('heading', { level: 1 }).textContent).toBe('btfscope');
    expect(screen.getByText(/Drop vmlinux BTF, \.ko or \.bpf\.o files here/)).toBeTruthy();
  });
});

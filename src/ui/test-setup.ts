// Vitest setup for the `ui` project (jsdom). Vitest runs without globals, so Testing Library
// cannot register its automatic cleanup; do it here.
import { afterEach } from 'vitest';
import { cleanup } from '@testing-library/react';

afterEach(() => {
  cleanup();
});

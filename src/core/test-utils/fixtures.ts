/** Moved to src/test-utils/fixtures.ts (test-only code lives outside core); kept for imports. */
export * from '../../test-utils/fixtures';

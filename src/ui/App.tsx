/**
 * App shell. The root element carries `data-state` ('idle' | 'loading' | 'error') so tests can wait
 * on the app's state instead of on time (see e2e/helpers.ts `waitForAppState`).
 */
export type AppState = 'idle' | 'loading' | 'error';

export function App() {
  // TODO(ui): derive from the store once files can be loaded.
  const state: AppState = 'idle';

  return (
    <div id="app" className="app" data-state={state}>
      <header className="app-header">
        <h1>btfscope</h1>
        <p className="tagline">
          See Linux kernel types, struct layouts, diffs between kernels and CO-RE relocations —
          files never leave your browser.
        </p>
      </header>
      <main className="app-main">
        <section className="drop-area" aria-label="Drop area">
          <p className="drop-title">Drop vmlinux BTF, .ko or .bpf.o files here</p>
          <p className="drop-hint">
            A vmlinux BTF is at <code>/sys/kernel/btf/vmlinux</code> on any kernel built with
            CONFIG_DEBUG_INFO_BTF.
          </p>
        </section>
      </main>
    </div>
  );
}

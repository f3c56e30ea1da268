/** The start page: what btfscope is, where files go, the demo, and the bundled samples. */
import { useEffect, useState } from 'react';
import { loadSample, openDemo } from '../data/file-actions';
import { openFiles } from '../data/open-files';
import { type Sample, loadSampleIndex } from '../data/samples';
import { OfflineSamples } from '../offline/OfflineSamples';
import { VERSION } from '../offline/pwa-store';
import { WORKSHOP_STEPS } from '../../core/workshop/workshop-steps';
import { workshopStepFragment } from '../../core/workshop/workshop-link';
import { StartWorkshopButton } from '../workshop/WorkshopTour';
import { FilePickerButton } from './FilePickerButton';
import { formatBytes } from './FileBadge';

export function Landing() {
  const [samples, setSamples] = useState<Sample[]>([]);
  useEffect(() => {
    void loadSampleIndex().then(setSamples);
  }, []);
  return (
    <section className="landing">
      <p className="tagline">
        See Linux kernel types, struct layouts, diffs between kernels and CO-RE relocations — files never leave your
        browser.
      </p>
      <p className="intro" data-testid="intro">
        <strong>BTF</strong> (BPF Type Format) is the compact description of every C type a kernel was built with: it
        ships in <code>/sys/kernel/btf/vmlinux</code>, in modules and in compiled BPF programs. <strong>CO-RE</strong>{' '}
        (Compile Once – Run Everywhere) lets one BPF program run on many kernels: the loader (libbpf) reads the
        program's relocations and rewrites each field offset, size or existence check to match the running kernel's
        BTF. Learn it hands-on in <a href={workshopStepFragment(WORKSHOP_STEPS[0]!)}>the workshop</a> on bundled
        kernels, or read the kernel's <a href="https://docs.kernel.org/bpf/btf.html">BTF documentation</a> and{' '}
        <a href="https://docs.kernel.org/bpf/libbpf/libbpf_overview.html">libbpf's overview of CO-RE</a>.
      </p>
      <div className="drop-area" aria-label="Drop area">
        <p className="drop-title">Drop vmlinux BTF, .ko or .bpf.o files here</p>
        <p className="drop-hint">
          A vmlinux BTF is at <code>/sys/kernel/btf/vmlinux</code> on any kernel built with CONFIG_DEBUG_INFO_BTF. Also
          accepted: a <code>vmlinux</code> or <code>vmlinuz</code>, BTFHub's <code>.btf.tar.xz</code>, and{' '}
          <code>.gz</code>/<code>.xz</code>/<code>.zst</code>/<code>.tar</code> packings — several at once.
        </p>
        <div className="drop-actions">
          <FilePickerButton onFiles={(fs) => void openFiles(fs)} primary />
          {samples.length > 0 && (
            <button type="button" className="btn btn-primary" onClick={() => void openDemo()}>
              Open the demo
            </button>
          )}
          {samples.length > 0 && <StartWorkshopButton />}
        </div>
      </div>
      {samples.length > 0 && (
        <div className="samples">
          <h2>Bundled samples</h2>
          <ul>
            {samples.map((s) => (
              <li key={s.id}>
                <button type="button" className="btn-link" onClick={() => void loadSample(s.id)}>
                  {s.role === 'object' ? s.id : s.role === 'module' ? `module ${s.id}` : `kernel ${s.id}`}
                </button>{' '}
                <span className="muted">
                  {s.description} · {formatBytes(s.byteSize)}
                </span>
              </li>
            ))}
          </ul>
          <OfflineSamples samples={samples} />
        </div>
      )}
      <p className="muted app-version" data-testid="app-version">
        btfscope {VERSION}
      </p>
    </section>
  );
}

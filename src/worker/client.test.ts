import { describe, expect, it } from 'vitest';
import { WorkerClient, type WorkerPort, WorkerRequestError } from './client';
import { type FileId, PROTOCOL_VERSION, type Request, type WorkerMessage } from './protocol';

/** A worker stand-in: records what the client posts; the test answers by hand. */
class FakePort implements WorkerPort {
  onmessage: ((e: { data: WorkerMessage }) => void) | null = null;
  onerror: ((e: unknown) => void) | null = null;
  onmessageerror: ((e: unknown) => void) | null = null;
  sent: { msg: Request; transfer: Transferable[] }[] = [];
  terminated = false;
  constructor(private readonly autoHello = true) {}
  postMessage(message: unknown, transfer: Transferable[]): void {
    const msg = message as Request;
    this.sent.push({ msg, transfer });
    if (msg.kind === 'hello' && this.autoHello) this.reply(msg.id, { protocolVersion: PROTOCOL_VERSION });
  }
  terminate(): void {
    this.terminated = true;
  }
  reply(id: number, value: unknown): void {
    queueMicrotask(() => this.onmessage?.({ data: { id, ok: true, value } as WorkerMessage }));
  }
  fail(id: number, code: string): void {
    queueMicrotask(() => this.onmessage?.({ data: { id, ok: false, error: { code, message: code, diagnostics: [] } } }));
  }
  last(kind: string): Request {
    const m = [...this.sent].reverse().find((s) => s.msg.kind === kind);
    if (!m) throw new Error(`nothing of kind ${kind} sent`);
    return m.msg;
  }
}

const tick = () => new Promise((r) => setTimeout(r, 0));
const fid = (s: string) => s as FileId;
const args = { fileId: fid('f1'), type: 'struct:x' };

function setup() {
  const ports: FakePort[] = [];
  const client = new WorkerClient(() => {
    const p = new FakePort();
    ports.push(p);
    return p;
  });
  return { client, ports };
}

describe('WorkerClient', () => {
  it('posts a load whose bytes are at hand in the same call, not after an await', async () => {
    const { client, ports } = setup();
    const file = new Blob([new Uint8Array(8)]);
    const r = client.load(fid('f1'), 'x.btf', async () => file, { bytes: file });
    const sent = ports[0]!.last('load');
    expect(sent.args).toMatchObject({ fileId: 'f1', bytes: file });
    ports[0]!.reply(sent.id, { status: 'ready', file: { fileId: 'f1' } });
    await expect(r).resolves.toMatchObject({ status: 'ready' });
  });

  it('matches replies to requests by id and routes progress', async () => {
    const { client, ports } = setup();
    const progress: number[] = [];
    const a = client.request('usedBy', args, { onProgress: (p) => progress.push(p.done) });
    const b = client.request('usedBy', { ...args, type: 'struct:y' });
    await tick();
    const port = ports[0]!;
    expect(port.sent[0]!.msg.kind).toBe('hello');
    const [ra, rb] = port.sent.slice(1).map((s) => s.msg.id);
    port.onmessage?.({ data: { id: ra!, kind: 'progress', phase: 'parse', done: 5, total: 10 } });
    port.reply(rb!, { key: 'b', total: 0, users: [] });
    port.reply(ra!, { key: 'a', total: 0, users: [] });
    expect((await a).key).toBe('a');
    expect((await b).key).toBe('b');
    expect(progress).toEqual([5]);
  });

  it('transfers the bytes of a load', async () => {
    const { client, ports } = setup();
    const bytes = new ArrayBuffer(8);
    const p = client.load(fid('f1'), 'x.btf', async () => bytes);
    await tick();
    const sent = ports[0]!.sent.find((s) => s.msg.kind === 'load')!;
    expect(sent.transfer).toEqual([bytes]);
    ports[0]!.reply(sent.msg.id, { status: 'needs-base', fileId: 'f1', candidates: [] });
    await expect(p).resolves.toMatchObject({ status: 'needs-base' });
  });

  it('a load cancelled while its bytes are read is never sent', async () => {
    const { client, ports } = setup();
    let release: (b: ArrayBuffer) => void = () => {};
    const p = client.load(fid('f1'), 'slow.btf', () => new Promise<ArrayBuffer>((r) => (release = r)));
    client.cancelLoad(fid('f1'));
    release(new ArrayBuffer(4));
    await expect(p).rejects.toMatchObject({ code: 'cancelled' });
    expect(ports.flatMap((port) => port.sent).some((s) => s.msg.kind === 'load')).toBe(false);
  });

  it('lets the latest of a keyed query win', async () => {
    const { client, ports } = setup();
    const first = client.request('usedBy', args, { latest: 'q' });
    const second = client.request('usedBy', args, { latest: 'q' });
    await tick();
    const [r1, r2] = ports[0]!.sent.slice(1).map((s) => s.msg.id);
    ports[0]!.reply(r2!, { key: 'second', total: 0, users: [] });
    ports[0]!.reply(r1!, { key: 'first', total: 0, users: [] });
    await expect(first).rejects.toMatchObject({ code: 'stale' });
    await expect(second).resolves.toMatchObject({ key: 'second' });
  });

  it('rejects everything pending when the worker fails', async () => {
    const { client, ports } = setup();
    const a = client.request('usedBy', args);
    const b = client.request('listTypes', {
      fileId: fid('f1'),
      query: { text: '', mode: 'substring', kinds: [] },
      sort: { column: 'id', desc: false },
      range: { start: 0, count: 1 },
    });
    await tick();
    ports[0]!.onerror?.({ message: 'boom' });
    await expect(a).rejects.toMatchObject({ code: 'worker-crashed' });
    await expect(b).rejects.toBeInstanceOf(WorkerRequestError);
    // The next request starts a fresh worker.
    void client.request('usedBy', args).catch(() => {});
    await tick();
    expect(ports).toHaveLength(2);
  });

  it('fails loudly on a protocol mismatch', async () => {
    const port = new FakePort(false);
    const client = new WorkerClient(() => port);
    const a = client.request('usedBy', args);
    await tick();
    port.fail(port.last('hello').id, 'protocol-mismatch');
    await expect(a).rejects.toMatchObject({ code: 'protocol-mismatch' });
    await expect(client.request('usedBy', args)).rejects.toMatchObject({ code: 'protocol-mismatch' });
  });

  it('replacing a running load restarts the worker and re-sends the other files', async () => {
    const { client, ports } = setup();
    const kernel = client.load(fid('k'), 'vmlinux', async () => new ArrayBuffer(4));
    await tick();
    ports[0]!.reply(ports[0]!.last('load').id, { status: 'ready', file: { fileId: 'k' } });
    await kernel;
    const slow = client.load(fid('big'), 'huge.btf', async () => new ArrayBuffer(4));
    await tick();
    const replacement = client.load(fid('big'), 'huge.btf', async () => new ArrayBuffer(4));
    await expect(slow).rejects.toMatchObject({ code: 'cancelled' });
    expect(ports[0]!.terminated).toBe(true);
    await tick();
    await tick();
    const fresh = ports[1]!;
    // The kernel comes back first; the replacement waits for it.
    const resent = fresh.last('load');
    expect(resent.args).toMatchObject({ fileId: 'k', name: 'vmlinux' });
    fresh.reply(resent.id, { status: 'ready', file: { fileId: 'k' } });
    await tick();
    await tick();
    const again = fresh.last('load');
    expect(again.args).toMatchObject({ fileId: 'big' });
    fresh.reply(again.id, { status: 'ready', file: { fileId: 'big' } });
    await expect(replacement).resolves.toMatchObject({ status: 'ready' });
  });
});

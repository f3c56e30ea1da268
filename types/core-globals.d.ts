/* eslint-disable no-var -- global constructors are declared with `var`, as lib.dom.d.ts does. */
// Host APIs that src/core may use. ES2022's lib has no TextDecoder, but every runtime btfscope
// runs in (browsers, Web Workers, Node 20) does. Declared here, for the core tsconfig only, as the
// subset of the WHATWG Encoding API that is identical in lib.dom and @types/node, so core code
// that type-checks here also type-checks inside the worker, ui and cli projects.

interface TextDecodeOptions {
  stream?: boolean;
}

interface TextDecoderOptions {
  fatal?: boolean;
  ignoreBOM?: boolean;
}

interface TextDecoder {
  readonly encoding: string;
  readonly fatal: boolean;
  readonly ignoreBOM: boolean;
  decode(input?: ArrayBufferView | ArrayBuffer, options?: TextDecodeOptions): string;
}

declare var TextDecoder: {
  prototype: TextDecoder;
  new (label?: string, options?: TextDecoderOptions): TextDecoder;
};

interface TextEncoder {
  readonly encoding: string;
  encode(input?: string): Uint8Array;
}

declare var TextEncoder: {
  prototype: TextEncoder;
  new (): TextEncoder;
};

// WHATWG Streams, the subset core uses to drive xz-decompress (its API is a ReadableStream).
// Present as globals in browsers, Web Workers and Node >= 18.

interface ReadableStreamDefaultController<R = unknown> {
  readonly desiredSize: number | null;
  close(): void;
  enqueue(chunk?: R): void;
  error(e?: unknown): void;
}

interface UnderlyingDefaultSource<R = unknown> {
  start?(controller: ReadableStreamDefaultController<R>): unknown;
  pull?(controller: ReadableStreamDefaultController<R>): void | PromiseLike<void>;
  cancel?(reason?: unknown): void | PromiseLike<void>;
}

type ReadableStreamReadResult<T> = { done: false; value: T } | { done: true; value?: undefined };

interface ReadableStreamDefaultReader<R = unknown> {
  readonly closed: Promise<void>;
  read(): Promise<ReadableStreamReadResult<R>>;
  cancel(reason?: unknown): Promise<void>;
  releaseLock(): void;
}

interface ReadableStream<R = unknown> {
  readonly locked: boolean;
  cancel(reason?: unknown): Promise<void>;
  getReader(): ReadableStreamDefaultReader<R>;
}

declare var ReadableStream: {
  prototype: ReadableStream;
  new <R = unknown>(underlyingSource?: UnderlyingDefaultSource<R>): ReadableStream<R>;
};

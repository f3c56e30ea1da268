/**
 * CO-RE relocation kinds (enum bpf_core_relo_kind, include/uapi/linux/bpf.h) with libbpf's
 * names (relo_core.c core_relo_kind_str), plus the errno values libbpf's CO-RE code returns
 * and prints (`failed to relocate: -22`).
 */

export const CoreReloKind = {
  FieldByteOffset: 0, // BPF_CORE_FIELD_BYTE_OFFSET
  FieldByteSize: 1, // BPF_CORE_FIELD_BYTE_SIZE
  FieldExists: 2, // BPF_CORE_FIELD_EXISTS
  FieldSigned: 3, // BPF_CORE_FIELD_SIGNED
  FieldLshiftU64: 4, // BPF_CORE_FIELD_LSHIFT_U64
  FieldRshiftU64: 5, // BPF_CORE_FIELD_RSHIFT_U64
  TypeIdLocal: 6, // BPF_CORE_TYPE_ID_LOCAL
  TypeIdTarget: 7, // BPF_CORE_TYPE_ID_TARGET
  TypeExists: 8, // BPF_CORE_TYPE_EXISTS
  TypeSize: 9, // BPF_CORE_TYPE_SIZE
  EnumvalExists: 10, // BPF_CORE_ENUMVAL_EXISTS
  EnumvalValue: 11, // BPF_CORE_ENUMVAL_VALUE
  TypeMatches: 12, // BPF_CORE_TYPE_MATCHES
} as const;
export type CoreReloKind = (typeof CoreReloKind)[keyof typeof CoreReloKind];

const NAMES: readonly string[] = [
  'byte_off',
  'byte_sz',
  'field_exists',
  'signed',
  'lshift_u64',
  'rshift_u64',
  'local_type_id',
  'target_type_id',
  'type_exists',
  'type_size',
  'enumval_exists',
  'enumval_value',
  'type_matches',
];

/** libbpf's spelling (`byte_off`, `type_matches`, …); `unknown` otherwise. */
export function coreReloKindName(kind: number): string {
  return NAMES[kind] ?? 'unknown';
}

export function isFieldBased(kind: number): boolean {
  return kind >= CoreReloKind.FieldByteOffset && kind <= CoreReloKind.FieldRshiftU64;
}

export function isTypeBased(kind: number): boolean {
  return (
    kind === CoreReloKind.TypeIdLocal ||
    kind === CoreReloKind.TypeIdTarget ||
    kind === CoreReloKind.TypeExists ||
    kind === CoreReloKind.TypeMatches ||
    kind === CoreReloKind.TypeSize
  );
}

export function isEnumvalBased(kind: number): boolean {
  return kind === CoreReloKind.EnumvalExists || kind === CoreReloKind.EnumvalValue;
}

/** Kinds that patch 0 ("does not exist") rather than poisoning when nothing matches. */
export function isExistenceKind(kind: number): boolean {
  return (
    kind === CoreReloKind.FieldExists ||
    kind === CoreReloKind.TypeExists ||
    kind === CoreReloKind.TypeMatches ||
    kind === CoreReloKind.EnumvalExists
  );
}

/** errno values as libbpf returns them (negated in messages). */
export const Errno = {
  E2BIG: 7,
  ENOMEM: 12,
  EINVAL: 22,
  ERANGE: 34,
  EOPNOTSUPP: 95,
  EUCLEAN: 117,
} as const;

/** A libbpf-style error: carries the negative errno libbpf would return. */
export class CoreError extends Error {
  readonly errno: number;
  constructor(errno: number, message = `error ${-errno}`) {
    super(message);
    this.errno = errno;
  }
}

/**
 * Where libbpf 1.1.2 itself would fault instead of returning an error (an integer division
 * by zero: SIGFPE on x86-64, an endless loop on arm64). The load never finishes; the
 * engine reports it as this relocation's failure with `reason`.
 */
export class LibbpfFault extends Error {
  constructor(readonly reason: string) {
    super(reason);
    this.name = 'LibbpfFault';
  }
}

/** The immediate libbpf writes into a poisoned instruction: `call 0xbad2310` ("bad relo"). */
export const POISON_IMM = 195896080;

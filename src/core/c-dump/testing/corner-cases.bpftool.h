#ifndef __VMLINUX_H__
#define __VMLINUX_H__

#ifndef BPF_NO_PRESERVE_ACCESS_INDEX
#pragma clang attribute push (__attribute__((preserve_access_index)), apply_to = record)
#endif

struct packed_s {
	char c;
	long int l;
} __attribute__((packed));

struct odd_tail {
	int i;
	char c;
} __attribute__((packed));

struct bits {
	unsigned int a: 3;
	char: 2;
	unsigned int b: 4;
	int: 23;
	char: 8;
	unsigned int c: 2;
	long: 0;
	char d;
	long int e;
};

struct gap {
	int x;
	long: 64;
	long: 64;
	long: 64;
	long int y;
	long: 64;
	long: 64;
	long: 64;
};

struct with_anon {
	union {
		struct {
			int p;
			int q;
		} s;
		long int raw;
	} u;
	enum {
		AE_ONE = 1,
		AE_TWO = 2,
	} kind;
};

enum {
	GLOBAL_A = 0,
	GLOBAL_B = -1,
};

struct dup {
	int a;
};

struct dup___2 {
	long int b;
};

enum e1 {
	SAME = 1,
};

enum e2 {
	SAME___2 = 2,
};

typedef int SAME___3;

struct fns {
	int (*f0)(void);
	int (*f1)(void);
	int (*f2[2])(const char *fmt, ...);
	int (* (*f3)(int x))(const char *fmt, ...);
};

struct quals {
	const char * const volatile p;
	int * restrict r;
};

struct cyc_b;

struct cyc_a {
	struct cyc_b *b;
};

struct cyc_b {
	struct cyc_a a;
};

struct self {
	long: 64;
	long: 64;
};

typedef struct {
	int v;
} anon_t;

enum big {
	BIG_A = 1ULL,
	BIG_B = 1099511627776ULL,
};

enum sbig {
	SBIG_NEG = -5LL,
};

enum small {
	SMALL_A = 1,
};

enum wide {
	WIDE_A = 1,
};

enum empty_enum;

struct empty {};

union empty_u {};

struct pad_only {
	long: 64;
};

struct holds_empty {
	struct {} e;
	int x;
};

typedef __builtin_va_list __gnuc_va_list;

struct misc {
	double d;
	int __attribute__((btf_type_tag("user"))) *t;
	short int m[2][3];
	int (*pa)[4];
	unsigned char flex[0];
	long: 64;
	long: 64;
	long: 64;
};

#ifndef BPF_NO_PRESERVE_ACCESS_INDEX
#pragma clang attribute pop
#endif

#endif /* __VMLINUX_H__ */

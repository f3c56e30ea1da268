// SPDX-License-Identifier: MIT
/*
 * libbpf CO-RE oracle for btfscope.
 *
 * usage: oracle <obj.bpf.o> <target-btf-path>
 *
 * Opens <obj.bpf.o> with bpf_object_open_opts.btf_custom_path = <target>,
 * lets libbpf perform ALL of its relocation processing (CO-RE, subprogram
 * calls, map/data relocations) and makes the load fail right *before* the
 * first BPF_PROG_LOAD syscall, so that no verifier (i.e. no property of the
 * running kernel) is involved in what gets recorded.
 *
 * How: every map gets autocreate=false (no map is created; libbpf poisons the
 * ldimm64 that references it instead) and every program gets its type reset
 * to BPF_PROG_TYPE_UNSPEC *after* open.  bpf_object__load() then runs
 * bpf_object__relocate() for every program (autoload stays true; autoload=false
 * would skip CO-RE relocation of that program) and only afterwards, in
 * bpf_object_load_prog(), refuses the first main program with
 * "missing BPF prog type, check ELF section name" - before any bpf() call for
 * that program.  A hard CO-RE error aborts bpf_object__relocate() for the
 * whole object at the first failing relocation (that is recorded as is).
 *
 * Output on stdout, in this order:
 *   - every message libbpf prints (all levels, unmodified: "libbpf: ...");
 *   - a few lines of our own, all starting with "oracle: ";
 *   - for every (main) program, after load:
 *       prog <name> <section> <insn_cnt>
 *       insns <name> <idx> <16 hex chars = the 8 raw instruction bytes>
 *     (subprograms have no line of their own: after a successful relocation
 *      their code is appended to each main program that calls them.)
 *
 * Build: gcc -O2 -Wall -o oracle oracle.c -lbpf -lelf -lz
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <bpf/bpf.h>
#include <bpf/libbpf.h>

static int print_all(enum libbpf_print_level level, const char *fmt, va_list args)
{
	(void)level;
	return vfprintf(stdout, fmt, args);
}

int main(int argc, char **argv)
{
	struct bpf_object *obj;
	struct bpf_program *prog;
	struct bpf_map *map;
	int err;

	if (argc != 3) {
		fprintf(stderr, "usage: %s <obj.bpf.o> <target-btf-path>\n", argv[0]);
		return 2;
	}

	/* keep stdout strictly ordered with libbpf's own messages */
	setvbuf(stdout, NULL, _IOLBF, 0);
	libbpf_set_print(print_all);

	LIBBPF_OPTS(bpf_object_open_opts, opts, .btf_custom_path = argv[2]);

	printf("oracle: libbpf %s\n", libbpf_version_string());
	obj = bpf_object__open_file(argv[1], &opts);
	err = libbpf_get_error(obj);
	if (err) {
		printf("oracle: open failed: %d\n", err);
		return 1;
	}

	bpf_object__for_each_map(map, obj)
		bpf_map__set_autocreate(map, false);

	bpf_object__for_each_program(prog, obj) {
		/* autoload must stay true, otherwise CO-RE relocation is skipped */
		bpf_program__set_autoload(prog, true);
		bpf_program__set_type(prog, BPF_PROG_TYPE_UNSPEC);
	}

	err = bpf_object__load(obj);
	printf("oracle: load returned %d\n", err);

	bpf_object__for_each_program(prog, obj) {
		const struct bpf_insn *insns = bpf_program__insns(prog);
		size_t cnt = bpf_program__insn_cnt(prog);
		const char *name = bpf_program__name(prog);
		size_t i, b;

		printf("prog %s %s %zu\n", name, bpf_program__section_name(prog), cnt);
		for (i = 0; insns && i < cnt; i++) {
			const unsigned char *raw = (const unsigned char *)&insns[i];

			printf("insns %s %zu ", name, i);
			for (b = 0; b < sizeof(struct bpf_insn); b++)
				printf("%02x", raw[b]);
			printf("\n");
		}
	}

	bpf_object__close(obj);
	return 0;
}

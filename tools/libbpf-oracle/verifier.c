// SPDX-License-Identifier: MIT
/*
 * Verifier oracle for btfscope's load verdicts.
 *
 * usage: verifier <obj.bpf.o> <target-btf-path> <program>
 *        verifier <obj.bpf.o> <target-btf-path> -    (lists the main programs)
 *
 * Opens <obj.bpf.o> with bpf_object_open_opts.btf_custom_path = <target>, so
 * libbpf relocates it for that kernel, turns autoload off for every program but
 * <program> (a main program, not a .text subprogram) and calls
 * bpf_object__load(): libbpf relocates <program> (CO-RE, subprogram calls,
 * maps, which it creates) and hands it to the RUNNING kernel's verifier.
 *
 * A poisoned instruction (libbpf's `call 0xbad2310`) that the verifier's path
 * walk reaches fails the load with "invalid func unknown#195896080", which
 * libbpf rewrites in the log it prints into
 *   "<insn>: <invalid CO-RE relocation>" + "failed to resolve CO-RE relocation <spec>".
 * The record script classifies the output; this program only reports it.
 *
 * Output on stdout: every libbpf message (all levels, "libbpf: ..."; the
 * verifier log of a failed load is among them), then
 *   oracle: load <program> returned <err>
 *
 * Build: gcc -O2 -Wall -o verifier verifier.c -lbpf -lelf -lz
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include <bpf/bpf.h>
#include <bpf/libbpf.h>

static int print_all(enum libbpf_print_level level, const char *fmt, va_list args)
{
	/* libbpf's debug level is very long (every BTF type it looks at); the
	 * verifier log and every warning come at the other levels */
	if (level == LIBBPF_DEBUG)
		return 0;
	return vfprintf(stdout, fmt, args);
}

int main(int argc, char **argv)
{
	struct bpf_object *obj;
	struct bpf_program *prog;
	int err, found = 0;

	if (argc != 4) {
		fprintf(stderr, "usage: %s <obj.bpf.o> <target-btf-path> <program>\n", argv[0]);
		return 2;
	}
	setvbuf(stdout, NULL, _IOLBF, 0);
	libbpf_set_print(print_all);

	LIBBPF_OPTS(bpf_object_open_opts, opts, .btf_custom_path = argv[2]);
	obj = bpf_object__open_file(argv[1], &opts);
	err = libbpf_get_error(obj);
	if (err) {
		printf("oracle: open failed: %d\n", err);
		return 1;
	}
	if (strcmp(argv[3], "-") == 0) {
		/* libbpf's program iterator skips .text subprograms */
		bpf_object__for_each_program(prog, obj)
			printf("program %s\n", bpf_program__name(prog));
		bpf_object__close(obj);
		return 0;
	}
	bpf_object__for_each_program(prog, obj) {
		int mine = strcmp(bpf_program__name(prog), argv[3]) == 0;

		bpf_program__set_autoload(prog, mine);
		if (mine) {
			found = 1;
			/* level 1: the path the verifier walked, printed on failure */
			bpf_program__set_log_level(prog, 1);
		}
	}
	if (!found) {
		printf("oracle: no program %s\n", argv[3]);
		bpf_object__close(obj);
		return 1;
	}
	err = bpf_object__load(obj);
	printf("oracle: load %s returned %d\n", argv[3], err);
	bpf_object__close(obj);
	return 0;
}

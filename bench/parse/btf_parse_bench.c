// SPDX-License-Identifier: MIT
/*
 * libbpf side of the parse benchmark (see bench/parse/suite.mjs).
 *
 *   btf_parse_bench <btf-file> <iterations>
 *
 *   iterations == 0  load libbpf, read the file into memory, exit. A fresh
 *                    process of this is the baseline that is subtracted from
 *                    a cold run (process start, dynamic linking, page cache).
 *   iterations == 1  one btf__parse(path, NULL), then exit (cold timing: time
 *                    the whole fresh process from outside).
 *   iterations  > 1  a few untimed warm-up rounds, then <iterations> timed
 *                    rounds of btf__parse + btf__free in-process.
 *
 * Always prints one JSON line on stdout:
 *   {"median_us":…, "min_us":…, "runs":N, "types":…, "maxrss_kb":…}
 * (median_us/min_us/types are omitted for iterations == 0).
 *
 * Build: gcc -O2 -o btf_parse_bench btf_parse_bench.c -lbpf -lelf -lz
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

#include <bpf/btf.h>
#include <bpf/libbpf.h>

#define WARMUP 3

static int quiet_print(enum libbpf_print_level level, const char *fmt, va_list ap)
{
	if (level == LIBBPF_WARN)
		return vfprintf(stderr, fmt, ap);
	return 0;
}

static double now_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e6 + ts.tv_nsec / 1e3;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

static long maxrss_kb(void)
{
	struct rusage ru;

	if (getrusage(RUSAGE_SELF, &ru))
		return -1;
	return ru.ru_maxrss; /* kilobytes on Linux */
}

static struct btf *parse_or_die(const char *path)
{
	struct btf *btf = btf__parse(path, NULL);
	long err = libbpf_get_error(btf);

	if (err) {
		fprintf(stderr, "btf__parse(%s): %s\n", path, strerror((int)-err));
		exit(1);
	}
	return btf;
}

static void read_whole_file(const char *path)
{
	FILE *f = fopen(path, "rb");
	char *buf;
	long n;

	if (!f) {
		fprintf(stderr, "open %s: %s\n", path, strerror(errno));
		exit(1);
	}
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	fseek(f, 0, SEEK_SET);
	buf = malloc(n > 0 ? n : 1);
	if (!buf || fread(buf, 1, n, f) != (size_t)n) {
		fprintf(stderr, "read %s failed\n", path);
		exit(1);
	}
	fclose(f);
	/* keep the compiler from dropping the read */
	__asm__ volatile("" : : "r"(buf) : "memory");
	free(buf);
}

int main(int argc, char **argv)
{
	const char *path;
	long iters;
	char *end;

	if (argc != 3) {
		fprintf(stderr, "usage: %s <btf-file> <iterations>\n", argv[0]);
		return 2;
	}
	path = argv[1];
	iters = strtol(argv[2], &end, 10);
	if (*end || iters < 0) {
		fprintf(stderr, "bad iteration count '%s'\n", argv[2]);
		return 2;
	}
	libbpf_set_print(quiet_print);

	if (iters == 0) {
		/* touch libbpf so it is really loaded and relocated, and read the file */
		if (libbpf_major_version() == 0)
			fprintf(stderr, "odd libbpf version\n");
		read_whole_file(path);
		printf("{\"runs\":0,\"libbpf\":\"%u.%u\",\"maxrss_kb\":%ld}\n",
		       libbpf_major_version(), libbpf_minor_version(), maxrss_kb());
		return 0;
	}

	if (iters == 1) {
		double t0 = now_us();
		struct btf *btf = parse_or_die(path);
		double t = now_us() - t0;
		unsigned int types = btf__type_cnt(btf);

		/* no btf__free: a cold run exits right away, like the node side */
		printf("{\"median_us\":%.1f,\"min_us\":%.1f,\"runs\":1,\"types\":%u,\"maxrss_kb\":%ld}\n",
		       t, t, types, maxrss_kb());
		return 0;
	}

	double *times = calloc(iters, sizeof(*times));
	unsigned int types = 0;

	if (!times)
		return 1;
	for (int i = 0; i < WARMUP; i++)
		btf__free(parse_or_die(path));
	for (long i = 0; i < iters; i++) {
		double t0 = now_us();
		struct btf *btf = parse_or_die(path);

		times[i] = now_us() - t0;
		types = btf__type_cnt(btf);
		btf__free(btf);
	}
	qsort(times, iters, sizeof(*times), cmp_double);
	double median = iters % 2 ? times[iters / 2] : (times[iters / 2 - 1] + times[iters / 2]) / 2;

	printf("{\"median_us\":%.1f,\"min_us\":%.1f,\"runs\":%ld,\"types\":%u,\"maxrss_kb\":%ld}\n",
	       median, times[0], iters, types, maxrss_kb());
	free(times);
	return 0;
}

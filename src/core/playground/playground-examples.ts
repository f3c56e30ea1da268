/**
 * Starting points for the playground editors. The first is the workshop's story in
 * miniature: task_struct::state became __state (5.14), so a program built against the old
 * layout needs a flavor (`task_struct___old`) and bpf_core_field_exists.
 */
import type { PlaygroundInput } from './playground';

export interface PlaygroundExample extends PlaygroundInput {
  id: string;
  title: string;
}

const KERNEL_A = `/* "kernel A": the headers the BPF program was compiled against (5.10-like) */
struct list_head { struct list_head *next, *prev; };

struct task_struct {
	volatile long state;
	void *stack;
	unsigned int flags;
	int prio;
	struct list_head tasks;
	struct task_struct *real_parent;
	unsigned sched_reset_on_fork:1;
	unsigned in_execve:1;
	int pid;
	int tgid;
	char comm[16];
};
`;

const KERNEL_B = `/* "kernel B": where the program runs (6.18-like): state is now __state */
struct list_head { struct list_head *next, *prev; };

struct task_struct {
	unsigned int __state;
	unsigned int saved_state;
	void *stack;
	unsigned int flags;
	int on_cpu;
	int prio;
	struct list_head tasks;
	struct task_struct *real_parent;
	struct task_struct *parent;
	unsigned sched_reset_on_fork:1;
	unsigned sched_contributes_to_load:1;
	unsigned in_execve:1;
	int pid;
	int tgid;
	char comm[16];
};
`;

export const PLAYGROUND_EXAMPLES: readonly PlaygroundExample[] = [
  {
    id: 'state-renamed',
    title: 'task_struct: state became __state',
    kernelA: KERNEL_A,
    kernelB: KERNEL_B,
    chain: `struct task_struct *task;

/* reads task->real_parent, then ->tgid: two CO-RE relocations */
BPF_CORE_READ(task, real_parent, tgid);
`,
  },
  {
    id: 'missing-field',
    title: 'A field that is gone: the read is poisoned',
    kernelA: KERNEL_A,
    kernelB: KERNEL_B,
    chain: `struct task_struct *task;

/* 'state' does not exist in kernel B: libbpf poisons this read */
BPF_CORE_READ(task, state);
`,
  },
  {
    id: 'field-exists',
    title: 'bpf_core_field_exists guards the read',
    kernelA: KERNEL_A,
    kernelB: KERNEL_B,
    chain: `struct task_struct *task;

/* 1 on kernel A, 0 on kernel B: the program picks a path at load time */
bpf_core_field_exists(task->state);
`,
  },
  {
    id: 'bitfield',
    title: 'Bitfields move too',
    kernelA: KERNEL_A,
    kernelB: KERNEL_B,
    chain: `struct task_struct *task;

BPF_CORE_READ_BITFIELD_PROBED(task, in_execve);
`,
  },
];

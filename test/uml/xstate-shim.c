/*
 * LD_PRELOAD shim for Debian's linux.uml (6.1) on hosts with large XSAVE areas (AMX, AVX-512).
 *
 * UML saves and restores each guest task's vector registers with
 * ptrace(PTRACE_GETREGSET / PTRACE_SETREGSET, NT_X86_XSTATE) into a buffer of compile-time size
 * (struct _xstate, 832 bytes: x87/SSE + header + the upper halves of YMM0-15). The host kernel
 * requires SETREGSET to pass its whole XSAVE area (arch/x86/kernel/fpu/regset.c xstateregs_set:
 * count must equal fpu_user_cfg.max_size, 11008 bytes with AMX) and answers EFAULT otherwise, so
 * the guest's init dies at once: "userspace - ptrace set fp regs failed, errno = 14". Forcing
 * UML back to PTRACE_GETFPREGS is not enough: AVX/AVX-512 state is then lost across traps and
 * guest programs crash (ls, node) or print garbage (ipvsadm printed "%u.%u.%u.%u").
 *
 * Upstream fixed UML in 2024 ("um: switch to regset API and depend on XSTATE"); 6.1 does not
 * have it. This shim does the size fix from outside: it calls the host with a buffer of the full
 * size, hands UML the part it knows, and keeps the rest (AVX-512, AMX) per UML buffer so every
 * task gets its own registers back.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ptrace.h>
#include <sys/types.h>
#include <sys/uio.h>

#define NT_X86_XSTATE 0x202
#define SCRATCH_SIZE 65536 /* more than any XSAVE area; the kernel shortens iov_len to the real size */
#define SLOTS 512          /* remembered tails, one per UML register buffer (direct-mapped) */

typedef long (*ptrace_fn)(enum __ptrace_request, pid_t, void *, void *);

static ptrace_fn real_ptrace;
static unsigned char *scratch;
static struct {
	void *buffer;        /* UML's regs->fp for one task */
	size_t head;         /* how much of the area UML holds itself */
	size_t size;         /* the host's full area size */
	unsigned char *tail; /* bytes [head, size) from the last GETREGSET into `buffer` */
} slots[SLOTS];

static unsigned slot_of(void *buffer)
{
	uintptr_t p = (uintptr_t)buffer;
	return (unsigned)((p >> 4) ^ (p >> 13)) % SLOTS;
}

static long xstate(enum __ptrace_request request, pid_t pid, void *addr, struct iovec *iov)
{
	struct iovec full = { scratch, SCRATCH_SIZE };
	long r = real_ptrace(PTRACE_GETREGSET, pid, addr, &full);
	if (r < 0)
		return r;
	size_t head = iov->iov_len < full.iov_len ? iov->iov_len : full.iov_len;
	unsigned i = slot_of(iov->iov_base);

	if (request == PTRACE_GETREGSET) {
		memcpy(iov->iov_base, scratch, head);
		iov->iov_len = head;
		if (full.iov_len > head) {
			if (slots[i].tail == NULL || slots[i].size != full.iov_len || slots[i].head != head) {
				free(slots[i].tail);
				slots[i].tail = malloc(full.iov_len - head);
			}
			if (slots[i].tail != NULL) {
				memcpy(slots[i].tail, scratch + head, full.iov_len - head);
				slots[i].buffer = iov->iov_base;
				slots[i].head = head;
				slots[i].size = full.iov_len;
			}
		}
		return 0;
	}
	/* SETREGSET: UML's part, then this buffer's own tail if we kept one, else the live state. */
	memcpy(scratch, iov->iov_base, head);
	if (slots[i].buffer == iov->iov_base && slots[i].head == head && slots[i].size == full.iov_len && slots[i].tail != NULL)
		memcpy(scratch + head, slots[i].tail, full.iov_len - head);
	return real_ptrace(PTRACE_SETREGSET, pid, addr, &full);
}

long ptrace(enum __ptrace_request request, ...)
{
	va_list ap;
	va_start(ap, request);
	pid_t pid = va_arg(ap, pid_t);
	void *addr = va_arg(ap, void *);
	void *data = va_arg(ap, void *);
	va_end(ap);

	if (real_ptrace == NULL)
		real_ptrace = (ptrace_fn)dlsym(RTLD_NEXT, "ptrace");
	if ((request == PTRACE_GETREGSET || request == PTRACE_SETREGSET) && (uintptr_t)addr == NT_X86_XSTATE) {
		if (scratch == NULL && (scratch = malloc(SCRATCH_SIZE)) == NULL) {
			errno = ENOMEM;
			return -1;
		}
		return xstate(request, pid, addr, (struct iovec *)data);
	}
	return real_ptrace(request, pid, addr, data);
}

/*
 * nommap.c: an LD_PRELOAD shim, not a filter.  Preloaded into a
 * throwaway server by t/raw/raw_out_map_fail.t, it makes every private,
 * writable mapping of a file fail with ENOMEM, as an exhausted address
 * space or a file system without mmap would, so the bridge's fallback
 * from the mapped SEND_RAW_DATA path to the read path can be seen to
 * lose nothing.  Every other mapping goes through.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <sys/mman.h>
#include <sys/types.h>

typedef void *(*mmap_fn)(void *, size_t, int, int, int, off_t);

void *mmap(void *addr, size_t len, int prot, int flags, int fd, off_t off)
{
    static mmap_fn real;

    if (fd >= 0 && (prot & PROT_WRITE) && (flags & MAP_PRIVATE)) {
        errno = ENOMEM;
        return MAP_FAILED;
    }
    if (!real) {
        real = (mmap_fn)dlsym(RTLD_NEXT, "mmap");
        if (!real) {
            errno = ENOSYS;
            return MAP_FAILED;
        }
    }
    return real(addr, len, prot, flags, fd, off);
}

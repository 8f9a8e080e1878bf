/* fdio.c — whole writes and reads on a file descriptor (fdio.h). */
#include "fdio.h"

#include <errno.h>
#include <sys/types.h>
#include <unistd.h>

/* offset < 0: write at the descriptor's position; else pwrite at offset */
static int write_from(int fd, const void *data, size_t size, long long offset)
{
    const char *bytes = data;
    while (size > 0) {
        ssize_t n = offset < 0 ? write(fd, bytes, size) : pwrite(fd, bytes, size, (off_t)offset);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) {
            if (n == 0) errno = ENOSPC;
            return errno;
        }
        bytes += n;
        size -= (size_t)n;
        if (offset >= 0) offset += n;
    }
    return 0;
}

int fdio_write_all(int fd, const void *data, size_t size)
{
    return write_from(fd, data, size, -1);
}

int fdio_pwrite_all(int fd, const void *data, size_t size, unsigned long long offset)
{
    return write_from(fd, data, size, (long long)offset);
}

int fdio_pread_all(int fd, void *data, size_t size, unsigned long long offset)
{
    char *bytes = data;
    while (size > 0) {
        ssize_t n = pread(fd, bytes, size, (off_t)offset);
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) return errno;
        if (n == 0) return -1;
        bytes += n;
        size -= (size_t)n;
        offset += (unsigned long long)n;
    }
    return 0;
}

/* fdio.h — whole writes and reads on a file descriptor: write(2), pwrite(2) and pread(2) may move
 * less than asked (a pipe, a signal, a full disk); these go on until all is done or one fails. */
#ifndef DRYTEX_FDIO_H
#define DRYTEX_FDIO_H

#include <stddef.h>

/* 0 when all size bytes were written; else the errno value (ENOSPC when a write wrote nothing),
 * which errno also holds. EINTR is retried. */
int fdio_write_all(int fd, const void *data, size_t size);
int fdio_pwrite_all(int fd, const void *data, size_t size, unsigned long long offset);

/* 0 when all size bytes at offset were read; −1 when the file ends first; else the errno value.
 * EINTR is retried. */
int fdio_pread_all(int fd, void *data, size_t size, unsigned long long offset);

#endif

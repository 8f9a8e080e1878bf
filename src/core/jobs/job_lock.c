/* job_lock.c — the lock on a job's output. Why a separate lock file and fcntl:
 * - not OUT.partial itself: netCDF opens, closes and (without --resume) recreates that file, and
 *   a POSIX lock is dropped as soon as the process closes any descriptor of the locked file;
 * - fcntl rather than flock: POSIX record locks are what NFS implements (NLM, NFSv4 leases);
 *   Linux emulates flock with them on NFS anyway, but other systems do not. Where the system has
 *   them (Linux ≥ 3.15), open-file-description locks: the same on NFS, but owned by the open
 *   file rather than the process, so a second job in the same process is refused too and no
 *   other descriptor of the file closed by a library can drop the lock;
 * - the holder is written into the file because F_GETLK's l_pid is meaningless across NFS
 *   clients (and hostnames tell a user on a cluster where to look);
 * - with MPI ranks only rank 0 writes, so only rank 0 takes the lock (job_output.c).
 * Removing the file on release races with a process that opened it just before: that process
 * then locks an unlinked inode. So a taker checks, once locked, that the path still names the
 * inode it locked, and starts again if not. */
#define _GNU_SOURCE /* F_OFD_SETLK */
#include "config.h"

#include "job_lock.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

/* The holder's line from the lock file (what job_lock_take wrote), or what F_GETLK says. */
#ifdef F_OFD_SETLK
#define LOCK_SET F_OFD_SETLK
#define LOCK_GET F_OFD_GETLK
#else
#define LOCK_SET F_SETLK
#define LOCK_GET F_GETLK
#endif

/* Takes the lock without waiting: 0, or −1 with errno. */
static int try_lock(int fd)
{
    struct flock exclusive = {.l_type = F_WRLCK, .l_whence = SEEK_SET};
    int result = fcntl(fd, LOCK_SET, &exclusive);
#ifdef F_OFD_SETLK
    if (result != 0 && errno == EINVAL) { /* a kernel without OFD locks */
        struct flock classic = {.l_type = F_WRLCK, .l_whence = SEEK_SET};
        result = fcntl(fd, F_SETLK, &classic);
    }
#endif
    return result;
}

static void describe_holder(int fd, char *text, size_t size)
{
    ssize_t got = pread(fd, text, size - 1, 0);
    text[got > 0 ? got : 0] = '\0';
    text[strcspn(text, "\n")] = '\0';
    if (text[0]) return;
    struct flock probe = {.l_type = F_WRLCK, .l_whence = SEEK_SET};
    if (fcntl(fd, LOCK_GET, &probe) == 0 && probe.l_type != F_UNLCK && probe.l_pid > 0)
        snprintf(text, size, "pid %ld", (long)probe.l_pid);
    else
        snprintf(text, size, "a process that has not said who it is yet");
}

static void write_holder(int fd, const char *who)
{
    char host[256] = "", since[32] = "", line[1024];
    if (gethostname(host, sizeof host - 1) != 0) strcpy(host, "?");
    time_t now = time(NULL);
    struct tm utc;
    if (gmtime_r(&now, &utc)) strftime(since, sizeof since, "%Y-%m-%dT%H:%M:%SZ", &utc);
    int length = snprintf(line, sizeof line, "pid %ld on host %s since %s%s%.700s\n", (long)getpid(), host, since,
                          who && *who ? ": " : "", who ? who : "");
    if (length < 0) return;
    if ((size_t)length >= sizeof line) length = (int)sizeof line - 1;
    /* best effort: the lock itself is what protects the output, this only names its holder */
    if (ftruncate(fd, 0) == 0 && pwrite(fd, line, (size_t)length, 0) == (ssize_t)length) (void)fsync(fd);
}

int job_lock_take(job_lock *lock, const char *path, const char *who, dt_error *err)
{
    lock->fd = -1;
    lock->path = NULL;
    size_t length = strlen(path);
    int guarded = length > 5 && strcmp(path + length - 5, ".lock") == 0 ? (int)length - 5 : (int)length;
    for (int attempt = 0; attempt < 16; attempt++) {
        int fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0644);
        if (fd < 0) return dt_error_set(err, DT_ERR_IO, "%.*s: cannot be created: %s", guarded, path, strerror(errno));
        if (try_lock(fd) != 0) {
            int error = errno;
            char holder[800];
            if (error == EACCES || error == EAGAIN) describe_holder(fd, holder, sizeof holder);
            close(fd);
            if (error == EACCES || error == EAGAIN)
                return dt_error_set(err, DT_ERR_IO, "%.*s: another job is writing this output: %s", guarded, path, holder);
            return dt_error_set(err, DT_ERR_IO, "%s: cannot be locked: %s (a file system without locks?)", path,
                                strerror(error));
        }
        struct stat held, named;
        if (fstat(fd, &held) == 0 && stat(path, &named) == 0 && held.st_dev == named.st_dev && held.st_ino == named.st_ino) {
            write_holder(fd, who);
            lock->fd = fd;
            lock->path = dt_strdup(path);
            return DT_OK;
        }
        close(fd); /* its holder removed it as we opened it: lock the new one */
    }
    return dt_error_set(err, DT_ERR_IO, "%s: keeps being replaced; another job is starting on this output", path);
}

void job_lock_release(job_lock *lock)
{
    if (lock->fd >= 0) {
        unlink(lock->path);
        close(lock->fd);
    }
    free(lock->path);
    lock->fd = -1;
    lock->path = NULL;
}

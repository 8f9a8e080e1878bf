/* job_lock.h — the exclusive lock a job holds on its output (OUT.partial.lock), naming its holder. */
#ifndef DRYTEX_JOB_LOCK_H
#define DRYTEX_JOB_LOCK_H

#include "status.h"

typedef struct {
    int fd;     /* the open, locked lock file, or −1 */
    char *path;
} job_lock;

/* Takes an exclusive POSIX (fcntl) lock on path, creating the file, and writes into it who holds
 * it: "pid P on host H since T: WHO" (WHO is the command line, or NULL). The lock belongs to the
 * process and the kernel (or the NFS lock manager) drops it when the process ends however it
 * ends, so a SIGKILLed job never leaves a lock that blocks --resume. When another process holds
 * it, returns DT_ERR_IO with one line naming that holder; never waits. */
int job_lock_take(job_lock *lock, const char *path, const char *who, dt_error *err);
/* The file the lock guards is what messages name: path without its ".lock". */

/* Removes the lock file (while still holding it, so that no one can be waiting on the old one)
 * and releases the lock. Does nothing on a lock not taken. */
void job_lock_release(job_lock *lock);

#endif

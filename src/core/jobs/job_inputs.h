/* job_inputs.h — what a job's input files were when it began (size, modification time, a 64-bit
 * content hash), recorded in its partial output so that --resume can refuse changed inputs. */
#ifndef DRYTEX_JOB_INPUTS_H
#define DRYTEX_JOB_INPUTS_H

#include <stddef.h>
#include <stdint.h>

#include "status.h"

/* The 64-bit content hash of a file (job_inputs.c says which); fills *size too. */
int job_inputs_hash_file(const char *path, uint64_t *hash, uint64_t *size, dt_error *err);

/* One line per input, "size=N mtime=T hash=H PATH", into *text (free() it). */
int job_inputs_describe(char *const *paths, size_t count, char **text, dt_error *err);

/* DT_OK when every input is still what recorded (a job_inputs_describe text) says: same count,
 * same size and same content. A different modification time alone is not a change (a copy or a
 * touch); a different content is, whatever the time says. Otherwise DT_ERR_VALUE naming the first
 * changed input and how. */
int job_inputs_check(const char *recorded, char *const *paths, size_t count, dt_error *err);

#endif

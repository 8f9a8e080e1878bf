/* job_text.h — text a job writes per tile beside its output (drydowns --events): appended to
 * TEXT.partial as tiles finish, each tile's byte range recorded in OUT.partial before the tile is
 * marked done, and assembled in tile order into TEXT when the job is complete. So an interrupted
 * or resumed job never repeats or tears a row, and the file does not depend on thread count,
 * tile timing or MPI ranks. Used through job_output (job_output.h); all calls under the job's
 * I/O lock, on the writer only. */
#ifndef DRYTEX_JOB_TEXT_H
#define DRYTEX_JOB_TEXT_H

#include <stddef.h>

#include "status.h"

typedef struct {
    char *path;           /* TEXT */
    char *partial_path;   /* TEXT.partial */
    char *temporary_path; /* TEXT.tmp, between job_text_assemble and the rename */
    const char *header;   /* TEXT's first line (without its newline) */
    int fd;               /* TEXT.partial, or −1 */
    int ncid, var_offset, var_length; /* the tiles' byte ranges in OUT.partial [tile] */
    const char *output_partial;       /* OUT.partial's name, for messages (the output owns it) */
    unsigned long long end;           /* bytes of TEXT.partial that belong to done tiles */
} job_text;

/* In define mode of a fresh OUT.partial (with its "tile" dimension): defines tile_text_offset and
 * tile_text_length. */
int job_text_define(job_text *text, int ncid, const char *partial, dt_error *err);

/* Opens TEXT.partial: a fresh job truncates it; a resumed one finds the variables in OUT.partial
 * and cuts TEXT.partial after the last done tile's text (a killed tile's rows go); a done tile
 * whose text is not all there is marked not done in done[] so that it runs again. */
int job_text_open(job_text *text, const char *path, const char *header, int ncid, int resumed, unsigned char *done,
                  size_t tiles, const char *partial, dt_error *err);

/* Appends a tile's text and records where it is (before the tile is marked done). */
int job_text_put(job_text *text, size_t tile, const char *data, size_t length, dt_error *err);

/* Writes TEXT.tmp: the header, then every tile's text in tile order; synced. */
int job_text_assemble(job_text *text, size_t tiles, dt_error *err);

/* Renames TEXT.tmp into place (after job_text_assemble), or leaves TEXT.partial for --resume. */
int job_text_commit(job_text *text, dt_error *err);

/* Removes TEXT.partial (after a commit). */
void job_text_remove_partial(job_text *text);

/* Closes TEXT.partial and frees the names; removes TEXT.tmp if it was never committed. */
void job_text_close(job_text *text);

#endif

/* progress_reader.h — the reading half of --progress=FD: progress lines parsed as bytes arrive. */
#ifndef DRYTEX_PROGRESS_READER_H
#define DRYTEX_PROGRESS_READER_H

#include <stddef.h>

enum { PROGRESS_READER_LINE = 256 };

typedef struct {
    char label[32];      /* LABEL of the last line understood ("" before any) */
    size_t done, total;  /* units (tiles) finished, of total; total 0 until known */
    double elapsed;      /* [s] the job's own clock at the last line */
    size_t earlier;      /* units done before this run (a resumed job): the first progress line
                            comes after this run's first unit, so it is that line's DONE − 1 */
    int started;         /* a "start" or "progress" line was seen */
    int finished, ok;    /* a "done" line was seen; ok when it said "ok" */
    size_t lines, malformed; /* complete lines read, and those not understood */
    char pending[PROGRESS_READER_LINE]; /* the start of a line whose end has not arrived */
    size_t pending_length;
    int overlong;        /* the pending line outgrew the buffer: skipped up to its newline */
} progress_reader;

void progress_reader_init(progress_reader *reader);

/* Takes LENGTH more bytes of the stream (any split: a line may arrive in pieces); every complete
 * line "start LABEL TOTAL", "progress LABEL DONE TOTAL ELAPSED_S" or "done LABEL ok|failed
 * [ELAPSED_S]" updates the reader. Returns the number of lines understood in these bytes. */
size_t progress_reader_feed(progress_reader *reader, const char *bytes, size_t length);

/* Units per second over the job's run so far (units of this run only); 0 when not yet known. */
double progress_reader_rate(const progress_reader *reader);

/* [s] the time left at the current rate; negative when not yet known. */
double progress_reader_eta(const progress_reader *reader);

#endif

/* progress_reader.c — the reading half of --progress=FD: progress lines parsed as bytes arrive. */
#include "progress_reader.h"

#include <stdio.h>
#include <string.h>

void progress_reader_init(progress_reader *reader)
{
    memset(reader, 0, sizeof *reader);
}

static int parse_line(progress_reader *r, const char *line)
{
    char word[16], label[sizeof r->label], outcome[16];
    size_t done, total;
    double elapsed;
    int used = 0;
    if (sscanf(line, "%15s", word) != 1) return 0;
    if (strcmp(word, "progress") == 0) {
        if (sscanf(line, "progress %31s %zu %zu %lf %n", label, &done, &total, &elapsed, &used) != 4 || line[used])
            return 0;
        if (done > total) return 0;
        if (!r->started || (r->done == 0 && r->total == 0)) r->earlier = done > 0 ? done - 1 : 0;
        r->done = done, r->total = total, r->elapsed = elapsed, r->started = 1;
    } else if (strcmp(word, "start") == 0) {
        /* "start LABEL TOTAL" as the job starts, "start LABEL TOTAL DONE" before its first tile */
        size_t before = 0;
        int more = 0;
        if (sscanf(line, "start %31s %zu %n", label, &total, &used) != 2) return 0;
        if (line[used] && (sscanf(line + used, "%zu %n", &before, &more) != 1 || line[used + more] || before > total))
            return 0;
        r->done = before, r->total = total, r->elapsed = 0, r->earlier = before, r->started = 1;
    } else if (strcmp(word, "done") == 0) {
        int fields = sscanf(line, "done %31s %15s %lf %n", label, outcome, &elapsed, &used);
        if (fields == 2) used = 0, sscanf(line, "done %*s %*s %n", &used);
        if (fields < 2 || line[used] || (strcmp(outcome, "ok") != 0 && strcmp(outcome, "failed") != 0)) return 0;
        r->finished = 1, r->ok = strcmp(outcome, "ok") == 0;
        if (fields == 3) r->elapsed = elapsed;
    } else {
        return 0;
    }
    snprintf(r->label, sizeof r->label, "%s", label);
    return 1;
}

/* One complete line (without its newline) from the pending buffer. */
static size_t end_line(progress_reader *r)
{
    size_t understood = 0;
    r->lines++;
    if (r->overlong) r->malformed++;
    else if (parse_line(r, r->pending)) understood = 1;
    else r->malformed++;
    r->pending_length = 0;
    r->pending[0] = '\0';
    r->overlong = 0;
    return understood;
}

size_t progress_reader_feed(progress_reader *r, const char *bytes, size_t length)
{
    size_t understood = 0;
    for (size_t i = 0; i < length; i++) {
        if (bytes[i] == '\n') {
            understood += end_line(r);
        } else if (r->overlong || r->pending_length + 1 >= sizeof r->pending) {
            r->overlong = 1;
        } else {
            r->pending[r->pending_length++] = bytes[i] == '\0' ? ' ' : bytes[i];
            r->pending[r->pending_length] = '\0';
        }
    }
    return understood;
}

double progress_reader_rate(const progress_reader *r)
{
    return r->elapsed > 0 && r->done > r->earlier ? (double)(r->done - r->earlier) / r->elapsed : 0.0;
}

double progress_reader_eta(const progress_reader *r)
{
    double rate = progress_reader_rate(r);
    if (r->finished) return 0.0;
    return rate > 0 && r->total >= r->done ? (double)(r->total - r->done) / rate : -1.0;
}

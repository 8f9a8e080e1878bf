/* ingest_journal.c — the journal of an ingest, a text file:
 *     drytex ingest journal 1
 *     settings SETTINGS
 *     inputs LINES          (then LINES lines of input fingerprints)
 *     block K CRC            (one per block written, appended once the cube is synced)
 * A line cut by a kill is ignored: its block is written again. */
#include "ingest_journal.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fdio.h"

static const char magic[] = "drytex ingest journal 1\n";

static size_t count_lines(const char *text)
{
    size_t n = 0;
    for (; *text; text++) n += *text == '\n';
    return n;
}

/* Writes header and the done blocks to path.new, syncs it and renames it path; leaves it open. */
static int write_journal(ingest_journal *j, const char *settings, const char *inputs, dt_error *err)
{
    char *building = dt_malloc(strlen(j->path) + 5);
    sprintf(building, "%s.new", j->path);
    int fd = open(building, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    int status = DT_OK;
    if (fd < 0) {
        status = dt_error_set(err, DT_ERR_IO, "%s: cannot be created: %s", building, strerror(errno));
        free(building);
        return status;
    }
    size_t header_length = strlen(settings) + strlen(inputs) + 64;
    char *header = dt_malloc(header_length);
    int inputs_end = inputs[0] && inputs[strlen(inputs) - 1] != '\n';
    snprintf(header, header_length, "settings %s\ninputs %zu\n", settings, count_lines(inputs) + (size_t)inputs_end);
    int failed = fdio_write_all(fd, magic, strlen(magic)) || fdio_write_all(fd, header, strlen(header)) ||
                 fdio_write_all(fd, inputs, strlen(inputs)) || (inputs_end && fdio_write_all(fd, "\n", 1));
    free(header);
    for (size_t k = 0; k < j->nblocks && !failed; k++) {
        char line[64];
        if (!j->done[k]) continue;
        snprintf(line, sizeof line, "block %zu %08" PRIx32 "\n", k, j->checksum[k]);
        failed = fdio_write_all(fd, line, strlen(line));
    }
    if (failed || fsync(fd) != 0 || rename(building, j->path) != 0) {
        status = dt_error_set(err, DT_ERR_IO, "%s: cannot be written: %s", j->path, strerror(errno));
        close(fd);
        remove(building);
    } else {
        j->fd = fd;
    }
    free(building);
    return status;
}

static void journal_init(ingest_journal *j, const char *path, size_t nblocks)
{
    j->path = dt_strdup(path);
    j->fd = -1;
    j->nblocks = nblocks;
    j->done = dt_calloc(nblocks ? nblocks : 1, 1);
    j->checksum = dt_calloc(nblocks ? nblocks : 1, sizeof *j->checksum);
}

int ingest_journal_create(ingest_journal *j, const char *path, const char *settings, const char *inputs, size_t nblocks,
                          dt_error *err)
{
    journal_init(j, path, nblocks);
    return write_journal(j, settings, inputs, err);
}

int ingest_journal_rewrite(ingest_journal *j, const char *settings, const char *inputs, dt_error *err)
{
    if (j->fd >= 0) close(j->fd);
    j->fd = -1;
    return write_journal(j, settings, inputs, err);
}

static char *read_all(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f) return NULL;
    size_t capacity = 1 << 16, length = 0, n;
    char *text = dt_malloc(capacity + 1);
    while ((n = fread(text + length, 1, capacity - length, f)) > 0) {
        length += n;
        if (length == capacity) text = dt_realloc(text, (capacity *= 2) + 1);
    }
    fclose(f);
    text[length] = '\0';
    return text;
}

int ingest_journal_read(ingest_journal *j, const char *path, const char *settings, size_t nblocks, char **inputs,
                        dt_error *err)
{
    journal_init(j, path, nblocks);
    *inputs = NULL;
    char *text = read_all(path);
    if (!text) return dt_error_set(err, DT_ERR_MISSING, "%s: no journal to resume from", path);
    int status = DT_OK;
    char *line = text, *end;
    size_t length = strlen(settings), ninputs = 0;
    if (strncmp(line, magic, strlen(magic)) != 0) {
        status = dt_error_set(err, DT_ERR_FORMAT, "%s: not an ingest journal; run without --resume", path);
    } else {
        line += strlen(magic);
        if (strncmp(line, "settings ", 9) != 0 || strncmp(line + 9, settings, length) != 0 || line[9 + length] != '\n')
            status = dt_error_set(err, DT_ERR_VALUE, "%s: was started with other settings (%.*s); run without --resume "
                                  "to start again", path, (int)(strcspn(line, "\n") > 9 ? strcspn(line, "\n") - 9 : 0),
                                  line + 9);
        else
            line += 9 + length + 1;
    }
    if (status == DT_OK && sscanf(line, "inputs %zu\n", &ninputs) != 1)
        status = dt_error_set(err, DT_ERR_FORMAT, "%s: no inputs recorded; run without --resume", path);
    if (status == DT_OK) {
        line = strchr(line, '\n') + 1;
        char *start = line;
        for (size_t i = 0; i < ninputs && line; i++) line = (end = strchr(line, '\n')) ? end + 1 : NULL;
        if (!line) status = dt_error_set(err, DT_ERR_FORMAT, "%s: its inputs are cut short; run without --resume", path);
        else *inputs = strndup(start, (size_t)(line - start));
    }
    /* block lines; one cut by the kill (no newline) is ignored */
    while (status == DT_OK && line && (end = strchr(line, '\n'))) {
        size_t k;
        unsigned crc;
        if (sscanf(line, "block %zu %x", &k, &crc) == 2 && k < nblocks) {
            j->done[k] = 1;
            j->checksum[k] = (uint32_t)crc;
        }
        line = end + 1;
    }
    free(text);
    return status;
}

int ingest_journal_add(ingest_journal *j, size_t k, uint32_t checksum, dt_error *err)
{
    char line[64];
    snprintf(line, sizeof line, "block %zu %08" PRIx32 "\n", k, checksum);
    if (fdio_write_all(j->fd, line, strlen(line)) != 0)
        return dt_error_set(err, DT_ERR_IO, "%s: cannot be written: %s", j->path, strerror(errno));
    j->done[k] = 1;
    j->checksum[k] = checksum;
    return DT_OK;
}

void ingest_journal_close(ingest_journal *j, int remove_file)
{
    if (j->fd >= 0) close(j->fd);
    j->fd = -1;
    if (remove_file && j->path) remove(j->path);
    free(j->path);
    free(j->done);
    free(j->checksum);
    memset(j, 0, sizeof *j);
    j->fd = -1;
}

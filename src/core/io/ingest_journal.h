/* ingest_journal.h — what an interrupted ingest had finished (CUBE.partial.journal): its settings,
 * its inputs' fingerprints, and each written block of cells with the checksum of its chunks, so that
 * --resume keeps only what it can verify in the partial cube. */
#ifndef DRYTEX_INGEST_JOURNAL_H
#define DRYTEX_INGEST_JOURNAL_H

#include <stddef.h>
#include <stdint.h>

#include "status.h"

typedef struct {
    char *path;
    int fd;                 /* open for appending, or −1 */
    size_t nblocks;
    unsigned char *done;    /* [nblocks] 1: written, synced and journaled */
    uint32_t *checksum;     /* [nblocks] CRC-32 of the block's chunks (heads and bytes, in order) */
} ingest_journal;

/* Starts a fresh journal (path.new, synced, renamed): settings (one line) and inputs (the
 * job_inputs_describe text the caller made). */
int ingest_journal_create(ingest_journal *journal, const char *path, const char *settings, const char *inputs,
                          size_t nblocks, dt_error *err);

/* Reads an existing journal for --resume: DT_ERR_MISSING when there is none; DT_ERR_VALUE, naming
 * the journal, when its settings are not these; else the recorded inputs in *inputs (free() it) and
 * the blocks it lists in journal->done / checksum. Not open for appending (see _rewrite). */
int ingest_journal_read(ingest_journal *journal, const char *path, const char *settings, size_t nblocks, char **inputs,
                        dt_error *err);

/* Writes the journal anew with only the blocks still marked done (those verified), and opens it. */
int ingest_journal_rewrite(ingest_journal *journal, const char *settings, const char *inputs, dt_error *err);

/* Records block k as written (the caller has synced the cube first). */
int ingest_journal_add(ingest_journal *journal, size_t k, uint32_t checksum, dt_error *err);

/* Closes it, and removes the file when remove_file. */
void ingest_journal_close(ingest_journal *journal, int remove_file);

#endif

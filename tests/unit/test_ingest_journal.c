/* test_ingest_journal.c — the journal --resume reads (ingest_journal.h): what was recorded comes back
 * (settings, inputs, each block with its checksum); other settings, no journal, or not a journal are
 * refused, naming it; a block line cut by a kill is ignored; a rewrite keeps only the blocks still done. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "ingest_journal.h"
#include "unit_tmpdir.h"

static const char settings[] = "variable=sm days=60 grid=720x1440 chunk=4 block=4x1440";
static const char inputs[] = "size=1 mtime=2 hash=3 /a.nc\nsize=4 mtime=5 hash=6 /b.nc\n";

/* A journal recording blocks 0, 3 and 7 of 10. */
static void write_three_blocks(const char *path)
{
    ingest_journal j;
    dt_error err;
    assert_int_equal(ingest_journal_create(&j, path, settings, inputs, 10, &err), DT_OK);
    assert_int_equal(ingest_journal_add(&j, 3, 0xdeadbeefu, &err), DT_OK);
    assert_int_equal(ingest_journal_add(&j, 0, 0x00000001u, &err), DT_OK);
    assert_int_equal(ingest_journal_add(&j, 7, 0x7fffffffu, &err), DT_OK);
    ingest_journal_close(&j, 0);
}

static void test_resume_reads_what_was_recorded(void **state)
{
    (void)state;
    char path[128];
    snprintf(path, sizeof path, "%s/recorded.journal", unit_tmpdir);
    write_three_blocks(path);
    ingest_journal j;
    dt_error err;
    char *recorded = NULL;
    assert_int_equal(ingest_journal_read(&j, path, settings, 10, &recorded, &err), DT_OK);
    assert_string_equal(recorded, inputs);
    for (size_t k = 0; k < 10; k++) assert_int_equal(j.done[k], k == 0 || k == 3 || k == 7);
    assert_int_equal(j.checksum[3], 0xdeadbeefu);
    assert_int_equal(j.checksum[0], 0x00000001u);
    assert_int_equal(j.checksum[7], 0x7fffffffu);
    free(recorded);
    ingest_journal_close(&j, 1);
    assert_int_not_equal(access(path, F_OK), 0); /* removed */
}

static void test_refusals_name_the_journal(void **state)
{
    (void)state;
    char path[128], missing[128];
    snprintf(path, sizeof path, "%s/refuse.journal", unit_tmpdir);
    snprintf(missing, sizeof missing, "%s/none.journal", unit_tmpdir);
    write_three_blocks(path);
    ingest_journal j;
    dt_error err;
    char *recorded = NULL;
    assert_int_equal(ingest_journal_read(&j, path, "variable=sm days=61", 10, &recorded, &err), DT_ERR_VALUE);
    assert_non_null(strstr(err.text, path));
    assert_non_null(strstr(err.text, "other settings"));
    ingest_journal_close(&j, 0);
    free(recorded);
    recorded = NULL;
    assert_int_equal(ingest_journal_read(&j, missing, settings, 10, &recorded, &err), DT_ERR_MISSING);
    assert_non_null(strstr(err.text, missing));
    ingest_journal_close(&j, 0);
    free(recorded);
    recorded = NULL;
    FILE *f = fopen(path, "w");
    fputs("not a journal\n", f);
    fclose(f);
    assert_int_equal(ingest_journal_read(&j, path, settings, 10, &recorded, &err), DT_ERR_FORMAT);
    assert_non_null(strstr(err.text, path));
    ingest_journal_close(&j, 1);
    free(recorded);
}

/* A kill in the middle of a block line leaves it without its newline: that block is not done. A block
 * beyond the count (another layout) is not taken either. */
static void test_a_cut_line_is_ignored(void **state)
{
    (void)state;
    char path[128];
    snprintf(path, sizeof path, "%s/cut.journal", unit_tmpdir);
    write_three_blocks(path);
    FILE *f = fopen(path, "a");
    fputs("block 12 00000005\nblock 5 0000", f); /* 12 is outside 10 blocks; 5 was cut */
    fclose(f);
    ingest_journal j;
    dt_error err;
    char *recorded = NULL;
    assert_int_equal(ingest_journal_read(&j, path, settings, 10, &recorded, &err), DT_OK);
    assert_int_equal(j.done[5], 0);
    size_t done = 0;
    for (size_t k = 0; k < 10; k++) done += j.done[k];
    assert_int_equal(done, 3);
    free(recorded);
    ingest_journal_close(&j, 1);
}

/* --resume verifies the blocks and rewrites the journal with those that passed: a block dropped then
 * is not read back, and blocks added after the rewrite are. */
static void test_rewrite_keeps_the_verified(void **state)
{
    (void)state;
    char path[128];
    snprintf(path, sizeof path, "%s/rewrite.journal", unit_tmpdir);
    write_three_blocks(path);
    ingest_journal j;
    dt_error err;
    char *recorded = NULL;
    assert_int_equal(ingest_journal_read(&j, path, settings, 10, &recorded, &err), DT_OK);
    j.done[3] = 0; /* failed its checksum */
    assert_int_equal(ingest_journal_rewrite(&j, settings, recorded, &err), DT_OK);
    assert_int_equal(ingest_journal_add(&j, 9, 0x99u, &err), DT_OK);
    ingest_journal_close(&j, 0);
    free(recorded);
    recorded = NULL;
    assert_int_equal(ingest_journal_read(&j, path, settings, 10, &recorded, &err), DT_OK);
    assert_string_equal(recorded, inputs);
    for (size_t k = 0; k < 10; k++) assert_int_equal(j.done[k], k == 0 || k == 7 || k == 9);
    assert_int_equal(j.checksum[9], 0x99u);
    free(recorded);
    ingest_journal_close(&j, 1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_resume_reads_what_was_recorded),
        cmocka_unit_test(test_refusals_name_the_journal),
        cmocka_unit_test(test_a_cut_line_is_ignored),
        cmocka_unit_test(test_rewrite_keeps_the_verified),
    };
    return cmocka_run_group_tests(tests, unit_tmpdir_make, unit_tmpdir_remove);
}

/* test_progress_reader.c — progress lines read back as they arrive: whole, split anywhere, malformed. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>

#include <cmocka.h>

#include "progress_reader.h"

static const char stream[] = "start drydowns 0\n"
                             "progress drydowns 1 40 0.070\n"
                             "progress drydowns 21 40 0.728\n"
                             "progress drydowns 40 40 1.400\n"
                             "done drydowns ok 1.412\n";

static void whole_stream(void **state)
{
    (void)state;
    progress_reader r;
    progress_reader_init(&r);
    assert_int_equal(progress_reader_feed(&r, stream, strlen(stream)), 5);
    assert_string_equal(r.label, "drydowns");
    assert_int_equal(r.done, 40);
    assert_int_equal(r.total, 40);
    assert_true(r.finished && r.ok);
    assert_float_equal(r.elapsed, 1.412, 1e-9);
    assert_int_equal(r.malformed, 0);
}

/* Every possible split point, and byte by byte: the same result as the whole stream. */
static void split_anywhere(void **state)
{
    (void)state;
    size_t length = strlen(stream);
    for (size_t cut = 0; cut <= length; cut++) {
        progress_reader r;
        progress_reader_init(&r);
        size_t lines = progress_reader_feed(&r, stream, cut);
        lines += progress_reader_feed(&r, stream + cut, length - cut);
        assert_int_equal(lines, 5);
        assert_int_equal(r.done, 40);
        assert_true(r.finished && r.ok);
    }
    progress_reader r;
    progress_reader_init(&r);
    size_t lines = 0;
    for (size_t i = 0; i < length; i++) lines += progress_reader_feed(&r, stream + i, 1);
    assert_int_equal(lines, 5);
    assert_int_equal(r.malformed, 0);
}

/* A line not yet ended changes nothing; its end does. */
static void partial_line_waits(void **state)
{
    (void)state;
    progress_reader r;
    progress_reader_init(&r);
    progress_reader_feed(&r, "progress calibrate 5 12 0.2", 27);
    assert_false(r.started);
    assert_int_equal(r.done, 0);
    progress_reader_feed(&r, "02\nprogress calibrate 11", 24);
    assert_int_equal(r.done, 5);
    assert_float_equal(r.elapsed, 0.202, 1e-9);
    assert_string_equal(r.pending, "progress calibrate 11");
}

static void rate_and_eta(void **state)
{
    (void)state;
    progress_reader r;
    progress_reader_init(&r);
    assert_float_equal(progress_reader_rate(&r), 0.0, 0);
    assert_true(progress_reader_eta(&r) < 0);
    const char *line = "progress drydowns 1 40 0.200\nprogress drydowns 10 40 2.000\n";
    progress_reader_feed(&r, line, strlen(line));
    assert_float_equal(progress_reader_rate(&r), 5.0, 1e-12);  /* tiles per second */
    assert_float_equal(progress_reader_eta(&r), 6.0, 1e-12);   /* 30 tiles left */
}

/* A resumed job counts its earlier tiles in DONE: the rate is of this run's tiles only. */
static void rate_of_a_resumed_job(void **state)
{
    (void)state;
    progress_reader r;
    progress_reader_init(&r);
    const char *lines = "start drydowns 0\nprogress drydowns 21 40 0.100\nprogress drydowns 31 40 1.100\n";
    progress_reader_feed(&r, lines, strlen(lines));
    assert_int_equal(r.earlier, 20);
    assert_float_equal(progress_reader_rate(&r), 10.0, 1e-12); /* 11 tiles in 1.1 s */
    assert_float_equal(progress_reader_eta(&r), 0.9, 1e-12);
}

/* A job tells its tiles before the first one ("start LABEL TOTAL DONE"): a follower shows them at
 * once, and a resumed job's earlier tiles are not counted in this run's rate. */
static void tiles_told_before_the_first(void **state)
{
    (void)state;
    progress_reader r;
    progress_reader_init(&r);
    const char *lines = "start simulate 0\nstart simulate 40 20\n";
    progress_reader_feed(&r, lines, strlen(lines));
    assert_int_equal(r.total, 40);
    assert_int_equal(r.done, 20);
    assert_int_equal(r.earlier, 20);
    assert_float_equal(progress_reader_rate(&r), 0.0, 0);
    const char *next = "progress simulate 22 40 2.000\n";
    progress_reader_feed(&r, next, strlen(next));
    assert_float_equal(progress_reader_rate(&r), 1.0, 1e-12); /* 2 tiles of this run in 2 s */
    const char *bad = "start simulate 40 41\nstart simulate 40 x\n";
    progress_reader_feed(&r, bad, strlen(bad));
    assert_int_equal(r.malformed, 2);
}

static void failed_and_old_done_line(void **state)
{
    (void)state;
    progress_reader r;
    progress_reader_init(&r);
    const char *lines = "progress calibrate 3 12 0.5\ndone calibrate failed\n";
    assert_int_equal(progress_reader_feed(&r, lines, strlen(lines)), 2);
    assert_true(r.finished);
    assert_false(r.ok);
    assert_int_equal(r.done, 3);
}

/* Garbage, wrong counts, unknown words and an overlong line are counted and skipped; what follows
 * is still read. */
static void malformed_lines(void **state)
{
    (void)state;
    progress_reader r;
    progress_reader_init(&r);
    char overlong[PROGRESS_READER_LINE * 2 + 2];
    memset(overlong, 'x', sizeof overlong - 2);
    overlong[sizeof overlong - 2] = '\n';
    overlong[sizeof overlong - 1] = '\0';
    const char *bad = "hello\nprogress drydowns 50 40 1.0\nprogress drydowns 5\ndone drydowns maybe 1.0\n"
                      "progress drydowns 5 40 1.0 extra\n\n";
    assert_int_equal(progress_reader_feed(&r, bad, strlen(bad)), 0);
    assert_int_equal(progress_reader_feed(&r, overlong, strlen(overlong)), 0);
    assert_int_equal(r.malformed, 7);
    assert_false(r.started);
    const char *good = "progress drydowns 7 40 1.0\n";
    assert_int_equal(progress_reader_feed(&r, good, strlen(good)), 1);
    assert_int_equal(r.done, 7);
    assert_int_equal(r.lines, 8);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(whole_stream),      cmocka_unit_test(split_anywhere),
        cmocka_unit_test(partial_line_waits), cmocka_unit_test(rate_and_eta),
        cmocka_unit_test(rate_of_a_resumed_job),
        cmocka_unit_test(tiles_told_before_the_first),
        cmocka_unit_test(failed_and_old_done_line), cmocka_unit_test(malformed_lines),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

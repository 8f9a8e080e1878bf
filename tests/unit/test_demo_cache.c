/* test_demo_cache.c — the cached demo: written once and whole, reused, and an older version kept
 * aside (with what the user wrote beside it) rather than overwritten or shown as the current one. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>

#include "demo_cache.h"

static char base[512];

static void tiny_world(demo_settings *s)
{
    demo_default_settings(s);
    s->rows = 2;
    s->cols = 3;
    s->ndays = 60;
}

static void join(char *path, size_t size, const char *dir, const char *name)
{
    if ((size_t)snprintf(path, size, "%s/%s", dir, name) >= size) fail_msg("path too long: %s/%s", dir, name);
}

static int exists(const char *dir, const char *name)
{
    char path[2200];
    join(path, sizeof path, dir, name);
    return access(path, F_OK) == 0;
}

static void touch(const char *dir, const char *name, const char *text)
{
    char path[2200];
    join(path, sizeof path, dir, name);
    FILE *file = fopen(path, "w");
    assert_non_null(file);
    fputs(text, file);
    fclose(file);
}

static int setup(void **state)
{
    (void)state;
    snprintf(base, sizeof base, "%s/drytex-demo-cache.XXXXXX", getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
    return mkdtemp(base) ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    char command[600];
    snprintf(command, sizeof command, "rm -rf '%s'", base);
    return system(command) == 0 ? 0 : -1;
}

static void written_whole_then_reused(void **state)
{
    (void)state;
    demo_settings s;
    tiny_world(&s);
    char dir[1024];
    dt_error err;
    assert_int_equal(demo_cache_open(base, &s, dir, sizeof dir, &err), DT_OK);
    assert_true(strstr(dir, "/demo") != NULL);
    assert_true(exists(dir, "sm_cube.nc") && exists(dir, "README.txt") && exists(dir, "stations.csv"));
    assert_true(exists(dir, "VERSION") && exists(dir, "forcing.nc") && exists(dir, "soil/SAND1.nc"));
    /* the explorer's set only: no daily files, no reference series (the README says so) */
    assert_false(exists(dir, "sm"));
    assert_false(exists(dir, "reference_sm.nc"));
    char readme[2200], text[8192] = {0};
    join(readme, sizeof readme, dir, "README.txt");
    FILE *file = fopen(readme, "r");
    assert_non_null(file);
    size_t length = fread(text, 1, sizeof text - 1, file);
    fclose(file);
    assert_true(length > 0);
    assert_non_null(strstr(text, "'drytex demo DIR' writes the whole world"));
    /* nothing half-written is left beside it */
    char partial[1024];
    snprintf(partial, sizeof partial, "demo.partial-%ld", (long)getpid());
    assert_false(exists(base, partial));
    /* a second open reuses it: a file the user wrote there survives */
    touch(dir, "drydowns-seed.nc", "the user's job output");
    assert_int_equal(demo_cache_open(base, &s, dir, sizeof dir, &err), DT_OK);
    assert_true(exists(dir, "drydowns-seed.nc"));
}

static void older_version_kept_aside(void **state)
{
    (void)state;
    demo_settings s;
    tiny_world(&s);
    char dir[1024];
    dt_error err;
    assert_int_equal(demo_cache_open(base, &s, dir, sizeof dir, &err), DT_OK);
    /* as an older drytex left it: no stamp, a cube, and a job output beside it */
    char stamp[2200];
    snprintf(stamp, sizeof stamp, "%s/VERSION", dir);
    assert_int_equal(remove(stamp), 0);
    touch(dir, "calibrated-old.nc", "the user's job output");
    assert_int_equal(demo_cache_open(base, &s, dir, sizeof dir, &err), DT_OK);
    assert_true(exists(dir, "VERSION") && exists(dir, "sm_cube.nc"));
    assert_false(exists(dir, "calibrated-old.nc"));
    char old[2200];
    snprintf(old, sizeof old, "%s/demo.old-1", base);
    assert_true(exists(old, "calibrated-old.nc") && exists(old, "sm_cube.nc"));
    /* once more from an older version, with demo.old-1 taken: a clear error, nothing moved */
    FILE *file = fopen(stamp, "w");
    fputs("drytex demo world 1\n", file);
    fclose(file);
    assert_int_equal(demo_cache_open(base, &s, dir, sizeof dir, &err), DT_ERR_IO);
    assert_non_null(strstr(err.text, "demo.old-1 is taken"));
    assert_true(exists(dir, "sm_cube.nc") && exists(old, "calibrated-old.nc"));
}

/* A first run stopped by Ctrl-C leaves BASE/demo.partial-PID: the next run removes those of
 * processes that are gone, and leaves one that a running drytex is still writing. */
static void stale_partials_removed(void **state)
{
    (void)state;
    pid_t child = fork();
    assert_true(child >= 0);
    if (child == 0) _exit(0);
    int status;
    assert_int_equal(waitpid(child, &status, 0), child); /* child is gone: its pid names no process */
    char stale[64], live[64], dir[1024], path[2200];
    snprintf(stale, sizeof stale, "demo.partial-%ld", (long)child);
    snprintf(live, sizeof live, "demo.partial-%ld", (long)getppid());
    join(path, sizeof path, base, stale);
    assert_int_equal(mkdir(path, 0755), 0);
    touch(path, "sm_cube.nc", "half a cube");
    join(path, sizeof path, base, live);
    assert_int_equal(mkdir(path, 0755), 0);
    demo_settings s;
    tiny_world(&s);
    dt_error err;
    assert_int_equal(demo_cache_open(base, &s, dir, sizeof dir, &err), DT_OK);
    assert_false(exists(base, stale));
    assert_true(exists(base, live));
}

/* Until the background writer is done (DIR/PENDING gone), at most 120 s; 1 when it is. */
static int rest_written(const char *dir)
{
    for (int i = 0; i < 2400 && demo_cache_pending(dir, NULL); i++) usleep(50000);
    return !demo_cache_pending(dir, NULL);
}

/* No NAME.partial-PID left in dir. */
static int no_partial_files(const char *dir)
{
    char command[2200];
    snprintf(command, sizeof command, "ls -a '%s' '%s/soil' | grep -q 'partial-'", dir, dir);
    return system(command) != 0;
}

/* The first run for the explorer: the first frame's files at once, the rest from a background
 * process, whole (renamed into place), the cube rewritten compressed; PENDING until then. */
static void first_frame_first(void **state)
{
    (void)state;
    demo_settings s;
    tiny_world(&s);
    char dir[1024];
    dt_error err;
    assert_int_equal(demo_cache_open_first(base, &s, dir, sizeof dir, &err), DT_OK);
    assert_true(exists(dir, "sm_cube.nc") && exists(dir, "soil/SAND1.nc") && exists(dir, "soil/CLAY1.nc"));
    assert_true(exists(dir, "soil/OC1.nc") && exists(dir, "stations.csv") && exists(dir, "VERSION"));
    assert_true(rest_written(dir));
    assert_true(exists(dir, "forcing.nc") && exists(dir, "truth.nc") && exists(dir, "soil/T_SAND.nc4"));
    assert_true(exists(dir, "soil/T_CLAY.nc4") && exists(dir, "soil/T_OC.nc4"));
    assert_false(exists(dir, "PENDING"));
    assert_true(no_partial_files(dir));
    /* the same files as the whole explorer set written at once, byte for byte */
    char whole_base[700], whole[1024], command[3000];
    snprintf(whole_base, sizeof whole_base, "%s/whole", base);
    assert_int_equal(mkdir(whole_base, 0755), 0);
    assert_int_equal(demo_cache_open(whole_base, &s, whole, sizeof whole, &err), DT_OK);
    snprintf(command, sizeof command, "diff -r '%s' '%s' >/dev/null", dir, whole);
    assert_int_equal(system(command), 0);
}

/* A writer that died (PENDING names a process that is gone) is followed by a new one. */
static void dead_writer_followed(void **state)
{
    (void)state;
    demo_settings s;
    tiny_world(&s);
    char dir[1024], path[2200];
    dt_error err;
    assert_int_equal(demo_cache_open_first(base, &s, dir, sizeof dir, &err), DT_OK);
    assert_true(rest_written(dir));
    pid_t child = fork();
    assert_true(child >= 0);
    if (child == 0) _exit(0);
    int status;
    assert_int_equal(waitpid(child, &status, 0), child);
    char text[64];
    snprintf(text, sizeof text, "drytex demo world rest: pid %ld\n", (long)child);
    touch(dir, "PENDING", text);
    char leftover[64];
    snprintf(leftover, sizeof leftover, "forcing.nc.partial-%ld", (long)child);
    touch(dir, leftover, "half a forcing of the writer that died");
    join(path, sizeof path, dir, "forcing.nc");
    assert_int_equal(remove(path), 0);
    long pid = 0;
    assert_true(demo_cache_pending(dir, &pid));
    assert_int_equal(pid, (long)child);
    assert_int_equal(demo_cache_open_first(base, &s, dir, sizeof dir, &err), DT_OK);
    assert_true(rest_written(dir));
    assert_true(exists(dir, "forcing.nc"));
    assert_true(no_partial_files(dir));
}

static void a_base_that_is_a_file(void **state)
{
    (void)state;
    char file_base[600];
    snprintf(file_base, sizeof file_base, "%s/not-a-directory", base);
    touch(base, "not-a-directory", "x");
    char old_cache[600];
    const char *saved = getenv("XDG_CACHE_HOME");
    snprintf(old_cache, sizeof old_cache, "%s", saved ? saved : "");
    setenv("XDG_CACHE_HOME", file_base, 1);
    char out[1024];
    dt_error err;
    assert_int_not_equal(demo_cache_base(out, sizeof out, &err), DT_OK);
    assert_non_null(strstr(err.text, "not-a-directory"));
    setenv("XDG_CACHE_HOME", base, 1);
    assert_int_equal(demo_cache_base(out, sizeof out, &err), DT_OK);
    assert_non_null(strstr(out, "/drytex"));
    if (saved) setenv("XDG_CACHE_HOME", old_cache, 1);
    else unsetenv("XDG_CACHE_HOME");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(written_whole_then_reused, setup, teardown),
        cmocka_unit_test_setup_teardown(older_version_kept_aside, setup, teardown),
        cmocka_unit_test_setup_teardown(stale_partials_removed, setup, teardown),
        cmocka_unit_test_setup_teardown(a_base_that_is_a_file, setup, teardown),
        cmocka_unit_test_setup_teardown(first_frame_first, setup, teardown),
        cmocka_unit_test_setup_teardown(dead_writer_followed, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

/* bench_redraw.c — the explorer's screen at 200 × 60: a full redraw (the map, the panel, the
 * series plot and the status line repainted from nothing, as after Ctrl-L), a frame in which
 * nothing changed, and one cursor move (the cell's pipeline, then the frame), each timed over N
 * runs (min and median) with the bytes curses sent the terminal. The explorer draws through its
 * own code (explorer_draw.c) into a real curses screen: newterm on a pseudo-terminal of
 * 200 × 60, TERM=xterm-256color, a UTF-8 locale; a thread drains and counts what arrives on the
 * other side, as a terminal would read it.
 *
 *     bench_redraw [-n N] [DIR ...]
 *
 * DIR is a data directory as `drytex demo DIR` writes it; without one the bench writes the demo
 * (40 × 60 cells, 10 years) and a demo of 114 × 160 cells (2 years) whose map fills the screen.
 * Prints figures; asserts nothing about time. */
#include <curses.h>
#include <locale.h>
#include <pthread.h>
#include <pty.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <time.h>
#include <unistd.h>

#include "cftime.h"
#include "demo_world.h"
#include "demo_write.h"
#include "explorer_state.h"

enum { SCREEN_COLS = 200, SCREEN_LINES = 60 };

static atomic_size_t received; /* bytes read from the terminal's side */
static atomic_int reading = 1;

static void *drain(void *context)
{
    int fd = *(int *)context;
    char buffer[65536];
    while (atomic_load(&reading)) {
        ssize_t n = read(fd, buffer, sizeof buffer);
        if (n > 0) atomic_fetch_add(&received, (size_t)n);
        else if (n < 0) break;
    }
    return NULL;
}

static double now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + 1e-9 * (double)t.tv_nsec;
}

/* Everything written so far has been read: the pty holds nothing and the count stands still. */
static size_t settled(int master)
{
    if (master < 0) return 0;
    size_t before;
    int pending;
    do {
        before = atomic_load(&received);
        struct timespec pause = {0, 2000000};
        nanosleep(&pause, NULL);
        if (ioctl(master, FIONREAD, &pending) != 0) pending = 0;
    } while (pending > 0 || atomic_load(&received) != before);
    return before;
}

static int by_value(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

typedef struct {
    double *seconds;
    size_t *bytes;
    int n;
} samples;

static void report(const char *what, samples *s, int counted)
{
    qsort(s->seconds, (size_t)s->n, sizeof *s->seconds, by_value);
    size_t min_bytes = s->bytes[0], max_bytes = s->bytes[0];
    for (int i = 1; i < s->n; i++) {
        if (s->bytes[i] < min_bytes) min_bytes = s->bytes[i];
        if (s->bytes[i] > max_bytes) max_bytes = s->bytes[i];
    }
    printf("  %-44s min %7.3f ms  median %7.3f ms", what, 1e3 * s->seconds[0], 1e3 * s->seconds[s->n / 2]);
    if (counted) printf("   %zu", min_bytes);
    if (counted && max_bytes != min_bytes) printf("…%zu", max_bytes);
    printf("%s\n", counted ? " bytes" : "");
}

/* A demo world of rows × cols cells and years years into dir. */
static int write_demo(const char *dir, size_t rows, size_t cols, int years)
{
    demo_settings settings;
    demo_default_settings(&settings);
    settings.rows = rows;
    settings.cols = cols;
    settings.ndays = (size_t)(calendar_days_from_civil(2011 + years, 1, 1) - settings.first_day);
    demo_world world;
    dt_error err;
    int status = demo_world_build(&world, &settings, &err);
    if (status == DT_OK) status = demo_write(&world, dir, NULL, NULL, &err);
    demo_world_free(&world);
    if (status != DT_OK) fprintf(stderr, "bench_redraw: demo: %s\n", err.text);
    return status;
}

static void add_path(char ***list, size_t *count, const char *dir, const char *name)
{
    char path[4200];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    if (access(path, R_OK) != 0) return;
    *list = dt_realloc(*list, (*count + 1) * sizeof **list);
    (*list)[(*count)++] = dt_strdup(path);
}

/* Full redraws, unchanged frames and cursor moves, runs times each, on the current screen; fd is
 * the pseudo-terminal's other side (bytes counted) or −1. */
static void time_frames(explorer *e, int runs, int fd)
{
    explorer_draw(e);
    settled(fd);
    samples full = {dt_malloc((size_t)runs * sizeof(double)), dt_malloc((size_t)runs * sizeof(size_t)), runs};
    samples same = {dt_malloc((size_t)runs * sizeof(double)), dt_malloc((size_t)runs * sizeof(size_t)), runs};
    samples cell = {dt_malloc((size_t)runs * sizeof(double)), dt_malloc((size_t)runs * sizeof(size_t)), runs};
    samples frame = {dt_malloc((size_t)runs * sizeof(double)), dt_malloc((size_t)runs * sizeof(size_t)), runs};
    for (int i = 0; i < runs; i++) {
        size_t before = settled(fd);
        clearok(curscr, TRUE); /* what Ctrl-L does: every cell repainted */
        double t0 = now();
        explorer_draw(e);
        full.seconds[i] = now() - t0;
        full.bytes[i] = settled(fd) - before;

        before = settled(fd);
        t0 = now();
        explorer_draw(e);
        same.seconds[i] = now() - t0;
        same.bytes[i] = settled(fd) - before;

        before = settled(fd);
        t0 = now();
        explorer_key(e, i % 2 ? 'h' : 'l'); /* one cell right, then back: the cell's whole pipeline */
        cell.seconds[i] = now() - t0;
        cell.bytes[i] = 0;
        t0 = now();
        explorer_draw(e);
        frame.seconds[i] = now() - t0;
        frame.bytes[i] = settled(fd) - before;
    }
    report("full redraw (Ctrl-L: every cell repainted)", &full, fd >= 0);
    report("a frame in which nothing changed", &same, fd >= 0);
    report("a cursor move: the new cell's pipeline", &cell, 0);
    report("a cursor move: its frame", &frame, fd >= 0);
    free(full.seconds), free(full.bytes), free(same.seconds), free(same.bytes);
    free(cell.seconds), free(cell.bytes), free(frame.seconds), free(frame.bytes);
}

static int bench_directory(const char *dir, int runs, SCREEN *pty, int master, SCREEN *null)
{
    explorer_options o = {0};
    add_path(&o.sm, &o.nsm, dir, "sm_cube.nc");
    add_path(&o.soil, &o.nsoil, dir, "soil/SAND1.nc");
    add_path(&o.soil, &o.nsoil, dir, "soil/CLAY1.nc");
    add_path(&o.soil, &o.nsoil, dir, "soil/OC1.nc");
    char forcing[4200];
    snprintf(forcing, sizeof forcing, "%s/forcing.nc", dir);
    if (access(forcing, R_OK) == 0) o.forcing = forcing;
    if (!o.nsm) {
        fprintf(stderr, "bench_redraw: %s has no sm_cube.nc\n", dir);
        return 1;
    }
    explorer e;
    memset(&e, 0, sizeof e);
    dt_error err;
    if (explorer_open_data(&e, &o, &err) != DT_OK) {
        fprintf(stderr, "bench_redraw: %s\n", err.text);
        return 1;
    }
    explorer_mean_read(&e, 1e9, NULL); /* the whole map, as it stays */
    e.utf8 = 1;
    e.zoom = 1;
    e.color = has_colors(); /* the map's lines are counted as they are drawn: two cells a line */
    int map_width, map_height;
    explorer_map_size(&e, &map_width, &map_height);
    printf("%s: %zu × %zu cells, %zu days; the map %d × %d characters of a %d × %d screen (%s), %d runs\n", dir,
           e.rows, e.cols, e.sm->ndays, map_width, explorer_map_lines(&e), COLS, LINES, termname(), runs);
    for (int k = 0; k < 2; k++) {
        printf(" %s\n", k == 0 ? "into a pseudo-terminal, read on its other side (bytes: what a terminal receives)"
                               : "into /dev/null (curses' and the explorer's own cost, no terminal to wait for)");
        set_term(k == 0 ? pty : null);
        e.color = has_colors();
        explorer_draw_colors(&e);
        time_frames(&e, runs, k == 0 ? master : -1);
    }
    explorer_close_data(&e);
    for (size_t i = 0; i < o.nsm; i++) free(o.sm[i]);
    for (size_t i = 0; i < o.nsoil; i++) free(o.soil[i]);
    free(o.sm);
    free(o.soil);
    return 0;
}

int main(int argc, char **argv)
{
    int runs = 50, first = 1;
    if (argc > 2 && strcmp(argv[1], "-n") == 0) runs = atoi(argv[2]), first = 3;
    if (runs < 1) runs = 1;
    char tmp[] = "/tmp/drytex-bench-redraw-XXXXXX";
    char demo[64], wide[64];
    const char *dirs[64];
    int ndirs = 0;
    for (int i = first; i < argc && ndirs < 64; i++) dirs[ndirs++] = argv[i];
    if (!ndirs) {
        if (!mkdtemp(tmp)) return 1;
        snprintf(demo, sizeof demo, "%s/demo", tmp);
        snprintf(wide, sizeof wide, "%s/wide", tmp);
        if (write_demo(demo, 40, 60, 10) != DT_OK || write_demo(wide, 114, 160, 2) != DT_OK) return 1;
        dirs[ndirs++] = demo;
        dirs[ndirs++] = wide;
    }

    setenv("TERM", "xterm-256color", 1);
    setenv("XDG_STATE_HOME", "/nonexistent", 1);
    if (!setlocale(LC_ALL, "C.UTF-8")) setlocale(LC_ALL, "");
    int master, slave;
    struct winsize size = {.ws_row = SCREEN_LINES, .ws_col = SCREEN_COLS};
    if (openpty(&master, &slave, NULL, NULL, &size) != 0) {
        perror("bench_redraw: openpty");
        return 1;
    }
    pthread_t reader;
    pthread_create(&reader, NULL, drain, &master);
    FILE *out = fdopen(slave, "w"), *in = fdopen(dup(slave), "r");
    setenv("LINES", "60", 1); /* /dev/null has no size to ask */
    setenv("COLUMNS", "200", 1);
    FILE *null_out = fopen("/dev/null", "w");
    SCREEN *pty = newterm("xterm-256color", out, in), *null = null_out ? newterm("xterm-256color", null_out, in) : NULL;
    if (!pty || !null) {
        fprintf(stderr, "bench_redraw: newterm failed\n");
        return 1;
    }
    set_term(null);
    cbreak();
    noecho();
    set_term(pty);
    cbreak();
    noecho();
    int status = 0;
    for (int i = 0; i < ndirs && status == 0; i++) status = bench_directory(dirs[i], runs, pty, master, null);
    set_term(null);
    endwin();
    set_term(pty);
    endwin();
    delscreen(null);
    delscreen(pty);
    fclose(null_out);
    atomic_store(&reading, 0);
    fclose(out);
    fclose(in);
    close(master); /* ends the reader's read */
    pthread_join(reader, NULL);
    if (!argv[first]) {
        char command[128];
        snprintf(command, sizeof command, "rm -rf '%s'", tmp);
        if (system(command) != 0) fprintf(stderr, "bench_redraw: %s was not removed\n", tmp);
    }
    return status;
}

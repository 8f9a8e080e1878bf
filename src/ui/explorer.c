/* explorer.c — the terminal explorer (DESIGN.md §5): keys, the mouse, the ':' line
 * (command_line.c, whose commands are explorer_commands.c's table), start-up commands and the main
 * loop; the screen is explorer_draw.c's, the data explorer_data.c's, the jobs explorer_jobs.c's.
 * The main loop sleeps in poll() on the keyboard and the jobs' wake-up, so progress redraws
 * without key presses and keys are never held up by a job. */
#include "explorer.h"

#include <curses.h>
#include <errno.h>
#include <locale.h>
#include <math.h>
#include <poll.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "command_line.h"
#include "explorer_days.h"
#include "explorer_jobs.h"
#include "explorer_map.h"
#include "explorer_palette.h"
#include "explorer_state.h"
#include "explorer_tour.h"
#include "screen_text.h"
#include "series_plot.h"
#include "terminal_check.h"


/* ---- the ':' line ------------------------------------------------------------------------------ */

static void on_command(char *line, void *context)
{
    explorer *e = context;
    e->messages_unread = 0; /* what this command says is the news */
    explorer_execute(e, line);
}

/* "/LAT,LON" or "/cell ROW,COL": go there (as :goto). */
static void on_search(char *line, void *context)
{
    char command[300];
    snprintf(command, sizeof command, "goto %.280s", line);
    explorer_execute(context, command);
}

/* What may be completed on the '/' line: the word that asks for a cell. */
static const char *const *search_words(const char *line, int start, void *context)
{
    static const char *const words[] = {"cell", NULL};
    (void)line, (void)start, (void)context;
    return words;
}

static void setup_command_line(void)
{
    const char *state = getenv("XDG_STATE_HOME"), *home = getenv("HOME");
    char dir[400];
    if (state && *state) snprintf(dir, sizeof dir, "%s/drytex", state);
    else if (home && *home) snprintf(dir, sizeof dir, "%s/.local/state/drytex", home);
    else dir[0] = '\0';
    command_line_setup(dir[0] ? dir : NULL);
}

/* ---- keys -------------------------------------------------------------------------------------- */

static void move_cursor(explorer *e, long drow, long dcol)
{
    long row = (long)e->row + drow, col = (long)e->col + dcol;
    row = row < 0 ? 0 : row >= (long)e->rows ? (long)e->rows - 1 : row;
    col = col < 0 ? 0 : col >= (long)e->cols ? (long)e->cols - 1 : col;
    if ((size_t)row == e->row && (size_t)col == e->col) return;
    e->row = (size_t)row;
    e->col = (size_t)col;
    e->message[0] = '\0';
    explorer_run_cell(e);
}

/* m: clicks on the map select cells, or go back to the terminal (its own text selection). */
static void toggle_mouse(explorer *e)
{
    e->mouse = !e->mouse;
    mousemask(e->mouse ? BUTTON1_PRESSED | BUTTON1_CLICKED : 0, NULL);
    explorer_message(e, "mouse %s", e->mouse ? "on: click a cell to select it (m: off)" : "off (m: on)");
}

/* A click on the map selects the cell under it (the upper of a half-block's two; a second click
 * on the same character takes the lower). */
static void handle_mouse(explorer *e)
{
    MEVENT event;
    if (getmouse(&event) != OK || !(event.bstate & (BUTTON1_PRESSED | BUTTON1_CLICKED))) return;
    int width, height, per_line = explorer_rows_per_line(e);
    explorer_map_size(e, &width, &height);
    if (event.y < 1 || event.y > explorer_map_lines(e) || event.x < 0 || event.x >= width) return;
    size_t row = e->top + (size_t)(event.y - 1) * (size_t)per_line, col = e->left + (size_t)event.x;
    if (per_line == 2 && explorer_magnify(e) == 1 && e->row / e->zoom == row && e->col / e->zoom == col && row + 1 < explorer_display_rows(e)) row++;
    row = explorer_pixel_to_data(e, row, e->rows), col = explorer_pixel_to_data(e, col, e->cols);
    move_cursor(e, (long)row - (long)e->row, (long)col - (long)e->col);
}

/* The answer to "jobs running: quit and cancel (y), detach (d), stay (n)?". */
static void answer_quit(explorer *e, int key)
{
    e->asking_quit = 0;
    if (key == 'y' || key == 'Y' || key == 'd' || key == 'D') {
        explorer_message(e, "%s", key == 'y' || key == 'Y' ? "cancelling the jobs…" : "leaving the jobs running…");
        explorer_draw(e);
        explorer_jobs_leave(e, key == 'y' || key == 'Y');
        e->quit = 1;
    } else {
        explorer_message(e, "the jobs go on (:jobs)");
    }
}

void explorer_key(explorer *e, int key)
{
    if (command_line_active()) {
        command_line_key(key);
        return;
    }
    if (e->asking_quit) {
        answer_quit(e, key);
        return;
    }
    e->messages_unread = 0; /* a key: the messages so far have been seen */
    if (e->tour_step) {
        explorer_tour_key(e, key);
        return;
    }
    /* the help and the message log scroll when longer than the screen */
    int *top = e->help ? &e->help_top : &e->messages_top, *bottom = e->help ? &e->help_bottom : &e->messages_bottom;
    int scrolls = (e->help || e->messages_screen) && (*top || *bottom);
    if (scrolls && (key == KEY_DOWN || key == 'j' || key == ' ' || key == KEY_NPAGE)) {
        if (*bottom) *top += key == ' ' || key == KEY_NPAGE ? LINES - 3 : 1; /* the next frame clamps it */
        return;
    }
    if (scrolls && (key == KEY_UP || key == 'k' || key == KEY_PPAGE)) {
        *top -= key == KEY_PPAGE ? LINES - 3 : 1;
        if (*top < 0) *top = 0;
        *bottom = 1; /* lines below now: a second key of the same batch still scrolls, not closes */
        return;
    }
    if (e->help || e->jobs_screen || e->messages_screen) {
        e->help = e->jobs_screen = e->messages_screen = e->help_top = 0;
        return;
    }
    long step = (long)e->zoom;
    switch (key) {
    case 'q': explorer_command(e, "quit"); break;
    case '?': explorer_command(e, "help"); break;
    case '\t': e->panel = (e->panel + 1) % 5; break;
    case ':': command_line_open(":", on_command, explorer_completion_words_at, e); break;
    case '/': command_line_open("/", on_search, search_words, e); break;
    case 'y': explorer_command(e, "copy"); break;
    case 'm': toggle_mouse(e); break;
    case '+': explorer_command(e, "zoom in"); break;
    case '-': explorer_command(e, "zoom out"); break;
    case KEY_MOUSE: handle_mouse(e); break;
    case KEY_LEFT: case 'h': move_cursor(e, 0, -step); break; /* a display cell at a time */
    case KEY_RIGHT: case 'l': move_cursor(e, 0, step); break;
    case KEY_UP: case 'k': move_cursor(e, -step, 0); break;
    case KEY_DOWN: case 'j': move_cursor(e, step, 0); break;
    case 'H': move_cursor(e, 0, -10 * step); break;
    case 'L': move_cursor(e, 0, 10 * step); break;
    case 'K': move_cursor(e, -10 * step, 0); break;
    case 'J': move_cursor(e, 10 * step, 0); break;
    case 12: clearok(curscr, TRUE); break; /* Ctrl-L */
    case ',': explorer_days_step(e, -1, 0); break; /* the cube's days as maps */
    case '.': explorer_days_step(e, 1, 0); break;
    case '<': explorer_days_step(e, 0, -1); break;
    case '>': explorer_days_step(e, 0, 1); break;
    case '[': e->plot_years_back++; break; /* a calendar year back (clamped to the record when drawn) */
    case ']': if (e->plot_years_back > 0) e->plot_years_back--; break;
    default: break;
    }
}

/* The terminal's size differs from the one curses draws for: curses is told (as its SIGWINCH
 * handling would at the next getch) and 1 is returned. */
static int terminal_resized(void)
{
    struct winsize size;
    if (ioctl(STDOUT_FILENO, TIOCGWINSZ, &size) != 0 || size.ws_row == 0 || (size.ws_row == LINES && size.ws_col == COLS)) return 0;
    resizeterm(size.ws_row, size.ws_col);
    return 1;
}

/* Sleeps until a key, a child's end or (while jobs run) the next progress tick — not at all while
 * the mean layer still has bands to read. A terminal that
 * went away ends the session; its jobs keep running and are picked up next time. */
static void wait_for_input(explorer *e)
{
    struct pollfd fds[2] = {{.fd = STDIN_FILENO, .events = POLLIN}, {.fd = explorer_jobs_wake_fd(), .events = POLLIN}};
    int timeout = explorer_mean_pending(e) || explorer_days_pending(e) ? 0 : explorer_jobs_timeout(e), ready;
    /* A resize that came while a frame was drawn (not in poll) would wait for the next key:
     * curses learns of it only in getch. Idle, the size is looked at every RESIZE_CHECK_MS. */
    enum { RESIZE_CHECK_MS = 250 };
    for (;;) {
        int slice = timeout < 0 || timeout > RESIZE_CHECK_MS ? RESIZE_CHECK_MS : timeout;
        ready = poll(fds, fds[1].fd >= 0 ? 2 : 1, slice);
        if (ready != 0 || slice == timeout || terminal_resized()) break;
        if (timeout > 0) timeout -= slice;
    }
    if (ready > 0 && (fds[0].revents & (POLLHUP | POLLERR | POLLNVAL)) && !(fds[0].revents & POLLIN)) e->quit = 1;
}

/* A key is waiting to be read (the mean layer's reading gives way to it). */
static int key_waiting(void)
{
    struct pollfd fd = {.fd = STDIN_FILENO, .events = POLLIN};
    return poll(&fd, 1, 0) > 0;
}

/* ---- start and stop ---------------------------------------------------------------------------- */

/* Each command of text, separated by ';' or new lines (# starts a comment); what a command says
 * (an error included) stays in the status line with where it came from. */
static void run_commands(explorer *e, const char *text, const char *origin)
{
    char *copy = dt_strdup(text), *save = NULL;
    int number = 0;
    for (char *line = strtok_r(copy, ";\n", &save); line; line = strtok_r(NULL, ";\n", &save)) {
        number++;
        char *hash = strchr(line, '#');
        if (hash) *hash = '\0';
        if (line[strspn(line, " \t\r")] == '\0') continue;
        size_t logged = message_log_count(&e->log);
        explorer_execute(e, line);
        if (e->message[0]) { /* what the command said (an error, a job started), and where it came from */
            char message[sizeof e->message];
            snprintf(message, sizeof message, "%s", e->message);
            if (message_log_count(&e->log) > logged) { /* logged again below, with its origin */
                message_log_drop_last(&e->log);
                e->messages_unread--;
            }
            explorer_message(e, "%s, command %d: %.400s", origin, number, message);
        }
    }
    free(copy);
}

/* $XDG_CONFIG_HOME/drytex/config (else ~/.config/drytex/config) — read, never written — then -c. */
static void run_startup_commands(explorer *e, const explorer_options *o)
{
    const char *config = getenv("XDG_CONFIG_HOME"), *home = getenv("HOME");
    char path[4200];
    if (config && *config) snprintf(path, sizeof path, "%s/drytex/config", config);
    else if (home && *home) snprintf(path, sizeof path, "%s/.config/drytex/config", home);
    else path[0] = '\0';
    FILE *file = !o->no_config && path[0] ? fopen(path, "r") : NULL;
    if (file) {
        char text[16384];
        size_t n = fread(text, 1, sizeof text - 1, file);
        text[n] = '\0';
        fclose(file);
        run_commands(e, text, path);
    }
    if (o->project_commands) run_commands(e, o->project_commands, o->project);
    if (o->commands) run_commands(e, o->commands, "-c");
}

int explorer_run(const explorer_options *o)
{
    char reason[200];
    if (!terminal_check_cursor(reason, sizeof reason)) { /* before the data: a refusal at once, no garbage */
        fprintf(stderr, "drytex: the explorer needs a terminal that can place the cursor (%s); "
                        "for a text report of a cell: drytex cell --lat Y --lon X DATA\n", reason);
        return 1;
    }
    explorer e;
    memset(&e, 0, sizeof e);
    dt_error err;
    if (explorer_open_data(&e, o, &err) != DT_OK) {
        explorer_close_data(&e);
        message_log_free(&e.log);
        fprintf(stderr, "drytex: %s\n", err.text);
        return 1;
    }
    const char *codeset = setlocale(LC_CTYPE, NULL);
    const char *term = getenv("TERM");
    e.utf8 = codeset && (strstr(codeset, "UTF-8") || strstr(codeset, "utf8")) && !(term && strcmp(term, "linux") == 0);
    /* the text in ASCII when the locale cannot show UTF-8 (TERM=linux alone keeps UTF-8 text: the
     * console has θ and →, it lacks the half-blocks' and Braille's glyphs) */
    int utf8_locale = codeset && (strstr(codeset, "UTF-8") || strstr(codeset, "utf8"));
    screen_text_set_ascii(!utf8_locale);
    setenv("ESCDELAY", "25", 0);
    if (!initscr()) {
        explorer_close_data(&e);
        message_log_free(&e.log);
        fprintf(stderr, "drytex: cannot open the terminal\n");
        return 1;
    }
    e.color = has_colors() && !o->mono;
    e.light = o->light;
    cbreak();
    noecho();
    keypad(stdscr, TRUE);
    nodelay(stdscr, TRUE); /* keys are read when poll says so, and all of them */
    e.mouse = 1;
    e.zoom = 1;
    mousemask(BUTTON1_PRESSED | BUTTON1_CLICKED, NULL);
    mouseinterval(0); /* a press is a selection at once, no waiting for a click */
    explorer_palette_setup(&e);
    setup_command_line();
    explorer_jobs_init(&e);
    run_startup_commands(&e, o);
    while (!e.quit) {
        explorer_jobs_update(&e);
        if (e.quit) break; /* Ctrl-C with no job running: no frame, no wait for a key */
        explorer_draw(&e);
        wait_for_input(&e);
        int key;
        while (!e.quit && (key = getch()) != ERR)
            if (key != KEY_RESIZE) explorer_key(&e, key);
        explorer_mean_read(&e, 0.02, key_waiting); /* the mean layer's next pieces, between keys (nothing once complete) */
        explorer_days_read(&e, 0.02, key_waiting); /* the same for a window of days shown as maps */
    }
    endwin();
    message_log_free(&e.log);
    command_line_shutdown();
    explorer_jobs_report_left(&e, stderr);
    explorer_jobs_free(&e);
    explorer_days_free(&e);
    explorer_close_data(&e);
    return 0;
}

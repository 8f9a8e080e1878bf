/* command_line.c — GNU readline's callback interface driven by curses keys: readline never reads
 * or writes the terminal (rl_getc_function and rl_redisplay_function are ours). */
#include "command_line.h"

#include <curses.h>
#include <readline/history.h>
#include <readline/readline.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <wchar.h>

static int pending_char, char_available, active;
static command_line_handler on_line;
static void *on_line_context;
static command_line_words completion_words_at;
static const char *const *completion_words; /* those of the word being completed */
static char history_path[512];

static int readline_getc(FILE *stream)
{
    (void)stream;
    char_available = 0;
    return pending_char;
}

static int readline_input_available(void)
{
    return char_available;
}

/* The text as wide characters (NULL when it is not in the locale's encoding) and their count. */
static wchar_t *widen(const char *text, size_t *length)
{
    size_t n = mbstowcs(NULL, text, 0);
    if (n == (size_t)-1) return NULL;
    wchar_t *wide = malloc((n + 1) * sizeof *wide);
    if (wide) mbstowcs(wide, text, n + 1);
    *length = n;
    return wide;
}

static int column_width(wchar_t c)
{
    int w = wcwidth(c);
    return w < 0 ? 1 : w;
}

/* The prompt and the line on the last screen line, the cursor on its character (in columns, not
 * bytes: UTF-8 input); a line longer than the screen scrolls so that the cursor stays in view. */
static void readline_redisplay(void)
{
    const char *prompt = rl_display_prompt ? rl_display_prompt : "";
    size_t size = strlen(prompt) + strlen(rl_line_buffer) + 1, length = 0, before = 0;
    char *text = malloc(size);
    wchar_t *wide = NULL;
    if (text) {
        snprintf(text, size, "%s%.*s", prompt, rl_point, rl_line_buffer); /* up to the cursor */
        wchar_t *head = widen(text, &before);
        free(head);
        snprintf(text, size, "%s%s", prompt, rl_line_buffer);
        if (head) wide = widen(text, &length);
    }
    move(LINES - 1, 0);
    clrtoeol();
    if (!wide) { /* not in the locale's encoding: bytes, as typed */
        mvaddnstr(LINES - 1, 0, text ? text : "", COLS);
        move(LINES - 1, (int)(strlen(prompt) + (size_t)rl_point) < COLS ? (int)(strlen(prompt) + (size_t)rl_point) : COLS - 1);
    } else {
        int cursor = 0;
        for (size_t i = 0; i < before; i++) cursor += column_width(wide[i]);
        size_t first = 0;
        while (cursor >= COLS - 1 && first < before) cursor -= column_width(wide[first++]); /* scroll */
        size_t n = 0;
        for (int used = 0; first + n < length && used + column_width(wide[first + n]) <= COLS; n++)
            used += column_width(wide[first + n]);
        mvaddnwstr(LINES - 1, 0, wide + first, (int)n);
        move(LINES - 1, cursor);
    }
    free(wide);
    free(text);
    refresh();
}

static void readline_line(char *line)
{
    rl_callback_handler_remove();
    active = 0;
    if (line && *line) {
        add_history(line);
        if (history_path[0] && append_history(1, history_path) != 0) write_history(history_path);
        on_line(line, on_line_context);
    }
    free(line);
}

static char *complete_word(const char *text, int state)
{
    static int index;
    static size_t length;
    if (!state) index = 0, length = strlen(text);
    while (completion_words && completion_words[index])
        if (strncmp(completion_words[index++], text, length) == 0) return strdup(completion_words[index - 1]);
    return NULL;
}

static char **complete(const char *text, int start, int end)
{
    (void)end;
    rl_attempted_completion_over = 1;
    completion_words = completion_words_at(rl_line_buffer, start);
    return rl_completion_matches(text, complete_word);
}

static void make_directories(const char *dir)
{
    char path[400];
    snprintf(path, sizeof path, "%s", dir);
    for (char *slash = strchr(path + 1, '/'); slash; slash = strchr(slash + 1, '/')) {
        *slash = '\0';
        mkdir(path, 0700);
        *slash = '/';
    }
    mkdir(path, 0700);
}

void command_line_setup(const char *history_dir, command_line_words words_at)
{
    rl_catch_signals = 0;
    rl_catch_sigwinch = 0;
    rl_change_environment = 0;
    rl_prep_term_function = NULL;
    rl_deprep_term_function = NULL;
    rl_getc_function = readline_getc;
    rl_input_available_hook = readline_input_available;
    rl_redisplay_function = readline_redisplay;
    rl_attempted_completion_function = complete;
    rl_outstream = fopen("/dev/null", "w");
    completion_words_at = words_at;
    if (history_dir && *history_dir) {
        make_directories(history_dir);
        snprintf(history_path, sizeof history_path, "%s/history", history_dir);
        using_history();
        read_history(history_path);
    }
}

void command_line_open(const char *prompt, command_line_handler handler, void *context)
{
    on_line = handler;
    on_line_context = context;
    active = 1;
    rl_callback_handler_install(prompt, readline_line);
}

int command_line_active(void)
{
    return active;
}

void command_line_key(int key)
{
    switch (key) {
    case 27: /* Esc: leave the line */
        rl_replace_line("", 0);
        rl_callback_handler_remove();
        active = 0;
        return;
    case KEY_BACKSPACE: case 127: case 8: pending_char = 127; break;
    case KEY_ENTER: case '\r': pending_char = '\n'; break;
    case KEY_LEFT: rl_backward_char(1, 0); rl_redisplay(); return;
    case KEY_RIGHT: rl_forward_char(1, 0); rl_redisplay(); return;
    case KEY_UP: rl_get_previous_history(1, 0); rl_redisplay(); return;
    case KEY_DOWN: rl_get_next_history(1, 0); rl_redisplay(); return;
    default:
        if (key > 255) return;
        pending_char = key;
    }
    char_available = 1;
    rl_callback_read_char();
}

void command_line_redraw(void)
{
    rl_forced_update_display();
}

void command_line_shutdown(void)
{
    if (active) rl_callback_handler_remove();
    active = 0;
    if (rl_outstream) fclose(rl_outstream);
    rl_outstream = NULL;
}

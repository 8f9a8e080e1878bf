/* command_line.c — GNU readline's callback interface driven by curses keys: readline never reads
 * or writes the terminal (rl_getc_function and rl_redisplay_function are ours). */
#include "command_line.h"

#include <ctype.h>
#include <curses.h>
#include <readline/history.h>
#include <readline/readline.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <wchar.h>

#include "screen_text.h"

static int pending_char, char_available, active;
static command_line_handler on_line;
static void *on_line_context;
static command_line_words completion_words_at;
static const char *const *completion_words; /* those of the word being completed */
/* The ':' line's history (0) and the '/' line's (1): readline has one history, so the inactive
 * one is kept aside as a HISTORY_STATE and swapped in when its prompt opens. */
enum { HISTORY_COMMANDS = 0, HISTORY_SEARCH = 1 };
static char history_paths[2][512];
static HISTORY_STATE *history_aside[2];
static int history_current = HISTORY_COMMANDS;
/* The candidates Tab-Tab listed, shown on the line above the prompt until the next key. */
static char candidates[1024];

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
    if (candidates[0]) {
        move(LINES - 2, 0);
        clrtoeol();
        attron(A_BOLD);
        screen_text(LINES - 2, 0, COLS, "%s", candidates);
        attroff(A_BOLD);
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
    candidates[0] = '\0';
    if (line && *line) {
        const char *path = history_paths[history_current];
        add_history(line);
        if (path[0] && append_history(1, path) != 0) write_history(path);
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
    completion_words = completion_words_at ? completion_words_at(rl_line_buffer, start, on_line_context) : NULL;
    return rl_completion_matches(text, complete_word);
}

/* Tab twice with several candidates: readline would print them on rl_outstream (no terminal
 * here); they go on the line above the prompt instead, as many as fit, then how many more. */
static void show_candidates(char **matches, int count, int longest)
{
    (void)longest;
    int used = snprintf(candidates, sizeof candidates, "%d candidates:", count);
    int shown = 0;
    for (int i = 1; i <= count && used > 0 && (size_t)used < sizeof candidates - 1; i++) {
        char more[32];
        snprintf(more, sizeof more, " (+%d more)", count - shown);
        if (used + 1 + (int)strlen(matches[i]) + (int)strlen(more) >= COLS && i < count) {
            snprintf(candidates + used, sizeof candidates - (size_t)used, "%s", more);
            break;
        }
        used += snprintf(candidates + used, sizeof candidates - (size_t)used, " %s", matches[i]);
        shown++;
    }
    rl_forced_update_display();
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

/* Makes which (HISTORY_COMMANDS, HISTORY_SEARCH) readline's history. */
static void history_switch(int which)
{
    if (which == history_current) return;
    free(history_aside[history_current]);
    history_aside[history_current] = history_get_history_state();
    if (history_aside[which]) {
        history_set_history_state(history_aside[which]);
        free(history_aside[which]);
        history_aside[which] = NULL;
    } else {
        HISTORY_STATE empty = {0};
        history_set_history_state(&empty);
    }
    history_current = which;
}

void command_line_setup(const char *history_dir)
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
    rl_completion_display_matches_hook = show_candidates;
    /* an ambiguous Tab lists the candidates at once (after inserting what they share): the list
     * costs nothing here, it takes the line above the prompt */
    rl_variable_bind("show-all-if-ambiguous", "on");
    rl_outstream = fopen("/dev/null", "w");
    using_history();
    if (history_dir && *history_dir) {
        make_directories(history_dir);
        snprintf(history_paths[HISTORY_COMMANDS], sizeof history_paths[0], "%s/history", history_dir);
        snprintf(history_paths[HISTORY_SEARCH], sizeof history_paths[1], "%s/search-history", history_dir);
        history_switch(HISTORY_SEARCH);
        read_history(history_paths[HISTORY_SEARCH]);
        history_switch(HISTORY_COMMANDS);
        read_history(history_paths[HISTORY_COMMANDS]);
    }
}

void command_line_open(const char *prompt, command_line_handler handler, command_line_words words_at, void *context)
{
    history_switch(strcmp(prompt, "/") == 0 ? HISTORY_SEARCH : HISTORY_COMMANDS);
    on_line = handler;
    on_line_context = context;
    completion_words_at = words_at;
    candidates[0] = '\0';
    active = 1;
    rl_callback_handler_install(prompt, readline_line);
}

int command_line_active(void)
{
    return active;
}

/* Hands readline one character. */
static void feed(int c)
{
    pending_char = c;
    char_available = 1;
    rl_callback_read_char();
}

void command_line_key(int key)
{
    if (key != '\t') candidates[0] = '\0';
    switch (key) {
    case 27: { /* Esc alone leaves the line; Esc and a key is a meta (Alt) key: M-b, M-f, M-d … */
        int next = getch();
        /* readline's meta keys are letters, digits, Backspace and a few signs; Esc followed at once
         * by another key (':' typed fast after Esc) leaves the line and that key goes on as typed */
        int meta = next > 0 && next <= 255 && (isalnum(next) || next == 127 || next == 8 || strchr(".<>_-?*#~", next));
        if (!meta) {
            if (next != ERR && next != 27) ungetch(next);
            rl_replace_line("", 0);
            rl_callback_handler_remove();
            active = 0;
            return;
        }
        feed(27);
        if (active) feed(next);
        return;
    }
    case KEY_BACKSPACE: case 127: case 8: feed(127); return;
    case KEY_ENTER: case '\r': feed('\n'); return;
    case KEY_LEFT: rl_backward_char(1, 0); break;
    case KEY_RIGHT: rl_forward_char(1, 0); break;
    case KEY_HOME: rl_beg_of_line(1, 0); break;
    case KEY_END: rl_end_of_line(1, 0); break;
    case KEY_DC: rl_delete(1, 0); break;
    case KEY_UP: rl_get_previous_history(1, 0); break;
    case KEY_DOWN: rl_get_next_history(1, 0); break;
    default:
        if (key <= 255) feed(key); /* other curses keys (F1 …) mean nothing on the line */
        return;
    }
    rl_redisplay();
}

void command_line_redraw(void)
{
    rl_forced_update_display();
}

void command_line_shutdown(void)
{
    if (active) rl_callback_handler_remove();
    active = 0;
    for (int which = 0; which < 2; which++) { /* both histories freed (the one aside too), their arrays with them */
        history_switch(which);
        clear_history();
        HISTORY_STATE *state = history_get_history_state(), empty = {0};
        free(state->entries);
        history_set_history_state(&empty);
        free(state);
    }
    for (int which = 0; which < 2; which++) free(history_aside[which]), history_aside[which] = NULL;
    if (rl_outstream) fclose(rl_outstream);
    rl_outstream = NULL;
}

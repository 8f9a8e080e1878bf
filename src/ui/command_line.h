/* command_line.h — the ':' line: GNU readline in callback mode inside a curses program, which
 * owns the keyboard and hands readline one key at a time. */
#ifndef DRYTEX_COMMAND_LINE_H
#define DRYTEX_COMMAND_LINE_H

typedef void (*command_line_handler)(char *line, void *context); /* line is freed by the caller */

/* The NULL-terminated words that may complete the word at start of line (NULL: none); context is
 * command_line_open's. */
typedef const char *const *(*command_line_words)(const char *line, int start, void *context);

/* Readline set up never to touch the terminal itself; when history_dir is not NULL (created) the
 * ':' line's history is kept in DIR/history and the '/' line's in DIR/search-history. */
void command_line_setup(const char *history_dir);
/* Opens the line with prompt ":" or "/" (each with its own history); completion from the words
 * that words_at gives for the word under the cursor (Tab twice lists them above the line). */
void command_line_open(const char *prompt, command_line_handler handler, command_line_words words_at, void *context);
int command_line_active(void);
/* A curses key while the line is open: Esc alone closes it, Esc and a key is readline's Alt
 * binding (M-b, M-f, M-d …); Home, End, Delete and the arrows edit. */
void command_line_key(int key);
void command_line_redraw(void);       /* after the screen was redrawn */
void command_line_shutdown(void);

#endif

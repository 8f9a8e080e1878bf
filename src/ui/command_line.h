/* command_line.h — the ':' line: GNU readline in callback mode inside a curses program, which
 * owns the keyboard and hands readline one key at a time. */
#ifndef DRYTEX_COMMAND_LINE_H
#define DRYTEX_COMMAND_LINE_H

typedef void (*command_line_handler)(char *line, void *context); /* line is freed by the caller */

/* The NULL-terminated words that may complete the word at start of line (NULL: none). */
typedef const char *const *(*command_line_words)(const char *line, int start);

/* Readline set up never to touch the terminal itself; history in DIR/history when dir is not NULL
 * (created), completion from the words that words_at gives for the word under the cursor. */
void command_line_setup(const char *history_dir, command_line_words words_at);
void command_line_open(const char *prompt, command_line_handler handler, void *context);
int command_line_active(void);
void command_line_key(int key);       /* a curses key while the line is open (Esc closes it) */
void command_line_redraw(void);       /* after the screen was redrawn */
void command_line_shutdown(void);

#endif

/* terminal_check.c — the terminal's description asked before initscr, which on a terminal it does
 * not know exits the program with its own message, and on TERM=dumb draws garbage. Kept apart:
 * term.h defines macros (lines, columns, …) that would clash with the explorer's names. */
#include "terminal_check.h"

#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <term.h>
#include <unistd.h>

int terminal_check_cursor(char *reason, size_t size)
{
    const char *term = getenv("TERM");
    int status = 0;
    if (!term || !*term) {
        snprintf(reason, size, "TERM is not set");
        return 0;
    }
    if (setupterm(NULL, STDOUT_FILENO, &status) != OK) {
        snprintf(reason, size, "the terminal type TERM=%s is unknown here", term);
        return 0;
    }
    char *cup = tigetstr("cup");
    int moves = cup && cup != (char *)-1;
    del_curterm(cur_term); /* initscr reads it anew */
    cur_term = NULL;
    if (!moves) snprintf(reason, size, "TERM=%s cannot place the cursor", term);
    return moves;
}

/* terminal_check.h — can this terminal show the explorer? Asked before curses takes it over. */
#ifndef DRYTEX_TERMINAL_CHECK_H
#define DRYTEX_TERMINAL_CHECK_H

#include <stddef.h>

/* 1 when $TERM is known and can place the cursor; else 0 with why in reason (e.g. TERM=dumb). */
int terminal_check_cursor(char *reason, size_t size);

#endif

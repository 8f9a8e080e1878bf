/* explorer_help.h — the explorer's full screens of text: the help (what the screen shows, in
 * words, then the keys and commands from the command table) and the message log; both scroll
 * when longer than the screen. */
#ifndef DRYTEX_EXPLORER_HELP_H
#define DRYTEX_EXPLORER_HELP_H

#include "explorer_state.h"

void explorer_help_draw(explorer *e);

/* One entry of a screen of text at line *y (once past the first *skip lines, not below line
 * last): the label in a column of indent characters, the text wrapped at blanks to the screen's
 * width with its continuation lines under its start. Returns the lines the entry takes. */
int explorer_text_entry(int *y, int *skip, int last, const char *label, int indent, const char *text);
void explorer_messages_draw(explorer *e);

#endif

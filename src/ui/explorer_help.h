/* explorer_help.h — the explorer's full screens of text: the help (what the screen shows, in
 * words, then the keys and commands from the command table) and the message log; both scroll
 * when longer than the screen. */
#ifndef DRYTEX_EXPLORER_HELP_H
#define DRYTEX_EXPLORER_HELP_H

#include "explorer_state.h"

void explorer_help_draw(explorer *e);
void explorer_messages_draw(explorer *e);

#endif

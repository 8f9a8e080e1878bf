/* explorer_view_commands.h — the commands of what the map shows and how, for the command table
 * (explorer_commands.c): the scale, the colour map and range, the day shown, the tour. */
#ifndef DRYTEX_EXPLORER_VIEW_COMMANDS_H
#define DRYTEX_EXPLORER_VIEW_COMMANDS_H

#include "explorer_state.h"

void explorer_command_zoom(explorer *e, int argc, char **argv);    /* :zoom in|out|N */
void explorer_command_magnify(explorer *e, int argc, char **argv); /* :magnify 1|2|4|8 */
void explorer_command_colours(explorer *e, int argc, char **argv); /* :colours NAME */
void explorer_command_range(explorer *e, int argc, char **argv);   /* :range MIN MAX | auto */
void explorer_command_day(explorer *e, int argc, char **argv);     /* :day DATE | first | last | mean */
void explorer_command_tour(explorer *e, int argc, char **argv);    /* :tour */

#endif

/* explorer_tour.h — :tour, a walk through the selected cell's pipeline one step a screen, with
 * the cell's own numbers: its series, a drydown and its fit, θw and θc, the baseline texture
 * through the PTF, the SCE-UA search and the optimised texture, the class. For a class: each
 * step says what the numbers mean. */
#ifndef DRYTEX_EXPLORER_TOUR_H
#define DRYTEX_EXPLORER_TOUR_H

#include "explorer_state.h"

/* Starts the tour at its first step (e->tour_step = 1). */
void explorer_tour_start(explorer *e);

/* A key while the tour is shown: → l n space Enter the next step, ← h p Backspace the previous,
 * q Esc (or → after the last step) end it. */
void explorer_tour_key(explorer *e, int key);

/* The tour's current step, filling the screen. */
void explorer_tour_draw(explorer *e);

#endif

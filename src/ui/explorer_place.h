/* explorer_place.h — a place as typed after :goto or /: latitude and longitude (the default
 * reading: "35,101" is 35°N 101°E), or a cell by its row and column ("cell 18,24"). */
#ifndef DRYTEX_EXPLORER_PLACE_H
#define DRYTEX_EXPLORER_PLACE_H

#include <stddef.h>

typedef struct {
    int is_cell;          /* 1: row, col; 0: lat, lon */
    double lat, lon;      /* [degrees] north, east */
    size_t row, col;
} explorer_place;

/* Reads "35.5,101.2", "35.5, 101.2", "35.5 101.2", "35.5N 101.2E", "35.5S 101.2W" (hemisphere
 * letters may come in either order, ° is ignored) and "cell 18,24" / "cell 18 24". Returns 1, or
 * 0 with why in why. */
int explorer_place_parse(const char *text, explorer_place *place, char *why, size_t size);

#endif

/* explorer_place.c — places as typed (explorer_place.h). Two whole numbers used to be a row and a
 * column, so ":goto 35,101" — which every user means as 35°N 101°E — went to row 35; a cell is now
 * asked for by name ("cell 18,24") and every pair of numbers is a latitude and a longitude. */
#include "explorer_place.h"

#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static const char usage[] = "give LAT,LON (35.5,101.2 or 35.5N 101.2E) or cell ROW,COL";

/* The text with commas as blanks and the degree sign gone, in a buffer of size bytes. */
static void normalise(const char *text, char *out, size_t size)
{
    size_t o = 0;
    for (const char *p = text; *p && o + 1 < size; p++) {
        if (strncmp(p, "°", strlen("°")) == 0) {
            p += strlen("°") - 1;
            continue;
        }
        out[o++] = *p == ',' ? ' ' : *p;
    }
    out[o] = '\0';
}

static int parse_cell(const char *text, explorer_place *place, char *why, size_t size)
{
    char *end;
    long row = strtol(text, &end, 10);
    if (end == text || row < 0) goto wrong;
    text = end;
    long col = strtol(text, &end, 10);
    if (end == text || col < 0 || strspn(end, " \t") != strlen(end)) goto wrong;
    place->is_cell = 1, place->row = (size_t)row, place->col = (size_t)col;
    return 1;
wrong:
    snprintf(why, size, "give cell ROW,COL: two whole numbers from 0");
    return 0;
}

int explorer_place_parse(const char *original, explorer_place *place, char *why, size_t size)
{
    char text[256];
    normalise(original, text, sizeof text);
    const char *p = text + strspn(text, " \t");
    memset(place, 0, sizeof *place);
    if (strncasecmp(p, "cell", 4) == 0) return parse_cell(p + 4, place, why, size);
    double value[2];
    char hemisphere[2] = {0, 0};
    int n = 0;
    while (*(p += strspn(p, " \t"))) {
        char *end;
        double v = strtod(p, &end);
        if (end == p || n == 2 || !isfinite(v)) {
            snprintf(why, size, "%s", usage);
            return 0;
        }
        p = end + strspn(end, " \t");
        char letter = (char)toupper((unsigned char)*p);
        if (letter == 'N' || letter == 'S' || letter == 'E' || letter == 'W') {
            if (v < 0) {
                snprintf(why, size, "a hemisphere letter goes with a positive number (35.5S, not -35.5S)");
                return 0;
            }
            hemisphere[n] = letter;
            p++;
            if (isalnum((unsigned char)*p) || *p == '.') {
                snprintf(why, size, "%s", usage);
                return 0;
            }
        }
        value[n++] = v;
    }
    if (n != 2) {
        snprintf(why, size, "%s", usage);
        return 0;
    }
    int lat_index = 0; /* LAT,LON unless the letters say otherwise */
    int first_is_lon = hemisphere[0] == 'E' || hemisphere[0] == 'W', second_is_lat = hemisphere[1] == 'N' || hemisphere[1] == 'S';
    if (first_is_lon || second_is_lat) lat_index = 1;
    int lon_index = 1 - lat_index;
    char lat_letter = hemisphere[lat_index], lon_letter = hemisphere[lon_index];
    if ((lat_letter && lat_letter != 'N' && lat_letter != 'S') || (lon_letter && lon_letter != 'E' && lon_letter != 'W')) {
        snprintf(why, size, "one latitude (N or S) and one longitude (E or W), please");
        return 0;
    }
    place->lat = lat_letter == 'S' ? -value[lat_index] : value[lat_index];
    place->lon = lon_letter == 'W' ? -value[lon_index] : value[lon_index];
    if (fabs(place->lat) > 90) {
        snprintf(why, size, "latitude %g is beyond 90 (a row and a column: cell %s)", place->lat, original);
        return 0;
    }
    if (place->lon < -180 || place->lon > 360) {
        snprintf(why, size, "longitude %g is beyond -180 … 360", place->lon);
        return 0;
    }
    return 1;
}

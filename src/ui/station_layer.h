/* station_layer.h — in-situ stations in the explorer: read as `simulate --stations` reads them (a
 * CSV station,lat,lon,date,sm or ISMN data, stations.h), placed on the grid's cells; markers on the
 * map with a key in the title line, the station's series beside the satellite's on the plot, its
 * name, depth and agreement with the satellite in the cell panel, and `:station NAME` to go to one.
 * Every hook does nothing when the explorer has no stations. */
#ifndef DRYTEX_STATION_LAYER_H
#define DRYTEX_STATION_LAYER_H

#include "explorer_state.h"
#include "ismn.h"
#include "station_plot.h"
#include "status.h"

typedef struct station_layer station_layer;

/* Reads path with the ISMN options (NULL: defaults); *skipped (may be NULL) counts the ISMN
 * stations left out (no layer within the depth, no day of enough kept hours). */
int station_layer_open(station_layer **out, const char *path, const ismn_options *options, size_t *skipped,
                       dt_error *err);
void station_layer_free(station_layer *layer);
size_t station_layer_count(const station_layer *layer);
const char *station_layer_path(const station_layer *layer); /* NULL for NULL */

/* The station glyph at the stations' cells of the map (explorer_draw.c's draw_map, after the
 * map): ▲ in the selected-cell marker's colours (the selected cell keeps its ◆), or S (ASCII and
 * mono maps, in reverse video where it is the selected cell). */
void station_layer_draw_map(explorer *e);
/* Its key, right-aligned on the title line when there is room: "▲ station: 1 on the map, 2 outside". */
void station_layer_draw_key(explorer *e);
/* In the cell panel at line *y (advanced), column x, width columns: the station(s) of the selected
 * cell, and their agreement with its satellite series (R, ubRMSE, bias, common days). */
void station_layer_draw_panel(explorer *e, int *y, int x, int width);
/* The selected cell's station series for the series plot, or NULL. */
const station_plot_series *station_layer_plot(explorer *e);

/* :station [NAME…] — go to the station whose name holds every word (case-insensitive); without a
 * name, list them. */
void station_layer_command(explorer *e, int argc, char **argv);
/* The words of the stations' names, for completion after "station ". */
const char *const *station_layer_words(const explorer *e);

#endif

/* explorer_tour.c — :tour (explorer_tour.h): the selected cell's pipeline step by step, in words
 * and with its own numbers (science.md §1–§3). Each step is a screen of wrapped text; a step
 * longer than the screen is cut at its last whole line (80 × 24 shows every step whole). */
#include "explorer_tour.h"

#include <curses.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "calendar.h"
#include "explorer_help.h"
#include "screen_text.h"

enum { STEPS = 7, TEXT = 1024 };

void explorer_tour_start(explorer *e)
{
    e->tour_step = 1;
}

void explorer_tour_key(explorer *e, int key)
{
    switch (key) {
    case KEY_RIGHT: case 'l': case 'n': case ' ': case '\n': case KEY_ENTER:
        e->tour_step = e->tour_step < STEPS ? e->tour_step + 1 : 0;
        break;
    case KEY_LEFT: case 'h': case 'p': case KEY_BACKSPACE: case 127:
        if (e->tour_step > 1) e->tour_step--;
        break;
    case 'q': case 27:
        e->tour_step = 0;
        break;
    default: break;
    }
}

/* "2019-06-03" of a day of the cell's series */
static void date_of(const cell_report *r, size_t day, char *out, size_t size)
{
    int year, month, mday;
    calendar_civil_from_days(r->first_day + (long)day, &year, &month, &mday);
    snprintf(out, size, "%04d-%02d-%02d", year, month, mday);
}

/* The kept drydown with the most observations, or NULL. */
static const drydown_event *example_event(const drydown_result *d)
{
    const drydown_event *best = NULL;
    for (size_t i = 0; i < d->count; i++)
        if (d->events[i].drop == DRYDOWN_KEPT && (!best || d->events[i].points > best->points)) best = &d->events[i];
    return best;
}

/* What SCE-UA's stop reason means. */
static const char *stop_meaning(sceua_stop stop)
{
    switch (stop) {
    case SCEUA_STOP_MAX_EVALUATIONS: return "the budget of evaluations ran out (:set evaluations N gives it more)";
    case SCEUA_STOP_NO_IMPROVEMENT: return "the best cost improved by less than 1 % over the last 5 loops: it has converged";
    case SCEUA_STOP_PARAMETER_CONVERGED: return "the population of candidate textures shrank to a point: it has converged";
    default: return "";
    }
}

/* The step's title and text (paragraphs separated by '\n'). */
static void step_text(const explorer *e, int step, char *title, size_t title_size, char *text, size_t size)
{
    const cell_report *r = &e->report;
    const drydown_result *d = &r->drydowns;
    const calib_result *c = &r->calibration;
    double lat = r->lat, lon = r->lon;
    char first[16], last[16];
    switch (step) {
    case 1:
        snprintf(title, title_size, "The satellite's series");
        date_of(r, 0, first, sizeof first);
        date_of(r, r->ndays ? r->ndays - 1 : 0, last, sizeof last);
        snprintf(text, size,
                 "Cell %zu, %zu (%.3f°%c %.3f°%c). The satellite measured the soil moisture θ of the top few "
                 "centimetres [m3 m-3: water per volume of soil] on %zu of the %zu days from %s to %s; its mean is "
                 "%.3f.\nThe other days have no value: no overpass, frozen soil or dense vegetation. The plot under "
                 "the map shows one calendar year of this series ([ and ] change the year).",
                 r->row, r->col, fabs(lat), lat < 0 ? 'S' : 'N', fabs(lon), lon < 0 ? 'W' : 'E', d->valid, r->ndays, first, last,
                 d->mean_sm);
        break;
    case 2: {
        snprintf(title, title_size, "Drydowns");
        size_t dropped[DRYDOWN_DROP_COUNT] = {0};
        for (size_t i = 0; i < d->count; i++) dropped[d->events[i].drop]++;
        int n = snprintf(text, size,
                         "After rain the soil dries out: a drydown is a run of days in which θ keeps falling. This cell "
                         "has %zu; %zu are kept by the rules of the preset '%s' (:set preset). Dropped: %zu too short, "
                         "%zu fitted poorly, %zu with too small a range, %zu flat.",
                         d->count, d->kept, e->preset[0] ? e->preset : "seed", dropped[DRYDOWN_TOO_SHORT], dropped[DRYDOWN_POOR_FIT],
                         dropped[DRYDOWN_SMALL_RANGE], dropped[DRYDOWN_FLAT]);
        const drydown_event *ev = example_event(d);
        if (ev && n > 0 && (size_t)n < size) {
            date_of(r, ev->start, first, sizeof first);
            snprintf(text + n, size - (size_t)n, "\nThe longest kept one starts on %s: %zu observations over %zu days, from "
                     "θ %.3f down to %.3f.", first, ev->points, ev->end - ev->start + 1, ev->theta_c,
                     drydown_event_value(ev, (double)(ev->end - ev->start)));
        }
        break;
    }
    case 3: {
        snprintf(title, title_size, "Fitting a drydown");
        const drydown_event *ev = example_event(d);
        if (!ev) {
            snprintf(text, size, "This cell has no kept drydown, so there is nothing to fit: θw and θc stay unknown (a "
                                 "cell that is always wet or never observed). Move to another cell and start :tour again.");
            break;
        }
        snprintf(text, size,
                 "Each kept drydown is fitted with θ(t) = Δθ·exp(−t/τ) + θw: it falls fast at first, then levels off "
                 "towards θw.\nThe longest one: Δθ %.3f, τ %.1f days (the e-folding time: after τ days the excess over "
                 "θw is down to 37 %%), θw %.3f, R² %.2f (1 is a perfect fit).\nIts first value, %.3f, is its θc: the "
                 "wettest the soil stays once the rain has drained.",
                 ev->delta, ev->tau, ev->theta_w, ev->r2, ev->theta_c);
        break;
    }
    case 4:
        snprintf(title, title_size, "The cell's θw and θc");
        snprintf(text, size,
                 "Over its %zu kept drydowns the cell's wilting point θw is their median, %.3f (IQR %.3f–%.3f), and its "
                 "critical point θc %.3f (IQR %.3f–%.3f); the median τ is %.1f days.\nIQR, the inter-quartile range: "
                 "half of the drydowns lie between these two values. A wide IQR is an uncertain threshold.\nθw is "
                 "where plants can take no more water; θc where evaporation starts to be limited by the soil.",
                 d->kept, d->theta_w, d->theta_w_q25, d->theta_w_q75, d->theta_c, d->theta_c_q25, d->theta_c_q75, d->tau);
        break;
    case 5:
        snprintf(title, title_size, "The soil map's texture");
        if (!r->has_soil) {
            snprintf(text, size, "No baseline soil map is open (--soil), so the tour stops here: the texture steps need "
                                 "sand, clay and SOC.");
            break;
        }
        snprintf(text, size,
                 "The soil map says this cell is %.1f %% sand, %.1f %% clay and %.2f %% organic carbon (SOC): %s.\nA "
                 "pedotransfer function (PTF, here %s; :set ptf) turns a texture into its wilting point θwlt = %.3f "
                 "(water held at 1500 kPa) and reference point θref = %.3f (at 33 kPa, field capacity).\nAgainst the "
                 "satellite: θwlt − θw = %+.3f and θref − θc = %+.3f. The calibration makes these small.",
                 r->target.baseline[0], r->target.baseline[1], r->target.baseline[2], texture_class_name(r->class_before),
                 ptf_name(e->inputs.calib.ptf.scheme), c->wlt_before, c->ref_before, c->wlt_before - d->theta_w,
                 c->ref_before - d->theta_c);
        break;
    case 6:
        snprintf(title, title_size, "Calibrating the texture");
        if (!r->has_soil || !c->sceua.evaluations) {
            snprintf(text, size, "There is no calibration for this cell (%s).", r->has_soil ? calib_status_name(c->status) : "no soil map");
            break;
        }
        snprintf(text, size,
                 "SCE-UA (Duan et al. 1992) searched sand, clay and SOC near the soil map's values for the texture "
                 "whose θwlt and θref meet θw and θc (the %s cost). It tried %ld textures in %d loops and stopped "
                 "with \"%s\": %s.\nThe optimised texture: %.1f %% sand, %.1f %% clay, %.2f %% SOC, giving θwlt %.3f and "
                 "θref %.3f (status: %s). Tab shows the search on the texture triangle and the SCE-UA panel.",
                 calib_cost_name(e->inputs.calib.cost), c->sceua.evaluations, c->sceua.loops, sceua_stop_name(c->sceua.stop),
                 stop_meaning(c->sceua.stop), c->optimised[0], c->optimised[1], c->optimised[2], c->wlt_after, c->ref_after,
                 calib_status_name(c->status));
        break;
    default:
        snprintf(title, title_size, "What changed");
        if (!r->has_soil || !c->sceua.evaluations) {
            snprintf(text, size, "Nothing changed: this cell has no calibration. :calibrate all calibrates every cell in "
                                 "the background and gives the optimised_… and …_change layers.");
            break;
        }
        snprintf(text, size,
                 "Optimised minus baseline: sand %+.1f, clay %+.1f, SOC %+.2f percentage points; the class goes from %s to "
                 "%s.\nWith a forcing, the Noah-MP panel (Tab) runs the land model with both textures and shows whose "
                 "soil moisture is closer to the satellite's. :calibrate all does this step for every cell; the "
                 "sand_change and clay_change layers then map it.",
                 c->optimised[0] - r->target.baseline[0], c->optimised[1] - r->target.baseline[1],
                 c->optimised[2] - r->target.baseline[2], texture_class_name(r->class_before), texture_class_name(r->class_after));
        break;
    }
}

void explorer_tour_draw(explorer *e)
{
    erase();
    char title[80], text[TEXT], heading[128];
    if (!e->report_ok) {
        snprintf(title, sizeof title, "This cell");
        snprintf(text, sizeof text, "The cell could not be run: %s", e->report_error);
    } else {
        step_text(e, e->tour_step, title, sizeof title, text, sizeof text);
    }
    snprintf(heading, sizeof heading, "Tour of cell %zu, %zu — step %d of %d: %s", e->row, e->col, e->tour_step, STEPS, title);
    int y = 1, skip = 0, last = LINES - 3;
    attron(A_BOLD);
    explorer_text_entry(&y, &skip, last, "", 0, heading);
    attroff(A_BOLD);
    y++;
    for (char *save = NULL, *paragraph = strtok_r(text, "\n", &save); paragraph; paragraph = strtok_r(NULL, "\n", &save)) {
        explorer_text_entry(&y, &skip, last, "", 0, paragraph);
        y++;
    }
    attron(A_REVERSE);
    screen_text(LINES - 1, 0, COLS, " %s ", e->tour_step < STEPS ? "→ n space: next   ← p: back   q: end the tour"
                                                                  : "→ n space: end the tour   ← p: back");
    attroff(A_REVERSE);
}

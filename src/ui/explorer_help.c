/* explorer_help.c — the help and the message log (explorer_help.h). The help starts with what
 * the screen shows, in words a newcomer can follow (θw, θc, τ, IQR, the PTF thresholds, SCE-UA's
 * stop reasons), then lists every key and the commands of the command table. */
#include "explorer_help.h"

#include <curses.h>
#include <stdio.h>
#include <string.h>

#include "screen_text.h"

/* One help entry at screen line *y (once past the first `skip` lines, below line `last`): the
 * label in a column of `indent` characters, the text wrapped at blanks to the screen's width with
 * its continuation lines under its start. Returns the lines the entry takes. */
int explorer_text_entry(int *y, int *skip, int last, const char *label, int indent, const char *text)
{
    int width = COLS - 3 - indent, lines = 0;
    if (width < 10) width = 10;
    const char *rest = text;
    do {
        int n = (int)strlen(rest), columns = screen_text_columns(rest);
        if (columns > width) { /* cut at the last blank that leaves at most width columns */
            char piece[512];
            n = 0;
            for (int i = 0; rest[i] && i < (int)sizeof piece - 1; i++) {
                if (rest[i] == ' ') {
                    snprintf(piece, sizeof piece, "%.*s", i, rest);
                    if (screen_text_columns(piece) > width) break;
                    n = i;
                }
            }
            if (n == 0) n = (int)strlen(rest); /* no blank: cut at the edge */
        }
        if (*skip > 0) {
            (*skip)--;
        } else if (*y <= last) {
            screen_text(*y, 2, COLS - 3, "%-*s%.*s", indent, lines ? "" : label, n, rest);
            (*y)++;
        }
        lines++;
        rest += n;
        while (*rest == ' ') rest++;
    } while (*rest);
    return lines;
}

/* What the screen shows, in words (science.md §1–§3; sceua.h for the stop reasons). */
static const char *const screen_words[][2] = {
    {"map", "the layer named on the line under it, one colour a range of values (the key beside "
            "it); a dot is a cell without a value; arrows at an edge: the map goes on that way"},
    {"drydown", "a run of days in which the satellite's soil moisture keeps falling after rain; "
                "each is fitted with θ(t) = Δθ·exp(−t/τ) + θw"},
    {"θw", "wilting point [m3 m-3]: the level a drydown falls towards, where plants can take no "
           "more water; the cell's θw is the median over its kept drydowns"},
    {"θc", "critical point [m3 m-3]: where a drydown starts, the wettest the soil stays once "
           "drainage has stopped; the median of the drydowns' first values"},
    {"τ", "the drydowns' e-folding time in days: a small τ dries fast"},
    {"IQR", "inter-quartile range: half of the cell's drydowns lie between these two values; a "
            "wide IQR is an uncertain θw or θc"},
    {"θwlt θref", "the wilting point and reference (field-capacity) point that a pedotransfer "
                  "function (PTF, :set ptf) computes from sand, clay and SOC; calibration moves "
                  "the texture until θwlt meets θw and θref meets θc"},
    {"SCE-UA", "the optimiser that searches the texture (Duan et al. 1992). It stops at "
               "\"maximum evaluations\" (the budget, :set evaluations, ran out), \"no improvement\" "
               "(the best cost moved by less than 1 % over 5 loops: converged) or \"parameters "
               "converged\" (the population shrank to a point)"},
    {"B O", "baseline (the soil map's texture) and optimised (after calibration): orange, solid "
            "and blue, dashed, so they read apart without colour"},
    {"plot", "the cell's series for one calendar year (months along the bottom, θ at the left), "
             "its fitted drydowns and the θw and θc lines; its θ axis spans all years"},
};

/* A scrolled page of total lines on lines 1 … LINES − 2: its first line kept so that the page is
 * full, and whether more lies below. */
static void keep_in_view(int *top, int *more_below, int total)
{
    int shown = LINES - 2;
    if (*top > total - shown) *top = total - shown > 0 ? total - shown : 0;
    *more_below = *top + shown < total;
}

/* The keys and commands, one a line, wrapped to the screen's width; longer than the screen, it
 * scrolls (↓ j space, ↑ k; explorer.c) from e->help_top, and the last line says so. */
void explorer_help_draw(explorer *e)
{
    static const char *const keys[][2] = {
        {"arrows, h j k l", "move one cell (H J K L: ten cells)"},
        {":", "command line (Esc leaves it)"},
        {"/", "go to LAT,LON (35,101 is 35°N 101°E; 35.5N 101.2E) or cell ROW,COL"},
        {"[ ]", "the series plot a calendar year back / on (the θ axis is the whole record's)"},
        {", . < >", "the cube's days as maps: a day back / on, a month back / on (:day mean: back to the mean)"},
        {"Tab", "panels: text, texture triangle, SCE-UA, Noah-MP, θw estimator"},
        {"y", "copy the cell's values (OSC 52)"},
        {"mouse click", "select the cell"},
        {"m", "mouse on/off (off: the terminal selects text)"},
        {"- +", "zoom out / in (means of 2×2, 4×4, … cells)"},
        {"?", "this help: ↓ j space scroll, ↑ k back, any other key closes"},
        {"Ctrl-L", "redraw"},
        {"q", "quit (asks while jobs run)"},
    };
    erase();
    for (int pass = 0; pass < 2; pass++) { /* the first pass counts the lines, the second draws */
        int y = 1, skip = pass ? e->help_top : 1 << 30, last = LINES - 2, total = 0;
        attron(A_BOLD);
        total += explorer_text_entry(&y, &skip, last, "", 0, "drytex explorer — what the screen shows");
        attroff(A_BOLD);
        for (size_t i = 0; i < sizeof screen_words / sizeof *screen_words; i++)
            total += explorer_text_entry(&y, &skip, last, screen_words[i][0], 12, screen_words[i][1]);
        total += explorer_text_entry(&y, &skip, last, "", 0, " ");
        attron(A_BOLD);
        total += explorer_text_entry(&y, &skip, last, "", 0, "keys");
        attroff(A_BOLD);
        for (size_t i = 0; i < sizeof keys / sizeof *keys; i++) total += explorer_text_entry(&y, &skip, last, keys[i][0], 18, keys[i][1]);
        total += explorer_text_entry(&y, &skip, last, "", 0, " ");
        attron(A_BOLD);
        total += explorer_text_entry(&y, &skip, last, "", 0, "commands");
        attroff(A_BOLD);
        char label[64];
        int narrow = COLS < 70, indent = narrow ? 4 : 28; /* narrow: each summary under its command */
        for (const explorer_command_entry *c = explorer_commands(); c->name; c++) {
            if (!c->arguments) continue; /* an alias */
            snprintf(label, sizeof label, ":%s %s", c->name, c->arguments);
            if (narrow || screen_text_columns(label) > 26) { /* a long synopsis on a line of its own */
                total += explorer_text_entry(&y, &skip, last, "", 0, label);
                total += explorer_text_entry(&y, &skip, last, "", indent, c->summary);
            } else {
                total += explorer_text_entry(&y, &skip, last, label, indent, c->summary);
            }
        }
        if (narrow) total += explorer_text_entry(&y, &skip, last, "", 0, ":set values");
        total += explorer_text_entry(&y, &skip, last, narrow ? "" : ":set values", indent, "ptf sr06|sr06-noahmp|ch78, preset seed|mccoll2017|araki, cost seed|regularised, "
                            "evaluations N (the cell re-runs at once); threads N (jobs started later; 0 = all cores); "
                            "theme color|light|mono (light: black on white for projectors; mono: no colours, a density ramp .:-=+*#%@ with its legend)");
        if (!pass) keep_in_view(&e->help_top, &e->help_bottom, total);
    }
    if (e->help_bottom || e->help_top) {
        attron(A_REVERSE);
        screen_text(LINES - 1, 0, COLS, " %s ", e->help_bottom ? "more: ↓ j space (↑ k back), any other key closes"
                                                                  : "end: ↑ k back, any other key closes");
        attroff(A_REVERSE);
    }
}

/* :messages — the log, oldest first, each message wrapped whole; it opens at its end. */
void explorer_messages_draw(explorer *e)
{
    erase();
    for (int pass = 0; pass < 2; pass++) { /* the first pass counts the lines, the second draws */
        int y = 1, skip = pass ? e->messages_top : 1 << 30, last = LINES - 2, total = 0;
        attron(A_BOLD);
        total += explorer_text_entry(&y, &skip, last, "", 0, "messages (oldest first)");
        attroff(A_BOLD);
        size_t count = message_log_count(&e->log);
        if (!count) total += explorer_text_entry(&y, &skip, last, "", 0, "no messages yet");
        for (size_t i = 0; i < count; i++) total += explorer_text_entry(&y, &skip, last, "", 9, message_log_get(&e->log, i));
        if (!pass) keep_in_view(&e->messages_top, &e->messages_bottom, total);
    }
    attron(A_REVERSE);
    screen_text(LINES - 1, 0, COLS, " %s ", e->messages_bottom || e->messages_top ? "↓ j space, ↑ k scroll; any other key closes" : "any key closes");
    attroff(A_REVERSE);
}


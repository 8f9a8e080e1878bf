/* cmd-ptf.c — `drytex ptf --ptf P`: CSV sand,clay,soc on stdin → the hydraulic set as CSV. */
#include <ctype.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "ptf.h"
#include "texture_class.h"

static const char help_text[] =
    "Reads lines 'sand,clay,soc' (percent by weight; soc may be omitted for PTFs without it; a\n"
    "header line and lines starting with '#' are skipped) and writes, per line, the hydraulic set:\n"
    "sand,clay,soc,class,theta_s,theta_ref,theta_wlt,theta_dry,b,psi_s,k_s,d_sat,quartz\n"
    "(m3 m-3; psi_s in m; k_s in m s-1; d_sat in m2 s-1; class is the USDA texture class).\n\n"
    "Options:\n"
    "  -p, --ptf P          sr06 (Saxton & Rawls 2006, default), sr06-noahmp (with Noah-MP's\n"
    "                       clamps), ch78 (Clapp & Hornberger 1978 / Cosby et al. 1984),\n"
    "                       noah-table (USDA class → Noah-MP SOILPARM row)\n"
    "      --om-factor F    organic matter = F × SOC (default 1.724, van Bemmelen)\n";

static int is_blank_or_comment(const char *line)
{
    while (isspace((unsigned char)*line)) line++;
    return *line == '\0' || *line == '#';
}

static int parse_line(const char *line, double values[3], int *count)
{
    char *end;
    const char *p = line;
    *count = 0;
    while (*count < 3) {
        while (*p == ' ' || *p == '\t') p++;
        values[*count] = strtod(p, &end);
        if (end == p) return -1;
        (*count)++;
        p = end;
        while (*p == ' ' || *p == '\t') p++;
        if (*p == ',' || *p == ';') p++;
        else break;
    }
    while (isspace((unsigned char)*p)) p++;
    return *p == '\0' ? 0 : -1;
}

static void print_row(double sand, double clay, double soc, const ptf_hydraulics *h)
{
    printf("%g,%g,%g,%s,%.6f,%.6f,%.6f,%.6f,%.6f,%.6g,%.6g,%.6g,%.4f\n", sand, clay, soc,
           texture_class_short_name(texture_classify(sand, clay)), h->theta_s, h->theta_ref,
           h->theta_wlt, h->theta_dry, h->b, h->psi_s, h->k_s, h->d_sat, h->quartz);
}

/* The start of a bad line for a message: at most 80 bytes, control bytes (ESC among them, which
 * would drive the user's terminal) shown as \xHH, the rest as it is. */
static void quote_line(const char *line, size_t length, char *out, size_t size)
{
    size_t used = 0, shown = 0;
    for (; shown < length && shown < 80 && used + 5 < size; shown++) {
        unsigned char c = (unsigned char)line[shown];
        if (c == '\r' || c == '\n') break;
        if (c < 0x20 || c == 0x7f) used += (size_t)snprintf(out + used, size - used, "\\x%02x", c);
        else out[used++] = (char)c;
    }
    out[used] = '\0';
    if (shown < length && line[shown] != '\r' && line[shown] != '\n' && used + 4 < size) strcat(out, "…");
}

static void bad_line(size_t number, const char *line, size_t length, const char *why)
{
    char quoted[512];
    quote_line(line, length, quoted, sizeof quoted);
    fprintf(stderr, "drytex: stdin: line %zu: '%s' %s\n", number, quoted, why);
}

static int convert(const ptf_options *options)
{
    char *line = NULL; /* whole lines of any length: a fixed buffer split long ones into two */
    size_t capacity = 0, number = 0;
    int status = EXIT_OK, header_allowed = 1;
    ssize_t length;
    printf("sand,clay,soc,class,theta_s,theta_ref,theta_wlt,theta_dry,b,psi_s,k_s,d_sat,quartz\n");
    while ((length = getline(&line, &capacity, stdin)) != -1) {
        number++;
        char *text = line;
        if (number == 1 && length >= 3 && memcmp(line, "\xef\xbb\xbf", 3) == 0) { /* a UTF-8 BOM (spreadsheets write one) */
            text += 3;
            length -= 3;
        }
        if (memchr(text, '\0', (size_t)length)) { /* the parser would stop there and take a part for the line */
            bad_line(number, text, (size_t)length, "holds a NUL byte");
            status = EXIT_RUNTIME;
            continue;
        }
        if (is_blank_or_comment(text)) continue;
        double v[3] = {0, 0, 0};
        int count;
        if (parse_line(text, v, &count) != 0 || count < 2) {
            if (header_allowed && isalpha((unsigned char)text[0])) {
                header_allowed = 0;
                continue;
            }
            bad_line(number, text, (size_t)length, "is not 'sand,clay[,soc]'");
            status = EXIT_RUNTIME;
            continue;
        }
        header_allowed = 0;
        ptf_hydraulics h;
        dt_error err;
        if (ptf_eval(options, v[0], v[1], v[2], &h, &err) != DT_OK) {
            fprintf(stderr, "drytex: stdin: line %zu: %s\n", number, err.text);
            status = EXIT_RUNTIME;
            continue;
        }
        print_row(v[0], v[1], v[2], &h);
    }
    if (ferror(stdin)) {
        fprintf(stderr, "drytex: stdin: read failed after line %zu\n", number);
        status = EXIT_RUNTIME;
    }
    free(line);
    return status;
}

int cmd_ptf(int argc, char **argv)
{
    static const struct option long_options[] = {
        {"ptf", required_argument, NULL, 'p'}, {"om-factor", required_argument, NULL, 'o'},
        {"help", no_argument, NULL, 'h'},      {"version", no_argument, NULL, 'V'},
        {NULL, 0, NULL, 0}};
    ptf_options options;
    ptf_default_options(&options);
    dt_error err;
    int option;
    optind = 1;
    while ((option = getopt_long(argc, argv, "p:h", long_options, NULL)) != -1) {
        switch (option) {
        case 'p':
            if (ptf_parse_name(optarg, &options.scheme, &err) != DT_OK)
                return cmd_usage_error("ptf", "--ptf: %s", err.text);
            break;
        case 'o':
            if (cmd_parse_double(optarg, &options.om_factor) != DT_OK || options.om_factor <= 0)
                return cmd_usage_error("ptf", "--om-factor: '%s' is not a positive number", optarg);
            break;
        case 'h': cmd_print_help("ptf", help_text); return EXIT_OK;
        case 'V': cmd_print_version(); return EXIT_OK;
        default: return cmd_usage_error("ptf", "unknown option");
        }
    }
    if (optind < argc) return cmd_usage_error("ptf", "unexpected argument '%s' (the input is stdin)", argv[optind]);
    return convert(&options);
}

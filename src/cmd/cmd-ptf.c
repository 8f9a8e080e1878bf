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

static int convert(const ptf_options *options)
{
    char *line = NULL; /* whole lines of any length: a fixed buffer split long ones into two */
    size_t capacity = 0, number = 0;
    int status = EXIT_OK, header_allowed = 1;
    printf("sand,clay,soc,class,theta_s,theta_ref,theta_wlt,theta_dry,b,psi_s,k_s,d_sat,quartz\n");
    while (getline(&line, &capacity, stdin) != -1) {
        number++;
        if (is_blank_or_comment(line)) continue;
        double v[3] = {0, 0, 0};
        int count;
        if (parse_line(line, v, &count) != 0 || count < 2) {
            if (header_allowed && isalpha((unsigned char)line[0])) {
                header_allowed = 0;
                continue;
            }
            line[strcspn(line, "\r\n")] = '\0';
            int shown = strlen(line) > 80 ? 80 : (int)strlen(line); /* a long line is quoted by its start */
            fprintf(stderr, "drytex: stdin: line %zu: '%.*s%s' is not 'sand,clay[,soc]'\n", number, shown, line,
                    line[shown] ? "…" : "");
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

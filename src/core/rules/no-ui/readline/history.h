/* rules/no-ui/readline/history.h — stands in for the real <readline/history.h> in src/core (Makefile.am). */
#error "src/core never includes curses or readline: <readline/history.h> belongs in src/ui; see HACKING.md, the rooms"

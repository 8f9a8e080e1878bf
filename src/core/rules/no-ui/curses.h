/* rules/no-ui/curses.h — stands in for the real <curses.h> in src/core (Makefile.am). */
#error "src/core never includes curses or readline: <curses.h> belongs in src/ui; see HACKING.md, the rooms"

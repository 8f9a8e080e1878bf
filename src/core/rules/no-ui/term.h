/* rules/no-ui/term.h — stands in for the real <term.h> in src/core (Makefile.am). */
#error "src/core never includes curses or readline: <term.h> belongs in src/ui; see HACKING.md, the rooms"

/* rules/no-ui/readline/readline.h — stands in for the real <readline/readline.h> in src/core (Makefile.am). */
#error "src/core never includes curses or readline: <readline/readline.h> belongs in src/ui; see HACKING.md, the rooms"

#!/bin/sh
# make.sh DRYTEX [OUT_DIR] — the README's screenshots of the explorer, captured from tmux on the
# demo world at 100 × 32: explorer-256.ansi (TERM=xterm-256color), explorer-8.ansi (TERM=xterm,
# 8 colours), explorer-mono.txt (NO_COLOR), explorer-light.ansi (:set theme light) and
# explorer-tour.txt (:tour, step 4); and explorer-80x24.txt, the classroom's smallest screen. The .ansi files hold the terminal's colour escapes as
# `tmux capture-pane -e -p` renders them: `cat` or `less -R` them in a terminal.
set -e
drytex=${1:?give the drytex binary}
out=${2:-$(dirname "$0")}
work=$(mktemp -d "${TMPDIR:-/tmp}/drytex-shots.XXXXXX")
trap 'TMUX_TMPDIR="$work" tmux kill-server 2>/dev/null; rm -rf "$work"' EXIT
export TMUX_TMPDIR="$work"
"$drytex" demo "$work/w" >/dev/null 2>&1
size="100 32"
shot() { # NAME ENV ESCAPES KEYS…
    name=$1 env=$2 escapes=$3
    shift 3
    set -- ${size%% *} ${size##* } "$@"
    width=$1 height=$2
    shift 2
    tmux new-session -d -s shot -x "$width" -y "$height" "$env XDG_CONFIG_HOME='$work/none' XDG_STATE_HOME='$work/state' '$drytex' '$work/w'; sleep 30"
    i=0; until tmux capture-pane -p -t shot | grep -q "mean: 0.099 … 0.322" || [ $i -gt 200 ]; do sleep 0.1; i=$((i + 1)); done
    for key in "$@"; do tmux send-keys -t shot "$key"; sleep 0.3; done
    sleep 1
    tmux capture-pane $escapes -p -t shot | sed 's/[[:space:]]*$//' >"$out/$name"
    tmux kill-session -t shot
}
shot explorer-256.ansi "TERM=xterm-256color" -e
shot explorer-8.ansi "TERM=xterm" -e
shot explorer-mono.txt "NO_COLOR=1" ""
shot explorer-light.ansi "TERM=xterm-256color" -e : "set theme light" Enter
shot explorer-tour.txt "TERM=xterm-256color" "" : tour Enter n n n
size="80 24"
shot explorer-80x24.txt "NO_COLOR=1" ""

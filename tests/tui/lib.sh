# lib.sh — helpers of the tmux-driven explorer tests (sourced after tests/cli/lib.sh).
command -v tmux >/dev/null 2>&1 || { echo "tmux is not installed: skipped"; exit 77; }
export TMUX_TMPDIR="$WORK"
session=drytex$$
screen() { tmux capture-pane -p -t "$session"; }
# wait_for TEXT [SECONDS] — until the screen shows TEXT (10 s unless told: the machine may be busy)
wait_for() {
    i=0
    limit=$((${2:-10} * 20))
    while [ $i -lt $limit ]; do
        screen | grep -qF -- "$1" && return 0
        sleep 0.05
        i=$((i + 1))
    done
    return 1
}
# wait_for_tiles N LABEL [SECONDS] — until the jobs line shows job N's tiles ("job N LABEL D/T tiles")
wait_for_tiles() {
    i=0
    limit=$((${3:-20} * 20))
    while [ $i -lt $limit ]; do
        screen | grep -qE -- "job $1 $2 [0-9]+/[0-9]+ tiles" && return 0
        sleep 0.05
        i=$((i + 1))
    done
    return 1
}
check_tiles() { if wait_for_tiles "$1" "$2"; then pass; else fail "$3: no tiles of job $1 $2 on the screen"; screen >&2; fi; }
# check_screen TEXT WHAT [SECONDS]
check_screen() { if wait_for "$1" "${3:-10}"; then pass; else fail "$2: the screen lacks '$1'"; screen >&2; fi; }

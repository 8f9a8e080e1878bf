#!/bin/sh
# tests/fuzz/build.sh — builds the libFuzzer harnesses with clang (make fuzz calls it with the
# configured flags): every source of the program but main(), instrumented once into obj/, then one
# executable per harness. Separate from the normal (gcc) build, which it never touches.
set -eu
: "${FUZZ_CC:=clang}" "${srcdir:?}" "${builddir:?}"
flags="-g -O1 -fno-omit-frame-pointer -fsanitize=address,undefined -fno-sanitize-recover=undefined"
out="$builddir/tests/fuzz"
mkdir -p "$out/obj"
objects=""
# Objects are remade when their source or any header of src/ is newer (no dependency tracking
# here: a struct that grew in a header must never meet an object compiled with the old one).
newest_header=$(ls -t $(find "$srcdir/src" -name '*.h') "$builddir/config.h" | head -n 1)
for source in $FUZZ_SOURCES; do
    case "$source" in *.c) ;; *) continue ;; esac
    [ "$source" = src/drytex.c ] && continue
    object="$out/obj/$(echo "$source" | tr / _ | sed 's/\.c$/.o/')"
    if [ ! -f "$object" ] || [ "$srcdir/$source" -nt "$object" ] || [ "$newest_header" -nt "$object" ]; then
        echo "  FUZZCC   $source"
        $FUZZ_CC $flags -fsanitize=fuzzer-no-link $FUZZ_CPPFLAGS -c "$srcdir/$source" -o "$object"
    fi
    objects="$objects $object"
done
for harness in fuzz_info fuzz_csv fuzz_cli; do
    echo "  FUZZLD   tests/fuzz/$harness"
    $FUZZ_CC $flags -fsanitize=fuzzer $FUZZ_CPPFLAGS -I"$srcdir/tests/fuzz" -o "$out/$harness" \
        "$srcdir/tests/fuzz/$harness.c" "$srcdir/tests/fuzz/fuzz_common.c" $objects $FUZZ_LIBS
done

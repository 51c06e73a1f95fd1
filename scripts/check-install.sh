#!/usr/bin/env bash
# Checks `make install`: installs into a scratch DESTDIR with PREFIX=/usr, then compiles a
# tiny program against the installed headers with nothing but pkg-config's answer, links it
# both against the shared library and (with --static) against the archive, and runs both.
set -euo pipefail
cd "$(dirname "$0")/.."

MAKE=${MAKE:-make}
dest=$(mktemp -d "${TMPDIR:-/tmp}/moldau-install.XXXXXX")
trap 'rm -rf "$dest"' EXIT

$MAKE -s install DESTDIR="$dest" PREFIX=/usr >/dev/null

pc="$dest/usr/lib/pkgconfig/moldau.pc"
[ -f "$pc" ] || { echo "check-install: FAIL: no $pc" >&2; exit 1; }
for h in moldau.h moldau/version.h moldau/error.h moldau/protocol.h moldau/protocol/core.h; do
    [ -f "$dest/usr/include/$h" ] || { echo "check-install: FAIL: $h not installed" >&2; exit 1; }
done

# PKG_CONFIG_SYSROOT_DIR maps the .pc's /usr paths into DESTDIR, as for a staged install.
export PKG_CONFIG_PATH="$dest/usr/lib/pkgconfig" PKG_CONFIG_SYSROOT_DIR="$dest"
cflags=$(pkg-config --cflags moldau)
libs=$(pkg-config --libs moldau)
static_libs=$(pkg-config --static --libs moldau)
version=$(pkg-config --modversion moldau)

cat > "$dest/t.c" <<'C'
#include <stdio.h>
#include <string.h>
#include <moldau.h>
#include <moldau/protocol.h>

int main(void)
{
    size_t n = 0;
    moldau_api_table(&n);
    char numeric[32];
    snprintf(numeric, sizeof(numeric), "%d.%d.%d", MOLDAU_VERSION >> 16, (MOLDAU_VERSION >> 8) & 0xff,
             MOLDAU_VERSION & 0xff);
    if (strcmp(moldau_version(), MOLDAU_VERSION_STR) != 0 || strcmp(numeric, MOLDAU_VERSION_STR) != 0 ||
        n == 0 ||
        strcmp(moldau_err_name(MOLDAU_ERR_NOT_LEADER_OR_FOLLOWER), "NOT_LEADER_OR_FOLLOWER") != 0)
        return 1;
    printf("%s\n", moldau_version());
    return 0;
}
C

cc=${CC:-cc}
# shellcheck disable=SC2086  # pkg-config output is a list of words
$cc -std=c11 -Wall -Wextra -Werror $cflags -o "$dest/t_shared" "$dest/t.c" $libs
# shellcheck disable=SC2086
$cc -std=c11 -Wall -Wextra -Werror $cflags -o "$dest/t_static" "$dest/t.c" \
    -Wl,-Bstatic -lmoldau -Wl,-Bdynamic ${static_libs//-lmoldau/}

got_shared=$(LD_LIBRARY_PATH="$dest/usr/lib" "$dest/t_shared")
got_static=$("$dest/t_static")
if [ "$got_shared" != "$version" ] || [ "$got_static" != "$version" ]; then
    echo "check-install: FAIL: versions: pkg-config $version, shared $got_shared, static $got_static" >&2
    exit 1
fi
# the shared binary must really have used the installed libmoldau.so. ldd's output is kept
# first: piped into `grep -q`, which exits at the first match, ldd could die of SIGPIPE and
# pipefail would turn a match into a failure.
loaded=$(LD_LIBRARY_PATH="$dest/usr/lib" ldd "$dest/t_shared")
if ! grep -qF "$dest/usr/lib/libmoldau.so" <<<"$loaded"; then
    echo "check-install: FAIL: t_shared does not load the installed libmoldau.so" >&2
    exit 1
fi
echo "check-install: OK (moldau $version: headers, moldau.pc, shared and static library)"

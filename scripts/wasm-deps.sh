#!/usr/bin/env bash
# wasm-deps.sh — build the C libraries the WebAssembly build links against,
# from pinned Debian (bookworm) source packages, with Debian's own emscripten.
#
# Usage:
#   DEPS=$(scripts/wasm-deps.sh)        # prefix path is the LAST line of stdout
#   scripts/wasm-deps.sh --print-pins   # print a fresh pin table (to update PINS)
#
# The prefix holds only wasm objects and headers meant for the wasm build:
#   $DEPS/include/{zlib.h,png.h,jpeglib.h,webp/,opus/,ogg/,mbedtls/,brotli/,
#                  sodium.h,sodium/,gif_lib.h,nlohmann/,...}
#   $DEPS/lib/{libz,libpng16,libjpeg,libwebp,libwebpdemux,libwebpmux,libopus,
#              libogg,libmbedcrypto,libmbedx509,libmbedtls,libbrotlidec,
#              libbrotlicommon,libsodium,libgif}.a
#
# Cache: ${DSMARK_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/dsmark}
#   sources/               downloaded Debian source tarballs (reused across keys)
#   wasm-deps/<key>/       the prefix; <key> = sha256(this script + emcc -v)[:12]
#   wasm-deps/<key>/.complete   written only after every library built
#   wasm-deps/<key>.build/ scratch build tree + logs (removed on success)
#
# Everything but the final prefix line goes to stderr.
set -euo pipefail

# ---------------------------------------------------------------------------
# PIN TABLE — one line per Debian source package:
#   source-package  exact-debian-version  sha256(orig tarball)  sha256(debian tarball)
# The debian tarball is pinned because Debian's patch series is applied (it
# carries the security fixes: libwebp CVE-2023-4863, libpng 2025/2026 CVEs,
# giflib and libsodium CVEs, ...). Versions are the newest that the reachable
# archive serves: bookworm-security's pool is not reachable from here, so
# libpng1.6 (deb12u6 there) and brotli (deb12u1 there) are pinned to the
# point-release versions. When Debian supersedes a pinned version the download
# fails with a clear message; run `scripts/wasm-deps.sh --print-pins` and paste
# its output here.
# ---------------------------------------------------------------------------
PINS='
zlib           1:1.2.13.dfsg-1          71feb7947e3c00ef125f83b79a4e529bde31171e5babe48b391f06758d1ab0a1  f66cf3d4f2d7defcd4d1fd1fb0a11ee39f1e01b42ec7d059c9dc5c1695133c44
libpng1.6      1.6.39-2+deb12u5         a00e9d2f2f664186e4202db9299397f851aea71b36a35e74910b8820e380d441  ab14906eda9fddf14cbb1e589b9ba7439c22e233dc3c5e3cf9356c9625565a82
libjpeg-turbo  1:2.1.5-2                254f3642b04e309fee775123133c6464181addc150499561020312ec61c1bf7c  cdb2433c2f7101345c1ffa14efb943787c675b86354691a32490845fe4bc9237
libwebp        1.2.4-0.2+deb12u1        7bf5a8a28cc69bcfa8cb214f2c3095703c6b73ac5fba4d5480c205331d9494df  69cdba4dfe2e1b34d55fa80c1b29c31cacd40dd183812d6bcca7e508a2f7afcd
opus           1.3.1-3                  65b58e1e25b2a114157014736a3d9dfeaad8d41be1c8179866f144a2fb44ff9d  f4a145f0d5b9140106396fc0b0c515b1c3abd59f2aa5fb62b36b69886aa411bc
libogg         1.3.5-3                  c4d91be36fc8e54deae7575241e03f4211eb102afb3fc0775fbbc1b740016705  980cc7c95d72d2a9c56cf9d602b8296c6551528890f28fee6769b801ea0e54f3
mbedtls        2.28.3-1                 3b4953aa55a681e084d31892d9904cc5328d6b4958ea57b90ae4b4f94ae69a8d  3e03c61f63c7bbcd0bf695b53e6663ab448cc2e15429cd67d0e4f32e699645a9
brotli         1.0.9-2                  f9e8d81d0405ba66d181529af42a3354f838c939095ff99930da6aa9cdf6fe46  ab81b1db852c8d01e0fa5b0b650bb486f32a232b35336828423af50af6fecca0
libsodium      1.0.18-1+deb12u1         d59323c6b712a1519a5daf710b68f5e7fde57040845ffec53850911f10a5d4f4  f410474e46346b06b162defa05b1be26906aeed6cf309e3d4ebe30b4d1350733
giflib         5.2.1-2.5+deb12u1        31da5562f44c5f15d63340a09a4fd62b48c45620cd302f77a6d9acf0077879bd  efa4369de943f7918c2b0b049a125268937ab12039ea6ed01d34ab2125def0df
'

# Optimisation levels (compile-time; the final link runs wasm-opt with its own level).
# - Pixel/sample decoders whose inner loops dominate run time get -O3:
#   libjpeg-turbo (no SIMD in wasm, so the C IDCT/colour paths are hot), libwebp, opus.
# - zlib, libpng, brotli, giflib get -O2: inflate / unfilter / LZW are per-byte hot
#   loops too, but the code is small so -O2 costs little size.
# - mbedtls is compiled at -O2 by its own CMakeLists (it sets CMAKE_C_FLAGS_RELEASE itself, whatever is
#   passed): right for C2PA, whose data hashes run SHA-256 over whole files and whose bignum maths
#   verifies several signatures per manifest.
# - libogg, libsodium get -Oz: framing and one Ed25519 check per file; size wins there.
OPT_FAST=-O3
OPT_MID=-O2
OPT_SMALL=-Oz
# Flags every library is compiled with: no pthreads (emcc adds none unless -pthread;
# libwebp's threading and libsodium's pthreads are switched off explicitly), no SIMD
# (no -msimd128; libjpeg-turbo/libwebp SIMD off), NDEBUG. All ten libraries are C, so
# -fno-exceptions has nothing to apply to here; the C++ code linking them uses it.
COMMON_CFLAGS="-DNDEBUG"

log() { printf '[wasm-deps] %s\n' "$*" >&2; }
die() { printf '[wasm-deps] ERROR: %s\n' "$*" >&2; exit 1; }

SCRIPT_PATH=$(readlink -f "${BASH_SOURCE[0]}")
ROOT=${DSMARK_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/dsmark}
SRC_DIR=$ROOT/sources
APT_DIR=$ROOT/apt-src

MODE=build
case "${1:-}" in
  "") ;;
  --print-pins) MODE=print-pins ;;
  -h|--help) sed -n '2,21p' "$SCRIPT_PATH" >&2; exit 0 ;;
  *) die "unknown argument: $1 (try --help)" ;;
esac

# ---------------------------------------------------------------------------
# Tools
# ---------------------------------------------------------------------------
export NODE_PATH=/usr/share/nodejs          # Debian's emscripten needs its node modules
case " ${NODE_OPTIONS:-} " in               # lets emconfigure's test programs run on Node >= 18
  *" --no-experimental-fetch "*) ;;
  *) export NODE_OPTIONS="${NODE_OPTIONS:+$NODE_OPTIONS }--no-experimental-fetch" ;;
esac

ensure_tools() {
  local missing=() t
  # command -> Debian package
  for t in emcc:emscripten emcmake:emscripten emconfigure:emscripten emmake:emscripten \
           emar:emscripten emnm:emscripten cmake:cmake make:make patch:patch tar:tar \
           xz:xz-utils bzip2:bzip2 gzip:gzip sha256sum:coreutils flock:util-linux \
           autoreconf:autoconf automake:automake libtoolize:libtool apt-get:apt; do
    command -v "${t%%:*}" >/dev/null 2>&1 || missing+=("${t#*:}")
  done
  [ -f /usr/include/nlohmann/json.hpp ] || missing+=(nlohmann-json3-dev)
  if [ ${#missing[@]} -gt 0 ]; then
    mapfile -t missing < <(printf '%s\n' "${missing[@]}" | sort -u)
    log "installing: ${missing[*]}"
    [ "$(id -u)" = 0 ] || die "need root to apt-get install ${missing[*]}"
    DEBIAN_FRONTEND=noninteractive apt-get update -qq >&2
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
  fi
  local v
  v=$(emcc --version 2>/dev/null | sed -n 1p)  # sed reads all: head's early exit makes emcc fail (EPIPE, 74)
  case "$v" in *" 3.1.6 "*|*" 3.1.6") ;; *) log "warning: expected emscripten 3.1.6, got: $v" ;; esac
}

# ---------------------------------------------------------------------------
# Debian source downloads (deb-src lists kept in our own dir; system config untouched)
# ---------------------------------------------------------------------------
APT_OPTS=()
apt_src_setup() {
  [ ${#APT_OPTS[@]} -gt 0 ] && return 0
  mkdir -p "$APT_DIR/lists/partial" "$APT_DIR/cache/archives/partial"
  [ -f /etc/apt/sources.list.d/debian.sources ] || die "no /etc/apt/sources.list.d/debian.sources to derive deb-src lists from"
  sed 's/^Types: deb$/Types: deb-src/' /etc/apt/sources.list.d/debian.sources > "$APT_DIR/src.sources"
  APT_OPTS=(-o "Dir::Etc::SourceList=$APT_DIR/src.sources" -o Dir::Etc::SourceParts=/dev/null
            -o "Dir::State::Lists=$APT_DIR/lists" -o "Dir::Cache=$APT_DIR/cache")
  [ "$(id -u)" = 0 ] && APT_OPTS+=(-o APT::Sandbox::User=root)
  log "apt-get update (deb-src lists in $APT_DIR)"
  apt-get "${APT_OPTS[@]}" update > "$APT_DIR/update.log" 2>&1 \
    || { tail -n 20 "$APT_DIR/update.log" >&2; die "apt-get update for deb-src failed"; }
}

noepoch() { echo "${1#*:}"; }
upstream_of() { local v; v=$(noepoch "$1"); echo "${v%-*}"; }

# Prints the path of the file matching a glob in SRC_DIR (first match), or nothing.
find_src() { local f; for f in "$SRC_DIR"/$1; do [ -f "$f" ] && { echo "$f"; return 0; }; done; return 0; }
orig_glob() { echo "${1}_$(upstream_of "$2").orig.tar.[gbx]z*"; }
deb_glob() { echo "${1}_$(noepoch "$2").debian.tar.*"; }

sha_ok() { [ "$(sha256sum "$1" | cut -d' ' -f1)" = "$2" ]; }

download_pkg() { # pkg version -> files land in SRC_DIR
  local pkg=$1 ver=$2 tmp
  apt_src_setup
  tmp=$(mktemp -d "$SRC_DIR/.dl.XXXXXX")
  log "downloading source $pkg=$ver"
  if ! (cd "$tmp" && apt-get "${APT_OPTS[@]}" source --download-only "$pkg=$ver") > "$tmp.log" 2>&1; then
    tail -n 8 "$tmp.log" >&2
    local avail
    avail=$(apt-cache "${APT_OPTS[@]}" showsrc "$pkg" 2>/dev/null | sed -n 's/^Version: //p' | tr '\n' ' ')
    rm -rf "$tmp" "$tmp.log"
    die "cannot download pinned source $pkg=$ver (versions listed by the archive: ${avail:-none}).
  If Debian superseded it, run: $0 --print-pins   and update the PINS table."
  fi
  find "$tmp" -maxdepth 1 -type f \( -name '*.tar.*' -o -name '*.dsc' \) ! -name '*.asc' -exec mv -f {} "$SRC_DIR/" \;
  rm -rf "$tmp" "$tmp.log"
}

fetch_verified() { # pkg version orig_sha deb_sha -> sets ORIG DEBTAR
  local pkg=$1 ver=$2 osha=$3 dsha=$4
  ORIG=$(find_src "$(orig_glob "$pkg" "$ver")"); DEBTAR=$(find_src "$(deb_glob "$pkg" "$ver")")
  if [ -z "$ORIG" ] || [ -z "$DEBTAR" ] || ! sha_ok "$ORIG" "$osha" || ! sha_ok "$DEBTAR" "$dsha"; then
    download_pkg "$pkg" "$ver"
    ORIG=$(find_src "$(orig_glob "$pkg" "$ver")"); DEBTAR=$(find_src "$(deb_glob "$pkg" "$ver")")
  fi
  [ -n "$ORIG" ] || die "$pkg=$ver: no orig tarball matching $(orig_glob "$pkg" "$ver") after download"
  [ -n "$DEBTAR" ] || die "$pkg=$ver: no debian tarball matching $(deb_glob "$pkg" "$ver") after download"
  local got
  got=$(sha256sum "$ORIG" | cut -d' ' -f1)
  [ "$got" = "$osha" ] || die "sha256 MISMATCH for $(basename "$ORIG"): expected $osha, got $got (pin table in $SCRIPT_PATH)"
  got=$(sha256sum "$DEBTAR" | cut -d' ' -f1)
  [ "$got" = "$dsha" ] || die "sha256 MISMATCH for $(basename "$DEBTAR"): expected $dsha, got $got (pin table in $SCRIPT_PATH)"
}

# Unpacks orig + debian tarballs into $2 and applies debian/patches/series (quilt order).
unpack_patched() { # pkg dest
  local pkg=$1 dest=$2 line name opt
  rm -rf "$dest"; mkdir -p "$dest"
  tar -xf "$ORIG" -C "$dest" --strip-components=1
  rm -rf "$dest/debian"
  tar -xf "$DEBTAR" -C "$dest"
  if [ -f "$dest/debian/patches/series" ]; then
    while read -r line; do
      line=${line%%#*}; [ -n "${line// /}" ] || continue
      name=${line%% *}; opt=-p1
      case "$line" in *" -p"*) opt=$(echo "$line" | grep -o -- '-p[0-9]*' | head -1) ;; esac
      patch -d "$dest" "$opt" -f -s --no-backup-if-mismatch < "$dest/debian/patches/$name" \
        || die "$pkg: Debian patch $name does not apply"
    done < "$dest/debian/patches/series"
  fi
}

# ---------------------------------------------------------------------------
# --print-pins: newest downloadable version of each package with its sha256s
# ---------------------------------------------------------------------------
print_pins() {
  mkdir -p "$SRC_DIR"
  apt_src_setup
  local pkg ver osha dsha vers v ok
  while read -r pkg ver osha dsha; do
    [ -n "$pkg" ] || continue
    mapfile -t vers < <(apt-cache "${APT_OPTS[@]}" showsrc "$pkg" 2>/dev/null | sed -n 's/^Version: //p' | sort -u)
    # newest first
    local sorted=() x i
    for x in "${vers[@]}"; do
      i=0; while [ $i -lt ${#sorted[@]} ] && dpkg --compare-versions "${sorted[$i]}" gt "$x"; do i=$((i+1)); done
      sorted=("${sorted[@]:0:$i}" "$x" "${sorted[@]:$i}")
    done
    ok=
    for v in "${sorted[@]}"; do
      if ( download_pkg "$pkg" "$v" ) 2>/dev/null; then
        ORIG=$(find_src "$(orig_glob "$pkg" "$v")"); DEBTAR=$(find_src "$(deb_glob "$pkg" "$v")")
        printf '%-14s %-24s %s  %s\n' "$pkg" "$v" \
          "$(sha256sum "$ORIG" | cut -d' ' -f1)" "$(sha256sum "$DEBTAR" | cut -d' ' -f1)"
        ok=1; break
      fi
      log "$pkg=$v not downloadable, trying older"
    done
    [ -n "$ok" ] || log "$pkg: no downloadable version"
  done <<< "$PINS"
}

# ---------------------------------------------------------------------------
# Build steps. Each runs in its own source dir; output goes to $LOGDIR/<name>.log.
# ---------------------------------------------------------------------------
JOBS=2
cmake_common() { # extra args...
  emcmake cmake -S . -B _build -DCMAKE_BUILD_TYPE=Release \
    -DCMAKE_INSTALL_PREFIX="$PREFIX" -DCMAKE_INSTALL_LIBDIR=lib \
    -DCMAKE_PREFIX_PATH="$PREFIX" -DCMAKE_FIND_ROOT_PATH="$PREFIX" \
    -DBUILD_SHARED_LIBS=OFF -DCMAKE_POSITION_INDEPENDENT_CODE=OFF "$@"
}

emcc_static_lib() { # out.a opt src...
  local out=$1 opt=$2; shift 2
  local objs=() s o
  mkdir -p _obj
  for s in "$@"; do
    o=_obj/$(basename "${s%.c}").o
    emcc $opt $COMMON_CFLAGS $EXTRA_CFLAGS -c "$s" -o "$o"
    objs+=("$o")
  done
  rm -f "$out"
  emar rcs "$out" "${objs[@]}"
}

build_zlib() {
  # zlib's own configure would work too, but the library is 15 files; compiling them
  # directly avoids configure probing. Z_HAVE_UNISTD_H/Z_HAVE_STDARG_H are what zlib's
  # configure sets on any POSIX target.
  EXTRA_CFLAGS="-DHAVE_UNISTD_H -DHAVE_STDARG_H -D_LARGEFILE64_SOURCE=1 -I." \
  emcc_static_lib "$PREFIX/lib/libz.a" "$OPT_MID" \
    adler32.c compress.c crc32.c deflate.c gzclose.c gzlib.c gzread.c gzwrite.c \
    infback.c inffast.c inflate.c inftrees.c trees.c uncompr.c zutil.c
  cp zlib.h zconf.h "$PREFIX/include/"
}

build_libpng() {
  cmake_common -DCMAKE_C_FLAGS_RELEASE="$OPT_MID $COMMON_CFLAGS" \
    -DPNG_SHARED=OFF -DPNG_STATIC=ON -DPNG_TESTS=OFF -DPNG_EXECUTABLES=OFF \
    -DPNG_HARDWARE_OPTIMIZATIONS=OFF -Dld-version-script=OFF -DSKIP_INSTALL_PROGRAMS=ON \
    -DSKIP_INSTALL_EXECUTABLES=ON -DSKIP_INSTALL_FILES=ON \
    -DZLIB_LIBRARY="$PREFIX/lib/libz.a" -DZLIB_INCLUDE_DIR="$PREFIX/include"
  emmake make -C _build -j$JOBS
  emmake make -C _build install
}

build_libjpeg_turbo() {
  # CMake's check_type_size misreports under emscripten 3.1.6 -> force the wasm32 sizes.
  cmake_common -DCMAKE_C_FLAGS_RELEASE="$OPT_FAST $COMMON_CFLAGS" \
    -DENABLE_SHARED=OFF -DENABLE_STATIC=ON -DWITH_TURBOJPEG=OFF -DWITH_SIMD=OFF \
    -DWITH_JAVA=OFF -DWITH_FUZZ=OFF -DSIZE_T=4 -DUNSIGNED_LONG=4
  emmake make -C _build -j$JOBS jpeg-static
  cp _build/libjpeg.a "$PREFIX/lib/libjpeg.a"
  cp jpeglib.h jmorecfg.h jerror.h _build/jconfig.h "$PREFIX/include/"
}

build_libwebp() {
  cmake_common -DCMAKE_C_FLAGS_RELEASE="$OPT_FAST $COMMON_CFLAGS" \
    -DWEBP_ENABLE_SIMD=OFF -DWEBP_USE_THREAD=OFF -DWEBP_BUILD_LIBWEBPMUX=ON \
    -DWEBP_BUILD_ANIM_UTILS=OFF -DWEBP_BUILD_CWEBP=OFF -DWEBP_BUILD_DWEBP=OFF \
    -DWEBP_BUILD_GIF2WEBP=OFF -DWEBP_BUILD_IMG2WEBP=OFF -DWEBP_BUILD_VWEBP=OFF \
    -DWEBP_BUILD_WEBPINFO=OFF -DWEBP_BUILD_WEBPMUX=OFF -DWEBP_BUILD_EXTRAS=OFF \
    -DWEBP_BUILD_WEBP_JS=OFF
  emmake make -C _build -j$JOBS
  emmake make -C _build install
}

build_opus() {
  # opus 1.3.1's CMake files are incomplete; use autotools (configure ships in the tarball).
  emconfigure ./configure --prefix="$PREFIX" --disable-shared --enable-static \
    --disable-doc --disable-extra-programs --disable-asm --disable-rtcd \
    --disable-intrinsics --disable-stack-protector \
    CFLAGS="$OPT_FAST $COMMON_CFLAGS"
  emmake make -j$JOBS
  emmake make install
}

build_libogg() {
  # libogg is two C files plus a generated config_types.h. Its configure spends ~75 s
  # running probes through emcc, and its CMake derives the typedefs from
  # check_type_size (unreliable here), so generate the header with the <stdint.h>
  # types directly — the same values libogg's CMakeLists.txt starts from.
  sed -e 's/@INCLUDE_INTTYPES_H@/1/; s/@INCLUDE_STDINT_H@/1/; s/@INCLUDE_SYS_TYPES_H@/1/' \
      -e 's/@SIZE16@/int16_t/; s/@USIZE16@/uint16_t/; s/@SIZE32@/int32_t/; s/@USIZE32@/uint32_t/' \
      -e 's/@SIZE64@/int64_t/; s/@USIZE64@/uint64_t/' \
      include/ogg/config_types.h.in > include/ogg/config_types.h
  ! grep -q @ include/ogg/config_types.h || { echo "unsubstituted @VAR@ left"; return 1; }
  EXTRA_CFLAGS="-Iinclude" emcc_static_lib "$PREFIX/lib/libogg.a" "$OPT_SMALL" src/bitwise.c src/framing.c
  mkdir -p "$PREFIX/include/ogg"
  cp include/ogg/ogg.h include/ogg/os_types.h include/ogg/config_types.h "$PREFIX/include/ogg/"
}

build_mbedtls() {
  # Default config: ECDSA + ECP P-256/384/521, RSA with PKCS#1 v1.5 and v2.1 (PSS),
  # SHA-256/384/512, X.509 parsing are all enabled (asserted below).
  cmake_common -DCMAKE_C_FLAGS_RELEASE="$OPT_MID $COMMON_CFLAGS" \
    -DENABLE_PROGRAMS=OFF -DENABLE_TESTING=OFF -DMBEDTLS_FATAL_WARNINGS=OFF \
    -DUSE_SHARED_MBEDTLS_LIBRARY=OFF -DUSE_STATIC_MBEDTLS_LIBRARY=ON -DINSTALL_MBEDTLS_HEADERS=ON
  emmake make -C _build -j$JOBS
  emmake make -C _build install
  local d
  for d in ECDSA_C ECP_C ECP_DP_SECP256R1_ENABLED ECP_DP_SECP384R1_ENABLED ECP_DP_SECP521R1_ENABLED \
           RSA_C PKCS1_V15 PKCS1_V21 SHA256_C SHA512_C X509_CRT_PARSE_C PK_PARSE_C; do
    grep -q "^#define MBEDTLS_$d\b" "$PREFIX/include/mbedtls/config.h" || die "mbedtls: MBEDTLS_$d not enabled"
  done
}

build_brotli() {
  # Only the decoder and the common part (dictionary) are needed. Brotli's CMake builds
  # the CLI and shared libs too; compiling the two source lists directly is simpler.
  EXTRA_CFLAGS="-Ic/include" emcc_static_lib "$PREFIX/lib/libbrotlicommon.a" "$OPT_MID" c/common/*.c
  EXTRA_CFLAGS="-Ic/include" emcc_static_lib "$PREFIX/lib/libbrotlidec.a" "$OPT_MID" c/dec/*.c
  mkdir -p "$PREFIX/include/brotli"
  cp c/include/brotli/*.h "$PREFIX/include/brotli/"
}

build_libsodium() {
  # Same configure flags as libsodium's dist-build/emscripten.sh (--standard build).
  # --enable-minimal keeps crypto_sign_ed25519_* and crypto_hash_sha512.
  # Debian's orig tarball is a git export without ./configure: regenerate it
  # (autoreconf only; autogen.sh would also try to curl config.guess).
  autoreconf -ivf
  emconfigure ./configure --prefix="$PREFIX" --enable-minimal --disable-shared --enable-static \
    --without-pthreads --disable-ssp --disable-asm --disable-pie \
    CFLAGS="$OPT_SMALL $COMMON_CFLAGS"
  emmake make -j$JOBS -C src
  emmake make -C src install
}

build_giflib() {
  # giflib's Makefile just compiles these (its SOURCES list) into libgif.
  EXTRA_CFLAGS="-I." emcc_static_lib "$PREFIX/lib/libgif.a" "$OPT_MID" \
    dgif_lib.c egif_lib.c gifalloc.c gif_err.c gif_font.c gif_hash.c openbsd-reallocarray.c
  cp gif_lib.h "$PREFIX/include/"
}

# symbol checks: lib:symbol ...
check_symbols() {
  local nm spec lib sym
  nm=$(command -v llvm-nm || command -v emnm)
  for spec in "$@"; do
    lib=${spec%%:*}; sym=${spec#*:}
    [ -f "$PREFIX/lib/$lib" ] || die "missing $PREFIX/lib/$lib"
    # (no grep -q: it would close the pipe early and pipefail would report nm's SIGPIPE)
    "$nm" --defined-only "$PREFIX/lib/$lib" 2>/dev/null | grep " [TtDdRrBb] $sym\$" >/dev/null \
      || die "$lib does not define $sym"
  done
}

# Unpack + patch + build one package; its output goes to $LOGDIR/<pkg>.log.
build_one() { # pkg
  local pkg=$1 fn dir logf rc s=$SECONDS
  ORIG=${ORIGS[$pkg]}; DEBTAR=${DEBS[$pkg]}
  dir=$BUILD/$pkg; logf=$LOGDIR/$pkg.log
  fn=build_${pkg//-/_}; fn=${fn%1.6}
  unpack_patched "$pkg" "$dir"
  # (not inside an `if`: that would switch off set -e in the build functions)
  set +e
  ( set -e; cd "$dir"; set -x; "$fn" ) > "$logf" 2>&1
  rc=$?
  set -e
  if [ $rc -ne 0 ]; then
    { echo "----- last 40 lines of $logf -----"; tail -n 40 "$logf"; } >&2
    log "ERROR: building $pkg failed (full log: $logf)"
    return 1
  fi
  log "built $pkg ($((SECONDS - s))s)"
}
# set -e ends the lane at the first failing package (no `||` here: it would disable set -e inside).
lane() { local p; for p in "$@"; do build_one "$p"; done; }

# ---------------------------------------------------------------------------
main_build() {
  mkdir -p "$SRC_DIR" "$ROOT/wasm-deps"
  local key
  key=$( { cat "$SCRIPT_PATH"; emcc -v 2>&1 | sed -n 1,2p; } | sha256sum | cut -c1-12)
  PREFIX=$ROOT/wasm-deps/$key
  if [ -f "$PREFIX/.complete" ]; then
    log "cached: $PREFIX"
    echo "$PREFIX"; return 0
  fi

  # One builder per key at a time; others wait and then reuse the result.
  exec 9> "$ROOT/wasm-deps/$key.lock"
  flock 9
  if [ -f "$PREFIX/.complete" ]; then
    log "cached (built by a concurrent run): $PREFIX"
    echo "$PREFIX"; return 0
  fi

  BUILD=$ROOT/wasm-deps/$key.build
  LOGDIR=$BUILD/logs
  rm -rf "$PREFIX" "$BUILD"
  mkdir -p "$PREFIX/include" "$PREFIX/lib" "$LOGDIR"
  log "building into $PREFIX (logs: $LOGDIR)"

  local t0=$SECONDS pkg ver osha dsha
  # fetch + verify everything first, so a bad pin fails before any compile time is spent
  declare -gA ORIGS DEBS
  while read -r pkg ver osha dsha; do
    [ -n "$pkg" ] || continue
    fetch_verified "$pkg" "$ver" "$osha" "$dsha"
    ORIGS[$pkg]=$ORIG; DEBS[$pkg]=$DEBTAR
  done <<< "$PINS"

  # Two lanes in parallel: libsodium (autoreconf + configure) spends most of its time
  # in single-threaded probes, so the other lane keeps the second core busy.
  # Lane order matters: libpng needs zlib.
  lane libsodium libogg giflib brotli > /dev/null & local lane_a=$!
  lane zlib libpng1.6 libjpeg-turbo libwebp mbedtls opus > /dev/null & local lane_b=$!
  local ra=0 rb=0
  wait "$lane_a" || ra=$?
  wait "$lane_b" || rb=$?
  [ "$ra" = 0 ] && [ "$rb" = 0 ] || die "build failed (logs: $LOGDIR)"

  check_symbols libz.a:zlibVersion libz.a:inflate \
    libpng16.a:png_create_read_struct libpng16.a:png_access_version_number \
    libjpeg.a:jpeg_CreateDecompress libjpeg.a:jpeg_mem_src \
    libwebp.a:WebPDecode libwebp.a:WebPGetDecoderVersion libwebp.a:WebPEncodeRGBA \
    libwebpdemux.a:WebPDemuxInternal libwebpmux.a:WebPMuxCreateInternal \
    libopus.a:opus_decoder_create libopus.a:opus_get_version_string libogg.a:ogg_sync_init \
    libmbedcrypto.a:mbedtls_ecdsa_read_signature libmbedcrypto.a:mbedtls_rsa_rsassa_pss_verify_ext \
    libmbedcrypto.a:mbedtls_sha256_ret libmbedcrypto.a:mbedtls_sha512_ret \
    libmbedx509.a:mbedtls_x509_crt_parse_der \
    libbrotlidec.a:BrotliDecoderDecompressStream libbrotlicommon.a:BrotliGetDictionary \
    libsodium.a:crypto_sign_ed25519_verify_detached libsodium.a:crypto_hash_sha512 \
    libgif.a:DGifOpen libgif.a:GifErrorString
  [ -f "$PREFIX/lib/libpng.a" ] || ln -s libpng16.a "$PREFIX/lib/libpng.a"
  rm -f "$PREFIX"/lib/*.la   # libtool archives: not used, and they hold build paths

  # Header-only libraries for the wasm build (never -I/usr/include there).
  mkdir -p "$PREFIX/include/nlohmann"
  cp -R /usr/include/nlohmann/. "$PREFIX/include/nlohmann/"

  # Build info, then the stamp (last).
  {
    echo "# dsmark wasm deps, key $key"
    emcc --version | sed -n 1p
    echo "opt: fast=$OPT_FAST mid=$OPT_MID small=$OPT_SMALL"
    echo "nlohmann-json3-dev $(dpkg-query -W -f='${Version}' nlohmann-json3-dev 2>/dev/null || echo '?')"
    echo "$PINS" | sed '/^$/d'
  } > "$PREFIX/BUILDINFO"
  mkdir -p "$PREFIX/logs"; cp "$LOGDIR"/*.log "$PREFIX/logs/"
  rm -rf "$BUILD"
  touch "$PREFIX/.complete"
  log "done in $((SECONDS - t0))s"
  echo "$PREFIX"
}

ensure_tools
case "$MODE" in
  print-pins) print_pins ;;
  build) main_build ;;
esac

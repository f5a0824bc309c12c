#!/bin/sh
# Installs the prebuilt crlint: downloads the release archive for this machine,
# verifies its SHA-256, and puts `crlint` in ~/.local/bin (no Rust toolchain).
#
#   curl -fsSL https://github.com/crazyrouter/crlint/releases/download/v0.1.0/install.sh | sh
#
# Settings (environment variables):
#   CRLINT_VERSION        the version to install (default: 0.1.0, this script's)
#   CRLINT_DOWNLOAD_BASE  where the archives are (default:
#                         https://github.com/crazyrouter/crlint/releases/download/vVERSION);
#                         a mirror, or a loopback server in the tests
#   CRLINT_INSTALL_DIR    where `crlint` goes (default: $HOME/.local/bin)
#   CRLINT_TARGET         the Rust target whose archive to take (default: detected:
#                         x86_64/aarch64 Linux (static musl), x86_64/arm64 macOS, x86_64 Windows)
#   CRLINT_SHA256         the archive's expected SHA-256, checked as well as the
#                         published ARCHIVE.sha256 (pins the exact bytes)
#
# Exit status: 0 installed; 1 not installed (unsupported platform, download
# failed, no SHA-256 tool, the binary does not run here); 3 refused: the archive
# does not match its checksum. Nothing is installed unless every check passed.
set -eu

VERSION="${CRLINT_VERSION:-0.1.0}"
BASE="${CRLINT_DOWNLOAD_BASE:-https://github.com/crazyrouter/crlint/releases/download/v$VERSION}"
BASE="${BASE%/}"
INSTALL_DIR="${CRLINT_INSTALL_DIR:-${HOME:?HOME is not set: set CRLINT_INSTALL_DIR}/.local/bin}"

say() { printf 'crlint-install: %s\n' "$*" >&2; }
die() { say "error: $*"; exit 1; }

detect_target() {
    os=$(uname -s)
    arch=$(uname -m)
    case "$arch" in
        x86_64 | amd64) arch=x86_64 ;;
        aarch64 | arm64) arch=aarch64 ;;
        *) die "no prebuilt crlint for $os $arch; build it with \`cargo install crlint\`" ;;
    esac
    case "$os" in
        Linux) echo "$arch-unknown-linux-musl" ;;
        Darwin)
            # An x86_64 shell under Rosetta on Apple silicon: take the native binary.
            if [ "$arch" = x86_64 ] && [ "$(sysctl -n sysctl.proc_translated 2>/dev/null || echo 0)" = 1 ]; then
                arch=aarch64
            fi
            echo "$arch-apple-darwin"
            ;;
        # Git Bash, MSYS2, Cygwin. Windows on Arm runs the x86_64 binary.
        MINGW* | MSYS* | CYGWIN* | Windows_NT) echo "x86_64-pc-windows-msvc" ;;
        *) die "no prebuilt crlint for $os $arch; build it with \`cargo install crlint\`" ;;
    esac
}

download() { # URL FILE
    if command -v curl >/dev/null 2>&1; then
        curl --fail --silent --show-error --location --retry 2 --output "$2" "$1"
    elif command -v wget >/dev/null 2>&1; then
        wget --quiet --tries=3 --output-document="$2" "$1"
    else
        die "neither curl nor wget is installed"
    fi
}

sha256_of() { # FILE
    if command -v sha256sum >/dev/null 2>&1; then
        sha256sum "$1" | cut -d ' ' -f 1
    elif command -v shasum >/dev/null 2>&1; then
        shasum -a 256 "$1" | cut -d ' ' -f 1
    elif command -v openssl >/dev/null 2>&1; then
        openssl dgst -sha256 "$1" | sed 's/^.*= *//'
    else
        die "no sha256sum, shasum or openssl to verify the download with"
    fi
}

TARGET="${CRLINT_TARGET:-$(detect_target)}"
case "$TARGET" in
    *windows*) EXT=zip EXE=crlint.exe ;;
    *) EXT=tar.gz EXE=crlint ;;
esac
STEM="crlint-v$VERSION-$TARGET"
ARCHIVE="$STEM.$EXT"

TMP=$(mktemp -d 2>/dev/null || mktemp -d -t crlint-install)
trap 'rm -rf "$TMP"' EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

say "downloading $BASE/$ARCHIVE"
download "$BASE/$ARCHIVE" "$TMP/$ARCHIVE" || die "cannot download $BASE/$ARCHIVE"
download "$BASE/$ARCHIVE.sha256" "$TMP/$ARCHIVE.sha256" || die "cannot download $BASE/$ARCHIVE.sha256"

# `HEX  NAME`: the hash must be for this archive's name, and the bytes must match it.
read -r expected name <"$TMP/$ARCHIVE.sha256" || true
name="${name#\*}"
if [ "$name" != "$ARCHIVE" ] || [ "${#expected}" -ne 64 ]; then
    say "error: $ARCHIVE.sha256 is not a checksum of $ARCHIVE: refused, nothing installed"
    exit 3
fi
actual=$(sha256_of "$TMP/$ARCHIVE")
expected=$(printf '%s' "$expected" | tr 'A-F' 'a-f')
if [ "$actual" != "$expected" ]; then
    say "error: checksum mismatch for $ARCHIVE: expected $expected, got $actual: refused, nothing installed"
    exit 3
fi
if [ -n "${CRLINT_SHA256:-}" ] && [ "$actual" != "$(printf '%s' "$CRLINT_SHA256" | tr 'A-F' 'a-f')" ]; then
    say "error: $ARCHIVE is $actual, not the pinned CRLINT_SHA256 $CRLINT_SHA256: refused, nothing installed"
    exit 3
fi
say "verified sha256 $actual"

case "$EXT" in
    zip)
        if command -v unzip >/dev/null 2>&1; then
            unzip -q "$TMP/$ARCHIVE" -d "$TMP" || die "cannot unpack $ARCHIVE"
        else
            tar -xf "$TMP/$ARCHIVE" -C "$TMP" || die "cannot unpack $ARCHIVE (no unzip)"
        fi
        ;;
    *) tar -xzf "$TMP/$ARCHIVE" -C "$TMP" || die "cannot unpack $ARCHIVE" ;;
esac
[ -f "$TMP/$STEM/$EXE" ] || die "$ARCHIVE holds no $STEM/$EXE"
chmod 755 "$TMP/$STEM/$EXE"
"$TMP/$STEM/$EXE" --version >/dev/null 2>&1 || die "the $TARGET binary does not run on this machine"

mkdir -p "$INSTALL_DIR" || die "cannot create $INSTALL_DIR"
# Copied beside the destination, then renamed over it: a running crlint is not disturbed.
cp "$TMP/$STEM/$EXE" "$INSTALL_DIR/.$EXE.$$" || die "cannot write to $INSTALL_DIR"
mv -f "$INSTALL_DIR/.$EXE.$$" "$INSTALL_DIR/$EXE" || die "cannot write $INSTALL_DIR/$EXE"
say "installed $("$INSTALL_DIR/$EXE" --version | head -n 1) to $INSTALL_DIR/$EXE"

case ":${PATH:-}:" in
    *":$INSTALL_DIR:"*) ;;
    *) say "note: $INSTALL_DIR is not on your PATH; add it, e.g. export PATH=\"$INSTALL_DIR:\$PATH\"" ;;
esac

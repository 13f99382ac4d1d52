#!/bin/sh
# Persona Guard installer for Linux and macOS.
#
#   install.sh [--browser NAME|all]... [--scope user|system] [--source SPEC]
#              [--prefix DIR] [--no-pipx]
#   install.sh --uninstall
#
# Installs the persona-guard package with pipx when it is present, otherwise into its
# own virtual environment, registers the native messaging host with the browsers found
# here (persona-guard install) and prints how to load the extension. Safe to run again:
# a second run upgrades in place and rewrites nothing that is already right.
set -eu

say() { printf 'install.sh: %s\n' "$*"; }
die() { printf 'install.sh: %s\n' "$1" >&2; [ -n "${2:-}" ] && printf '  fix: %s\n' "$2" >&2; exit 2; }

here=$(cd "$(dirname "$0")" && pwd)
case "$(uname -s)" in
  Darwin) state_dir="$HOME/Library/Application Support/PersonaGuard" ;;
  *) state_dir="${XDG_DATA_HOME:-$HOME/.local/share}/persona-guard" ;;
esac
state_file="$state_dir/install-script.env"

action=install
browsers=""
scope=user
source=""
prefix=""
use_pipx=auto
while [ $# -gt 0 ]; do
  case "$1" in
    --uninstall) action=uninstall ;;
    --browser) [ $# -ge 2 ] || die "--browser needs a name" "e.g. --browser chromium, or --browser all"
               browsers="$browsers --browser $2"; shift ;;
    --scope) [ $# -ge 2 ] || die "--scope needs user or system" "e.g. --scope user"
             scope=$2; shift ;;
    --source) [ $# -ge 2 ] || die "--source needs what pip should install" "e.g. --source persona-guard"
              source=$2; shift ;;
    --prefix) [ $# -ge 2 ] || die "--prefix needs a folder" "e.g. --prefix \"\$HOME/.persona-guard\""
              prefix=$2; shift ;;
    --no-pipx) use_pipx=no ;;
    -h|--help) sed -n '2,11p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) die "unknown option '$1'" "run install.sh --help to see the options" ;;
  esac
  shift
done
case "$scope" in user|system) ;; *) die "--scope '$scope' is neither user nor system" "use --scope user (default) or --scope system" ;; esac

# Where a previous run put things: reuse it, so a second run upgrades in place.
saved_method=""
saved_prefix=""
saved_bin=""
if [ -f "$state_file" ]; then
  . "$state_file"
fi
quote() { printf "'%s'" "$(printf '%s' "$1" | sed "s/'/'\\\\''/g")"; }

if [ "$action" = uninstall ]; then
  method=$saved_method
  prefix=$saved_prefix
  bin=$saved_bin
  if [ -z "$bin" ] || [ ! -x "$bin" ]; then
    bin=$(command -v persona-guard || true)
  fi
  [ -n "$bin" ] || die "no Persona Guard installation found" "nothing to remove; if it was installed another way, run: persona-guard uninstall"
  "$bin" uninstall --scope "$scope"
  if [ "$method" = pipx ]; then
    pipx uninstall persona-guard >/dev/null && say "removed the pipx package"
  elif [ "$method" = venv ] && [ -f "$prefix/pyvenv.cfg" ]; then
    rm -rf "$prefix" && say "removed $prefix"
  fi
  rm -f "$state_file"
  rmdir "$state_dir" 2>/dev/null || true  # kept when it holds your profiles and audit log
  say "done. Remove the extension from your browsers' extension pages."
  exit 0
fi

python=${PYTHON:-python3}
command -v "$python" >/dev/null 2>&1 || die "'$python' was not found" "install Python 3.11 or newer (e.g. sudo apt install python3 python3-venv), or set PYTHON=/path/to/python3"
"$python" -c 'import sys; sys.exit(sys.version_info < (3, 11))' || die "$("$python" --version 2>&1) is too old: Persona Guard needs Python 3.11 or newer" "install a newer Python and run again with PYTHON=/path/to/python3.11"

if [ -z "$source" ]; then
  if [ -f "$here/../pyproject.toml" ]; then source=$(cd "$here/.." && pwd); else source=persona-guard; fi
fi

if [ -n "$prefix" ] || [ "$use_pipx" = no ]; then
  method=venv
elif [ -n "$saved_method" ]; then
  method=$saved_method
  prefix=$saved_prefix
elif command -v pipx >/dev/null 2>&1; then
  method=pipx
else
  method=venv
fi

if [ "$method" = pipx ]; then
  say "installing $source with pipx"
  pipx install --force --python "$python" "$source" >/dev/null
  pipx_bin=$(pipx environment --value PIPX_BIN_DIR 2>/dev/null || echo "$HOME/.local/bin")
  bin="$pipx_bin/persona-guard"
else
  [ -n "$prefix" ] || prefix="$state_dir/venv"
  if [ ! -x "$prefix/bin/python" ]; then
    say "creating a virtual environment in $prefix"
    "$python" -m venv "$prefix" || die "could not create a virtual environment in $prefix" "on Debian and Ubuntu: sudo apt install python3-venv"
  fi
  say "installing $source into $prefix"
  "$prefix/bin/python" -m pip install --quiet --disable-pip-version-check --upgrade "$source" || die "pip could not install $source" "check your network (or pass --source with a local checkout or wheel) and run again"
  bin="$prefix/bin/persona-guard"
fi
[ -x "$bin" ] || die "the installation left no $bin" "run again; if it persists, run with --no-pipx"

mkdir -p "$state_dir"
{
  printf 'saved_method=%s\n' "$method"
  printf 'saved_prefix=%s\n' "$(quote "$prefix")"
  printf 'saved_bin=%s\n' "$(quote "$bin")"
} > "$state_file"

# shellcheck disable=SC2086  # $browsers holds separate --browser NAME words
"$bin" install $browsers --scope "$scope"
say "persona-guard is $bin"
case ":$PATH:" in *":$(dirname "$bin"):"*) ;; *) say "add $(dirname "$bin") to your PATH, or run it by that full path" ;; esac
if [ -f "$source/extension/build.py" ]; then
  say "build the extension zips with: $bin package --source '$source/extension'   (into $source/dist)"
fi

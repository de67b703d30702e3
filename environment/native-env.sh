# Sourced (bash): load_native_env FILE exports each KEY=VALUE of FILE (environment/native.env) that is not already
# set, and lists the file's keys in NATIVE_ENV_KEYS. Comments, blank lines, indentation, CRLF and a missing final
# newline are accepted; any other line prints what is wrong and returns 2. Used by ./coopt and install-kernel.sh.
load_native_env() {
  local line
  NATIVE_ENV_KEYS=()
  while IFS= read -r line || [ -n "$line" ]; do
    line="${line%$'\r'}"
    line="${line#"${line%%[![:space:]]*}"}"
    case "$line" in ''|'#'*) continue ;; esac
    if ! [[ "$line" =~ ^([A-Za-z_][A-Za-z0-9_]*)=(.*)$ ]]; then
      echo "environment/native.env: '$line' is not KEY=VALUE (fix that line)" >&2
      return 2
    fi
    NATIVE_ENV_KEYS+=("${BASH_REMATCH[1]}")
    [ -n "${!BASH_REMATCH[1]:-}" ] || export "${BASH_REMATCH[1]}=${BASH_REMATCH[2]}"
  done < "$1"
}

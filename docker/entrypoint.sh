#!/bin/sh
# The builder image's entrypoint (docker/Dockerfile): sets up the target role for the command, then execs it.
#   CROSSROLE_MODE=configure (default): `crossrole configure --from-env` from REGION, ROLE_ARN, EXTERNAL_ID and the
#     BUILD keys (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY): [default] assumes the role with its ExternalId; the keys
#     are then dropped from the environment, so every tool uses [default].
#   CROSSROLE_MODE=serve: `crossrole serve $CROSSROLE_TARGET` (spec: $CROSSROLE_CONFIG) in the background, a
#     credential endpoint that re-assumes the role before each expiry, for builds longer than a session; the command
#     gets only the endpoint's URL and token (CROSSROLE_SERVE_PID names the endpoint process).
#   CROSSROLE_MODE=none: nothing.
set -eu

case "${CROSSROLE_MODE:-configure}" in
configure)
  crossrole configure --from-env -q
  unset AWS_ACCESS_KEY_ID AWS_SECRET_ACCESS_KEY AWS_SESSION_TOKEN
  ;;
serve)
  : "${CROSSROLE_TARGET:?CROSSROLE_MODE=serve needs CROSSROLE_TARGET}"
  exports="$(mktemp)"
  crossrole serve "$CROSSROLE_TARGET" -q >"$exports" &
  CROSSROLE_SERVE_PID=$!
  export CROSSROLE_SERVE_PID
  tries=0
  until grep -q AWS_CONTAINER_AUTHORIZATION_TOKEN "$exports"; do
    if ! kill -0 "$CROSSROLE_SERVE_PID" 2>/dev/null || [ "$tries" -ge 300 ]; then
      rm -f "$exports"
      echo "crossrole entrypoint: the credential endpoint did not start (see above)" >&2
      exit 5
    fi
    tries=$((tries + 1))
    sleep 0.1
  done
  . "$exports"
  rm -f "$exports"
  unset AWS_ACCESS_KEY_ID AWS_SECRET_ACCESS_KEY AWS_SESSION_TOKEN
  ;;
none) ;;
*)
  echo "crossrole entrypoint: CROSSROLE_MODE must be configure, serve or none, not '$CROSSROLE_MODE'" >&2
  exit 2
  ;;
esac

exec "$@"

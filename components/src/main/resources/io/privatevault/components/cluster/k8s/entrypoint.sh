#!/bin/sh
# Mounted over the Vault image's docker-entrypoint.sh, which the chart's `sh -ec` runs as its last command (so
# busybox execs it as PID 1). No core dumps: a core of Vault would hold unsealed key material. `exec` makes
# Vault itself PID 1, receiving the kubelet's SIGTERM directly. SKIP_CHOWN/SKIP_SETCAP are moot: the root
# filesystem is read-only and the capability comes from the pod spec.
# busybox ash (the image's /bin/sh) and dash implement -c, which POSIX leaves undefined.
# shellcheck disable=SC3045
ulimit -c 0
exec "$@"

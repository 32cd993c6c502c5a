#!/usr/bin/env bash
# Runs as root before every Vault start (ExecStartPre of vault.service): installs what the node runs, once, and is a
# quick no-op afterwards. A repository or bucket that is not reachable yet fails this start, and systemd starts Vault
# again 10 s later (Restart=on-failure, no start limit), so a node that boots before its network is ready recovers
# on its own instead of waiting for a replacement.
# - the distribution packages (Amazon Linux 2023 serves them from S3, through the S3 gateway endpoint); the CloudWatch
#   agent is started on its configuration once installed;
# - the pinned Vault release, from HashiCorp's release site through NAT or from an artifact bucket mirroring its
#   layout; either way it must match the SHA-256 pinned in the stack, so a tampered mirror cannot install anything.
set -euo pipefail
: "${AWS_REGION:?}" "${VAULT_VERSION:?}" "${VAULT_SHA256:?}" "${VAULT_ARCH:?}" "${VAULT_DOWNLOAD_URL:?}" "${VAULT_BINARY:?}"
: "${NODE_PACKAGES:?}" "${CW_AGENT_CONFIG:?}"
# shellcheck source=common.sh
source "$(dirname "$0")/common.sh"

IFS=, read -r -a packages <<<"${NODE_PACKAGES}"
if ! rpm -q "${packages[@]}" >/dev/null; then
  dnf -y install "${packages[@]}"
fi
if ! systemctl is-active --quiet amazon-cloudwatch-agent; then
  /opt/aws/amazon-cloudwatch-agent/bin/amazon-cloudwatch-agent-ctl -a fetch-config -m ec2 -s -c "file:${CW_AGENT_CONFIG}"
fi

if [[ -x "${VAULT_BINARY}" ]] && "${VAULT_BINARY}" version | grep -q "^Vault v${VAULT_VERSION} "; then
  exit 0
fi

work=$(mktemp -d)
trap 'rm -rf "${work}"' EXIT
archive="vault_${VAULT_VERSION}_linux_${VAULT_ARCH}.zip"
source_url="${VAULT_DOWNLOAD_URL%/}/${VAULT_VERSION}/${archive}"
case "${source_url}" in
  s3://*) aws s3 cp --only-show-errors --region "${AWS_REGION}" "${source_url}" "${work}/${archive}" ;;
  https://*) curl -sSfL --retry 5 -o "${work}/${archive}" "${source_url}" ;;
  *)
    log "unsupported download URL ${source_url}" >&2
    exit 1
    ;;
esac
echo "${VAULT_SHA256}  ${work}/${archive}" | sha256sum --check --strict --quiet
unzip -q -o "${work}/${archive}" vault -d "${work}"
install -o root -g root -m 0755 "${work}/vault" "${VAULT_BINARY}"
log "installed $("${VAULT_BINARY}" version)"

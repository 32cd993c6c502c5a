#!/usr/bin/env bash
# Installs the pinned Vault release once (cloud-init runcmd). The archive comes from HashiCorp's release
# site through NAT, or from an artifact bucket mirroring its layout when the VPC has no internet path; either
# way it must match the SHA-256 pinned in the stack, so a tampered mirror cannot install anything.
set -euo pipefail
: "${AWS_REGION:?}" "${VAULT_VERSION:?}" "${VAULT_SHA256:?}" "${VAULT_ARCH:?}" "${VAULT_DOWNLOAD_URL:?}" "${VAULT_BINARY:?}"
# shellcheck source=common.sh
source "$(dirname "$0")/common.sh"

if [[ -x "${VAULT_BINARY}" ]] && "${VAULT_BINARY}" version | grep -q "^Vault v${VAULT_VERSION} "; then
  log "Vault ${VAULT_VERSION} already installed"
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

#!/usr/bin/env bash
# vault-tls-refresh.timer runs this (as root) on every node: a node certificate renewed by `pulumi up` (early renewal,
# well before expiry) reaches the running node without a restart. Vault reloads listener certificates on SIGHUP
# ("tls_cert_file (string: <required-if-enabled>, reloads-on-SIGHUP)", Vault docs, tcp listener), which is what
# `systemctl reload vault` sends (ExecReload).
set -euo pipefail
: "${AWS_REGION:?}" "${TLS_SECRET_ID:?}" "${VAULT_TLS_DIR:?}"
# shellcheck source=common.sh
source "$(dirname "$0")/common.sh"

install_tls_bundle
if [[ "${TLS_CHANGED}" != true ]]; then
  log "TLS bundle unchanged"
  exit 0
fi
if systemctl is-active --quiet vault.service; then
  systemctl reload vault.service
  log "new TLS bundle installed; Vault reloaded its listener certificate (SIGHUP)"
else
  log "new TLS bundle installed; Vault uses it when it starts"
fi

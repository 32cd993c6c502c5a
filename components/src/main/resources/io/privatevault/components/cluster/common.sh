#!/usr/bin/env bash
# Shared helpers for the node scripts (sourced, never run). Values come from /etc/vault.d/cluster.env.

# IMDSv2 only: a session token first (hop limit 1 keeps containers from reaching it).
imds() {
  local token
  token=$(curl -sSf --retry 5 -X PUT -H 'X-aws-ec2-metadata-token-ttl-seconds: 300' \
    http://169.254.169.254/latest/api/token)
  curl -sSf --retry 5 -H "X-aws-ec2-metadata-token: ${token}" "http://169.254.169.254/latest/meta-data/$1"
}

# HTTP status of this node's /v1/sys/health (000 when Vault does not answer). 200 = active.
health_code() {
  curl -s -o /dev/null -w '%{http_code}' --max-time 5 --cacert "${VAULT_CACERT}" \
    "${VAULT_ADDR}/v1/sys/health" || true
}

log() {
  echo "$(basename "$0"): $*"
}

# Installs the TLS bundle {"ca_pem", "cert_pem", "key_pem"} from Secrets Manager into VAULT_TLS_DIR (root:vault 0640),
# read in one call so the certificate and key always come from the same version, and only files that changed. Sets
# TLS_CHANGED to true or false. Refuses a certificate that does not belong to its key: Vault would keep serving the old
# one on SIGHUP, and refuse to start with it. The CA private key is never part of the bundle.
# shellcheck disable=SC2034 # TLS_CHANGED is read by the scripts that source this file
install_tls_bundle() {
  local bundle dir="${VAULT_TLS_DIR}" name field
  TLS_CHANGED=false
  umask 077
  install -d -o root -g vault -m 0750 "${dir}"
  bundle=$(aws secretsmanager get-secret-value --region "${AWS_REGION}" --secret-id "${TLS_SECRET_ID}" \
    --query SecretString --output text)
  for field in ca_pem:ca.pem cert_pem:vault.pem key_pem:vault-key.pem; do
    name="${field#*:}"
    printf '%s' "${bundle}" | jq -er ".${field%%:*}" >"${dir}/${name}.new"
  done
  if [[ "$(openssl x509 -noout -pubkey -in "${dir}/vault.pem.new")" != "$(openssl pkey -pubout -in "${dir}/vault-key.pem.new")" ]]; then
    rm -f "${dir}"/*.new
    log "the TLS bundle in ${TLS_SECRET_ID} holds a certificate that does not match its key; nothing installed" >&2
    return 1
  fi
  for name in ca.pem vault.pem vault-key.pem; do
    if cmp -s "${dir}/${name}.new" "${dir}/${name}"; then
      rm -f "${dir}/${name}.new"
      continue
    fi
    chown root:vault "${dir}/${name}.new"
    chmod 0640 "${dir}/${name}.new"
    mv -f "${dir}/${name}.new" "${dir}/${name}"
    TLS_CHANGED=true
  done
}

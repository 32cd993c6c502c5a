#!/usr/bin/env bash
# Runs on every node from vault-seal-check.timer: publishes whether the seal key is usable (1) or not (0).
# A disabled or deletion-pending seal key means no node can unseal after its next restart.
set -euo pipefail
: "${AWS_REGION:?}" "${SEAL_KEY_ARN:?}" "${METRIC_NAMESPACE:?}" "${VAULT_CLUSTER_NAME:?}"

state=$(aws kms describe-key --region "${AWS_REGION}" --key-id "${SEAL_KEY_ARN}" \
  --query KeyMetadata.KeyState --output text || echo Unreachable)
value=0
if [[ "${state}" == "Enabled" ]]; then
  value=1
fi
aws cloudwatch put-metric-data --region "${AWS_REGION}" --namespace "${METRIC_NAMESPACE}" \
  --metric-name SealKeyEnabled --dimensions "ClusterName=${VAULT_CLUSTER_NAME}" --value "${value}" --unit Count

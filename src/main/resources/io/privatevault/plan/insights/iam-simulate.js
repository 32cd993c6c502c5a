// Runs a batch of IAM authorization requests through @cloud-copilot/iam-simulate (an AWS IAM policy simulator:
// identity and resource policies, same- and cross-account rules, KMS key-policy trust, every condition operator).
// stdin:  {"simulations": [{"id", "principal", "action", "resource", "resourceAccount", "context": {key: value},
//          "identityPolicies": [policy JSON text], "resourcePolicy": policy JSON text or null}]}
// stdout: {"simulator": "<version>", "results": [{"id", "result": "Allowed|ImplicitlyDenied|ExplicitlyDenied",
//          "errors": [...], "evaluatedWithoutValidation": [...]}]}
// The simulator's validating entry point drops context keys it cannot match to the action, and it knows KMS's
// kms:EncryptionContext:<key> only as a template; a request carrying such keys is evaluated by the same engine
// without that filter (runUnsafeSimulation) after the validating run accepted everything else in it.
const { runSimulation, runUnsafeSimulation } = require('@cloud-copilot/iam-simulate');
const { createValidatedPolicy, validateResourcePolicy } = require('@cloud-copilot/iam-policy');
const fs = require('fs');
const path = require('path');

// The package exports only its entry point, so its version is read from the package.json above that entry.
function simulatorVersion() {
  let dir = path.dirname(require.resolve('@cloud-copilot/iam-simulate'));
  for (; dir !== path.dirname(dir); dir = path.dirname(dir)) {
    const file = path.join(dir, 'package.json');
    if (fs.existsSync(file)) {
      const pkg = JSON.parse(fs.readFileSync(file, 'utf8'));
      if (pkg.name === '@cloud-copilot/iam-simulate') {
        return pkg.version;
      }
    }
  }
  return 'unknown';
}

const ENCRYPTION_CONTEXT = /^kms:encryptioncontext:/i;

async function evaluate(s) {
  const identityPolicies = s.identityPolicies.map((text, i) => ({ name: `identity-${i}`, policy: JSON.parse(text) }));
  const resourcePolicy = s.resourcePolicy ? JSON.parse(s.resourcePolicy) : undefined;
  const request = {
    principal: s.principal,
    action: s.action,
    resource: { resource: s.resource, accountId: s.resourceAccount },
    contextVariables: s.context,
  };
  const simulation = { request, identityPolicies, serviceControlPolicies: [], resourceControlPolicies: [], resourcePolicy };
  const checked = await runSimulation(simulation, {});
  if (checked.resultType === 'error') {
    return { id: s.id, result: 'Error', errors: [checked.errors.message, JSON.stringify(checked.errors)] };
  }
  const ignored = checked.resultType === 'single' ? checked.result.ignoredContextKeys || []
    : [...new Set(checked.results.flatMap((r) => r.ignoredContextKeys || []))];
  const unknown = ignored.filter((k) => !ENCRYPTION_CONTEXT.test(k));
  if (unknown.length > 0) {
    return { id: s.id, result: 'Error', errors: [`context keys that do not apply to ${s.action}: ${unknown.join(', ')}`] };
  }
  if (ignored.length === 0) {
    return { id: s.id, result: checked.overallResult, errors: [] };
  }
  const unsafe = runUnsafeSimulation({
    ...simulation,
    resourcePolicy: resourcePolicy ? createValidatedPolicy(resourcePolicy, validateResourcePolicy, { name: 'resource policy' }) : undefined,
  }, {});
  return { id: s.id, result: unsafe, errors: [], evaluatedWithoutValidation: ignored };
}

let input = '';
process.stdin.setEncoding('utf8');
process.stdin.on('data', (chunk) => { input += chunk; });
process.stdin.on('end', async () => {
  try {
    const { simulations } = JSON.parse(input);
    const results = [];
    for (const s of simulations) {
      results.push(await evaluate(s));
    }
    process.stdout.write(JSON.stringify({ simulator: simulatorVersion(), results }));
  } catch (e) {
    process.stderr.write(`${e && e.stack ? e.stack : e}\n`);
    process.exit(1);
  }
});

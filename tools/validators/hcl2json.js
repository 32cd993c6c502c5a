#!/usr/bin/env node
// Parses each HCL file named on the command line with HashiCorp's HCL parser (@cdktf/hcl2json, a WebAssembly
// build of hashicorp/hcl) and prints {"<file>": <parsed JSON>}. Exits 1 with the parser's message on an error.
const fs = require('fs');
const { parse } = require('@cdktf/hcl2json');

(async () => {
  const out = {};
  for (const file of process.argv.slice(2)) {
    try {
      out[file] = await parse(file, fs.readFileSync(file, 'utf8'));
    } catch (e) {
      process.stderr.write(`${file}: ${e && e.message ? e.message : e}\n`);
      process.exit(1);
    }
  }
  process.stdout.write(JSON.stringify(out));
})();

// Integration tests talk to the real local stack; its addresses and generated secrets live in
// the env file that `deploy/local/stack up` writes. Values already in the environment win.
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const stateDir = process.env.YANXIU_STATE || path.join(os.homedir(), '.local', 'state', 'yanxiu');
const file = path.join(stateDir, 'stack.env');
if (!fs.existsSync(file)) {
  throw new Error(`${file} not found: start the local stack first (deploy/local/stack up)`);
}
for (const line of fs.readFileSync(file, 'utf8').split('\n')) {
  const match = /^([A-Z0-9_]+)=(.*)$/.exec(line.trim());
  if (match && process.env[match[1]] === undefined) process.env[match[1]] = match[2];
}

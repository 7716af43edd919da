// Type-checks each layer with its own tsconfig (what a layer may see is part of the architecture).
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

const { references } = JSON.parse(readFileSync('tsconfig.json', 'utf8'));
let failed = 0;
for (const { path } of references) {
  const r = spawnSync('npx', ['tsc', '-p', path, '--noEmit'], { stdio: 'inherit' });
  if (r.status !== 0) { failed++; console.error(`typecheck failed: ${path}`); }
}
process.exit(failed ? 1 : 0);

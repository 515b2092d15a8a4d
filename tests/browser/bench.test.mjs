// The browser benchmark in quick mode, so every test run prints the figures (load to
// ready, a report checked in the page). Timings are printed, never asserted.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runBench } from './bench.mjs';

test('browser benchmark (figures printed)', async () => {
  const f = await runBench({ quick: true, log: (line) => console.log(`    ${line}`) });
  assert.ok(f.cold.every(Number.isFinite) && f.warm.every(Number.isFinite));
  assert.ok(Object.values(f.worker).every((x) => Number.isFinite(x.median) && x.median > 0));
});

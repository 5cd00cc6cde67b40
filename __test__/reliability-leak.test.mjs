// CI-sized leak check: runs scripts/leak.mjs --ci in a child `node --expose-gc` and checks
// its bounds (set/delete cycles and store create/drop cycles do not grow RSS past warm-up;
// dropped stores are collected and their memory is reused). Full size: see scripts/leak.mjs.
import assert from 'node:assert/strict';
import {spawnSync} from 'node:child_process';
import {fileURLToPath} from 'node:url';
import {it} from 'node:test';

const script = fileURLToPath(new URL('../scripts/leak.mjs', import.meta.url));

it('leak.mjs --ci: RSS bounded over set/delete and create/drop cycles; dropped stores are collected and their memory reused', () => {
	const r = spawnSync(process.execPath, ['--expose-gc', script, '--ci'], {encoding: 'utf8', timeout: 180000});
	const lines = r.stdout.trim().split('\n');
	for (const line of lines.slice(0, -1)) console.log(`# ${line}`);
	assert.equal(r.signal, null, `killed by ${r.signal}`);
	const summary = JSON.parse(lines.at(-1));
	assert.ok(summary.ok, `a bound was exceeded:\n${r.stdout}\n${r.stderr}`);
	assert.equal(r.status, 0, r.stderr);
	assert.equal(summary.release.rounds.length, 6);
});

// A write of more than one chunk has the engine set each chunk on its ingest thread while
// the next one is encoded (src/ingest.rs), on a machine with two CPUs or more. With one CPU,
// or `HARO_RS_INGEST=0`, every chunk is set on the JS thread, as it was: the suites that
// write in bulk, and refuse records part way through a chunk, run again here that way.
import './helpers/testing-addon.mjs';
import assert from 'node:assert/strict';
import {spawnSync} from 'node:child_process';
import {createRequire} from 'node:module';
import {availableParallelism} from 'node:os';
import {fileURLToPath} from 'node:url';
import {describe, it} from 'node:test';
import {Haro} from '../index.mjs';
import * as ref from 'haro';

const native = createRequire(import.meta.url)('../lib/binding.js');
const OWN = {skip: Boolean(process.env.HARO_IMPL)}; // (the binding's own calls)
const suite = name => fileURLToPath(new URL(name, import.meta.url));

describe('chunks set off the JS thread', () => {
	it('are, with two CPUs or more and without HARO_RS_INGEST=0', OWN, () => {
		// (one CPU by affinity: none; a container's quota may say one where this says more)
		if (availableParallelism() < 2 || process.env.HARO_RS_INGEST === '0') assert.equal(native.ingestsLater(), false);
		else assert.equal(typeof native.ingestsLater(), 'boolean');
		const binding = fileURLToPath(new URL('../lib/binding.js', import.meta.url));
		const off = spawnSync(process.execPath, ['-p', `require(${JSON.stringify(binding)}).ingestsLater()`], {env: {...process.env, HARO_RS_INGEST: '0'}, encoding: 'utf8'});
		assert.equal(off.stdout.trim(), 'false');
	});

	it('a big batch into an indexed store, each chunk handed on while the next is encoded, is haro@16\'s, ids included', () => {
		const recs = Array.from({length: 5000}, (_, i) => ({id: `k${i % 4000}`, name: `n${i % 13}`, at: new Date(i), v: i % 9 ? i : NaN}));
		for (const cfg of [{index: ['name']}, {index: ['name'], immutable: true}, {versioning: true}, {recordCacheSize: 100, index: ['name']}]) {
			const a = new Haro(cfg);
			const b = new ref.Haro(cfg);
			// (a key set twice in one batch: its second write updates the first, keeping its place)
			assert.deepEqual(a.batch(recs).length, b.batch(recs).length);
			assert.deepEqual(a.dump('records'), b.dump('records'));
			assert.deepEqual(a.find({name: 'n4'}), b.find({name: 'n4'}));
			assert.deepEqual(a.get('k3999'), b.get('k3999'));
			assert.deepEqual([...a.keys()].slice(-3), [...b.keys()].slice(-3));
			// a read between two batches, and one from a getter in the middle of one
			const more = recs.slice(0, 900).map(r => ({...r, id: `m${r.id}`}));
			let seen = null;
			Object.defineProperty(more[600], 'peek', {enumerable: true, get: () => (seen ??= a.get('mk1')?.length ?? b.get('mk1')?.length, 1)});
			a.batch(more);
			b.batch(more.map(r => ({...r})));
			assert.deepEqual(a.dump('records'), b.dump('records'));
			assert.equal(seen, 2);
		}
	});
});

describe('every chunk set on the JS thread (HARO_RS_INGEST=0)', OWN, () => {
	for (const name of ['factory-load.test.mjs', 'deferred.test.mjs', 'reliability.test.mjs']) {
		it(name, () => {
			// (not as a child of this runner: NODE_TEST_CONTEXT would make it report to it)
			const {NODE_TEST_CONTEXT, ...env} = process.env; // eslint-disable-line no-unused-vars
			const out = spawnSync(process.execPath, ['--test', '--test-reporter=tap', suite(name)], {env: {...env, HARO_RS_INGEST: '0'}, encoding: 'utf8'});
			assert.equal(out.status, 0, out.stdout.split('\n').filter(l => /not ok|error/.test(l)).slice(0, 20).join('\n'));
			assert.match(out.stdout, /# fail 0/);
		});
	}
});

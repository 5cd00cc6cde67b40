// A write of more than one chunk has the engine set each chunk on an ingest thread while the
// next one is encoded (src/ingest.rs), on a machine with two CPUs or more. With one CPU, or
// `HARO_RS_INGEST=0`, every chunk is set on the JS thread, as it was: the suites that write
// in bulk, and refuse records part way through a chunk, run again here that way.
import './helpers/testing-addon.mjs'; // stopIngestAfter(): the testing build
import assert from 'node:assert/strict';
import {spawnSync} from 'node:child_process';
import {readFileSync} from 'node:fs';
import {createRequire} from 'node:module';
import {availableParallelism} from 'node:os';
import {fileURLToPath} from 'node:url';
import {describe, it} from 'node:test';
import {Haro} from '../index.mjs';
import * as ref from 'haro';

const native = createRequire(import.meta.url)('../lib/binding.js');
const OWN = {skip: Boolean(process.env.HARO_IMPL)}; // (the binding's own calls)
const LATER = {skip: Boolean(process.env.HARO_IMPL) || !native.ingestsLater()};
const suite = name => fileURLToPath(new URL(name, import.meta.url));

/** The CPUs Rust's `available_parallelism` counts: the affinity's, under a cgroup v2 quota. */
function cpus () {
	try {
		const [quota, period] = readFileSync('/sys/fs/cgroup/cpu.max', 'utf8').trim().split(' ');
		if (quota !== 'max') return Math.min(availableParallelism(), Math.max(1, Math.floor(Number(quota) / Number(period))));
	} catch {}

	return availableParallelism();
}

/** Calls of `setRecordsLater` while `fn` runs. */
function later (fn) {
	const {setRecordsLater} = native;
	let n = 0;
	native.setRecordsLater = (...a) => (n++, setRecordsLater(...a));
	try {
		fn();
	} finally {
		native.setRecordsLater = setRecordsLater;
	}

	return n;
}

// Records JSON holds as they are (a Date too: written as its tag), so every chunk is sent as
// one array's text; keys set twice in one batch (an update keeps its place and id).
const records = (n, from = 0) => Array.from({length: n}, (_, i) => ({id: `k${(from + i) % Math.ceil(n * 0.8)}`, name: `n${i % 13}`, at: new Date(i * 1000), tags: [`t${i % 3}`], n: i}));

describe('chunks set off the JS thread', () => {
	it('are, with two CPUs or more and without HARO_RS_INGEST=0', OWN, () => {
		assert.equal(native.ingestsLater(), cpus() >= 2 && process.env.HARO_RS_INGEST !== '0');
		const binding = fileURLToPath(new URL('../lib/binding.js', import.meta.url));
		const off = spawnSync(process.execPath, ['-p', `require(${JSON.stringify(binding)}).ingestsLater()`], {env: {...process.env, HARO_RS_INGEST: '0'}, encoding: 'utf8'});
		assert.equal(off.stdout.trim(), 'false');
	});

	for (const cfg of [{index: ['name', 'tags']}, {index: ['name'], immutable: true}, {versioning: true}, {recordCacheSize: 100, index: ['name']}, {}]) {
		it(`a batch of 5,000 into ${JSON.stringify(cfg)}, then reads and another batch: haro@16's records, ids, order and indexes`, LATER, () => {
			const recs = records(5000);
			const a = new Haro(cfg);
			const b = new ref.Haro(cfg);
			let sent = later(() => assert.equal(a.batch(recs).length, b.batch(recs).length));
			assert.ok(sent >= 19, `${sent} chunks sent off the JS thread`);
			assert.deepEqual(a.dump('records'), b.dump('records'));
			assert.deepEqual(a.find({name: 'n4'}), b.find({name: 'n4'}));
			assert.deepEqual(a.get('k3999'), b.get('k3999'));
			assert.deepEqual([...a.keys()].slice(-3), [...b.keys()].slice(-3));
			sent = later(() => {
				a.batch(records(900, 3500));
				a.setMany(records(600, 100).map(r => ({...r, n: -r.n})));
			});
			b.batch(records(900, 3500));
			b.batch(records(600, 100).map(r => ({...r, n: -r.n})));
			assert.ok(sent >= 4, `${sent} chunks sent off the JS thread`);
			assert.deepEqual(a.dump('records'), b.dump('records'));
			assert.deepEqual(a.reindex('name').find({name: 'n7'}), b.reindex('name').find({name: 'n7'}));
			assert.deepEqual(a.toArray(), b.toArray());
		});
	}

	it('not a chunk whose records\' text is a few characters: an override of indexes lands the keys, each record {}, on the JS thread', LATER, () => {
		const recs = records(1000).map((r, i) => ({...r, id: `u${i}`})); // (keys new to the store: its batch waits to land)
		const src = new Haro({index: ['name', 'tags']});
		src.batch(recs);
		const dump = src.dump('indexes');
		const a = new Haro();
		a.batch(recs);
		const b = new ref.Haro();
		b.batch(recs);
		assert.equal(later(() => a.override(dump, 'indexes')), 0);
		b.override(dump, 'indexes');
		assert.deepEqual(a.find({name: 'n3'}), b.find({name: 'n3'}));
		assert.deepEqual(a.dump('records'), b.dump('records'));
		assert.ok(later(() => new Haro().batch(records(1000))) > 0, 'a batch of these records is set off the JS thread');
	});

	// The testing build can have the next chunk set off the JS thread stop after so many of
	// its records (`stopIngestAfter`), as at a record the engine refused, or panic there. A
	// getter in the chunk asks it while the chunk is encoded (its last read before that is
	// the check), so the stop is in that chunk: the first (known at the next crossing), a
	// middle one, or the last (known when the write ends).
	for (const panic of [false, true]) {
		for (const chunk of [0, 2, 3]) {
			it(`a chunk (${chunk + 1} of 4) that ${panic ? 'panics' : 'stops'} part way: the rest of it is set a record at a time before anything after it, as haro@16 holds it`, LATER, () => {
				for (const after of [0, 1, 100, 255]) {
					for (const cfg of [{index: ['name']}, {recordCacheSize: 0}, {versioning: true}]) {
						const recs = records(1000);
						// (how often a write reads it: at the check, again as it lands where
						// writes wait to land, then to encode it; the last read encodes it)
						let encoded = 0;
						const probe = records(1000);
						probe[7].ask = {get g () {
							return ++encoded;
						}};
						const probed = new Haro(cfg);
						probed.batch(probe);
						probed.stats(); // (lands what waits to land)
						assert.ok(encoded >= 2);
						let reads = 0;
						recs[chunk * 256 + 7].ask = {get g () {
							if (++reads === encoded) native.stopIngestAfter(after, panic);

							return 'g';
						}};
						const a = new Haro(cfg);
						const b = new ref.Haro(cfg);
						a.batch(recs);
						a.stats(); // (lands what waits to land)
						// (read again only where the chunk stopped before it: the rest of the
						// chunk, and nothing the engine had set, is encoded again)
						assert.equal(reads, encoded + (after <= 7 ? 1 : 0), `after ${after} ${JSON.stringify(cfg)}`);
						b.batch(recs.map(r => (r.ask ? {...r, ask: {g: 'g'}} : r)));
						assert.deepEqual(a.dump('records'), b.dump('records'), `after ${after} ${JSON.stringify(cfg)}`);
						assert.deepEqual(a.reindex('name').find({name: 'n3'}), b.reindex('name').find({name: 'n3'}));
						assert.equal(a.stats().records, b.size);
						if (cfg.versioning) assert.deepEqual([...a.versions.get('k10')], [...b.versions.get('k10')]);
						native.stopIngestAfter(0xffffffff, false);
					}
				}
			});
		}
	}
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

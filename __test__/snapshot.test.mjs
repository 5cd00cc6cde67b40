// Snapshots (haro-rs only): save/load round trips against haro@16's own state, every
// config, damaged files (truncation, flipped bytes, unknown version), asynchronous saves
// that capture the store as it was, and a child process killed in the middle of saving.
import './helpers/testing-addon.mjs'; // the test build packs every record (crates/haro-core/src/shape.rs): first, before the addon loads
import {describe, it, before, after} from 'node:test';
import assert from 'node:assert/strict';
import {spawn, spawnSync} from 'node:child_process';
import {lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync, existsSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {setTimeout as sleep} from 'node:timers/promises';
import {Haro, haro} from '../index.mjs';
import {haro as haro16} from 'haro';
import {prng} from './helpers/prng.mjs';

let dir;
before(() => {
	dir = mkdtempSync(join(tmpdir(), 'haro-snap-'));
});
after(() => rmSync(dir, {recursive: true, force: true}));


function dataset (n, seed = 7) {
	const r = prng(seed);
	const out = [];
	for (let i = 0; i < n; i++) {
		const rec = {id: i % 5 === 0 ? i : `r${i}`, name: `n${Math.floor(r() * 30)}`, a: Math.floor(r() * 4), b: ['x', 'y', 'z'][i % 3]};
		if (r() < 0.5) rec.tags = ['t1', 't2', 't3'].filter(() => r() < 0.5);
		if (r() < 0.2) rec.nested = {deep: [1, {two: 'é\n"'}], when: new Date(86400000 * i)};
		out.push(rec);
	}

	return out;
}

/** The same writes on a haro-rs store and a haro@16 store. */
function pair (config, n = 300) {
	const data = dataset(n);
	const a = haro(data, config);
	const b = haro16(structuredClone(data), config);
	for (const [i, rec] of data.entries()) {
		if (i % 7 === 0) {
			a.set(rec.id, {a: 9, extra: i});
			b.set(rec.id, {a: 9, extra: i});
		}
		if (i % 11 === 0) {
			a.delete(rec.id);
			b.delete(rec.id);
		}
	}

	return [a, b];
}

/** What a store holds, comparably between haro-rs and haro@16. */
function state (s) {
	const versions = [...s.versions.entries()].map(([k, v]) => [k, [...v]]);

	return {records: s.toArray().map(r => ({...r})), keys: [...s.keys()], versions, indexes: s.dump('indexes'), size: s.size};
}

const file = name => join(dir, name);

/** A `loadAsync` of `path` (`loading`) and the store it fills (`store`), once its constructor ran. */
async function loadingInto (path) {
	let store = null;
	class Held extends Haro {
		constructor (c) {
			super(c);
			store = this;
		}
	}
	const loading = Held.loadAsync(path);
	while (store === null) await new Promise(resolve => setImmediate(resolve));

	return {loading, store};
}

describe('save and load', () => {
	it('round-trips records, versions and indexes as haro@16 holds them', () => {
		const config = {index: ['name', 'a', 'tags', 'a|b'], versioning: true};
		const [a, b] = pair(config);
		a.save(file('rt.snap'));
		const c = Haro.load(file('rt.snap'));
		// The indexes are the saved ones, key order included (not rebuilt in record order).
		assert.deepEqual(state(c), state(b));
		// The engine's accounting (stats()) agrees with the store saved.
		const {bytes, indexes, versions, records} = a.stats();
		assert.deepEqual((({bytes, indexes, versions, records}) => ({bytes, indexes, versions, records}))(c.stats()), {bytes, indexes, versions, records});
		assert.deepEqual(c.find({a: 9, b: 'x'}), b.find({a: 9, b: 'x'}));
		assert.deepEqual(c.where({tags: 't1'}), b.where({tags: 't1'}));
		assert.equal(c.versioning, true);
		assert.deepEqual(c.index, config.index);
		// The loaded store goes on working as haro@16's does.
		c.set('r1', {name: 'changed'});
		b.set('r1', {name: 'changed'});
		c.delete('r2');
		b.delete('r2');
		assert.deepEqual(state(c), state(b));
		// Sets loaded whole get their position maps on first write: many removals and
		// re-adds across them keep every index as haro@16's.
		for (const k of [...b.keys()].filter((_, i) => i % 3 === 0)) {
			const rec = b.get(k);
			c.delete(k);
			b.delete(k);
			if (typeof k === 'string' && k.endsWith('1')) {
				c.set(k, {...rec});
				b.set(k, {...rec});
			}
		}
		assert.deepEqual(state(c), state(b));
		assert.deepEqual(c.find({a: 2}), b.find({a: 2}));
	});

	it('loadAsync and saveAsync give the same store', async () => {
		const [a, b] = pair({index: ['name', 'tags'], versioning: true});
		const ret = await a.saveAsync(file('async.snap'));
		assert.equal(ret, a);
		assert.deepEqual(readFileSync(file('async.snap')), (a.save(file('sync.snap')), readFileSync(file('sync.snap'))));
		const c = await Haro.loadAsync(file('async.snap'));
		assert.deepEqual(state(c), state(b));
	});

	it('indexes that no longer follow the records are rebuilt on load, as haro@16 would', () => {
		const config = {index: ['name', 'a'], versioning: false};
		for (const damage of [s => s.indexes.delete('a'), s => s.override([['name', [['zz', ['r1']]]]], 'indexes')]) {
			const [a, b] = pair(config, 100);
			damage(a);
			damage(b);
			a.save(file('rebuilt.snap'));
			const c = Haro.load(file('rebuilt.snap'));
			const fresh = haro16(structuredClone(b.toArray()), {...config, index: c.index});
			assert.deepEqual(c.dump('indexes'), fresh.dump('indexes'));
			assert.deepEqual(c.toArray(), b.toArray());
		}
	});

	it('indexes with an object for a key (a Date) are rebuilt on load, as haro@16 would build them from the records', () => {
		const config = {index: ['n', 'when', 'n|when']};
		for (const when of [new Date(1), 1]) {
			const s = new Haro(config);
			s.set('a', {n: 1, when});
			s.set('b', {n: 2});
			s.set('a', {n: 1}); // (a's index keys leave and come back after b's)
			s.save(file('dated.snap'));
			const loaded = Haro.load(file('dated.snap'));
			assert.deepEqual(loaded.toArray(), s.toArray());
			if (when === 1) {
				assert.deepEqual(loaded.dump('indexes'), s.dump('indexes'), 'carried as they were');
			} else {
				const fresh = haro16(structuredClone(s.toArray()), config);
				assert.deepEqual(loaded.dump('indexes'), fresh.dump('indexes'), 'rebuilt in the records\' order');
				assert.notDeepEqual(s.dump('indexes'), fresh.dump('indexes'), '(the case this test is about)');
			}
		}
	});

	it('an empty store, and keys and values of every kind', () => {
		const e = new Haro();
		e.save(file('empty.snap'));
		assert.equal(Haro.load(file('empty.snap')).size, 0);
		const s = new Haro({index: ['v']});
		const weird = ['', 'a"b', '\\', '\u0000x', '\u0000d', 'é😀', 0, -1.5, 1e300, NaN, Infinity];
		weird.forEach((k, i) => s.set(k, {v: i % 3, u: undefined, neg: -0, nan: NaN, d: new Date(i), arr: [1, , 3], s: '\u0000n'})); // eslint-disable-line no-sparse-arrays
		s.save(file('weird.snap'));
		const t = Haro.load(file('weird.snap'));
		assert.deepEqual([...t.keys()], [...s.keys()]);
		assert.deepEqual(t.toArray(), s.toArray());
		assert.deepEqual(t.dump('indexes'), s.dump('indexes'));
		assert.ok(Object.is(t.get(0)[1].neg, -0));
		// An invalid Date (unequal to itself under deepEqual) survives too.
		s.set('bad-date', {d: new Date(NaN)});
		s.save(file('weird.snap'));
		assert.ok(Number.isNaN(Haro.load(file('weird.snap')).get('bad-date')[1].d.getTime()));
	});

	it('a Date as a whole record (override takes one, as haro\'s does) comes back', () => {
		for (const cfg of [{}, {index: ['v']}, {recordCacheSize: 0}]) {
			const s = new Haro(cfg);
			s.override([['a', {v: 1}], ['d', new Date(5)], ['bad', new Date(NaN)]], 'records');
			s.save(file('date-record.snap'));
			const t = Haro.load(file('date-record.snap'));
			// (an invalid Date is unequal to itself under deepStrictEqual: compared by its time)
			const seen = store => store.dump('records').map(([k, v]) => [k, v instanceof Date ? `Date ${v.getTime()}` : v]);
			assert.deepStrictEqual(seen(t), [['a', {v: 1}], ['d', 'Date 5'], ['bad', 'Date NaN']]);
			assert.deepStrictEqual(seen(t), seen(s));
		}
	});

	it('Class.load returns an instance of the class it is called on', async () => {
		class My extends Haro {
			hello () {
				return 'hi';
			}
		}
		new Haro({index: ['a']}).set('x', {a: 1}).constructor; // eslint-disable-line no-unused-expressions
		const s = new My({index: ['a']});
		s.set('x', {a: 1});
		s.save(file('sub.snap'));
		const t = My.load(file('sub.snap'));
		assert.ok(t instanceof My);
		assert.equal(t.hello(), 'hi');
		assert.ok((await My.loadAsync(file('sub.snap'))) instanceof My);
		assert.ok(!(Haro.load(file('sub.snap')) instanceof My));
	});

	it('a save returns at once and captures the store as it was; writes go on meanwhile', async () => {
		const s = haro(dataset(20000), {index: ['name'], versioning: true});
		const before = state(s);
		const p = s.saveAsync(file('capture.snap'));
		// Writes while the save runs: not in the file, not blocked.
		for (let i = 0; i < 2000; i++) s.set(`r${i * 5 + 1}`, {name: 'later'});
		s.delete(0);
		s.set('new', {id: 'new'});
		await p;
		const t = Haro.load(file('capture.snap'));
		assert.deepEqual(state(t), before);
	});

	it('saves of one file land in call order, whichever finishes first, under any spelling of its directory', async () => {
		const real = join(dir, 'order');
		mkdirSync(real);
		const link = join(dir, 'order-link');
		symlinkSync(real, link, 'junction'); // (the type: Windows, where a plain directory link needs privilege)
		const s = haro(dataset(30000), {index: ['name']});
		// A big save called first finishes last: the file stays the later call's.
		const first = s.saveAsync(join(real, 'o.snap'));
		s.clear();
		s.set('later', {id: 'later'});
		s.save(join(link, 'o.snap'));
		assert.deepEqual([...Haro.load(join(real, 'o.snap')).keys()], ['later']);
		await first;
		assert.deepEqual([...Haro.load(join(real, 'o.snap')).keys()], ['later']);
		// Two asynchronous saves, the smaller called second.
		const t = haro(dataset(30000));
		const a = t.saveAsync(join(link, 'o.snap'));
		const b = haro([{id: 'only'}]).saveAsync(join(real, 'o.snap'));
		await Promise.all([a, b]);
		assert.deepEqual([...Haro.load(join(real, 'o.snap')).keys()], ['only']);
		// One at a time, each writes the file; no temporary file is left.
		await t.saveAsync(join(real, 'o.snap'));
		assert.equal(Haro.load(join(real, 'o.snap')).size, 30000);
		assert.deepEqual(readdirSync(real), ['o.snap']);
	});

	it('a write to a store while its loadAsync fills it is not kept, with or without indexes', async () => {
		const writes = {
			set: s => s.set('x', {id: 'x'}),
			merge: s => s.set('r1', {name: 'during'}),
			batch: s => s.batch([{id: 'y'}, {id: 'z'}]),
			override: s => s.override([['x', {id: 'x'}]], 'records'),
			delete: s => s.delete('r1'),
			clear: s => s.clear()
		};
		for (const index of [[], ['name']]) {
			const path = file(`fill-${index.length}.snap`);
			haro(dataset(500), {versioning: true, index}).save(path);
			const saved = state(Haro.load(path));
			for (const [name, write] of Object.entries(writes)) {
				const {loading, store: made} = await loadingInto(path);
				try {
					write(made);
				} catch {}
				const t = await loading;
				await new Promise(resolve => setImmediate(resolve)); // (a queue would land now)
				assert.deepEqual(state(t), saved, `${name}, index ${JSON.stringify(index)}`);
				assert.equal(t.stats().records, 500, `${name}: the engine holds the file's records alone`);
			}
		}
	});

	it('a save writes through a symlink to its file and replaces nothing but a regular file; a load reads regular files alone', {skip: process.platform === 'win32' && 'symlinks and FIFOs'}, t => {
		const real = file('real.snap');
		const link = file('link.snap');
		haro([{id: 'old'}]).save(real);
		symlinkSync(real, link);
		haro([{id: 'new'}]).save(link);
		assert.ok(lstatSync(link).isSymbolicLink(), 'the link stays a link');
		assert.deepEqual([...Haro.load(real).keys()], ['new']);
		// A dangling link: the save makes the file it names, as a write through it would.
		const dangling = file('dangling.snap');
		symlinkSync(file('made.snap'), dangling);
		haro([{id: 'x'}]).save(dangling);
		assert.ok(lstatSync(dangling).isSymbolicLink());
		assert.equal(Haro.load(file('made.snap')).size, 1);
		// A directory, and a FIFO (a device such as /dev/null is another file that is not regular).
		assert.throws(() => haro([{id: 'a'}]).save(join(dir, 'real.snap', '..')), {code: 'ERR_HARO_SNAPSHOT_IO'});
		const fifo = file('fifo.snap');
		if (spawnSync('mkfifo', [fifo]).status !== 0) return t.skip('no mkfifo here: the FIFO part is left out');
		assert.throws(() => haro([{id: 'a'}]).save(fifo), {code: 'ERR_HARO_SNAPSHOT_IO'});
		assert.ok(lstatSync(fifo).isFIFO(), 'the FIFO is left as it was');
		// (in a child, with a time limit: the code before read a FIFO without end)
		const load = `import {Haro} from ${JSON.stringify(new URL('../index.mjs', import.meta.url).href)};
			try { Haro.load(${JSON.stringify(fifo)}); console.log('loaded'); } catch (e) { console.log(e.code); }`;
		const r = spawnSync(process.execPath, ['--input-type=module', '-e', load], {timeout: 20000, encoding: 'utf8'});
		assert.equal(r.stdout.trim(), 'ERR_HARO_SNAPSHOT_IO');
	});

	it('facade-only options pass through; id is not recorded', () => {
		const s = new Haro({id: 'first', index: ['x'], recordCacheSize: 5, cache: true});
		s.set('a', {x: 1});
		s.save(file('opts.snap'));
		const t = Haro.load(file('opts.snap'), {id: 'second', recordCacheSize: 0, cache: true, cacheSize: 10, warnOnFullScan: true});
		assert.equal(t.id, 'second');
		assert.equal(t.warnOnFullScan, true);
		assert.deepEqual(t.find({x: 1}), [['a', {x: 1, id: 'a'}]]);
		assert.deepEqual(t.find({x: 1}), [['a', {x: 1, id: 'a'}]]);
		assert.equal(t.getCacheStats().hits, 1);
		assert.notEqual(Haro.load(file('opts.snap')).id, 'first');
		assert.deepEqual(t.get('a'), ['a', {x: 1, id: 'a'}]);
	});

	// Due times and superseded times travel with the records: a loaded store expires records
	// and drops versions at the same moments as the store it was saved from.
	const TIMINGS = [
		{ttl: 100},
		{expireAt: 'at'},
		{ttl: 100, expireAt: 'at', index: ['g']},
		{versioning: true, versionTtl: 40},
		{versioning: true, versionLimit: 2, versionTtl: 40, ttl: 150},
		{versioning: true, versionLimit: 2}
	];
	for (const [n, timing] of TIMINGS.entries()) {
		for (const async of [false, true]) {
			it(`timing ${JSON.stringify(timing)} is kept (${async ? 'async' : 'sync'})`, async () => {
				const r = prng(100 + n);
				let t = 1000;
				const now = () => t;
				const expired = new Map();
				class Timed extends Haro {
					onexpire (keys) {
						expired.set(this, [...(expired.get(this) ?? []), ...keys]);
					}
				}
				const step = s => {
					const k = `k${Math.floor(r() * 12)}`;
					if (r() < 0.15) {
						if (s.has(k)) s.delete(k);
					} else s.set(k, {g: Math.floor(r() * 3), at: t + Math.floor(r() * 200)});
				};
				const a = new Timed({...timing, now});
				for (let i = 0; i < 40; i++) {
					t += Math.floor(r() * 10);
					step(a);
				}
				const file = join(dir, `timing-${n}-${async}.snap`);
				if (async) await a.saveAsync(file);
				else a.save(file);
				expired.delete(a); // from here, both stores' expiries are compared
				t += 5;
				const b = async ? await Timed.loadAsync(file, {now}) : Timed.load(file, {now});
				for (const key of ['ttl', 'expireAt', 'versionLimit', 'versionTtl']) {
					assert.throws(() => Timed.load(file, {now, [key]: timing[key] === undefined ? 7 : null}), {code: 'ERR_HARO_SNAPSHOT_CONFIG', message: new RegExp(`config\\.${key}`)});
				}
				// Loading took out what was due, as a write would: the same on the saved store.
				a.purgeExpired();
				const state = s => [s.size, s.toArray(), [...s.versions].map(([k, v]) => [k, [...v]]), s.find({g: 1}), expired.get(s) ?? []];
				assert.deepEqual(state(b), state(a));
				let went = 0;
				for (let i = 0; i < 60; i++) {
					t += Math.floor(r() * 15);
					// The same writes to both; a write first takes out what is due.
					const seed = r();
					for (const s of [a, b]) {
						const r2 = prng(Math.floor(seed * 1e9));
						if (r2() < 0.3) s.set(`k${Math.floor(r2() * 12)}`, {g: 1, at: t + 90});
					}
					assert.deepEqual(state(b), state(a), `step ${i} at ${t}`);
					went = (expired.get(a) ?? []).length;
				}
				if (timing.ttl !== undefined || timing.expireAt !== undefined) assert.ok(went > 0, 'some record expired');
			});
		}
	}

	it('Class.load refuses a store its constructor built with other settings than the file records', async () => {
		haro([{id: 'a', g: 1}], {index: ['g']}).save(file('ctor.snap'));
		const cases = [
			['key', class extends Haro {
				constructor (c) {
					super({...c, key: 'uid'});
				}
			}],
			['index', class extends Haro {
				constructor (c) {
					super({...c, index: ['h']});
				}
			}],
			['versioning', class extends Haro {
				constructor (c) {
					super({...c, versioning: true});
				}
			}]
		];
		for (const [field, Sub] of cases) {
			assert.throws(() => Sub.load(file('ctor.snap')), e => e.code === 'ERR_HARO_SNAPSHOT_CONFIG' && e.message.includes(`set ${field} to`), field);
			await assert.rejects(Sub.loadAsync(file('ctor.snap')), e => e.code === 'ERR_HARO_SNAPSHOT_CONFIG', field);
		}
		// One that sets what the file records loads.
		class Same extends Haro {
			constructor (c) {
				super({...c, key: 'id'});
			}
		}
		assert.deepEqual(Same.load(file('ctor.snap')).get('a'), ['a', {id: 'a', g: 1}]);
	});

	it('a load reads the file once: a save landing while the store is built does not reach it', async () => {
		haro([{id: 'a'}]).save(file('race.snap'));
		const other = haro([{id: 'b'}, {id: 'c'}], {index: ['x']});
		let saves = 0;
		// (another writer's save lands while the load's store is being built)
		class Raced extends Haro {
			constructor (c) {
				super(c);
				if (saves++ === 0) other.save(file('race.snap'));
			}
		}
		const s = Raced.load(file('race.snap'));
		assert.deepEqual([saves, s.size, s.index, s.has('a')], [1, 1, [], true]);
		haro([{id: 'a'}]).save(file('race.snap'));
		saves = 0;
		const t = await Raced.loadAsync(file('race.snap'));
		assert.deepEqual([saves, t.size, t.index, t.has('a')], [1, 1, [], true]);
		assert.equal(Raced.load(file('race.snap')).size, 2, 'the next load reads what was saved');
	});

	// (--allow-addons came to Node 20 in a later minor release than the engines field's 20.0)
	it('under Node\'s permission model, a save or load outside what it grants is refused (ERR_ACCESS_DENIED)', {skip: !process.allowedNodeEnvironmentFlags.has('--allow-addons') && 'this Node has no --allow-addons'}, () => {
		const root = new URL('..', import.meta.url).pathname;
		const allowed = mkdtempSync(join(dir, 'granted-'));
		const flag = Number(process.versions.node.split('.')[0]) >= 22 ? '--permission' : '--experimental-permission';
		const code = `
			const {haro, Haro} = require(${JSON.stringify(root)});
			const s = haro([{id: 1}]);
			const out = [];
			s.save(${JSON.stringify(join(allowed, 'in.snap'))});
			out.push(Haro.load(${JSON.stringify(join(allowed, 'in.snap'))}).size);
			// (the last: the file is granted, its directory is not, where the temporary file goes)
			for (const f of [() => s.save(${JSON.stringify(file('outside.snap'))}), () => Haro.load(${JSON.stringify(file('outside.snap'))}), () => s.save(${JSON.stringify(file('only.snap'))})]) {
				try { f(); out.push('allowed'); } catch (e) { out.push(e.code); }
			}
			s.saveAsync(${JSON.stringify(file('outside.snap'))}).then(() => out.push('allowed'), e => out.push(e.code)).then(() => console.log(JSON.stringify(out)));`;
		haro([{id: 2}]).save(file('outside.snap'));
		const r = spawnSync(process.execPath, [flag, `--allow-fs-read=${root}`, `--allow-fs-read=${allowed}`, `--allow-fs-write=${allowed}`, `--allow-fs-write=${file('only.snap')}`, '--allow-addons', '-e', code], {encoding: 'utf8'});
		assert.equal(r.status, 0, r.stderr);
		assert.deepEqual(JSON.parse(r.stdout), [1, 'ERR_ACCESS_DENIED', 'ERR_ACCESS_DENIED', 'ERR_ACCESS_DENIED', 'ERR_ACCESS_DENIED']);
		assert.equal(existsSync(file('only.snap')), false);
	});

	it('a load whose constructor throws frees the snapshot it read at once; a config not an object is refused before the read', () => {
		const big = haro(Array.from({length: 20000}, (_, i) => ({id: `k${i}`, text: 'x'.repeat(200)})));
		big.save(file('big.snap'));
		class Throws extends Haro {
			constructor (c) {
				super(c);
				throw new Error('no');
			}
		}
		// (a loop of failed loads within one turn: each snapshot, ~5 MB, went only at its finalizer)
		globalThis.gc?.();
		const before = process.memoryUsage().rss;
		for (let i = 0; i < 40; i++) assert.throws(() => Throws.load(file('big.snap')), /no/);
		const grown = process.memoryUsage().rss - before;
		assert.ok(grown < 64 * 2 ** 20, `RSS grew by ${grown} bytes over 40 failed loads`);
		assert.throws(() => Haro.load(file('no-such.snap'), 5), TypeError, 'the config first: no such file is not the error');
	});

	it('a damaged file is refused before the constructor runs', async () => {
		haro([{id: 'a', n: 1}, {id: 'b', n: 2}], {index: ['n']}).save(file('damaged.snap'));
		const whole = readFileSync(file('damaged.snap'));
		let built = 0;
		class Counted extends Haro {
			constructor (c) {
				super(c);
				built++;
			}
		}
		// A byte of the body flipped (the header is checked on its own), then the file cut short.
		const flipped = Buffer.from(whole);
		flipped[whole.length - 20] ^= 0x40;
		writeFileSync(file('damaged.snap'), flipped);
		assert.throws(() => Counted.load(file('damaged.snap')), {code: 'ERR_HARO_SNAPSHOT_CORRUPT'});
		await assert.rejects(Counted.loadAsync(file('damaged.snap')), {code: 'ERR_HARO_SNAPSHOT_CORRUPT'});
		writeFileSync(file('damaged.snap'), whole.subarray(0, whole.length - 9));
		assert.throws(() => Counted.load(file('damaged.snap')), {code: 'ERR_HARO_SNAPSHOT_TRUNCATED'});
		await assert.rejects(Counted.loadAsync(file('damaged.snap')), {code: 'ERR_HARO_SNAPSHOT_TRUNCATED'});
		assert.equal(built, 0);
		writeFileSync(file('damaged.snap'), whole);
		assert.deepEqual(Counted.load(file('damaged.snap')).find({n: 2}, true), [{id: 'b', n: 2}]);
		assert.equal(built, 1);
	});

	it('a snapshot without timing refuses timing options, and one with them the contrary', () => {
		new Haro({versionLimit: 2}).save(file('ttl.snap'));
		for (const opt of [{ttl: 1000}, {expireAt: 'at'}, {versionTtl: 1000}, {versionLimit: 3}, {versionLimit: null}]) {
			assert.throws(() => Haro.load(file('ttl.snap'), opt), {code: 'ERR_HARO_SNAPSHOT_CONFIG'});
		}
		assert.equal(Haro.load(file('ttl.snap'), {versionLimit: 2, ttl: null}).size, 0);
		const s = new Haro({ttl: 60000});
		s.set('a', {x: 1});
		s.save(file('ttl.snap'));
		assert.equal(Haro.load(file('ttl.snap')).size, 1);
		assert.equal(Haro.load(file('ttl.snap'), {ttl: 60000}).size, 1);
		assert.throws(() => Haro.load(file('ttl.snap'), {ttl: 60001}), {code: 'ERR_HARO_SNAPSHOT_CONFIG'});
	});

	it('refuses bad arguments with a TypeError', async () => {
		const s = new Haro();
		for (const bad of [undefined, 1, '', {}, '\ud800', `${dir}/`, new URL(`file://${dir}/x.snap/`), `${dir}/x.snap/.`, `${dir}/x.snap/..`, '.', '..']) {
			assert.throws(() => s.save(bad), TypeError);
			assert.throws(() => Haro.load(bad), TypeError);
			await assert.rejects(s.saveAsync(bad), TypeError);
			await assert.rejects(Haro.loadAsync(bad), TypeError);
		}
		s.save(file('args.snap'));
		assert.throws(() => Haro.load(file('args.snap'), 5), TypeError);
		assert.throws(() => s.save(join(dir, 'missing-dir', 'x.snap')), {code: 'ERR_HARO_SNAPSHOT_IO'});
		assert.throws(() => Haro.load(file('nothing-here.snap')), {code: 'ERR_HARO_SNAPSHOT_IO'});
		await assert.rejects(Haro.loadAsync(file('nothing-here.snap')), {code: 'ERR_HARO_SNAPSHOT_IO'});
		writeFileSync(file('not.snap'), 'hello, this is not a snapshot at all');
		assert.throws(() => Haro.load(file('not.snap')), {code: 'ERR_HARO_SNAPSHOT_NOT_SNAPSHOT'});
		s.save(new URL(`file://${file('url.snap')}`));
		assert.equal(Haro.load(new URL(`file://${file('url.snap')}`)).size, 0);
	});
});

describe('load of every config', () => {
	const configs = [];
	for (const key of ['id', 'name']) {
		for (const delimiter of ['|', '::']) {
			for (const index of [[], ['name'], ['name', `a${delimiter}b`, 'tags']]) {
				for (const versioning of [false, true]) {
					for (const immutable of [false, true]) configs.push({key, delimiter, index, versioning, immutable});
				}
			}
		}
	}
	const other = {key: 'other', delimiter: ',', index: ['zzz'], versioning: null, immutable: null};

	it(`${configs.length} configs: the file's config comes back; a contradiction is refused naming the field`, () => {
		for (const [n, config] of configs.entries()) {
			const s = haro(dataset(40, n), config);
			s.set(s.toArray()[0][config.key] ?? 'x', {a: 3});
			const path = file(`cfg${n}.snap`);
			s.save(path);
			for (const t of [Haro.load(path), Haro.load(path, config), Haro.load(path, {index: [...config.index]})]) {
				for (const f of ['key', 'delimiter', 'versioning', 'immutable']) assert.equal(t[f], config[f], `${n} ${f}`);
				assert.deepEqual(t.index, config.index);
				assert.deepEqual(t.toArray(), s.toArray());
				assert.deepEqual(t.dump('indexes'), s.dump('indexes'));
				assert.deepEqual([...t.versions.entries()].map(([k, v]) => [k, [...v]]), [...s.versions.entries()].map(([k, v]) => [k, [...v]]));
				if (config.immutable) assert.ok(Object.isFrozen(t.toArray()[0]));
				if (config.index.length > 0) {
					const name = t.toArray()[0].name;
					assert.deepEqual(t.find({name}), s.find({name}));
				}
			}
			for (const f of Object.keys(other)) {
				const wrong = other[f] === null ? !config[f] : other[f];
				assert.throws(() => Haro.load(path, {[f]: wrong}), e => {
					assert.equal(e.code, 'ERR_HARO_SNAPSHOT_CONFIG');
					assert.match(e.message, new RegExp(`config\\.${f} `));

					return true;
				});
			}
		}
	});
});

describe('damaged files', () => {
	let good;
	let path;
	before(() => {
		const s = haro(dataset(200), {index: ['name', 'a|b'], versioning: true});
		s.set('r1', {name: 'v2'});
		path = file('damage.snap');
		s.save(path);
		good = readFileSync(path);
	});

	it('truncated at random offsets: refused as truncated, never half-loaded', async () => {
		const r = prng(1);
		const cuts = [0, 1, 7, 8, 31, 32, good.length - 1, ...Array.from({length: 60}, () => Math.floor(r() * good.length))];
		for (const cut of cuts) {
			writeFileSync(path, good.subarray(0, cut));
			assert.throws(() => Haro.load(path), e => e.code === 'ERR_HARO_SNAPSHOT_TRUNCATED' && /truncated/.test(e.message), `cut at ${cut}`);
			await assert.rejects(Haro.loadAsync(path), {code: 'ERR_HARO_SNAPSHOT_TRUNCATED'});
		}
	});

	it('a flipped byte anywhere is refused; past the prelude as corrupt', async () => {
		const r = prng(2);
		const at = [...Array.from({length: 32}, (_, i) => i), ...Array.from({length: 80}, () => 32 + Math.floor(r() * (good.length - 32))), good.length - 1];
		for (const i of at) {
			const bad = Buffer.from(good);
			bad[i] ^= 1 << Math.floor(r() * 8);
			writeFileSync(path, bad);
			const ok = i < 32 ? /^ERR_HARO_SNAPSHOT_(CORRUPT|NOT_SNAPSHOT|VERSION|TRUNCATED)$/ : /^ERR_HARO_SNAPSHOT_CORRUPT$/;
			assert.throws(() => Haro.load(path), e => ok.test(e.code), `byte ${i}`);
			if (i % 5 === 0) await assert.rejects(Haro.loadAsync(path), e => ok.test(e.code));
		}
	});

	it('an unknown format version is refused as such', () => {
		const bad = Buffer.from(good);
		bad.writeUInt32LE(3, 8);
		writeFileSync(path, bad);
		assert.throws(() => Haro.load(path), {code: 'ERR_HARO_SNAPSHOT_VERSION', message: /format version 3/});
	});

	it('the good file still loads', () => {
		writeFileSync(path, good);
		assert.equal(Haro.load(path).size, 200);
	});
});

describe('crash safety', () => {
	it('a child killed in the middle of saving leaves the old or the new file whole; the next save removes its temp files', async () => {
		const target = file('crash.snap');
		const n = 30000;
		const r = prng(3);
		let leftTemp = 0;
		const gens = new Set();
		for (let round = 0; round < 6; round++) {
			const child = spawn(process.execPath, [new URL('./helpers/snapshot-child.mjs', import.meta.url).pathname, target, String(n)], {stdio: ['ignore', 'pipe', 'inherit']});
			await new Promise((resolve, reject) => {
				child.stdout.once('data', resolve);
				child.once('exit', code => reject(new Error(`child exited (${code}) before it was ready`)));
			});
			await sleep(20 + Math.floor(r() * 400));
			const exited = new Promise(resolve => child.once('exit', resolve));
			child.kill('SIGKILL');
			await exited;
			if (readdirSync(dir).some(f => f.startsWith('crash.snap.tmp-'))) leftTemp++;
			const s = Haro.load(target);
			assert.equal(s.size, n);
			const g = new Set(s.toArray().map(x => x.gen));
			assert.equal(g.size, 1, 'one generation: the whole of one save');
			gens.add([...g][0]);
		}
		assert.ok(leftTemp > 0, 'some kill landed in the middle of a save');
		// This process saves next: the dead children's temp files go.
		Haro.load(target).save(target);
		assert.deepEqual(readdirSync(dir).filter(f => f.startsWith('crash.snap')), ['crash.snap']);
	});

	it('a temp file of a live process is left alone', () => {
		const target = file('live.snap');
		const live = `${target}.tmp-${process.ppid}-0`;
		const dead = `${target}.tmp-4000000000-7`;
		writeFileSync(live, 'x');
		writeFileSync(dead, 'x');
		new Haro().save(target);
		assert.ok(existsSync(live));
		assert.ok(!existsSync(dead));
	});
});

// The store a `loadAsync` builds on the pool takes the place of one that may have changed
// meanwhile (here a subclass holds on to it and writes): its generation must move past that
// one's, or what the facade kept of it by generation (a find on an index found missing, the
// index views, the dumps) would be read as current (found by a review).
it('loadAsync: what was kept of the store it replaces is not read as current', async () => {
	const dir = mkdtempSync(join(tmpdir(), 'haro-rs-loadgen-'));
	try {
		const path = join(dir, 's.snap');
		const src = new Haro({index: ['name']});
		src.set('a', {id: 'a', name: 'x'});
		src.save(path);
		for (const writes of [0, 1, 2, 3]) {
			const {loading, store: held} = await loadingInto(path);
			for (let i = 0; i < writes; i++) held.set(`t${i}`, {id: `t${i}`});
			held.indexes.delete('name');
			assert.deepEqual(held.find({name: 'x'}), []);
			const loaded = await loading;
			assert.deepEqual(loaded.find({name: 'x'}), [['a', {id: 'a', name: 'x'}]], `${writes} writes`);
			assert.deepEqual([...loaded.indexes.get('name').keys()], ['x'], `${writes} writes`);
		}
	} finally {
		rmSync(dir, {recursive: true, force: true});
	}
});

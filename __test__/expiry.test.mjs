// Record expiry (`ttl`, `expireAt`, `onexpire`, `purgeExpired`) and version retention
// (`versionLimit`, `versionTtl`), haro-rs's own options, driven by an injected clock and
// checked against a plain-JS model of what should be left.
import {describe, it} from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import {createRequire} from 'node:module';
import {mkdtempSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {dirname, join} from 'node:path';

const require = createRequire(import.meta.url);
const {Haro, haro} = require('../index.js');

function clocked (cfg) {
	const clock = {t: 1000};
	const s = new Haro({...cfg, now: () => clock.t});
	const expired = [];
	const deleted = [];
	s.onexpire = keys => expired.push(...keys);
	s.ondelete = key => deleted.push(key);

	return {s, clock, expired, deleted};
}

describe('record expiry', () => {
	it('stats() takes due records out first, as every read does', () => {
		const {s, clock, expired} = clocked({ttl: 100, index: ['g']});
		s.set('a', {g: 1});
		s.set('b', {g: 2});
		clock.t += 60;
		s.set('b', {g: 2});
		clock.t += 60; // a is due; b is not
		const st = s.stats();
		assert.equal(st.records, 1);
		assert.deepEqual([st.indexes.g.keys, st.indexes.g.entries], [1, 1]);
		assert.deepEqual(expired, ['a']);
		assert.equal(s.size, 1);
	});

	it('views held from before a record fell due read as the store does: it is gone', () => {
		for (const recordCacheSize of [undefined, 0]) {
			const {s, clock, expired} = clocked({ttl: 100, index: ['g', 'h'], versioning: true, ...(recordCacheSize === undefined ? {} : {recordCacheSize})});
			s.set('a', {g: 1, h: 'x'});
			s.set('a', {g: 1, h: 'y'}); // (a history)
			clock.t += 60;
			s.set('b', {g: 1, h: 'x'});
			const {data, indexes, versions} = s;
			const g = indexes.get('g');
			assert.deepEqual([...g.get(1)], ['a', 'b']);
			assert.equal(versions.size, 2);
			clock.t += 60; // a is due; b is not
			// (each read of a held view takes the due record out first, as a read of the store)
			assert.deepEqual([...g.get(1)], ['b']);
			assert.deepEqual(expired, ['a']);
			clock.t += 60; // b too
			assert.equal(g.size, 0);
			assert.equal(g.get(1), undefined);
			s.set('c', {g: 2, h: 'z'});
			clock.t += 200; // c is due
			assert.deepEqual([...g.keys()], []);
			s.set('d', {g: 3, h: 'w'});
			clock.t += 200;
			assert.deepEqual([...indexes.keys()], ['g', 'h']);
			assert.deepEqual([...indexes.get('h')], []);
			s.set('e', {g: 4, h: 'v'});
			s.set('e', {g: 5, h: 'v'});
			clock.t += 200;
			assert.equal(versions.size, 0);
			assert.equal(versions.get('e'), undefined);
			s.set('f', {g: 6});
			clock.t += 200;
			assert.equal(data.size, 0);
			assert.equal(data.get('f'), undefined);
			assert.deepEqual(expired, ['a', 'b', 'c', 'd', 'e', 'f']);
		}
	});

	it('clear reports what fell due with onexpire first, as every other write does', () => {
		for (const write of [s => s.clear(), s => s.set('c', {}), s => s.delete('b'), s => s.override([['z', {}]], 'records'), s => s.purgeExpired()]) {
			const {s, clock, expired} = clocked({ttl: 10});
			s.set('a', {v: 1});
			s.set('b', {v: 2});
			clock.t += 5;
			s.set('b', {v: 3});
			clock.t += 7; // a is due, b is not
			write(s);
			assert.deepEqual(expired, ['a']);
		}
	});

	it('batch del of a key that fell due throws before it deletes anything, as deleteMany does', () => {
		for (const del of [(s, keys) => s.batch(keys, 'del'), (s, keys) => s.deleteMany(keys)]) {
			for (const index of [[], ['g']]) {
				const {s, clock, expired} = clocked({ttl: 40, index});
				s.set('e', {g: 1});
				s.set('x', {g: 2});
				clock.t += 30;
				s.set('e', {g: 3});
				clock.t += 15; // x is due, e is not
				assert.throws(() => del(s, ['e', 'x']), /Record not found/);
				assert.deepEqual([...s.keys()], ['e'], 'e is still there');
				assert.deepEqual(expired, ['x']);
				if (index.length > 0) assert.deepEqual(s.find({g: 3}).map(([k]) => k), ['e'], 'and in its index');
			}
		}
	});

	it('batch del holds the clock at one reading: a key falling due during the batch neither throws nor leaves it half done', () => {
		for (const index of [[], ['g']]) {
			for (const hooked of [false, true]) {
				// Each read of the clock moves it 5 ms: x falls due between the check of the keys and its delete.
				let t = 1000;
				const s = new Haro({ttl: 40, index, now: () => (t += 5)});
				const seen = [];
				if (hooked) s.beforeDelete = key => seen.push(key);
				s.set('e', {g: 1});
				s.set('x', {g: 2});
				s.set('y', {g: 3});
				t = 1000 + 25; // the next read is 30 ms after x was set: it is due at 10 ms more
				assert.deepEqual(s.batch(['e', 'x', 'y'], 'del'), [undefined, undefined, undefined]);
				assert.equal(s.size, 0);
				if (hooked) assert.deepEqual(seen, ['e', 'x', 'y']);
				if (index.length > 0) assert.deepEqual(s.find({g: 2}), []);
			}
		}
	});

	it('a batch of sets with hooks (a store write a record) stamps every record at one reading of the clock', () => {
		for (const index of [[], ['g']]) {
			let t = 1000;
			let step = 5;
			const reads = [];
			const s = new Haro({ttl: 40, index, now: () => { t += step; reads.push(t); return t; }});
			s.beforeSet = () => {};
			const from = reads.length;
			s.batch([{id: 'a', g: 1}, {id: 'b', g: 2}, {id: 'c', g: 3}]);
			const at = reads[from];
			assert.ok(reads.slice(from).every(r => r === at), 'one reading');
			step = 0;
			t = at + 39;
			assert.equal(s.size, 3);
			t = at + 40;
			assert.equal(s.size, 0, 'all due at once');
		}
	});

	it('a walk of store.versions reads the clock once: a record falling due meanwhile leaves no key without its Set', () => {
		for (const step of [3, 5, 7]) {
			let t = 0;
			let tick = 0;
			const s = new Haro({versioning: true, ttl: 100, now: () => (t += tick)});
			for (let i = 0; i < 5; i++) {
				t = i * 10;
				s.set(`k${i}`, {v: 1});
				s.set(`k${i}`, {v: 2});
			}
			t = 95;
			tick = step; // (each read of the clock moves it: k0 falls due at 100, k1 at 110, …)
			for (const walk of [v => [...v.entries()], v => [...v.values()].map((x, i) => [i, x]), v => {
				const out = [];
				v.forEach((x, k) => out.push([k, x]));

				return out;
			}]) {
				const pairs = walk(s.versions);
				assert.ok(pairs.every(([, set]) => set instanceof Set && set.size === 1), `step ${step}: ${JSON.stringify(pairs)}`);
			}
		}
	});

	it('save and saveAsync take due records out first: the file holds none, whatever clock loads it', async () => {
		const file = join(mkdtempSync(join(tmpdir(), 'haro-rs-expiry-')), 'due.snap');
		try {
			for (const write of [(s, p) => s.save(p), (s, p) => s.saveAsync(p)]) {
				const {s, clock, expired} = clocked({ttl: 100});
				s.set('a', {v: 1});
				s.set('b', {v: 2});
				clock.t += 60;
				s.set('b', {v: 3});
				clock.t += 60; // a is due; nothing has read the store since
				assert.throws(() => s.save(42), TypeError);
				assert.deepEqual(expired, [], 'a save refused its path takes nothing out');
				await write(s, file);
				assert.deepEqual(expired, ['a']);
				const loaded = Haro.load(file, {now: () => 1050}); // a clock that reads earlier
				assert.deepEqual([...loaded.keys()], ['b']);
			}
		} finally {
			rmSync(dirname(file), {recursive: true, force: true});
		}
	});

	it('ttl counts from the last write; every read stops seeing a record when it expires', () => {
		const {s, clock, expired, deleted} = clocked({ttl: 100, index: ['g']});
		s.set('a', {g: 1});
		s.set('b', {g: 1});
		assert.deepEqual(s.get('a'), ['a', {g: 1, id: 'a'}]); // now cached
		clock.t += 60;
		s.set('b', {g: 2}); // b's ttl starts again
		clock.t += 39;
		assert.equal(s.size, 2);
		clock.t += 1; // a is due at 1100
		assert.equal(s.get('a'), null);
		assert.equal(s.has('a'), false);
		assert.equal(s.size, 1);
		assert.deepEqual(s.find({g: 1}), []);
		assert.deepEqual([...s.keys()], ['b']);
		assert.deepEqual(s.dump(), [['b', {g: 2, id: 'b'}]]);
		assert.deepEqual(s.toArray(), [{g: 2, id: 'b'}]);
		assert.deepEqual(expired, ['a']);
		assert.deepEqual(deleted, []);
		clock.t += 60;
		assert.deepEqual([...s.values()], []);
		assert.deepEqual(expired, ['a', 'b']);
		assert.deepEqual(s.dump('indexes'), [['g', []]]);
	});

	it('expireAt names a field holding the expiry time; with ttl the earlier wins', () => {
		const {s, clock} = clocked({expireAt: 'until', ttl: 500});
		s.set('a', {until: 1200});
		s.set('b', {until: 5000});
		s.set('c', {until: 'never'});
		s.set('d', {until: new Date(1100)});
		clock.t = 1100;
		assert.deepEqual(s.registry, ['a', 'b', 'c']);
		clock.t = 1200;
		assert.deepEqual(s.registry, ['b', 'c']);
		clock.t = 1500;
		assert.deepEqual(s.registry, []);
	});

	it('expireAt alone: records without the field stay', () => {
		const {s, clock} = clocked({expireAt: 'until'});
		s.set('a', {until: 1001});
		s.set('b', {x: 1});
		s.set('a', {x: 2}); // merged: keeps until
		clock.t = 1001;
		assert.deepEqual(s.registry, ['b']);
		s.set('c', {until: 0}); // already due
		assert.equal(s.has('c'), false);
	});

	it('purgeExpired returns the keys it took out and calls onexpire, not ondelete', () => {
		const {s, clock, expired, deleted} = clocked({ttl: 10, versioning: true});
		s.batch([{id: 'x', v: 1}, {id: 'y', v: 2}]);
		clock.t += 1;
		s.set('x', {v: 3});
		assert.deepEqual(s.purgeExpired(), []);
		clock.t += 10; // earliest due first
		assert.deepEqual(s.purgeExpired(), ['y', 'x']);
		assert.deepEqual(expired, ['y', 'x']);
		assert.deepEqual(deleted, []);
		assert.equal(s.versions.size, 0);
		assert.deepEqual(new Haro().purgeExpired(), []);
	});

	it('a write over an expired record starts afresh (no merge, no version)', () => {
		const {s, clock} = clocked({ttl: 10, versioning: true});
		s.set('a', {p: 1});
		clock.t += 10;
		s.set('a', {q: 2});
		assert.deepEqual(s.get('a', true), {q: 2, id: 'a'});
		assert.equal(s.versions.get('a').size, 0);
		assert.throws(() => {
			clock.t += 10;
			s.delete('a');
		}, /Record not found/);
	});

	it('override and clear set and reset due times; immutable caches drop expired records', () => {
		const {s, clock} = clocked({expireAt: 'until', immutable: true});
		s.override(new Map([['a', {until: 1050}], ['b', {until: 2000}]]).entries());
		assert.equal(s.size, 2);
		s.override([['a', {until: 1050}], ['b', {until: 2000}], ['a', {until: 1010}]]);
		assert.equal(s.get('a')[1].until, 1010);
		clock.t = 1010;
		assert.equal(s.get('a'), null);
		assert.equal(s.size, 1);
		s.clear();
		clock.t = 3000;
		assert.equal(s.size, 0);
		const f = haro([{id: 1, until: 3001}], {expireAt: 'until', now: () => clock.t});
		assert.equal(f.size, 1);
		clock.t = 3001;
		assert.equal(f.size, 0);
	});

	it('matches a model over random writes and clock moves', () => {
		const op = fc.oneof(
			fc.record({op: fc.constant('set'), k: fc.nat(6), until: fc.option(fc.integer({min: 0, max: 60}), {nil: undefined})}),
			fc.record({op: fc.constant('del'), k: fc.nat(6)}),
			fc.record({op: fc.constant('tick'), by: fc.nat(30)}),
			fc.record({op: fc.constant('purge')})
		);
		fc.assert(fc.property(fc.array(op, {maxLength: 50}), fc.boolean(), (ops, immutable) => {
			const clock = {t: 0};
			const s = new Haro({ttl: 40, expireAt: 'until', immutable, index: ['until'], recordCacheSize: 3, now: () => clock.t});
			const m = new Map(); // key → {rec, due}
			const live = () => {
				for (const [k, e] of m) if (e.due <= clock.t) m.delete(k);
			};
			for (const o of ops) {
				live();
				if (o.op === 'set') {
					const rec = o.until === undefined ? {} : {until: o.until};
					const old = m.get(o.k);
					const merged = {...(old ? old.rec : {}), ...rec, id: o.k};
					const due = Math.min(clock.t + 40, typeof merged.until === 'number' ? merged.until : Infinity);
					m.delete(o.k);
					m.set(o.k, {rec: merged, due});
					if (old) m.set(o.k, m.get(o.k)); // a set keeps the key's place; rebuilt below
					s.set(o.k, rec);
				} else if (o.op === 'del') {
					if (m.has(o.k)) {
						m.delete(o.k);
						s.delete(o.k);
					} else {
						assert.throws(() => s.delete(o.k));
					}
				} else if (o.op === 'tick') {
					clock.t += o.by;
				} else {
					s.purgeExpired();
				}
				live();
				assert.equal(s.size, m.size);
				assert.deepEqual(new Set(s.registry), new Set(m.keys()));
				for (const [k, e] of m) assert.deepEqual(s.get(k, true), e.rec);
				for (let k = 0; k < 7; k++) assert.equal(s.has(k), m.has(k));
			}
		}), {numRuns: 80});
	});

	it('setMany, deleteMany and the query cache see expiry too', () => {
		const {s, clock, expired} = clocked({ttl: 50, index: ['g'], cache: true});
		s.setMany([{id: 'a', g: 1}, {id: 'b', g: 1}]);
		assert.equal(s.find({g: 1}).length, 2); // cached now
		clock.t += 20;
		s.set('b', {g: 1});
		clock.t += 30;
		assert.deepEqual(s.find({g: 1}).map(p => p[0]), ['b']);
		assert.deepEqual(s.where({g: 1}).map(r => r.id), ['b']);
		assert.throws(() => s.deleteMany(['a', 'b']), /Record not found/);
		assert.equal(s.size, 1);
		s.deleteMany(['b']);
		assert.equal(s.size, 0);
		assert.deepEqual(expired, ['a']);
	});

	it('refuses bad options', () => {
		assert.throws(() => new Haro({ttl: 0}), TypeError);
		assert.throws(() => new Haro({ttl: '5'}), TypeError);
		assert.throws(() => new Haro({expireAt: ''}), TypeError);
		assert.throws(() => new Haro({ttl: 5, now: 5}), TypeError);
		assert.throws(() => new Haro({versionLimit: -1}), TypeError);
		assert.throws(() => new Haro({versionTtl: -1}), TypeError);
	});

	it('a clock that answers what is not a number: a TypeError saying so, and the store as it was', () => {
		for (const bad of ['1700000000000', 1n, undefined, null]) {
			let t = 1000;
			const s = new Haro({ttl: 100, index: ['v'], now: () => t});
			s.set('a', {v: 1});
			t = bad;
			for (const call of [x => x.set('b', {v: 2}), x => x.batch([{id: 'c', v: 3}]), x => x.delete('a'), x => x.purgeExpired(), x => x.override([['d', {v: 4}]])]) {
				assert.throws(() => call(s), {name: 'TypeError', message: /now\(\) must return epoch milliseconds/}, String(bad));
			}
			t = 1050;
			assert.deepEqual(s.dump(), [['a', {v: 1, id: 'a'}]]);
			assert.deepEqual(s.find({v: 1}).map(p => p[0]), ['a']);
		}
	});
});

describe('version retention', () => {
	const versions = (s, k) => [...s.versions.get(k)];

	it('versionLimit keeps the newest N versions, frozen, in order', () => {
		const s = new Haro({versioning: true, versionLimit: 2});
		for (let v = 1; v <= 5; v++) s.set('a', {v}, false, true);
		const list = versions(s, 'a');
		assert.deepEqual(list.map(r => r.v), [3, 4]);
		assert.ok(list.every(Object.isFrozen));
		const none = new Haro({versioning: true, versionLimit: 0});
		none.set('a', {v: 1});
		none.set('a', {v: 2});
		assert.equal(none.versions.get('a').size, 0);
	});

	it('a load drops versions past versionTtl, which the saved store keeps until its next write', async () => {
		const dir = mkdtempSync(join(tmpdir(), 'haro-rs-versionttl-'));
		try {
			for (const async of [false, true]) {
				let t = 1000;
				const s = new Haro({versioning: true, versionTtl: 10, now: () => t});
				s.set('a', {v: 1});
				s.set('a', {v: 2}); // {v: 1} superseded at 1000
				t = 1100;
				const file = join(dir, `v${async}.snap`);
				const loaded = async ? await (await s.saveAsync(file), Haro.loadAsync(file, {now: () => t})) : (s.save(file), Haro.load(file, {now: () => t}));
				assert.deepEqual(versions(s, 'a').map(r => r.v), [1], 'kept until a write');
				assert.deepEqual(versions(loaded, 'a'), []);
				s.set('b', {});
				assert.deepEqual(versions(s, 'a'), [], 'dropped by the write');
			}
		} finally {
			rmSync(dir, {recursive: true, force: true});
		}
	});

	it('versionTtl drops versions superseded longer ago than the duration, on writes', () => {
		const clock = {t: 0};
		const s = new Haro({versioning: true, versionTtl: 100, now: () => clock.t});
		s.set('a', {v: 1});
		clock.t = 10;
		s.set('a', {v: 2}, false, true); // v1 superseded at 10
		clock.t = 50;
		s.set('a', {v: 3}, false, true); // v2 superseded at 50
		s.set('b', {v: 1});
		clock.t = 110;
		s.set('b', {v: 2}, false, true); // a write: v1 of a is 100 old, kept
		assert.deepEqual(versions(s, 'a').map(r => r.v), [1, 2]);
		clock.t = 111;
		s.set('c', {});
		assert.deepEqual(versions(s, 'a').map(r => r.v), [2]);
		clock.t = 500;
		s.purgeExpired();
		assert.deepEqual(versions(s, 'a'), []);
		assert.deepEqual(versions(s, 'b'), []);
	});

	it('matches a model of limit and age together', () => {
		const op = fc.record({k: fc.nat(3), by: fc.nat(20)});
		fc.assert(fc.property(fc.array(op, {maxLength: 60}), ops => {
			const clock = {t: 0};
			const s = new Haro({versioning: true, versionLimit: 3, versionTtl: 50, now: () => clock.t});
			const m = new Map(); // key → {cur, vs: [{v, at}]}
			let n = 0;
			for (const o of ops) {
				clock.t += o.by;
				const v = n++;
				const e = m.get(o.k);
				if (e) {
					e.vs.push({v: e.cur, at: clock.t});
					e.vs = e.vs.slice(-3);
					e.cur = v;
				} else {
					m.set(o.k, {cur: v, vs: []});
				}
				for (const x of m.values()) x.vs = x.vs.filter(y => clock.t - y.at <= 50);
				s.set(o.k, {v}, false, true);
				for (const [k, x] of m) assert.deepEqual(versions(s, k).map(r => r.v), x.vs.map(y => y.v));
			}
		}), {numRuns: 80});
	});
});

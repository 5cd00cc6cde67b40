// The `indexes` view and `dump('indexes')` against haro@16: what they hand out after the
// engine's decoded state is kept between calls (once per engine generation).
import {it} from 'node:test';
import {setFlagsFromString} from 'node:v8';
import {runInNewContext} from 'node:vm';
import assert from 'node:assert/strict';
import {haro} from '../index.mjs';
import {haro as haro16} from 'haro';

const records = Array.from({length: 300}, (_, i) => ({id: `r${i}`, a: i % 7, b: ['x', 'y', 'z'][i % 3], t: [`t${i % 4}`, `t${i % 5}`]}));
const config = {index: ['a', 'b', 'a|b', 't']};

/** `forEach` of every index view: the arguments each call gets, as plain data. */
function walk (store) {
	const out = [];
	store.indexes.forEach((view, name, map) => {
		assert.equal(map, store.indexes);
		view.forEach((set, key, m) => {
			assert.equal(m, view);
			out.push([name, key, [...set].sort()]);
		});
	});

	return out;
}

for (const immutable of [false, true]) {
	it(`dump('indexes') and the index views, repeated and across writes (immutable: ${immutable})`, () => {
		const a = haro(records, {...config, immutable});
		const b = haro16(records, {...config, immutable});
		for (let round = 0; round < 3; round++) {
			const da = a.dump('indexes');
			assert.deepEqual(da, b.dump('indexes'));
			// Each dump is the caller's own: changing it changes neither the store nor the next dump.
			da[0][1][0][1].push('intruder');
			da[0][1].length = 0;
			assert.deepEqual(a.dump('indexes'), b.dump('indexes'));
			assert.deepEqual(walk(a), walk(b));
			assert.deepEqual(walk(a), walk(b)); // the second walk reads what the first decoded
			for (const s of [a, b]) {
				s.set(`n${round}`, {a: round, b: 'x', t: ['t9']});
				s.delete(`r${round * 3}`);
			}
		}
	});
}

// haro's `indexes` is a Map of the `index` entries as given: `1` is not the index `'1'`, nor
// `undefined`/`null` the indexes `'undefined'`/`'null'` (found by a fuzz run: the view read
// every name as its string).
it('the indexes view looks names up as haro\'s Map does', () => {
	const probe = s => [1, '1', 'x', undefined, 'undefined', null, 'null', NaN, 'NaN', 2].map(n => [String(n), typeof n, s.indexes.has(n), s.indexes.get(n) === undefined]);
	// (string entries only: haro's set throws on a number entry, at `i.includes`)
	for (const index of [['1', 'undefined', 'null', 'x'], ['NaN', 'x'], ['x'], []]) {
		const a = haro([{id: 'k', 1: 'one', x: 'ex', undefined: 'u', null: 'n', NaN: 'nan'}], {index: [...index]});
		const b = haro16([{id: 'k', 1: 'one', x: 'ex', undefined: 'u', null: 'n', NaN: 'nan'}], {index: [...index]});
		assert.deepEqual(probe(a), probe(b), JSON.stringify(index.map(String)));
		for (const n of [2, 1, undefined, 'x']) {
			assert.equal(a.indexes.delete(n), b.indexes.delete(n), `delete(${String(n)}) of ${JSON.stringify(index.map(String))}`);
			assert.deepEqual([...a.indexes.keys()], [...b.indexes.keys()]);
		}
	}
});

// An index an override brought in under the name 'undefined' is not `undefined` to search
// either (lib/engine.js `lookupName` matched a missing entry of the index list).
it('search by an index named undefined finds nothing, as in haro', () => {
	const run = h => {
		const s = h([{id: 'k', undefined: 'u'}], {index: ['x']});
		s.override([['undefined', [['u', ['k']]]]], 'indexes');

		return [s.search('u', [undefined]), s.search('u', 'undefined').map(p => p[0]), s.indexes.has(undefined)];
	};
	assert.deepEqual(run(haro), run(haro16));
});

// A walk of a view whose callback writes the store and reads the view again goes on over what
// it started with, and ends, as a walk of haro's Map does (a review found the index views'
// own slots refilled under a walk, which then started over without end).
it('walks of the index views that write and read them again end as haro\'s do', () => {
	const walks = h => {
		const s = h(Array.from({length: 10}, (_, i) => ({id: `r${i}`, name: `n${i % 2}`, age: i % 3})), {index: ['name', 'age']});
		const capped = (out, v) => {
			out.push(v);
			if (out.length > 30) throw new Error('runaway walk');
		};
		const a = [];
		for (const [name] of s.indexes) {
			s.set('r1', {x: a.length});
			capped(a, [name, s.indexes.size]);
		}
		const b = [];
		s.indexes.forEach((view, name, map) => {
			s.set('r3', {x: b.length});
			capped(b, [name, map === s.indexes, s.indexes.get('name') === view || name !== 'name']);
			map.forEach((set, key) => capped(b, [name, key, set.size]));
		});
		const ix = s.indexes.get('name');
		const c = [];
		ix.forEach((set, key, m) => {
			s.set('r2', {name: `n${c.length}`});
			capped(c, [key, m === ix, [...ix.keys()].length]);
		});
		const d = [];
		for (const k of ix.keys()) {
			s.set('r4', {age: d.length});
			capped(d, [k, [...ix.keys()].length]);
		}

		return [a, b, c, d];
	};
	assert.deepEqual(walks(haro), walks(haro16));
});

// An index view hands out one Set per index key until the store is next written, whether `get`
// found it alone or a walk decoded the index whole (README, difference 21): a loop that asks
// for a key again gets haro's answer, the same Set, without building another; a change made
// to it is the view's alone.
for (const recordCacheSize of [undefined, 0]) {
	it(`an index view's Sets: the same one for a key, by get and by a walk, until a write (recordCacheSize ${recordCacheSize})`, () => {
		const run = (make, rs) => {
			const s = make(records, {...config, ...(recordCacheSize === undefined ? {} : {recordCacheSize})});
			const out = [];
			const finds = [];
			let firstA = null;
			for (const [name, field, key] of [['a', 'a', 3], ['b', 'b', 'y'], ['a|b', 'a', 3], ['t', 't', 't2']]) {
				const view = s.indexes.get(name);
				const first = view.get(name === 'a|b' ? '3|y' : key);
				firstA ??= first;
				out.push([name, first.size, view.get(name === 'a|b' ? '3|y' : key) === first, s.indexes.get(name).get(name === 'a|b' ? '3|y' : key) === first, view.get('nothing such')]);
				if (rs) finds.push(s.find({[field]: key}).length);
				first.add('extra');
				const walked = new Map(view).get(name === 'a|b' ? '3|y' : key);
				out.push([walked === first, walked.has('extra'), view.has(name === 'a|b' ? '3|y' : key)]);
				if (rs) finds.push(s.find({[field]: key}).length);
			}
			s.set('r0', {id: 'r0', a: 99});
			const again = s.indexes.get('a').get(3);
			out.push([again.has('extra'), again === firstA]);

			return {out, finds};
		};
		const mine = run(haro, true);
		const reference = run(haro16, false);
		assert.deepEqual(mine.out.slice(0, -1), reference.out.slice(0, -1), 'the same Set by get and by a walk until a write, as haro');
		for (let i = 0; i < mine.finds.length; i += 2) assert.equal(mine.finds[i + 1], mine.finds[i], 'a change to a Set handed out reached the store');
		// (after the write haro's index still holds what was added to it; the view's Sets are new)
		assert.deepEqual(mine.out.at(-1), [false, false]);
		assert.deepEqual(reference.out.at(-1), [true, true]);
	});
}

it('the views\' forEach refuses a callback that is no function as a Map does, empty or not', () => {
	const messages = make => {
		const s = make([], {index: ['a'], versioning: true});
		const out = [];
		for (const filled of [false, true]) {
			if (filled) s.set('r', {id: 'r', a: 1}) && s.set('r', {id: 'r', a: 2});
			for (const view of [s.data, s.versions, s.indexes, s.indexes.get('a')]) {
				for (const fn of [undefined, 123]) {
					try {
						view?.forEach(fn);
						out.push('no error');
					} catch (e) {
						out.push(`${e.constructor.name}: ${e.message}`);
					}
					// (and from the callback of a walk of the same view under way)
					view?.forEach(() => {
						try {
							view.forEach(fn);
							out.push('no error');
						} catch (e) {
							out.push(`nested ${e.constructor.name}: ${e.message}`);
						}
					});
				}
			}
		}

		return out;
	};
	assert.deepEqual(messages(haro), messages(haro16));
});

it('a Set get found before a write is not the one a walk after it hands out', () => {
	const run = make => {
		const s = make([{id: 'x', a: 1}, {id: 'y', a: 1}], {index: ['a']});
		const view = s.indexes.get('a');
		const got = view.get(1);
		s.delete('y');
		const walked = new Map(view).get(1);

		return [[...walked], [...got]];
	};
	// (haro's index Set is one for good: the delete takes 'y' out of the Set handed out)
	assert.deepEqual(run(haro16), [['x'], ['x']]);
	assert.deepEqual(run(haro), [['x'], ['x', 'y']]);
});

// `get` of one index key, between random writes, against haro@16: by the ids a find crosses
// and the record cache's keys by id where it can (lib/views.js `#byIds`), else by the engine's
// own lookup; the order of each Set's keys, and a miss, as haro's. (mulberry32: an LCG
// multiplied in doubles lost its low bits and cycled within a few steps, over one key.)
for (const recordCacheSize of [undefined, 0, 7]) {
	it(`an index view's get between random writes, against haro@16 (recordCacheSize ${recordCacheSize})`, () => {
		let hits = 0;
		const found = new Set();
		for (const start of [7, 1234, 99991]) {
			let seed = start;
			const rand = n => {
				seed = (seed + 0x6D2B79F5) | 0;
				let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
				t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;

				return (((t ^ (t >>> 14)) >>> 0) / 4294967296 * n) | 0;
			};
			const cfg = {index: ['a', 'b', 'a|b', 't'], ...(recordCacheSize === undefined ? {} : {recordCacheSize})};
			const mine = haro(null, cfg);
			const ref = haro16(null, cfg);
			const values = [0, 1, 2, 3, -0, '1', 'x', 'y', true, false, '0|x', '1|y', 't1', 't3', NaN, null, undefined, 'nothing'];
			for (let step = 0; step < 400; step++) {
				const op = rand(10);
				const key = rand(3) === 0 ? rand(40) : `k${rand(40)}`;
				const rec = {a: [0, 1, 2, 3, -0, true][rand(6)], b: ['x', 'y', 'z', '1'][rand(4)], t: [`t${rand(5)}`, `t${rand(5)}`]};
				for (const s of [mine, ref]) {
					if (op < 6) s.set(key, {...rec, t: [...rec.t]});
					else if (op < 8) s.has(key) && s.delete(key);
					else if (op === 8) s.set(key, {a: rec.a}, false, true);
					else s.reindex();
				}
				const name = cfg.index[rand(4)];
				const value = values[rand(values.length)];
				const got = mine.indexes.get(name).get(value);
				const want = ref.indexes.get(name).get(value);
				if (want !== undefined) {
					hits++;
					found.add(`${name}:${String(value)}`);
				}
				assert.deepEqual(got === undefined ? undefined : [...got], want === undefined ? undefined : [...want], `seed ${start}, step ${step}: indexes.get(${name}).get(${String(value)})`);
			}
			assert.ok(ref.size > 15, `seed ${start}: ${ref.size} records at the end`);
		}
		// (what the walk must have met for the comparison to mean anything)
		assert.ok(hits > 200, `${hits} hits`);
		for (const f of ['a:0', 'a:true', 'b:1', 'a|b:1|y', 't:t3']) assert.ok(found.has(f), `never found ${f}: ${[...found]}`);
	});
}

// A walk of `store.indexes` while a dump of them is held reads the dump's lists
// (lib/engine.js `keptIndexDump`): the same walks as haro's, before and after writes, with the
// dump handed out changed by its caller, and the Sets handed out changed by theirs.
for (const recordCacheSize of [undefined, 0, 7]) {
	it(`walks of store.indexes beside a held dump, against haro@16 (recordCacheSize ${recordCacheSize})`, () => {
		const cfg = {index: ['a', 'b', 'a|b', 't', 'd'], ...(recordCacheSize === undefined ? {} : {recordCacheSize})};
		const day = i => new Date(Date.UTC(2024, 0, 1 + (i % 3)));
		const recs = records.slice(0, 60).map((r, i) => ({...r, d: day(i)}));
		const walk = s => {
			const out = [];
			s.indexes.forEach((index, name) => index.forEach((set, k) => out.push([name, k instanceof Date ? k.getTime() : k, [...set]])));

			return out;
		};
		const mine = haro(recs, cfg);
		const ref = haro16(recs, cfg);
		for (let round = 0; round < 4; round++) {
			const dumps = [mine, ref].map(s => round === 2 ? s.dump('indexes').filter(([n]) => n === 'b') : s.dump('indexes'));
			assert.deepEqual(walk(mine), walk(ref), `round ${round}: first walk beside the dump`);
			// (a Date key: the view's own object, not the dump's, as without a dump: README difference 19)
			const dated = dumps[0].find(([n]) => n === 'd');
			if (dated !== undefined) for (const [k] of dated[1]) assert.equal(mine.indexes.get('d').get(k), undefined, `round ${round}: a Date of the dump`);
			// (the caller's dump is its own: a change to it reaches no walk)
			for (const d of dumps) d[0][1][0][1].push('changed');
			mine.indexes.get('b').get('x').add('changed too');
			ref.indexes.get('b').get('x').add('changed too');
			assert.deepEqual(walk(mine), walk(ref), `round ${round}: walk after the changes`);
			// (taken back: haro's Sets keep such a change across writes, these do not, README difference 21)
			for (const s of [mine, ref]) s.indexes.get('b').get('x').delete('changed too');
			const [d2] = [mine, ref].map(s => s.dump('indexes'));
			assert.ok(!JSON.stringify(d2).includes('changed'), `round ${round}: a later dump`);
			const key = `r${round}`;
			for (const s of [mine, ref]) {
				if (round === 1) s.delete(key);
				else s.set(key, {a: 100 + round, b: 'x', t: ['t9'], d: day(round + 1)});
			}
			assert.deepEqual(walk(mine), walk(ref), `round ${round}: walk after a write`);
		}
	});
}

// `clear` and `override` replace every record: the views let go of the Sets and the
// histories they decoded (lib/views.js `release`), which no read hands out again, where they
// were kept until the view's next read.
it('clear and override let go of what the views decoded', async () => {
	setFlagsFromString('--expose-gc');
	const gc = runInNewContext('gc');
	const turn = () => new Promise(resolve => setImmediate(resolve));
	for (const [what, write] of [['clear', s => s.clear()], ['override', s => s.override([['x', {id: 'x', a: 1}]], 'records')], ['override of indexes', s => s.override([], 'indexes')]]) {
		const s = haro(records, {...config, versioning: true});
		s.set('r1', {a: 99});
		const refs = [];
		(() => {
			s.indexes.forEach(index => index.forEach(set => refs.push(new WeakRef(set))));
			refs.push(new WeakRef(s.indexes.get('b').get('x')));
			for (const r of s.versions.get('r1')) refs.push(new WeakRef(r));
		})();
		assert.ok(refs.length > 20);
		await turn();
		write(s);
		await turn();
		gc();
		await turn();
		gc();
		assert.equal(refs.filter(r => r.deref() !== undefined).length, 0, `${what}: decoded Sets and histories still held`);
		const ref = haro16(records, {...config, versioning: true});
		ref.set('r1', {a: 99});
		write(ref);
		const walk = st => [...st.indexes].map(([n, index]) => [n, [...index].map(([k, set]) => [k, [...set]])]);
		assert.deepEqual(walk(s), walk(ref), `${what}: the indexes afterwards`);
		assert.deepEqual(s.versions.get('r1'), ref.versions.get('r1'), `${what}: the history afterwards`);
	}
});

it('util.inspect (console.log) shows a store and its views as it shows haro@16\'s', async () => {
	const {inspect} = await import('node:util');
	const {Haro} = await import('../index.mjs');
	const {Haro: Haro16} = await import('haro');
	const rows = n => Array.from({length: n}, (_, i) => ({id: `k${i}`, name: `N${i % 3}`, tags: ['a', `t${i % 4}`], at: new Date(86400000 * i), deep: {d: {e: {f: i}}}}));
	const build = (make, n, cfg) => {
		const s = make(rows(n), {index: ['name', 'tags'], versioning: true, id: 'X', ...cfg});
		if (n > 0) s.set('k0', {name: 'N9'});

		return s;
	};
	const shows = [
		s => inspect(s),
		s => inspect(s, {depth: 4}),
		s => inspect({nested: {s}}, {depth: 1}),
		s => inspect({nested: s}, {depth: 0}),
		s => inspect(s.data),
		s => inspect(s.indexes, {depth: 3}),
		s => inspect(s.indexes.get('name')),
		s => inspect(s.versions, {depth: 5}),
		s => inspect(s.data, {maxArrayLength: 2}),
		s => inspect(s.data, {maxArrayLength: 2, breakLength: Infinity}),
		s => inspect(s.data, {maxArrayLength: 0}),
		s => inspect(s.data, {maxArrayLength: null, depth: 0}),
		s => inspect([s.data, s.indexes], {compact: false}),
		s => inspect(s, {getters: true}),
		s => inspect(s.data, {compact: true, maxArrayLength: 2}),
		s => inspect(s.versions, {compact: true, maxArrayLength: 1, depth: 3}),
		s => inspect(s.data, {maxArrayLength: NaN, depth: 0}),
		s => inspect(s, {sorted: true, depth: 1}),
		s => inspect(s, {showHidden: true, depth: 0}),
		s => inspect(s, {depth: null, maxArrayLength: 3})
	];
	for (const n of [0, 3, 150]) {
		for (const cfg of [{}, {immutable: true}, {recordCacheSize: 0}]) {
			const a = build(haro, n, cfg);
			const b = build(haro16, n, cfg);
			shows.forEach((show, i) => assert.equal(show(a), show(b), `${n} records, ${JSON.stringify(cfg)}, view ${i}`));
		}
	}
	// a subclass's own fields, and its name
	const logged = Base => class Logged extends Base {
		log = [];
	};
	const a = new (logged(Haro))({id: 'Y'});
	const b = new (logged(Haro16))({id: 'Y'});
	a.set('z', {q: 1});
	b.set('z', {q: 1});
	assert.equal(inspect(a), inspect(b));
	assert.match(inspect(a), /^Logged \{\n {2}data: Map\(1\) \{ 'z' => \{ q: 1, id: 'z' \} \},/);
	assert.equal(a.data.constructor.name, 'RecordsView', 'not the name of the global DataView');
	// a store that holds itself is circular; an anonymous subclass shows its base's name; a tag shows
	for (const [x, y] of [[new Haro({id: 'C'}), new Haro16({id: 'C'})]]) {
		x.self = x;
		y.self = y;
		assert.equal(inspect(x, {depth: null}), inspect(y, {depth: null}));
	}
	const anon = Base => (() => class extends Base {})();
	assert.equal(inspect(new (anon(Haro))({id: 'A'})), inspect(new (anon(Haro16))({id: 'A'})));
	const tagged = Base => class Tagged extends Base {
		get [Symbol.toStringTag] () {
			return 'T';
		}
	};
	assert.equal(inspect(new (tagged(Haro))({id: 'T'})), inspect(new (tagged(Haro16))({id: 'T'})));
	// past the record cache, a store of 1,000 records shown two at a time reads a few of them, not all
	const big = new Haro({recordCacheSize: 0, index: ['name'], id: 'B'});
	big.batch(rows(1000));
	const misses = big.stats().recordCache.misses;
	inspect(big, {maxArrayLength: 2});
	assert.ok(big.stats().recordCache.misses - misses < 20, `${big.stats().recordCache.misses - misses} records read`);
});

// The record cache changes where a record is read from, never what a call answers: the same
// random operations run on stores that differ only in `recordCacheSize` (the default, 0, 2 and
// 7: nothing cached, eviction, a store past the cache and back within it) and every answer and
// the state after each step must agree. It covers what haro@16 has no counterpart for (`setMany`,
// `deleteMany`, `range`, a deep index) beside what it has. No callback writes (passes that write
// differ past the cache by design: README, difference 15).
//
//   CACHE_SEED=123 CACHE_RUNS=1000 node --test __test__/cache-sizes.test.mjs
import './helpers/testing-addon.mjs'; // the test build packs every record (crates/haro-core/src/shape.rs): first, before the addon loads
import {it} from 'node:test';
import {AssertionError} from 'node:assert';
import {IMPL} from './helpers/compare.mjs';

const SEED = process.env.CACHE_SEED !== undefined ? Number(process.env.CACHE_SEED) : (Date.now() ^ (Math.random() * 0x7fffffff)) >>> 0;
const RUNS = process.env.CACHE_RUNS !== undefined ? Number(process.env.CACHE_RUNS) : 150;
const STEPS = 60;
const SIZES = [undefined, 0, 2, 7];

console.log(`# cache-sizes.test.mjs: CACHE_SEED=${SEED} CACHE_RUNS=${RUNS} (impl: ${IMPL.name})`);

/** xorshift32: a run is its seed. */
function rng (seed) {
	let s = seed >>> 0 || 1;

	return () => {
		s ^= s << 13;
		s >>>= 0;
		s ^= s >>> 17;
		s ^= s << 5;
		s >>>= 0;

		return s / 4294967296;
	};
}

const pick = (r, a) => a[Math.floor(r() * a.length)];
const KEYS = ['a', 'b', 'c', 'd', 'e', 'f', 'g', 1, 2, 3, 'x|y', ''];
const NAMES = ['ann', 'bob', 'cy', 'Dee', 'éa', 'zed', ''];
const TAGS = ['t1', 't2', 't3'];

function record (r) {
	const o = {};
	if (r() < 0.9) o.name = pick(r, NAMES);
	if (r() < 0.8) o.age = r() < 0.1 ? pick(r, ['10', null, NaN, -0]) : Math.floor(r() * 50);
	if (r() < 0.5) o.tags = Array.from({length: Math.floor(r() * 3)}, () => pick(r, TAGS));
	if (r() < 0.3) o.meta = {src: pick(r, ['web', 'api']), n: Math.floor(r() * 5)};

	return o;
}

const keyed = r => ({id: pick(r, KEYS), ...record(r)});

function operations (r) {
	const ops = [];
	for (let i = 0; i < STEPS; i++) {
		const t = r();
		const k = pick(r, KEYS);
		if (t < 0.2) ops.push(['set', k, record(r)]);
		else if (t < 0.25) ops.push(['merge', k, record(r)]);
		else if (t < 0.3) ops.push(['setMany', Array.from({length: 1 + Math.floor(r() * 5)}, () => keyed(r))]);
		else if (t < 0.35) ops.push(['deleteMany', [pick(r, KEYS), pick(r, KEYS)]]);
		else if (t < 0.4) ops.push(['delete', k]);
		else if (t < 0.45) ops.push(['batch', Array.from({length: 1 + Math.floor(r() * 4)}, () => keyed(r))]);
		else if (t < 0.5) ops.push(['find', {name: pick(r, NAMES)}]);
		else if (t < 0.54) ops.push(['where', {tags: [pick(r, TAGS), pick(r, TAGS)]}, pick(r, ['||', '&&'])]);
		else if (t < 0.58) ops.push(['range', pick(r, [{gte: 10, lt: 30}, {gt: 40}, {}, {lte: 5}]), {desc: r() < 0.5, limit: pick(r, [undefined, 2, 5]), offset: pick(r, [undefined, 1])}]);
		else if (t < 0.62) ops.push(['sortBy', pick(r, ['name', 'age'])]);
		else if (t < 0.65) ops.push(['limit', Math.floor(r() * 4), Math.floor(r() * 5)]);
		else if (t < 0.68) ops.push(['search', pick(r, ['regex', 'bob', 10]), pick(r, ['name', 'age', undefined])]);
		else if (t < 0.71) ops.push(['get', k]);
		else if (t < 0.73) ops.push(['has', k]);
		else if (t < 0.76) ops.push(['toArray']);
		else if (t < 0.79) ops.push(['filter']);
		else if (t < 0.81) ops.push(['reduce']);
		else if (t < 0.83) ops.push(['values']);
		else if (t < 0.85) ops.push(['entries']);
		else if (t < 0.87) ops.push(['keys']);
		else if (t < 0.89) ops.push(['dumpIndexes']);
		else if (t < 0.91) ops.push(['restore']);
		else if (t < 0.93) ops.push(['clear']);
		else if (t < 0.95) ops.push(['reindex', pick(r, [undefined, 'meta.src'])]);
		else if (t < 0.97) ops.push(['versions', k]);
		else ops.push(['size']);
	}

	return ops;
}

function apply (s, [op, a, b]) {
	switch (op) {
		case 'set': return s.set(a, structuredClone(b));
		case 'merge': return s.has(a) ? s.set(a, structuredClone(b)) : null;
		case 'setMany': return s.setMany(structuredClone(a));
		case 'deleteMany': return s.deleteMany(a);
		case 'delete': return s.delete(a);
		case 'batch': return s.batch(structuredClone(a));
		case 'find': return s.find(a);
		case 'where': return s.where(a, b);
		case 'range': return s.range('age', a, b);
		case 'sortBy': return s.sortBy(a);
		case 'limit': return s.limit(a, b);
		case 'search': return s.search(a === 'regex' ? /^[ab]/ : a, b);
		case 'get': return s.get(a);
		case 'has': return s.has(a);
		case 'toArray': return s.toArray();
		case 'filter': return s.filter(x => (x.age ?? 0) > 20);
		case 'reduce': return s.reduce((acc, x, k) => `${acc}${String(k)}:${x.name},`, '');
		case 'values': return [...s.values()];
		case 'entries': return [...s.entries()];
		case 'keys': return [...s.keys()];
		case 'dumpIndexes': return s.dump('indexes');
		case 'restore': {
			const records = s.dump('records');
			const indexes = s.dump('indexes');
			s.override(records, 'records');
			s.override(indexes, 'indexes');

			return s.size;
		}
		case 'clear': return s.clear().size;
		case 'reindex': return s.reindex(a).size;
		case 'versions': return s.versions.get(a);
		default: return s.size;
	}
}

// What an answer says, frozenness included; NaN, ±Infinity, -0 and undefined apart from null.
function show (v) {
	const seen = new Set();

	return JSON.stringify(v, function (k, x) {
		if (x === undefined) return '<undefined>';
		if (typeof x === 'number' && !Number.isFinite(x)) return `<${x}>`;
		if (Object.is(x, -0)) return '<-0>';
		if (x instanceof Map) return {map: [...x]};
		if (x instanceof Set) return {set: [...x]};
		if (x !== null && typeof x === 'object') {
			if (seen.has(x)) return '<again>';
			seen.add(x);
			if (Object.isFrozen(x) && !Array.isArray(this)) return {frozen: Array.isArray(x) ? [...x] : {...x}};
		}

		return x;
	});
}

function outcome (fn) {
	try {
		return show(fn());
	} catch (e) {
		return `threw ${e?.constructor?.name}: ${e?.message}`;
	}
}

const state = s => show([s.size, [...s.keys()].sort((x, y) => String(x).localeCompare(String(y))), s.toArray(), s.dump('indexes')]);

it(`every recordCacheSize answers alike (CACHE_SEED=${SEED}, ${RUNS} runs of ${STEPS} steps)`, () => {
	for (let run = 0; run < RUNS; run++) {
		const r = rng(SEED + run * 7919);
		const config = {index: ['name', 'age', 'tags', 'age|name', 'meta.src'].filter(() => r() < 0.7), versioning: r() < 0.4, immutable: r() < 0.3};
		const stores = SIZES.map(size => new IMPL.Haro(size === undefined ? config : {...config, recordCacheSize: size}));
		const ops = operations(r);
		for (let i = 0; i < ops.length; i++) {
			const answers = stores.map(s => outcome(() => apply(s, ops[i])));
			const states = stores.map(state);
			const differ = answers.some(x => x !== answers[0]) ? answers : states.some(x => x !== states[0]) ? states : null;
			if (differ !== null) {
				throw new AssertionError({
					message: `run ${run} (CACHE_SEED=${SEED}), ${JSON.stringify(config)}, step ${i}: ${show(ops[i])} ` +
						`${differ === answers ? 'answered' : 'left the store'} differently:\n` +
						differ.map((x, j) => `  recordCacheSize ${SIZES[j] ?? 'default'}: ${x.slice(0, 800)}`).join('\n') +
						`\n  steps before: ${ops.slice(0, i).map(show).join(' → ').slice(-2000)}`
				});
			}
		}
	}
});

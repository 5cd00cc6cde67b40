// A `set` of a key whose record still waits in the engine's queue (a store without indexes,
// lib/engine.js deferred writes) is merged in JS as the engine would merge it (lib/merge.js)
// and waits on in its place, where the engine would land the whole queue first to merge it
// itself. Three stores take every step: haro@16; haro-rs, where such writes wait; and
// haro-rs landed before each step (`stats()` lands the queue), where the engine merges. The
// two haro-rs stores must agree on every answer and error, and each must agree with haro@16
// wherever the landed one does (the rest are README differences 7 and 8). At the end both
// are saved and loaded again: what landed from the queue is what the store had handed out.
//
//   REQUEUE_SEED=7 REQUEUE_RUNS=300 node --test __test__/requeue.test.mjs
import {describe, it} from 'node:test';
import assert from 'node:assert/strict';
import {createRequire} from 'node:module';
import {mkdtempSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {IMPL, REF, compareOutcomes, makeContext, outcome, repr} from './helpers/compare.mjs';
import {prng} from './helpers/prng.mjs';

const SEED = Number(process.env.REQUEUE_SEED ?? 49);
const RUNS = Number(process.env.REQUEUE_RUNS ?? 150);
const STEPS = 30;
const KEYS = ['a', 'b', 'c', 'd', 1, 2];

const MODES = [
	{name: 'mutable', immutable: false, versioning: false},
	{name: 'immutable', immutable: true, versioning: false},
	{name: 'mutable+versioning', immutable: false, versioning: true}
];

/** A value of every kind the engine's merge treats apart; `depth` bounds the nesting. */
function value (r, depth = 0) {
	const pick = list => list[Math.floor(r() * list.length)];
	const kind = Math.floor(r() * (depth > 2 ? 6 : 11));
	switch (kind) {
		case 0: return pick(['x', '', 'é', '0']);
		case 1: return pick([0, -0, 1, 2.5, NaN, Infinity, -Infinity]);
		case 2: return pick([null, undefined, true, false]);
		case 3: return new Date(pick([0, 1, 86_400_000]));
		case 4: return pick(['y', 7]);
		case 5: return -0;
		case 6: case 7: {
			const a = Array.from({length: Math.floor(r() * 3)}, () => value(r, depth + 1));
			if (r() < 0.1) a[a.length + 1] = 'past a hole'; // (a hole: the slow check decides)

			return a;
		}
		case 8: // an object keyed as an array's indexes: merged into an array, in place, at its end, or past it
			return Object.fromEntries(Array.from({length: 1 + Math.floor(r() * 2)}, () => [pick(['0', '1', '2', '5', '01', 'length']), pick([0, 1, -1, value(r, depth + 1)])]));
		case 9: {
			if (r() < 0.08) return JSON.parse('{"__proto__": {"p": 1}, "q": 2}'); // own `__proto__` (README difference 8)
			if (r() < 0.05) return deep(70); // (a deep nest: the check walks it, and the merge follows it)

			return record(r, depth + 1);
		}
		default: return record(r, depth + 1);
	}
}

function record (r, depth) {
	// (an own `__proto__`, as JSON.parse makes one: README difference 8)
	const out = r() < 0.05 ? JSON.parse('{"__proto__": {"p": 1}}') : {};
	const n = Math.floor(r() * 4);
	// (two names most of the time: a merge meets what the queued record holds there)
	for (let i = 0; i < n; i++) out[r() < 0.8 ? ['t', 'o'][Math.floor(r() * 2)] : ['p', 'd'][Math.floor(r() * 2)]] = value(r, depth);

	return out;
}

const deep = n => n === 0 ? {end: 1} : {n: deep(n - 1)};

function steps (r) {
	const out = [];
	for (let i = 0; i < STEPS; i++) {
		const key = KEYS[Math.floor(r() * KEYS.length)];
		const t = r();
		if (t < 0.55) out.push(['set', key, record(r, 0)]);
		else if (t < 0.7) out.push(['override', key, record(r, 0)]);
		else if (t < 0.8) out.push(['new', record(r, 0)]);
		else if (t < 0.88) out.push(['delete', key]);
		else out.push(['get', key]);
	}

	return out;
}

// Each store is given its own copy of a step's values: a store may keep what it is given.
const fresh = v => v instanceof Date ? Object.assign(new Date(v.getTime()), v) : Array.isArray(v) ? copyArray(v) : v !== null && typeof v === 'object' ? copyObject(v) : v;
const copyArray = a => {
	const out = new Array(a.length);
	for (const k of Object.keys(a)) out[k] = fresh(a[k]);

	return out;
};
const copyObject = o => {
	const out = {};
	for (const k of Object.keys(o)) Object.defineProperty(out, k, {value: fresh(o[k]), enumerable: true, writable: true, configurable: true});

	return out;
};

// haro@16's merge writes an own `__proto__` through to Object.prototype (README, difference
// 8): what it adds there is taken away again, so that no later step meets it.
function applyRef (s, op) {
	const before = new Set(Object.getOwnPropertyNames(Object.prototype));
	try {
		return outcome(() => apply(s, op));
	} finally {
		for (const k of Object.getOwnPropertyNames(Object.prototype)) if (!before.has(k)) delete Object.prototype[k];
	}
}

function apply (s, [op, a, b]) {
	switch (op) {
		case 'set': return s.set(a, fresh(b));
		case 'override': return s.set(a, fresh(b), false, true);
		case 'new': return s.set(null, fresh(a));
		case 'delete': return s.delete(a);
		default: return s.get(a);
	}
}

const ctx = () => makeContext({uuids: true});

// How many times the binding was asked to set records so far: a landing (the spy stays for
// this file's process).
function sending () {
	const native = createRequire(import.meta.url)('../lib/binding.js');
	if (native.sendings === undefined) {
		native.sendings = 0;
		for (const name of ['setRecords', 'setChunk', 'setRecordsLater']) {
			const f = native[name];
			native[name] = (...a) => (native.sendings++, f(...a));
		}
	}

	return () => native.sendings;
}

// The merges the engine refuses or writes otherwise than JS would, each met on purpose.
const [WAITS, ENGINE, REFUSED] = ['waits', 'engine', 'refused'];
const EDGES = [
	// [the record queued, the update, what takes it: WAITS (merged where the record waits, but
	// in a versioned store), ENGINE (the queue lands; the engine merges) or REFUSED (before either)]
	[{t: [1, 2]}, {t: {length: 0}}, ENGINE],
	[{t: [1, 2]}, {t: {length: -1}}, ENGINE],
	[{t: [1, 2]}, {t: {'01': 5}}, ENGINE],
	[{t: [1, 2]}, {t: {2: 5}}, WAITS],
	[{t: [1, 2]}, {t: {5: 5}}, ENGINE], // (holes)
	[{t: [1, 2]}, {t: [3]}, WAITS],
	[{t: [1, 2]}, {t: {0: {x: 1}}}, WAITS],
	[{o: {p: 1}}, {o: JSON.parse('{"__proto__": {"x": 1}}')}, ENGINE],
	[{o: {p: 1}}, JSON.parse('{"__proto__": {"x": 1}}'), ENGINE],
	[{o: {p: 1}}, {o: JSON.parse('{"__proto__": 1}')}, ENGINE],
	[{d: new Date(0)}, {d: {x: 1}}, ENGINE],
	[{d: new Date(0)}, {d: new Date(5)}, WAITS],
	[{o: {p: 1}}, {o: new Date(5)}, WAITS],
	[{o: {p: 1}}, {o: Object.assign(new Date(5), {x: 1})}, REFUSED], // (as given, before any merge)
	[{o: {p: 1}}, {o: [1]}, WAITS],
	[{o: [1]}, {o: {p: 1}}, ENGINE],
	[{o: {p: {q: 1}}}, {o: {p: {r: undefined, s: -0}}}, WAITS],
	[{o: deep(70)}, {o: deep(60)}, WAITS]
];

describe('a set of a record that waits to land: the edges of the engine\'s merge', () => {
	for (const mode of MODES) {
		for (const [held, patch, taker] of EDGES) {
			it(`${mode.name}: ${repr(held)} merged with ${repr(patch)}`, () => {
				const cfg = {immutable: mode.immutable, versioning: mode.versioning, id: 's'};
				const [ref, waits, landed] = [new REF.Haro(cfg), new IMPL.Haro(cfg), new IMPL.Haro(cfg)];
				for (const s of [ref, waits, landed]) s.set(null, {id: 'k', ...fresh(held)});
				landed.stats();
				const ops = [['set', 'k', patch], ['get', 'k'], ['set', 'k', patch]];
				const sent = sending();
				for (const [i, op] of ops.entries()) {
					const h = applyRef(ref, op);
					const before = sent();
					const w = outcome(() => apply(waits, op));
					const lands = taker === ENGINE || (taker === WAITS && mode.versioning);
					if (i === 0) assert.equal(sent() !== before, lands, lands ? 'the update did not land the queue' : 'the update landed the queue');
					const l = outcome(() => apply(landed, op));
					assert.deepEqual(compareOutcomes(l, w, op[0], ctx()), []);
					if (compareOutcomes(h, l, op[0], ctx()).length === 0) assert.deepEqual(compareOutcomes(h, w, op[0], ctx()), []);
				}
			});
		}
	}
});

// The queued record changed in place by its caller since it was set (README, difference 4):
// the engine merges into what the landing writes of it (leniently), and so must the merge
// where it waits, or leave the write to the engine.
// Each is given the object before its record is set, and returns the change made after.
const CHANGES = {
	'a cycle': meta => () => {
		meta.self = meta;
	},
	'a getter that throws now': meta => {
		let armed = false;
		Object.defineProperty(meta, 'v', {enumerable: true, get () {
			if (armed) throw new Error('gone');

			return 1;
		}});

		return () => {
			armed = true;
		};
	},
	'a URL (its toJSON)': meta => () => {
		meta.u = new URL('https://example.org/x');
	},
	'a Buffer (its toJSON)': meta => () => {
		meta.b = Buffer.from('hi');
	},
	'undefined and NaN': meta => () => {
		Object.assign(meta, {u: undefined, n: NaN});
	}
};

describe('a set of a record that waits to land, after its caller changed it in place', () => {
	for (const [name, change] of Object.entries(CHANGES)) {
		it(name, () => {
			const out = [false, true].map(landed => {
				const s = new IMPL.Haro();
				const meta = {n: 1};
				const after = change(meta);
				s.set('a', {meta, t: [1]}); // (waits: the cache holds this very object)
				after();
				if (landed) s.stats();

				return outcome(() => [s.set('a', {x: 1, t: [2]}), s.toArray()]);
			});
			assert.deepEqual(compareOutcomes(out[1], out[0], name, ctx()), []);
		});
	}
});

// Properties Object.prototype was given that a for-in does not see (so the quick check passes
// and the merge runs where the record waits): the engine merges into what the record holds,
// and defines a key it does not hold.
const POLLUTION = {
	'a data property': {value: {p: 1}, writable: true},
	'an accessor': {get () {}, set () {}}
};

describe('a set of a record that waits to land, with Object.prototype given a property', () => {
	for (const [name, descriptor] of Object.entries(POLLUTION)) {
		it(`${name}: merged into what the record holds, as the engine merges`, () => {
			const [waits, landed] = [new IMPL.Haro(), new IMPL.Haro()];
			for (const s of [waits, landed]) s.set(null, {id: 'k', o: 1});
			landed.stats();
			const sent = sending();
			Object.defineProperty(Object.prototype, 'polluted', {...descriptor, configurable: true}); // eslint-disable-line no-extend-native
			try {
				const before = sent();
				const w = outcome(() => waits.set('k', {polluted: {q: 2}}));
				assert.equal(sent(), before, 'the update landed the queue');
				const l = outcome(() => landed.set('k', {polluted: {q: 2}}));
				assert.deepEqual(compareOutcomes(l, w, 'set', ctx()), []);
				assert.deepEqual(Object.getOwnPropertyDescriptor(w.value[1], 'polluted')?.value, {q: 2});
				if ('value' in descriptor) assert.deepEqual(Object.prototype.polluted, {p: 1});
			} finally {
				delete Object.prototype.polluted;
			}
		});
	}
});

describe(`a set of a record that waits to land (REQUEUE_SEED=${SEED}, ${RUNS} runs of ${STEPS} steps)`, () => {
	for (const mode of MODES) {
		it(`${mode.name}: answers as the engine's merge and as haro@16`, () => {
			const r = prng(SEED);
			const dir = mkdtempSync(join(tmpdir(), 'haro-rs-requeue-'));
			let compared = 0;
			try {
				for (let run = 0; run < RUNS; run++) {
					const ops = steps(r);
					const cfg = {immutable: mode.immutable, versioning: mode.versioning, id: 's'};
					const ref = new REF.Haro(cfg);
					const waits = new IMPL.Haro(cfg);
					const landed = new IMPL.Haro(cfg);
					for (let i = 0; i < ops.length; i++) {
						const at = `run ${run} step ${i} ${ops[i][0]} ${repr(ops[i].slice(1))}`;
						landed.stats(); // (its queue lands: the engine takes this write)
						const h = applyRef(ref, ops[i]);
						const w = outcome(() => apply(waits, ops[i]));
						const l = outcome(() => apply(landed, ops[i]));
						const byEngine = compareOutcomes(l, w, at, ctx());
						assert.deepEqual(byEngine, [], `the write that waits and the one the engine took differ:\n${byEngine.join('\n')}`);
						if (compareOutcomes(h, l, at, ctx()).length === 0) {
							compared++;
							assert.deepEqual(compareOutcomes(h, w, at, ctx()), [], `haro@16 and haro-rs differ at ${at}`);
						}
						const state = compareOutcomes(outcome(() => landed.toArray()), outcome(() => waits.toArray()), `${at}: toArray`, ctx());
						assert.deepEqual(state, [], state.join('\n'));
					}
					// What landed from the queue, read back from the engine.
					waits.save(join(dir, 'w.snap'));
					landed.save(join(dir, 'l.snap'));
					const back = outcome(() => IMPL.Haro.load(join(dir, 'w.snap')).toArray());
					const diffs = [
						...compareOutcomes(outcome(() => IMPL.Haro.load(join(dir, 'l.snap')).toArray()), back, `run ${run}: loaded`, makeContext({uuids: true, frozen: false})),
						...compareOutcomes(outcome(() => waits.toArray()), back, `run ${run}: held and loaded`, makeContext({frozen: false}))
					];
					assert.deepEqual(diffs, [], diffs.join('\n'));
				}
			} finally {
				rmSync(dir, {recursive: true, force: true});
			}
			assert.ok(compared > RUNS * STEPS / 2, `compared with haro@16 at ${compared} steps of ${RUNS * STEPS}`);
		});
	}
});

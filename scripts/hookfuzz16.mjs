// Seeded random differential fuzz of the lifecycle hooks and overridable methods: haro@16
// against haro-rs. Each seed draws a config (indexes composite and array-valued, immutable,
// versioning, record caches of 0 and 2), a set of behaviours and where each method is put, and
// runs the same random writes and reads on both. The hooks (beforeSet, onset, beforeDelete,
// ondelete, beforeBatch, onbatch, beforeClear, onclear, onoverride) log every call with its
// arguments copied deep and what the store looks like from inside the hook; some mutate their
// arguments, throw, rewrite a batch or call back into the store; merge, sortKeys, uuid and
// reindex may be replaced, has may answer otherwise than the store holds, and set, delete,
// filter, reduce and matchesPredicate may be logged. Each is put on a subclass, on the store
// itself (`store.onset = fn`) or wrapped on Haro.prototype (a spy), or left as it is. After
// every operation the answer or error, the call log and the whole state are compared. A
// failing seed is shrunk to a few operations and behaviours. `__test__/hookfuzz16.test.mjs`
// runs a range of seeds in `npm test`; scripts/fuzz16.mjs fuzzes the store without hooks.
//   node scripts/hookfuzz16.mjs <seed> [ops]               one seed: its first difference, shrunk
//   node scripts/hookfuzz16.mjs --range <from> <to> [ops]  many seeds, a line per failing seed
// env: NOSHRINK=1 (no shrinking), PROGRESS=1
import {Haro as RefHaro} from 'haro';
import {Haro as RsHaro} from '../index.mjs';
import {inspect} from 'node:util';
import {fileURLToPath} from 'node:url';
import {dropOps, makeRng, seedRange} from './fuzzing.mjs';

const SIDES = [RefHaro, RsHaro]; // haro first: a delete's key is printed from its registry

// ---------------- deep copy for comparing ----------------
// A tagged, JSON-able copy: -0, NaN and undefined spelled out, frozen objects marked (#F), Maps
// and Sets (haro's and haro-rs's views alike) as their entries.
function snap (v, frozen = true, seen = new Set()) {
	if (v === undefined) return '<undef>';
	if (typeof v === 'number') return Object.is(v, -0) ? '<-0>' : Number.isNaN(v) ? '<NaN>' : v;
	if (typeof v === 'bigint' || typeof v === 'symbol' || typeof v === 'function') return `<${typeof v}>`;
	if (v === null || typeof v !== 'object') return v;
	if (seen.has(v)) return '<cycle>';
	seen.add(v);
	const F = frozen && Object.isFrozen(v) ? '#F' : '';
	let out;
	if (Array.isArray(v)) out = {['A' + F]: Array.from(v, x => snap(x, frozen, seen))};
	else if (v instanceof Map) out = {M: Array.from(v.entries(), ([k, x]) => [snap(k, frozen, seen), snap(x, frozen, seen)])};
	else if (v instanceof Set) out = {S: Array.from(v, x => snap(x, frozen, seen))};
	else if (v instanceof Date) out = {D: v.getTime()};
	else if (v instanceof Error) out = {E: v.message};
	else {
		const o = {};
		for (const k of Object.keys(v)) o[k] = snap(v[k], frozen, seen);
		out = F ? {['O' + F]: o} : o;
	}
	seen.delete(v);
	return out;
}
const J = v => JSON.stringify(v);

// The first place two snaps differ, as a path and both values.
function firstDiff (a, b, path = '$') {
	if (J(a) === J(b)) return null;
	if (a && b && typeof a === 'object' && typeof b === 'object' && Array.isArray(a) === Array.isArray(b)) {
		const ka = Object.keys(a), kb = Object.keys(b);
		if (J(ka) !== J(kb) && !Array.isArray(a)) return `${path}: keys ${J(ka)} vs ${J(kb)}`;
		if (Array.isArray(a) && a.length !== b.length) {
			for (let i = 0; i < Math.min(a.length, b.length); i++) { const d = firstDiff(a[i], b[i], `${path}[${i}]`); if (d) return d; }
			return `${path}: length ${a.length} vs ${b.length}: ${J(a).slice(0, 400)} vs ${J(b).slice(0, 400)}`;
		}
		for (const k of ka) { const d = firstDiff(a[k], b[k], Array.isArray(a) ? `${path}[${k}]` : `${path}.${k}`); if (d) return d; }
	}
	return `${path}: ${J(a).slice(0, 600)} vs ${J(b).slice(0, 600)}`;
}

// ---------------- seeds: config, behaviours, placements ----------------
const HOOKS = ['beforeSet', 'onset', 'beforeDelete', 'ondelete', 'beforeBatch', 'onbatch', 'beforeClear', 'onclear', 'onoverride'];
// Every method a seed may replace; beside the hooks, those that run only when a behaviour asks.
const METHODS = [...HOOKS, 'uuid', 'sortKeys', 'merge', 'reindex', 'has', 'set', 'delete', 'filter', 'reduce', 'matchesPredicate'];
// Not forEach: haro's reindex walks the records through it and haro-rs's does not (README
// difference 17), so a logged forEach differs at every reindex. Nor get, list or clone (17).

function makeConfig (rng) {
	const index = ['a', 'b', 'a|b', 'tags', 'b|tags'].filter(() => rng.chance(0.5));
	const cfg = {index, key: 'id', immutable: rng.chance(0.4), versioning: rng.chance(0.4)};
	if (rng.chance(0.2)) cfg.recordCacheSize = rng.pick([0, 2]); // reads from the engine, past a small cache
	// A seed turns on few behaviours or many: alone each is easier to read, together they meet.
	const scale = rng.pick([1, 3]);
	const on = p => rng.chance(Math.min(1, p * scale));
	const beh = {
		beforeSetMut: on(0.3), // adds a field, changes a
		beforeSetThrow: on(0.15),
		onsetReenter: on(0.2), // sets another key from onset
		beforeDeleteThrow: on(0.15),
		beforeDeleteReenter: on(0.15), // sets another key
		ondeleteReenter: on(0.15),
		beforeBatchRewrite: on(0.3),
		onbatchRewrite: on(0.3),
		beforeClearSet: on(0.2),
		onclearSet: on(0.2),
		onoverrideAct: on(0.3),
		mergeCustom: on(0.3), // a shallow merge
		logMerge: on(0.7),
		reindexLog: on(0.5),
		onsetThrow: on(0.1),
		ondeleteThrow: on(0.1),
		onbatchThrow: on(0.05),
		beforeBatchThrow: on(0.05),
		beforeClearThrow: on(0.05),
		onclearThrow: on(0.05),
		onoverrideThrow: on(0.05),
		beforeSetDelSelf: on(0.1),
		beforeDelDelOther: on(0.1),
		ondelDelOther: on(0.1),
		beforeSetChangeId: on(0.1),
		beforeSetDropId: on(0.1),
		mergeNew: on(0.15), // a merge into a new object, recursing through this.merge
		sortKeysRev: on(0.2),
		uuidNum: on(0.2),
		beforeSetClear: on(0.08),
		onsetDeleteSelf: on(0.08),
		onsetBatch: on(0.08),
		ondeleteClear: on(0.06),
		beforeDeleteClear: on(0.06),
		onsetOverride: on(0.05),
		beforeSetOverrideIdx: on(0.05),
		onsetReindex: on(0.08),
		beforeSetSetSame: on(0.08),
		hasLies: on(0.15), // has answers otherwise than the store holds (haro's own calls ask its Map)
		logSetDelete: on(0.15), // batch's calls of set and delete
		logScan: on(0.15) // where's scan through filter, reduce and matchesPredicate
	};
	// Where each method goes: a subclass, the store itself, or a wrapper on Haro.prototype
	// (a spy: haro-rs must not take the wrapper for its own method). 'none' leaves haro's.
	const wrapProto = rng.chance(0.3);
	const allProto = wrapProto && rng.chance(0.4); // then the store is a plain Haro
	const place = {};
	for (const m of METHODS) {
		if (!used(m, beh) || (HOOKS.includes(m) && rng.chance(0.1))) place[m] = 'none';
		else if (allProto) place[m] = 'proto';
		else if (wrapProto) place[m] = rng.pick(['class', 'proto', 'proto', 'instance']);
		else place[m] = rng.chance(0.15) ? 'instance' : 'class';
	}
	return {cfg, beh, place};
}
function used (m, beh) {
	switch (m) {
		case 'uuid': return true; // haro's is random: both sides need the same keys
		case 'sortKeys': return beh.sortKeysRev;
		case 'merge': return beh.logMerge || beh.mergeCustom || beh.mergeNew;
		case 'reindex': return beh.reindexLog;
		case 'has': return beh.hasLies;
		case 'set': case 'delete': return beh.logSetDelete;
		case 'filter': case 'reduce': case 'matchesPredicate': return beh.logScan;
		default: return true; // the hooks
	}
}

// ---------------- operations ----------------
const KEYS = ['k0', 'k1', 'k2', 'k3', 'k4', 'k5', 1, 2];
const SVAL = ['x', 'y', 'z', 'x|y', '', 'w'];
function makeRecord (rng, key) {
	const r = {};
	if (key !== undefined) r.id = key;
	if (rng.chance(0.7)) r.a = rng.pick([1, 2, 3, 'x', 'y']);
	if (rng.chance(0.6)) r.b = rng.pick(SVAL);
	if (rng.chance(0.4)) r.tags = Array.from({length: rng.int(3)}, () => rng.pick(['t1', 't2', 't3']));
	if (rng.chance(0.3)) r.o = {p: rng.int(3), q: [rng.int(3)], s: {r: rng.int(2)}};
	return r;
}
function genOps (rng, cfg, n) {
	const ops = [];
	for (let i = 0; i < n; i++) {
		const t = rng.f();
		let op;
		if (t < 0.3) {
			const k = rng.pick(KEYS);
			const mode = rng.pick(['explicit', 'null', 'nullNoKey']); // nullNoKey: a uuid
			op = {kind: 'set', key: mode === 'explicit' ? k : null, rec: makeRecord(rng, mode === 'null' ? k : undefined), batch: rng.chance(0.2), override: rng.chance(0.3)};
		} else if (t < 0.42) op = {kind: 'del', pick: rng.f(), missing: rng.chance(0.1)};
		else if (t < 0.52) op = {kind: 'batchSet', recs: Array.from({length: rng.int(4)}, () => makeRecord(rng, rng.chance(0.8) ? rng.pick(KEYS) : undefined))};
		else if (t < 0.58) op = {kind: 'batchDel', picks: Array.from({length: 1 + rng.int(3)}, () => rng.f())};
		else if (t < 0.62) op = {kind: 'clear'};
		else if (t < 0.66) op = {kind: 'overrideRecords', pairs: Array.from({length: rng.int(4)}, (_, j) => ['o' + j, makeRecord(rng, 'o' + j)])};
		else if (t < 0.69) op = {kind: 'overrideIndexesSelf'};
		else if (t < 0.74) op = {kind: 'find', where: rng.pick([{a: 1}, {b: 'x'}, {a: 'x', b: 'y'}, {b: 'y', a: 'x'}, {tags: 't1'}, {b: 'x', tags: 't2'}, {tags: 't2', b: 'x'}])};
		else if (t < 0.78) op = {kind: 'where', pred: rng.pick([{a: 1}, {b: ['x', 'y']}, {tags: ['t1', 't2']}, {a: 2, b: 'x'}]), op: rng.pick(['||', '&&'])};
		else if (t < 0.81) op = {kind: 'search', value: rng.pick(['x', 't1', 1]), index: rng.pick([undefined, 'a', 'b', 'tags'])};
		else if (t < 0.84) op = {kind: 'sortBy', index: rng.pick(['a', 'b', 'tags'])};
		else if (t < 0.87) op = {kind: 'reindex', field: rng.pick([undefined, 'a', 'b', 'c'])};
		else if (t < 0.9) op = {kind: 'get', key: rng.pick(KEYS)};
		else if (t < 0.93) op = {kind: 'merge', a: {x: [1], y: {z: 1}}, b: {x: [2], y: {w: 2}}, override: rng.chance(0.5)};
		else if (t < 0.955) op = {kind: 'toArray'};
		else if (t < 0.975) { // a where with its index gone scans, through filter, reduce and matchesPredicate
			const name = rng.pick(['a', 'b', 'tags']);
			op = {kind: 'scanWhere', name, pred: {[name]: rng.pick({a: [1, 2, [1, 'x']], b: ['x', ['x', 'y']], tags: ['t1', ['t1', 't2']]}[name])}, op: rng.pick(['||', '&&'])};
		} else op = {kind: 'limit', offset: rng.int(3), max: rng.int(4)};
		// override(…, 'records') with versioning: haro's next set of such a key throws (difference 6)
		if (op.kind === 'overrideRecords' && cfg.versioning) continue;
		ops.push(op);
	}
	return ops;
}

// ---------------- the logging store ----------------
// What a hook sees of the store. `has` is haro's own (a lying has is logged, not asked here);
// store.data.has is the Map in haro, the data view in haro-rs.
function view (store, orig, k) {
	const keyish = typeof k === 'string' || typeof k === 'number';
	return {
		size: store.size,
		reg: store.registry,
		has: keyish ? orig.has.call(store, k) : null,
		data: keyish ? store.data.has(k) : null,
		raw: keyish ? store.get(k, true) : null,
		vers: keyish && store.versioning && store.versions.has(k) ? store.versions.get(k).size : null,
		idx: Array.from(store.indexes.keys(), n => [n, Array.from(store.indexes.get(n).entries(), ([v, set]) => [snap(v), Array.from(set)])]),
		find: store.index.includes('a') ? store.find({a: 1}, true).map(r => r && r.id) : null
	};
}

// Each method's body, `this` the store, `base` haro's (or haro-rs's) own. Re-entrant calls go
// one level deep. The hooks never change the record onset is handed: haro indexes the very
// object and haro-rs a copy (difference 4).
function behaviours (beh, counters) {
	let depth = 0;
	const reenter = fn => {
		if (depth > 0) return;
		depth++;
		try { fn(); } finally { depth--; }
	};
	const plain = v => v !== null && typeof v === 'object' && !Array.isArray(v);
	return {
		uuid () { return beh.uuidNum ? 100 + counters.u++ : 'u' + counters.u++; },
		sortKeys (base, a) { return -base.apply(this, a); },
		beforeBatch (base, a) {
			if (beh.beforeBatchThrow && a[0].length === 2) throw new Error('bb-throw');
			if (beh.beforeBatchRewrite && Array.isArray(a[0])) {
				if (a[1] === 'set') return a[0].filter((r, i) => i % 2 === 0).concat([{id: 'bb' + counters.b++, a: 3}]);
				return a[0].slice(0, 1);
			}
			return base.apply(this, a);
		},
		onbatch (base, a) {
			if (beh.onbatchThrow && a[1] === 'del') throw new Error('ob-throw');
			if (beh.onbatchRewrite) return {n: Array.isArray(a[0]) ? a[0].length : -1, t: a[1]};
			return base.apply(this, a);
		},
		beforeClear () {
			if (beh.beforeClearThrow && this.size > 3) throw new Error('bc-throw');
			if (beh.beforeClearSet) reenter(() => this.set('bc', {a: 1}));
		},
		onclear () {
			if (beh.onclearThrow) throw new Error('oc-throw');
			if (beh.onclearSet) reenter(() => this.set('oc', {a: 2, b: 'x'}));
		},
		beforeDelete (base, [k]) {
			if (beh.beforeDeleteThrow && k === 'k3') throw new Error('bd-throw');
			if (beh.beforeDeleteClear && k === 'k4') reenter(() => this.clear());
			if (beh.beforeDelDelOther && k !== 'k2' && this.has('k2')) reenter(() => this.delete('k2'));
			// not the key being deleted: haro leaves index entries behind (difference 6)
			if (beh.beforeDeleteReenter && k !== 'k0') reenter(() => this.set('k0', {a: 1, b: 'w'}));
		},
		ondelete (base, [k]) {
			if (beh.ondeleteClear && k === 'k2') reenter(() => this.clear());
			if (beh.ondeleteThrow && k === 'k1') throw new Error('od-throw');
			if (beh.ondelDelOther && k !== 1 && this.has(1)) reenter(() => this.delete(1));
			// not the key being deleted: haro drops its history, then its next set throws (difference 6)
			if (beh.ondeleteReenter && k !== 'k5') reenter(() => this.set('k5', {a: 3, tags: ['t3']}));
		},
		beforeSet (base, [k, rec]) {
			if (beh.beforeSetThrow && k === 'k4') throw new Error('bs-throw');
			if (beh.beforeSetDelSelf && k === 'k2' && this.has('k2')) reenter(() => this.delete('k2'));
			if (beh.beforeSetChangeId && k === 'k3') rec.id = 'k3x';
			if (beh.beforeSetDropId && k === 'k5') delete rec.id;
			if (beh.beforeSetClear && k === 'k5') reenter(() => this.clear());
			if (beh.beforeSetOverrideIdx && k === 'k0') reenter(() => this.override(this.dump('indexes'), 'indexes'));
			if (beh.beforeSetSetSame && k === 'k2') reenter(() => this.set('k2', {a: 9, b: 'z'}));
			if (beh.beforeSetMut && rec && typeof rec === 'object') {
				rec.m = (rec.m ?? 0) + 1;
				if (rec.a === 1) rec.a = 2;
			}
		},
		onset (base, [pair]) {
			const k = pair && pair[0];
			if (beh.onsetThrow && k === 'k2') throw new Error('os-throw');
			if (beh.onsetReenter && pair && k !== 'k1') reenter(() => this.set('k1', {a: 1, b: 'x'}));
			if (beh.onsetDeleteSelf && k === 'k3' && this.has('k3')) reenter(() => this.delete('k3'));
			if (beh.onsetBatch && k === 'k0') reenter(() => this.batch([{id: 'ob1', a: 1}, {id: 'k2', b: 'x'}]));
			if (beh.onsetOverride && k === 'k4') reenter(() => this.override([['oo', {id: 'oo', a: 1}]], 'records'));
			if (beh.onsetReindex) reenter(() => this.reindex(k === 'k1' ? 'c' : undefined));
		},
		onoverride () {
			if (beh.onoverrideThrow) throw new Error('oo-throw');
			if (beh.onoverrideAct) reenter(() => this.set('ov', {a: 1}));
		},
		merge (base, a) {
			if (beh.mergeCustom && plain(a[0]) && plain(a[1])) return Object.assign(a[0], a[1]);
			if (beh.mergeNew && plain(a[0]) && plain(a[1])) {
				const o = {...a[0]};
				for (const k of Object.keys(a[1])) o[k] = this.merge(a[0][k], a[1][k], a[2]);
				return o;
			}
			return base.apply(this, a);
		},
		// 1 for 'k1' (a lookup that takes numbers for their names), 'k5' never
		has (base, [k]) {
			if (k === 'k5') return false;
			return base.call(this, k) || (k === 1 && base.call(this, 'k1'));
		}
	};
}

// A store of class Haro as a seed wants it; `restore` takes the prototype wrappers back.
function makeStore (Haro, s, log) {
	const {cfg, beh, place} = s;
	const proto = Haro.prototype;
	const orig = Object.fromEntries(METHODS.map(m => [m, proto[m]]));
	const bodies = behaviours(beh, {u: 0, b: 0});
	const wrapper = m => {
		const base = orig[m];
		const body = bodies[m] ?? function (b, a) { return b.apply(this, a); };
		// sortKeys is not logged: haro-rs calls it at other times (difference 17)
		const logged = HOOKS.includes(m) ? 'view' : m === 'sortKeys' || (m === 'merge' && !beh.logMerge) ? null : 'args';
		return function (...a) {
			if (logged && this !== self && self !== null) log.push([m, 'called on another this']);
			if (logged === 'view') log.push([m, a.length, snap(a), snap(view(this, orig, a[0]), false)]);
			// matchesPredicate's record is the one override kept, which haro leaves unfrozen in
			// immutable mode until a get freezes it, and haro-rs freezes (difference 11)
			else if (logged) log.push([m, a.length, snap(a, m !== 'matchesPredicate')]);
			return body.call(this, base, a);
		};
	};
	const restore = [];
	let store, self = null; // (null while the constructor runs)
	try {
		for (const m of METHODS) if (place[m] === 'proto') { restore.push([m, Object.getOwnPropertyDescriptor(proto, m)]); proto[m] = wrapper(m); }
		let C = Haro;
		if (METHODS.some(m => place[m] === 'class')) {
			C = class Hooked extends Haro {};
			for (const m of METHODS) if (place[m] === 'class') Object.defineProperty(C.prototype, m, {value: wrapper(m), writable: true, configurable: true});
		}
		self = store = new C({...cfg, index: [...cfg.index]});
		for (const m of METHODS) if (place[m] === 'instance') store[m] = wrapper(m);
	} catch (e) {
		for (const [m, d] of restore) Object.defineProperty(proto, m, d);
		throw e;
	}
	return {store, restore: () => { for (const [m, d] of restore) Object.defineProperty(proto, m, d); }};
}

function pickKey (store, p) {
	const reg = store.registry;
	return reg.length ? reg[Math.floor(p * reg.length)] : 'nokey';
}
function apply (s, op) {
	switch (op.kind) {
		case 'set': return s.set(op.key, structuredClone(op.rec), op.batch, op.override);
		case 'del': return s.delete(op.missing ? 'nokey' : pickKey(s, op.pick));
		case 'batchSet': return s.batch(structuredClone(op.recs), 'set');
		case 'batchDel': return s.registry.length ? s.batch([...new Set(op.picks.map(p => pickKey(s, p)))], 'del') : 'empty';
		case 'clear': return s.clear() === s ? 'self' : 'other';
		case 'overrideRecords': return s.override(structuredClone(op.pairs), 'records');
		case 'overrideIndexesSelf': return s.override(s.dump('indexes'), 'indexes');
		case 'find': return s.find(op.where);
		case 'where': return s.where(op.pred, op.op);
		case 'search': return s.search(op.value, op.index);
		case 'sortBy': return s.sortBy(op.index);
		case 'reindex': return s.reindex(op.field) === s ? 'self' : 'other';
		case 'get': return s.get(op.key);
		case 'merge': return s.merge(structuredClone(op.a), structuredClone(op.b), op.override);
		case 'toArray': return s.toArray();
		case 'scanWhere': return [s.indexes.delete(op.name), s.where(op.pred, op.op)];
		case 'limit': return s.limit(op.offset, op.max);
	}
	throw new Error('unknown op ' + op.kind);
}
// What the store holds, through haro's public reads.
function stateOf (s) {
	return {
		size: s.size,
		registry: s.registry,
		records: snap(s.dump('records'), false),
		indexes: Array.from(s.indexes.keys(), n => [n, Array.from(s.indexes.get(n).entries(), ([v, set]) => [snap(v), Array.from(set)])]),
		versions: s.versioning ? Array.from(s.versions.keys(), k => [k, Array.from(s.versions.get(k) ?? [], v => snap(v))]) : null
	};
}

export const stats = {seeds: 0, ops: 0, calls: {}, errors: {}, placed: {class: 0, instance: 0, proto: 0, none: 0}};

// Runs ops on both; null, or the first difference {step, what, detail}.
function runSeq (s, ops, {keys = null} = {}) {
	const sides = [];
	try {
		for (const Haro of SIDES) {
			const log = [];
			sides.push({log, ...makeStore(Haro, s, log)});
		}
		for (let i = 0; i < ops.length; i++) {
			const op = ops[i];
			if (keys) { // the keys a delete picks, for printing
				const ref = sides[0].store;
				keys.push(op.kind === 'del' ? pickKey(ref, op.pick) : op.kind === 'batchDel' && ref.size ? [...new Set(op.picks.map(p => pickKey(ref, p)))] : null);
			}
			const out = sides.map(side => {
				side.log.length = 0;
				let res, err = null;
				try { res = snap(apply(side.store, op)); } catch (e) { err = `${e?.constructor?.name}: ${e?.message}`; }
				let state;
				try { state = stateOf(side.store); } catch (e) { state = 'state threw ' + e.message; }
				return {res, err, log: side.log.slice(), state};
			});
			const [a, b] = out;
			stats.ops++;
			for (const e of a.log) stats.calls[e[0]] = (stats.calls[e[0]] ?? 0) + 1;
			if (a.err) stats.errors[a.err] = (stats.errors[a.err] ?? 0) + 1;
			if (a.err !== b.err) return {step: i, what: 'throw', detail: `haro ${a.err ? 'threw ' + a.err : 'returned ' + J(a.res).slice(0, 300)} / haro-rs ${b.err ? 'threw ' + b.err : 'returned ' + J(b.res).slice(0, 300)}`};
			const d = firstDiff(a.res, b.res, 'result') ?? logDiff(a.log, b.log) ?? firstDiff(a.state, b.state, 'state');
			if (d) return {step: i, what: d.split(/[:.[]/)[0], detail: d};
		}
		return null;
	} finally {
		for (const side of sides) side.restore();
	}
}
// The first call the logs disagree on, with the calls before it named.
function logDiff (a, b) {
	for (let i = 0; i < Math.max(a.length, b.length); i++) {
		if (J(a[i]) === J(b[i])) continue;
		const before = a.slice(0, i).map(e => e[0]).join(' ');
		if (!a[i] || !b[i] || a[i][0] !== b[i][0]) return `log[${i}] (after ${before || 'none'}): haro called ${a[i] ? a[i][0] : 'nothing'}, haro-rs ${b[i] ? b[i][0] : 'nothing'}; haro ${J(a.map(e => e[0]))} / haro-rs ${J(b.map(e => e[0]))}`;
		return firstDiff(a[i], b[i], `log[${i}] ${a[i][0]} (after ${before || 'none'})`);
	}
	return null;
}

function setup (seed, nops) {
	const rng = makeRng(seed);
	const {cfg, beh, place} = makeConfig(rng);
	return {cfg, beh, place, ops: genOps(rng, cfg, nops)};
}
function runSetup (s) {
	stats.seeds++;
	for (const m of METHODS) stats.placed[s.place[m]]++;
	return runSeq(s, s.ops);
}

// ---------------- shrinking ----------------
// Drops operations (halves, then smaller runs, as fuzz16), then each behaviour and each
// placement on its own, keeping what still fails the same way.
async function shrink (s, fail) {
	let cur = s;
	const test = (cand, c = cur) => {
		const r = runSeq(c, cand);
		return r && r.what === fail.what ? r : null;
	};
	const dropped = await dropOps(s.ops.slice(0, fail.step + 1), test);
	const ops = dropped.ops;
	fail = dropped.fail ?? fail;
	for (const b of Object.keys(s.beh)) {
		if (!cur.beh[b]) continue;
		const c = {...cur, beh: {...cur.beh, [b]: false}};
		c.place = {...c.place};
		for (const m of METHODS) if (!used(m, c.beh)) c.place[m] = 'none';
		const r = test(ops, c);
		if (r) { cur = c; fail = r; }
	}
	for (const m of METHODS) {
		for (const p of HOOKS.includes(m) ? ['none', 'class'] : ['class']) {
			if (cur.place[m] === 'none' || cur.place[m] === p) continue;
			const c = {...cur, place: {...cur.place, [m]: p}};
			const r = test(ops, c);
			if (r) { cur = c; fail = r; break; }
		}
	}
	for (const opt of ['immutable', 'versioning', 'recordCacheSize']) {
		if (!(opt in cur.cfg)) continue;
		const cfg = {...cur.cfg};
		delete cfg[opt];
		if (cur.cfg[opt] === false) { cur = {...cur, cfg}; continue; } // (the default)
		const r = test(ops, {...cur, cfg});
		if (r) { cur = {...cur, cfg}; fail = r; }
	}
	return {...cur, ops, fail};
}

// ---------------- printing ----------------
const src = v => inspect(v, {depth: Infinity, breakLength: Infinity, compact: true});
function opSrc (op, key) {
	switch (op.kind) {
		case 'set': return `s.set(${src(op.key)}, ${src(op.rec)}, ${op.batch}, ${op.override})`;
		case 'del': return `s.delete(${src(op.missing ? 'nokey' : key)})`;
		case 'batchSet': return `s.batch(${src(op.recs)}, 'set')`;
		case 'batchDel': return key === null ? '/* batch del of an empty store: not called */' : `s.batch(${src(key)}, 'del')`;
		case 'clear': return 's.clear()';
		case 'overrideRecords': return `s.override(${src(op.pairs)}, 'records')`;
		case 'overrideIndexesSelf': return `s.override(s.dump('indexes'), 'indexes')`;
		case 'find': return `s.find(${src(op.where)})`;
		case 'where': return `s.where(${src(op.pred)}, ${src(op.op)})`;
		case 'search': return `s.search(${src(op.value)}, ${src(op.index)})`;
		case 'sortBy': return `s.sortBy(${src(op.index)})`;
		case 'reindex': return `s.reindex(${op.field === undefined ? '' : src(op.field)})`;
		case 'get': return `s.get(${src(op.key)})`;
		case 'merge': return `s.merge(${src(op.a)}, ${src(op.b)}, ${op.override})`;
		case 'toArray': return 's.toArray()';
		case 'scanWhere': return `[s.indexes.delete(${src(op.name)}), s.where(${src(op.pred)}, ${src(op.op)})]`;
		case 'limit': return `s.limit(${op.offset}, ${op.max})`;
	}
}
// A seed's setup as a reader needs it: config, behaviours on, where each method went, operations.
function explain (s, ops = s.ops) {
	const keys = [];
	runSeq(s, ops, {keys});
	const placed = {};
	for (const m of METHODS) if (s.place[m] !== 'none') (placed[s.place[m]] ??= []).push(m);
	return [
		`config ${J(s.cfg)}`,
		`behaviours ${Object.keys(s.beh).filter(b => s.beh[b]).join(', ') || 'none'}`,
		`methods ${Object.entries(placed).map(([p, ms]) => `${p === 'proto' ? 'on Haro.prototype' : p === 'class' ? 'on a subclass' : 'on the store'}: ${ms.join(' ')}`).join('; ')}`,
		...ops.map((op, i) => `${i === ops.length - 1 ? '>' : ' '} ${opSrc(op, keys[i])}`)
	].join('\n');
}

export {setup, runSetup, shrink, explain};

// ---------------- main ----------------
const argv = process.argv.slice(2);
if (process.argv[1] !== fileURLToPath(import.meta.url)) {
	// imported (the test): no command line
} else if (argv[0] === '--range') {
	const from = Number(argv[1]), to = Number(argv[2]), nops = Number(argv[3] ?? 50);
	const {fails, seconds} = await seedRange(from, to, seed => {
		const s = setup(seed, nops);
		const r = runSetup(s);

		return r && `step ${r.step} ${s.ops[r.step]?.kind ?? ''} ${r.detail.slice(0, 400).replace(/\n\s*/g, ' ')}`;
	});
	console.log('stats:', J(stats));
	console.log(`done ${from}..${to} ops ${nops}: ${fails} failing, ${seconds}s`);
	process.exit(fails ? 1 : 0);
} else {
	const seed = Number(argv[0] ?? 1), nops = Number(argv[1] ?? 50);
	const s = setup(seed, nops);
	const r = runSetup(s);
	if (!r) { console.log(`seed ${seed}: equal over ${nops} ops (config ${J(s.cfg)})`); process.exit(0); }
	console.log(`seed ${seed}: step ${r.step} (${s.ops[r.step].kind}) ${r.detail}`);
	if (process.env.NOSHRINK) { console.log(explain(s, s.ops.slice(0, r.step + 1))); process.exit(1); }
	const sh = await shrink(s, r);
	console.log(`shrunk to ${sh.ops.length} ops: ${sh.fail.detail}`);
	console.log(explain(sh, sh.ops));
	process.exit(1);
}

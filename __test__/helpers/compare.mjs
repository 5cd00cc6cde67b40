// Differential-testing helpers: run the same calls against haro@16 (REF) and the
// implementation under test (IMPL) and compare everything a caller can observe.
//
// IMPL is haro-rs (../../index.mjs) unless HARO_IMPL=haro, in which case haro@16 is
// compared with itself (used to validate the suite: it must pass 100%). Any other
// HARO_IMPL value is an absolute path of a module exporting {Haro, haro} (mutation
// testing of the suite itself).
import {AssertionError} from 'node:assert';
import {createRequire} from 'node:module';
import {inspect} from 'node:util';
import * as refModule from 'haro';

export const SELF_CHECK = process.env.HARO_IMPL === 'haro';

async function loadImpl () {
	if (SELF_CHECK) return refModule;
	const url = process.env.HARO_IMPL ? new URL(`file://${process.env.HARO_IMPL}`) : new URL('../../index.mjs', import.meta.url);
	try {
		return await import(url);
	} catch (e) {
		const err = new Error(`cannot load the implementation under test (${url.pathname}): ${e && e.message}`);
		err.cause = e;
		throw err;
	}
}

const implModule = await loadImpl();

export const REF = Object.freeze({Haro: refModule.Haro, haro: refModule.haro, side: 'ref', name: 'haro@16'});
export const IMPL = Object.freeze({
	Haro: implModule.Haro,
	haro: implModule.haro,
	side: 'impl',
	name: SELF_CHECK ? 'haro@16 (HARO_IMPL=haro)' : process.env.HARO_IMPL ? process.env.HARO_IMPL : 'haro-rs'
});

/** The CommonJS entry of the implementation (haro's own dist/haro.cjs in self-check mode). */
export function loadImplCjs () {
	const require = createRequire(import.meta.url);
	if (SELF_CHECK) return require('haro');
	if (process.env.HARO_IMPL) return implModule;

	return require('../../index.js');
}

export const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

const MAX_DIFFS = 12;

export function repr (v) {
	return inspect(v, {depth: 4, breakLength: 120, compact: 3, maxArrayLength: 20, maxStringLength: 200});
}

function isIterator (v) {
	return v !== null && typeof v === 'object' && typeof v.next === 'function' && typeof v[Symbol.iterator] === 'function';
}

function isMapLike (v) {
	return v instanceof Map || (v !== null && typeof v === 'object' && typeof v.get === 'function' &&
		typeof v.has === 'function' && 'size' in v && typeof v[Symbol.iterator] === 'function');
}

function isSetLike (v) {
	return v instanceof Set || (v !== null && typeof v === 'object' && typeof v.has === 'function' &&
		typeof v.get !== 'function' && 'size' in v && typeof v[Symbol.iterator] === 'function');
}

// Type of the reference value; the implementation's value is classified leniently
// (a Map-like object stands for a Map, a Set-like one for a Set).
function kindOf (v, refKind) {
	if (v === null) return 'null';
	const t = typeof v;
	if (t !== 'object') return t;
	if (Array.isArray(v)) return 'array';
	if (v instanceof Date) return 'date';
	if (v instanceof RegExp) return 'regexp';
	if (v instanceof Error) return 'error';
	if (v instanceof Map) return 'map';
	if (v instanceof Set) return 'set';
	if (refKind === 'map' && isMapLike(v)) return 'map';
	if (refKind === 'set' && isSetLike(v)) return 'set';
	if (isIterator(v)) return 'iterator';
	return 'object';
}

function protoName (v) {
	const p = Object.getPrototypeOf(v);
	if (p === null) return 'null-prototype';
	if (p === Object.prototype) return 'Object';
	return (p.constructor && p.constructor.name) || 'anonymous';
}

function fmtPath (path, key) {
	if (typeof key === 'number') return `${path}[${key}]`;
	return /^[A-Za-z_$][\w$]*$/.test(key) ? `${path}.${key}` : `${path}[${JSON.stringify(key)}]`;
}

/**
 * A comparison context. `stores` pairs the ref-side and impl-side stores so that a
 * result `=== store` on one side must be `=== store` on the other; `uuids` (when set)
 * makes UUID strings compare by order of first appearance on each side instead of by value.
 */
export function makeContext ({uuids = false, frozen = true, stores = []} = {}) {
	return {
		uuids: uuids ? {ref: new Map(), impl: new Map()} : null,
		frozen,
		stores, // [[refStore, implStore], ...]
		seen: new Set()
	};
}

function uuidOrdinal (table, s) {
	if (!table.has(s)) table.set(s, table.size + 1);

	return table.get(s);
}

/**
 * Compares a reference value with an implementation value.
 * Returns a list of human readable differences, each starting with the path.
 */
export function compare (ref, impl, path = 'result', ctx = makeContext(), out = []) {
	cmp(ref, impl, path, ctx, out);

	return out;
}

function push (out, msg) {
	if (out.length < MAX_DIFFS) out.push(msg);
	else if (out.length === MAX_DIFFS) out.push('… more differences omitted');
}

function cmp (a, b, path, ctx, out) {
	if (out.length > MAX_DIFFS) return;
	// store identity (methods returning `this`, the 4th reduce argument, hook `this`)
	for (const [rs, is] of ctx.stores) {
		if (a === rs || b === is) {
			if (!(a === rs && b === is)) {
				push(out, `${path}: ref is ${a === rs ? 'the store' : repr(a)}, impl is ${b === is ? 'the store' : 'not the store: ' + repr(b)}`);
			}

			return;
		}
	}
	const ka = kindOf(a);
	const kb = kindOf(b, ka);
	if (ka !== kb) {
		push(out, `${path}: ref is ${ka} ${repr(a)}, impl is ${kb} ${repr(b)}`);

		return;
	}
	switch (ka) {
		case 'undefined':
		case 'null':
			return;
		case 'number':
			if (!Object.is(a, b)) push(out, `${path}: ref ${Object.is(a, -0) ? '-0' : repr(a)}, impl ${Object.is(b, -0) ? '-0' : repr(b)}`);

			return;
		case 'string':
			if (a !== b) {
				if (ctx.uuids && UUID_RE.test(a) && UUID_RE.test(b)) {
					const oa = uuidOrdinal(ctx.uuids.ref, a);
					const ob = uuidOrdinal(ctx.uuids.impl, b);
					if (oa !== ob) push(out, `${path}: ref uuid #${oa} (${a}), impl uuid #${ob} (${b})`);
				} else {
					push(out, `${path}: ref ${repr(a)}, impl ${repr(b)}`);
				}
			} else if (ctx.uuids && UUID_RE.test(a)) {
				push(out, `${path}: the same uuid ${a} on both sides (uuids should be independent)`);
			}

			return;
		case 'boolean':
		case 'bigint':
		case 'symbol':
			if (a !== b) push(out, `${path}: ref ${repr(a)}, impl ${repr(b)}`);

			return;
		case 'function':
			if (a.name !== b.name) push(out, `${path}: ref function ${a.name}, impl function ${b.name}`);

			return;
		default:
			break;
	}
	if (ctx.seen.has(a)) return;
	ctx.seen.add(a);
	try {
		cmpObject(a, b, ka, path, ctx, out);
	} finally {
		ctx.seen.delete(a);
	}
}

function cmpFrozen (a, b, path, ctx, out) {
	if (ctx.frozen === 'atLeast') {
		if (Object.isFrozen(a) && !Object.isFrozen(b)) push(out, `${path}: ref frozen, impl not frozen`);
	} else if (ctx.frozen && Object.isFrozen(a) !== Object.isFrozen(b)) {
		push(out, `${path}: ref ${Object.isFrozen(a) ? 'frozen' : 'not frozen'}, impl ${Object.isFrozen(b) ? 'frozen' : 'not frozen'}`);
	}
}

function cmpOwnKeys (a, b, path, ctx, out, skipIndices) {
	let ka = Object.keys(a);
	let kb = Object.keys(b);
	if (skipIndices) {
		ka = ka.filter(k => !/^(0|[1-9]\d*)$/.test(k));
		kb = kb.filter(k => !/^(0|[1-9]\d*)$/.test(k));
	}
	if (ka.length !== kb.length || ka.some((k, i) => k !== kb[i])) {
		push(out, `${path}: own keys differ: ref ${repr(ka)}, impl ${repr(kb)}`);
		for (const k of ka) if (!Object.prototype.hasOwnProperty.call(b, k)) push(out, `${fmtPath(path, k)}: only in ref: ${repr(a[k])}`);
		for (const k of kb) if (!Object.prototype.hasOwnProperty.call(a, k)) push(out, `${fmtPath(path, k)}: only in impl: ${repr(b[k])}`);
		// still compare the values of the common keys to show more detail
		for (const k of ka) {
			if (Object.prototype.hasOwnProperty.call(b, k)) cmp(a[k], b[k], fmtPath(path, k), ctx, out);
		}

		return;
	}
	for (const k of ka) cmp(a[k], b[k], fmtPath(path, k), ctx, out);
}

function cmpObject (a, b, kind, path, ctx, out) {
	switch (kind) {
		case 'array':
			if (a.length !== b.length) push(out, `${path}: length ref ${a.length}, impl ${b.length}`);
			for (let i = 0; i < Math.min(a.length, b.length); i++) {
				if ((i in a) !== (i in b)) push(out, `${path}[${i}]: hole on one side only`);
				cmp(a[i], b[i], `${path}[${i}]`, ctx, out);
			}
			if (a.length !== b.length) {
				push(out, `${path}: ref ${repr(a)}, impl ${repr(b)}`);
			}
			cmpOwnKeys(a, b, path, ctx, out, true);
			cmpFrozen(a, b, path, ctx, out);

			return;
		case 'date':
			if (!Object.is(a.getTime(), b.getTime())) push(out, `${path}: Date ref ${a.getTime()}, impl ${b.getTime()}`);
			cmpOwnKeys(a, b, path, ctx, out, false);
			cmpFrozen(a, b, path, ctx, out);

			return;
		case 'regexp':
			if (a.source !== b.source || a.flags !== b.flags || a.lastIndex !== b.lastIndex) {
				push(out, `${path}: RegExp ref ${String(a)}@${a.lastIndex}, impl ${String(b)}@${b.lastIndex}`);
			}

			return;
		case 'error':
			if (a.name !== b.name || a.message !== b.message) push(out, `${path}: ref ${a.name}: ${a.message}, impl ${b.name}: ${b.message}`);

			return;
		case 'map':
		case 'set':
		case 'iterator': {
			if (kind !== 'iterator') {
				if (a.size !== b.size) push(out, `${path}.size: ref ${a.size}, impl ${b.size}`);
			} else if (typeof b.next !== 'function') {
				push(out, `${path}: ref is an iterator, impl has no next()`);
			}
			let ea;
			let eb;
			try {
				ea = Array.from(a);
				eb = Array.from(b);
			} catch (e) {
				push(out, `${path}: iterating threw ${e && e.message}`);

				return;
			}
			// the outer arrays are synthesized here: compare their length and elements only
			const p2 = `${path}<${kind === 'map' ? 'entries' : 'values'}>`;
			if (ea.length !== eb.length) push(out, `${p2}: length ref ${ea.length}, impl ${eb.length}: ref ${repr(ea)}, impl ${repr(eb)}`);
			for (let i = 0; i < Math.min(ea.length, eb.length); i++) cmp(ea[i], eb[i], `${p2}[${i}]`, ctx, out);

			return;
		}
		default: {
			const pa = protoName(a);
			const pb = protoName(b);
			if (pa !== pb) push(out, `${path}: prototype ref ${pa}, impl ${pb}`);
			cmpOwnKeys(a, b, path, ctx, out, false);
			cmpFrozen(a, b, path, ctx, out);
		}
	}
}

/** Runs fn and records whether it threw. */
export function outcome (fn) {
	try {
		return {threw: false, value: fn()};
	} catch (error) {
		return {threw: true, error};
	}
}

function describeOutcome (o) {
	if (!o.threw) return `returned ${repr(o.value)}`;
	const e = o.error;

	return `threw ${e && e.constructor ? e.constructor.name : typeof e}(${e && e.name}: ${repr(e && e.message)})`;
}

export function compareOutcomes (r, i, path, ctx, out = []) {
	if (r.threw !== i.threw) {
		push(out, `${path}: ref ${describeOutcome(r)}; impl ${describeOutcome(i)}`);

		return out;
	}
	if (r.threw) {
		const ea = r.error;
		const eb = i.error;
		const ca = ea && ea.constructor && ea.constructor.name;
		const cb = eb && eb.constructor && eb.constructor.name;
		// haro crashing on an argument (reading a property of null…) is not contract: haro-rs
		// throws its own TypeError naming the method instead (issue 8, errors.test.mjs).
		if (ea instanceof TypeError && eb instanceof TypeError && String(eb.message).startsWith('haro-rs: ') &&
			!String(ea.message).startsWith('haro-rs: ')) return out;
		if (ca !== cb || ea?.name !== eb?.name || ea?.message !== eb?.message) {
			push(out, `${path}: ref ${describeOutcome(r)}; impl ${describeOutcome(i)}`);
		}

		return out;
	}
	cmp(r.value, i.value, path, ctx, out);

	return out;
}

export function fail (title, diffs, extra = '') {
	const msg = `${title}\n  ${diffs.join('\n  ')}${extra ? '\n' + extra : ''}`;
	throw new AssertionError({message: msg});
}

/** Deep copy preserving frozenness, -0, NaN, Dates, Maps, Sets, undefined props, key order. */
export function snapshot (v, stores = [], seen = new Map()) {
	if (v === null || (typeof v !== 'object' && typeof v !== 'function')) return v;
	const si = stores.indexOf(v);
	if (si !== -1) return `<store#${si}>`;
	if (typeof v === 'function') return `<function ${v.name}>`;
	if (seen.has(v)) return seen.get(v);
	let c;
	if (Array.isArray(v)) {
		c = new Array(v.length);
		seen.set(v, c);
		for (let i = 0; i < v.length; i++) c[i] = snapshot(v[i], stores, seen);
		for (const k of Object.keys(v)) if (!/^(0|[1-9]\d*)$/.test(k)) c[k] = snapshot(v[k], stores, seen);
	} else if (v instanceof Date) {
		c = new Date(v.getTime());
		seen.set(v, c);
		for (const k of Object.keys(v)) c[k] = snapshot(v[k], stores, seen);
	} else if (v instanceof RegExp) {
		c = new RegExp(v.source, v.flags);
		c.lastIndex = v.lastIndex;
		seen.set(v, c);
	} else if (v instanceof Error) {
		c = {error: v.constructor.name, name: v.name, message: v.message};
		seen.set(v, c);
	} else if (isMapLike(v) && !(v instanceof Set)) {
		c = new Map();
		seen.set(v, c);
		for (const [k, val] of v) c.set(snapshot(k, stores, seen), snapshot(val, stores, seen));
	} else if (isSetLike(v)) {
		c = new Set();
		seen.set(v, c);
		for (const val of v) c.add(snapshot(val, stores, seen));
	} else {
		c = Object.create(Object.getPrototypeOf(v) === null ? null : Object.prototype);
		seen.set(v, c);
		for (const k of Object.keys(v)) c[k] = snapshot(v[k], stores, seen);
	}
	if (Object.isFrozen(v)) Object.freeze(c);

	return c;
}

/**
 * Everything observable about a store's state, read without side effects
 * (no get/toArray, which freeze records in immutable mode).
 */
export function readState (s) {
	const st = {};
	const take = (name, fn) => {
		const o = outcome(fn);
		st[name] = o.threw ? {threw: `${o.error?.name}: ${o.error?.message}`} : o.value;
	};
	take('size', () => s.size);
	take('registry', () => s.registry);
	take('keys()', () => Array.from(s.keys()));
	take('values()', () => Array.from(s.values()));
	take('entries()', () => Array.from(s.entries()));
	take('dump(records)', () => s.dump('records'));
	take('dump()', () => s.dump());
	take('dump(indexes)', () => s.dump('indexes'));
	take('index', () => s.index);
	take('key', () => s.key);
	take('delimiter', () => s.delimiter);
	take('immutable', () => s.immutable);
	take('versioning', () => s.versioning);
	take('id', () => s.id);
	take('data', () => {
		const d = s.data;
		const keys = Array.from(d.keys());
		const each = [];
		d.forEach((v, k, m) => each.push([k, v, m === d]));

		return {
			size: d.size,
			iter: Array.from(d),
			keys,
			values: Array.from(d.values()),
			entries: Array.from(d.entries()),
			forEach: each,
			get: keys.map(k => d.get(k)),
			has: keys.map(k => d.has(k)),
			getMissing: d.get('\u0000missing'),
			hasMissing: d.has('\u0000missing')
		};
	});
	take('indexes', () => {
		const ix = s.indexes;
		const names = Array.from(ix.keys());

		return {
			size: ix.size,
			names,
			hasMissing: ix.has('\u0000missing'),
			getMissing: ix.get('\u0000missing'),
			each: names.map(n => {
				const idx = ix.get(n);
				const values = Array.from(idx.keys());

				return {
					name: n,
					has: ix.has(n),
					size: idx.size,
					values,
					hasMissing: idx.has('\u0000missing'),
					sets: values.map(v => {
						const set = idx.get(v);
						const members = Array.from(set);

						return {value: v, has: idx.has(v), size: set.size, members, memberHas: members.map(m => set.has(m))};
					})
				};
			})
		};
	});
	take('versions', () => {
		const vs = s.versions;
		const keys = Array.from(vs.keys());

		return {
			size: vs.size,
			keys,
			sets: keys.map(k => {
				const set = vs.get(k);

				return {key: k, has: vs.has(k), size: set.size, records: Array.from(set)};
			})
		};
	});

	return st;
}

/**
 * A pair of stores, one per side, driven by the same calls.
 *   const p = new Pair(M => new M.Haro({index: ['name']}));
 *   p.run('set a', s => s.set('a', {name: 'x'}));
 *   p.state('after set');
 * The callback receives (store, module, side) and must build its arguments afresh
 * (it runs once per side; haro freezes and shares input objects).
 */
export class Pair {
	constructor (factory, {uuids = false, frozen = true, title = ''} = {}) {
		this.title = title;
		this.steps = [];
		const r = outcome(() => factory(REF, 'ref'));
		const i = outcome(() => factory(IMPL, 'impl'));
		this.ref = r.value;
		this.impl = i.value;
		this.ctx = makeContext({uuids, frozen, stores: []});
		this.ctx.stores.push([this.ref, this.impl]);
		// the stores themselves are compared through their state, not as objects
		const strip = o => (o.threw ? o : {threw: false, value: 'a store'});
		this.#check('construct', strip(r), strip(i));
	}

	#check (label, r, i) {
		this.steps.push(label);
		const diffs = compareOutcomes(r, i, label, this.ctx);
		if (diffs.length) {
			fail(`${this.title ? this.title + ': ' : ''}${IMPL.name} differs from ${REF.name} at step "${label}"`, diffs,
				`  steps so far: ${this.steps.map(s => JSON.stringify(s)).join(' → ')}`);
		}
	}

	/** Runs fn on both sides, compares the outcomes, returns {ref, impl} outcomes. */
	run (label, fn) {
		const r = outcome(() => fn(this.ref, REF, 'ref'));
		const i = outcome(() => fn(this.impl, IMPL, 'impl'));
		this.#thawed();
		this.#check(label, r, i);

		return {ref: r, impl: i};
	}

	/**
	 * An immutable haro@16 store holds unfrozen records after `override` (until read);
	 * haro-rs hands out every record of an immutable store frozen (README "Differences from
	 * haro"). From then on, the implementation may be frozen where haro is not.
	 */
	#thawed () {
		if (this.ctx.frozen !== true || !this.ref?.immutable || !(this.ref.data instanceof Map)) return;
		for (const v of this.ref.data.values()) {
			if (v !== null && typeof v === 'object' && !Object.isFrozen(v)) {
				this.ctx.frozen = 'atLeast';
				break;
			}
		}
	}

	/** Like run, but compares snapshots taken immediately (for values mutated later). */
	runSnap (label, fn) {
		return this.run(label, (s, M, side) => snapshot(fn(s, M, side), [s]));
	}

	/** Compares the full observable state. */
	state (label = 'state') {
		const r = outcome(() => readState(this.ref));
		const i = outcome(() => readState(this.impl));
		this.#check(`${label} [full state]`, r, i);
	}
}

/** Readable one-line-per-op listing of a generated operation sequence. */
export function describeOps (ops) {
	return ops.map(o => JSON.stringify(o, (k, v) => {
		if (typeof v === 'number' && !Number.isFinite(v)) return String(v);
		if (Object.is(v, -0)) return '-0';
		if (v === undefined) return '<undefined>';
		if (v instanceof RegExp) return String(v);

		return v;
	})).join('\n');
}

/**
 * `store.batch(keys, 'del')` with haro-rs's all-or-nothing rule (README "Differences from
 * haro"): on haro@16, a missing or repeated key is made to throw `Record not found` before
 * any delete (after `beforeBatch`, which haro-rs runs too), instead of half-way through.
 */
export function batchDel (s, keys, M) {
	if (M.Haro === REF.Haro && s.delete === REF.Haro.prototype.delete && Array.isArray(keys)) {
		const seen = new Set();
		for (const k of keys) {
			if (seen.has(k) || !s.has(k)) {
				s.beforeBatch(keys, 'del');
				throw new Error('Record not found');
			}
			seen.add(k);
		}
	}

	return s.batch(keys, 'del');
}

'use strict';
// `range`: records of an indexed field within bounds, in `sortBy` order. An index whose
// keys are all numbers answers from the engine's number order (O(log n + k)). Any other
// index is searched here, over its keys sorted with `sortKeys` (localeCompare is ICU
// collation, which the engine does not have); the engine keeps the same order under a
// generation number and hands out the records of a span of it. Keys that join or leave
// later are placed into both copies by binary search (`follow`), not by sorting again: only
// while the keys have one type (and no NaN), where `sortKeys` is an order; otherwise a key
// joining or leaving means sorting again, as haro does. Everything kept was sorted with the
// store's `sortKeys` of the time, and is forgotten when that changes (index.js, `#keyOrder`).


const NONE = 0;
const INCL = 1;
const EXCL = 2;
const MAX = 0xffffffff;

function count (v, what) {
	if (v === undefined || v === null || v === Infinity) return MAX; // (null: none, as for `offset`)
	if (typeof v !== 'number' || !Number.isInteger(v) || v < 0) {
		throw new TypeError(`haro-rs: range: ${what} must be a non-negative integer, Infinity, or null or undefined for none`);
	}

	return Math.min(v, MAX);
}

/** Checks and normalizes `bounds` and `options`. */
function query (bounds, options) {
	if (bounds === null || typeof bounds !== 'object') throw new TypeError('haro-rs: range: bounds must be an object ({gt, gte, lt, lte})');
	if (options === null || typeof options !== 'object') throw new TypeError('haro-rs: range: options must be an object ({limit, offset, desc, raw})');
	for (const k of Object.keys(bounds)) {
		if (!['gt', 'gte', 'lt', 'lte'].includes(k)) throw new TypeError(`haro-rs: range: unknown bound ${JSON.stringify(k)}`);
	}
	const side = (ex, inc, name) => {
		const e = bounds[ex];
		const i = bounds[inc];
		if (e !== undefined && i !== undefined) throw new TypeError(`haro-rs: range: ${ex} and ${inc} together (${name} bound given twice)`);
		if (e === undefined && i === undefined) return null;

		return {v: e === undefined ? i : e, incl: e === undefined};
	};
	const lo = side('gt', 'gte', 'lower');
	const hi = side('lt', 'lte', 'upper');
	let type;
	for (const b of [lo, hi]) {
		if (b === null) continue;
		const t = typeof b.v;
		if ((t !== 'number' && t !== 'string') || b.v !== b.v) { // eslint-disable-line no-self-compare
			throw new TypeError('haro-rs: range: a bound must be a string or a number (not NaN)');
		}
		if (type !== undefined && t !== type) throw new TypeError('haro-rs: range: both bounds must have the same type');
		type = t;
	}

	return {
		lo,
		hi,
		type,
		offset: count(options.offset ?? 0, 'offset'),
		limit: count(options.limit, 'limit'),
		desc: Boolean(options.desc),
		raw: Boolean(options.raw)
	};
}

/** Whether key `k` lies within the bounds (no bound: every key, `undefined` included). */
function within (k, q, cmp) {
	if (q.type === undefined) return true;
	if (typeof k !== q.type || k !== k) return false; // eslint-disable-line no-self-compare
	// (an equal key compares as 0 by identity: sortKeys's `a - b` is NaN for two equal infinities)
	if (q.lo !== null) {
		const c = k === q.lo.v ? 0 : cmp(k, q.lo.v);
		if (!(q.lo.incl ? c >= 0 : c > 0)) return false;
	}
	if (q.hi !== null) {
		const c = k === q.hi.v ? 0 : cmp(k, q.hi.v);
		if (!(q.hi.incl ? c <= 0 : c < 0)) return false;
	}

	return true;
}

/** First position in `[0, n)` where `pred` turns true (it is false, then true). */
function search (n, pred) {
	let a = 0;
	let b = n;
	while (a < b) {
		const m = (a + b) >>> 1;
		if (pred(m)) b = m;
		else a = m + 1;
	}

	return a;
}

/**
 * The positions of `lkeys` in the order haro's `keys.sort(cmp)` gives them: Array#sort puts
 * `undefined` last without asking the comparator. `defined`: how many come before those.
 */
function sortOrder (lkeys, cmp) {
	const defined = [];
	const undef = [];
	for (let i = 0; i < lkeys.length; i++) (lkeys[i] === undefined ? undef : defined).push(i);
	defined.sort((a, b) => cmp(lkeys[a], lkeys[b]));

	return {ordinals: defined.concat(undef), defined: defined.length};
}

/** The index keys sorted as `sortBy` sorts them, kept by the engine as generation `gen`. */
function sortedKeys (engine, name, cmp) {
	const lkeys = engine.indexKeys(name) ?? [];
	const {ordinals, defined} = sortOrder(lkeys, cmp);
	const keys = ordinals.map(i => lkeys[i]);
	let uniform = defined > 0 ? typeof keys[0] : undefined;
	for (let i = 0; i < defined && uniform !== null; i++) {
		const k = keys[i];
		if (typeof k !== uniform || k !== k) uniform = null; // eslint-disable-line no-self-compare
	}
	if (uniform !== 'string' && uniform !== 'number') uniform = null;

	return {gen: engine.textOrder(name, ordinals), keys, defined, uniform};
}

/**
 * Brings a kept order up to date with the keys that joined or left the index since, by
 * placing each with `sortKeys` (binary search), and has the engine repeat the moves.
 * False when it cannot (order gone, types mixed, too many changes): sort again then.
 */
function follow (engine, name, order, cmp) {
	if (order.uniform === null) return false;
	const log = engine.textOrderLog(name, order.gen);
	if (log === null) return false;
	const {keys} = order;
	const positions = new Uint32Array(log.length);
	for (let i = 0; i < log.length; i++) {
		const [joined, k] = log[i];
		let p;
		if (k === undefined) {
			// `undefined` sorts last, and is one key.
			p = joined ? keys.length : keys.length - 1;
			if (!joined && (p < order.defined || keys[p] !== undefined)) return false;
		} else {
			if (typeof k !== order.uniform || k !== k) return false; // eslint-disable-line no-self-compare
			if (joined) {
				// After every key that sorts equal: a new key is the last in the index's
				// order, which is where a stable sort puts it among equals.
				p = search(order.defined, m => cmp(keys[m], k) > 0);
			} else {
				p = search(order.defined, m => cmp(keys[m], k) >= 0);
				while (p < order.defined && keys[p] !== k && cmp(keys[p], k) === 0) p++;
				if (keys[p] !== k || p >= order.defined) return false;
			}
			order.defined += joined ? 1 : -1;
		}
		if (joined) keys.splice(p, 0, k);
		else keys.splice(p, 1);
		positions[i] = p;
	}
	const gen = engine.textOrderApply(name, order.gen, positions);
	if (gen === 0) return false;
	order.gen = gen;

	return true;
}

/** The span (or the positions) of the sorted keys within the bounds. */
function span (order, q, cmp, own) {
	const {keys, defined} = order;
	if (q.type === undefined) return {positions: null, lo: 0, hi: keys.length};
	if (own && order.uniform !== null) {
		// One type throughout, compared by sortKeys consistently: binary search.
		if (order.uniform !== q.type) return {positions: null, lo: 0, hi: 0};
		const lo = q.lo === null ? 0 : search(defined, i => within(keys[i], {...q, hi: null}, cmp));
		const hi = q.hi === null ? defined : search(defined, i => !within(keys[i], {...q, lo: null}, cmp));

		return {positions: null, lo, hi};
	}
	// Mixed types (sortKeys compares them as strings, which is no order for a bound):
	// the keys that match, in sortBy's order.
	const positions = [];
	for (let i = 0; i < defined; i++) if (within(keys[i], q, cmp)) positions.push(i);

	return {positions: Uint32Array.from(positions), lo: 0, hi: 0};
}

/** Record ids for `range`; `orders` keeps each index's sorted keys between calls. */
function rangeIds (engine, name, q, cmp, own, orders) {
	if (own && q.type !== 'string') {
		const kind = b => b === null ? NONE : b.incl ? INCL : EXCL;
		const ids = engine.rangeNum(name, kind(q.lo), q.lo?.v ?? 0, kind(q.hi), q.hi?.v ?? 0, q.desc, q.offset, q.limit);
		if (ids !== null) return ids;
	}
	const read = order => {
		const s = span(order, q, cmp, own);

		return engine.rangeText(name, order.gen, s.positions, s.lo, s.hi, q.desc, q.offset, q.limit);
	};
	const kept = orders.get(name);
	if (kept !== undefined) {
		const ids = read(kept);
		if (ids !== null) return ids;
		if (own && follow(engine, name, kept, cmp)) {
			const again = read(kept);
			if (again !== null) return again;
		}
	}
	const order = sortedKeys(engine, name, cmp);
	if (order.gen === 0) return new Uint32Array(0); // no such index: nothing in it
	orders.set(name, order);
	const ids = read(order);
	if (ids === null) throw new Error('haro-rs: range: the index changed while it was read');

	return ids;
}

/** Record ids in `sortBy` order by comparing the index keys with `cmp` here (a custom `sortKeys`). */
function sortedBy (engine, name, cmp) {
	return engine.sortByOrdinals(name, sortOrder(engine.indexKeysKept(name) ?? [], cmp).ordinals);
}

module.exports = {query, rangeIds, sortedBy};

'use strict';
// The query cache (config `cache: true`, haro 17's option): results of `find`, `where` and
// `search` by their arguments, least recently used first out past `capacity` (0: no bound).
// The facade drops everything on every write; a key that cannot say exactly what a query
// asks (a function, a stateful RegExp, an object that is not plain data) is not cached.

const {isPlain} = require('./codec.js');

const UNCACHEABLE = Symbol('uncacheable');
const MAX_DEPTH = 64;

class QueryCache {
	constructor (capacity) {
		this.capacity = capacity === 0 ? Infinity : capacity;
		this.map = new Map();
		this.stats = {hits: 0, misses: 0, sets: 0, deletes: 0, evictions: 0};
		this.stamp = null; // what the facade's write counters said when the entries were made
	}

	get (key) {
		const v = this.map.get(key);
		if (v === undefined) {
			this.stats.misses++;

			return undefined;
		}
		// Most recently used goes last.
		this.map.delete(key);
		this.map.set(key, v);
		this.stats.hits++;

		return v;
	}

	set (key, value) {
		this.map.delete(key);
		this.map.set(key, value);
		this.stats.sets++;
		while (this.map.size > this.capacity) {
			this.map.delete(this.map.keys().next().value);
			this.stats.evictions++;
		}
	}

	clear () {
		this.stats.deletes += this.map.size;
		this.map.clear();
	}
}

/** The text that names one argument exactly, or UNCACHEABLE. */
function part (v, depth, seen) {
	switch (typeof v) {
		case 'string': return JSON.stringify(v);
		case 'number': return Object.is(v, -0) ? 'n-0' : `n${v}`;
		case 'boolean': return v ? 't' : 'f';
		case 'undefined': return 'u';
		case 'bigint': return `b${v}`;
		case 'object': break;
		default: throw UNCACHEABLE; // functions and symbols
	}
	if (v === null) return 'z';
	if (depth > MAX_DEPTH || seen.includes(v)) throw UNCACHEABLE;
	const proto = Object.getPrototypeOf(v);
	if (proto === RegExp.prototype) {
		// `g` and `y` make `test` depend on `lastIndex`: the same RegExp may answer differently;
		// an own `test` or `exec` (anything beside `lastIndex`) answers what its source does not say.
		if (v.global || v.sticky || Reflect.ownKeys(v).length !== 1) throw UNCACHEABLE;

		return `r${JSON.stringify([v.source, v.flags])}`;
	}
	if (proto === Date.prototype) return `d${v.getTime()}`;
	seen.push(v);
	let out;
	if (Array.isArray(v) && proto === Array.prototype) {
		const items = [];
		for (let i = 0; i < v.length; i++) items.push(i in v ? part(v[i], depth + 1, seen) : 'h');
		out = `[${items.join(',')}]`;
	} else if (proto === Object.prototype || proto === null) {
		out = `{${Object.keys(v).map(k => `${JSON.stringify(k)}:${part(v[k], depth + 1, seen)}`).join(',')}}`;
	} else {
		throw UNCACHEABLE;
	}
	seen.pop();

	return out;
}

/**
 * The key of the commonest query, `find({field: 'a string'}, raw)` on a store keyed by `key`,
 * or null: built without the general walk (~1 µs of a cached find's ~2). It starts `f`, where
 * every other key starts with its domain's name and `(`; lengths mark where each part ends.
 */
function findKey (key, where, raw) {
	if (where === null || typeof where !== 'object' || !isPlain(where) || (raw !== undefined && typeof raw !== 'boolean')) return null;
	const fields = Object.keys(where);
	if (fields.length !== 1) return null;
	const v = where[fields[0]];

	return typeof v === 'string' && typeof key === 'string' ? `f${raw ? 1 : 0}${key.length}:${key}${fields[0].length}:${fields[0]}${v}` : null;
}

/** The cache key of a query, or null when it must not be cached. */
function queryKey (domain, ...args) {
	if (domain === 'find' && args.length <= 3) {
		const key = findKey(args[0], args[1], args[2]);
		if (key !== null) return key;
	}
	// (a hidden field of a `where` predicate is not in the key, yet `where` picks an index it
	// names, as haro's `in` does; `find` reads the enumerable fields the key lists)
	const p = args[1];
	if (domain === 'where' && p !== null && typeof p === 'object' && Reflect.ownKeys(p).length !== Object.keys(p).length) return null;
	try {
		return `${domain}(${args.map(a => part(a, 0, [])).join(',')})`;
	} catch (e) {
		if (e === UNCACHEABLE) return null;
		throw e;
	}
}

/**
 * What a hit hands out: the cached array itself when frozen (immutable mode), else a copy
 * with fresh pairs, so the caller cannot change what the cache holds.
 */
function handOut (result) {
	if (Object.isFrozen(result)) return result;

	return result.map(x => Array.isArray(x) && !Object.isFrozen(x) ? [x[0], x[1]] : x);
}

/**
 * A store's query cache (null without `cache: true`) and full-scan warnings. The cache is
 * emptied whenever the records (`records.writes`) or the indexes (`gen`: every index change
 * that is not a record write) moved since it was filled.
 */
class Queries {
	gen = 0;

	constructor (cache, cacheSize, warn, records) {
		// (a fraction asks for a bound: under 1 it is 1, not 0, which is none)
		this.cache = cache ? new QueryCache(cacheSize > 0 ? Math.max(1, Math.trunc(cacheSize)) : 0) : null;
		this.warn = Boolean(warn);
		this.records = records;
	}

	/** The cache, emptied first if anything changed since it was filled. */
	current () {
		const c = this.cache;
		if (c !== null && (c.writes !== this.records.writes || c.gen !== this.gen)) {
			c.clear();
			c.writes = this.records.writes;
			c.gen = this.gen;
		}

		return c;
	}

	/** `run.apply(store, args)` (haro's find, where or search) through the full-scan check and the cache. */
	run (store, engine, name, run, args, sync) {
		// (a cached answer does not warn again: the check runs where the query runs)
		const warn = this.warn && name !== 'search';
		if (this.cache === null) {
			if (warn) checkScan(store, engine, name, args[0] ?? {}, sync);

			return run.apply(store, args);
		}
		sync();
		const c = this.current();
		const key = queryKey(name, store.key, ...args);
		const hit = key === null ? undefined : c.get(key);
		if (hit !== undefined) return handOut(hit);
		if (warn) checkScan(store, engine, name, args[0] ?? {}, sync);
		if (key === null) return run.apply(store, args);
		const result = run.apply(store, args);
		if (Array.isArray(result) && c.writes === this.records.writes && c.gen === this.gen) c.set(key, handOut(result));

		return result;
	}
}

/** Warns when no index serves a `find` or `where`: haro then scans, or finds nothing. */
function checkScan (store, engine, name, query, sync) {
	if (query === null || typeof query !== 'object') return;
	const fields = Object.keys(query);
	if (fields.length === 0) return;
	sync();
	let missing;
	let scans = false; // (else haro answers nothing, for want of the index)
	if (name === 'find') {
		const index = fields.slice().sort(store.sortKeys).join(store.delimiter);
		if (engine.hasIndex(index)) return;
		missing = [index];
	} else {
		const keys = store.index.filter(i => i in query);
		if (keys.some(k => engine.hasIndex(String(k)))) return;
		scans = keys.length > 0;
		missing = scans ? keys.map(String) : fields;
	}
	process.emitWarning(`haro-rs: ${name}() on store ${store.id} ${scans ? 'scans every record' : 'finds nothing'}: no index serves ${missing.map(f => `'${f}'`).join(', ')}; add it to \`index\``, {type: 'HaroFullScanWarning', code: 'HARO_FULL_SCAN'});
}

module.exports = {Queries, QueryCache, queryKey, handOut};

'use strict';
// haro-rs: haro@16's API over a Rust engine. Records, indexes and versions live in the
// engine; this facade keeps haro's signatures, return shapes, frozenness and hooks, a
// cache of materialized records, and everything that calls user code.

const {randomUUID} = require('node:crypto');
const native = require('./lib/binding.js');
const {decode, encode, encodeKey, encodeQuery} = require('./lib/codec.js');
const {Entry, RecordCache} = require('./lib/cache.js');
const {DataView, IndexesView, VersionsView} = require('./lib/views.js');
const {QueryCache, queryKey, handOut} = require('./lib/query-cache.js');
const {readField} = require('./lib/path.js');
const {query: rangeQuery, rangeIds} = require('./lib/range.js');
const WHOLE = rangeQuery({}, {}); // range with no bound: every record in sortBy order
const {dueTime, timeOptions} = require('./lib/expiry.js');
const snapshot = require('./lib/snapshot.js');

const DEFAULT_RECORD_CACHE_SIZE = 100000;
const DEFAULT_QUERY_CACHE_SIZE = 1000;
const BATCH_CHUNK = 512;
// Bulk reads cross in slices of this many records: one string per slice stays far below
// V8's string length limit (~512 MiB) whatever the store holds.
const READ_CHUNK = 32768;

// Hot calls come in a string-key and a number-key form: probing the type costs more than the call.
const nativeHas = (h, k) => typeof k === 'number' ? native.hasN(h, k) : native.has(h, k);
const nativeGet = (h, k) => typeof k === 'number' ? native.getN(h, k) : native.get(h, k);
const nativeSet = (h, k, text, replace) => typeof k === 'number' ? native.setN(h, k, text, replace) : native.set(h, k, text, replace);
const nativeDelete = (h, k, versions) => typeof k === 'number' ? native.deleteN(h, k, versions) : native.delete(h, k, versions);

function isKey (key) {
	return typeof key === 'string' ? key.isWellFormed() : typeof key === 'number';
}

/** How an error message names a value of the wrong kind. */
function what (v) {
	if (v === null) return 'null';
	if (Array.isArray(v)) return 'an array';
	switch (typeof v) {
		case 'object': return 'an object';
		case 'function': return 'a function';
		case 'symbol': return 'a symbol';
		case 'undefined': return 'undefined';
		default: return typeof v;
	}
}

/** The TypeError for an argument haro itself would crash on (`find(null)`…). */
function argError (method, expected, v) {
	return new TypeError(`haro-rs: ${method}() takes ${expected}, not ${what(v)}`);
}

// `at` names the record in a bulk call (`records[3]`), so the error says which one.
function checkKey (key, method = 'set', at = '') {
	if (!isKey(key)) {
		const kind = typeof key === 'string' ? 'a string with lone surrogates' : what(key);
		throw new TypeError(`haro-rs: ${method}(): ${at ? `${at}: ` : ''}a key must be a string or a number, not ${kind}`);
	}
}

function checkRecord (data, method = 'set', at = '') {
	if (data === null || typeof data !== 'object' || Array.isArray(data)) {
		throw new TypeError(`haro-rs: ${method}(): ${at ? `${at}: ` : ''}a record must be an object, not ${data === null || Array.isArray(data) ? what(data) : typeof data}`);
	}
}

// Errors from the engine about malformed arguments surface as TypeErrors.
function engine (fn) {
	try {
		return fn();
	} catch (e) {
		if (e && e.code === 'InvalidArg') throw new TypeError(`haro-rs: ${e.message}`);
		throw e;
	}
}

// ToIntegerOrInfinity, then clamped as Array.prototype.slice clamps.
function bound (v, len, dflt) {
	if (v === undefined) return dflt;
	let n = Math.trunc(Number(v));
	if (n !== n) n = 0; // eslint-disable-line no-self-compare
	if (n < 0) return Math.max(len + n, 0);

	return Math.min(n, len);
}

function hasRegExp (predicate) {
	for (const k of Object.keys(predicate)) {
		const p = predicate[k];
		if (p instanceof RegExp) return true;
		if (Array.isArray(p) && p.some(x => x instanceof RegExp)) return true;
	}

	return false;
}

class Haro {
	#ext; // owns the engine's store: when this object is collected, so is the store
	#h; // the store's number, what every call passes
	#cache;
	#delimiter;
	#immutable;
	#index;
	#versioning;
	#synced = null; // [delimiter, ...index] as last sent to the engine
	#views = null;
	#names = new Map(); // engine name → `index` entry, for entries that are not strings
	// Mutable mode: keys whose stored record haro would hold frozen (given frozen to
	// `override`, frozen by `sort(fn, true)`, written while immutable), until a write
	// replaces it. Kept by key, so a record re-read after leaving the cache is frozen too.
	// Immutable mode freezes every record handed out, so it needs none.
	#frozen = null;
	// Every record in order, as last materialized, kept while no write happened since
	// (`#writes` counts them) and while it fits the cache: repeated full iterations then
	// cost what iterating a Map costs.
	#writes = 0;
	#snapshot = null;
	#keyList = null;
	// Every key, kept in step with writes, so `has` and a `get` miss answer without a
	// crossing. Built once `has` has crossed often enough to pay for it (a quarter of the
	// store's size), and only while the store fits the record cache; null otherwise.
	#keySet = null;
	#hasCalls = 0;
	#lkeys = new Map(); // index name → {gen, keys}: `#indexKeys`
	#plans = new Map(); // field list → [index name, fields]: `#findPlan`
	#hasNext = 64;
	// Expiry and version retention (lib/expiry.js): `#time.clock` is null unless an option
	// needs the time; `#next` is the earliest due time, Infinity while nothing can expire,
	// so reads without expiry pay one comparison.
	#time;
	#next = Infinity;
	#orders = new Map(); // range: each index's keys in sortBy order (lib/range.js)

	constructor ({delimiter = '|', id = this.uuid(), immutable = false, index = [], key = 'id', versioning = false, recordCacheSize = DEFAULT_RECORD_CACHE_SIZE, cache = false, cacheSize = DEFAULT_QUERY_CACHE_SIZE, warnOnFullScan = false, ttl, expireAt, now, versionLimit, versionTtl} = {}) {
		if (typeof delimiter !== 'string' || delimiter.length === 0) {
			throw new TypeError('haro-rs: delimiter must be a non-empty string');
		}
		if (typeof key !== 'string') throw new TypeError('haro-rs: key must be a string');
		this.#time = timeOptions({ttl, expireAt, now, versionLimit, versionTtl});
		this.#ext = native.create();
		this.#h = native.slot(this.#ext);
		this.#cache = new RecordCache(Number.isFinite(recordCacheSize) ? Math.max(0, Math.trunc(recordCacheSize)) : recordCacheSize === Infinity ? Infinity : DEFAULT_RECORD_CACHE_SIZE);
		this.#configureQueries(cache, cacheSize, warnOnFullScan);
		this.#delimiter = delimiter;
		this.#immutable = Boolean(immutable);
		this.#index = Array.isArray(index) ? [...index] : [];
		this.#versioning = Boolean(versioning);
		native.configure(this.#h, delimiter, this.#versioning);
		if (this.#time.versionLimit !== null || this.#time.versionTtl !== null) {
			native.configureRetention(this.#h, this.#time.versionLimit ?? NaN, this.#time.versionTtl ?? NaN);
		}
		const self = this;
		const accessor = (get, set) => ({enumerable: true, configurable: true, get, set});
		Object.defineProperties(this, {
			data: accessor(() => self.#viewsOf().data),
			delimiter: accessor(() => self.#delimiter, v => {
				self.#delimiter = v;
				native.configure(self.#h, String(v), self.#versioning);
			}),
			id: {value: id, writable: true, enumerable: true, configurable: true},
			immutable: accessor(() => self.#immutable, v => {
				// Records handed out while immutable were frozen; haro's stay frozen after.
				if (self.#immutable && !v) self.#frozen = new Set(self.#keys());
				self.#immutable = Boolean(v);
				self.#cache.clear();
				self.#writes++;
			}),
			index: accessor(() => self.#index, v => {
				self.#index = v;
			}),
			indexes: accessor(() => self.#viewsOf().indexes),
			key: {value: key, writable: true, enumerable: true, configurable: true},
			versions: accessor(() => self.#viewsOf().versions),
			versioning: accessor(() => self.#versioning, v => {
				self.#versioning = Boolean(v);
				native.configure(self.#h, String(self.#delimiter), self.#versioning);
			}),
			registry: accessor(() => {
				if (self.#next !== Infinity) self.#fresh();

				return self.#cache.complete ? Array.from(self.#cache.byKey.keys()) : self.#keys().slice();
			}),
			size: accessor(() => {
				if (self.#next !== Infinity) self.#fresh();

				return self.#cache.complete ? self.#cache.byKey.size : native.size(self.#h);
			})
		});

		return this.reindex();
	}

	#viewsOf () {
		if (this.#next !== Infinity) this.#fresh();
		if (this.#views === null) {
			const io = {
				h: this.#h,
				native,
				store: this,
				sync: () => this.#sync(),
				changed: () => this.#qgen++,
				name: n => this.#names.get(n) ?? n
			};
			this.#views = {data: new DataView(io), indexes: new IndexesView(io), versions: new VersionsView(io)};
		}

		return this.#views;
	}

	// ---- engine plumbing --------------------------------------------------------------

	/** Takes out the records due by now (reads call it while `#next` is finite). */
	#fresh () {
		const now = this.#time.clock();
		if (this.#next <= now) this.#tick(now);
	}

	/** Before a write, with a clock: due records go, and the engine learns the time. */
	#beforeWrite () {
		const now = this.#time.clock();
		this.#tick(now);

		return now;
	}

	/** The engine takes out what is due at `now`; returns the keys of expired records. */
	#tick (now) {
		const r = native.tick(this.#h, now);
		if (typeof r === 'number') {
			this.#next = r;

			return [];
		}
		const keys = decode(r);
		this.#next = keys.shift();
		for (const k of keys) {
			this.#cache.drop(k);
			if (this.#frozen !== null) this.#frozen.delete(k);
			if (this.#keySet !== null) this.#keySet.delete(k);
		}
		this.#writes++;
		this.onexpire(keys);

		return keys;
	}

	/** Due times for records `ids` (`recs`) just written (expiry options only). */
	#stampMany (ids, recs, now) {
		if (this.#time.ttl !== null || this.#time.expireAt !== null) {
			this.#next = native.expireIds(this.#h, ids, Float64Array.from(ids, (_, i) => dueTime(this.#time, recs[i], now)));
		}
	}

	/** Due times for records just written (expiry options only). */
	#stamp (id, rec, now) {
		if (this.#time.ttl !== null || this.#time.expireAt !== null) this.#next = native.expireId(this.#h, id, dueTime(this.#time, rec, now));
	}

	/** The engine spec of one `index` entry: [name, fields] for a composite, [name, null] else. */
	#spec (i) {
		const name = String(i);
		const d = String(this.#delimiter);

		return typeof i === 'string' && i.includes(d) ? [name, i.split(d).sort(this.sortKeys)] : [name, null];
	}

	/** Sends the `index` list again when it, or the delimiter, changed since the last call. */
	#sync () {
		const list = this.#index;
		const last = this.#synced;
		if (last !== null && last.length === list.length + 1 && last[0] === this.#delimiter) {
			let same = true;
			for (let i = 0; i < list.length; i++) {
				if (last[i + 1] !== list[i]) {
					same = false;
					break;
				}
			}
			if (same) return;
		}
		const items = Array.isArray(list) ? list : [];
		for (const i of items) {
			if (typeof i !== 'string') this.#names.set(String(i), i);
		}
		engine(() => native.setSpecs(this.#h, encodeQuery(items.map(i => this.#spec(i)))));
		this.#synced = [this.#delimiter, ...items];
		this.#qgen++;
	}

	/** An entry for a record read from the engine, cached. */
	#admit (id, key, rec) {
		if (this.#immutable || (this.#frozen !== null && this.#frozen.has(key))) Object.freeze(rec);

		return this.#cache.put(new Entry(id, key, rec));
	}

	/** The pair for a record just written. A cached entry is replaced; none is made anew. */
	#written (id, key, rec) {
		if (this.#frozen !== null) this.#frozen.delete(key);
		if (this.#keySet !== null && this.#keySet.add(key).size > this.#cache.capacity) this.#dropKeys();
		const cache = this.#cache;
		if (cache.complete && !cache.byKey.has(key) && cache.byKey.size >= cache.capacity) {
			// The store outgrows the cache: from now on it lives off the V8 heap (lib/cache.js).
			cache.clear(false);
		}
		if (cache.complete || cache.byKey.has(key)) return this.#pair(cache.put(new Entry(id, key, rec)));
		if (!this.#immutable) return [rec[this.key], rec];

		return Object.freeze([rec[this.key], Object.freeze(rec)]);
	}

	#pair (e) {
		if (this.#immutable) {
			if (e.pair === null) e.pair = Object.freeze([e.rec[this.key], Object.freeze(e.rec)]);

			return e.pair;
		}

		return [e.rec[this.key], e.rec];
	}

	/** Cache entries for engine ids, materializing every miss with one call. */
	#entries (ids) {
		const n = ids.length;
		const out = new Array(n);
		const byId = this.#cache.byId;
		let misses = null;
		for (let i = 0; i < n; i++) {
			const e = byId[ids[i]];
			if (e === undefined) (misses ??= []).push(i);
			else out[i] = e;
		}
		const cache = this.#cache;
		cache.hits += n - (misses === null ? 0 : misses.length);
		if (misses !== null) {
			cache.misses += misses.length;
			// (a plain array of ids, as a small `find` answers, crosses back as a Uint32Array)
			const want = misses.length === n && ids instanceof Uint32Array ? ids : Uint32Array.from(misses, i => ids[i]);
			for (let start = 0; start < want.length; start += READ_CHUNK) {
				const flat = this.#records(want.length <= READ_CHUNK ? want : want.subarray(start, start + READ_CHUNK));
				for (let j = 0, m = flat.length / 3; j < m; j++) {
					out[misses[start + j]] = this.#admit(flat[3 * j], flat[3 * j + 1], flat[3 * j + 2]);
				}
			}
		}

		return out;
	}

	#resolve (ids, raw) {
		const entries = this.#entries(ids);

		return raw ? entries.map(e => e.rec) : entries.map(e => this.#pair(e));
	}

	#all () {
		if (this.#next !== Infinity) this.#fresh();
		const snap = this.#snapshot;
		if (snap !== null && snap.writes === this.#writes) return snap.entries;
		const entries = this.#entries(native.ids(this.#h, 0, 0xffffffff));
		this.#snapshot = entries.length <= this.#cache.capacity ? {writes: this.#writes, entries, recs: null, keys: null, map: null} : null;

		return entries;
	}

	/** Every record in order; shared with the snapshot: callers copy before handing it out. */
	#recs () {
		const entries = this.#all();
		const snap = this.#snapshot;
		if (snap === null || snap.entries !== entries) return entries.map(e => e.rec);

		return snap.recs ??= entries.map(e => e.rec);
	}

	/**
	 * Every record by key, in order, as a Map kept with the snapshot: its iterators are what
	 * haro hands out (`data.values()`…), and V8 walks them faster than any iterator built in JS.
	 */
	#map () {
		const entries = this.#all();
		const snap = this.#snapshot;
		if (snap === null || snap.entries !== entries) return null;
		if (snap.map === null) {
			const map = new Map();
			for (let i = 0; i < entries.length; i++) map.set(entries[i].key, entries[i].rec);
			snap.map = map;
		}

		return snap.map;
	}

	/** Every key in order; shared, as `#recs`. Kept without materializing the records. */
	#keys () {
		if (this.#next !== Infinity) this.#fresh();
		const snap = this.#snapshot;
		if (snap !== null && snap.writes === this.#writes) return snap.keys ??= snap.entries.map(e => e.key);
		const keys = this.#keyList;
		if (keys !== null && keys.writes === this.#writes) return keys.keys;
		let list;
		const size = native.size(this.#h);
		if (size <= READ_CHUNK) {
			list = decode(native.keys(this.#h));
		} else {
			list = [];
			for (let start = 0; start < size; start += READ_CHUNK) {
				for (const k of decode(native.keysOf(this.#h, native.ids(this.#h, start, start + READ_CHUNK)))) list.push(k);
			}
		}
		this.#keyList = list.length <= this.#cache.capacity ? {writes: this.#writes, keys: list, set: null} : null;

		return list;
	}

	/** Fresh, unfrozen copies of every record, in order (what haro's forEach hands out when immutable). */
	#copies () {
		if (this.#next !== Infinity) this.#fresh();
		const ids = native.ids(this.#h, 0, 0xffffffff);
		const out = new Array(ids.length);
		for (let start = 0; start < ids.length; start += READ_CHUNK) {
			const flat = this.#records(ids.subarray(start, start + READ_CHUNK));
			for (let j = 0, m = flat.length / 3; j < m; j++) out[start + j] = [flat[3 * j + 1], flat[3 * j + 2]];
		}

		return out;
	}

	/** `[id, key, record, …]` for the given ids (at most READ_CHUNK of them: one string). */
	#records (ids) {
		return decode(native.records(this.#h, ids));
	}

	/**
	 * The keys of index `name` in the engine's order (null: no such index), decoded once
	 * per engine generation: `search` by function or RegExp walks them on every call.
	 */
	#indexKeys (name) {
		const gen = native.generation(this.#h);
		let kept = this.#lkeys.get(name);
		if (kept === undefined || kept.gen !== gen) {
			const text = native.indexKeys(this.#h, name);
			kept = {gen, keys: text === null ? null : decode(text)};
			if (this.#lkeys.size > 64) this.#lkeys.clear();
			this.#lkeys.set(name, kept);
		}

		return kept.keys;
	}

	#entry (key) {
		let e = this.#cache.byKey.get(key);
		if (e === undefined) {
			this.#cache.misses++;
			if (this.#cache.complete || !isKey(key) || (this.#keySet !== null && !this.#keySet.has(key))) return undefined;
			const t = nativeGet(this.#h, key);
			if (t === null) return undefined;
			const a = decode(t);
			e = this.#admit(a[0], a[1], a[2]);
		} else {
			this.#cache.hits++;
		}

		return e;
	}

	// ---- haro's API -------------------------------------------------------------------

	batch (args, type = 'set') {
		const items = this.beforeBatch(args, type);
		if (items === null || typeof items?.map !== 'function') throw argError('batch', 'an array of records', items);
		let result;
		if (type === 'del') {
			if (Array.isArray(items) && this.delete === Haro.prototype.delete) this.#checkDeletable(items);
			result = items.map(i => this.delete(i, true));
		} else if (Array.isArray(items) && this.beforeSet === Haro.prototype.beforeSet &&
			this.onset === Haro.prototype.onset && this.set === Haro.prototype.set) {
			result = this.#setMany(items);
		} else {
			// Hooks run per record, as in haro; every record is checked before the first.
			if (Array.isArray(items) && this.set === Haro.prototype.set) this.#checkBatch(items);
			result = items.map(i => this.set(null, i, true, true));
		}

		return this.onbatch(result, type);
	}

	/** Throws haro's error before any delete when a key is missing (or repeated). */
	#checkDeletable (keys) {
		const seen = new Set();
		for (const k of keys) {
			if (seen.has(k) || !this.#has(k)) throw new Error('Record not found');
			seen.add(k);
		}
	}

	/** Throws what `set` would throw for any of the records, before the first is set. */
	#checkBatch (items) {
		for (let i = 0; i < items.length; i++) {
			const at = `records[${i}]`;
			// no uuid() here: a subclass's may count, and `set` makes the key again
			encode(this.#keyed(items[i], at, 'batch', false), at, 'batch');
		}
	}

	/**
	 * What `set(null, data)` stores for record `at` of a bulk call, after its checks: the key
	 * field written last. `uuid`: a record without a key gets one (else an empty string).
	 */
	#keyed (data, at, method, uuid) {
		checkRecord(data, method, at);
		const key = data[this.key] ?? (uuid ? this.uuid() : '');
		checkKey(key, method, at);

		return {...data, [this.key]: key};
	}

	/** `set(null, record, true, true)` for each record, all or none (`#stageAll`, `#commitAll`). */
	#setMany (items) {
		this.#sync();

		return this.#commitAll(this.#stageAll(items, 'batch', null));
	}

	/**
	 * Checks and encodes every record, staging them in the engine a chunk at a time (their
	 * texts die young instead of piling up in one giant string); nothing is applied before
	 * `#commitAll`, so a refused record changes nothing. `each(key, record)` runs on each
	 * record before it is encoded (a subclass's `beforeSet`).
	 */
	#stageAll (items, method, each) {
		const n = items.length;
		const keys = new Array(n);
		const recs = new Array(n);
		const parts = [];
		try {
			for (let i = 0; i < n; i++) {
				const at = `records[${i}]`;
				const x = this.#keyed(items[i], at, method, true);
				const key = x[this.key];
				if (each !== null) each(key, x);
				parts.push(encodeKey(key), encode(x, at, method));
				keys[i] = key;
				recs[i] = x;
				if (parts.length === 2 * BATCH_CHUNK || i === n - 1) {
					native.stage(this.#h, `[${parts.join(',')}]`);
					parts.length = 0;
				}
			}
		} catch (e) {
			native.unstage(this.#h);
			throw e;
		}

		return {keys, recs};
	}

	/** Applies what `#stageAll` staged; returns what `set` returns for each record. */
	#commitAll ({keys, recs}) {
		// Due records go before the batch lands (a key of one is written afresh).
		const now = this.#time.clock === null ? 0 : this.#beforeWrite();
		const ids = engine(() => native.commitStaged(this.#h, false));
		this.#writes++;
		this.#stampMany(ids, recs, now);
		const result = new Array(keys.length);
		for (let i = 0; i < keys.length; i++) result[i] = this.#written(ids[i], keys[i], recs[i]);

		return result;
	}

	beforeBatch (arg, type = '') { // eslint-disable-line no-unused-vars
		return arg;
	}

	beforeClear () {}

	beforeDelete (key = '', batch = false) {} // eslint-disable-line no-unused-vars

	beforeSet (key = '', data = {}, batch = false, override = false) {} // eslint-disable-line no-unused-vars

	clear () {
		this.beforeClear();
		native.clear(this.#h);
		this.#next = Infinity;
		this.#orders.clear();
		this.#writes++;
		this.#cache.clear(true);
		this.#frozen = null;
		this.#dropKeys();
		this.reindex().onclear();

		return this;
	}

	clone (arg) {
		try {
			return structuredClone(arg);
		} catch (e) {
			throw new TypeError(`haro-rs: clone() cannot copy ${what(arg)}: ${e.message}`, {cause: e});
		}
	}

	delete (key = '', batch = false) {
		this.#sync();
		if (this.#time.clock !== null) this.#beforeWrite();
		if (this.beforeDelete === Haro.prototype.beforeDelete && this.ondelete === Haro.prototype.ondelete) {
			if (!isKey(key) || !nativeDelete(this.#h, key, this.#versioning)) throw new Error('Record not found');
			this.#writes++;
			this.#cache.drop(key);
			if (this.#frozen !== null) this.#frozen.delete(key);
			if (this.#keySet !== null) this.#keySet.delete(key);

			return;
		}
		// haro's order: beforeDelete, the record goes, ondelete, then its history.
		if (!this.has(key)) throw new Error('Record not found');
		this.beforeDelete(key, batch);
		nativeDelete(this.#h, key, false);
		this.#writes++;
		this.#cache.drop(key);
		if (this.#frozen !== null) this.#frozen.delete(key);
		if (this.#keySet !== null) this.#keySet.delete(key);
		this.ondelete(key, batch);
		if (this.#versioning) native.dropVersions(this.#h, key);
	}

	deleteIndex (key, data) {
		this.#sync();
		if (isKey(key)) engine(() => native.unindexRecord(this.#h, key, encodeQuery(data)));

		return this;
	}

	dump (type = 'records') {
		if (this.#next !== Infinity) this.#fresh();
		if (type === 'records') {
			// What Array.from(this.entries()) gives, without building the snapshot's Map first.
			const snap = this.#snapshot;
			if (snap !== null && snap.writes === this.#writes && snap.map !== null) return Array.from(snap.map);
			const entries = this.#all();
			const out = new Array(entries.length);
			for (let i = 0; i < entries.length; i++) out[i] = [entries[i].key, entries[i].rec];

			return out;
		}
		const result = decode(native.dumpIndexes(this.#h, null));
		if (this.#names.size > 0) for (const i of result) i[0] = this.#names.get(i[0]) ?? i[0];

		return result;
	}

	each (arr = [], fn) {
		if (arr === null) throw argError('each', 'an array', arr);
		const len = arr.length;
		if (len > 0 && typeof fn !== 'function') throw argError('each', 'a function', fn);
		for (let i = 0; i < len; i++) {
			fn(arr[i], i);
		}

		return arr;
	}

	entries () {
		const map = this.#map();
		if (map !== null) return map.entries();
		const entries = this.#all();
		let i = 0;

		// Pairs are made as the iteration asks for them, as a Map's iterator does.
		return {
			next: () => i < entries.length ? {value: [entries[i].key, entries[i++].rec], done: false} : {value: undefined, done: true},
			[Symbol.iterator] () {
				return this;
			}
		};
	}

	find (where = {}, raw = false) {
		if (where === null) throw argError('find', 'an object of field values', where);
		if (this.#next !== Infinity) this.#fresh();
		this.#sync();
		const [key, fields] = this.#findPlan(Object.keys(where));
		const ids = engine(() => native.find(this.#h, encodeQuery([key, fields, where])));
		let result = ids.length === 0 ? [] : this.#resolve(ids, raw);
		if (!raw && this.#immutable) result = Object.freeze(result);

		return result;
	}

	/**
	 * haro's index name and field list for a `find` on these fields. Its two `sortKeys`
	 * sorts (`localeCompare`) cost more than the lookup itself, so the answer is kept per
	 * field list and delimiter while `sortKeys` is haro's own.
	 */
	#findPlan (names) {
		const own = this.sortKeys === Haro.prototype.sortKeys;
		const id = own ? `${this.#delimiter}\u0000${names.join('\u0000')}` : null;
		let plan = id === null ? undefined : this.#plans.get(id);
		if (plan === undefined) {
			const key = names.sort(this.sortKeys).join(this.#delimiter);
			plan = [key, key.split(this.#delimiter).sort(this.sortKeys)];
			if (id !== null) {
				if (this.#plans.size >= 256) this.#plans.clear();
				this.#plans.set(id, plan);
			}
		}

		return plan;
	}

	filter (fn, raw = false) {
		if (typeof fn !== 'function') {
			throw new Error('Invalid function');
		}
		let result = this.reduce((a, v) => {
			if (fn(v)) {
				a.push(v);
			}

			return a;
		}, []);
		if (!raw) {
			result = result.map(i => this.list(i));
			if (this.#immutable) {
				result = Object.freeze(result);
			}
		}

		return result;
	}

	forEach (fn, ctx = this) {
		if (typeof fn !== 'function' && this.size > 0) throw argError('forEach', 'a function', fn);
		if (this.#immutable) {
			for (const [key, value] of this.#copies()) fn.call(ctx, value, key);
		} else {
			const recs = this.#recs();
			const keys = this.#keys();
			for (let i = 0; i < recs.length; i++) fn.call(ctx, recs[i], keys[i]);
		}

		return this;
	}

	freeze (...args) {
		return Object.freeze(args.map(i => Object.freeze(i)));
	}

	get (key, raw = false) {
		if (this.#next !== Infinity) this.#fresh();
		const e = this.#entry(key);
		if (e === undefined) return null;

		return raw ? e.rec : this.#pair(e);
	}

	has (key) {
		if (this.#next !== Infinity) this.#fresh();

		return this.#has(key);
	}

	#has (key) {
		if (this.#cache.byKey.has(key)) return true;
		if (this.#cache.complete) return false;
		if (this.#keySet !== null) return this.#keySet.has(key);
		if (!isKey(key)) return false;
		if (++this.#hasCalls >= this.#hasNext) this.#buildKeySet();

		return nativeHas(this.#h, key);
	}

	/** Builds `#keySet` once `has` has crossed a quarter of the store's size in calls. */
	#buildKeySet () {
		const size = native.size(this.#h);
		if (this.#hasCalls > size >> 2 && size <= this.#cache.capacity) {
			this.#keySet = new Set(this.#keys());
		} else {
			this.#hasNext = this.#hasCalls + Math.max(64, size >> 2);
		}
	}

	/** A write changed which keys exist in ways `#written` does not follow: forget them. */
	#dropKeys () {
		this.#keySet = null;
		this.#hasCalls = 0;
		this.#hasNext = 64;
	}

	indexKeys (arg = '', delimiter = '|', data = {}) {
		if (typeof arg?.split !== 'function') throw argError('indexKeys', 'a field name', arg);
		if (typeof delimiter === 'symbol') throw argError('indexKeys', 'a delimiter string', delimiter);
		if (data === null) throw argError('indexKeys', 'a record', data);
		const fields = arg.split(delimiter).sort(this.sortKeys);
		const fieldsLen = fields.length;
		let result = [''];
		for (let i = 0; i < fieldsLen; i++) {
			const field = fields[i];
			const v = readField(data, field);
			const values = Array.isArray(v) ? v : [v];
			const newResult = [];
			const resultLen = result.length;
			const valuesLen = values.length;
			for (let j = 0; j < resultLen; j++) {
				for (let k = 0; k < valuesLen; k++) {
					const newKey = i === 0 ? values[k] : `${result[j]}${delimiter}${values[k]}`;
					newResult.push(newKey);
				}
			}
			result = newResult;
		}

		return result;
	}

	keys () {
		if (this.#next !== Infinity) this.#fresh();
		// A cache that holds every record holds their keys in the store's order (a Map keeps
		// a re-set key in place, as the engine does): its iterator is haro's own kind.
		if (this.#cache.complete) return this.#cache.byKey.keys();
		const snap = this.#snapshot;
		// With every record at hand already, the Map's key iterator; else the kept key list.
		const map = snap !== null && snap.writes === this.#writes ? this.#map() : null;

		if (map !== null) return map.keys();
		const keys = this.#keys();
		const list = this.#keyList;
		if (list === null || list.keys !== keys) return keys.values();

		return (list.set ??= new Set(keys)).values();
	}

	limit (offset = 0, max = 0, raw = false) {
		if (typeof offset === 'symbol') throw argError('limit', 'a number', offset);
		if (typeof max === 'symbol') throw argError('limit', 'a number', max);
		if (this.#next !== Infinity) this.#fresh();
		const len = native.size(this.#h);
		const start = bound(offset, len, 0);
		const end = bound(offset + max, len, len);
		const ids = end > start ? native.ids(this.#h, start, end) : [];
		let result = ids.length === 0 ? [] : this.#resolve(ids, raw);
		if (!raw && this.#immutable) result = Object.freeze(result);

		return result;
	}

	list (arg) {
		if (arg === null || arg === undefined) throw argError('list', 'a record', arg);
		const result = [arg[this.key], arg];

		return this.#immutable ? this.freeze(...result) : result;
	}

	map (fn, raw = false) {
		if (typeof fn !== 'function') {
			throw new Error('Invalid function');
		}
		let result = [];
		this.forEach((value, key) => result.push(fn(value, key)));
		if (!raw) {
			result = result.map(i => this.list(i));
			if (this.#immutable) {
				result = Object.freeze(result);
			}
		}

		return result;
	}

	matchesPredicate (record, predicate, op) {
		if (predicate === null || predicate === undefined) throw argError('matchesPredicate', 'an object of field values', predicate);
		const keys = Object.keys(predicate);
		if ((record === null || record === undefined) && keys.length > 0) throw argError('matchesPredicate', 'a record', record);

		return keys.every(key => {
			const pred = predicate[key];
			const val = readField(record, key);
			if (Array.isArray(pred)) {
				if (Array.isArray(val)) {
					return op === '&&' ? pred.every(p => val.includes(p)) : pred.some(p => val.includes(p));
				}

				return op === '&&' ? pred.every(p => val === p) : pred.some(p => val === p);
			} else if (pred instanceof RegExp) {
				if (Array.isArray(val)) {
					return op === '&&' ? val.every(v => pred.test(v)) : val.some(v => pred.test(v));
				}

				return pred.test(val);
			} else if (Array.isArray(val)) {
				return val.includes(pred);
			}

			return val === pred;
		});
	}

	merge (a, b, override = false) {
		if (Array.isArray(a) && Array.isArray(b)) {
			a = override ? b : a.concat(b);
		} else if (typeof a === 'object' && a !== null && typeof b === 'object' && b !== null) {
			this.each(Object.keys(b), i => {
				if (i === '__proto__') return; // never write through to a prototype
				a[i] = this.merge(a[i], b[i], override);
			});
		} else {
			a = b;
		}

		return a;
	}

	onbatch (arg, type = '') { // eslint-disable-line no-unused-vars
		return arg;
	}

	onclear () {}

	/** haro-rs: called with the keys of records that expired, when they are taken out. */
	onexpire (keys = []) {} // eslint-disable-line no-unused-vars

	/** haro-rs: takes out every expired record now; returns their keys. */
	purgeExpired () {
		if (this.#time.clock === null) return [];

		return this.#tick(this.#time.clock());
	}

	/**
	 * haro-rs: records of an indexed field within bounds, in `sortBy` order, from the
	 * index's order (lib/range.js) instead of a scan.
	 */
	range (field, bounds = {}, options = {}) {
		const q = rangeQuery(bounds, options);
		if (this.#next !== Infinity) this.#fresh();
		this.#sync();
		const name = String(field);
		if (!native.hasIndex(this.#h, name)) {
			throw new Error(`haro-rs: range needs an index on ${JSON.stringify(name)} (list it in \`index\`, or call reindex(${JSON.stringify(name)}))`);
		}
		const own = this.sortKeys === Haro.prototype.sortKeys;
		const ids = rangeIds(native, this.#h, name, q, (a, b) => this.sortKeys(a, b), own, this.#orders);
		let result = ids.length === 0 ? [] : this.#resolve(ids, q.raw);
		if (!q.raw && this.#immutable) result = Object.freeze(result);

		return result;
	}

	ondelete (key = '', batch = false) {} // eslint-disable-line no-unused-vars

	onoverride (type = '') {} // eslint-disable-line no-unused-vars

	onset (arg = {}, batch = false) {} // eslint-disable-line no-unused-vars

	override (data, type = 'records') {
		if (type === 'indexes') {
			if (!Array.isArray(data)) throw argError('override', 'an array of [name, [[value, keys]…]] entries', data);
			engine(() => native.overrideIndexes(this.#h, encodeQuery(data)));
		} else if (type === 'records') {
			this.#overrideRecords(data ?? []);
		} else {
			throw new Error('Invalid type');
		}
		this.onoverride(type);

		return true;
	}

	/** haro's `new Map(data)`, all or nothing, staged in chunks like `#setMany`. */
	#overrideRecords (data) {
		if (typeof data[Symbol.iterator] !== 'function') throw argError('override', 'an array of [key, record] pairs', data);
		const parts = [];
		const frozen = [];
		// Mutable mode: the records given are kept as the cache (haro keeps the very objects
		// given), while they fit. Immutable mode reads them back as frozen copies instead of
		// freezing the caller's objects here.
		const cache = this.#cache;
		let given = this.#immutable || cache.capacity <= 0 ? null : [];
		// With expiry, each record's due time is read from it once it is stored.
		const dueRecs = this.#time.ttl !== null || this.#time.expireAt !== null ? [] : null;
		let i = 0;
		try {
			for (const entry of data) {
				const at = `records[${i++}]`;
				if (entry === null || typeof entry !== 'object') throw new TypeError(`haro-rs: override(): ${at}: an entry must be a [key, record] pair, not ${what(entry)}`);
				const key = entry[0];
				const record = entry[1];
				checkKey(key, 'override', at);
				checkRecord(record, 'override', at);
				parts.push(encodeKey(key), encode(record, `${at}[1]`, 'override'));
				if (!this.#immutable && Object.isFrozen(record)) frozen.push(key);
				if (given !== null) given = given.length < 2 * cache.capacity ? (given.push(key, record), given) : null;
				if (dueRecs !== null) dueRecs.push(record);
				if (parts.length >= 2 * BATCH_CHUNK) {
					native.stage(this.#h, `[${parts.join(',')}]`);
					parts.length = 0;
				}
			}
			native.stage(this.#h, `[${parts.join(',')}]`);
		} catch (e) {
			native.unstage(this.#h);
			throw e;
		}
		const now = this.#time.clock === null ? 0 : this.#beforeWrite();
		const ids = engine(() => native.commitStaged(this.#h, true));
		this.#writes++;
		this.#dropKeys();
		this.#next = Infinity;
		// One id per item, a repeated key's last record last: its due time wins, as its record does.
		if (dueRecs !== null) this.#stampMany(ids, dueRecs, now);
		// haro keeps the very objects given: those given frozen are handed out frozen.
		this.#frozen = frozen.length > 0 ? new Set(frozen) : null;
		cache.clear(given !== null && given.length / 2 <= cache.capacity);
		if (cache.complete) {
			for (let j = 0; j < ids.length; j++) cache.put(new Entry(ids[j], given[2 * j], given[2 * j + 1]));
		}
	}

	reduce (fn, accumulator = []) {
		if (typeof fn !== 'function' && this.size > 0) throw argError('reduce', 'a function', fn);
		let a = accumulator;
		if (!this.#immutable && this.forEach === Haro.prototype.forEach) {
			// What forEach would hand out, without a closure call per record.
			const recs = this.#recs();
			const keys = this.#keys();
			for (let i = 0; i < recs.length; i++) a = fn(a, recs[i], keys[i], this);

			return a;
		}
		this.forEach((v, k) => {
			a = fn(a, v, k, this);
		}, this);

		return a;
	}

	reindex (index) {
		if (index && this.#index.includes(index) === false) {
			this.#index.push(index);
		}
		this.#sync();
		engine(() => native.reindex(this.#h, index ? encodeQuery(this.#spec(index)) : null));

		return this;
	}

	search (value, index, raw = false) {
		const fn = typeof value === 'function';
		const rgex = value && typeof value.test === 'function';
		if (!value) return this.#immutable ? this.freeze() : [];
		if (this.#next !== Infinity) this.#fresh();
		this.#sync();
		const indices = index ? Array.isArray(index) ? index : [index] : this.#index;
		let ids;
		if (fn || rgex) {
			const found = new Set();
			for (const i of indices) {
				const name = String(i);
				const lkeys = this.#indexKeys(name);
				if (lkeys === null) continue;
				const matched = [];
				for (let j = 0; j < lkeys.length; j++) {
					const lkey = lkeys[j];
					if (fn ? value(lkey, i) : value.test(Array.isArray(lkey) ? lkey.join(',') : lkey)) matched.push(j);
				}
				if (matched.length > 0) {
					for (const id of native.indexIds(this.#h, name, Uint32Array.from(matched), true)) found.add(id);
				}
			}
			ids = Uint32Array.from(found);
		} else {
			ids = engine(() => native.search(this.#h, encodeQuery([indices.map(String), value])));
		}
		let records = ids.length === 0 ? [] : this.#resolve(ids, raw);
		if (!raw && this.#immutable) {
			records = Object.freeze(records);
		}

		return records;
	}

	set (key = null, data = {}, batch = false, override = false) {
		checkRecord(data);
		if (key === null) {
			key = data[this.key] ?? this.uuid();
		}
		checkKey(key);
		let x = {...data, [this.key]: key};
		this.beforeSet(key, x, batch, override);
		this.#sync();
		const now = this.#time.clock === null ? 0 : this.#beforeWrite();
		let replace = Boolean(override);
		if (!override && this.merge !== Haro.prototype.merge && this.has(key)) {
			x = this.merge(this.clone(this.get(key, true)), x);
			replace = true;
		}
		const text = encode(x);
		const r = engine(() => nativeSet(this.#h, key, text, replace));
		this.#writes++;
		let result;
		if (typeof r === 'number') {
			result = this.#written(r, key, x);
			if (this.#time.clock !== null) this.#stamp(r, x, now);
		} else {
			const a = decode(r);
			result = this.#written(a[0], key, a[1]);
			if (this.#time.clock !== null) this.#stamp(a[0], a[1], now);
		}
		this.onset(result, batch);

		return result;
	}

	setIndex (key, data, indice) {
		this.#sync();
		if (isKey(key)) {
			engine(() => native.indexRecord(this.#h, key, encodeQuery(data), indice === null || indice === undefined ? null : encodeQuery(this.#spec(indice))));
		}

		return this;
	}

	sort (fn, frozen = false) {
		if (fn !== undefined && typeof fn !== 'function') throw argError('sort', 'a comparison function', fn);
		const dataSize = this.size;
		let result = this.limit(0, dataSize, true).sort(fn);
		if (frozen) {
			result = this.freeze(...result);
			// haro freezes its stored objects: they stay frozen until a write replaces them.
			if (!this.#immutable) this.#frozen = new Set(this.#keys());
		}

		return result;
	}

	sortKeys (a, b) {
		if (typeof a === 'string' && typeof b === 'string') {
			return a.localeCompare(b);
		}
		if (typeof a === 'number' && typeof b === 'number') {
			return a - b;
		}

		return String(a).localeCompare(String(b));
	}

	sortBy (index = '', raw = false) {
		if (index === '') {
			throw new Error('Invalid field');
		}
		if (this.#next !== Infinity) this.#fresh();
		this.#sync();
		const name = String(index);
		if (!native.hasIndex(this.#h, name)) {
			this.reindex(index);
		}
		const own = this.sortKeys === Haro.prototype.sortKeys;
		let ids = own ? native.sortedIds(this.#h, name) : null;
		// Keys that are not all numbers: the order `range` keeps, which follows writes
		// without sorting again (lib/range.js).
		if (ids === null && own) ids = rangeIds(native, this.#h, name, WHOLE, this.sortKeys, true, this.#orders);
		if (ids === null) {
			// Sort key positions as haro sorts the keys: Array#sort puts undefined last
			// without asking the comparator.
			const lkeys = this.#indexKeys(name) ?? [];
			const defined = [];
			const undef = [];
			for (let i = 0; i < lkeys.length; i++) (lkeys[i] === undefined ? undef : defined).push(i);
			defined.sort((a, b) => this.sortKeys(lkeys[a], lkeys[b]));
			ids = native.sortByOrdinals(this.#h, name, Uint32Array.from(defined.concat(undef)));
		}
		let result = ids.length === 0 ? [] : this.#resolve(ids, raw);
		if (this.#immutable) {
			result = Object.freeze(result);
		}

		return result;
	}

	toArray () {
		const result = this.#recs().slice();
		if (this.#immutable) {
			this.each(result, i => Object.freeze(i));
			Object.freeze(result);
		}

		return result;
	}

	uuid () {
		return randomUUID();
	}

	values () {
		const map = this.#map();

		return map !== null ? map.values() : this.#recs().values();
	}

	where (predicate = {}, op = '||') {
		if ((predicate === null || (typeof predicate !== 'object' && typeof predicate !== 'function')) && this.#index.length > 0) {
			throw argError('where', 'an object of field values', predicate);
		}
		const keys = this.#index.filter(i => i in predicate);
		if (keys.length === 0) return [];
		if (this.#next !== Infinity) this.#fresh();
		this.#sync();
		const inJs = this.matchesPredicate !== Haro.prototype.matchesPredicate || hasRegExp(predicate);
		const ids = engine(() => native.whereIds(this.#h, encodeQuery([keys.map(String), predicate]), op === '&&', !inJs));
		if (ids === null) {
			if (inJs || this.filter !== Haro.prototype.filter || this.forEach !== Haro.prototype.forEach) {
				return this.filter(a => this.matchesPredicate(a, predicate, op));
			}
			const found = engine(() => native.scanWhere(this.#h, encodeQuery(predicate), op === '&&'));
			if (!this.#immutable) return found.length === 0 ? [] : this.#resolve(found, false);
			// haro's scan goes through filter, which hands out frozen copies and leaves the
			// stored records as they are.
			const result = [];
			if (found.length > 0) {
				const flat = decode(native.records(this.#h, found));
				for (let j = 2; j < flat.length; j += 3) result.push(this.list(flat[j]));
			}

			return Object.freeze(result);
		}
		let entries = ids.length === 0 ? [] : this.#entries(ids);
		if (inJs) entries = entries.filter(e => this.matchesPredicate(e.rec, predicate, op));
		if (this.#immutable) return Object.freeze(entries.map(e => this.#pair(e)));

		return entries.map(e => e.rec);
	}

	// ---- haro 17's capabilities, under names haro 16 does not use ----------------------
	// setMany/deleteMany, isBatching, the query cache and full-scan warnings. haro 17 broke
	// haro 16's API; these keep 16's return shapes and hooks (README, "From haro 17").

	#batching = false;
	#qcache = null; // QueryCache with config `cache: true`
	#qgen = 0; // bumped by every change to the indexes that is not a record write
	#warnOnFullScan = false;

	#configureQueries (cache, cacheSize, warnOnFullScan) {
		if (typeof cacheSize !== 'number') throw new TypeError('haro-rs: cacheSize must be a number');
		if (!(cacheSize >= 0)) throw new RangeError(`haro-rs: cacheSize must be 0 (no bound) or more, not ${cacheSize}`);
		this.#qcache = cache ? new QueryCache(Math.trunc(cacheSize)) : null;
		this.#warnOnFullScan = Boolean(warnOnFullScan);
	}

	/** True inside `batch`, `setMany` and `deleteMany` (hooks called from them see it too). */
	get isBatching () {
		return #batching in this && this.#batching; // read on the prototype too, by reflection
	}

	get warnOnFullScan () {
		return #warnOnFullScan in this && this.#warnOnFullScan;
	}

	set warnOnFullScan (v) {
		this.#warnOnFullScan = Boolean(v);
	}

	#bulk (fn) {
		const prev = this.#batching;
		this.#batching = true;
		try {
			return fn();
		} finally {
			this.#batching = prev;
		}
	}

	/**
	 * `batch(records, 'set')` in one engine call, all or nothing: every record is checked
	 * and encoded (and `beforeSet` called, when overridden) before the store changes.
	 */
	setMany (records) {
		if (!Array.isArray(records)) throw argError('setMany', 'an array of records', records);

		return this.#bulk(() => {
			const items = this.beforeBatch(records, 'set');
			if (!Array.isArray(items)) throw argError('setMany', 'an array of records from beforeBatch', items);
			const hooked = this.beforeSet !== Haro.prototype.beforeSet;
			this.#sync();
			const result = this.#commitAll(this.#stageAll(items, 'setMany', hooked ? (key, x) => this.beforeSet(key, x, true, true) : null));
			const n = result.length;
			if (this.onset !== Haro.prototype.onset) for (let i = 0; i < n; i++) this.onset(result[i], true);

			return this.onbatch(result, 'set');
		});
	}

	/**
	 * `batch(keys, 'del')` in one engine call, all or nothing: a missing key (or one named
	 * twice) throws `Record not found` and deletes nothing. Histories go with the records.
	 */
	deleteMany (keys) {
		if (!Array.isArray(keys)) throw argError('deleteMany', 'an array of keys', keys);

		return this.#bulk(() => {
			const items = this.beforeBatch(keys, 'del');
			if (!Array.isArray(items)) throw argError('deleteMany', 'an array of keys from beforeBatch', items);
			const hooked = this.beforeDelete !== Haro.prototype.beforeDelete || this.ondelete !== Haro.prototype.ondelete;
			if (!items.every(isKey)) throw new Error('Record not found');
			if (this.#time.clock !== null) this.#beforeWrite(); // an expired key is not found
			if (hooked) {
				// The hooks run before and after the one engine call: check everything first.
				if (new Set(items).size !== items.length || !items.every(k => this.#has(k))) throw new Error('Record not found');
				for (const k of items) this.beforeDelete(k, true);
			}
			this.#sync();
			// Plain keys (no NUL-led string, no NaN/Infinity) need no tags: one stringify.
			const plain = items.every(k => typeof k === 'number' ? k - k === 0 : k.length === 0 || k.charCodeAt(0) !== 0);
			const text = plain ? JSON.stringify(items) : `[${items.map(encodeKey).join(',')}]`;
			if (!native.bulkDelete(this.#h, text, this.#versioning)) throw new Error('Record not found');
			this.#writes++;
			if (native.size(this.#h) === 0) {
				this.#cache.clear(true);
				this.#frozen = null;
				this.#keySet?.clear();
			} else {
				for (const k of items) this.#cache.drop(k);
				if (this.#frozen !== null) for (const k of items) this.#frozen.delete(k);
				if (this.#keySet !== null) for (const k of items) this.#keySet.delete(k);
			}
			if (hooked) for (const k of items) this.ondelete(k, true);

			return this.onbatch(new Array(items.length).fill(undefined), 'del');
		});
	}

	/** The query cache's counters, or null without `cache: true`. */
	getCacheStats () {
		const c = this.#queries();

		return c === null ? null : {...c.stats};
	}

	/** Empties the query cache; returns the store. */
	clearCache () {
		this.#queries()?.clear();

		return this;
	}

	/** How many query results are cached (0 without `cache: true`). */
	getCacheSize () {
		return this.#queries()?.map.size ?? 0;
	}

	/** The query cache, emptied first if anything changed since it was filled. */
	#queries () {
		const c = this.#qcache;
		if (c !== null) this.#sync(); // an `index` list changed in place shows here
		if (c !== null && (c.writes !== this.#writes || c.gen !== this.#qgen)) {
			c.clear();
			c.writes = this.#writes;
			c.gen = this.#qgen;
		}

		return c;
	}

	/** `run` (haro's find, where or search) through the query cache and the full-scan check. */
	#query (name, run, args) {
		// Expired records go first: a cached result must not outlive them (`#tick` counts a write).
		if (this.#next !== Infinity) this.#fresh();
		if (this.#warnOnFullScan && name !== 'search') this.#checkScan(name, args[0] ?? {});
		if (this.#qcache === null) return run.apply(this, args);
		this.#sync();
		const c = this.#queries();
		const key = queryKey(name, this.key, ...args);
		if (key === null) return run.apply(this, args);
		const hit = c.get(key);
		if (hit !== undefined) return handOut(hit);
		const result = run.apply(this, args);
		if (Array.isArray(result) && c.writes === this.#writes && c.gen === this.#qgen) c.set(key, handOut(result));

		return result;
	}

	/** Warns when no index serves a `find` or `where`: haro then scans, or finds nothing. */
	#checkScan (name, query) {
		if (query === null || typeof query !== 'object') return;
		const fields = Object.keys(query);
		if (fields.length === 0) return;
		this.#sync();
		let missing;
		if (name === 'find') {
			const index = fields.slice().sort(this.sortKeys).join(this.#delimiter);
			if (native.hasIndex(this.#h, index)) return;
			missing = [index];
		} else {
			const keys = this.#index.filter(i => i in query);
			if (keys.some(k => native.hasIndex(this.#h, String(k)))) return;
			missing = keys.length > 0 ? keys.map(String) : fields;
		}
		process.emitWarning(`haro-rs: ${name}() on store ${this.id} scans every record: no index serves ${missing.map(f => `'${f}'`).join(', ')}; add it to \`index\``, {type: 'HaroFullScanWarning', code: 'HARO_FULL_SCAN'});
	}

	// ---- snapshots (haro-rs only; lib/snapshot.js, src/core/snapshot.rs) -------------------

	/** Writes the store to `path` atomically. */
	save (path) {
		snapshot.save(this.#h, path, this, this.#time);

		return this;
	}

	/** The same off the main thread; captures the store as it is at the call. */
	async saveAsync (path) {
		await snapshot.saveAsync(this.#h, path, this, this.#time);

		return this;
	}

	/** An instance of this class holding the snapshot at `path`. */
	static load (path, config) {
		return snapshot.load(this, path, config, (s, p, expect) => s.#loaded(native.snapshotLoad(s.#h, p, expect)));
	}

	static loadAsync (path, config) {
		return snapshot.loadAsync(this, path, config, async (s, p, expect) => s.#loaded(await native.snapshotLoadAsync(s.#h, p, expect)));
	}

	/** After the engine replaced this (new, empty) store's contents. */
	#loaded () {
		this.#cache.clear(false); // the store no longer fits an empty cache's promise
		this.#keySet = null;
		this.#writes++;
		this.#qgen++;
		// Due times came with the records: what fell due while the file lay on disk goes now
		// (with onexpire, as on any read), and #next learns the earliest of the rest.
		if (this.#time.clock !== null) this.#tick(this.#time.clock());
	}

	static {
		// find/where/search go through the query cache; writes to the indexes that are not
		// record writes invalidate it; batch is a batching state. Wrapped here so that
		// haro's own bodies above stay as they are.
		const wrap = (name, make) => {
			const run = Haro.prototype[name];
			const fn = make(run);
			Object.defineProperty(fn, 'name', {value: name});
			Object.defineProperty(fn, 'length', {value: run.length});
			Object.defineProperty(Haro.prototype, name, {value: fn, writable: true, configurable: true, enumerable: false});
		};
		for (const name of ['find', 'where', 'search']) {
			wrap(name, run => function (...args) {
				return this.#query(name, run, args);
			});
		}
		for (const name of ['reindex', 'setIndex', 'deleteIndex', 'override']) {
			wrap(name, run => function (...args) {
				try {
					return run.apply(this, args);
				} finally {
					this.#qgen++;
				}
			});
		}
		wrap('batch', run => function (...args) {
			return this.#bulk(() => run.apply(this, args));
		});
	}

	// ---- haro-rs additions (names haro does not use) ------------------------------------

	/** What the store holds and how its caches fare: see HaroStats in index.d.ts. */
	stats () {
		const [reported, [records, recordBytes, indexBytes, versionBytes, versionedKeys, versions, list]] = decode(native.stats(this.#h));
		const indexes = {};
		for (const [name, keys, entries, bytes] of list) {
			Object.defineProperty(indexes, name, {value: {keys, entries, bytes}, enumerable: true, writable: true, configurable: true});
		}
		const c = this.#cache;
		const q = this.#queries();

		return {
			records,
			bytes: {records: recordBytes, indexes: indexBytes, versions: versionBytes, total: recordBytes + indexBytes + versionBytes},
			reportedToV8: reported,
			indexes,
			versions: {keys: versionedKeys, count: versions},
			recordCache: {size: c.byKey.size, capacity: c.capacity, hits: c.hits, misses: c.misses},
			queryCache: q === null ? null : {...q.stats, size: q.map.size}
		};
	}
}

function haro (data = null, config = {}) {
	const obj = new Haro(config);

	if (Array.isArray(data)) {
		obj.batch(data, 'set');
	}

	return obj;
}

module.exports = {Haro, haro};

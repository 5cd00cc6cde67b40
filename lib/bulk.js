'use strict';
// Bulk writes (`batch`, `setMany`, `deleteMany`, `override`): every record is checked and
// staged in the engine before the store changes, then one engine call applies them all or
// none, and the record layer (lib/records.js) and expiry (lib/expiry.js) are told once.

const {HARO, isKey, what, argError, checkKey, checkKeyField, checkRecord, place} = require('./errors.js');
const own = require('./hooks.js');

const objectProto = Object.prototype;

/**
 * The key of a record the factory's load may send as it is (no copy): a plain object whose
 * key field is an own enumerable data property holding a key. Else undefined: the copy
 * (`keyed`) fixes what differs, as `set` does (an accessor read once, a hidden key field
 * written out, another prototype dropped).
 */
function keyAsIs (item, field) {
	if (item === null || typeof item !== 'object' || Object.getPrototypeOf(item) !== objectProto) return undefined;
	const d = Object.getOwnPropertyDescriptor(item, field);

	return d !== undefined && d.enumerable === true && 'value' in d && isKey(d.value) ? d.value : undefined;
}

/**
 * Whether array `items` has holes, which haro's `Array#map` skips (a hole reads as
 * `undefined`, which no record or key is: `includes` is the quick look).
 */
function holey (items) {
	if (!items.includes(undefined)) return false;
	for (let i = 0; i < items.length; i++) if (!(i in items)) return true;

	return false;
}

/** Stages records `0…n` of a bulk write that was to be deferred (`Bulk#setsIn`): checked, not yet sent. */
function stageAll (engine, keys, recs, n, method) {
	for (let j = 0; j < n; j++) engine.stage(keys[j], recs[j], j, method);
}

class Bulk {
	batching = false; // `store.isBatching`

	/** `sync()` sends the store's `index` list to the engine when it changed. */
	constructor (store, engine, records, time, sync) {
		this.store = store;
		this.engine = engine;
		this.records = records;
		this.time = time;
		this.sync = sync;
	}

	/** `fn()` with `batching` true. */
	#bulk (fn) {
		const prev = this.batching;
		this.batching = true;
		try {
			// One instant for the whole call (README, expiry): a `batch` of deletes, or of sets
			// with hooks, runs a store write a record, each of which would read the clock again.
			return this.time.held(fn);
		} finally {
			this.batching = prev;
		}
	}

	/**
	 * `haro(records)`: `batch(records, 'set')`, whose result the factory drops. The store is
	 * the factory's new `Haro`, whose hooks are haro's own (`beforeBatch` and `onbatch` the
	 * identity, `set`'s hooks no-ops): nothing to call, so none is asked for.
	 */
	load (items) {
		return this.#bulk(() => {
			this.sync();
			if (!holey(items)) {
				this.#sets(items, 'batch', null, true);
			} else {
				this.checkSets(items);
				items.forEach(i => this.store.set(null, i, true, true)); // (the holes skipped, as haro's map skips them)
			}
		});
	}

	/** `store.batch(args, type)`. */
	batch (args, type) {
		const store = this.store;

		return this.#bulk(() => {
			const items = store.beforeBatch(args, type);
			if (items === null || typeof items?.map !== 'function') throw argError('batch', 'an array of records', items);
			let result;
			if (type === 'del') {
				if (Array.isArray(items) && own.delete(store)) this.checkDeletes(items);
				result = items.map(i => store.delete(i, true));
			} else if (Array.isArray(items) && own.sets(store) && !holey(items)) {
				this.sync();
				result = this.#sets(items, 'batch', null);
			} else {
				// Hooks run per record, as in haro; every record is checked before the first.
				if (Array.isArray(items) && own.set(store)) this.checkSets(items);
				result = items.map(i => store.set(null, i, true, true));
			}

			return store.onbatch(result, type);
		});
	}

	/**
	 * `store.setMany(records)`: `batch(records, 'set')` in one engine call, all or nothing:
	 * every record is checked and encoded (and `beforeSet` called, when overridden) before
	 * the store changes.
	 */
	setMany (records) {
		if (!Array.isArray(records)) throw argError('setMany', 'an array of records', records);
		const store = this.store;

		return this.#bulk(() => {
			const items = store.beforeBatch(records, 'set');
			if (!Array.isArray(items)) throw argError('setMany', 'an array of records from beforeBatch', items);
			this.sync();
			const result = this.#sets(items, 'setMany', own.beforeSet(store) ? null : (key, x) => store.beforeSet(key, x, true, true));
			if (!own.onset(store)) for (let i = 0; i < result.length; i++) store.onset(result[i], true);

			return store.onbatch(result, 'set');
		});
	}

	/**
	 * `store.deleteMany(keys)`: `batch(keys, 'del')` in one engine call, all or nothing: a
	 * missing key (or one named twice) throws `Record not found` and deletes nothing.
	 */
	deleteMany (keys) {
		if (!Array.isArray(keys)) throw argError('deleteMany', 'an array of keys', keys);
		const {store, engine, records, time} = this;

		return this.#bulk(() => {
			const items = store.beforeBatch(keys, 'del');
			if (!Array.isArray(items)) throw argError('deleteMany', 'an array of keys from beforeBatch', items);
			const hooked = !own.deletes(store);
			// (read by index, as the engine reads them: a hole is no key, and a sparse list of any
			// length has one before its length-th element, where `every` would skip them all)
			for (let i = 0; i < items.length; i++) if (!isKey(items[i])) throw new Error(HARO.notFound);
			if (time.clock !== null) time.beforeWrite(); // an expired key is not found
			if (hooked) {
				// The hooks run before and after the one engine call: check everything first.
				if (new Set(items).size !== items.length || !items.every(k => records.has(k))) throw new Error(HARO.notFound);
				for (const k of items) store.beforeDelete(k, true);
			}
			this.sync();
			const ids = engine.deleteMany(items, Boolean(store.versioning));
			if (ids === null) throw new Error(HARO.notFound);
			records.writes++;
			if (engine.size() === 0) {
				records.emptied(true);
			} else {
				for (let i = 0; i < items.length; i++) records.removed(items[i], ids[i]);
			}
			if (hooked) for (const k of items) store.ondelete(k, true);

			return store.onbatch(new Array(items.length).fill(undefined), 'del');
		});
	}

	/**
	 * What `set(null, data)` stores for record `at` of a bulk call, after its checks: the key
	 * field written last. `uuid`: a record without a key gets one (else an empty string).
	 */
	keyed (data, at, method, uuid) {
		checkRecord(data, method, at);
		const store = this.store;
		const field = store.key; // (read once: checked, then used)
		checkKeyField(field, method);
		const key = data[field] ?? (uuid ? store.uuid() : '');
		checkKey(key, method, at);

		return {...data, [field]: key};
	}

	/** Throws what `set` would throw for any of the records, before the first is set. */
	checkSets (items) {
		for (let i = 0; i < items.length; i++) {
			if (!(i in items)) continue; // (a hole: `map` skips it)
			// no uuid() here: a subclass's may count, and `set` makes the key again
			this.engine.check(this.keyed(items[i], i, 'batch', false), i, 'batch');
		}
	}

	/** Throws haro's error before any delete when a key is missing (or repeated). */
	checkDeletes (keys) {
		// (what is due goes first, as each delete's own check would find it gone: a key due
		// passed here, then threw after the keys before it were deleted)
		if (this.time.clock !== null) this.time.beforeWrite();
		const seen = new Set();
		for (let i = 0; i < keys.length; i++) {
			if (!(i in keys)) continue; // (a hole: `map` skips it)
			const k = keys[i];
			if (seen.has(k) || !this.records.has(k)) throw new Error(HARO.notFound);
			seen.add(k);
		}
	}

	/**
	 * `set(null, record, true, true)` for each record, all or none: checks and stages every
	 * record (nothing is applied before the commit, so a refused record changes nothing),
	 * then commits. `each(key, record)` runs on each record before it is encoded (a
	 * subclass's `beforeSet`). Returns what `set` returns for each record; `quiet`: the
	 * caller drops that, and past the cache nothing is made for it (null).
	 */
	#sets (items, method, each, quiet = false) {
		// Its own staging area: a bulk write from one of its hooks (or a getter) is another.
		const outer = this.engine.begin();
		try {
			this.engine.watch(items); // (the caller's records: their pages once it drops them)

			return this.#setsIn(items, method, each, quiet);
		} finally {
			this.engine.end(outer);
		}
	}

	#setsIn (items, method, each, quiet) {
		const {engine, time, records} = this;
		const n = items.length;
		const keys = new Array(n);
		const recs = new Array(n);
		const field = this.store.key;
		// No copies where none would be seen: a load whose result nobody reads, into a store
		// whose cache it overflows (so the cache keeps none of its records), sends a plain
		// record whose key is an own data property as it is: its text is the copy's text.
		const bare = quiet && each === null && n > records.cache.capacity && records.cache.byKey.size === 0;
		// New records of a store whose writes may wait (lib/engine.js, deferred writes) are
		// only checked here and queued, as `set` queues one, while every key is new to the
		// store and to this call (a repeat replaces: staged after all).
		let defer = each === null && records.deferrable(n);
		const seen = defer ? new Map() : null; // key → place (`Engine#deferred`)
		const writes = records.writes;
		try {
			for (let i = 0; i < n; i++) {
				const item = items[i];
				let key = bare ? keyAsIs(item, field) : undefined;
				let x = item;
				if (defer) {
					x = this.keyed(item, i, method, true);
					key = x[field];
					if (records.cache.byKey.has(key) || seen.size === seen.set(key, i).size) {
						stageAll(engine, keys, recs, i, method);
						defer = false;
						engine.stage(key, x, i, method);
					} else {
						engine.check(x, i, method);
					}
				} else if (key !== undefined) {
					try {
						engine.stage(key, x, i, method);
					} catch {
						key = undefined; // refused: the copy's error is batch's (its paths start at the copy)
					}
				}
				if (key === undefined) {
					x = this.keyed(item, i, method, true);
					key = x[field];
					if (each !== null) each(key, x);
					engine.stage(key, x, i, method);
				}
				keys[i] = key;
				recs[i] = x;
			}
			// (a getter a check ran wrote the store, maybe under these keys: they go staged, after it)
			if (defer && records.writes !== writes) {
				stageAll(engine, keys, recs, n, method);
				defer = false;
			}
			if (!defer) engine.staged(false);
		} catch (e) {
			if (!defer) engine.unstage();
			throw e;
		}
		if (defer) {
			records.writes++;
			const result = quiet ? null : new Array(n);
			for (let i = 0; i < n; i++) {
				const pair = records.deferred(keys[i], recs[i]);
				if (!quiet) result[i] = pair;
			}
			engine.deferred(n, seen);

			return result;
		}
		// Due records go before the batch lands (a key of one is written afresh).
		const now = time.clock === null ? 0 : time.beforeWrite();
		const ids = engine.commit(false);
		records.writes++;
		time.stampMany(ids, recs, now);
		if (bare) {
			records.overflowed(keys);

			return null;
		}
		const result = new Array(n);
		for (let i = 0; i < n; i++) result[i] = records.written(ids[i], keys[i], recs[i]);

		return result;
	}

	/** haro's `new Map(data)` for `override(data, 'records')`, all or nothing, staged like `setMany`. */
	override (data) {
		const outer = this.engine.begin(); // (as `#sets`)
		try {
			this.engine.watch(data);
			this.#override(data);
		} finally {
			this.engine.end(outer);
		}
	}

	#override (data) {
		const {engine, records, time} = this;
		if (time.clock === null) {
			const dumped = records.dumpedBy(data);
			if (dumped !== null && this.#dumped(dumped)) return;
		}
		if (typeof data[Symbol.iterator] !== 'function') throw argError('override', 'an array of [key, record] pairs', data);
		let frozen = null; // keys whose record (the last given, as haro's Map keeps) is frozen
		const immutable = records.immutable;
		// The records given become the cache while they fit (`records.unwritten`).
		const cache = records.cache;
		let given = cache.capacity <= 0 ? null : [];
		// With expiry, each record's due time is read from it once it is stored.
		const dueRecs = time.stamps ? [] : null;
		// No expiry: the records are checked now and sent later (lib/engine.js,
		// deferred writes), while they fit the cache; past that, everything is staged.
		let defer = given !== null && time.clock === null && dueRecs === null;
		// What must fit the cache is the records, one a key: where the entries reach its
		// capacity, the keys given so far are counted once (haro's `new Map(data)` keeps the
		// last record of a repeated key), and from then on as they come.
		let keys = null;
		const fits = key => given.length < cache.capacity || (keys ??= new Set(given.map(e => e.key))).has(key) || keys.size < cache.capacity;
		let i = 0;
		let now = 0;
		try {
			for (const entry of data) {
				const at = i++; // records[at], formatted only for an error
				if (entry === null || typeof entry !== 'object') throw new TypeError(`haro-rs: override(): ${place(at)}: an entry must be a [key, record] pair, not ${what(entry)}`);
				const key = entry[0];
				const record = entry[1];
				checkKey(key, 'override', at);
				checkRecord(record, 'override', at);
				const fit = given !== null && fits(key); // (deferring needs `given`: defer implies it)
				if (defer && !fit) {
					defer = false;
					for (let j = 0; j < given.length; j++) engine.stage(given[j].key, given[j].rec, j, 'override');
				}
				if (defer) engine.check(record, at, 'override');
				else engine.stage(key, record, at, 'override');
				if (!immutable) {
					if (Object.isFrozen(record)) (frozen ??= new Set()).add(key);
					else if (frozen !== null) frozen.delete(key);
				}
				if (given !== null) {
					if (fit) {
						given.push(records.unwritten(key, record));
						keys?.add(key);
					} else {
						given = null;
					}
				}
				if (dueRecs !== null) dueRecs.push(record);
			}
			// Due records go first (a clock that throws leaves nothing staged in the engine).
			if (!defer && time.clock !== null) now = time.beforeWrite();
			if (!defer) engine.staged(true);
		} catch (e) {
			if (!defer) engine.unstage();
			throw e;
		}
		if (defer) {
			records.writes++;
			time.next = Infinity;
			records.replaced(null, given, frozen);

			return;
		}
		const ids = engine.commit(true);
		records.writes++;
		time.next = Infinity;
		// One id per item, a repeated key's last record last: its due time wins, as its record does.
		if (dueRecs !== null) time.stampMany(ids, dueRecs, now);
		// haro keeps the very objects given: those given frozen are handed out frozen.
		records.replaced(ids, given, frozen);
	}

	/**
	 * `#override` of a dump a store gave, unchanged since (`dumpedBy`): its records are not
	 * checked again (the store checked each when it took it) and become the cache as
	 * `#override` makes it. Frozen (as an immutable store hands them out), no record can have
	 * changed since: they come from that store's engine as they rest there, when this store
	 * needs its engine (`deferCopy`), or at once past the cache (`copyFrom`). Else they are
	 * encoded from the objects given when they land, so that a change made in place since goes
	 * with them (one into what a store cannot keep written as JSON writes it: README,
	 * difference 4). False, nothing changed, where neither can be (the caller goes the long way).
	 */
	#dumped ({from, writes, all}) {
		const {engine, records} = this;
		const {keys, recs} = all;
		const n = keys.length;
		const immutable = records.immutable;
		const given = n <= records.cache.capacity ? new Array(n) : null;
		let frozen = null;
		let copy = true; // (every record frozen)
		for (let i = 0; i < n; i++) {
			const key = keys[i];
			const rec = recs[i];
			const isFrozen = Object.isFrozen(rec);
			if (!isFrozen) copy = false;
			else if (!immutable) (frozen ??= new Set()).add(key);
			if (given !== null) given[i] = records.unwritten(key, rec);
		}
		if (!copy && given === null) return false; // (past the cache, what is not copied is staged)
		// The source's queue lands first, before this store changes: the copy is of its engine.
		// (A getter or a proxy's trap above may have written the source: then it goes the long way.)
		const gen = copy ? from.engine.generation() : -1;
		if (from.writes !== writes) return false;
		const ids = given === null ? engine.copyFrom(from.engine, n, gen) : null;
		if (given === null && ids === null) return false;
		records.writes++;
		this.time.next = Infinity;
		records.replaced(ids, given, frozen, copy && given !== null ? {engine: from.engine, gen} : null, {from, writes});

		return true;
	}
}

module.exports = {Bulk};

'use strict';
// Materialized records, so that a read does not rebuild an object the engine already
// handed out. One entry per record, found by key (get, has) or by engine id (query
// results: ids are dense slots, so an array finds them fastest). Bounded by `capacity`.
//
// While the store fits (`complete`), every record written is kept too, so the cache holds
// every record and a store that fits reads as fast as haro's; `has` and `get` misses are
// answered without a crossing. When a write would pass `capacity`, the cache is emptied and
// the store lives off the V8 heap from then on: reads fill the cache (the oldest eighth is
// evicted when full), writes only refresh what is in it.

class Entry {
	constructor (id, key, rec) {
		this.id = id;
		this.key = key;
		this.rec = rec;
		this.pair = null; // the frozen [key, record] pair, made once (immutable mode)
	}
}

class RecordCache {
	constructor (capacity) {
		this.capacity = capacity;
		this.byKey = new Map();
		this.byId = [];
		this.complete = capacity > 0; // holds every record of the store
		// Reads of a record the cache answered, and reads it could not answer (store.stats()).
		this.hits = 0;
		this.misses = 0;
	}

	put (entry) {
		if (this.capacity <= 0) return entry;
		const old = this.byKey.get(entry.key);
		if (old !== undefined && old.id !== entry.id) this.byId[old.id] = undefined;
		this.byKey.set(entry.key, entry);
		this.byId[entry.id] = entry;
		if (this.byKey.size > this.capacity) this.#evict();

		return entry;
	}

	// Drops the oldest eighth in one pass. Evicting one entry per insert would restart a
	// Map iterator each time, and V8 walks every deleted slot again on each restart.
	#evict () {
		let n = this.byKey.size - Math.floor(this.capacity * 7 / 8);
		for (const e of this.byKey.values()) {
			if (n-- <= 0) break;
			this.byKey.delete(e.key);
			this.byId[e.id] = undefined;
		}
	}

	drop (key) {
		const e = this.byKey.get(key);
		if (e !== undefined) {
			this.byKey.delete(key);
			this.byId[e.id] = undefined;
		}
	}

	/** Empties the cache; `complete` says whether the store is empty too. */
	clear (complete = false) {
		this.byKey.clear();
		this.byId = [];
		this.complete = complete && this.capacity > 0;
	}
}

module.exports = {Entry, RecordCache};

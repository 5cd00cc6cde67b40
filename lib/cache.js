'use strict';
// Materialized records, so that a read does not rebuild an object the engine already
// handed out. One entry per record, found by key (get, has) or by engine id (query
// results: ids are dense slots, so an array finds them fastest). Bounded: past
// `capacity` the oldest entry goes. Reads fill it; writes only refresh what is in it,
// so loading data leaves the heap as it was. A bigger cache makes reads as cheap as
// haro's but brings records back onto the V8 heap.

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

	clear () {
		this.byKey.clear();
		this.byId = [];
	}
}

module.exports = {Entry, RecordCache};

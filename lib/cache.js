'use strict';
// Materialized records, so that a read does not rebuild an object the engine already
// handed out. One entry per record, found by key (get, has) or by engine id (query
// results). Bounded: past `capacity` the oldest entry goes. A bigger cache makes reads
// as cheap as haro's but brings records back onto the V8 heap.

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
		this.byId = new Map();
	}

	put (entry) {
		if (this.capacity <= 0) return entry;
		const old = this.byKey.get(entry.key);
		if (old !== undefined && old.id !== entry.id) this.byId.delete(old.id);
		this.byKey.set(entry.key, entry);
		this.byId.set(entry.id, entry);
		if (this.byKey.size > this.capacity) {
			const oldest = this.byKey.values().next().value;
			this.byKey.delete(oldest.key);
			this.byId.delete(oldest.id);
		}

		return entry;
	}

	drop (key) {
		const e = this.byKey.get(key);
		if (e !== undefined) {
			this.byKey.delete(key);
			this.byId.delete(e.id);
		}
	}

	clear () {
		this.byKey.clear();
		this.byId.clear();
	}
}

module.exports = {Entry, RecordCache};

'use strict';
// Options for record expiry (`ttl`, `expireAt`) and version retention (`versionLimit`,
// `versionTtl`), and the due time of a record. The engine keeps due times in order and
// takes out what is due when the facade passes it the time; the facade remembers the
// earliest due time, so a read checks the clock only while some record can expire.

function positive (v, name) {
	if (v === undefined || v === null) return null;
	if (typeof v !== 'number' || !(v > 0) || v === Infinity) throw new TypeError(`haro-rs: ${name} must be a positive number of milliseconds`);

	return v;
}

/** Validated options; `clock` is null when none of them needs the time. */
function timeOptions ({ttl, expireAt, now, versionLimit, versionTtl}) {
	const o = {
		ttl: positive(ttl, 'ttl'),
		expireAt: null,
		versionLimit: null,
		versionTtl: positive(versionTtl, 'versionTtl'),
		clock: null
	};
	if (expireAt !== undefined && expireAt !== null) {
		if (typeof expireAt !== 'string' || expireAt === '') throw new TypeError('haro-rs: expireAt must be the name of a field');
		o.expireAt = expireAt;
	}
	if (versionLimit !== undefined && versionLimit !== null) {
		if (!Number.isInteger(versionLimit) || versionLimit < 0) throw new TypeError('haro-rs: versionLimit must be a non-negative integer');
		o.versionLimit = versionLimit;
	}
	if (now !== undefined && typeof now !== 'function') throw new TypeError('haro-rs: now must be a function returning epoch milliseconds');
	if (o.ttl !== null || o.expireAt !== null || o.versionTtl !== null) o.clock = now === undefined ? Date.now : checked(now);

	return o;
}

/** `now`, refusing what is not a number before anything reaches the engine. */
function checked (now) {
	return () => {
		const t = now();
		if (typeof t !== 'number') throw new TypeError(`haro-rs: now() must return epoch milliseconds (a number), not ${typeof t}`);

		return t;
	};
}

/** When a record written at `now` expires (NaN: never). */
function dueTime (o, rec, now) {
	let at = o.ttl === null ? NaN : now + o.ttl;
	if (o.expireAt !== null) {
		const v = rec[o.expireAt];
		const t = v instanceof Date ? v.getTime() : v;
		if (typeof t === 'number' && Number.isFinite(t) && !(t >= at)) at = t;
	}

	return at;
}

/**
 * A store's expiry state: the options, and `next`, the earliest due time (Infinity while
 * nothing can expire, so a read pays one comparison: `if (time.next !== Infinity) time.fresh()`).
 * `records` (lib/records.js) is told of every record taken out; `store.onexpire` hears of them.
 */
class Expiry {
	next = Infinity;
	engine = null; // set once the store has made its Engine and Records
	records = null;

	constructor (options, store) {
		const o = timeOptions(options);
		this.ttl = o.ttl;
		this.expireAt = o.expireAt;
		this.versionLimit = o.versionLimit;
		this.versionTtl = o.versionTtl;
		this.clock = o.clock; // null unless an option needs the time
		this.store = store;
	}

	/** Whether written records get a due time. */
	get stamps () {
		return this.ttl !== null || this.expireAt !== null;
	}

	/** Takes out the records due by now (reads call it while `next` is finite). */
	fresh () {
		const now = this.clock();
		if (this.next <= now) this.tick(now);
	}

	/** Before a write, with a clock: due records go, and the engine learns the time. */
	beforeWrite () {
		const now = this.clock();
		this.tick(now);

		return now;
	}

	/**
	 * `fn()` with the clock held at one reading, so a bulk write happens at one instant: a
	 * record falling due between the check of a batch's keys and its last delete would
	 * otherwise throw `Record not found` after the deletes before it.
	 */
	held (fn) {
		const clock = this.clock;
		if (clock === null) return fn();
		const now = clock();
		this.clock = () => now;
		try {
			return fn();
		} finally {
			this.clock = clock;
		}
	}

	/** The engine takes out what is due at `now`; returns the keys of expired records. */
	tick (now) {
		const r = this.engine.tick(now);
		if (typeof r === 'number') {
			this.next = r;

			return [];
		}
		this.next = r[0];
		const ids = r[1];
		const keys = r.slice(2);
		for (let i = 0; i < keys.length; i++) this.records.removed(keys[i], ids[i]);
		this.records.writes++;
		this.store.onexpire(keys);

		return keys;
	}

	/** Due times for records `ids` (`recs`) just written (expiry options only). */
	stampMany (ids, recs, now) {
		if (this.stamps) this.next = this.engine.expireIds(ids, Float64Array.from(ids, (_, i) => dueTime(this, recs[i], now)));
	}

	/** Due time for a record just written (expiry options only). */
	stamp (id, rec, now) {
		if (this.stamps) this.next = this.engine.expireId(id, dueTime(this, rec, now));
	}
}

module.exports = {Expiry, dueTime, timeOptions};

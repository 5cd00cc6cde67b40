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
	if (o.ttl !== null || o.expireAt !== null || o.versionTtl !== null) o.clock = now ?? Date.now;

	return o;
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

module.exports = {dueTime, timeOptions};

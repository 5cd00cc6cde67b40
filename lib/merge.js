'use strict';
// haro's `merge(a, b)` as the engine makes it (crates/haro-core/src/value/merge.rs), for a
// record that waits in the engine's queue (lib/engine.js `requeue`): a `set` of its key
// merges it here and it goes on waiting, where the engine would first land the whole queue
// to merge it there. What this makes that JSON cannot hold (a property on a Date, holes in an
// array) the caller's check finds (`codec.fits`); where JS itself would do otherwise than
// the engine (an array's `length` or named property, `__proto__`) this answers FAIL. Either
// way the write goes to the engine, which decides as before (README, differences 7 and 8).

const FAIL = Symbol('haro-rs: the engine merges');

// A canonical array index ("0", "17"; not "01"), as the engine's `array_index` reads one.
const INDEX = /^(?:0|[1-9]\d{0,8})$/;

/**
 * `merge(a, b)` with `a` the store's own copy of the queued record (changed in place) and
 * `b` a checked record: arrays concatenate, objects merge key by key (`typeof` decides, so a
 * Date merges as an object with no keys of its own), anything else is replaced. Or FAIL.
 * (Both passed the check: no nest is deeper than a record may be, so neither is the recursion.)
 */
function merge (a, b) {
	if (Array.isArray(a) && Array.isArray(b)) return a.concat(b);
	if (typeof a !== 'object' || a === null || typeof b !== 'object' || b === null) return b;
	const keys = Object.keys(b);
	const array = Array.isArray(a);
	for (let i = 0; i < keys.length; i++) {
		const k = keys[i];
		if (array ? !INDEX.test(k) : k === '__proto__') return FAIL;
		const own = Object.hasOwn(a, k);
		const v = merge(own ? a[k] : undefined, b[k]);
		if (v === FAIL) return FAIL;
		// (defined, as the engine adds it, where a write would meet a setter Object.prototype was given)
		if (own) a[k] = v;
		else Object.defineProperty(a, k, {value: v, writable: true, enumerable: true, configurable: true});
	}

	return a;
}

module.exports = {merge, FAIL};

'use strict';
// A candidate record format for bench/codec.mjs, not used by the store: one walk that checks a
// record as lib/codec.js's `scan` does and writes it as bytes (WTF-8 strings written a UTF-16
// unit at a time, numbers as int32 or f64, containers with their counts), so that no separate
// check and no JSON.stringify are needed. The binding would turn the bytes into the engine's
// text. It is here to show what such an encoder costs in JS (the codec table of the README,
// and why records still cross as JSON text):
//
// | tag | value                                                           |
// | --- | --------------------------------------------------------------- |
// | 0 1 2 | null, false, true                                             |
// | 3   | int32 (not -0), 4 bytes                                         |
// | 4   | any other number, f64                                           |
// | 5   | string: u32 byte length, WTF-8                                  |
// | 6   | object: u32 count, then per property a string and a value       |
// | 7   | array: u32 count, the values                                    |
// | 8   | undefined                                                       |
// | 9   | Date: f64 time                                                  |

const {MAX_DEPTH} = require('../lib/codec.js');

const MAX_SPARSE = 2 ** 16;
const objectProto = Object.prototype;
const arrayProto = Array.prototype;
const dateProto = Date.prototype;

// Module state, not an object's fields: these are the hot loop's loads and stores.
let B = new Uint8Array(1 << 16);
let V = new DataView(B.buffer);
let P = 0;

function grow (need) {
	let size = B.length * 2;
	while (size < need) size *= 2;
	const bytes = new Uint8Array(size);
	bytes.set(B.subarray(0, P));
	B = bytes;
	V = new DataView(bytes.buffer);
}

function u32 (b, at, n) {
	b[at] = n;
	b[at + 1] = n >>> 8;
	b[at + 2] = n >>> 16;
	b[at + 3] = n >>> 24;
}

// A tag, a u32 byte length and the string as WTF-8 (room made for 3 bytes a UTF-16 unit).
function str (s) {
	const n = s.length;
	if (P + 5 + 3 * n > B.length) grow(P + 5 + 3 * n);
	const b = B;
	const at = P;
	b[at] = 5;
	let p = at + 5;
	for (let i = 0; i < n; i++) {
		const c = s.charCodeAt(i);
		if (c < 0x80) {
			b[p++] = c;
		} else if (c < 0x800) {
			b[p++] = 0xc0 | (c >> 6);
			b[p++] = 0x80 | (c & 0x3f);
		} else {
			const d = c >= 0xd800 && c < 0xdc00 && i + 1 < n ? s.charCodeAt(i + 1) : 0;
			if (d >= 0xdc00 && d < 0xe000) {
				const cp = 0x10000 + ((c - 0xd800) << 10) + (d - 0xdc00);
				b[p++] = 0xf0 | (cp >> 18);
				b[p++] = 0x80 | ((cp >> 12) & 0x3f);
				b[p++] = 0x80 | ((cp >> 6) & 0x3f);
				b[p++] = 0x80 | (cp & 0x3f);
				i++;
			} else {
				b[p++] = 0xe0 | (c >> 12);
				b[p++] = 0x80 | ((c >> 6) & 0x3f);
				b[p++] = 0x80 | (c & 0x3f);
			}
		}
	}
	u32(b, at + 1, p - at - 5);
	P = p;
}

function num (v) {
	if (P + 9 > B.length) grow(P + 9);
	if ((v | 0) === v && (v !== 0 || 1 / v > 0)) {
		B[P] = 3;
		u32(B, P + 1, v);
		P += 5;
	} else {
		B[P] = 4;
		V.setFloat64(P + 1, v, true);
		P += 9;
	}
}

function head (tag, n) {
	if (P + 5 > B.length) grow(P + 5);
	B[P] = tag;
	u32(B, P + 1, n);
	P += 5;
}

function byte (t) {
	if (P + 1 > B.length) grow(P + 1);
	B[P++] = t;
}

// false where `scan` would send the record to the slow path (the caller rewinds).
function value (v, depth) {
	switch (typeof v) {
		case 'string': str(v); return true;
		case 'number': num(v); return true;
		case 'boolean': byte(v ? 2 : 1); return true;
		case 'undefined': byte(8); return true;
		case 'object':
			if (v === null) {
				byte(0);

				return true;
			}

			return object(v, depth);
		default: return false;
	}
}

function object (v, depth) {
	if (depth >= MAX_DEPTH) return false;
	const proto = Object.getPrototypeOf(v);
	if (proto === arrayProto) {
		const n = v.length;
		if (n > MAX_SPARSE) return false;
		head(7, n);
		for (let i = 0; i < n; i++) {
			const x = v[i];
			if (typeof x === 'string') str(x);
			else if (typeof x === 'number') num(x);
			else if (!value(x, depth + 1)) return false;
		}

		return Object.keys(v).length === n; // a hole or a named property
	}
	if (proto === objectProto || proto === null) {
		// for-in reads the enum cache without allocating a key list; the count is written
		// after the walk.
		const at = P;
		head(6, 0);
		let n = 0;
		for (const k in v) {
			str(k);
			const x = v[k];
			if (typeof x === 'string') str(x);
			else if (typeof x === 'number') num(x);
			else if (!value(x, depth + 1)) return false;
			n++;
		}
		u32(B, at + 1, n);

		return Object.getOwnPropertySymbols(v).length === 0;
	}
	if (proto !== dateProto) return false;
	if (P + 9 > B.length) grow(P + 9);
	B[P] = 9;
	V.setFloat64(P + 1, v.getTime(), true);
	P += 9;

	return true;
}

/** Packs `rec` after what `pack` wrote since the last `reset`: its byte length, or -1 (the slow path's). */
function pack (rec) {
	// An enumerable property every plain object inherits: the for-in below would write it.
	for (const k in objectProto) return -1; // eslint-disable-line no-unused-vars
	const start = P;
	if (value(rec, 0)) return P - start;
	P = start;

	return -1;
}

function reset () {
	P = 0;
}

module.exports = {pack, reset};

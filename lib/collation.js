'use strict';
// haro orders field names and index keys with `localeCompare`, whose first call in a process
// loads ICU's collation data: 8–18 ms here (Node 20, 22, 24), paid inside the first `set` of
// a store with a composite index, or the first `sortBy`. Where the default locale orders
// lowercase ASCII letters and digits by code point (the root order, English, C and POSIX),
// two such strings are compared without ICU: the same answer, nothing loaded.
//
// On POSIX systems ICU asks `setlocale(LC_MESSAGES)`, then the environment (LC_ALL,
// LC_MESSAGES, LANG; an empty value counts: the root locale). The fast path is taken only
// while every one of these, and LC_CTYPE and LC_COLLATE too, is unset, empty or names such a
// locale, as the main thread's environment says when the first comparison is made (a worker's
// `process.env` is its own copy, not what ICU read: never in a worker). Windows takes the
// locale from the system: never there. A locale that orders some of these letters apart
// (Lithuanian puts y before j, Danish aa after z) is never assumed. Not seen: a native
// `setlocale` call, or the environment changed after ICU read it (a `toLocaleString` before
// the first comparison) or between the first comparison and ICU's first use.

const {isMainThread} = require('node:worker_threads');

const WORD = /^[a-z0-9]*$/;
const PLAIN_LOCALE = /^(?:C|POSIX|en(?:_[A-Z]{2})?)(?:\.[\w-]+)?$/;
const VARS = ['LC_ALL', 'LC_MESSAGES', 'LC_CTYPE', 'LC_COLLATE', 'LANG'];

/** Whether the default locale orders `[a-z0-9]` strings by code point, judged from `env`. */
function plainLocale (env, platform, main = true) {
	if (platform === 'win32' || !main) return false;
	for (const name of VARS) {
		const v = env[name];
		if (v !== undefined && v !== '' && !PLAIN_LOCALE.test(v)) return false;
	}

	return true;
}

// null: not judged yet (at the first comparison); true: words by code point; false:
// `localeCompare` alone, from the first comparison that needed ICU (or a locale not trusted).
let fast = null;

/** `a.localeCompare(b)` for two strings. */
function localeOrder (a, b) {
	if (fast !== false) {
		fast ??= plainLocale(process.env, process.platform, isMainThread);
		if (fast && WORD.test(a) && WORD.test(b)) return a < b ? -1 : a > b ? 1 : 0;
		fast = false;
	}

	return a.localeCompare(b);
}

module.exports = {localeOrder, plainLocale};

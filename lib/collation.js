'use strict';
// haro orders field names and index keys with `localeCompare`, whose first call in a process
// loads ICU's collation data: 8–18 ms here (Node 20, 22, 24), paid inside the first `set` of
// a store with a composite index, the first `sortBy`… Where the default locale orders
// lowercase ASCII letters and digits by code point (the root order, English, C and POSIX),
// two such strings are compared without ICU: the same answer, nothing loaded.
//
// ICU takes the default locale from LC_ALL, LC_MESSAGES or LANG on POSIX systems (an empty
// value counts: the root locale); the fast path is taken only while every one of them that
// is set, and LC_CTYPE and LC_COLLATE too, names such a locale. Windows takes it from the
// system: never there. A locale that orders some of these letters apart (Lithuanian puts y
// before j, Danish aa after z) is never assumed.

const WORD = /^[a-z0-9]*$/;
const PLAIN_LOCALE = /^(?:C|POSIX|en(?:_[A-Z]{2})?)(?:\.[\w-]+)?$/;
const VARS = ['LC_ALL', 'LC_MESSAGES', 'LC_CTYPE', 'LC_COLLATE', 'LANG'];

/** Whether the default locale orders `[a-z0-9]` strings by code point, judged from `env`. */
function plainLocale (env, platform) {
	if (platform === 'win32') return false;
	for (const name of VARS) {
		const v = env[name];
		if (v !== undefined && v !== '' && !PLAIN_LOCALE.test(v)) return false;
	}

	return true;
}

let plain = null; // judged at the first comparison, as ICU judges at its first use
// Once ICU is loaded, `localeCompare` is all there is to save: the words' test (30–50 % of
// a sort's comparisons of 100k emails) is no longer made.
let loaded = false;

/** `a.localeCompare(b)` for two strings. */
function localeOrder (a, b) {
	if (!loaded) {
		plain ??= plainLocale(process.env, process.platform);
		if (plain && WORD.test(a) && WORD.test(b)) return a < b ? -1 : a > b ? 1 : 0;
		loaded = true;
	}

	return a.localeCompare(b);
}

module.exports = {localeOrder, plainLocale};

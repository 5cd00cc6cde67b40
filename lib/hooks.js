'use strict';
// Which hooks a store overrides.
// haro's hooks and overridable methods run in JS only when a subclass or the instance itself
// (`store.onset = fn`) replaces them; while they are haro's own, the engine does the work in
// one call. This is the one place the rule is written; every fast path cites `own.x(this)`.
// It is asked per call rather than cached per class because an instance may be given a hook
// at any time; each answer is one to three property loads that V8 inlines. What is compared
// is each function as the class defined it, taken once: a program that wraps one on
// `Haro.prototype` itself (a spy, instrumentation) has its wrapper called, as haro would.
let P = null; // haro-rs's own methods, as `Haro.prototype` held them when the class was made (`own.base`)
const NAMES = ['set', 'beforeSet', 'onset', 'delete', 'beforeDelete', 'ondelete', 'merge', 'sortKeys', 'reindex', 'forEach', 'filter', 'reduce', 'matchesPredicate', 'list', 'get', 'has', 'keys', 'values', 'entries', 'limit'];
const own = {
	base: p => {
		P = Object.freeze(Object.fromEntries(NAMES.map(n => [n, p[n]])));
		own.original = P;
	},
	/** The methods of `NAMES` as haro-rs defines them (`base`): what its views and own calls read the store through. */
	original: null,
	/** `batch` and `setMany` stage every record in one engine call. */
	sets: s => s.set === P.set && s.beforeSet === P.beforeSet && s.onset === P.onset,
	set: s => s.set === P.set, // batch checks every record before the first `set`
	beforeSet: s => s.beforeSet === P.beforeSet,
	onset: s => s.onset === P.onset,
	delete: s => s.delete === P.delete, // batch 'del' checks every key before the first delete
	/** `delete` and `deleteMany` are one engine call each, histories included. */
	deletes: s => s.beforeDelete === P.beforeDelete && s.ondelete === P.ondelete,
	merge: s => s.merge === P.merge, // else `set` merges in JS
	sortKeys: s => s.sortKeys === P.sortKeys, // else sortBy/range/find sort in JS
	reindex: s => s.reindex === P.reindex, // else `clear` calls it after emptying the store
	forEach: s => s.forEach === P.forEach, // reduce walks the records without a closure per record
	/** `where` scans in the engine (else through `filter`, `reduce`, `forEach` and `matchesPredicate`, as haro). */
	scan: s => s.filter === P.filter && s.reduce === P.reduce && s.forEach === P.forEach,
	matchesPredicate: s => s.matchesPredicate === P.matchesPredicate, // else `where` matches in JS
	list: s => s.list === P.list // else `map` hands a subclass's `list` whatever the callback answered
};

module.exports = own;

'use strict';
// Deep index fields, as the engine reads them (crates/haro-core/src/path.rs): the literal key wins
// when the record holds a value under it (haro 16 reads `data['user.email']`); otherwise
// a dotted field is followed through own properties of objects and canonical indexes of
// arrays. A missing step, or a primitive in the middle, reads as undefined: never a throw.

const INDEX = /^(?:0|[1-9]\d*)$/;

function readField (rec, field) {
	const v = rec[field];
	if (v !== undefined || typeof field !== 'string' || !field.includes('.')) return v;
	let cur = rec;
	for (const step of field.split('.')) {
		if (cur === null || typeof cur !== 'object') return undefined;
		if (Array.isArray(cur)) {
			if (!INDEX.test(step) || Number(step) >= 4294967295) return undefined;
		} else if (!Object.hasOwn(cur, step)) {
			return undefined;
		}
		cur = cur[step];
	}

	return cur;
}

module.exports = {readField};

// LokiJS 1.5.12 behind the few calls of the haro@16 API that the peer workloads use
// (workloads marked `peers: ["lokijs"]`), so the harness can run it side by side:
// binary indexes on the plain fields of `index`, `range` as `$between`, `sortBy` as
// `simplesort` (both read the binary index). Anything else throws.
import {createRequire} from "node:module";

const require = createRequire(import.meta.url);
const Loki = require("lokijs");

class LokiStore {
	#coll;
	#key;

	constructor ({index = [], key = "id"} = {}) {
		const db = new Loki("bench.db");
		this.#key = key;
		this.#coll = db.addCollection("records", {indices: index.filter(i => !i.includes("|")), unique: [key]});
	}

	batch (records) {
		// Loki adds `$loki` and `meta` to what it stores: give it copies.
		this.#coll.insert(records.map(r => ({...r})));

		return this;
	}

	get size () {
		return this.#coll.count();
	}

	get (key) {
		return this.#coll.by(this.#key, key) ?? null;
	}

	/** `{gte, lte}` as `$between` (inclusive at both ends); no bounds: a sorted page. */
	range (field, {gte, lte, ...rest} = {}, {raw, desc = false, limit} = {}) {
		if (!raw || Object.keys(rest).length > 0) throw new Error("lokijs adapter: range(field, {gte, lte}, {raw: true}) only");
		if (gte === undefined && lte === undefined) {
			const chain = this.#coll.chain().simplesort(field, {desc});

			return (limit === undefined ? chain : chain.limit(limit)).data();
		}
		if (gte === undefined || lte === undefined || limit !== undefined) throw new Error("lokijs adapter: both bounds, no limit");

		return this.#coll.find({[field]: {$between: [gte, lte]}});
	}

	sortBy (field, raw = false) {
		if (!raw) throw new Error("lokijs adapter: sortBy(field, true) only");

		return this.#coll.chain().simplesort(field).data();
	}
}

export function haro (records = null, config = {}) {
	const s = new LokiStore(config);
	if (Array.isArray(records)) s.batch(records);

	return s;
}

export {LokiStore as Haro};

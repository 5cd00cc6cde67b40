/**
 * haro-rs: a drop-in replacement for haro@16, the in-memory, indexed, versioned, optionally
 * immutable record store, with its data held off the V8 heap by a Rust engine.
 *
 * These typings cover every public member of haro@16's `Haro` class and its `haro()` factory,
 * generic over the record type `T` and the name `K` of its key field (default `'id'`): keys are
 * typed `T[K]` when `T` declares that field (see `KeyOf`), else `string | number`; without a record
 * type (`T` is `any`, the default) records and keys are `any`, as in haro@16's typings. Reads return
 * `[key, record]` pairs unless `raw` is true, in which case they return bare records, exactly as
 * haro does at run time. In immutable mode the returned pairs, records and arrays are frozen
 * (`Object.freeze`); the types do not mark them `readonly`, so code written against haro's
 * typings keeps compiling.
 */

/** A record key. As in a JS `Map`, `1` and `"1"` are different keys. */
export type Key = string | number;

/** Any record: the record type of `Entry`, `HaroConfig` and the queries when none is given. */
export type AnyRecord = Record<string, any>;

/** `true` if `A` is `any`. */
type IsAny<A> = 0 extends 1 & A ? true : false;

/**
 * The key type of a store of `T` records keyed by the field `K`: `T[K]` (its string and number
 * members) when `T` declares `K` with such a type, `any` when `T` is `any` (a store without a
 * record type, as haro@16 types it), else `string | number` (`T` without that field, with an
 * index signature, or a field of another type). A record without a key
 * gets a fresh UUID, so when the field may be missing (optional, `undefined` or `null`) keys
 * include `string`. `KeyOf<User>` is `User['id']`; `KeyOf<User, 'uid'>` is `User['uid']`.
 */
export type KeyOf<T, K extends string = 'id'> =
	IsAny<T> extends true ? any : [K] extends [keyof T] ? FieldKey<T, K & keyof T> : Key;

/**
 * `R`, or `any` for a store without a record type (`T` is `any`, the default), as haro@16 types
 * every read: untyped haro code keeps compiling (`store.get(k)[1].name` under `--strict`).
 */
type Untyped<T, R> = IsAny<T> extends true ? any : R;

/** `KeyOf` of a field `F` that `T` declares. */
type FieldKey<T, F extends keyof T> =
	IsAny<T[F]> extends true ? Key
		: [Extract<T[F], Key>] extends [never] ? Key
			: Extract<T[F], Key> | (MayLack<T, F> extends true ? string : never);

/** Whether a record may lack a value in field `F` (then `set` gives it a UUID key). */
type MayLack<T, F extends keyof T> =
	{} extends Pick<T, F> ? true : null extends T[F] ? true : undefined extends T[F] ? true : false;

/**
 * A `[key, record]` pair, the shape of every non-raw read, of a store of `T` records keyed by
 * the field `K` (default `'id'`).
 */
export type Entry<T extends AnyRecord = AnyRecord, K extends string = 'id'> = [KeyOf<T, K>, T];

/**
 * Configuration accepted by `new Haro(config)` and `haro(data, config)`. `T` lists the record's
 * fields and paths for `index`; `K` narrows `key` (a store typed `Haro<T, K>` with `K` other
 * than `'id'` must name that field).
 */
export interface HaroConfig<T extends AnyRecord = AnyRecord, K extends string = string> {
	/** Delimiter of composite index names such as `'name|dept'`. Default `'|'`. */
	delimiter?: string;
	/** Identifier of this store. Default: a fresh UUID. */
	id?: string;
	/** Return frozen pairs, records and arrays. Default `false`. */
	immutable?: boolean;
	/**
	 * Fields to index: plain field names, dot paths into nested objects (`'user.email'`, haro
	 * 17's deep indexing), or composite names joined by the delimiter. Default `[]`.
	 */
	index?: Array<FieldPath<T> | (string & {})>;
	/** Field that holds each record's key. Default `'id'`. */
	key?: K;
	/** Keep a frozen copy of every record's previous versions in `versions`. Default `false`. */
	versioning?: boolean;
	/**
	 * haro-rs only (haro ignores it): how many materialized records the JavaScript side keeps
	 * cached. Records live in the Rust engine; a read that misses the cache rebuilds the JS
	 * object. A bigger cache makes repeated reads as fast as haro's but holds that many records
	 * on the V8 heap again; `0` disables the cache.
	 */
	recordCacheSize?: number;
	/** haro 17's query cache: cache the results of `find`, `where` and `search`. Default `false`. */
	cache?: boolean;
	/** Entries of the query cache (least recently used go first); `0`: no bound. Default `1000`. */
	cacheSize?: number;
	/** Emit a `HaroFullScanWarning` when no index serves a `find` or `where`. Default `false`. */
	warnOnFullScan?: boolean;
	/** haro-rs only: a record expires this many ms after its last write (`set`, `batch`, `override`). */
	ttl?: number;
	/** haro-rs only: the name of a field holding the record's expiry time (epoch ms, or a `Date`); with `ttl`, the earlier wins. */
	expireAt?: string;
	/** haro-rs only: keep at most this many versions per record (with `versioning`). */
	versionLimit?: number;
	/** haro-rs only: drop versions superseded more than this many ms ago (checked on writes and `purgeExpired`). */
	versionTtl?: number;
	/** haro-rs only: the clock of `ttl`, `expireAt` and `versionTtl`, in epoch ms. Default `Date.now`. */
	now?: () => number;
}

/** haro-rs `range` bounds: one lower (`gt` or `gte`) and one upper (`lt` or `lte`), of one type. */
export interface RangeBounds {
	gt?: number | string;
	gte?: number | string;
	lt?: number | string;
	lte?: number | string;
}

/** haro-rs `range` options. */
export interface RangeOptions {
	/** At most this many records. Default (or `null`): all. */
	limit?: number | null;
	/** Skip this many records first. Default (or `null`): `0`. */
	offset?: number | null;
	/** Highest first (the exact reverse of ascending order). Default `false`. */
	desc?: boolean;
	/** Bare records instead of `[key, record]` pairs. Default `false`. */
	raw?: boolean;
}

/** Counters of the query cache (`getCacheStats()`). */
export interface CacheStats {
	hits: number;
	misses: number;
	sets: number;
	/** Entries dropped by writes and `clearCache()`. */
	deletes: number;
	evictions: number;
}

type PathDepth = [never, 0, 1, 2, 3, 4];

/**
 * A field of `T` or a dot path into its nested objects (`'user.profile.department'`), up to
 * five levels; an array's elements by position (`'tags.0'`, `'items.0.sku'`); under an object
 * with an index signature (`{[year: string]: …}`, `Record<number, …>`), any path
 * (`'data.2024.value'`), its value untyped.
 */
export type FieldPath<T, D extends number = 5> = [D] extends [never] ? never : {
	[K in Extract<keyof T, string>]: PathsFrom<K, NonNullable<T[K]>, D>;
}[Extract<keyof T, string>];

/** `K` and the paths below it into its value `V`. */
type PathsFrom<K extends string, V, D extends number> = V extends Date | ((...args: any[]) => unknown)
	? K
	: V extends readonly (infer E)[]
		? K | `${K}.${number}` | (NonNullable<E> extends Date | readonly unknown[] | ((...args: any[]) => unknown) ? never
			: NonNullable<E> extends object ? `${K}.${number}.${FieldPath<NonNullable<E>, PathDepth[D]>}` : never)
		: V extends object
			? string extends keyof V ? K | `${K}.${string}`
				: number extends keyof V ? K | `${K}.${string}`
					: K | `${K}.${FieldPath<V, PathDepth[D]>}`
			: K;

/** The type at a dot path of `T` (`unknown` where it cannot be followed, or below an index signature). */
export type PathValue<T, P extends string> = string extends keyof T
	? unknown
	: P extends keyof T
		? T[P]
		: T extends readonly (infer E)[]
			? P extends `${number}` ? E : P extends `${number}.${infer R}` ? PathValue<NonNullable<E>, R> : unknown
			: number extends keyof T
				? unknown
				: P extends `${infer H}.${infer R}`
					? H extends keyof T ? PathValue<NonNullable<T[H]>, R> : unknown
					: unknown;

/** haro-rs only: the `code` of an error from `save`, `load` and their async forms. */
export type SnapshotErrorCode =
	| 'ERR_HARO_SNAPSHOT_IO' // the file system refused (message and `path` say what)
	| 'ERR_HARO_SNAPSHOT_NOT_SNAPSHOT' // not a haro-rs snapshot
	| 'ERR_HARO_SNAPSHOT_VERSION' // written by a format version this build does not read
	| 'ERR_HARO_SNAPSHOT_TRUNCATED' // shorter than it says it is
	| 'ERR_HARO_SNAPSHOT_CORRUPT' // a checksum or the structure does not match
	| 'ERR_HARO_SNAPSHOT_CONFIG' // `load`'s config contradicts the file
	| 'ERR_ACCESS_DENIED'; // Node's permission model (`--permission`) does not grant the read or write

/** haro-rs only: what `save`, `load` and their async forms throw for a file they cannot use. */
export interface SnapshotError extends Error {
	code: SnapshotErrorCode;
	path?: string;
}

/** A field name of `T`, or any other string (composite index names such as `'a|b'`). */
export type FieldName<T extends AnyRecord = AnyRecord> = Extract<keyof T, string> | (string & {});

/** What a field may be matched against: its value, or for an array field one of its elements. */
export type FieldMatch<V> = V extends readonly (infer E)[] ? V | E : V;

/**
 * A `find()` query: field names mapped to values. An array value matches any of its elements
 * (on an array field, any element of the stored array).
 */
export type FindQuery<T extends AnyRecord = AnyRecord> = {
	[K in keyof T]?: FieldMatch<T[K]> | Array<FieldMatch<T[K]>>;
} & {
	[P in Exclude<FieldPath<T>, keyof T>]?: FieldMatch<PathValue<T, P>> | Array<FieldMatch<PathValue<T, P>>>;
};

/**
 * A `where()` predicate: field names mapped to a value, an array of values (combined with
 * `op`), or a RegExp.
 */
export type WherePredicate<T extends AnyRecord = AnyRecord> = {
	[K in keyof T]?: FieldMatch<T[K]> | Array<FieldMatch<T[K]>> | RegExp;
} & {
	[P in Exclude<FieldPath<T>, keyof T>]?: FieldMatch<PathValue<T, P>> | Array<FieldMatch<PathValue<T, P>>> | RegExp;
};

/** `where()`'s operator for array predicates: `'||'` any (default), `'&&'` all. */
export type WhereOperator = '||' | '&&' | (string & {});

/**
 * What `search()` looks for among index values: a predicate called with each index value and
 * the index name, a RegExp (or anything with a `test` method), or a value compared with `===`.
 * A falsy value finds nothing.
 */
export type SearchValue =
	| ((indexValue: any, index: string) => unknown)
	| {test (value: string): boolean}
	| string
	| number
	| bigint
	| boolean
	| null
	| undefined
	| object;

/**
 * `store.indexes`: a read-only, `Map`-like view of the indexes (index name to index value to
 * the keys of the records having it), except that it can drop indexes, as haro's map can.
 */
export interface IndexesView<KK extends Key = Key> extends ReadonlyMap<string, ReadonlyMap<any, ReadonlySet<KK>>> {
	/** Drops the index `name`; `reindex(name)` rebuilds it. */
	delete (name: string): boolean;
	/** Drops every index; `reindex()` rebuilds them. */
	clear (): void;
}

/** `dump('indexes')`'s shape, also accepted by `override(data, 'indexes')`; `KK` is the key type. */
export type IndexDump<KK extends Key = Key> = Array<[string, Array<[any, KK[]]>]>;

/**
 * What the constructor accepts as `key` for a store keyed by the field `K`: any string while `K`
 * is the default `'id'` (so configs typed `HaroConfig` keep working), else exactly `K`.
 */
export type KeyFieldConfig<K extends string> = 'id' extends K ? string : K;

/**
 * The record store. Subclass it and override the lifecycle hooks (`beforeSet`, `onset`, ...)
 * to run code around writes; hooks cost nothing unless overridden.
 *
 * Keys are typed by the key field: `new Haro<User>()` takes and returns `User['id']` keys;
 * with another key field, name it twice, `new Haro<User, 'uid'>({key: 'uid'})` (TypeScript does
 * not infer `K` once `T` is written). A store keyed by a field `T` does not declare has
 * `string | number` keys; one without a record type (`T` is `any`) has `any` keys, as in haro@16.
 *
 * @typeParam T - the record type.
 * @typeParam K - the name of the key field, as in `config.key` (default `'id'`).
 * @typeParam KK - the key type, `KeyOf<T, K>`: not to be written. Members name keys by it alone,
 * so stores without a record type are one type whatever their key field (`new Haro(config)` and
 * `new Haro({key: 'email'})` are each a `Haro`, as in haro@16's typings).
 */
export class Haro<T extends AnyRecord = any, K extends string = 'id', KK extends Key = KeyOf<T, K>> {
	/** Creates a store. */
	// (`T` is not inferred from the index names: an untyped `new Haro({index: ['email']})` holds any record, as haro's)
	constructor (config?: HaroConfig<NoInferRecord<T>, KeyFieldConfig<K>>);

	/** The records by key: a read-only, `Map`-like view. Write through `set`/`delete`/`batch`. */
	readonly data: ReadonlyMap<KK, T>;
	/** Delimiter of composite index names. */
	delimiter: string;
	/** Identifier of this store. */
	id: string;
	/** Whether reads return frozen values. */
	immutable: boolean;
	/** Indexed fields (composite names included); `reindex(field)` and `sortBy(field)` add to it. */
	index: string[];
	/**
	 * The indexes: index name to (index value to keys). A `Map`-like view that can only drop
	 * indexes (`delete(name)`, `clear()`), as haro code does through haro's map.
	 */
	readonly indexes: IndexesView<KK>;
	/** Field that holds each record's key. */
	key: string;
	/** All keys, in insertion order (a fresh array on each read). */
	readonly registry: Array<KK>;
	/** Number of records. */
	readonly size: number;
	/** Previous versions of each record (with `versioning`): a read-only, `Map`-like view. */
	readonly versions: ReadonlyMap<KK, ReadonlySet<Readonly<T>>>;
	/** Whether previous versions are kept. */
	versioning: boolean;

	/**
	 * Sets many records (`type` `'set'`, the default: each replaces any record with its key) or
	 * deletes many keys (`type` `'del'`). Returns what `onbatch` returns: by default the
	 * results of the individual `set`/`delete` calls.
	 */
	batch (args: Array<Partial<T>>, type?: 'set'): Array<[KK, T]>;
	batch (args: Array<KK>, type: 'del'): void[];
	batch (args: Array<Partial<T> | KK>, type: string): unknown[];

	/**
	 * Hook: before `batch`; returns the arguments to process (possibly changed). The result is
	 * typed with any `Key` so that overrides written before keys were typed still compile.
	 */
	beforeBatch (arg: Array<Partial<T> | KK>, type?: string): Array<Partial<T> | Key>;
	/** Hook: before `clear`. */
	beforeClear (): void;
	/** Hook: before `delete` (and each delete of a `batch(keys, 'del')`). */
	beforeDelete (key?: KK, batch?: boolean): void;
	/**
	 * Hook: before `set` (and each set of a `batch`). `data` is the record about to be written
	 * (before merging with an existing one), with its key field set.
	 */
	beforeSet (key?: KK, data?: Partial<T>, batch?: boolean, override?: boolean): void;

	/** Removes every record, index entry and version. */
	clear (): Haro<T, K, KK>;

	/** Deep clone (`structuredClone`). */
	clone<V> (arg: V): V;

	/**
	 * Deletes the record with this key.
	 * @throws Error `Record not found` if there is none.
	 */
	delete (key?: KK, batch?: boolean): void;

	/** Removes a record's entries from the indexes (internal, public in haro). */
	deleteIndex (key: KK, data: T): Haro<T, K, KK>;

	/** Exports all records as `[key, record]` pairs (default), or the indexes. */
	dump (type?: 'records'): Array<[KK, T]>;
	dump (type: 'indexes'): IndexDump<KK>;
	dump (type: string): Array<[KK, T]> | IndexDump<KK>;

	/** Calls `fn` for each element of `arr`; returns `arr`. */
	each<V> (arr: V[], fn: (value: V, index: number) => void): V[];

	/** Iterates `[key, record]` pairs in insertion order. */
	entries (): IterableIterator<[KK, T]>;

	/**
	 * Records whose fields equal the query, found through the index named by the query's
	 * fields (sorted and joined by the delimiter); `[]` if there is no such index.
	 */
	find (where: FindQuery<T> | undefined, raw: true): T[];
	find (where?: FindQuery<T>, raw?: false): Array<[KK, T]>;
	find (where?: FindQuery<T>, raw?: boolean): T[] | Array<[KK, T]>;

	/** Records for which `fn` returns a truthy value, in insertion order. */
	filter (fn: (record: T) => unknown, raw: true): T[];
	filter (fn: (record: T) => unknown, raw?: false): Array<[KK, T]>;
	filter (fn: (record: T) => unknown, raw?: boolean): T[] | Array<[KK, T]>;

	/** Calls `fn` with each record and its key (a clone in immutable mode), `this` being `ctx`. */
	forEach<C = this> (fn: (this: C, record: T, key: KK) => void, ctx?: C): Haro<T, K, KK>;

	/** Freezes each argument and returns them as a frozen array. */
	freeze<A extends unknown[]> (...args: A): Untyped<T, Readonly<A>>;

	/** The record with this key as a `[key, record]` pair, or `null`. */
	get (key: KK, raw: true): Untyped<T, T | null>;
	get (key: KK, raw?: false): Untyped<T, [KK, T] | null>;
	get (key: KK, raw?: boolean): Untyped<T, T | [KK, T] | null>;

	/** Whether a record has this key. */
	has (key: KK): boolean;

	/** The index values of `data` for the (composite) index `arg` (internal, public in haro). */
	indexKeys (arg?: string, delimiter?: string, data?: AnyRecord): Untyped<T, unknown[]>;

	/** Iterates keys in insertion order. */
	keys (): IterableIterator<KK>;

	/** Up to `max` records from position `offset`, in insertion order (both default to 0). */
	limit (offset: number | undefined, max: number | undefined, raw: true): T[];
	limit (offset?: number, max?: number, raw?: false): Array<[KK, T]>;
	limit (offset?: number, max?: number, raw?: boolean): T[] | Array<[KK, T]>;

	/** `[record[key field], record]`. */
	list (arg: T): Untyped<T, [KK, T]>;

	/**
	 * `fn`'s result for each record. Not raw, each result `r` comes back as
	 * `[r[key field], r]`, so `fn` must return an object (haro throws on `undefined`).
	 */
	map<U> (fn: (record: T, key: KK) => U, raw: true): U[];
	map<U extends {}> (fn: (record: T, key: KK) => U, raw?: false): Array<[unknown, U]>;
	map<U extends {}> (fn: (record: T, key: KK) => U, raw?: boolean): U[] | Array<[unknown, U]>;

	/** Whether `record` satisfies a `where` predicate (internal, public in haro). */
	matchesPredicate (record: T, predicate: WherePredicate<T>, op?: WhereOperator): boolean;

	/** Deep merge of `b` into `a` (arrays concatenate, or are replaced with `override`). */
	merge (a: any, b: any, override?: boolean): any;

	/** Hook: after `batch`; its return value is what `batch` returns. */
	onbatch (arg: unknown[], type?: string): any;
	/** Hook: after `clear`. */
	onclear (): void;
	/** haro-rs hook: records that expired were taken out (`ondelete` is not called for them). */
	onexpire (keys: Array<KK>): void;
	/** haro-rs: takes out every expired record (and, with `versionTtl`, old versions) now; the keys of the records. */
	purgeExpired (): Array<KK>;
	/**
	 * haro-rs: records of the indexed field `field` within `bounds`, in `sortBy` order (ties in
	 * insertion order), from the index's order: O(log n + k) on a field of numbers. Throws if
	 * `field` has no index.
	 */
	range (field: FieldName<T>, bounds: RangeBounds, options: RangeOptions & {raw: true}): T[];
	range (field: FieldName<T>, bounds?: RangeBounds, options?: RangeOptions & {raw?: false}): Array<[KK, T]>;
	range (field: FieldName<T>, bounds?: RangeBounds, options?: RangeOptions): T[] | Array<[KK, T]>;
	/** Hook: after `delete` (and each delete of a `batch(keys, 'del')`). */
	ondelete (key?: KK, batch?: boolean): void;
	/** Hook: after `override`. */
	onoverride (type?: string): void;
	/** Hook: after `set` (and each set of a `batch`), with the stored `[key, record]` pair. */
	onset (arg?: [KK, T], batch?: boolean): void;

	/**
	 * Replaces all records (`'records'`, the default; indexes are cleared, not rebuilt: call
	 * `reindex()`) or all indexes (`'indexes'`, in `dump('indexes')`'s shape). Returns `true`.
	 * @throws Error `Invalid type` for any other type.
	 */
	override (data: Array<[KK, T]>, type?: 'records'): boolean;
	override (data: IndexDump<KK>, type: 'indexes'): boolean;
	override (data: Array<[KK, T]> | IndexDump<KK>, type: string): boolean;

	/** Folds the records (clones in immutable mode) into `accumulator`, default `[]`. */
	reduce<A> (fn: (accumulator: Untyped<T, A>, record: T, key: KK, store: Haro<T, K, KK>) => Untyped<T, A>, accumulator: Untyped<T, A>): Untyped<T, A>;
	reduce (fn: (accumulator: any[], record: T, key: KK, store: Haro<T, K, KK>) => any[]): any[];

	/** Rebuilds all indexes, or builds the index `index` (adding it to `this.index`). */
	reindex (index?: string | string[]): Haro<T, K, KK>;

	/**
	 * haro-rs only: writes the store (records in order, versions, and its `key`, `delimiter`,
	 * `index`, `versioning`, `immutable`) to `path`, atomically: a temporary file beside it,
	 * synced, then renamed over it. Throws a `SnapshotError` (`code` `ERR_HARO_SNAPSHOT_IO`).
	 */
	save (path: string | URL): this;

	/**
	 * haro-rs only: `save` off the main thread. The store is captured as it is when called;
	 * writes made while the promise is pending are not in the file.
	 */
	saveAsync (path: string | URL): Promise<this>;

	/**
	 * haro-rs only: a new instance of the class it is called on, holding the snapshot at
	 * `path` with the configuration recorded in it; indexes are rebuilt. `config` may repeat
	 * recorded fields (a contradiction throws, code `ERR_HARO_SNAPSHOT_CONFIG`) and gives the
	 * others (`id`, `cacheSize`). A damaged or truncated file throws a `SnapshotError`.
	 */
	static load<S extends abstract new (...args: any[]) => Haro<any>> (this: S, path: string | URL, config?: HaroConfig): Loaded<S>;

	/** haro-rs only: `load` with the reading, checking and index building off the main thread. */
	static loadAsync<S extends abstract new (...args: any[]) => Haro<any>> (this: S, path: string | URL, config?: HaroConfig): Promise<Loaded<S>>;

	/**
	 * Records having an index value that matches `value` (see `SearchValue`), in the indexes
	 * named by `index` (default: all).
	 */
	search (value: SearchValue, index: string | string[] | undefined, raw: true): T[];
	search (value: SearchValue, index?: string | string[], raw?: false): Array<[KK, T]>;
	search (value: SearchValue, index?: string | string[], raw?: boolean): T[] | Array<[KK, T]>;

	/**
	 * Writes a record and returns it as a `[key, record]` pair. `key` `null` (default) takes the
	 * key from the record's key field, or a fresh UUID. An existing record is deep-merged with
	 * `data` (arrays concatenate) unless `override` is true.
	 */
	set (key?: KK | null, data?: Partial<T>, batch?: boolean, override?: boolean): [KK, T];

	/** Adds a record's entries to the indexes, all or `indice` (internal, public in haro). */
	setIndex (key: KK, data: T, indice?: string | null): Haro<T, K, KK>;

	/**
	 * All records sorted by `fn` (frozen with `frozen`); without `fn`, in `Array.prototype.sort`'s
	 * default order, as haro does.
	 */
	sort (fn?: (a: T, b: T) => number, frozen?: boolean): T[];

	/**
	 * Records ordered by the values of the index `index` (built if missing).
	 * @throws Error `Invalid field` for `''`, haro's default: so `index` is required here.
	 */
	sortBy (index: FieldName<T>, raw: true): T[];
	sortBy (index: FieldName<T>, raw?: false): Array<[KK, T]>;
	sortBy (index: FieldName<T>, raw?: boolean): T[] | Array<[KK, T]>;

	/** haro's comparator: strings by `localeCompare`, numbers numerically, else as strings. */
	sortKeys (a: unknown, b: unknown): number;

	/** All records, in insertion order. */
	toArray (): T[];

	/** A fresh RFC 4122 v4 UUID. */
	uuid (): string;

	/** Iterates records in insertion order. */
	values (): IterableIterator<T>;

	/**
	 * Records matching a predicate on indexed fields (array values combined with `op`). As in
	 * haro, the shape varies: bare records in mutable mode, `[key, record]` pairs in immutable
	 * mode and when it falls back to a full scan.
	 */
	where (predicate?: WherePredicate<T>, op?: WhereOperator): Array<T | [KK, T]>;

	// ---- haro 17's capabilities, with haro 16's shapes ----------------------------------

	/** True inside `batch`, `setMany` and `deleteMany` (and in the hooks they call). */
	readonly isBatching: boolean;
	/** Whether a `find`/`where` that no index serves emits a `HaroFullScanWarning`. */
	warnOnFullScan: boolean;

	/**
	 * `batch(records, 'set')` in one engine call, all or nothing: each record replaces any with
	 * its key. Returns what `onbatch` returns: by default the `[key, record]` pair of each.
	 * @throws TypeError for a record that cannot be stored; nothing is written.
	 */
	setMany (records: Array<Partial<T>>): Array<[KK, T]>;
	/**
	 * `batch(keys, 'del')` in one engine call, all or nothing; histories go with the records.
	 * @throws Error `Record not found` if a key is missing (or named twice); nothing is deleted.
	 */
	deleteMany (keys: Array<KK>): undefined[];

	/** The query cache's counters, or `null` without `cache: true`. */
	getCacheStats (): CacheStats | null;
	/** Empties the query cache. */
	clearCache (): this;
	/** How many query results are cached (`0` without `cache: true`). */
	getCacheSize (): number;

	/**
	 * haro-rs only: what the store holds and how its caches fare. Byte figures are the
	 * engine's estimates (text held plus a fixed allowance per record, key, entry and
	 * version); `bytes.total` is what V8 is told the store weighs.
	 */
	stats (): HaroStats;
}

/** `store.stats()`: counts and estimated bytes, read from the engine at the call. */
export interface HaroStats {
	/** Records held (`store.size`). */
	records: number;
	/** Bytes the Rust engine holds, estimated, off the V8 heap. */
	bytes: {
		/** Record texts plus 64 bytes per record (slot, key, order, hash entry). */
		records: number;
		/** Every index: its keys, their record entries, a kept `sortBy` order. */
		indexes: number;
		/** Earlier versions of records (`versioning: true`). */
		versions: number;
		/** The sum of the three. */
		total: number;
	};
	/**
	 * What V8 was last told the store holds (`napi_adjust_external_memory`), so its collector
	 * weighs what dropping the store frees; updated by writes when `bytes.total` has moved
	 * by 1 MiB or more since, so it stays within 1 MiB of `bytes.total` as of the last write.
	 */
	reportedToV8: number;
	/** Each index by name: distinct keys, record entries (a record under two keys counts twice), estimated bytes. */
	indexes: Record<string, HaroIndexStats>;
	/** Keys with a history, and versions kept over all of them. */
	versions: {keys: number; count: number};
	/**
	 * The JavaScript-side cache of materialized records (`recordCacheSize`): entries held, capacity,
	 * and record reads it answered (`hits`) or could not answer (`misses`: the record was read from the engine, or is absent) since the store was made.
	 */
	recordCache: {size: number; capacity: number; hits: number; misses: number};
	/** The query cache (`cache: true`): `getCacheStats()` and its entry count; `null` while it is off (the default). */
	queryCache: (CacheStats & {size: number}) | null;
}

/** One index in `HaroStats.indexes`. */
export interface HaroIndexStats {
	keys: number;
	entries: number;
	bytes: number;
}

/**
 * Creates a store and, if `data` is an array, `batch`-sets its records.
 *
 * @typeParam T - the record type; not inferred from `data` (default `any`, as in haro@16's typings).
 * @typeParam K - the name of the key field, as in `config.key` (default `'id'`).
 */
export function haro<T extends AnyRecord = any, K extends string = 'id'> (data?: Array<Partial<NoInferRecord<T>>> | null, config?: HaroConfig<NoInferRecord<T>, KeyFieldConfig<K>>): Haro<T, K>;

/**
 * `T`, kept out of type inference: `haro(records)` does not narrow the store to the first
 * records' shape (so mixed records compile, as with haro); write `haro<User>(records)` for a
 * typed store. (Same as TypeScript 5.4's `NoInfer`, but works with older compilers.)
 */
export type NoInferRecord<T> = [T][T extends any ? 0 : never];

/**
 * What `Class.load` builds: an instance of the class it is called on; `Haro.load` itself a
 * `Haro` (the instance type of the generic class is `Haro<AnyRecord, string, Key>`, whose
 * records are typed: a snapshot's records are any, as haro types them).
 */
export type Loaded<S extends abstract new (...args: any[]) => Haro<any>> = [S] extends [typeof Haro] ? ([typeof Haro] extends [S] ? Haro : InstanceType<S>) : InstanceType<S>;

declare global {
	// `save` and `load` take a file URL: this empty declaration merges with the `URL` of lib.dom
	// or @types/node, and gives the name a type where neither is loaded (`"lib": ["es2022"]`).
	// eslint-disable-next-line @typescript-eslint/no-empty-interface
	interface URL {}
}

// Only the declarations marked `export` are the package's (IsAny, FieldKey and MayLack are helpers).
export {};

// Compiled (tsc --strict, module node16) inside the scratch projects, as .mts and .cts, with
// 'haro-rs' replaced by 'haro' in the alias project: the installed typings resolve and work.
import {Haro, haro} from 'haro-rs';
import type {HaroConfig, HaroStats, Key} from 'haro-rs';

interface User {
	id: number;
	name: string;
	tags: string[];
}

const config: HaroConfig = {index: ['name', 'tags'], versioning: true, recordCacheSize: 1000};
const store = haro<User>([{id: 1, name: 'a', tags: ['x']}], config);
const pair: [Key, User] | null = store.get(1);
const record: User | null = store.get(1, true);
const found: User[] = store.find({tags: 'x'}, true);
// @ts-expect-error get(key) is a pair, not a record
const wrong: User | null = store.get(1);

class Audited extends Haro<User> {
	override onset (arg?: [Key, User], batch?: boolean): void {
		void [arg?.[1].name, batch];
	}
}
const untyped = haro([{anything: 1}, {other: 'x'}]);
untyped.set(null, {whatever: true});
const stats: HaroStats = store.stats();
const indexKeys: number | undefined = stats.indexes['name']?.keys;
void [pair, record, found, wrong, new Audited(), stats.bytes.total, indexKeys];

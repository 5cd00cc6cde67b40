// Deliberately wrong usage of haro-rs's typings, WITHOUT @ts-expect-error: this file must
// FAIL to compile, with an error on every line marked `// ERROR` and on no other line.
// Checked by __test__/typings.test.mjs.
import {Haro, haro} from 'haro-rs';

interface User {
	id: number;
	name: string;
	age: number;
	tags: string[];
}

const store = new Haro<User>({index: ['name', 'age']});
store.set(null, {id: 1, name: 'a', age: 'thirty', tags: []}); // ERROR wrong field type
store.set(1, {nmae: 'typo'}); // ERROR unknown field
const rec = store.get(1, true);
const pairKey = rec?.[0]; // ERROR get(key, true) is a record, not a pair
const name: string | undefined = store.get(1)?.name; // ERROR get(key) is a pair, not a record
const foundPairs: Array<[number | string, User]> = store.find({name: 'a'}, true); // ERROR raw find returns records
store.find({age: 'x'}); // ERROR wrong query value type
const records: User[] = store.filter(u => u.age > 1); // ERROR filter returns pairs unless raw
const firstKey = store.limit(0, 1, true)[0][0]; // ERROR raw limit returns records
store.search('a', 'name', true)[0][1].name; // ERROR raw search returns records
store.sortBy('age', true)[0][1]; // ERROR raw sortBy returns records
store.sortBy(undefined, true); // ERROR sortBy needs a field (haro throws Invalid field)
store.where({age: 'x'}); // ERROR wrong predicate value type
store.data.set(2, {id: 2, name: 'b', age: 2, tags: []}); // ERROR data is read-only
store.size = 0; // ERROR size is read-only
new Haro<User>({recordCacheSize: 'big'}); // ERROR recordCacheSize is a number
store.get(true); // ERROR keys are strings or numbers
const typed = haro<User>([{id: 1, name: 2}]); // ERROR data must match the record type
store.map(() => undefined); // ERROR non-raw map needs object results
store.sort((a, b) => a.name > b.name); // ERROR comparator returns a number
store.get('1'); // ERROR keys of a number-keyed store are numbers
interface Account {
	id: string;
	owner: string;
}
const strStore = new Haro<Account>({key: 'id'});
const u: Account = {id: 'a', owner: 'ann'};
strStore.get(42); // ERROR keys of a string-keyed store are strings
strStore.delete(1); // ERROR keys of a string-keyed store are strings
strStore.deleteMany([1, 2]); // ERROR keys of a string-keyed store are strings
const n: number = strStore.set(null, u)[0]; // ERROR the key of the pair is a string
const k2: number = [...strStore.keys()][0]; // ERROR keys() yields strings
strStore.forEach((a, k: number) => void a); // ERROR forEach's key is a string
new Haro<{uid: string; id: number}, 'uid'>({key: 'id'}); // ERROR the key field the type names
class Broken extends Haro<User> {
	override onset (arg: string): void { // ERROR hook signature
		void arg;
	}
}
void [pairKey, name, foundPairs, records, firstKey, typed, Broken, n, k2];

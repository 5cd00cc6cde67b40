// Crash-test child (snapshot.test.mjs): saves one of two stores of N records over TARGET,
// alternately with save and saveAsync, forever; says "ready" once the first save is done.
// Every record of a store carries its generation, so a whole file has one generation.
import {haro} from '../../index.js';

const [target, n] = [process.argv[2], Number(process.argv[3])];
const make = gen => haro(Array.from({length: n}, (_, i) => ({id: `k${i}`, gen, pad: 'x'.repeat(40), i})), {index: ['gen']});
const stores = [make(0), make(1)];
stores[0].save(target);
process.stdout.write('ready\n');
for (let i = 1; ; i++) {
	const s = stores[i % 2];
	if (i % 3 === 0) await s.saveAsync(target);
	else s.save(target);
}

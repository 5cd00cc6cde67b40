// RSS of a process that builds the memory workload's 1M source records, then drops them and
// collects: no store involved. Under Node 20 the RSS falls back (~90 MB); under Node 22 and 24
// the freed pages stay resident (~900 MB), which the `memory` workload's RSS of haro-rs (whose
// store does not keep the source objects) then includes. haro keeps them, so its RSS does not
// show this. Usage: node --expose-gc bench/rss-after-free.mjs [count] [--idle=seconds]
// --idle: then wait that long, the event loop idle, printing the RSS every 5 s (V8's memory
// reducer gives pooled pages back after a while of low activity: Node 22 did after ~25 s).
// --last-resort: then one last-resort collection (what V8 runs before it gives up on memory).
// --impl=haro|haro-rs: load the records into a store of that implementation first (the memory
// workload's: `haro(records, {index: ['name', 'dept']})`), kept to the end: the RSS a program
// holding that store settles at once V8's memory reducer has run.
import {setTimeout as sleep} from "node:timers/promises";
import {generate} from "./data.mjs";

if (typeof gc !== "function") throw new Error("run with --expose-gc");
const mb = () => Math.round(process.memoryUsage().rss / 2 ** 20);
const count = process.argv.slice(2).find(a => !a.startsWith('--'));
const idle = Number(process.argv.find(a => a.startsWith('--idle='))?.slice(7) ?? 0);
const impl = process.argv.find(a => a.startsWith('--impl='))?.slice(7);
const mod = impl === undefined ? null : impl === 'haro' ? await import('haro') : await import('../index.mjs');
let records = generate(Number(count ?? 1e6));
gc();
console.log(`${process.version}: with the records ${mb()} MB`);
const store = mod === null ? null : mod.haro(records, {index: ['name', 'dept']});
if (store !== null) console.log(`${process.version}: ${impl}, ${store.size} records (${store.search('\u0000none', 'name').length} found) ${mb()} MB`);
records = null;
gc();
await sleep(50);
gc();
console.log(`${process.version}: dropped and collected ${mb()} MB (V8 heap ${Math.round(process.memoryUsage().heapTotal / 2 ** 20)} MB)`);
for (let t = 5; t <= idle; t += 5) {
	await sleep(5000);
	console.log(`${process.version}: +${t} s idle ${mb()} MB`);
}
if (process.argv.includes('--last-resort')) {
	gc({type: 'major', execution: 'sync', flavor: 'last-resort'});
	console.log(`${process.version}: after a last-resort collection ${mb()} MB`);
}
if (store !== null && store.size === 0) throw new Error('the store lost its records');

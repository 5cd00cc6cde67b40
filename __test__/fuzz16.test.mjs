// A seeded random differential fuzz against haro@16 (scripts/fuzz16.mjs): each seed a random
// config and 150 random operations on both, compared after every one. A failing seed is
// shrunk, and the assertion carries its standalone repro. FUZZ16_SEED moves the range (CI
// runs the default one; a run with another finds what this one does not reach).
import './helpers/testing-addon.mjs'; // the test build packs every record (crates/haro-core/src/shape.rs): first, before the addon loads
import {it} from 'node:test';
import assert from 'node:assert/strict';
import {setup, runSetup, runSeq, shrink, repro} from '../scripts/fuzz16.mjs';

const FROM = Number(process.env.FUZZ16_SEED ?? 1);
const SEEDS = Number(process.env.FUZZ16_SEEDS ?? 40);
const OPS = 150;
// Seeds that found a difference once, run whatever the range (84, 91: a where with holes).
const FOUND = [84, 91];

it(`${SEEDS} seeds from ${FROM} and ${FOUND.length} that found differences, ${OPS} operations each: haro-rs answers as haro@16`, async () => {
	const seeds = [...FOUND, ...Array.from({length: SEEDS}, (_, i) => FROM + i)];
	for (const seed of seeds) {
		const s = setup(seed, OPS);
		const fail = await runSetup(s);
		if (fail === null) continue;
		const small = await shrink(s, fail);
		const trace = [];
		await runSeq(small.cfg, small.ops, {useFactory: small.useFactory, trace});
		assert.fail(`seed ${seed}: step ${fail.step} (${s.ops[fail.step]?.kind}) ${fail.what}: ${String(fail.detail).slice(0, 500)}\nshrunk:\n${repro(small.cfg, trace, small.useFactory)}`);
	}
});

// What the differential fuzzes (scripts/fuzz16.mjs, scripts/hookfuzz16.mjs) share: their
// seeded PRNG and their walk over a range of seeds.

/** sfc32: the same numbers for a seed on every Node version. */
export function makeRng (seed) {
	let a = 0x9e3779b9, b = 0x243f6a88, c = 0xb7e15162, d = (seed >>> 0) ^ 0xdeadbeef;
	const next = () => {
		a >>>= 0; b >>>= 0; c >>>= 0; d >>>= 0;
		const t = (a + b | 0) + d | 0;
		d = d + 1 | 0;
		a = b ^ b >>> 9;
		b = c + (c << 3) | 0;
		c = c << 21 | c >>> 11;
		c = c + t | 0;
		return (t >>> 0) / 4294967296;
	};
	for (let i = 0; i < 20; i++) next();

	return {
		f: next,
		int: n => Math.floor(next() * n),
		pick: arr => arr[Math.floor(next() * arr.length)],
		chance: p => next() < p,
		weighted: pairs => {
			const tot = pairs.reduce((s, p) => s + p[1], 0);
			let x = next() * tot;
			for (const [v, w] of pairs) { if ((x -= w) < 0) return v; }
			return pairs[pairs.length - 1][0];
		}
	};
}

/**
 * `check(seed)` for each seed of `from…to` (not `to`): what it answers for a seed that fails
 * (a line), or nothing. A line per failing seed is printed (PROGRESS=1: each seed on stderr
 * too); a `check` that throws fails its seed. The count of failing seeds and the time taken.
 */
export async function seedRange (from, to, check) {
	const t0 = Date.now();
	let fails = 0;
	for (let seed = from; seed < to; seed++) {
		if (process.env.PROGRESS) process.stderr.write(`${seed} `);
		let line;
		try {
			line = await check(seed);
		} catch (e) {
			line = `the fuzz itself threw: ${e.stack}`;
		}
		if (line) {
			fails++;
			console.log(`seed ${seed}: ${line}`);
		}
	}

	return {fails, seconds: ((Date.now() - t0) / 1000).toFixed(1)};
}

/**
 * `ops` with what can go dropped, while `test(ops)` still fails (answers a failure `{step}`,
 * or null): halves first, then smaller runs, each candidate cut after the step that failed.
 * The ops left and the last failure seen (null: none shorter failed).
 */
export async function dropOps (ops, test) {
	let fail = null;
	let chunk = Math.max(1, Math.floor(ops.length / 2));
	while (chunk >= 1) {
		let changed = false;
		for (let start = 0; start < ops.length; start += chunk) {
			const cand = ops.slice(0, start).concat(ops.slice(start + chunk));
			if (!cand.length) continue;
			const r = await test(cand);
			if (r) {
				ops = cand.slice(0, r.step + 1);
				fail = r;
				changed = true;
				start -= chunk;
			}
		}
		if (!changed) chunk = Math.floor(chunk / 2);
	}

	return {ops, fail};
}

// Rendering of benchmark results: console table, Markdown table, SVG chart.

export function fmtTime (ns) {
	if (ns === null || ns === undefined || !Number.isFinite(ns)) return "–";
	const f = (v, u) => `${v >= 100 ? v.toFixed(0) : v >= 10 ? v.toFixed(1) : v.toFixed(2)} ${u}`;
	if (ns < 1e3) return f(ns, "ns");
	if (ns < 1e6) return f(ns / 1e3, "µs");
	if (ns < 1e9) return f(ns / 1e6, "ms");

	return f(ns / 1e9, "s");
}

export function fmtValue (v, metric) {
	if (v === null || v === undefined || !Number.isFinite(v)) return "–";
	if (metric === "rss" || metric === "heap") return `${v.toFixed(0)} MB`;

	return fmtTime(v);
}

export function fmtRatio (r) {
	if (r === null || r === undefined || !Number.isFinite(r)) return "–";

	return r >= 100 ? `${r.toFixed(0)}×` : r >= 10 ? `${r.toFixed(1)}×` : r >= 0.1 ? `${r.toFixed(2)}×` : `${r.toFixed(3)}×`;
}

export function fmtSize (n) {
	if (n >= 1e6 && n % 1e6 === 0) return `${n / 1e6}M`;
	if (n >= 1e3 && n % 1e3 === 0) return `${n / 1e3}k`;

	return `${n}`;
}

const UNIT_TEXT = {load: "whole load", op: "per op", call: "per call", rss: "RSS MB", heap: "heap MB", gc: "one full GC", loadtime: "load"};

export function unitText (row) {
	return UNIT_TEXT[row.metric === "time" ? row.unit : row.metric] ?? row.unit;
}

export function rowLabel (row) {
	const m = row.mode === "immutable" ? "immutable" : "mutable";
	const w = row.metric === "time" ? row.workload : `${row.workload}: ${METRIC_TEXT[row.metric]}`;

	return `${w} · ${fmtSize(row.size)} · ${m}`;
}

export const METRIC_TEXT = {rss: "RSS", heap: "V8 heap", gc: "full GC", loadtime: "load", time: "time"};

function cell (v) {
	if (!v) return "–";
	if (v.error && v.median === null) return "error";

	return fmtValue(v.median, v.metric);
}

function ratioCell (row, id, md) {
	const r = row.ratios[id];
	let s = fmtRatio(r);
	if (md && Number.isFinite(r)) {
		if (r <= 1 / 1.3) s = `**${s}**`;
	}
	if (row.mismatch && row.mismatch[id]) s += md ? " ≠" : " !=";

	return s;
}

/** The table as an array of string rows (header first), shared by console and Markdown. */
function tableRows (summary, md) {
	const {variants, rows} = summary;
	const [base, ...others] = variants;
	const head = ["workload", "size", "mode", "measure", base.label];
	for (const v of others) head.push(v.label, "ratio");
	head.push("spread");
	const out = [head];
	for (const row of rows) {
		const r = [row.metric === "time" ? row.workload : `${row.workload}: ${METRIC_TEXT[row.metric]}`, fmtSize(row.size), row.mode === "immutable" ? "imm" : "mut", unitText(row), cell(row.values[base.id])];
		for (const v of others) r.push(cell(row.values[v.id]), ratioCell(row, v.id, md));
		r.push(Number.isFinite(row.spread) ? `±${(row.spread * 100).toFixed(0)}%` : "–");
		out.push(r);
	}

	return out;
}

export function consoleTable (summary) {
	const rows = tableRows(summary, false);
	const widths = rows[0].map((_, i) => Math.max(...rows.map(r => String(r[i]).length)));
	const numeric = i => i >= 4;
	const line = r => r.map((c, i) => numeric(i) ? String(c).padStart(widths[i]) : String(c).padEnd(widths[i])).join("  ");
	const out = [line(rows[0]), widths.map(w => "-".repeat(w)).join("  "), ...rows.slice(1).map(line)];
	const [, ...others] = summary.variants;
	for (const v of others) {
		const g = summary.geomean[v.id];
		out.push(`geometric mean of ratios, ${v.label}: ${g ? `${fmtRatio(g.time)} over ${g.n} time rows` : "–"}${g && Number.isFinite(g.memory) ? `; ${fmtRatio(g.memory)} over ${g.nMemory} memory rows` : ""}`);
	}

	return out.join("\n");
}

export function machineText (meta) {
	const m = meta.machine;

	return `${m.cpu}, ${m.cores} cores, ${m.memGB} GB RAM, ${m.os}, Node ${m.node} (V8 ${m.v8})`;
}

export function markdown (summary) {
	const {meta, variants} = summary;
	const [base, ...others] = variants;
	const rows = tableRows(summary, true);
	const esc = s => String(s).replace(/\|/g, "\\|");
	const lines = [];
	lines.push(`### Benchmark: ${others.map(v => v.label).join(", ")} vs ${base.label}`);
	lines.push("");
	lines.push(`Machine: ${machineText(meta)}. Run of ${meta.date}, ${meta.reps} repetitions per cell, each in a fresh process, implementations alternating; medians shown. Ratio = ${others[0]?.label ?? "candidate"} / ${base.label}: lower is better, **bold** when below 1/1.3. "spread" is the largest (max − min) / (2 × median) over the implementations in that row: ratios within the spread are noise. ≠ marks a result check that differs from ${base.label}'s. ${meta.contention ? `${meta.contention.contendedRuns} of ${meta.contention.runs} runs saw other processes use more than ${meta.contention.maxContention} cores (${meta.contention.retriedRuns} were repeated).` : ""} ${meta.quick ? "Quick run (`--quick`): subset of workloads, fewer repetitions." : ""}`.replace(/\s+$/, ""));
	lines.push("");
	for (const v of others) {
		const g = summary.geomean[v.id];
		if (g) lines.push(`- Geometric mean of ratios, **${v.label}**: **${fmtRatio(g.time)}** over ${g.n} timed rows${Number.isFinite(g.memory) ? `; ${fmtRatio(g.memory)} over ${g.nMemory} memory rows` : ""}.`);
	}
	lines.push("");
	lines.push(`| ${rows[0].map(esc).join(" | ")} |`);
	lines.push(`| ${rows[0].map((_, i) => i >= 4 ? "---:" : "---").join(" | ")} |`);
	for (const r of rows.slice(1)) lines.push(`| ${r.map(esc).join(" | ")} |`);
	lines.push("");
	const errs = summary.rows.flatMap(r => Object.entries(r.values).filter(([, v]) => v && v.error).map(([id, v]) => `- ${rowLabel(r)}, ${variants.find(x => x.id === id).label}: ${v.error.split("\n")[0]}`));
	if (errs.length) {
		lines.push("Errors:");
		lines.push("");
		lines.push(...errs.slice(0, 50));
		lines.push("");
	}
	const mism = summary.rows.filter(r => r.mismatch && Object.values(r.mismatch).some(Boolean));
	if (mism.length) {
		lines.push("Result checks that differ from haro@16 (count:sum:shape of the results, see bench/workloads.mjs):");
		lines.push("");
		for (const r of mism.slice(0, 50)) {
			for (const v of others) {
				if (r.mismatch[v.id]) lines.push(`- ${rowLabel(r)}, ${v.label}: \`${trunc(r.values[v.id]?.check)}\` vs \`${trunc(r.values[base.id]?.check)}\``);
			}
		}
		lines.push("");
	}
	lines.push("Workloads:");
	lines.push("");
	for (const [name, desc] of Object.entries(summary.descriptions)) lines.push(`- \`${name}\`: ${desc}`);
	lines.push("");
	lines.push(`Command: \`${meta.command}\``);
	lines.push("");

	return lines.join("\n");
}

function trunc (s, n = 80) {
	s = String(s ?? "");

	return s.length > n ? `${s.slice(0, n)}…` : s;
}

const xmlEsc = s => String(s).replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

const COLORS = ["#2b6cb0", "#dd6b20", "#38a169", "#805ad5"];

/**
 * Horizontal bars of ratio per workload, log scale, a line at 1.0: one panel per mode
 * (mutable, immutable), one row per workload and size, one bar per candidate implementation.
 */
export function svgChart (summary) {
	const {variants, rows, meta} = summary;
	const [base, ...others] = variants;
	const modes = ["mutable", "immutable"].filter(m => rows.some(r => r.mode === m));
	const ratios = rows.flatMap(r => others.map(v => r.ratios[v.id])).filter(x => Number.isFinite(x) && x > 0);
	const geos = others.flatMap(v => modes.map(m => summary.geomeanByMode?.[m]?.[v.id])).filter(x => Number.isFinite(x) && x > 0);
	const all = [...ratios, ...geos, 1];
	let lo = 10 ** Math.floor(Math.log10(Math.min(...all)) - 1e-9);
	let hi = 10 ** Math.ceil(Math.log10(Math.max(...all)) + 1e-9);
	if (lo > 0.1) lo = 0.1;
	if (hi < 10) hi = 10;
	const W = 980;
	const L = 200;
	const gap = 24;
	const panelW = (W - L - 10 - gap * (modes.length - 1)) / modes.length;
	const px0 = k => L + k * (panelW + gap);
	const padX = 34;
	const barH = others.length > 1 ? 6 : 10;
	const rowH = others.length * barH + 4;
	const top = 106;
	const x = (k, r) => px0(k) + padX + (Math.log10(r) - Math.log10(lo)) / (Math.log10(hi) - Math.log10(lo)) * (panelW - 2 * padX);
	// rows: the geomean, then (workload, metric, size) in the order of the summary
	const lines = [{kind: "geo"}];
	const seen = new Map();
	for (const row of rows) {
		const k = `${row.workload}|${row.metric}|${row.size}`;
		if (!seen.has(k)) {
			const line = {kind: "row", workload: row.workload, family: row.family, metric: row.metric, size: row.size, byMode: {}};
			seen.set(k, line);
			lines.push(line);
		}
		seen.get(k).byMode[row.mode] = row;
	}
	const body = [];
	let y = top;
	let prevWorkload = null;
	for (const ln of lines) {
		if (ln.kind === "row" && ln.workload !== prevWorkload) {
			body.push(`<line x1="8" x2="${W - 8}" y1="${y + 1}" y2="${y + 1}" stroke="#e2e8f0"/>`);
			y += 4;
		}
		const mid = y + rowH / 2 + 3;
		if (ln.kind === "geo") {
			body.push(`<text x="${L - 8}" y="${mid}" text-anchor="end" class="geo">geometric mean</text>`);
		} else {
			if (ln.workload !== prevWorkload) body.push(`<text x="10" y="${mid}" class="grp">${xmlEsc(ln.workload)}<tspan class="fam" dx="5">${xmlEsc(ln.family)}</tspan></text>`);
			body.push(`<text x="${L - 8}" y="${mid}" text-anchor="end" class="lbl">${ln.metric !== "time" ? `${METRIC_TEXT[ln.metric]} · ` : ""}${fmtSize(ln.size)}</text>`);
			prevWorkload = ln.workload;
		}
		modes.forEach((mode, pk) => {
			const row = ln.kind === "row" ? ln.byMode[mode] : null;
			if (ln.kind === "row" && !row) return;
			others.forEach((v, k) => {
				const r = ln.kind === "geo" ? summary.geomeanByMode?.[mode]?.[v.id] : row.ratios[v.id];
				const by = y + 2 + k * barH;
				if (!Number.isFinite(r) || r <= 0) {
					const err = row && row.values[v.id]?.error;
					body.push(`<text x="${(x(pk, 1) + 4).toFixed(1)}" y="${by + barH - 1}" class="val" fill="#c53030">${err ? "error" : "n/a"}</text>`);

					return;
				}
				const x1 = x(pk, 1);
				const xr = x(pk, r);
				const mism = row && row.mismatch && row.mismatch[v.id];
				body.push(`<rect x="${Math.min(x1, xr).toFixed(1)}" y="${by}" width="${Math.max(1, Math.abs(xr - x1)).toFixed(1)}" height="${barH - 1}" fill="${COLORS[k % COLORS.length]}"${r > 1 ? " fill-opacity=\"0.55\"" : ""}><title>${xmlEsc(`${row ? rowLabel(row) : `geomean · ${mode}`}: ${v.label} ${fmtRatio(r)}`)}</title></rect>`);
				body.push(`<text x="${(r >= 1 ? xr + 3 : xr - 3).toFixed(1)}" y="${by + barH - 1}" class="val${mism ? " bad" : ""}" text-anchor="${r >= 1 ? "start" : "end"}">${fmtRatio(r)}${mism ? " ≠" : ""}</text>`);
			});
		});
		y += rowH + (ln.kind === "geo" ? 4 : 0);
	}
	const H = y + 34;
	const grid = [];
	modes.forEach((mode, pk) => {
		grid.push(`<text x="${(px0(pk) + panelW / 2).toFixed(1)}" y="${top - 30}" text-anchor="middle" class="pan">${mode}</text>`);
		for (let d = Math.round(Math.log10(lo)); d <= Math.round(Math.log10(hi)); d++) {
			for (const m of [1, 2, 5]) {
				const v = 10 ** d * m;
				if (v > hi * 1.0001) continue;
				const gx = x(pk, v).toFixed(1);
				grid.push(`<line x1="${gx}" x2="${gx}" y1="${top - 6}" y2="${y}" stroke="${m === 1 ? "#cbd5e0" : "#f1f4f8"}"/>`);
				if (m === 1) grid.push(`<text x="${gx}" y="${top - 10}" text-anchor="middle" class="ax">${v >= 1 ? v : Number(v.toPrecision(1))}×</text>`);
			}
		}
		const one = x(pk, 1).toFixed(1);
		grid.push(`<line x1="${one}" x2="${one}" y1="${top - 6}" y2="${y}" stroke="#1a202c" stroke-width="1.5"/>`);
	});
	const legend = others.map((v, k) => `<rect x="${10 + k * 330}" y="50" width="12" height="9" fill="${COLORS[k % COLORS.length]}"/><text x="${26 + k * 330}" y="58" class="lg">${xmlEsc(v.label)} ÷ ${xmlEsc(base.label)}</text>`).join("");

	return `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="-apple-system, 'Segoe UI', Helvetica, Arial, sans-serif">
<style>
.t{font-size:15px;font-weight:600;fill:#1a202c}.s{font-size:11px;fill:#4a5568}.lbl{font-size:10.5px;fill:#4a5568}.geo{font-size:11px;font-weight:700;fill:#1a202c}
.grp{font-size:11.5px;font-weight:600;fill:#1a202c}.fam{font-size:9.5px;font-weight:400;fill:#a0aec0}.val{font-size:9px;fill:#4a5568}.bad{fill:#c53030;font-weight:700}
.ax{font-size:10px;fill:#718096}.lg{font-size:11px;fill:#2d3748}.pan{font-size:12px;font-weight:600;fill:#2d3748}
</style>
<rect width="100%" height="100%" fill="#ffffff"/>
<text x="10" y="20" class="t">${xmlEsc(others[0]?.label ?? "")} vs ${xmlEsc(base.label)}: time and memory ratio, lower is better (log scale)</text>
<text x="10" y="36" class="s">${xmlEsc(machineText(meta))}; median of ${meta.reps} fresh-process runs per cell${meta.quick ? "; quick run" : ""}</text>
${legend}
<text x="${W - 10}" y="58" text-anchor="end" class="s">left of the 1× line: faster / smaller</text>
${grid.join("\n")}
${body.join("\n")}
<text x="10" y="${H - 12}" class="s">Each bar starts at 1× (same as ${xmlEsc(base.label)}). ≠: the result check differs from ${xmlEsc(base.label)}'s. Full numbers: table.md.</text>
</svg>
`;
}

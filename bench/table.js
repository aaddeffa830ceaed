// The Markdown table (and memory notes) of saved `npm run bench -- --json` lines, as
// pasted into bench/RESULTS.md:  node bench/table.js < results.jsonl
import { readFileSync } from "node:fs";
import { coldNotes, markdownTable, memoryNote, targetNotes } from "./report.js";

const rows = readFileSync(0, "utf8").split("\n").filter((line) => line.startsWith("{")).map((line) => JSON.parse(line));
console.log(markdownTable(rows));
for (const note of coldNotes(rows)) console.log(`cold / warm: ${note}`);
for (const note of memoryNote(rows)) console.log(`memory, wide fit: ${note}`);
for (const note of targetNotes(rows)) console.log(`target: ${note}`);

import fs from 'node:fs';
import path from 'node:path';
import { REASONS } from '../domain/reasons';

const START = '<!-- reasons:start (generated from src/domain/reasons.ts by `npm run readme:reasons`) -->';
const END = '<!-- reasons:end -->';

/** The README's table of `extensions.reason` codes, one row per entry of REASONS, in its order. */
export function reasonsTable(): string {
  const rows = Object.entries(REASONS).map(([code, meaning]) => `| \`${code}\` | ${meaning.replaceAll('|', '\\|')} |`);
  return ['| reason | meaning |', '|---|---|', ...rows].join('\n');
}

/** The README with the text between the markers replaced by the current table. */
export function withReasonsTable(readme: string): string {
  const start = readme.indexOf(START);
  const end = readme.indexOf(END);
  if (start < 0 || end < start) throw new Error(`README.md has no "${START}" … "${END}" section`);
  return `${readme.slice(0, start + START.length)}\n${reasonsTable()}\n${readme.slice(end)}`;
}

export const README_PATH = path.resolve(
  __dirname,
  __dirname.includes(`${path.sep}dist${path.sep}`) ? '../../../README.md' : '../../README.md',
);

/** `npm run readme:reasons`: rewrites the reasons table of README.md. */
if (require.main === module) {
  fs.writeFileSync(README_PATH, withReasonsTable(fs.readFileSync(README_PATH, 'utf8')));
  process.stdout.write(`wrote the reasons table of ${README_PATH}\n`);
}

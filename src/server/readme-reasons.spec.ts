import fs from 'node:fs';
import { REASONS } from '../domain/reasons';
import { README_PATH, withReasonsTable } from './readme-reasons';

describe('the README lists every extensions.reason', () => {
  const readme = fs.readFileSync(README_PATH, 'utf8');

  it('holds the table generated from src/domain/reasons.ts (npm run readme:reasons)', () => {
    expect(readme).toBe(withReasonsTable(readme));
  });

  it.each(Object.entries(REASONS))('names %s with its meaning', (code, meaning) => {
    expect(readme).toContain(`| \`${code}\` | ${meaning.replaceAll('|', '\\|')} |`);
  });
});

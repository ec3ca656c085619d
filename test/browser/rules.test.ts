/**
 * Issue 10: a rule ID on the inspector's page is a chip that says what the rule is. Driven in
 * Debian's Chromium: a refused command's rule chip, a refused action's reason chip, the scenario's
 * rules, by mouse and by keyboard.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ARTIFACTS, openInspector, type Harness } from './support.js';
import { plainText, ruleById } from '../../src/rules/catalogue.js';

let h: Harness;

beforeAll(async () => {
  h = await openInspector('i7-backup-with-image-cannot-be-deleted');
}, 60_000);
afterAll(async () => {
  await h?.close();
});

const I7 = ruleById('I7')!;
const B5 = ruleById('B5')!;

async function stepTo(index: number): Promise<void> {
  const { page } = h;
  for (let i = 0; i < 20 && !(await page.getByTestId(`outcome-${index}`).count()); i++) {
    await page.getByTestId('scenario-step').click();
    await page.getByTestId(`outcome-${i + 1}`).waitFor({ timeout: 10_000 });
  }
}

async function backupId(): Promise<string> {
  const state = (await (await fetch(new URL('/api/state', h.served.url))).json()) as { resources: { kind: string; id: string }[] };
  return state.resources.find((r) => r.kind === 'backup')!.id;
}

describe('rule chips in the inspector (Debian Chromium)', () => {
  it('shows the scenario\'s rules as chips whose tooltips are the rules\' titles and statements', async () => {
    const { page } = h;
    const chip = page.getByTestId('scenario-rule-I7');
    await chip.waitFor();
    await expect.poll(() => chip.getAttribute('title'), { timeout: 10_000 }).toBe(`I7 · ${I7.title}: ${plainText(I7.statement)}`);
    expect(await page.getByTestId('scenario-rule-B5').getAttribute('title')).toContain(plainText(B5.statement));
  }, 30_000);

  it('opens a refusal\'s rule chip on a click: the rule\'s ID, title and statement in a dialog, closed by Escape', async () => {
    const { page } = h;
    // Steps 1–3: back the server up, wait until the backup is Available, make its image.
    await stepTo(3);
    await page.getByTestId(`row-${await backupId()}`).click();
    await page.getByTestId('try-deleteBackup').click();
    const refusal = page.getByTestId('refusal');
    await expect.poll(() => refusal.textContent(), { timeout: 10_000 }).toContain('BackupService.6204');
    const chip = page.getByTestId('refusal-rule');
    expect(await chip.textContent()).toBe('rule I7');
    expect(await chip.getAttribute('title')).toContain(plainText(I7.statement));

    await chip.click();
    const dialog = page.getByRole('dialog', { name: I7.title });
    await dialog.waitFor();
    expect(await dialog.textContent()).toContain('I7');
    expect(await page.getByTestId('rule-dialog-statement').textContent()).toBe(plainText(I7.statement));
    expect(await dialog.textContent()).toContain('BackupService.6204');
    expect(await chip.getAttribute('aria-expanded')).toBe('true');
    await page.screenshot({ path: `${ARTIFACTS}inspector-rule-dialog.png` });

    await page.keyboard.press('Escape');
    await expect.poll(() => page.getByTestId('rule-dialog').isHidden()).toBe(true);
    expect(await chip.getAttribute('aria-expanded')).toBe('false');
    // Escape closed the dialog only; the refusal stays until the next one.
    expect(await refusal.isVisible()).toBe(true);
    // Focus is back on the chip that opened it (no DOM types here: the page evaluates a string).
    expect(await page.evaluate("document.activeElement.getAttribute('data-testid')")).toBe('refusal-rule');
  }, 60_000);

  it('opens a refused action\'s rule chip from the keyboard with Enter, and a click elsewhere closes it', async () => {
    const { page } = h;
    const reason = page.locator('[data-testid="reason-deleteBackup"] [data-testid="reason-rule"]');
    await expect.poll(() => reason.textContent(), { timeout: 10_000 }).toBe('rule I7');
    await reason.focus();
    await page.keyboard.press('Enter');
    await page.getByRole('dialog', { name: I7.title }).waitFor();
    expect(await page.getByTestId('rule-dialog-statement').textContent()).toBe(plainText(I7.statement));
    await page.getByTestId('console').click({ position: { x: 5, y: 5 } });
    await expect.poll(() => page.getByTestId('rule-dialog').isHidden()).toBe(true);
  }, 30_000);

  it('opens the scenario\'s rule chips too, one dialog at a time', async () => {
    const { page } = h;
    await page.getByTestId('scenario-rule-I7').click();
    await page.getByRole('dialog', { name: I7.title }).waitFor();
    await page.getByTestId('scenario-rule-B5').click();
    await page.getByRole('dialog', { name: B5.title }).waitFor();
    expect(await page.getByRole('dialog').count()).toBe(1);
    expect(await page.getByTestId('rule-dialog-statement').textContent()).toBe(plainText(B5.statement));
    expect(await page.getByTestId('scenario-rule-I7').getAttribute('aria-expanded')).toBe('false');
    await page.getByTestId('scenario-rule-B5').click();
    await expect.poll(() => page.getByTestId('rule-dialog').isHidden()).toBe(true);
    expect(h.outside).toEqual([]);
    // The only console error is Chromium's line for the refused delete (HTTP 400) sent on purpose.
    expect(h.errors.filter((e) => !/status of 400 \(Bad Request\)/.test(e))).toEqual([]);
  }, 30_000);
});

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import puppeteer, { type Browser, type Page } from 'puppeteer-core';
import { callEnded } from '../factories/activities';
import { readCounter, startTestServer, type TestServer } from '../support/server';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const ARTIFACTS = path.resolve(__dirname, '../../test-artifacts');
// skipped only on a developer machine without chromium; CI (.ci/run installs it) always runs it
const describeWithBrowser = fs.existsSync(CHROMIUM) || process.env.CI ? describe : describe.skip;

describeWithBrowser('GraphiQL in a real browser, with no network but the service', () => {
  let t: TestServer;
  let browser: Browser;
  let page: Page;
  let userDataDir: string;
  const foreignRequests: string[] = [];

  beforeAll(async () => {
    t = await startTestServer();
    userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'chat-automation-chromium-'));
    browser = await puppeteer.launch({
      executablePath: CHROMIUM,
      headless: true,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        `--user-data-dir=${userDataDir}`,
      ],
    });
    page = await browser.newPage();
    await page.setViewport({ width: 1600, height: 1000 });
    // the page may reach the service and nothing else: every other request is refused and remembered
    const origin = `http://127.0.0.1:${t.server.port}`;
    await page.setRequestInterception(true);
    page.on('request', (req) => {
      const url = req.url();
      if (url.startsWith(`${origin}/`) || url.startsWith('data:') || url.startsWith(`blob:${origin}/`))
        return void req.continue();
      foreignRequests.push(url);
      void req.abort();
    });
  });

  afterAll(async () => {
    await browser?.close();
    await t?.close();
    if (userDataDir) fs.rmSync(userDataDir, { recursive: true, force: true });
  });

  /** The response pane's text (Monaco renders spaces as no-break spaces). */
  const responseText = () =>
    page.$eval('.graphiql-response', (el) => (el as HTMLElement).innerText.replace(/\u00a0/g, ' '));

  async function waitForResponse(pattern: RegExp) {
    await page.waitForFunction(
      (source: string) =>
        new RegExp(source).test(
          (document.querySelector('.graphiql-response') as HTMLElement | null)?.innerText.replace(/\u00a0/g, ' ') ?? '',
        ),
      { timeout: 20000 },
      pattern.source,
    );
  }

  async function openTab(operationName: string) {
    const tabs = await page.$$('.graphiql-tab-button');
    for (const tab of tabs) {
      if ((await tab.evaluate((el) => (el as HTMLElement).innerText.trim())) === operationName) return tab.click();
    }
    throw new Error(`no tab ${operationName}`);
  }

  it('opens from / with the example tabs, runs the settings query with the filled-in token and shows the team', async () => {
    const admin = await t.token({ role: 'ADMIN', teams: ['demo-team'] });
    const saved = await t.gql(
      `mutation { updateChatSettings(input: { teamId: "demo-team", companyName: "Browser Motors" }) { senderName } }`,
      {},
      admin,
    );
    expect(saved.data?.updateChatSettings.senderName).toBe('Browser Motors');

    const res = await page.goto(`http://127.0.0.1:${t.server.port}/`, { waitUntil: 'load' });
    expect(res?.url()).toBe(`http://127.0.0.1:${t.server.port}/graphql`);
    await page.waitForSelector('.graphiql-execute-button', { timeout: 30000 });
    const tabNames = await page.$$eval('.graphiql-tab-button', (els) =>
      els.map((e) => (e as HTMLElement).innerText.trim()),
    );
    expect(tabNames).toEqual(['ReadSettings', 'SaveTemplate', 'CreateRingPlan', 'RecordMissedCall', 'Feed']);

    await page.click('.graphiql-execute-button');
    await waitForResponse(/"senderName": "Browser Motors"/);
    expect(await responseText()).toContain('"id": "demo-team"');
  });

  it('runs the feed subscription over graphql-ws and shows a message recorded through HTTP', async () => {
    await openTab('Feed');
    // the subscription is live once the service counts it: record only then. GraphiQL reads the
    // operation name of a freshly opened tab after a parse delay; a click before that names the old
    // tab's operation ("Cannot infer operation"), so such a click is repeated
    const deadline = Date.now() + 20000;
    await page.click('.graphiql-execute-button');
    while ((await readCounter(t, 'feed_subscriptions')) < 1) {
      if (Date.now() > deadline) throw new Error(`the IDE never subscribed: ${await responseText()}`);
      if ((await responseText()).includes('Cannot infer operation')) await page.click('.graphiql-execute-button');
      await new Promise((r) => setTimeout(r, 100));
    }
    const service = await t.token({ role: 'SERVICE', teams: ['demo-team'] });
    const recorded = await t.gql(
      `mutation($i: CallEndedInput!) { recordCallEnded(input: $i) { decision message { recipient } } }`,
      { i: callEnded('demo-team', { phone: '+4930555000111', endedDuring: 'VOICEMAIL_GREETING' }) },
      service,
    );
    expect(recorded.data?.recordCallEnded).toEqual({
      decision: 'DISPATCHED',
      message: { recipient: '+4930555000111' },
    });
    await waitForResponse(/"recipient": "\+4930555000111"/);
    expect(await responseText()).toContain('"trigger": "MISSED_CALL"');

    fs.mkdirSync(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: path.join(ARTIFACTS, 'graphql-ide.png') });
  });

  it('reached nothing but the service', () => {
    expect(foreignRequests).toEqual([]);
  });
});

// Drives the Voltstream console in Debian's headless chromium through playwright-core (no browser download).
// Run by ConsoleBrowserIT, which starts the broker and console, and talks to this script over stdin/stdout:
//   this script prints "PRODUCED <topic>" once its records are in; the test then commits offsets for GROUP with a real
//   consumer and answers "COMMITTED"; the script prints "DONE" at the end. Any failure exits non-zero.
// env: CONSOLE_URL, CHROMIUM, SCREENSHOTS (a directory), TOPIC, GROUP, COMPACTED (a compacted topic the test made)
import { chromium } from 'playwright-core';
import readline from 'node:readline';

const { CONSOLE_URL: url, CHROMIUM: executablePath, SCREENSHOTS: shots, TOPIC: topic, GROUP: group, COMPACTED: compacted } = process.env;
const lines = readline.createInterface({ input: process.stdin });
const nextLine = () => new Promise((resolve) => lines.once('line', resolve));
const step = (text) => console.error(`[browser] ${text}`);
const timeout = 15_000;

const browser = await chromium.launch({
  executablePath,
  headless: true,
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
    '--disable-sync', '--no-first-run'],
});
let exitCode = 0;
try {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  page.setDefaultTimeout(timeout);
  const jsErrors = [];
  page.on('pageerror', (e) => jsErrors.push(e.message));

  step('overview');
  await page.goto(url + '/#/');
  await page.getByTestId('status').filter({ hasText: 'HEALTHY' }).waitFor();
  await page.screenshot({ path: `${shots}/01-overview.png`, fullPage: true });

  step('create topic: a name Kafka rejects, then a good one');
  await page.goto(url + '/#/topics');
  await page.getByTestId('topic-name').fill('bad topic!');
  await page.getByTestId('create-topic').click();
  await page.locator('[data-error="name"]').filter({ hasText: 'characters other than ASCII alphanumerics' }).waitFor();
  await page.screenshot({ path: `${shots}/02-create-topic-validation.png`, fullPage: true });
  await page.getByTestId('topic-name').fill(topic);
  await page.getByTestId('topic-partitions').fill('1');
  await page.getByTestId('create-topic').click();
  await page.waitForURL(`**/#/topics/${topic}`);
  await page.getByTestId('partitions-table').waitFor();

  step('edit retention');
  await page.getByTestId('retention-ms').fill('3600000');
  await page.getByTestId('save-retention').click();
  await page.locator('#toast').filter({ hasText: 'Retention saved' }).waitFor();
  await page.reload();
  await page.waitForFunction(() => document.querySelector('[data-testid="retention-ms"]')?.value === '3600000');

  step('produce three JSON records from the form');
  await page.getByTestId('browse-link').click();
  await page.waitForURL(`**/#/messages/${topic}`);
  for (let i = 1; i <= 3; i++) {
    await page.getByTestId('produce-key').fill(`station-${i}`);
    await page.getByTestId('produce-value').fill(`{"stationId":"ST-${i}","kWh":${i}.5,"tags":["fast"]}`);
    await page.getByTestId('produce-headers').fill('source=browser-test');
    await page.getByTestId('produce').click();
    await page.getByTestId('produced').filter({ hasText: `at offset ${i - 1}` }).waitFor();
  }

  step('see the records, JSON pretty-printed');
  await page.getByTestId('browse').click();
  const rows = page.locator('[data-testid="messages-table"] tbody tr[data-offset]');
  await page.waitForFunction(() => document.querySelectorAll('[data-testid="messages-table"] tbody tr[data-offset]').length === 3);
  const lastValue = await rows.nth(2).getByTestId('message-value').innerText();
  if (!lastValue.includes('"kWh": 3.5') || !lastValue.includes('\n')) throw new Error(`value not pretty-printed JSON: ${lastValue}`);
  const firstKey = await rows.nth(0).getByTestId('message-key').innerText();
  if (firstKey !== 'station-1') throw new Error(`first key is ${firstKey}`);
  if (!(await rows.nth(0).innerText()).includes('source: browser-test')) throw new Error('header not shown');
  await page.screenshot({ path: `${shots}/03-messages.png`, fullPage: true });

  console.log(`PRODUCED ${topic}`);
  if ((await nextLine()) !== 'COMMITTED') throw new Error('the test did not commit offsets');

  step('group lag before and after producing more');
  await page.goto(`${url}/#/groups/${group}`);
  await page.getByTestId('total-lag').filter({ hasText: /^2$/ }).waitFor();
  await page.screenshot({ path: `${shots}/04-group-lag-before.png`, fullPage: true });
  await page.goto(`${url}/#/messages/${topic}`);
  for (let i = 4; i <= 5; i++) {
    await page.getByTestId('produce-value').fill(`{"stationId":"ST-${i}","kWh":${i}}`);
    await page.getByTestId('produce').click();
    await page.getByTestId('produced').filter({ hasText: `at offset ${i - 1}` }).waitFor();
  }
  await page.goto(`${url}/#/groups/${group}`);
  await page.getByTestId('total-lag').filter({ hasText: /^4$/ }).waitFor();
  await page.screenshot({ path: `${shots}/05-group-lag-after.png`, fullPage: true });

  step('topic list shows the records');
  await page.goto(`${url}/#/topics`);
  await page.locator(`tr[data-topic="${topic}"] [data-testid="records"]`).filter({ hasText: /^5$/ }).waitFor();
  await page.screenshot({ path: `${shots}/06-topics.png`, fullPage: true });

  step('a compacted topic shows its policy and each partition\'s dirty ratio');
  await page.goto(`${url}/#/topics/${compacted}`);
  await page.getByTestId('cleanup-policy').filter({ hasText: 'compact' }).waitFor();
  await page.getByTestId('dirty-ratio').filter({ hasText: /^\d+\.\d %$/ }).waitFor();
  await page.screenshot({ path: `${shots}/07-compacted-topic.png`, fullPage: true });
  await page.goto(`${url}/#/topics`);

  step('delete a scratch topic from its page');
  await page.getByTestId('topic-name').fill(`${topic}-scratch`);
  await page.getByTestId('create-topic').click();
  await page.waitForURL(`**/#/topics/${topic}-scratch`);
  page.once('dialog', (dialog) => dialog.accept());
  await page.getByTestId('delete-topic').click();
  await page.waitForURL('**/#/topics');
  await page.getByTestId('topics-table').waitFor();
  await page.waitForFunction((name) => !document.querySelector(`tr[data-topic="${name}"]`), `${topic}-scratch`);
  await page.locator(`tr[data-topic="${topic}"]`).waitFor();

  if (jsErrors.length) throw new Error(`JavaScript errors in the page: ${jsErrors.join('; ')}`);
  console.log('DONE');
} catch (e) {
  console.error(`[browser] FAILED: ${e.stack || e}`);
  exitCode = 1;
} finally {
  await browser.close();
  lines.close();
}
process.exit(exitCode);

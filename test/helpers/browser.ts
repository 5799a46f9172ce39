import fs from 'node:fs';
import http from 'node:http';
import { chromium, type Browser } from 'playwright-core';
import { testApp } from './environment';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export interface BrowserSession {
  browser: Browser;
  baseUrl: string;
  close(): Promise<void>;
}

/**
 * Serves the test app on a loopback port and opens Debian's Chromium, headless, against it.
 * Playwright gives every launch a fresh temporary profile.
 */
export async function openBrowser(): Promise<BrowserSession> {
  const server = http.createServer(testApp());
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  return {
    browser,
    baseUrl: `http://127.0.0.1:${port}`,
    async close() {
      await browser.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** True when the browser these tests drive is installed (CI installs it with apt). */
export function browserAvailable(): boolean {
  return fs.existsSync(CHROMIUM);
}

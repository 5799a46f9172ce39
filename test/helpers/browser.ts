import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
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

/**
 * Chromium for one describe block: opened before its tests, closed after them. The session it
 * returns is usable inside the tests (not while the block is being declared).
 */
export function useBrowser(): BrowserSession {
  let session: BrowserSession | undefined;
  before(async () => {
    session = await openBrowser();
  });
  after(async () => {
    await session?.close();
  });
  const current = (): BrowserSession => {
    if (!session) throw new Error('the browser opens before the tests run');
    return session;
  };
  return {
    get browser() {
      return current().browser;
    },
    get baseUrl() {
      return current().baseUrl;
    },
    close: () => current().close(),
  };
}

/** A temporary folder for one describe block's files (uploads), removed after its tests. */
export function useScratchFolder(): { readonly path: string } {
  let folder: string | undefined;
  before(() => {
    folder = fs.mkdtempSync(path.join(os.tmpdir(), 'vetted-e2e-'));
  });
  after(() => {
    if (folder) fs.rmSync(folder, { recursive: true, force: true });
  });
  return {
    get path() {
      if (!folder) throw new Error('the folder is made before the tests run');
      return folder;
    },
  };
}

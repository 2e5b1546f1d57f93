#!/usr/bin/env node
// End-to-end runner: starts the real jiebang binary on a fresh data dir with the test clock, drives the
// system Chromium through the flows in order (one shared browser, one context per actor), and prints
// "N passed, M failed". Env: JIEBANG_BIN (default ../bin/jiebang), CHROMIUM_PATH (default /usr/bin/chromium),
// E2E_ONLY (comma-separated flow names), E2E_KEEP=1 keeps the data dir, E2E_CLOCK_START (RFC 3339: where the
// server's test clock and the browsers' clocks start; default 2026-11-02T09:00:00+08:00).
// A flow that exports `demo = true` walks the demo (`jiebang seed --demo`, the README's accounts): those flows run
// after the others, against a second server on a data dir seeded with the demo at the same clock start.
import { spawn, execFileSync } from 'node:child_process'
import { mkdtempSync, mkdirSync, rmSync, openSync, writeFileSync, readdirSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import net from 'node:net'
import { chromium } from 'playwright-core'
import { api, assertFits, PHONE } from './lib.mjs'
import { assertAccessible } from './axe.mjs'

const here = dirname(fileURLToPath(import.meta.url))
const frontendDir = resolve(here, '..')
const bin = resolve(frontendDir, process.env.JIEBANG_BIN || '../bin/jiebang')
const artifacts = join(here, 'artifacts')
mkdirSync(artifacts, { recursive: true })

// Every flows/NN-name.mjs is a flow (default export: async (ctx) => {...}), run in file-name order; its name is
// the part after the number, so E2E_ONLY=bidding,review runs just those. Adding a flow means adding a file.
const flowDir = join(here, 'flows')
const flows = await Promise.all(
  readdirSync(flowDir)
    .filter((f) => /^\d+-.+\.mjs$/.test(f))
    .sort()
    .map(async (f) => {
      const m = await import(join(flowDir, f))
      return [f.replace(/^\d+-|\.mjs$/g, ''), m.default, !!m.demo]
    }),
)

function freePort() {
  return new Promise((res, rej) => {
    const s = net.createServer()
    s.unref()
    s.on('error', rej)
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address()
      s.close(() => res(port))
    })
  })
}

async function waitReady(base, server, timeoutMs = 60_000) {
  const until = Date.now() + timeoutMs
  while (Date.now() < until) {
    if (server.exitCode !== null) throw new Error(`server exited with ${server.exitCode} (see e2e/artifacts/server.log)`)
    try {
      const r = await fetch(base + '/readyz')
      if (r.ok) return
    } catch {
      /* not yet listening */
    }
    await new Promise((r) => setTimeout(r, 100)) // polling the server, not a sleep in a flow
  }
  throw new Error('server not ready in time')
}

// E2E_SOFT=1 reports layout and accessibility findings without failing (to survey a page while fixing it).
async function soft(check) {
  if (process.env.E2E_SOFT !== '1') return check()
  try {
    return await check()
  } catch (e) {
    console.log('  SOFT', e.message)
  }
}

const clockStart = process.env.E2E_CLOCK_START || '2026-11-02T09:00:00+08:00'

const BUREAU = { email: 'bureau@e2e.test', password: 'Bureau-e2e-2026', name: '科技局测试员' }
const ADMIN = { email: 'admin@e2e.test', password: 'Admin-e2e-2026', name: '平台管理员' }
// The demo's accounts (README, "Demo accounts"): every one has the password Demo2026!.
const DEMO_PASSWORD = 'Demo2026!'
const DEMO = { bureau: { email: 'bureau@demo.jiebang.cn', password: DEMO_PASSWORD }, admin: { email: 'admin@demo.jiebang.cn', password: DEMO_PASSWORD } }

async function main() {
  const only = (process.env.E2E_ONLY || '').split(',').filter(Boolean)
  const chosen = flows.filter(([name]) => !only.length || only.includes(name))
  const plain = chosen.filter(([, , demo]) => !demo)
  const demo = chosen.filter(([, , demo]) => demo)
  const totals = { passed: 0, failed: 0 }
  if (plain.length || !demo.length) await session(plain, false, totals)
  if (demo.length) await session(demo, true, totals)
  writeFileSync(join(artifacts, 'last-result.txt'), `${totals.passed} passed, ${totals.failed} failed\n`)
  console.log(`${totals.passed} passed, ${totals.failed} failed`)
  process.exit(totals.failed ? 1 : 0)
}

/** Runs flows against a server of their own: on a fresh data dir with the e2e accounts, or seeded with the demo. */
async function session(flows, withDemo, totals) {
  const dataDir = mkdtempSync(join(tmpdir(), 'jiebang-e2e-'))
  // The flows register dozens of users from one address: lift the per-address registration limit (default 30 an hour).
  // The server's test clock starts at a fixed instant (E2E_CLOCK_START, by default a Monday morning in November), so
  // no flow depends on the day it runs; `make test` runs the flows a second time from the eve of a holiday.
  const env = { JIEBANG_REGISTER_LIMIT: '10000', ...process.env, JIEBANG_TEST_CLOCK: '1', JIEBANG_DATA_DIR: dataDir,
    JIEBANG_TEST_CLOCK_START: clockStart }
  if (withDemo) {
    execFileSync(bin, ['seed', '--demo', '--data-dir', dataDir], { env, stdio: ['ignore', 'ignore', 'inherit'] })
  } else {
    for (const [u, role] of [[BUREAU, 'bureau'], [ADMIN, 'admin']]) {
      execFileSync(bin, ['user', 'create', '--email', u.email, '--password', u.password, '--name', u.name, '--role', role, '--data-dir', dataDir], { env, stdio: ['ignore', 'ignore', 'inherit'] })
    }
  }

  const port = await freePort()
  const base = `http://127.0.0.1:${port}`
  const log = openSync(join(artifacts, withDemo ? 'server-demo.log' : 'server.log'), 'w')
  const server = spawn(bin, ['serve', '--addr', `127.0.0.1:${port}`, '--data-dir', dataDir], { env, stdio: ['ignore', log, log] })
  let browser
  let passed = 0
  let failed = 0
  try {
    await waitReady(base, server)
    browser = await chromium.launch({
      executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    })
    const state = withDemo ? { ...DEMO, demoPassword: DEMO_PASSWORD } : { bureau: BUREAU, admin: ADMIN }
    const axeChecked = []
    for (const [name, flow] of flows) {
      const contexts = []
      const problems = []
      const ctx = {
        base,
        state,
        artifacts,
        log: (...a) => console.log(`  [${name}]`, ...a),
        /**
         * A page in a fresh browser context (one per actor): a desktop window, or with { phone: true } a 390×844
         * touch screen; { locale: 'en' } for a browser that prefers English.
         */
        async newPage(opts = {}) {
          const viewport = opts.phone ? PHONE : { width: 1366, height: 900 }
          const c = await browser.newContext({ viewport, isMobile: !!opts.phone, hasTouch: !!opts.phone, locale: opts.locale || 'zh-CN', acceptDownloads: true })
          c.setDefaultTimeout(15_000)
          // The browser's clock starts where the server's test clock is, and runs on from there.
          const clock = await api(base, 'GET', '/test/clock')
          await c.clock.install({ time: Date.parse(clock.body.now) })
          contexts.push(c)
          const p = await c.newPage()
          p.on('pageerror', (e) => problems.push(`page error: ${e.message}`))
          p.on('console', (m) => {
            if (m.type() === 'error' && /Content Security Policy|Refused to/.test(m.text())) problems.push(`CSP: ${m.text()}`)
          })
          return p
        },
        api: (method, path, body, token) => api(base, method, path, body, token),
        /** With E2E_SHOTS=1, saves a full-page screenshot of a step to artifacts/ (for looking at the pages). */
        async shot(page, label) {
          if (process.env.E2E_SHOTS !== '1') return
          await page.screenshot({ path: join(artifacts, `step-${name}-${label}.png`), fullPage: true })
        },
        /** Fails on serious or critical WCAG 2.1 A/AA violations found by axe-core (see e2e/axe.mjs). */
        async axe(page, label) {
          const file = join(artifacts, `axe-${name}-${label || 'page'}.json`)
          const v = await soft(() => assertAccessible(page, file))
          axeChecked.push(`${name}:${label || page.url()} (${v?.length ?? '?'} minor/moderate)`)
        },
        /** Fails when anything on the page reaches past the right edge of the screen. */
        fits: (page, label) => soft(() => assertFits(page, label)),
        async bureauToken() {
          const r = await api(base, 'POST', '/auth/login', { email: state.bureau.email, password: state.bureau.password })
          if (r.status !== 200) throw new Error(`bureau API login: ${r.status} ${JSON.stringify(r.body)}`)
          return r.body.access_token
        },
      }
      const started = Date.now()
      try {
        await flow(ctx)
        if (problems.length) throw new Error('browser problems:\n    ' + problems.join('\n    '))
        passed++
        console.log(`ok   ${name} (${((Date.now() - started) / 1000).toFixed(1)}s)`)
      } catch (e) {
        failed++
        console.log(`FAIL ${name}: ${e.stack || e}`)
        let i = 0
        for (const c of contexts) {
          for (const p of c.pages()) {
            const file = join(artifacts, `${name}-${++i}.png`)
            try {
              await p.screenshot({ path: file, fullPage: true })
              console.log(`     screenshot: ${file} (${p.url()})`)
            } catch {
              /* page gone */
            }
          }
        }
      } finally {
        for (const c of contexts) await c.close().catch(() => {})
      }
    }
    if (axeChecked.length) console.log(`axe: ${axeChecked.length} page(s) with no serious or critical violation`)
  } catch (e) {
    failed++
    console.log(`FAIL setup: ${e.stack || e}`)
  } finally {
    if (browser) await browser.close().catch(() => {})
    server.kill('SIGTERM')
    await new Promise((r) => (server.exitCode !== null ? r() : server.once('exit', r)))
    if (process.env.E2E_KEEP === '1') console.log(`data dir kept: ${dataDir}`)
    else rmSync(dataDir, { recursive: true, force: true })
  }
  totals.passed += passed
  totals.failed += failed
}

main().catch((e) => {
  console.error(e)
  console.log('0 passed, 1 failed')
  process.exit(1)
})

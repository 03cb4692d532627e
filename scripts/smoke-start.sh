#!/usr/bin/env bash
# Start Patron as `npm start` does, on a fresh data directory, and check that the demo is served:
# health, a full queue ordered by priority, the OpenAPI document, the dashboard. Stops the server afterwards.
# Needs only Node and npm (HTTP checks use Node's fetch, not curl).
set -euo pipefail
cd "$(dirname "$0")/.."

data=$(mktemp -d)
port=$(node -e "const s=require('net').createServer();s.listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})")
log="$data/server.log"
# Its own process group: npm does not pass the signal on to the server it started.
PORT=$port PATRON_DATA_DIR="$data/patron" setsid npm start >"$log" 2>&1 &
pid=$!
stop() {
  kill -TERM -- "-$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  rm -rf "$data"
}
trap stop EXIT

PATRON_URL="http://127.0.0.1:$port" SERVER_PID=$pid SERVER_LOG="$log" node --input-type=module -e '
  const base = process.env.PATRON_URL
  const alive = () => { try { process.kill(Number(process.env.SERVER_PID), 0); return true } catch { return false } }
  let ready = false
  for (let i = 0; i < 240 && !ready; i++) {
    ready = await fetch(`${base}/healthz`).then((r) => r.ok, () => false)
    if (!ready) {
      if (!alive()) throw new Error("the server exited; see the log above")
      await new Promise((r) => setTimeout(r, 500))
    }
  }
  if (!ready) throw new Error("the server did not become healthy in 120 s")
  console.log(await (await fetch(`${base}/healthz`)).text())
  const { items } = await (await fetch(`${base}/v1/queue?limit=200`)).json()
  if (items.length < 100) throw new Error(`demo queue has only ${items.length} open tickets`)
  for (let i = 1; i < items.length; i++) {
    if (items[i].priority.score > items[i - 1].priority.score) throw new Error("queue is not ordered by priority")
  }
  const tiers = new Set(items.map((t) => t.tier.id))
  const zh = items.filter((t) => t.language === "zh").length
  console.log(`demo queue: ${items.length} tickets on the first page, tiers ${[...tiers].join(", ")}, ${zh} in Chinese`)
  if (tiers.size < 3 || zh === 0) throw new Error("demo data lacks tiers or Chinese tickets")
  const paths = Object.keys((await (await fetch(`${base}/openapi.json`)).json()).paths)
  console.log(`openapi: ${paths.length} paths`)
  const page = await (await fetch(`${base}/`)).text()
  if (!page.includes("/assets/app.js")) throw new Error("the dashboard page is not served at /")
  const script = await fetch(`${base}/assets/app.js`)
  if (!script.ok || (await script.text()).length < 10000) throw new Error("the dashboard script is not served")
  console.log("dashboard: served at /")
' || { echo "--- server log"; cat "$log"; exit 1; }
echo "quickstart ok"

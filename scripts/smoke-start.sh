#!/usr/bin/env bash
# Start Patron as `npm start` does, on a fresh data directory, and check that the demo is served:
# health, a full queue ordered by priority, the OpenAPI document. Stops the server afterwards.
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

for _ in $(seq 1 120); do
  if curl -sf "http://127.0.0.1:$port/healthz" >/dev/null; then break; fi
  if ! kill -0 "$pid" 2>/dev/null; then echo "server exited:"; cat "$log"; exit 1; fi
  sleep 0.5
done
curl -sf "http://127.0.0.1:$port/healthz"
echo
curl -sf "http://127.0.0.1:$port/v1/queue?limit=200" | node -e '
  let s = ""; process.stdin.on("data", (d) => (s += d)).on("end", () => {
    const items = JSON.parse(s).items
    if (items.length < 100) throw new Error(`demo queue has only ${items.length} open tickets`)
    for (let i = 1; i < items.length; i++) {
      if (items[i].priority.score > items[i - 1].priority.score) throw new Error("queue is not ordered by priority")
    }
    const tiers = new Set(items.map((t) => t.tier.id))
    const zh = items.filter((t) => t.language === "zh").length
    console.log(`demo queue: ${items.length} tickets on the first page, tiers ${[...tiers].join(", ")}, ${zh} in Chinese`)
    if (tiers.size < 3 || zh === 0) throw new Error("demo data lacks tiers or Chinese tickets")
  })'
curl -sf "http://127.0.0.1:$port/openapi.json" | node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>{const p=Object.keys(JSON.parse(s).paths);console.log(`openapi: ${p.length} paths`)})'
echo "quickstart ok"

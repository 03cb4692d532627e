#!/usr/bin/env bash
# Splits each public data set into a seeded, stratified train/test pair in a temporary folder and runs
# the eval commands on it: the public files are all we have, so this is how a model is checked on rows
# it has not seen. The data sets are read by path, never copied into the repository.
#
#   bash scripts/eval-public.sh [DATA_DIR]        (default: ../shared/data beside the checkout)
#   SEED=2 TEST_FRACTION=0.3 bash scripts/eval-public.sh
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
data="${1:-$root/../shared/data}"
seed="${SEED:-1}"
fraction="${TEST_FRACTION:-0.2}"
if [ ! -d "$data" ]; then
  echo "eval-public: no data folder at $data (pass it as the first argument)" >&2
  exit 2
fi
work="$(mktemp -d "${TMPDIR:-/tmp}/patron-eval-public.XXXXXX")"
trap 'rm -rf "$work"' EXIT

patron() { node "$root/bin/patron.js" "$@"; }
summary=()

# evaluate NAME FILE COMMAND: split FILE, run `patron eval COMMAND` on the halves, keep the last line.
evaluate() {
  local name=$1 file=$2 command=$3 started=$SECONDS
  local base
  base="$(basename "$file" .csv)"
  echo "== $name: $command (seed $seed, test fraction $fraction)"
  patron eval split "$data/$file" --out-dir "$work/$name" --test-fraction "$fraction" --seed "$seed"
  local out
  out="$(patron eval "$command" --train "$work/$name/$base.train.csv" --test "$work/$name/$base.test.csv" --seed "$seed")"
  echo "$out"
  echo "($((SECONDS - started)) s)"
  echo
  summary+=("$(printf '%-36s %s' "$name" "$(tail -n 1 <<<"$out")")")
}

started=$SECONDS
evaluate telco-customer-churn telco-customer-churn/telco_customer_churn.csv churn
evaluate chnsenticorp-htl-all chnsenticorp-htl-all/chnsenticorp_htl_all.csv sentiment
evaluate waimai-10k waimai-10k/waimai_10k.csv sentiment
evaluate customer-support-tickets-suraj520 customer-support-tickets-suraj520/customer_support_tickets.csv priority

echo "== summary (test split figures; $((SECONDS - started)) s in all)"
printf '%s\n' "${summary[@]}"

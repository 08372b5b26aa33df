#!/usr/bin/env bash
# Turns the raw results of broker-bench.sh into the markdown report (on stdout): medians per case, metric and
# broker, the Voltstream/Kafka ratio, the machine and the exact command. Called by broker-bench.sh; it can also be
# re-run by hand on a results.tsv kept with --keep.
#
# usage: bench-report.sh <results.tsv> <repeats> <quick:true|false> "<brokers>" "<command>" "<started>"
#                        <n_small> <n_large> <n_consume> <n_e2e> "<heap opts>"
set -euo pipefail

raw=$1 repeats=$2 quick=$3 brokers=$4 command=$5 started=$6
n_small=$7 n_large=$8 n_consume=$9 n_e2e=${10} heap=${11}

cpu_model=$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -1)
mem_gib=$(awk '/^MemTotal:/ {printf "%.1f", $2 / 1048576}' /proc/meminfo)
java_version=$(java -version 2>&1 | head -2 | tr '\n' ' ' | sed 's/ *$//')

echo "# Broker benchmarks: Voltstream vs Apache Kafka"
echo
if [[ $quick == true ]]; then
  echo "> **QUICK RUN: a smoke test of the harness ($repeats repeat(s), about 1/10 of the record counts). These numbers are"
  echo "> not results: they are noisy and too short for the JIT to warm up. Publish only a full run"
  echo "> (\`infra/load/broker-bench.sh\` without \`--quick\`).**"
  echo
fi
echo "- Command: \`$command\`"
echo "- Started: $started; report written $(date -u '+%Y-%m-%d %H:%M UTC')"
echo "- Machine: $(nproc) CPUs ($cpu_model), ${mem_gib} GiB RAM, Linux $(uname -r)"
echo "- Java: $java_version"
names=()
for b in $brokers; do
  case $b in voltstream) names+=("Voltstream (this repository)") ;; kafka) names+=("Apache Kafka 4.1.2") ;; esac
done
echo "- Brokers: $(IFS=,; joined="${names[*]}"; echo "${joined//,/, }"); heap \`$heap\` for both; Voltstream with the JVM flags of infra/bin/broker-start.sh (G1, AppCDS), Kafka"
echo "  with those of its kafka-server-start.sh (G1). Both on 127.0.0.1, both running during the workload (one is idle"
echo "  while the other is measured), one single-node broker each (Kafka in KRaft combined mode)."
echo "- Clients: Apache Kafka 4.1.2's own tools (ProducerPerformance, ConsumerPerformance, EndToEndLatency) with default"
echo "  client settings, on the same machine as the brokers: client and broker share the CPUs."
echo "- Each case ran $repeats time(s) per broker, alternating which broker goes first; every cell is the **median**."
echo "  Ratio = Voltstream / Kafka; whether higher or lower is better is in the last column."
echo "- Counts: produce $n_small x 100 B and $n_large x 1 KB (\`--throughput -1\`); consume $n_consume x 100 B from"
echo "  earliest with a new group each run; end-to-end $n_e2e x 100 B, one at a time. Ready = JVM launch to the first"
echo "  Metadata answer listing a broker (Kafka's storage format step not counted). Broker CPU time covers every case"
echo "  run against that broker, so it compares like with like only when neither broker has a FAIL."
echo

awk -F'\t' -v brokers="$brokers" -v repeats="$repeats" -v n_small="$n_small" -v n_large="$n_large" \
  -v n_consume="$n_consume" -v n_e2e="$n_e2e" '
function median(list,    n, a, i, j, t) {
  n = split(list, a, " ")
  for (i = 2; i <= n; i++) { t = a[i]; for (j = i - 1; j >= 1 && a[j] + 0 > t + 0; j--) a[j + 1] = a[j]; a[j + 1] = t }
  return n % 2 ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2
}
function fmt(v) {
  if (v == int(v)) return sprintf("%d", v)
  if (v + 0 >= 1000) return sprintf("%.0f", v)
  if (v + 0 >= 100) return sprintf("%.1f", v)
  return sprintf("%.2f", v)
}
function cell(c, b, m,    ok, n) {
  ok = (c SUBSEP b SUBSEP m) in vals ? split(vals[c, b, m], _tmp, " ") : 0
  n = ok + fails[c, b, m]
  if (n == 0) return "n/a"
  if (ok == 0) return "FAIL"
  return fmt(median(vals[c, b, m])) (ok < n ? " (" ok "/" n " ok)" : "")
}
function label_case(c,    p) {
  if (c == "ready") return "startup"
  if (c == "memory") return "after the workload"
  split(c, p, "-")
  if (p[1] == "produce") return "produce " (p[2] == "100b" ? n_small " x 100 B" : n_large " x 1 KB") ", " \
    substr(p[3], 1, 1) " partition" (p[3] == "1p" ? "" : "s") ", acks=" substr(p[4], 5)
  if (p[1] == "txnplain") return "produce " n_small " x 100 B, 3 partitions, acks=all (baseline of the transactions)"
  if (p[1] == "txn") return "transactional produce " n_small " x 100 B, 3 partitions, 100 ms transactions"
  if (p[1] == "consume" && p[2] == "rc") return "read_committed consume " n_consume " x 100 B of the transactional topic"
  if (p[1] == "consume") return "consume " n_consume " x 100 B, " substr(p[3], 1, 1) " partition" (p[3] == "1p" ? "" : "s")
  if (p[1] == "e2e") return "end-to-end " n_e2e " x 100 B, acks=" substr(p[3], 5)
  return c
}
BEGIN {
  nb = split(brokers, B, " ")
  label["ready_ms"] = "ready time (ms)"; better["ready_ms"] = "lower"
  label["stop_ms"] = "stop time, SIGTERM to exit (ms)"; better["stop_ms"] = "lower"
  label["records_per_s"] = "records/s"; better["records_per_s"] = "higher"
  label["avg_latency_ms"] = "avg latency (ms)"; better["avg_latency_ms"] = "lower"
  label["p50_latency_ms"] = "p50 latency (ms)"; better["p50_latency_ms"] = "lower"
  label["p99_latency_ms"] = "p99 latency (ms)"; better["p99_latency_ms"] = "lower"
  label["rebalance_ms"] = "group join (rebalance ms)"; better["rebalance_ms"] = "lower"
  label["fetch_records_per_s"] = "records/s, fetch only"; better["fetch_records_per_s"] = "higher"
  label["rss_mb"] = "RSS (MiB)"; better["rss_mb"] = "lower"
  label["peak_rss_mb"] = "peak RSS, VmHWM (MiB)"; better["peak_rss_mb"] = "lower"
  label["cpu_s"] = "broker CPU time over the workload (s)"; better["cpu_s"] = "lower"
}
$4 == "mb_per_s" { next }  # proportional to records/s at a fixed record size; kept in the raw file only
{
  key = $1 SUBSEP $4
  if (!(key in seen)) { seen[key] = 1; order[++rows] = key }
  k3 = $1 SUBSEP $2 SUBSEP $4
  # Read before assigning: some awks create the element on the left-hand side first.
  if ($5 == "FAIL") fails[k3]++
  else { prev = (k3 in vals) ? vals[k3] " " : ""; vals[k3] = prev $5 }
  prev = (k3 in all) ? all[k3] " " : ""; all[k3] = prev $5
}
END {
  printf "| Case | Metric |"; for (i = 1; i <= nb; i++) printf " %s |", (B[i] == "kafka" ? "Apache Kafka" : "Voltstream")
  if (nb == 2) printf " Voltstream / Kafka | Better |"
  printf "\n|---|---|"; for (i = 1; i <= nb; i++) printf "---:|"; if (nb == 2) printf "---:|---|"; printf "\n"
  for (r = 1; r <= rows; r++) {
    split(order[r], k, SUBSEP); c = k[1]; m = k[2]
    printf "| %s | %s |", label_case(c), (m in label ? label[m] : m)
    for (i = 1; i <= nb; i++) printf " %s |", cell(c, B[i], m)
    if (nb == 2) {
      kv = c SUBSEP "voltstream" SUBSEP m; kk = c SUBSEP "kafka" SUBSEP m
      ratio = "n/a"
      if ((kv in vals) && (kk in vals) && median(vals[kk]) + 0 > 0) ratio = sprintf("%.2f", median(vals[kv]) / median(vals[kk]))
      printf " %s | %s |", ratio, better[m]
    }
    printf "\n"
  }
  print ""
  print "<details><summary>Every run (in run order)</summary>"
  print ""
  print "| Case | Metric | Broker | Values |"
  print "|---|---|---|---|"
  for (r = 1; r <= rows; r++) {
    split(order[r], k, SUBSEP)
    for (i = 1; i <= nb; i++) if ((k[1], B[i], k[2]) in all) printf "| %s | %s | %s | %s |\n", k[1], k[2], B[i], all[k[1], B[i], k[2]]
  }
  print ""
  print "</details>"
}' "$raw"

#!/usr/bin/env bash
# Starts the Voltstream broker with its operator console ($BROKER_MAIN_CLASS from infra/lib/common.sh:
# dev.voltstream.broker.console.BrokerConsoleMain) from this repository, building it through the Maven wrapper first
# if its jar is missing or older than the broker's sources. Mirrors Kafka's kafka-server-start.sh. The console listens
# on console.listener (default http://localhost:8080); --override console.enabled=false turns it off.
#
# usage: broker-start.sh [-daemon] <server.properties> [--override key=value]...
#   -daemon   run in the background logging to $VOLTSTREAM_DAEMON_OUT (default /tmp/voltstream-broker.out, a rolling
#             log file as below); prints the PID and exits
# env: VOLTSTREAM_HEAP_OPTS  heap flags, default -Xmx512m
#      VOLTSTREAM_JVM_OPTS   GC and other JVM flags, default below (chosen for a quick start without capping the JIT)
#      VOLTSTREAM_OPTS       extra JVM flags (system properties, agents...)
#      VOLTSTREAM_APPCDS     1 (default): application class-data sharing. A start without a valid archive writes
#                            target/broker-appcds.jsa when the broker exits; later starts map it, which halves the
#                            time to ready (JDK 17 dynamic archive). Rewritten when a jar or the JDK changes. 0: off.
#      VOLTSTREAM_REBUILD=1  rebuild the broker even if the jar is up to date
#      VOLTSTREAM_NO_BUILD=1 never build: run the jar as it is (it must exist)
#      JAVA_HOME             the JDK to use (17+)
#      VOLTSTREAM_LOG_FILE   the broker writes its log to this file instead of stderr (default with -daemon:
#                            $VOLTSTREAM_DAEMON_OUT). The file rolls at VOLTSTREAM_LOG_MAX_BYTES (default 10485760) to
#                            <file>.1 ... <file>.$VOLTSTREAM_LOG_BACKUPS (default 5), so the log never exceeds
#                            (backups + 1) x max bytes
# The broker logs a line containing "Voltstream broker started" when it is ready; SIGTERM stops it cleanly
# (see broker-stop.sh).
set -euo pipefail
source "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/../lib/common.sh"

daemon=false
if [[ ${1:-} == -daemon || ${1:-} == --daemon ]]; then
  daemon=true
  shift
fi
if (($# < 1)) || [[ $1 == -* ]]; then
  die "usage: $(basename "$0") [-daemon] <server.properties> [--override key=value]..."
fi
[[ -f $1 ]] || die "no such properties file: $1"
props=$(readlink -f "$1")
shift

ensure_broker_jar

JAVA=java
[[ -n ${JAVA_HOME:-} ]] && JAVA=$JAVA_HOME/bin/java

VOLTSTREAM_HEAP_OPTS=${VOLTSTREAM_HEAP_OPTS:--Xmx512m}
# G1 with a short pause goal, like Kafka. Class data sharing of the JDK's own classes is on by default (-Xshare:auto).
VOLTSTREAM_JVM_OPTS=${VOLTSTREAM_JVM_OPTS:--XX:+UseG1GC -XX:MaxGCPauseMillis=20 -XX:+ExitOnOutOfMemoryError -Djava.awt.headless=true}

cds_opts=
if [[ ${VOLTSTREAM_APPCDS:-1} == 1 ]]; then
  archive=$(dirname "$BROKER_JAR")/broker-appcds.jsa
  # The JVM rejects an archive whose class path jars changed (with a warning, and runs without it), so rewrite it
  # whenever a jar of the class path or the JDK itself is newer.
  if [[ -f $archive && -z $(find "$BROKER_JAR" "$(dirname "$BROKER_JAR")/lib" "$(readlink -f "$(command -v "$JAVA")")" \
    -newer "$archive" -print -quit 2>/dev/null) ]]; then
    cds_opts="-XX:SharedArchiveFile=$archive"
  else
    # Written at exit (SIGTERM included); a broker killed with SIGKILL leaves none and the next start tries again.
    rm -f "$archive"
    cds_opts="-XX:ArchiveClassesAtExit=$archive"
  fi
fi

# The jar's manifest Class-Path names its dependencies in target/lib. The main class is named on the command line
# (rather than java -jar) so that broker-stop.sh can find the process by it.
# shellcheck disable=SC2206 # the *_OPTS variables hold several flags each: split on purpose
out=${VOLTSTREAM_DAEMON_OUT:-/tmp/voltstream-broker.out}
log_file=${VOLTSTREAM_LOG_FILE:-}
if $daemon && [[ -z $log_file ]]; then
  log_file=$out
fi
log_opts=()
if [[ -n $log_file ]]; then
  log_opts=("-Dvoltstream.log.file=$log_file" "-Dvoltstream.log.max.bytes=${VOLTSTREAM_LOG_MAX_BYTES:-10485760}"
    "-Dvoltstream.log.backups=${VOLTSTREAM_LOG_BACKUPS:-5}")
fi
cmd=("$JAVA" $VOLTSTREAM_HEAP_OPTS $VOLTSTREAM_JVM_OPTS $cds_opts ${VOLTSTREAM_OPTS:-} "${log_opts[@]}"
  -cp "$BROKER_JAR" "$BROKER_MAIN_CLASS" "$props" "$@")
if $daemon; then
  # Appending: the broker itself writes (and rolls) the same file; only the JVM's own rare messages come this way.
  nohup "${cmd[@]}" >>"$out" 2>&1 </dev/null &
  echo $!
else
  exec "${cmd[@]}"
fi

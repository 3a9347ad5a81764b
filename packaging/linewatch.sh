#!/bin/sh
# The linewatch command of the Debian package: the Java runtime and libraries it ships under /opt/linewatch.
home="$(dirname "$(dirname "$(readlink -f "$0")")")"
# The JVM defaults of ./linewatch (docs/PERFORMANCE.md, "JVM defaults"): a 768 MiB heap cap (LINEWATCH_HEAP changes
# it; an -Xmx in LINEWATCH_JAVA_OPTS wins); the parallel collector, but G1 for live capture, whose pauses it keeps
# short (a -XX:+Use...GC in LINEWATCH_JAVA_OPTS replaces either).
gc=-XX:+UseParallelGC
if [ "${1:-}" = capture ]; then
  gc=-XX:+UseG1GC
fi
case " ${LINEWATCH_JAVA_OPTS:-} " in
  *" -XX:+Use"*GC" "*) gc= ;;
esac
exec "$home/runtime/bin/java" -Xmx"${LINEWATCH_HEAP:-768m}" $gc -Xshare:auto ${LINEWATCH_JAVA_OPTS:-} -cp "$home/lib/*" \
    io.linewatch.sensor.Main "$@"

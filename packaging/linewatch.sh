#!/bin/sh
# The linewatch command of the Debian package: the Java runtime and libraries it ships under /opt/linewatch.
home="$(dirname "$(dirname "$(readlink -f "$0")")")"
# The JVM defaults of ./linewatch (docs/PERFORMANCE.md, "JVM defaults"): a 768 MiB heap cap (LINEWATCH_HEAP changes
# it; an -Xmx in LINEWATCH_JAVA_OPTS wins) and G1, which keeps pauses short for live capture.
gc=-XX:+UseG1GC
case " ${LINEWATCH_JAVA_OPTS:-} " in
  *" -XX:+Use"*GC" "*) gc= ;;
esac
exec "$home/runtime/bin/java" -Xmx"${LINEWATCH_HEAP:-768m}" $gc -Xshare:auto ${LINEWATCH_JAVA_OPTS:-} -cp "$home/lib/*" \
    io.linewatch.sensor.Main "$@"

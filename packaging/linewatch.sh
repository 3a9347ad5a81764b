#!/bin/sh
# The linewatch command of the Debian package: the Java runtime and libraries it ships under /opt/linewatch.
home="$(dirname "$(dirname "$(readlink -f "$0")")")"
exec "$home/runtime/bin/java" -XX:+UseSerialGC -Xshare:auto ${LINEWATCH_JAVA_OPTS:-} -cp "$home/lib/*" \
    io.linewatch.sensor.Main "$@"

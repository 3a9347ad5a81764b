package io.linewatch.index.outputs;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;

/** RFC 5424 syslog messages, and the octet-counting frame of RFC 6587 / RFC 5425 for stream transports. */
final class Syslog {
    /** Facility names (RFC 5424 table 1) to numbers. */
    static final Map<String, Integer> FACILITIES = Map.ofEntries(Map.entry("kern", 0), Map.entry("user", 1),
            Map.entry("mail", 2), Map.entry("daemon", 3), Map.entry("auth", 4), Map.entry("syslog", 5),
            Map.entry("lpr", 6), Map.entry("news", 7), Map.entry("uucp", 8), Map.entry("cron", 9),
            Map.entry("authpriv", 10), Map.entry("ftp", 11), Map.entry("local0", 16), Map.entry("local1", 17),
            Map.entry("local2", 18), Map.entry("local3", 19), Map.entry("local4", 20), Map.entry("local5", 21),
            Map.entry("local6", 22), Map.entry("local7", 23));
    static final String APP_NAME = "linewatch";
    static final String MSG_ID = "alert";

    private Syslog() {
    }

    static int facility(String name) throws OutputException {
        Integer f = FACILITIES.get(name.toLowerCase(Locale.ROOT));
        if (f == null) {
            throw new OutputException("unknown syslog facility '" + name + "' (known: "
                    + String.join(", ", FACILITIES.keySet().stream().sorted().toList()) + ")");
        }
        return f;
    }

    /** The alert's 0-100 severity as a syslog severity: critical, error, warning, notice or informational. */
    static int severity(Map<String, Object> alert) {
        Object s = AlertFormat.get(alert, "event.severity");
        long sev = s instanceof Number n ? n.longValue() : 0;
        if (sev >= 90) {
            return 2;
        }
        if (sev >= 70) {
            return 3;
        }
        if (sev >= 40) {
            return 4;
        }
        return sev >= 20 ? 5 : 6;
    }

    /**
     * {@code <PRI>1 TIMESTAMP HOSTNAME APP-NAME PROCID MSGID - MSG}: the alert's own time (capture time), the
     * sensor's name as host, no structured data; the message is the formatted alert.
     */
    static String message(Map<String, Object> alert, int facility, String hostName, long pid, String msg) {
        Object ts = AlertFormat.get(alert, "@timestamp");
        return "<" + (facility * 8 + severity(alert)) + ">1 " + (ts == null ? "-" : ts) + " " + field(hostName, 255)
                + " " + APP_NAME + " " + pid + " " + MSG_ID + " - " + msg;
    }

    /** A header field: printable US-ASCII without spaces, at most {@code max} characters; "-" when empty. */
    static String field(String s, int max) {
        if (s == null || s.isEmpty()) {
            return "-";
        }
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < s.length() && b.length() < max; i++) {
            char c = s.charAt(i);
            b.append(c > 32 && c < 127 ? c : '_');
        }
        return b.toString();
    }

    /** Octet counting: {@code MSG-LEN SP SYSLOG-MSG} (RFC 6587 3.4.1, RFC 5425 4.3). */
    static byte[] frame(byte[] message) {
        byte[] len = (message.length + " ").getBytes(StandardCharsets.US_ASCII);
        byte[] out = new byte[len.length + message.length];
        System.arraycopy(len, 0, out, 0, len.length);
        System.arraycopy(message, 0, out, len.length, message.length);
        return out;
    }
}

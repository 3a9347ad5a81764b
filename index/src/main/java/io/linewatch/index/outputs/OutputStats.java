package io.linewatch.index.outputs;

/**
 * What one output did so far.
 *
 * @param name      the output as configured, e.g. {@code syslog tls://siem.example:6514 cef}
 * @param sent      alerts the receiver took
 * @param dropped   alerts dropped because the queue was full (the receiver slow or unreachable for long)
 * @param failed    alerts the receiver refused for good (e.g. HTTP 400); not retried
 * @param queued    alerts waiting now
 * @param retrying  the last attempt failed and the output is waiting to try again
 * @param lastError the last failure, or null
 */
public record OutputStats(String name, long sent, long dropped, long failed, int queued, boolean retrying,
        String lastError) {
    /** One line for the run summary and the periodic status. */
    public String summary() {
        return String.format("%s: sent %,d  dropped %,d  failed %,d  queued %,d%s", name, sent, dropped, failed, queued,
                lastError == null ? "" : (retrying ? "  retrying: " : "  last error: ") + lastError);
    }
}

package io.linewatch.index.es;

import java.util.Map;
import java.util.stream.Collectors;

/**
 * A snapshot of the shipper for reports: what was sent, set aside, and how far behind the journal it is.
 *
 * @param retrying  Elasticsearch is unreachable, overloaded or refusing: the shipper is backing off
 * @param lastError the latest failure, one line without secrets (null if none yet)
 * @param streams   per journal stream (events, alerts)
 */
public record ShipperStatus(String destination, boolean retrying, String lastError, Map<String, Stream> streams,
                            long assetsSent, long assetsRejected, long cursorResets) {
    /**
     * @param stored          documents Elasticsearch stored in this run
     * @param alreadyPresent  documents it already held (an earlier send got through): not duplicated
     * @param rejected        documents set aside in rejected.ndjson
     * @param documentsBehind complete journal lines not yet settled
     * @param bytesBehind     journal bytes not yet settled
     */
    public record Stream(long stored, long alreadyPresent, long rejected, long documentsBehind, long bytesBehind) {
    }

    public long documentsBehind() {
        return streams.values().stream().mapToLong(Stream::documentsBehind).sum();
    }

    public long bytesBehind() {
        return streams.values().stream().mapToLong(Stream::bytesBehind).sum();
    }

    public long rejected() {
        return streams.values().stream().mapToLong(Stream::rejected).sum() + assetsRejected;
    }

    /** One line: {@code events 14 stored, 0 already present, 0 rejected, 0 behind (0 B); ...}. */
    public String summary() {
        String perStream = streams.entrySet().stream().map(e -> String.format("%s %,d stored, %,d already present, "
                        + "%,d rejected, %,d behind (%,d bytes)", e.getKey(), e.getValue().stored(),
                e.getValue().alreadyPresent(), e.getValue().rejected(), e.getValue().documentsBehind(),
                e.getValue().bytesBehind())).collect(Collectors.joining("; "));
        return perStream + String.format("; assets %,d upserted, %,d rejected", assetsSent, assetsRejected)
                + (retrying ? "; retrying: " + lastError : "");
    }
}

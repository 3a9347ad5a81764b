package io.linewatch.capture.source;

import java.util.ArrayList;
import java.util.List;

/**
 * Several sources read as one stream in capture-time order (a k-way merge on the head frame of
 * each). Ties go to the source listed first, so the order is reproducible.
 */
public final class MergedSource implements PacketSource {
    private final List<PacketSource> sources;
    private final Frame[] heads;
    private final boolean[] live;

    public MergedSource(List<PacketSource> sources) {
        this.sources = new ArrayList<>(sources);
        this.heads = new Frame[sources.size()];
        this.live = new boolean[sources.size()];
    }

    private boolean primed;

    @Override
    public boolean next(Frame frame) throws CaptureException {
        if (!primed) {
            for (int i = 0; i < heads.length; i++) {
                heads[i] = new Frame();
                live[i] = sources.get(i).next(heads[i]);
            }
            primed = true;
        }
        int best = -1;
        for (int i = 0; i < heads.length; i++) {
            if (live[i] && (best < 0 || heads[i].timestampNanos < heads[best].timestampNanos)) {
                best = i;
            }
        }
        if (best < 0) {
            return false;
        }
        Frame h = heads[best];
        frame.set(h.timestampNanos, h.linkType, h.data, 0, h.capturedLength, h.originalLength);
        live[best] = sources.get(best).next(h);
        return true;
    }

    @Override
    public String name() {
        return sources.size() == 1 ? sources.get(0).name() : sources.size() + " files";
    }

    @Override
    public double progress() {
        double sum = 0;
        for (PacketSource s : sources) {
            sum += Math.max(0, s.progress());
        }
        return sources.isEmpty() ? 1 : sum / sources.size();
    }

    @Override
    public void close() {
        sources.forEach(PacketSource::close);
    }
}

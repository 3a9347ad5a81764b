package io.linewatch.model;

/** Where finished documents go (the next pipeline stage, the journal, Elasticsearch). */
@FunctionalInterface
public interface EventSink {
    void accept(EventDoc doc);
}

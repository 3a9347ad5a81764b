package io.linewatch.model.transaction;

/** Where the dissectors hand their typed records: the next pipeline stage. */
public interface Records {
    void transaction(Transaction t);

    void flowEnded(FlowRecord f);
}

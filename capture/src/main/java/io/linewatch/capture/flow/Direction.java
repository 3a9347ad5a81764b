package io.linewatch.capture.flow;

/** Which way bytes travel in a flow, relative to who opened the connection. */
public enum Direction {
    /** client (initiator, master, HMI) to server (PLC, slave). */
    TO_SERVER,
    TO_CLIENT;

    public Direction reverse() {
        return this == TO_SERVER ? TO_CLIENT : TO_SERVER;
    }
}

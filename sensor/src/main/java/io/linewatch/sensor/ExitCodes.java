package io.linewatch.sensor;

/** Process exit status: 0 done, 1 stopped by a problem with the input or output, 2 bad usage. */
final class ExitCodes {
    static final int OK = 0;
    static final int FAILURE = 1;
    static final int USAGE = 2;

    private ExitCodes() {
    }
}

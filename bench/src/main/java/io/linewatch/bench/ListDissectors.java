package io.linewatch.bench;

import io.linewatch.dissectors.Dissectors;
import java.util.stream.Collectors;

/** Prints the protocols of {@link Dissectors#all()}, comma-separated, for bench/jmh's -p protocol=... */
public final class ListDissectors {
    private ListDissectors() {
    }

    public static void main(String[] args) {
        // several factories may share a protocol (DNS over UDP, TCP and multicast): each is benchmarked once
        System.out.println(Dissectors.all().stream().map(f -> f.protocol().wireName).distinct()
                .collect(Collectors.joining(",")));
    }
}

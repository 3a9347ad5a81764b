package io.linewatch.bench;

import io.linewatch.dissectors.Dissectors;
import java.util.stream.Collectors;

/** Prints the protocols of {@link Dissectors#all()}, comma-separated, for bench/jmh's -p protocol=... */
public final class ListDissectors {
    private ListDissectors() {
    }

    public static void main(String[] args) {
        System.out.println(Dissectors.all().stream().map(f -> f.protocol().wireName).collect(Collectors.joining(",")));
    }
}

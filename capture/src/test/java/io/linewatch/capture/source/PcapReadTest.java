package io.linewatch.capture.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The direct libpcap binding is receive only (the sensor is passive; ArchitectureTest holds the callers). */
class PcapReadTest {
    @Test
    void bindsOnlyTheReadFunctionItDeclares() {
        Set<String> natives = Arrays.stream(PcapRead.class.getDeclaredMethods())
                .filter(m -> Modifier.isNative(m.getModifiers())).map(Method::getName).collect(Collectors.toSet());
        assertEquals(PcapRead.BOUND, natives);
        assertFalse(natives.stream().anyMatch(n -> n.contains("send") || n.contains("inject")), natives.toString());
    }
}

package io.linewatch.sensor;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaMethodCall;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.pcap4j.core.PcapHandle;

/**
 * The module layout (CONTRIBUTING.md) as rules over the main classes of every module, which this module alone sees:
 * the modules follow the pipeline with no back edges, and each third-party library stays in the module that wraps
 * it. A failure names the class and the dependency; fix the code (move the class), not the rule.
 */
class ArchitectureTest {
    private static JavaClasses classes;

    @BeforeAll
    static void importClasses() {
        classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("io.linewatch");
    }

    @Test
    void modulesFollowThePipelineWithNoBackEdges() {
        ArchRule rule = layeredArchitecture().consideringOnlyDependenciesInLayers()
                .withOptionalLayers(true) // console does not exist yet
                .layer("model").definedBy("io.linewatch.model..")
                .layer("capture").definedBy("io.linewatch.capture..")
                .layer("dissectors").definedBy("io.linewatch.dissectors..")
                .layer("inventory").definedBy("io.linewatch.inventory..")
                .layer("baseline").definedBy("io.linewatch.baseline..")
                .layer("rules").definedBy("io.linewatch.rules..")
                .layer("index").definedBy("io.linewatch.index..")
                .layer("pipeline").definedBy("io.linewatch.pipeline..")
                .layer("sensor").definedBy("io.linewatch.sensor..")
                .layer("console").definedBy("io.linewatch.console..")
                .layer("testkit").definedBy("io.linewatch.testkit..")

                .whereLayer("model").mayNotAccessAnyLayer()
                .whereLayer("capture").mayOnlyAccessLayers("model")
                .whereLayer("dissectors").mayOnlyAccessLayers("capture", "model")
                .whereLayer("inventory").mayOnlyAccessLayers("model")
                .whereLayer("baseline").mayOnlyAccessLayers("model", "inventory")
                .whereLayer("rules").mayOnlyAccessLayers("model", "inventory", "baseline")
                .whereLayer("index").mayOnlyAccessLayers("model")
                .whereLayer("pipeline").mayOnlyAccessLayers("model", "capture", "dissectors", "inventory", "baseline", "rules",
                        "index")
                .whereLayer("console").mayOnlyAccessLayers("model", "capture", "dissectors", "inventory", "baseline", "rules", "index",
                        "pipeline")
                .whereLayer("testkit").mayOnlyAccessLayers("model", "capture")

                .whereLayer("sensor").mayNotBeAccessedByAnyLayer()
                .whereLayer("console").mayOnlyBeAccessedByLayers("sensor")
                .whereLayer("testkit").mayNotBeAccessedByAnyLayer(); // test scope only: no main class uses it
        rule.check(classes);
    }

    @Test
    void pcap4jOnlyInCapture() {
        // JNA: pcap4j's binding library, used directly for libpcap's pcap_next_ex (capture's PcapRead)
        onlyIn("io.linewatch.capture..", "org.pcap4j..", "com.sun.jna..");
    }

    @Test
    void droolsOnlyInRules() {
        onlyIn("io.linewatch.rules..", "org.drools..", "org.kie..");
    }

    @Test
    void elasticsearchClientOnlyInIndex() {
        onlyIn("io.linewatch.index..", "co.elastic.clients..", "org.elasticsearch..");
    }

    @Test
    void nettyOnlyInTheConsole() {
        onlyIn("io.linewatch.console..", "io.netty..");
    }

    /**
     * The passive guarantee in the code (issue 16; CaptureServiceTest checks the interface's transmit counter at run
     * time): no main class calls a function that puts a frame on the wire, pcap4j's {@code PcapHandle.sendPacket} or
     * libpcap's {@code pcap_sendpacket} / {@code pcap_inject} through pcap4j's native mappings.
     */
    @Test
    void nothingCallsAPacketSendFunction() {
        transmitRule().check(classes);
    }

    /** The rule above can fail: a class that calls {@code sendPacket} breaks it. */
    @Test
    void thePassiveRuleCatchesASendPacketCall() {
        JavaClasses transmitter = new ClassFileImporter().importClasses(Transmitter.class);
        assertTrue(transmitRule().evaluate(transmitter).hasViolation(), "a sendPacket call passed the rule");
    }

    private static final Pattern SEND_FUNCTIONS = Pattern.compile("sendPacket|pcap_sendpacket|pcap_inject|inject");
    private static final Pattern DIRECT_SEND_FUNCTIONS = Pattern.compile("pcap_sendpacket|pcap_inject");

    private static ArchRule transmitRule() {
        DescribedPredicate<JavaMethodCall> sends = new DescribedPredicate<>("a packet-send function of pcap4j/libpcap") {
            @Override
            public boolean test(JavaMethodCall call) {
                // pcap4j's, or a libpcap send function bound directly (as capture's PcapRead binds pcap_next_ex)
                return call.getTargetOwner().getPackageName().startsWith("org.pcap4j")
                        && SEND_FUNCTIONS.matcher(call.getName()).matches()
                        || DIRECT_SEND_FUNCTIONS.matcher(call.getName()).matches();
            }
        };
        return noClasses().should().callMethodWhere(sends).as("no code sends a packet (the sensor is passive)");
    }

    /** ... and so does a class calling libpcap's send function through a binding of its own. */
    @Test
    void thePassiveRuleCatchesADirectlyBoundSendFunction() {
        JavaClasses transmitter = new ClassFileImporter().importClasses(DirectTransmitter.class);
        assertTrue(transmitRule().evaluate(transmitter).hasViolation(), "a pcap_inject call passed the rule");
    }

    /** Not run: only imported, to show the rule fails on a transmitting class. */
    static final class Transmitter {
        void transmit(PcapHandle handle, byte[] frame) throws Exception {
            handle.sendPacket(frame);
        }
    }

    /** Not run: a libpcap binding of its own that transmits. */
    static final class DirectTransmitter {
        static native int pcap_inject(long pcap, byte[] frame, int length);

        int transmit(long pcap, byte[] frame) {
            return pcap_inject(pcap, frame, frame.length);
        }
    }

    private static void onlyIn(String home, String... libraries) {
        noClasses().that().resideOutsideOfPackage(home)
                .should().dependOnClassesThat().resideInAnyPackage(libraries)
                .as("only " + home + " uses " + String.join(", ", libraries))
                .allowEmptyShould(true)
                .check(classes);
    }
}

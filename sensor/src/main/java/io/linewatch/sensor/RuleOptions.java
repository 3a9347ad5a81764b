package io.linewatch.sensor;

import io.linewatch.rules.MaintenanceWindows;
import io.linewatch.rules.RuleEngine;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Option;

/** Rule options shared by {@code analyze} and {@code capture}. */
final class RuleOptions {
    @Option(names = "--rules", paramLabel = "DIR", description = "folder of extra Drools rule files (*.drl) to load with the shipped pack")
    Path rules;

    @Option(names = "--maintenance", paramLabel = "FILE", description = "maintenance windows (JSON); engineering actions inside them are expected")
    Path maintenance;

    /** @throws io.linewatch.rules.RulesException naming the file and the problem */
    RuleEngine.Pack compile() {
        return RuleEngine.compile(rules, maintenance == null ? List.of() : MaintenanceWindows.load(maintenance));
    }
}

package dev.faultline.points;

import dev.faultline.points.jdbc.JdbcModule;
import dev.faultline.points.kafka.KafkaModule;
import dev.faultline.points.memory.MemoryModule;

import java.util.Arrays;
import java.util.List;

/** Every instrumented area this agent ships. */
public final class PointModules {
    private PointModules() {}

    public static List<PointModule> all() {
        return Arrays.asList(new JdbcModule(), new KafkaModule(), new MemoryModule());
    }
}

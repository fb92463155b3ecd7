package dev.faultline.points;

import dev.faultline.points.dns.DnsModule;
import dev.faultline.points.http.HttpModule;
import dev.faultline.points.jdbc.JdbcModule;
import dev.faultline.points.kafka.KafkaModule;
import dev.faultline.points.memory.MemoryModule;
import dev.faultline.points.method.MethodModule;
import dev.faultline.points.net.NetModule;

import java.lang.instrument.Instrumentation;

import java.util.Arrays;
import java.util.List;

/** Every instrumented area this agent ships. */
public final class PointModules {
    private PointModules() {}

    /** @param instrumentation the agent's, for points that instrument when a fault is enabled; may be {@code null} in tests */
    public static List<PointModule> all(Instrumentation instrumentation) {
        return Arrays.asList(new JdbcModule(), new KafkaModule(), new MemoryModule(), new MethodModule(instrumentation),
                new HttpModule(instrumentation), new DnsModule(), new NetModule());
    }
}

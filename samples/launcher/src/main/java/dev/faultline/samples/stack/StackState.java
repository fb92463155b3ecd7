// SPDX-License-Identifier: Apache-2.0
package dev.faultline.samples.stack;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;

/**
 * The stack as the supervisor last saw it, rewritten every second to {@code stack.json} in the
 * state directory. {@code status} prints it; {@code down} reads the pids to stop from it;
 * experiments read pids, ports and restart counts from {@code status --json}, which is this
 * document.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public final class StackState {
    static final ObjectMapper JSON =
            new ObjectMapper()
                    .enable(SerializationFeature.INDENT_OUTPUT)
                    .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    /**
     * starting, up, degraded (a service is not healthy or is restarting), stopping, down, failed.
     */
    public String state;

    public Long supervisorPid;
    public String directory;
    public String startedAt;
    public String updatedAt;

    /** Why the stack failed to start or stopped, in words. */
    public String error;

    public StackPlan plan;
    public Infrastructure postgres;
    public Infrastructure kafka;
    public List<Service> services = new ArrayList<>();

    /** PostgreSQL or the broker. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public static final class Infrastructure {
        public Long pid;
        public int port;

        /** The JDBC URL without a database, or the bootstrap servers. */
        public String address;

        public String log;
    }

    /** One service instance. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public static final class Service {
        public String name;
        public String module;
        public int port;
        public String url;
        public String mode;
        public Long pid;

        /** starting, running, restarting, stopped, failed. */
        public String status;

        /** The actuator health status (UP, DOWN, DEGRADED ...), or "unreachable". */
        public String health;

        public String startedAt;
        public Long uptimeSeconds;

        /**
         * How often the service was started again after its first start: after it exited, or on
         * request.
         */
        public int restarts;

        public String lastExit;
        public String log;
        public String agentLog;
    }

    Service service(String name) {
        for (Service service : services) {
            if (service.name.equals(name)) {
                return service;
            }
        }
        return null;
    }

    static StackState read(Path file) {
        if (!Files.exists(file)) {
            return null;
        }
        try {
            return JSON.readValue(file.toFile(), StackState.class);
        } catch (IOException e) {
            throw new StackException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /** Written to a temporary file and moved into place, so a reader never sees half a document. */
    void write(Path file) {
        try {
            Files.createDirectories(file.getParent());
            Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
            JSON.writeValue(temporary.toFile(), this);
            try {
                Files.move(
                        temporary,
                        file,
                        StandardCopyOption.REPLACE_EXISTING,
                        StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }
}

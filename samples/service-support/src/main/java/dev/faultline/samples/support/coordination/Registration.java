// SPDX-License-Identifier: Apache-2.0
package dev.faultline.samples.support.coordination;

import dev.faultline.samples.support.ServiceIdentity;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.web.context.WebServerInitializedEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.SmartLifecycle;

/**
 * Keeps this instance registered with coordination: registers once the web server listens,
 * heartbeats every {@code heartbeat-interval}, registers again when a heartbeat answers 404 (the
 * instance expired, or coordination restarted), and while coordination is unreachable retries with
 * a backoff doubling up to {@code max-backoff}. Deregisters on shutdown.
 */
public final class Registration
        implements ApplicationListener<WebServerInitializedEvent>, SmartLifecycle {
    private static final Logger log = LoggerFactory.getLogger(Registration.class);

    private final CoordinationClient coordination;
    private final ServiceIdentity identity;
    private final String advertisedHost;
    private final Duration heartbeatInterval;
    private final Duration maxBackoff;
    private final ScheduledExecutorService scheduler =
            Executors.newSingleThreadScheduledExecutor(
                    r -> {
                        Thread thread = new Thread(r, "registration");
                        thread.setDaemon(true);
                        return thread;
                    });

    private volatile String url;
    private volatile boolean registered;
    private volatile Instant lastHeartbeat;
    private volatile int failures;
    private volatile boolean running;
    private volatile boolean stopped;

    public Registration(
            CoordinationClient coordination,
            ServiceIdentity identity,
            String advertisedHost,
            Duration heartbeatInterval,
            Duration maxBackoff) {
        this.coordination = coordination;
        this.identity = identity;
        this.advertisedHost = advertisedHost;
        this.heartbeatInterval = heartbeatInterval;
        this.maxBackoff = maxBackoff;
    }

    @Override
    public void onApplicationEvent(WebServerInitializedEvent event) {
        // Only the application's own server: a separate management server has a namespace.
        if (url == null && event.getApplicationContext().getServerNamespace() == null) {
            url = "http://" + advertisedHost + ":" + event.getWebServer().getPort();
            scheduler.execute(this::beat);
        }
    }

    private void beat() {
        if (stopped) {
            return;
        }
        Duration next = heartbeatInterval;
        try {
            if (registered && !coordination.heartbeat(identity.service(), identity.instanceId())) {
                log.warn(
                        "coordination does not know {} any more (expired or restarted): registering again",
                        identity.instanceId());
                registered = false;
            }
            if (!registered) {
                coordination.register(identity.service(), identity.instanceId(), url);
                registered = true;
                log.info(
                        "registered {} of {} at {} with coordination {}",
                        identity.instanceId(),
                        identity.service(),
                        url,
                        coordination.baseUrl());
            }
            lastHeartbeat = Instant.now();
            failures = 0;
        } catch (CoordinationUnavailableException e) {
            failures++;
            next = backoff(failures);
        } catch (RuntimeException e) {
            failures++;
            next = backoff(failures);
            log.warn("registration with coordination failed: {}", e.toString());
        }
        if (!stopped) {
            scheduler.schedule(this::beat, next.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    /**
     * 0.5 s, 1 s, 2 s ... up to max-backoff: coordination coming back is noticed within
     * max-backoff.
     */
    private Duration backoff(int failures) {
        long millis = 500L << Math.min(failures - 1, 16);
        return Duration.ofMillis(Math.min(millis, maxBackoff.toMillis()));
    }

    public boolean registered() {
        return registered;
    }

    public Instant lastHeartbeat() {
        return lastHeartbeat;
    }

    public int consecutiveFailures() {
        return failures;
    }

    public String url() {
        return url;
    }

    @Override
    public void start() {
        running = true;
    }

    @Override
    public void stop() {
        running = false;
        stopped = true;
        scheduler.shutdownNow();
        if (registered) {
            try {
                coordination.deregister(identity.service(), identity.instanceId());
                log.info("deregistered {} from coordination", identity.instanceId());
            } catch (RuntimeException e) {
                log.warn("could not deregister {}: {}", identity.instanceId(), e.getMessage());
            }
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** Stops before the web server does, so no one is sent here while it shuts down. */
    @Override
    public int getPhase() {
        return Integer.MAX_VALUE;
    }
}

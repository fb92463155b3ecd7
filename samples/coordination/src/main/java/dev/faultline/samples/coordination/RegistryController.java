// SPDX-License-Identifier: Apache-2.0
package dev.faultline.samples.coordination;

import dev.faultline.samples.support.web.ServiceException;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

@RestController
public class RegistryController {
    private static final Logger log = LoggerFactory.getLogger(RegistryController.class);

    private final Registry registry;

    public RegistryController(Registry registry) {
        this.registry = registry;
    }

    public record Registration(String instanceId, String url) {}

    @PostMapping("/registry/{service}")
    public ResponseEntity<Registry.Instance> register(
            @PathVariable String service, @RequestBody Registration registration) {
        if (registration.instanceId() == null || registration.instanceId().isBlank()) {
            throw ServiceException.badRequest("instanceId", "required");
        }
        if (registration.url() == null || !registration.url().matches("https?://.+")) {
            throw ServiceException.badRequest("url", "expected an http:// or https:// URL");
        }
        Registry.Instance instance =
                registry.register(service, registration.instanceId(), registration.url());
        log.info("registered {}/{} at {}", service, instance.instanceId(), instance.url());
        return ResponseEntity.status(HttpStatus.CREATED).body(instance);
    }

    @PutMapping("/registry/{service}/{instanceId}/heartbeat")
    public ResponseEntity<Void> heartbeat(
            @PathVariable String service, @PathVariable String instanceId) {
        if (!registry.heartbeat(service, instanceId)) {
            throw new ServiceException(
                    HttpStatus.NOT_FOUND,
                    instanceId
                            + " is not registered as "
                            + service
                            + " (expired?): register again");
        }
        return ResponseEntity.ok().build();
    }

    @DeleteMapping("/registry/{service}/{instanceId}")
    public ResponseEntity<Void> deregister(
            @PathVariable String service, @PathVariable String instanceId) {
        if (registry.deregister(service, instanceId)) {
            log.info("deregistered {}/{}", service, instanceId);
        }
        return ResponseEntity.noContent().build();
    }

    @GetMapping("/registry/{service}")
    public List<Registry.Instance> instances(@PathVariable String service) {
        return registry.live(service);
    }
}

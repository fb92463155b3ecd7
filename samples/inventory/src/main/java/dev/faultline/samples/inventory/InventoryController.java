// SPDX-License-Identifier: Apache-2.0
package dev.faultline.samples.inventory;

import dev.faultline.samples.support.web.ServiceException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
public class InventoryController {
    /** The outcomes a reservation attempt is audited with. */
    static final List<String> AUDIT_OUTCOMES =
            List.of("reserved", "insufficient", "fenced", "no-lease", "failed");

    static final int MAX_QUANTITY = 1000;

    private final ReservationService reservations;
    private final StockLedger ledger;
    private final EventLedger events;

    public InventoryController(
            ReservationService reservations, StockLedger ledger, EventLedger events) {
        this.reservations = reservations;
        this.ledger = ledger;
        this.events = events;
    }

    public record ReservationRequest(String orderId, String sku, Integer quantity) {}

    @PostMapping("/reservations")
    public ResponseEntity<ReservationService.Reservation> reserve(
            @RequestBody ReservationRequest request) {
        if (request.orderId() == null || request.orderId().isBlank()) {
            throw ServiceException.badRequest("orderId", "required");
        }
        if (request.sku() == null || request.sku().isBlank()) {
            throw ServiceException.badRequest("sku", "required");
        }
        if (request.quantity() == null
                || request.quantity() < 1
                || request.quantity() > MAX_QUANTITY) {
            throw ServiceException.badRequest(
                    "quantity", "expected a whole number from 1 to " + MAX_QUANTITY);
        }
        return ResponseEntity.status(HttpStatus.CREATED)
                .body(reservations.reserve(request.orderId(), request.sku(), request.quantity()));
    }

    @GetMapping("/stock/{sku}")
    public StockLedger.Stock stock(@PathVariable String sku) {
        return ledger.stock(sku)
                .orElseThrow(
                        () -> new ServiceException(HttpStatus.NOT_FOUND, "unknown SKU " + sku));
    }

    @GetMapping("/stock/consistency")
    public Map<String, Object> consistency(@RequestParam(required = false) String sku) {
        List<StockLedger.SkuConsistency> skus =
                ledger.consistency().stream()
                        .filter(s -> sku == null || s.sku().equals(sku))
                        .toList();
        if (sku != null && skus.isEmpty()) {
            throw new ServiceException(HttpStatus.NOT_FOUND, "unknown SKU " + sku);
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("consistent", skus.stream().allMatch(StockLedger.SkuConsistency::consistent));
        body.put("inconsistentSkus", skus.stream().filter(s -> !s.consistent()).count());
        body.put("skus", skus);
        return body;
    }

    @GetMapping("/audit/summary")
    public Map<String, Object> auditSummary(@RequestParam(defaultValue = "0") int recent) {
        Map<String, Object> body = new LinkedHashMap<>();
        Map<String, Map<String, Long>> byInstance = ledger.auditSummary();
        // Every outcome is listed, 0 until it happens, so that a probe reading total.fenced always
        // finds it.
        Map<String, Long> total = new LinkedHashMap<>();
        for (String outcome : AUDIT_OUTCOMES) {
            total.put(outcome, 0L);
        }
        byInstance
                .values()
                .forEach(
                        outcomes ->
                                outcomes.forEach(
                                        (outcome, count) ->
                                                total.merge(outcome, count, Long::sum)));
        body.put("byInstance", byInstance);
        body.put("total", total);
        if (recent > 0) {
            body.put("recent", ledger.recentAudit(Math.min(recent, 500)));
        }
        return body;
    }

    @GetMapping("/events/stats")
    public EventLedger.Stats eventStats() {
        return events.stats();
    }
}

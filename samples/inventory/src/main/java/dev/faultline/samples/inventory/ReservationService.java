// SPDX-License-Identifier: Apache-2.0
package dev.faultline.samples.inventory;

import dev.faultline.samples.support.ServiceIdentity;
import dev.faultline.samples.support.coordination.LeaseGrant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Reserves stock: checks the SKU with product, takes the stock lease when {@code
 * sample.stock.lease} is on, then reads, computes and writes the stock row (with the fence when
 * {@code sample.stock.fencing} is on) and inserts the reservation in the same transaction. Every
 * attempt, whatever its outcome, is written to the audit.
 *
 * <p>Experiment 6 delays the write of {@link #reserve} with a {@code jdbc.execute} fault on {@code
 * update stock}: the lease expires meanwhile, the other instance writes, and the delayed write is
 * fenced (or, without fencing, overwrites the other's: a lost update).
 */
public final class ReservationService {
    private static final Logger log = LoggerFactory.getLogger(ReservationService.class);

    private final ProductCatalog catalog;
    private final StockLedger ledger;
    private final StockLease lease;
    private final StockProperties properties;
    private final TransactionTemplate transaction;
    private final String instance;

    public ReservationService(
            ProductCatalog catalog,
            StockLedger ledger,
            StockLease lease,
            StockProperties properties,
            TransactionTemplate transaction,
            ServiceIdentity identity) {
        this.catalog = catalog;
        this.ledger = ledger;
        this.lease = lease;
        this.properties = properties;
        this.transaction = transaction;
        this.instance = identity.instanceId();
    }

    public record Reservation(long reservationId, String instance, Long token) {}

    public Reservation reserve(String orderId, String sku, int quantity) {
        LeaseGrant grant = null;
        try {
            catalog.verify(sku);
            if (properties.lease()) {
                grant = lease.acquire();
            }
            Reservation reservation = write(orderId, sku, quantity, grant);
            audit(orderId, sku, quantity, grant, "reserved", null);
            return reservation;
        } catch (ReservationRefused e) {
            audit(orderId, sku, quantity, grant, e.outcome(), e.getMessage());
            throw e;
        } catch (RuntimeException e) {
            audit(orderId, sku, quantity, grant, "failed", e.getMessage());
            throw e;
        } finally {
            if (grant != null) {
                lease.release(grant);
            }
        }
    }

    private Reservation write(String orderId, String sku, int quantity, LeaseGrant grant) {
        return transaction.execute(
                status -> {
                    StockLedger.StockRow row =
                            ledger.read(sku)
                                    .orElseThrow(
                                            () ->
                                                    new ReservationRefused(
                                                            HttpStatus.UNPROCESSABLE_ENTITY,
                                                            "failed",
                                                            "unknown SKU " + sku));
                    if (row.quantity() < quantity) {
                        throw new ReservationRefused(
                                HttpStatus.CONFLICT,
                                "insufficient",
                                "insufficient stock of "
                                        + sku
                                        + ": "
                                        + row.quantity()
                                        + " available, "
                                        + quantity
                                        + " requested");
                    }
                    Long token = grant == null ? null : grant.token();
                    long writtenToken = token == null ? row.fenceToken() : token;
                    Long fence = properties.fencing() ? token : null;
                    if (ledger.write(
                                    sku,
                                    row.quantity() - quantity,
                                    writtenToken,
                                    fence,
                                    row.quantity())
                            == 0) {
                        throw new ReservationRefused(
                                HttpStatus.SERVICE_UNAVAILABLE,
                                "fenced",
                                "stock write fenced: lease token "
                                        + token
                                        + " is older than the token of a later write to "
                                        + sku
                                        + ", or the stock changed since it was read");
                    }
                    long id = ledger.insertReservation(orderId, sku, quantity, instance, token);
                    return new Reservation(id, instance, token);
                });
    }

    /**
     * The audit must not hide the request's own outcome: a failed audit write is logged, not
     * thrown.
     */
    private void audit(
            String orderId,
            String sku,
            int quantity,
            LeaseGrant grant,
            String outcome,
            String detail) {
        try {
            ledger.audit(
                    instance,
                    orderId,
                    sku,
                    quantity,
                    grant == null ? null : grant.token(),
                    outcome,
                    detail);
        } catch (RuntimeException e) {
            log.warn("audit of order {} ({}) not written: {}", orderId, outcome, e.getMessage());
        }
    }
}

// SPDX-License-Identifier: Apache-2.0
package dev.faultline.samples.inventory;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.core.io.ClassPathResource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.init.ScriptUtils;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Creates inventory's tables and seeds the stock of SKU-1 ... SKU-20, at every start. Both
 * instances share the database and start together, and PostgreSQL's {@code create table if not
 * exists} is not safe against a concurrent twin: the work is done in one transaction under an
 * advisory lock.
 */
public final class InventorySchema implements InitializingBean {
    private static final Logger log = LoggerFactory.getLogger(InventorySchema.class);
    private static final long SCHEMA_LOCK = 0x1_4E_7E_4E_70L;

    private final JdbcTemplate jdbc;
    private final TransactionTemplate transaction;
    private final long initialStock;

    public InventorySchema(JdbcTemplate jdbc, TransactionTemplate transaction, long initialStock) {
        this.jdbc = jdbc;
        this.transaction = transaction;
        this.initialStock = initialStock;
    }

    @Override
    public void afterPropertiesSet() {
        transaction.executeWithoutResult(
                status -> {
                    jdbc.execute("select pg_advisory_xact_lock(" + SCHEMA_LOCK + ")");
                    jdbc.execute(
                            (org.springframework.jdbc.core.ConnectionCallback<Void>)
                                    connection -> {
                                        ScriptUtils.executeSqlScript(
                                                connection, new ClassPathResource("schema.sql"));
                                        return null;
                                    });
                    int seeded =
                            jdbc.update(
                                    "insert into stock (sku, quantity, initial, fence_token) "
                                            + "select 'SKU-' || i, ?, ?, 0 from generate_series(1, 20) as i on conflict (sku) do nothing",
                                    initialStock,
                                    initialStock);
                    if (seeded > 0) {
                        log.info(
                                "seeded stock of {} SKUs with {} units each", seeded, initialStock);
                    }
                });
    }
}

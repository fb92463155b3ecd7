// SPDX-License-Identifier: Apache-2.0
package dev.faultline.samples.support.database;

import com.zaxxer.hikari.HikariDataSource;
import dev.faultline.samples.support.web.ErrorBodies;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.jdbc.DataSourceAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;

/**
 * Experiment 3's handling for the services with a database: database failures as error bodies
 * ({@code sample.database.fail-fast}) and, in fail-fast mode, the {@code pool} health component.
 */
@AutoConfiguration(after = DataSourceAutoConfiguration.class)
@ConditionalOnClass(HikariDataSource.class)
@ConditionalOnBean(DataSource.class)
public class DatabaseSupportAutoConfiguration {

    @Bean
    DatabasePool databasePool(DataSource dataSource) throws SQLException {
        return new DatabasePool(dataSource.unwrap(HikariDataSource.class));
    }

    @Bean
    DatabaseErrorResponses databaseErrorResponses(
            ErrorBodies bodies, DatabasePool pool, Environment environment) {
        return new DatabaseErrorResponses(
                bodies,
                pool,
                environment.getProperty("sample.database.fail-fast", Boolean.class, false));
    }

    @Bean
    @ConditionalOnProperty(name = "sample.database.fail-fast", havingValue = "true")
    PoolHealthIndicator poolHealthIndicator(DatabasePool pool) {
        return new PoolHealthIndicator(pool);
    }
}

// SPDX-License-Identifier: Apache-2.0
package dev.faultline.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.SocketTimeoutException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.sql.SQLTimeoutException;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ErrorClassesTest {
    private static final ErrorClasses.Accepted JDBC =
            ErrorClasses.Accepted.anyThrowable(
                            "a java.sql.SQLException subclass or an unchecked exception")
                    .simpleNamesIn("java.sql.")
                    .only(
                            "is a checked exception that JDBC methods do not throw",
                            SQLException.class,
                            RuntimeException.class);
    private static final ErrorClasses.Accepted NET =
            ErrorClasses.Accepted.anyThrowable("an exception class such as SocketTimeoutException")
                    .simpleNamesIn("java.net.", "java.io.")
                    .only("is not an IOException or an unchecked exception", IOException.class);

    @Test
    void checksTheNameTheClassAndWhatThePointThrows() {
        ErrorClasses.check("SQLTimeoutException", JDBC);
        ErrorClasses.check("com.acme.NotYetLoaded", JDBC); // the application's, resolved later
        assertThatThrownBy(() -> ErrorClasses.check("not a class", JDBC))
                .isInstanceOf(SpecException.class)
                .hasMessage(
                        "field 'error': 'not a class' is not a class name; expected a java.sql.SQLException subclass or an unchecked exception");
        assertThatThrownBy(() -> ErrorClasses.check("SQLNoSuchException", JDBC))
                .hasMessage(
                        "field 'error': no exception class java.sql.SQLNoSuchException; expected a java.sql.SQLException subclass or an unchecked exception");
        assertThatThrownBy(() -> ErrorClasses.check("Nope", NET))
                .hasMessage(
                        "field 'error': no exception class Nope in java.net or java.io; expected an exception class such as SocketTimeoutException");
        assertThatThrownBy(() -> ErrorClasses.check("java.lang.String", JDBC))
                .hasMessage(
                        "field 'error': java.lang.String is not a Throwable subclass; expected a java.sql.SQLException subclass or an unchecked exception");
        assertThatThrownBy(() -> ErrorClasses.check("java.io.IOException", JDBC))
                .hasMessage(
                        "field 'error': java.io.IOException is a checked exception that JDBC methods do not throw; expected a java.sql.SQLException subclass or an unchecked exception");
    }

    @Test
    void buildsTheClassWithTheMessageResolvingSimpleNamesInOrder() {
        Throwable timeout =
                ErrorClasses.create("SQLTimeoutException", JDBC, null, "too slow", "f-1");
        assertThat(timeout).isExactlyInstanceOf(SQLTimeoutException.class).hasMessage("too slow");
        Throwable socket =
                ErrorClasses.create("SocketTimeoutException", NET, null, "read timed out", "f-2");
        assertThat(socket)
                .isExactlyInstanceOf(SocketTimeoutException.class)
                .hasMessage("read timed out");
    }

    /**
     * A class only the application's loader holds is found through it; one that turns out not to be
     * acceptable is the agent's error, not thrown into the call.
     */
    @Test
    void resolvesThroughTheApplicationsLoader(@TempDir Path dir) throws Exception {
        Path source = dir.resolve("com/acme/Busy.java");
        Files.createDirectories(source.getParent());
        Files.writeString(
                source,
                "package com.acme; public class Busy extends RuntimeException {"
                        + " public Busy(String m) { super(m); } }");
        Path plain = dir.resolve("com/acme/Plain.java");
        Files.writeString(plain, "package com.acme; public class Plain {}");
        assertThat(
                        ToolProvider.getSystemJavaCompiler()
                                .run(null, null, null, source.toString(), plain.toString()))
                .isZero();
        try (URLClassLoader application =
                new URLClassLoader(new URL[] {dir.toUri().toURL()}, getClass().getClassLoader())) {
            Throwable busy = ErrorClasses.create("com.acme.Busy", JDBC, application, "busy", "f-3");
            assertThat(busy.getClass().getName()).isEqualTo("com.acme.Busy");
            assertThat(busy.getClass().getClassLoader()).isSameAs(application);
            assertThat(busy).hasMessage("busy");
            assertThatThrownBy(
                            () ->
                                    ErrorClasses.create(
                                            "com.acme.Plain", JDBC, application, "x", "f-4"))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessage(
                            "field 'error' of fault f-4: com.acme.Plain is not a Throwable subclass");
            // as a method fault checks each matched class's loader when it is enabled
            assertThat(ErrorClasses.checkThrough("com.acme.Busy", JDBC, application)).isTrue();
            assertThat(ErrorClasses.checkThrough("com.acme.Gone", JDBC, application)).isFalse();
            assertThatThrownBy(() -> ErrorClasses.checkThrough("com.acme.Plain", JDBC, application))
                    .isInstanceOf(SpecException.class)
                    .hasMessage(
                            "field 'error': com.acme.Plain is not a Throwable subclass; expected a java.sql.SQLException subclass or an unchecked exception");
            assertThatThrownBy(
                            () ->
                                    ErrorClasses.create(
                                            "com.acme.Gone", JDBC, application, "x", "f-5"))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessage(
                            "exception class com.acme.Gone of fault f-5 is not visible to the application");
        }
    }
}

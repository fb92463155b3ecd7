// SPDX-License-Identifier: Apache-2.0
package dev.faultline.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Paths;
import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;
import org.opentest4j.TestAbortedException;

/**
 * The JDK legs: each runs on the JDK it is named after, and a missing JDK the build requires fails.
 */
class JdkTest {

    @Test
    void aJdkSaysWhichReleaseItIs() {
        assertThat(Jdk.releaseOf(Paths.get(System.getProperty("java.home"))))
                .isEqualTo(Runtime.version().feature());
        assertThat(Jdk.releaseOf(Paths.get("/no/such/jdk"))).isEqualTo(-1);
    }

    @Test
    void theLegOfTheBuildsOwnReleaseRunsOnIt() {
        int release = Runtime.version().feature();
        assertThat(Jdk.releaseOf(Jdk.feature(release).java().getParent().getParent()))
                .isEqualTo(release);
    }

    @Test
    void aMissingJdkIsSkippedLoudlyUnlessTheBuildRequiresIt() {
        String before = System.getProperty("faultline.requireJdks");
        try {
            System.setProperty("faultline.requireJdks", "17");
            assertThatThrownBy(() -> Jdk.feature(99))
                    .isInstanceOf(TestAbortedException.class)
                    .hasMessageContaining("JDK 99 not found");
            System.setProperty("faultline.requireJdks", "17,99");
            assertThatThrownBy(() -> Jdk.feature(99))
                    .isInstanceOf(AssertionFailedError.class)
                    .hasMessageContaining("JDK 99 not found")
                    .hasMessageContaining("This build requires it");
        } finally {
            if (before == null) {
                System.clearProperty("faultline.requireJdks");
            } else {
                System.setProperty("faultline.requireJdks", before);
            }
        }
    }
}

// SPDX-License-Identifier: Apache-2.0
package dev.faultline.it.app;

/**
 * {@link ExperimentService} under a main class name of its own, so that a test can find it again by
 * name after a restart.
 */
public final class RestartingService {
    private RestartingService() {}

    public static void main(String[] args) throws Exception {
        ExperimentService.main(args);
    }
}

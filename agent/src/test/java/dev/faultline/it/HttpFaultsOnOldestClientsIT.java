// SPDX-License-Identifier: Apache-2.0
package dev.faultline.it;

import java.util.Arrays;
import java.util.List;

/**
 * The oldest versions of the HTTP clients the agent supports (OkHttp 4.4, Apache HttpClient 5.0 and
 * 4.3.6, and Spring's RestTemplate over the latter), alone on the class path: the newest run in
 * {@link HttpFaultsOnJdk17IT}. The versions are set in the agent's pom ({@code okhttp4.version},
 * {@code oldest.*}) and declared in the points' {@code Library} ranges.
 */
class HttpFaultsOnOldestClientsIT extends HttpFaultsContract {
    @Override
    Jdk jdk() {
        return Jdk.current();
    }

    @Override
    String classpath() {
        return System.getProperty("faultline.it.oldest.http.classpath");
    }

    @Override
    List<String> clients() {
        return Arrays.asList("apache5", "apache4", "okhttp", "okhttp-async", "resttemplate");
    }

    @Override
    String expectedClientsInList() {
        return "\"clients\":[\"Apache HttpClient 4\",\"Apache HttpClient 5\",\"OkHttp\"]";
    }
}

// SPDX-License-Identifier: Apache-2.0
package dev.faultline.it;

import java.util.Arrays;
import java.util.List;

/** OkHttp 4, the line many services still run, alone on the class path. */
class HttpFaultsOnOkHttp4IT extends HttpFaultsContract {
    @Override
    Jdk jdk() {
        return Jdk.current();
    }

    @Override
    String classpath() {
        return System.getProperty("faultline.it.okhttp4.classpath");
    }

    @Override
    List<String> clients() {
        return Arrays.asList("okhttp", "okhttp-async");
    }

    @Override
    String expectedClientsInList() {
        return "\"clients\":[\"OkHttp\"]";
    }
}

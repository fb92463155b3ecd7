// SPDX-License-Identifier: Apache-2.0
package dev.faultline.it;

class HttpFaultsOnJdk17IT extends HttpFaultsContract {
    @Override
    Jdk jdk() {
        return Jdk.jdk17();
    }

    @Override
    String expectedClientsInList() {
        return "\"clients\":[\"Apache HttpClient 4\",\"Apache HttpClient 5\",\"HttpURLConnection\",\"OkHttp\",\"java.net.http.HttpClient\"]";
    }
}

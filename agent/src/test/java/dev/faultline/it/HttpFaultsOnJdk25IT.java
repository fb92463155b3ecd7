// SPDX-License-Identifier: Apache-2.0
package dev.faultline.it;

class HttpFaultsOnJdk25IT extends HttpFaultsOnJdk17IT {
    @Override
    Jdk jdk() {
        return Jdk.jdk25();
    }
}

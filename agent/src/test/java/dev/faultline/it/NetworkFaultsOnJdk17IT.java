// SPDX-License-Identifier: Apache-2.0
package dev.faultline.it;

class NetworkFaultsOnJdk17IT extends NetworkFaultsContract {
    @Override
    Jdk jdk() {
        return Jdk.jdk17();
    }
}
